"""Input guardrails on one request: every message, tool-call argument and tool result.

Guarantees: injection detectors and span guardrails (PII, operator rules) read every text slot;
an enforced block raises GuardrailBlocked naming the guardrail and what kind of thing it found;
redactions rewrite the body in place before it goes upstream; classifiers run last, on the
redacted text, so a provider-side classifier never sees what was redacted; a guardrail that
crashes or cannot be reached fails closed in enforce mode (GuardrailUnavailable, or the
classifier's `on_error: allow`) and open in monitor mode, its verdict reading `error`. More text
than `max_chars` is refused (413) when any enforced guardrail would have to read it.
"""

from __future__ import annotations

import asyncio
import logging

from proxy.core.errors import GuardrailBlocked, GuardrailUnavailable, ScanTooLarge
from proxy.core.surface import TextSlot
from proxy.guardrails.classifier import ClassifierFailed
from proxy.guardrails.engine import Applied, BuiltGuardrail
from proxy.guardrails.redact import Redactor
from proxy.guardrails.scan import SpanGuard, scan_slots
from proxy.guardrails.verdict import Verdict

log = logging.getLogger("proxy.guardrails")

# Above this many characters the synchronous scans leave the event loop (other requests go on).
OFFLOAD_CHARS = 64_000


async def check_input(
    applied: tuple[Applied, ...],
    slots: list[TextSlot],
    verdicts: dict[str, Verdict],
    redactor: Redactor,
    *,
    max_chars: int,
    request_id: str,
) -> None:
    """Run the input guardrails (see module docstring); raises on an enforced refusal."""
    total = sum(len(slot.text) for slot in slots)
    if total > max_chars:
        _too_much(applied, verdicts, total, max_chars)
        return
    local = [a for a in applied if a.guardrail.classifier is None]
    if total > OFFLOAD_CHARS:
        await asyncio.to_thread(_run_local, local, slots, verdicts, redactor)
    else:
        _run_local(local, slots, verdicts, redactor)
    for a in applied:
        if a.guardrail.classifier is not None:
            await _classify(a, [slot.text for slot in slots], verdicts[a.guardrail.name], request_id)


def _too_much(applied: tuple[Applied, ...], verdicts: dict[str, Verdict], total: int, max_chars: int) -> None:
    for a in applied:
        verdicts[a.guardrail.name].escalate("error", "too_long")
    if any(a.enforce for a in applied):
        raise ScanTooLarge(
            f"The request holds {total} characters of text, more than the {max_chars} the guardrails may read. "
            "Send less text."
        )


def _run_local(applied: list[Applied], slots: list[TextSlot], verdicts: dict[str, Verdict], redactor: Redactor) -> None:
    for a in applied:
        if a.guardrail.injection is None:
            continue
        try:
            _injection(a, slots, verdicts[a.guardrail.name])
        except GuardrailBlocked:
            raise
        except Exception:
            _crashed(a, verdicts[a.guardrail.name])
    spans = [_span_guard(a) for a in applied if a.guardrail.span is not None]
    if spans:
        _guarded_spans(spans, applied, slots, verdicts, redactor)


def _crashed(a: Applied, verdict: Verdict) -> None:
    log.exception("guardrail %s crashed on the input", a.guardrail.name)
    verdict.escalate("error", "crash")
    if a.enforce:
        raise GuardrailUnavailable(
            f"Guardrail '{a.guardrail.name}' failed, so the request was not sent. Retry; if it persists, "
            "tell the proxy's operator."
        )


def _injection(a: Applied, slots: list[TextSlot], verdict: Verdict) -> None:
    detector = a.guardrail.injection
    assert detector is not None
    for slot in slots:
        result = detector.scan(slot.text)
        if not result.flagged:
            continue
        for rule in result.rules:
            verdict.escalate("block", rule)
        if a.enforce:
            rules = ", ".join(result.rules[:3])
            raise GuardrailBlocked(
                a.guardrail.name,
                "input",
                f"it looks like a prompt-injection or jailbreak attempt (rules: {rules}). Rephrase the request.",
            )


def _span_guard(a: Applied) -> SpanGuard:
    g: BuiltGuardrail = a.guardrail
    assert g.span is not None
    return SpanGuard(g.name, g.span, g.default_action, g.actions, a.enforce, restorable=g.restores)


def _guarded_spans(
    spans: list[SpanGuard], applied: list[Applied], slots: list[TextSlot], verdicts: dict[str, Verdict], r: Redactor
) -> None:
    try:
        scan_slots(slots, spans, verdicts, r, "input")
    except GuardrailBlocked:
        raise
    except Exception:
        for a in applied:
            if a.guardrail.span is not None:
                _crashed(a, verdicts[a.guardrail.name])


async def _classify(a: Applied, texts: list[str], verdict: Verdict, request_id: str) -> None:
    classifier = a.guardrail.classifier
    assert classifier is not None
    try:
        result = await classifier.classify(texts, request_id)
    except ClassifierFailed as exc:
        log.warning("guardrail %s: %s", a.guardrail.name, exc)
        verdict.escalate("error", "unavailable")
        if a.enforce and a.guardrail.definition.on_error == "block":
            raise GuardrailUnavailable(
                f"Guardrail '{a.guardrail.name}' could not check the request ({exc}), so it was not sent. Retry later."
            ) from None
        return
    if not result.flagged:
        return
    for label in result.labels or ("flagged",):
        verdict.escalate("block", label)
    if a.enforce:
        labels = ", ".join(result.labels) or "flagged"
        reason = f"the classifier flagged it ({labels}). Rephrase the request."
        raise GuardrailBlocked(a.guardrail.name, "input", reason)
