"""Policy for prompt templates, A/B experiments, shadow traffic and feedback.

Cross-checks guarantee: template versions are positive integers with a creation time and messages
whose roles are valid; every experiment targets one declared alias or one template (and no two
experiments share a target), its variants name declared aliases and template versions, weights
are non-negative with a positive sum, variant parameters are valid chat parameters; every shadow
mirrors a declared alias to another declared alias with a sample share in (0, 1].
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Literal

from proxy.config.chat_params import check_param_types
from proxy.config.loader import parse_time
from proxy.core.errors import InvalidRequest

PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")
_TEMPLATE_ROLES = frozenset({"system", "developer", "user", "assistant"})
# What a variant may change besides the alias: the sampling and length parameters of a chat request.
VARIANT_PARAMS = frozenset(
    {
        "temperature",
        "top_p",
        "max_tokens",
        "max_completion_tokens",
        "presence_penalty",
        "frequency_penalty",
        "seed",
        "stop",
        "reasoning_effort",
        "verbosity",
        "logit_bias",
        "service_tier",
    }
)
DEFAULT_LABELS: dict[str, float] = {"thumbs_up": 1.0, "thumbs_down": 0.0, "good": 1.0, "bad": 0.0}


@dataclass(frozen=True, slots=True, kw_only=True)
class TemplateMessage:
    """One message of a template; `{{name}}` in `content` is replaced by the variable `name`."""

    role: str
    content: str


@dataclass(frozen=True, slots=True, kw_only=True)
class PromptVersion:
    """A template version: its messages, defaults for its variables and when it was created (ISO 8601)."""

    created: str
    messages: tuple[TemplateMessage, ...]
    defaults: dict[str, str] = field(default_factory=dict)
    description: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class PromptTemplate:
    """Numbered versions of a template; requests without a version get `default_version`, else the newest."""

    versions: dict[str, PromptVersion]
    default_version: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Variant:
    """One arm of an experiment: its share of traffic and what it changes (nothing for a control)."""

    weight: float
    model: str | None = None
    params: dict[str, Any] = field(default_factory=dict)
    prompt_version: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class RollbackRules:
    """When a variant is sent back to control. Each rule is off when unset.

    Error rate: the variant's rate is over `error_rate_ratio` x control's and over `error_rate_floor`,
    once both have `min_requests`. Latency: the variant's p95 is over `p95_latency_ms` once it has
    `min_requests`. Feedback: the variant's mean score is below control's by more than
    `feedback_drop`, once both have `min_feedback` ratings.
    """

    min_requests: int = 100
    error_rate_ratio: float | None = None
    error_rate_floor: float = 0.01
    p95_latency_ms: float | None = None
    feedback_drop: float | None = None
    min_feedback: int = 20


@dataclass(frozen=True, slots=True, kw_only=True)
class Experiment:
    """Variants of one alias (`model`) or one template (`prompt`), assigned sticky by end user or key.

    `control` names the variant others are compared with and fall back to (default: the first).
    `keys` limits the experiment to some virtual keys (empty: every key). Raising `revision` starts
    the experiment afresh: new counters, no rollback (the old revision's data stays readable).
    """

    model: str | None = None
    prompt: str | None = None
    assign_by: Literal["user", "key"] = "user"
    variants: dict[str, Variant]
    control: str | None = None
    keys: tuple[str, ...] = ()
    rollback: RollbackRules = field(default_factory=RollbackRules)
    revision: int = 1

    @property
    def control_name(self) -> str:
        return self.control or next(iter(self.variants))


def storage_id(name: str, experiment: Experiment) -> str:
    """Under which id an experiment's counters and rollbacks are stored (its name, per revision)."""
    return name if experiment.revision == 1 else f"{name}@r{experiment.revision}"


@dataclass(frozen=True, slots=True, kw_only=True)
class Shadow:
    """Mirror a `sample` share of successful requests for `model` to `candidate`, answer discarded.

    At most `max_in_flight` shadow calls run at once per process (more are dropped and counted);
    each is abandoned after `timeout_s`.
    """

    model: str
    candidate: str
    sample: float = 0.1
    max_in_flight: int = 16
    timeout_s: float = 60.0
    keys: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class FeedbackConfig:
    """`POST /v1/feedback` accepts a rating up to `window_s` after the request; `labels` maps each
    accepted label to the score it counts as (a `score` in [0, 1] may be sent instead)."""

    window_s: float = 7 * 86400.0
    labels: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_LABELS))


def check_prompts(prompts: dict[str, PromptTemplate]) -> list[str]:
    """Pass-2 checks for the `prompts` section."""
    problems: list[str] = []
    for name, template in prompts.items():
        path = f"prompts.{name}"
        if not template.versions:
            problems.append(f"{path}.versions: at least one version is required")
        for number, version in template.versions.items():
            problems += _check_version(f"{path}.versions.{number}", number, version)
        default = template.default_version
        if default is not None and str(default) not in template.versions:
            problems.append(f"{path}.default_version: no version {default}")
    return problems


def _check_version(path: str, number: str, version: PromptVersion) -> list[str]:
    problems: list[str] = []
    if not re.fullmatch(r"[1-9][0-9]{0,8}", number):
        problems.append(f"{path}: a version must be a positive integer, got '{number}'")
    if parse_time(version.created) is None:
        problems.append(f"{path}.created: must be an ISO 8601 time like 2026-11-30T09:00:00Z")
    if not version.messages:
        problems.append(f"{path}.messages: at least one message is required")
    for i, msg in enumerate(version.messages):
        if msg.role not in _TEMPLATE_ROLES:
            problems.append(f"{path}.messages[{i}].role: must be one of {', '.join(sorted(_TEMPLATE_ROLES))}")
    used = template_variables(version)
    problems += [
        f"{path}.defaults.{name}: the template has no variable '{name}'"
        for name in version.defaults
        if name not in used
    ]
    return problems


def template_variables(version: PromptVersion) -> list[str]:
    """The variables the version's messages use, in order of first use."""
    seen: dict[str, None] = {}
    for msg in version.messages:
        for match in PLACEHOLDER.finditer(msg.content):
            seen.setdefault(match.group(1))
    return list(seen)


def check_experiments(
    experiments: dict[str, Experiment],
    prompts: dict[str, PromptTemplate],
    key_names: set[str],
    aliases: set[str],
) -> list[str]:
    """Pass-2 checks for the `experiments` section."""
    problems: list[str] = []
    targets: dict[str, str] = {}
    for name, exp in experiments.items():
        path = f"experiments.{name}"
        target = _target(exp)
        if target is None:
            problems.append(f"{path}: give exactly one of model (an alias) or prompt (a template)")
        elif target in targets:
            problems.append(f"{path}: {target} is already the target of experiments.{targets[target]}")
        else:
            targets[target] = name
        if exp.model is not None and exp.model not in aliases:
            problems.append(f"{path}.model: unknown model alias '{exp.model}'")
        if exp.prompt is not None and exp.prompt not in prompts:
            problems.append(f"{path}.prompt: unknown prompt template '{exp.prompt}'")
        problems += [f"{path}.keys: unknown key '{k}'" for k in exp.keys if k not in key_names]
        problems += _check_variants(path, exp, prompts.get(exp.prompt or ""), aliases)
        problems += _check_rules(f"{path}.rollback", exp.rollback)
        if exp.revision < 1:
            problems.append(f"{path}.revision: must be at least 1")
    return problems


def _target(exp: Experiment) -> str | None:
    if (exp.model is None) == (exp.prompt is None):
        return None
    return f"model '{exp.model}'" if exp.model is not None else f"prompt '{exp.prompt}'"


def _check_variants(path: str, exp: Experiment, template: PromptTemplate | None, aliases: set[str]) -> list[str]:
    problems: list[str] = []
    if len(exp.variants) < 2:
        problems.append(f"{path}.variants: an experiment needs at least two variants")
    if exp.control is not None and exp.control not in exp.variants:
        problems.append(f"{path}.control: no variant named '{exp.control}'")
    if sum(v.weight for v in exp.variants.values()) <= 0:
        problems.append(f"{path}.variants: the weights must add up to more than 0")
    for name, variant in exp.variants.items():
        vpath = f"{path}.variants.{name}"
        if variant.weight < 0:
            problems.append(f"{vpath}.weight: must not be negative")
        if variant.model is not None and variant.model not in aliases:
            problems.append(f"{vpath}.model: unknown model alias '{variant.model}'")
        if variant.prompt_version is not None:
            if template is None:
                problems.append(f"{vpath}.prompt_version: only an experiment on a prompt has versions")
            elif str(variant.prompt_version) not in template.versions:
                problems.append(f"{vpath}.prompt_version: the template has no version {variant.prompt_version}")
        problems += _check_params(f"{vpath}.params", variant.params)
    return problems


def _check_params(path: str, params: dict[str, Any]) -> list[str]:
    unknown = [p for p in params if p not in VARIANT_PARAMS]
    if unknown:
        allowed = ", ".join(sorted(VARIANT_PARAMS))
        return [f"{path}.{p}: not a parameter a variant may set (allowed: {allowed})" for p in unknown]
    try:
        check_param_types(params)
    except InvalidRequest as exc:
        return [f"{path}: {exc.message}"]
    return []


def _check_rules(path: str, rules: RollbackRules) -> list[str]:
    problems: list[str] = []
    if rules.min_requests < 1:
        problems.append(f"{path}.min_requests: must be at least 1")
    if rules.min_feedback < 1:
        problems.append(f"{path}.min_feedback: must be at least 1")
    if rules.error_rate_ratio is not None and rules.error_rate_ratio <= 0:
        problems.append(f"{path}.error_rate_ratio: must be positive")
    if not 0 <= rules.error_rate_floor < 1:
        problems.append(f"{path}.error_rate_floor: must be in [0, 1)")
    if rules.p95_latency_ms is not None and rules.p95_latency_ms <= 0:
        problems.append(f"{path}.p95_latency_ms: must be positive")
    if rules.feedback_drop is not None and rules.feedback_drop < 0:
        problems.append(f"{path}.feedback_drop: must not be negative")
    return problems


def check_shadows(shadows: dict[str, Shadow], key_names: set[str], aliases: set[str]) -> list[str]:
    """Pass-2 checks for the `shadows` section."""
    problems: list[str] = []
    for name, shadow in shadows.items():
        path = f"shadows.{name}"
        for fld in ("model", "candidate"):
            alias = getattr(shadow, fld)
            if alias not in aliases:
                problems.append(f"{path}.{fld}: unknown model alias '{alias}'")
        if shadow.model == shadow.candidate:
            problems.append(f"{path}.candidate: must differ from model")
        if not 0 < shadow.sample <= 1:
            problems.append(f"{path}.sample: must be in (0, 1]")
        if shadow.max_in_flight < 1:
            problems.append(f"{path}.max_in_flight: must be at least 1")
        if shadow.timeout_s <= 0:
            problems.append(f"{path}.timeout_s: must be positive")
        problems += [f"{path}.keys: unknown key '{k}'" for k in shadow.keys if k not in key_names]
    return problems


def check_feedback(config: FeedbackConfig) -> list[str]:
    problems: list[str] = []
    if config.window_s <= 0:
        problems.append("feedback.window_s: must be positive")
    for label, score in config.labels.items():
        if not re.fullmatch(r"[a-z0-9_-]{1,64}", label):
            problems.append(f"feedback.labels.{label}: use 1-64 lowercase letters, digits, '_' or '-'")
        if not 0 <= score <= 1:
            problems.append(f"feedback.labels.{label}: the score must be in [0, 1]")
    return problems
