"""Guardrails stage: the input guardrails attached to this key x alias, and the output guard.

Enforces: input guardrails (prompt injection, PII/secrets, operator rules, external classifier)
on every text of the request (as its surface finds them), blocking (400
`content_policy_violation`), redacting in place, or flagging, per guardrail and mode; a request
whose input the guardrails cannot read (embeddings sent as token ids) is refused (400) whenever an
input guardrail applies, never let through unread; adds the
request's output guard (output guardrails, the restore of redacted values, the JSON-answer check
and its retry) as an answer filter, which the reply path applies to every answer, cached ones
included. Hooks: on_request; on_response counts verdicts and hold-back in metrics. Config:
`guardrails`. On failure: a crashing guardrail fails closed in enforce mode and open in monitor
mode (see proxy/guardrails/input_check.py).
"""

from __future__ import annotations

from typing import ClassVar

from proxy.config.guardrails import GuardrailsConfig
from proxy.core.errors import InvalidRequest, ProxyError
from proxy.core.exchange import Exchange, Reply
from proxy.core.stage import Stage
from proxy.guardrails.engine import Applied, Guardrails, Plan
from proxy.guardrails.input_check import check_input
from proxy.guardrails.json_answer import ValidatorCache, requirement
from proxy.guardrails.output import JsonGuard, OutputGuard
from proxy.guardrails.output_messages import MessagesOutputGuard
from proxy.guardrails.output_responses import ResponsesOutputGuard
from proxy.guardrails.pii import PLACEHOLDER_NAMES
from proxy.guardrails.redact import Redactor, RestoreDetector
from proxy.guardrails.scan import SpanGuard
from proxy.guardrails.stored import StoredGuard
from proxy.guardrails.verdict import HEADER, Verdict, header_value, set_header
from proxy.observability.metrics import Metrics


class GuardrailsStage(Stage):
    name: ClassVar[str] = "guardrails"
    endpoints: ClassVar[frozenset[str]] = frozenset({"chat", "responses", "embeddings", "messages", "count_tokens"})

    def __init__(self, config: GuardrailsConfig, metrics: Metrics | None) -> None:
        self.guardrails = Guardrails(config)
        self.stored = StoredGuard(self.guardrails, config.max_scan_chars)  # for stored Responses state
        self.metrics = metrics
        self._schemas = ValidatorCache()
        self._max_chars = config.max_scan_chars

    @property
    def active(self) -> bool:
        return self.guardrails.active

    async def on_request(self, ex: Exchange) -> Reply | None:
        if not self.guardrails.active:
            return None
        plan = self.guardrails.plan(ex.tenant, ex.alias)
        if plan is None:
            return None
        assert ex.body is not None
        opaque = ex.surface.opaque_input(ex.body) if plan.input else None
        if opaque is not None:
            raise InvalidRequest(opaque, param="input")
        redactor = Redactor(PLACEHOLDER_NAMES)
        verdicts = _verdicts(plan.input, "input")
        ex.guardrail_verdicts.extend(verdicts.values())
        try:
            await check_input(
                plan.input,
                ex.surface.text_slots(ex.body),
                verdicts,
                redactor,
                max_chars=self._max_chars,
                request_id=ex.request_id,
            )
        except ProxyError as err:
            shown = header_value(ex.guardrail_verdicts, output_pending=False).decode()
            raise err.with_headers({HEADER.decode(): shown}) from err
        guard = self._output_guard(ex, plan, redactor)
        if guard is not None:
            ex.add_filter(guard)
        set_header(ex.response_headers, ex.guardrail_verdicts, output_pending=ex.stream)
        return None

    def _output_guard(self, ex: Exchange, plan: Plan, redactor: Redactor) -> OutputGuard | None:
        assert ex.body is not None
        verdicts = _verdicts(plan.output, "output")
        spans = [
            SpanGuard(a.guardrail.name, a.guardrail.span, a.guardrail.default_action, a.guardrail.actions, a.enforce)
            for a in plan.output
            if a.guardrail.span is not None
        ]
        if redactor.restorable:
            owner = next(a.guardrail.name for a in plan.input if a.guardrail.restores)
            spans.append(SpanGuard(owner, RestoreDetector(redactor, PLACEHOLDER_NAMES.values()), "restore"))
        json_guard = self._json_guard(ex, plan.output)
        if not spans and json_guard is None:
            return None
        ex.guardrail_verdicts.extend(verdicts.values())
        headers, shown, surface = ex.response_headers, ex.guardrail_verdicts, ex.surface
        kind = _GUARDS.get(surface.stream_format, OutputGuard)
        return kind(
            spans, json_guard, verdicts, redactor, self._max_chars, headers=headers, shown=shown, surface=surface
        )

    def _json_guard(self, ex: Exchange, applied: tuple[Applied, ...]) -> JsonGuard | None:
        assert ex.body is not None
        guard = next((a for a in applied if a.guardrail.definition.type == "json_answer"), None)
        if guard is None:
            return None
        req = requirement(ex.surface.answer_format(ex.body), self._schemas)
        if req is None:
            return None
        retry = guard.guardrail.definition.on_invalid == "retry"
        return JsonGuard(guard.guardrail.name, guard.enforce, retry, req)

    async def on_response(self, ex: Exchange) -> None:
        m = self.metrics
        if m is None or not ex.guardrail_verdicts:
            return
        for v in ex.guardrail_verdicts:
            m.inc(m.guardrail_verdicts, v.guardrail, v.phase, v.shown)
        guard = ex.find_filter(OutputGuard) if ex.stream else None
        if guard is not None:
            m.observe(m.guardrail_holdback, value=guard.max_held)


_GUARDS: dict[str, type[OutputGuard]] = {"responses": ResponsesOutputGuard, "messages": MessagesOutputGuard}


def _verdicts(applied: tuple[Applied, ...], phase: str) -> dict[str, Verdict]:
    return {a.guardrail.name: Verdict(a.guardrail.name, phase, a.enforce) for a in applied}  # type: ignore[arg-type]
