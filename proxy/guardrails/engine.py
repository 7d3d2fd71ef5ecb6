"""The policy's guardrails, built once, and which of them apply to a (key, alias) pair.

Guarantees: every defined guardrail's detectors are compiled once at start-up (never per request);
`plan(tenant, alias)` is the union of all matching attachments, each guardrail once per phase,
enforce winning over monitor, in definition order; plans are cached per pair (bounded by the
policy's keys x aliases); classifiers' HTTP sessions open on `start` and close on `close`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from proxy.config.guardrails import GuardrailAttachment, GuardrailDef, GuardrailsConfig
from proxy.guardrails.classifier import HttpClassifier
from proxy.guardrails.custom import banned_output, operator_rules
from proxy.guardrails.injection import InjectionDetector, load_rules, shipped_model
from proxy.guardrails.pii import ENTITIES, SECRET_ENTITIES, PiiDetector
from proxy.guardrails.scan import Action, SpanDetector

# Without an `entities` map: credentials are refused, personal data is redacted.
DEFAULT_PII_ACTIONS: dict[str, Action] = {e: "block" if e in SECRET_ENTITIES else "redact" for e in ENTITIES}


@dataclass(frozen=True, slots=True)
class BuiltGuardrail:
    """One defined guardrail, ready to run: exactly one of span / injection / classifier / JSON."""

    name: str
    definition: GuardrailDef
    span: SpanDetector | None = None
    actions: dict[str, Action] | None = None
    default_action: Action = "block"
    injection: InjectionDetector | None = None
    classifier: HttpClassifier | None = None

    @property
    def restores(self) -> bool:
        return self.definition.type == "pii" and self.definition.restore


@dataclass(frozen=True, slots=True)
class Applied:
    guardrail: BuiltGuardrail
    enforce: bool


@dataclass(frozen=True, slots=True)
class Plan:
    """The guardrails one request runs, per phase."""

    input: tuple[Applied, ...]
    output: tuple[Applied, ...]


def build_guardrail(name: str, gdef: GuardrailDef, max_chars: int) -> BuiltGuardrail:
    """`max_chars`: the most text of one message a detector must read whole (the policy's bound)."""
    kind = gdef.type
    if kind == "pii":
        actions: dict[str, Action] = dict(gdef.entities) or DEFAULT_PII_ACTIONS
        pii = PiiDetector(actions, reserved_values=gdef.reserved_values)
        return BuiltGuardrail(name, gdef, span=pii, actions=actions, default_action="flag")
    if kind == "rules":
        detector = operator_rules(gdef.deny, gdef.topics, gdef.allow, gdef.ignore_case)
        return BuiltGuardrail(name, gdef, span=detector)
    if kind == "banned_output":
        return BuiltGuardrail(name, gdef, span=banned_output(gdef.patterns, gdef.ignore_case, gdef.allow_hosts))
    if kind == "prompt_injection":
        rules = load_rules() + (load_rules(Path(gdef.rules_file)) if gdef.rules_file else ())
        model = shipped_model() if gdef.learned else None
        injection = InjectionDetector(threshold=gdef.threshold, rules=rules, max_chars=max_chars, model=model)
        return BuiltGuardrail(name, gdef, injection=injection)
    if kind == "classifier":
        return BuiltGuardrail(name, gdef, classifier=HttpClassifier(gdef))
    return BuiltGuardrail(name, gdef)  # json_answer: checked against each request's own schema


class Guardrails:
    """All guardrails of the policy and the per-(key, alias) plans."""

    def __init__(self, config: GuardrailsConfig) -> None:
        self.config = config
        self.built = {name: build_guardrail(name, gdef, config.max_scan_chars) for name, gdef in config.define.items()}
        self._plans: dict[tuple[str | None, str | None], Plan | None] = {}

    @property
    def active(self) -> bool:
        return bool(self.config.attach)

    async def start(self) -> None:
        for built in self.built.values():
            if built.classifier is not None:
                await built.classifier.start()

    async def close(self) -> None:
        for built in self.built.values():
            if built.classifier is not None:
                await built.classifier.close()

    def plan(self, tenant: str | None, alias: str | None) -> Plan | None:
        key = (tenant, alias)
        if key not in self._plans:
            self._plans[key] = self._make_plan(tenant, alias)
        return self._plans[key]

    def key_plan(self, tenant: str | None) -> Plan | None:
        """Every guardrail attached to this key, whatever the model (for text no alias governs)."""
        key = (tenant, "\x00any")
        if key not in self._plans:
            matching = [a for a in self.config.attach if not a.keys or tenant in a.keys]
            plan = Plan(self._phase(matching, "input"), self._phase(matching, "output"))
            self._plans[key] = plan if plan.input or plan.output else None
        return self._plans[key]

    def _make_plan(self, tenant: str | None, alias: str | None) -> Plan | None:
        matching = [a for a in self.config.attach if _matches(a, tenant, alias)]
        plan = Plan(self._phase(matching, "input"), self._phase(matching, "output"))
        return plan if plan.input or plan.output else None

    def _phase(self, attachments: list[GuardrailAttachment], phase: str) -> tuple[Applied, ...]:
        enforce: dict[str, bool] = {}
        for att in attachments:
            for name in getattr(att, phase):
                enforce[name] = enforce.get(name, False) or att.mode == "enforce"
        return tuple(Applied(self.built[name], enforce[name]) for name in self.built if name in enforce)


def _matches(att: GuardrailAttachment, tenant: str | None, alias: str | None) -> bool:
    return (not att.keys or tenant in att.keys) and (not att.models or alias in att.models)
