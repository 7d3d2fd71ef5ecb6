"""Typed, numbered placeholders for redacted values, and their restoration in the answer.

Guarantees: within one request the same value always gets the same placeholder (`[EMAIL_1]`,
`[EMAIL_2]`, `[CARD_1]`, ...) across all messages; only values redacted from the *input* can be
restored, and only in this request's answer (the map lives on the request and is never stored or
logged); a placeholder the request did not issue is left as it is.
"""

from __future__ import annotations

from collections.abc import Iterable

from proxy.core.patterns import compile_linear
from proxy.guardrails.findings import Finding

# One placeholder is at most `[` + stem + `_` + 4 digits + `]`; stems are upper-case entity names.
_MAX_COUNTER = 9999


class Redactor:
    """Per-request placeholder book: issues placeholders and, when asked, restores them."""

    __slots__ = ("_by_value", "_counters", "_restorable", "stems")

    def __init__(self, stems: dict[str, str]) -> None:
        self.stems = stems  # entity -> placeholder stem
        self._by_value: dict[tuple[str, str], str] = {}
        self._counters: dict[str, int] = {}
        self._restorable: dict[str, str] = {}

    def placeholder(self, entity: str, value: str, *, restorable: bool) -> str:
        stem = self.stems.get(entity) or entity.upper().replace(":", "_")
        key = (stem, value)
        found = self._by_value.get(key)
        if found is None:
            n = min(self._counters.get(stem, 0) + 1, _MAX_COUNTER)
            self._counters[stem] = n
            found = self._by_value[key] = f"[{stem}_{n}]"
        if restorable:
            self._restorable[found] = value
        return found

    @property
    def restorable(self) -> bool:
        return bool(self._restorable)

    def original(self, placeholder: str) -> str | None:
        return self._restorable.get(placeholder)


class RestoreDetector:
    """Finds this request's restorable placeholders in answer text (entity `restore`)."""

    __slots__ = ("_pattern", "_redactor", "window")

    def __init__(self, redactor: Redactor, stems: Iterable[str]) -> None:
        names = sorted(set(stems), key=len, reverse=True)
        self._pattern = compile_linear(r"\[(?:" + "|".join(names) + r")_[0-9]{1,4}\]")
        self._redactor = redactor
        self.window = max((len(n) for n in names), default=0) + 8

    def find(self, text: str) -> list[Finding]:
        if "[" not in text:
            return []
        return [
            Finding("restore", m.start(), m.end())
            for m in self._pattern.finditer(text)
            if self._redactor.original(m.group()) is not None
        ]


def apply_redactions(text: str, edits: list[tuple[int, int, str]]) -> str:
    """Replace non-overlapping (start, end, replacement) spans, given in order."""
    if not edits:
        return text
    out: list[str] = []
    pos = 0
    for start, end, replacement in edits:
        out.append(text[pos:start])
        out.append(replacement)
        pos = end
    out.append(text[pos:])
    return "".join(out)
