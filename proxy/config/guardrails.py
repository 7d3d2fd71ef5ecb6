"""Policy for guardrails: named definitions, and where each applies (keys x aliases x phase, mode).

A guardrail is defined once under `guardrails.define.<name>` with a `type` and that type's
settings, then attached by `guardrails.attach` entries to keys and model aliases, on the input, the
output or both, in `enforce` or `monitor` mode. Cross-checks guarantee that attachments name defined
guardrails, declared keys and aliases, that each guardrail is used in a phase its type supports,
that settings belong to the guardrail's type, and that every operator pattern compiles in RE2.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from proxy.config.guard_patterns import compile_together, rule_patterns
from proxy.config.injection_rules import read_rules
from proxy.config.loader import Secret
from proxy.core.patterns import PatternError, compile_linear

GuardrailType = Literal["prompt_injection", "pii", "rules", "banned_output", "json_answer", "classifier"]
Mode = Literal["enforce", "monitor"]
PiiAction = Literal["block", "redact", "flag"]
ReservedValues = Literal["allow", "detect"]

# The entities a `pii` guardrail knows, in the order its detector reports and documents them.
PII_ENTITIES: tuple[str, ...] = (
    "email",
    "phone",
    "credit_card",
    "ssn",
    "iban",
    "ip_address",
    "openai_key",
    "anthropic_key",
    "aws_access_key",
    "github_token",
    "jwt",
    "private_key",
)

# Which phases each type can run in.
PHASES: dict[str, frozenset[str]] = {
    "prompt_injection": frozenset({"input"}),
    "pii": frozenset({"input", "output"}),
    "rules": frozenset({"input", "output"}),
    "banned_output": frozenset({"output"}),
    "json_answer": frozenset({"output"}),
    "classifier": frozenset({"input"}),
}

# Settings that belong to each type (besides `type`); anything else set on a definition is an error.
_SETTINGS: dict[str, frozenset[str]] = {
    "prompt_injection": frozenset({"threshold", "rules_file", "learned"}),
    "pii": frozenset({"entities", "restore", "reserved_values"}),
    "rules": frozenset({"deny", "allow", "topics", "ignore_case"}),
    "banned_output": frozenset({"patterns", "ignore_case", "allow_hosts"}),
    "json_answer": frozenset({"on_invalid"}),
    "classifier": frozenset({"url", "kind", "api_key", "model", "timeout_s", "on_error", "threshold"}),
}


@dataclass(frozen=True, slots=True, kw_only=True)
class GuardrailDef:
    """One named guardrail; only the settings of its `type` may be set.

    prompt_injection: `threshold` (0-1 score that flags), `rules_file` (extra rules, same YAML
    format as the shipped set), `learned` (also the shipped learned scorer; false: rules alone).
    pii: `entities` maps entity -> block | redact | flag (empty: the
    default actions), `restore` maps placeholders in the answer back to this request's originals,
    `reserved_values` allow (default: values that reach no one - example.com, .test, documentation
    and private IP ranges, 555-01xx numbers, placeholder keys such as `AKIA` + X's - are not PII) |
    detect (report them like any other value).
    rules: `deny` regexes, `allow` regexes that exempt a text from every deny rule and topic,
    `topics` name -> keywords. banned_output: `patterns` name -> regex (empty: the shipped set),
    `allow_hosts` installer sources (host or host/path prefix, https) whose pipe-to-shell passes.
    json_answer: `on_invalid` retry (once, then error) | error. classifier: `url` of an
    OpenAI-compatible `/moderations` endpoint (`kind: openai_moderation`) or a webhook, `api_key`
    from the environment, `timeout_s`, `on_error` allow (fail open) | block (fail closed), and a
    `threshold` on the webhook's score.
    """

    type: GuardrailType
    threshold: float = 0.5
    rules_file: str | None = None
    learned: bool = True
    entities: dict[str, PiiAction] = field(default_factory=dict)
    restore: bool = False
    reserved_values: ReservedValues = "allow"
    deny: tuple[str, ...] = ()
    allow: tuple[str, ...] = ()
    topics: dict[str, tuple[str, ...]] = field(default_factory=dict)
    ignore_case: bool = True
    patterns: dict[str, str] = field(default_factory=dict)
    allow_hosts: tuple[str, ...] = ()
    on_invalid: Literal["retry", "error"] = "retry"
    url: str = ""
    kind: Literal["openai_moderation", "webhook"] = "openai_moderation"
    api_key: Secret = field(default_factory=lambda: Secret(""))
    model: str | None = None
    timeout_s: float = 1.0
    on_error: Literal["allow", "block"] = "block"


@dataclass(frozen=True, slots=True, kw_only=True)
class GuardrailAttachment:
    """Attach guardrails to requests of `keys` (key names; empty: every caller) to `models`
    (aliases; empty: every alias), on the `input` and/or `output`, in `mode`. When several
    attachments put one guardrail on a request, enforce wins over monitor."""

    keys: tuple[str, ...] = ()
    models: tuple[str, ...] = ()
    input: tuple[str, ...] = ()
    output: tuple[str, ...] = ()
    mode: Mode = "enforce"


@dataclass(frozen=True, slots=True, kw_only=True)
class GuardrailsConfig:
    """`max_scan_chars` bounds the text one request may ask the guardrails to read; over it, an
    enforced guardrail refuses the request (413) rather than let unread text through."""

    define: dict[str, GuardrailDef] = field(default_factory=dict)
    attach: tuple[GuardrailAttachment, ...] = ()
    max_scan_chars: int = 2_000_000


def check_guardrails(config: GuardrailsConfig, key_names: set[str], aliases: set[str]) -> list[str]:
    """Pass-2 checks for the guardrails section; one problem per line, each with its path."""
    problems: list[str] = []
    for name, gdef in config.define.items():
        problems += _check_def(f"guardrails.define.{name}", gdef)
    for i, att in enumerate(config.attach):
        problems += _check_attachment(f"guardrails.attach[{i}]", att, config.define, key_names, aliases)
    if config.max_scan_chars < 1000:
        problems.append("guardrails.max_scan_chars: must be at least 1000")
    return problems


def _check_def(path: str, gdef: GuardrailDef) -> list[str]:
    problems = [
        f"{path}.{f.name}: does not apply to a guardrail of type '{gdef.type}'"
        for f in dataclasses.fields(gdef)
        if f.name != "type" and f.name not in _SETTINGS[gdef.type] and getattr(gdef, f.name) != _default(f)
    ]
    if not 0 < gdef.threshold <= 1:
        problems.append(f"{path}.threshold: must be in (0, 1]")
    if gdef.type == "classifier":
        if not gdef.url.startswith(("http://", "https://")):
            problems.append(f"{path}.url: a classifier needs an http:// or https:// URL")
        if gdef.timeout_s <= 0:
            problems.append(f"{path}.timeout_s: must be positive")
    if gdef.type == "pii":
        problems += _check_entities(path, gdef)
    if gdef.type == "banned_output":
        problems += _check_allow_hosts(path, gdef)
    if gdef.rules_file is not None:
        problems += _check_rules_file(f"{path}.rules_file", gdef.rules_file)
    problems += _check_patterns(f"{path}.deny", dict(enumerate(gdef.deny)), gdef.ignore_case)
    problems += _check_patterns(f"{path}.allow", dict(enumerate(gdef.allow)), gdef.ignore_case)
    problems += _check_patterns(f"{path}.patterns", gdef.patterns, gdef.ignore_case)
    if not problems and gdef.type in ("rules", "banned_output"):
        problems += _check_combined(path, gdef)
    for topic, words in gdef.topics.items():
        if not words or any(not w.strip() for w in words):
            problems.append(f"{path}.topics.{topic}: needs at least one non-empty keyword")
    return problems


def _check_allow_hosts(path: str, gdef: GuardrailDef) -> list[str]:
    """An allow list that could never match is refused rather than silently ignored."""
    problems = [
        f"{path}.allow_hosts[{i}]: write the host (and path prefix) without a scheme, e.g. 'sh.rustup.rs'"
        for i, entry in enumerate(gdef.allow_hosts)
        if "://" in entry
    ]
    if gdef.allow_hosts and gdef.patterns:
        problems.append(f"{path}.allow_hosts: applies to the shipped rules only; with `patterns` it has no effect")
    return problems


def _check_entities(path: str, gdef: GuardrailDef) -> list[str]:
    return [
        f"{path}.entities.{name}: unknown entity (known: {', '.join(PII_ENTITIES)})"
        for name in gdef.entities
        if name not in PII_ENTITIES
    ]


def _check_rules_file(path: str, rules_file: str) -> list[str]:
    try:
        read_rules(Path(rules_file))
    except (OSError, ValueError) as exc:
        return [f"{path}: {exc}"]
    return []


def _check_patterns(path: str, patterns: dict[int, str] | dict[str, str], ignore_case: bool) -> list[str]:
    problems = []
    for key, pattern in patterns.items():
        where = f"{path}[{key}]" if isinstance(key, int) else f"{path}.{key}"
        try:
            compile_linear(pattern, ignore_case=ignore_case)
        except PatternError as exc:
            problems.append(f"{where}: not a valid RE2 pattern ({exc}); lookaround and backreferences are refused")
    return problems


def _check_combined(path: str, gdef: GuardrailDef) -> list[str]:
    # Without patterns a banned_output guardrail runs the shipped set, which its own tests compile.
    rules = gdef.type == "rules"
    patterns = rule_patterns(gdef.deny, gdef.topics) if rules else gdef.patterns
    try:
        compile_together(patterns, gdef.allow if rules else (), gdef.ignore_case)
    except PatternError as exc:
        return [f"{path}: its patterns do not compile together ({exc}); are group names repeated?"]
    return []


def _check_attachment(
    path: str, att: GuardrailAttachment, defined: dict[str, GuardrailDef], key_names: set[str], aliases: set[str]
) -> list[str]:
    problems = [f"{path}.keys: unknown key '{k}'" for k in att.keys if k not in key_names]
    problems += [f"{path}.models: unknown model alias '{m}'" for m in att.models if m not in aliases]
    for phase in ("input", "output"):
        for name in getattr(att, phase):
            gdef = defined.get(name)
            if gdef is None:
                problems.append(f"{path}.{phase}: '{name}' is not defined under guardrails.define")
            elif phase not in PHASES[gdef.type]:
                problems.append(f"{path}.{phase}: '{name}' is a {gdef.type} guardrail, which cannot run on the {phase}")
    if not att.input and not att.output:
        problems.append(f"{path}: attaches nothing (give input and/or output)")
    return problems


def _default(f: dataclasses.Field[object]) -> object:
    if f.default is not dataclasses.MISSING:
        return f.default
    assert f.default_factory is not dataclasses.MISSING
    return f.default_factory()
