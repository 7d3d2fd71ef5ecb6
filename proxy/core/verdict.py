"""Guardrail verdicts: what each guardrail decided on one request, safe to show in headers and logs.

Plain data in core, so the Exchange can hold the verdicts without importing the guardrails.

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
