"""Guardrails on stored Responses state: text written (conversation items, input counted), answers read back.

A conversation's items are prompt text the model reads later (through `conversation`), the input of
`/v1/responses/input_tokens` goes upstream to be counted, and a stored response or conversation
item read back by id is model output that never passed through the request that made it. So all
go through this key's guardrails: items written are checked by the
input guardrails, answers read back by the output guardrails (redacted, or refused when a guardrail
blocks). Stored objects carry no alias of this proxy's, or one the caller need not name: where the
alias is known (a response this proxy stored), its guardrails apply; elsewhere the union of every
guardrail attached to the key, whatever the model (the strictest reading).

Guarantees: no stored text reaches the upstream or comes back to the caller around a guardrail
that holds on the request that would carry it; a block is a 400 `content_policy_violation`.
"""

from __future__ import annotations

from typing import Any

from proxy.core.surface import Surface, TextSlot
from proxy.guardrails.engine import Guardrails, Plan
from proxy.guardrails.input_check import check_input
from proxy.guardrails.output import OutputGuard
from proxy.guardrails.pii import PLACEHOLDER_NAMES
from proxy.guardrails.redact import Redactor
from proxy.guardrails.scan import SpanGuard
from proxy.guardrails.verdict import Verdict


class StoredGuard:
    """The key's guardrails applied to stored state (see module docstring)."""

    __slots__ = ("_guardrails", "_max_chars")

    def __init__(self, guardrails: Guardrails, max_chars: int) -> None:
        self._guardrails = guardrails
        self._max_chars = max_chars

    def _plan(self, tenant: str | None, alias: str | None) -> Plan | None:
        if alias is not None:
            return self._guardrails.plan(tenant, alias)
        return self._guardrails.key_plan(tenant)

    async def check_written(self, tenant: str | None, slots: list[TextSlot], request_id: str) -> None:
        """Input guardrails over items written to stored state (redacting in place, or raising)."""
        plan = self._plan(tenant, None)
        if plan is None or not plan.input or not slots:
            return
        verdicts = {a.guardrail.name: Verdict(a.guardrail.name, "input", a.enforce) for a in plan.input}
        redactor = Redactor(PLACEHOLDER_NAMES)
        await check_input(plan.input, slots, verdicts, redactor, max_chars=self._max_chars, request_id=request_id)

    def reader(self, tenant: str | None, alias: str | None, surface: Surface) -> OutputGuard | None:
        """The output guard for an answer read back (its `on_answer` redacts the body or raises)."""
        plan = self._plan(tenant, alias)
        spans = [
            SpanGuard(a.guardrail.name, a.guardrail.span, a.guardrail.default_action, a.guardrail.actions, a.enforce)
            for a in (plan.output if plan is not None else ())
            if a.guardrail.span is not None
        ]
        if not spans:
            return None
        assert plan is not None
        verdicts = {a.guardrail.name: Verdict(a.guardrail.name, "output", a.enforce) for a in plan.output}
        shown: list[Verdict] = []
        headers: list[tuple[bytes, bytes]] = []
        return OutputGuard(
            spans,
            None,
            verdicts,
            Redactor(PLACEHOLDER_NAMES),
            self._max_chars,
            headers=headers,
            shown=shown,
            surface=surface,
        )


def item_list(obj: Any) -> dict[str, Any]:
    """A stored object read back as a response-shaped dict whose `output` holds its items."""
    if isinstance(obj, dict) and isinstance(obj.get("data"), list):
        return {"output": obj["data"]}
    return {"output": [obj]} if isinstance(obj, dict) and "output" not in obj else obj
