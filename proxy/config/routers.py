"""Policy for router aliases: a model name callers ask for (`auto`) whose target is chosen per request.

Cross-checks guarantee: a router's name is not also a model alias; its rule names are unique;
every target and the default are declared model aliases (routers do not nest); `matches` compiles
in RE2 (linear time); classifier conditions have a classifier to ask, and an LLM classifier names
a declared alias; heuristic labels are ones the heuristic gives. `router_warnings` flags rules that
can send a request to a model that declares it cannot serve it (the router skips those at run time).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from proxy.config.models import ModelConfig
from proxy.core.patterns import PatternError, compile_linear

HEURISTIC_LABELS = ("simple", "complex", "code", "math", "general")


@dataclass(frozen=True, slots=True, kw_only=True)
class When:
    """A rule's conditions; all set ones must hold (none set: always).

    Size: estimated input tokens (4 characters a token). Shape: `tools`, `images`, `json` (a
    `response_format` of json_object or json_schema) present or absent. Caller: `keys`, `groups`
    (any of), `metadata` / `headers` (each named field must equal one of its listed values).
    Content: `matches` (an RE2 pattern searched in the last user message, case-insensitive) or
    any of `keywords` (whole words, case-insensitive). Budget: the caller key's daily budget left,
    or the global daily budget left, below a figure in USD. `classifier`: any of these labels.
    """

    min_input_tokens: int | None = None
    max_input_tokens: int | None = None
    tools: bool | None = None
    images: bool | None = None
    json: bool | None = None
    keys: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()
    metadata: dict[str, tuple[str, ...]] = field(default_factory=dict)
    headers: dict[str, tuple[str, ...]] = field(default_factory=dict)
    matches: str | None = None
    keywords: tuple[str, ...] = ()
    key_budget_left_below_usd: float | None = None
    day_budget_left_below_usd: float | None = None
    classifier: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class RouteRule:
    name: str
    when: When = field(default_factory=When)
    to: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ClassifierConfig:
    """`heuristic` (built in, no call: labels simple|complex and code|math|general) or `llm`: ask
    the alias `model` to pick one of `labels` for the last user message, within `timeout_s`; its
    verdicts are cached (`cache_entries`). A classifier that fails or is late gives no label."""

    type: Literal["heuristic", "llm"] = "heuristic"
    model: str | None = None
    labels: tuple[str, ...] = ("simple", "complex")
    timeout_s: float = 1.0
    cache_entries: int = 10_000


@dataclass(frozen=True, slots=True, kw_only=True)
class RouterConfig:
    """Ordered rules, the first whose conditions hold and whose target can serve the request wins;
    else `default`."""

    rules: tuple[RouteRule, ...] = ()
    default: str
    classifier: ClassifierConfig | None = None


def check_routers(
    routers: dict[str, RouterConfig], models: dict[str, ModelConfig], keys: set[str], groups: set[str]
) -> list[str]:
    problems: list[str] = []
    for name, router in routers.items():
        path = f"routers.{name}"
        if name in models:
            problems.append(f"{path}: '{name}' is already a model alias; a router needs a name of its own")
        if router.default not in models:
            problems.append(f"{path}.default: unknown model alias '{router.default}'")
        problems += _check_classifier(f"{path}.classifier", router.classifier, models)
        seen: set[str] = set()
        for i, rule in enumerate(router.rules):
            rpath = f"{path}.rules[{i}]"
            if rule.name in seen or rule.name == "default":
                problems.append(f"{rpath}.name: '{rule.name}' is taken (names are unique; 'default' is reserved)")
            seen.add(rule.name)
            if rule.to not in models:
                problems.append(f"{rpath}.to: unknown model alias '{rule.to}'")
            problems += _check_when(f"{rpath}.when", rule.when, router.classifier, keys, groups)
    return problems


def _check_classifier(path: str, classifier: ClassifierConfig | None, models: dict[str, ModelConfig]) -> list[str]:
    if classifier is None:
        return []
    problems: list[str] = []
    if classifier.type == "llm":
        if classifier.model is None or classifier.model not in models:
            problems.append(f"{path}.model: an llm classifier needs a declared model alias")
        if len(classifier.labels) < 2:
            problems.append(f"{path}.labels: give at least two labels")
    if classifier.timeout_s <= 0:
        problems.append(f"{path}.timeout_s: must be positive")
    if classifier.cache_entries < 0:
        problems.append(f"{path}.cache_entries: must not be negative")
    return problems


def _check_when(
    path: str, when: When, classifier: ClassifierConfig | None, keys: set[str], groups: set[str]
) -> list[str]:
    problems = [f"{path}.keys: unknown key '{k}'" for k in when.keys if k not in keys]
    problems += [f"{path}.groups: unknown key group '{g}'" for g in when.groups if g not in groups]
    if when.matches is not None:
        try:
            compile_linear(when.matches, ignore_case=True)
        except PatternError as exc:
            problems.append(f"{path}.matches: {exc} (RE2 syntax: no look-around or back-references)")
    if when.classifier:
        if classifier is None:
            problems.append(f"{path}.classifier: this router has no classifier to ask")
        else:
            known = HEURISTIC_LABELS if classifier.type == "heuristic" else classifier.labels
            problems += [
                f"{path}.classifier: '{label}' is not one of {', '.join(known)}"
                for label in when.classifier
                if label not in known
            ]
    low, high = when.min_input_tokens, when.max_input_tokens
    if low is not None and high is not None and low > high:
        problems.append(f"{path}: min_input_tokens is above max_input_tokens; the rule can never match")
    return problems


def router_warnings(routers: dict[str, RouterConfig], models: dict[str, ModelConfig]) -> list[str]:
    """Rules that can send a request to a target declaring it cannot serve it (skipped at run time)."""
    warnings: list[str] = []
    needs = (
        ("tools", "tools", "tools"),
        ("images", "vision", "images"),
        ("json", "json_schema", "a JSON response_format"),
    )
    for name, router in routers.items():
        for i, rule in enumerate(router.rules):
            target = models.get(rule.to)
            if target is None:
                continue
            for condition, capability, what in needs:
                if getattr(rule.when, condition) is not False and getattr(target.capabilities, capability) is False:
                    warnings.append(
                        f"routers.{name}.rules[{i}] '{rule.name}' can route a request with {what} to "
                        f"'{rule.to}', which declares {capability}: false (add `{condition}: false` to the rule)"
                    )
    return warnings
