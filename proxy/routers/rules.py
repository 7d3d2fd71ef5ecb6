"""Router decisions: the first rule whose conditions hold and whose target can serve the request.

Guarantees: rules are tried in policy order; a rule's cheap conditions are checked before its
classifier and budget conditions, which are asked for lazily (at most once per request) through
`Sources`; a rule whose target cannot serve the request (a capability it lacks, a key not allowed
to use it, every breaker open) is skipped with the reason noted; the default is used when no rule
wins, unless it cannot serve the request for a reason other than health, which is a 400 naming
the reason. Every step is written to the decision's trace, which the dry run prints.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Literal, Protocol

from proxy.config.models import ModelConfig
from proxy.config.routers import RouterConfig, When
from proxy.core.errors import InvalidRequest
from proxy.core.patterns import Pattern, compile_linear
from proxy.core.principal import Principal
from proxy.routers.facts import RequestFacts

Unfit = tuple[Literal["capability", "permission", "health"], str]


class Sources(Protocol):
    """The facts that cost something to learn: asked only when a rule needs them."""

    async def labels(self) -> frozenset[str] | None: ...

    async def budget_left(self) -> tuple[float | None, float | None]: ...  # (key's day, global day) in USD


@dataclass(slots=True)
class Decision:
    router: str
    target: str
    rule: str  # a rule name, or "default"
    trace: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class _Rule:
    name: str
    when: When
    to: str
    pattern: Pattern | None
    keywords: Pattern | None


class CompiledRouter:
    """A router's rules with their patterns compiled once."""

    def __init__(self, name: str, config: RouterConfig) -> None:
        self.name = name
        self.config = config
        self.rules = [
            _Rule(
                r.name,
                replace(
                    r.when, headers={k.lower(): v for k, v in r.when.headers.items()}
                ),  # requests' names are lower case
                r.to,
                compile_linear(r.when.matches, ignore_case=True) if r.when.matches else None,
                _keywords(r.when.keywords),
            )
            for r in config.rules
        ]

    async def decide(self, facts: RequestFacts, sources: Sources, unfit: Callable[[str], Unfit | None]) -> Decision:
        decision = Decision(self.name, self.config.default, "default")
        for rule in self.rules:
            reason = await _failed_condition(rule, facts, sources)
            if reason is not None:
                decision.trace.append(f"rule '{rule.name}': no ({reason})")
                continue
            problem = unfit(rule.to)
            if problem is not None:
                decision.trace.append(f"rule '{rule.name}': conditions hold, but '{rule.to}' is skipped: {problem[1]}")
                continue
            decision.trace.append(f"rule '{rule.name}': yes -> {rule.to}")
            decision.target, decision.rule = rule.to, rule.name
            return decision
        problem = unfit(self.config.default)
        if problem is not None and problem[0] == "permission":  # never name a model the key may not use
            raise InvalidRequest(
                f"No model behind '{self.name}' that this key may use can serve this request. "
                "Change the request or ask for a model directly.",
                param="model",
            )
        if problem is not None and problem[0] != "health":
            raise InvalidRequest(
                f"No model behind '{self.name}' can serve this request: the default '{self.config.default}' "
                f"is ruled out ({problem[1]}). Change the request or ask for a model directly.",
                param="model",
            )
        decision.trace.append(f"default -> {self.config.default}")
        return decision


def _keywords(words: tuple[str, ...]) -> Pattern | None:
    if not words:
        return None
    escaped = "|".join(_re2_escape(w) for w in words)
    return compile_linear(rf"\b(?:{escaped})\b", ignore_case=True)


def _re2_escape(word: str) -> str:
    return "".join(f"\\{c}" if not c.isalnum() and c != " " else c for c in word)


async def _failed_condition(rule: _Rule, facts: RequestFacts, sources: Sources) -> str | None:
    """Why the rule's conditions do not hold, or None when they all do."""
    reason = _static_condition(rule, facts)
    if reason is not None:
        return reason
    when = rule.when
    if when.classifier:
        labels = await sources.labels()
        if labels is None:
            return "the classifier gave no label"
        if not labels.intersection(when.classifier):
            return f"classifier said {', '.join(sorted(labels))}, not {', '.join(when.classifier)}"
    if when.key_budget_left_below_usd is not None or when.day_budget_left_below_usd is not None:
        return _budget_condition(when, *await sources.budget_left())
    return None


def _static_condition(rule: _Rule, f: RequestFacts) -> str | None:
    w = rule.when
    if w.min_input_tokens is not None and f.input_tokens < w.min_input_tokens:
        return f"input ~{f.input_tokens} tokens < {w.min_input_tokens}"
    if w.max_input_tokens is not None and f.input_tokens > w.max_input_tokens:
        return f"input ~{f.input_tokens} tokens > {w.max_input_tokens}"
    for name, wanted, have in (("tools", w.tools, f.tools), ("images", w.images, f.images), ("json", w.json, f.json)):
        if wanted is not None and wanted != have:
            return f"{name} {'absent' if wanted else 'present'}"
    if w.keys and f.key not in w.keys:
        return "key not listed"
    if w.groups and f.group not in w.groups:
        return "key group not listed"
    for where, wanted_map, have_map in (("metadata", w.metadata, f.metadata), ("header", w.headers, f.headers)):
        for name, values in wanted_map.items():
            if have_map.get(name) not in values:
                return f"{where} '{name}' not one of {', '.join(values)}"
    if rule.pattern is not None and not rule.pattern.search(f.last_user):
        return "last user message does not match the pattern"
    if rule.keywords is not None and not rule.keywords.search(f.last_user):
        return "no keyword in the last user message"
    return None


def _budget_condition(when: When, key_left: float | None, day_left: float | None) -> str | None:
    if when.key_budget_left_below_usd is not None:
        if key_left is None:
            return "the key has no daily budget"
        if key_left >= when.key_budget_left_below_usd:
            return f"key's budget left ${key_left:.2f} >= ${when.key_budget_left_below_usd:g}"
    if when.day_budget_left_below_usd is not None:
        if day_left is None:
            return "there is no global daily budget"
        if day_left >= when.day_budget_left_below_usd:
            return f"day's budget left ${day_left:.2f} >= ${when.day_budget_left_below_usd:g}"
    return None


def unfit_target(
    model: ModelConfig, alias: str, facts: RequestFacts, access: Principal | None, healthy: bool
) -> Unfit | None:
    """Why a router must not send the request to `alias` (permission, capability, health), or None.
    Permission comes first: what rules out a model the key may not use is not the key's business."""
    if access is not None and not access.may_use_model(alias):
        return "permission", "this key may not use it"
    gap = capability_gap(model, facts)
    if gap is not None:
        return "capability", gap
    if not healthy:
        return "health", "every deployment's breaker is open"
    return None


def capability_gap(model: ModelConfig, facts: RequestFacts) -> str | None:
    """Why `model` cannot serve the request by its declared capabilities, or None."""
    caps = model.capabilities
    if facts.tools and caps.tools is False:
        return "it has no tools"
    if facts.images and caps.vision is False:
        return "it cannot read images"
    if facts.json and caps.json_schema is False:
        return "it has no JSON response format"
    window = caps.context_window or _deployment_window(model)
    if window is not None and facts.input_tokens + (facts.output_tokens or 0) > window:
        return (
            f"~{facts.input_tokens} input tokens (+ {facts.output_tokens or 0} output) exceed its {window}-token window"
        )
    if caps.max_output_tokens is not None and (facts.output_tokens or 0) > caps.max_output_tokens:
        return f"{facts.output_tokens} output tokens asked, it gives at most {caps.max_output_tokens}"
    return None


def _deployment_window(model: ModelConfig) -> int | None:
    windows = [d.context_window for d in model.deployments]
    return max(w for w in windows if w is not None) if windows and None not in windows else None
