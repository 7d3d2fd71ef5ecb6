"""Guardrail verdicts: what each guardrail decided on one request, safe to show in headers and logs.

Guarantees: a verdict holds the guardrail's name, phase, mode, outcome and the *kinds* of what it
found (entity types, rule ids, counts), never the text; outcomes only ever escalate
(pass < flag < redact < block, and `error` records a guardrail that could not decide); in monitor
mode a redact or block is recorded as `would-redact` / `would-block` and has no effect.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Literal

Phase = Literal["input", "output"]
Outcome = Literal["pass", "flag", "redact", "block", "error"]

_RANK: dict[str, int] = {"pass": 0, "flag": 1, "redact": 2, "error": 3, "block": 4}


@dataclass(slots=True)
class Verdict:
    """One guardrail's decision on one phase of a request."""

    guardrail: str
    phase: Phase
    enforce: bool
    outcome: Outcome = "pass"
    found: Counter[str] = field(default_factory=Counter)  # entity type / rule id -> count

    def escalate(self, outcome: Outcome, what: str | None = None, count: int = 1) -> None:
        if _RANK[outcome] > _RANK[self.outcome]:
            self.outcome = outcome
        if what is not None:
            self.found[what] += count

    @property
    def shown(self) -> str:
        """The outcome as reported: monitor mode prefixes what it would have done."""
        if not self.enforce and self.outcome in ("redact", "block"):
            return f"would-{self.outcome}"
        return self.outcome

    def log_record(self) -> dict[str, object]:
        record: dict[str, object] = {
            "guardrail": self.guardrail,
            "phase": self.phase,
            "mode": "enforce" if self.enforce else "monitor",
            "outcome": self.shown,
        }
        if self.found:
            record["found"] = dict(self.found)
        return record


def header_value(verdicts: list[Verdict], *, output_pending: bool) -> bytes:
    """`x-llm-proxy-guardrails`: `name/phase=outcome` items; a stream's output verdicts are not
    known when its headers go out, so they read `pending` (the log line has the final ones)."""
    items = [
        f"{v.guardrail}/{v.phase}={'pending' if output_pending and v.phase == 'output' else v.shown}" for v in verdicts
    ]
    return ", ".join(items).encode()


HEADER = b"x-llm-proxy-guardrails"


def set_header(headers: list[tuple[bytes, bytes]], verdicts: list[Verdict], *, output_pending: bool) -> None:
    """(Re)write `x-llm-proxy-guardrails` among `headers` (the ones every answer of the request carries)."""
    headers[:] = [h for h in headers if h[0] != HEADER]
    headers.append((HEADER, header_value(verdicts, output_pending=output_pending)))
