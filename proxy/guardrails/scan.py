"""Span guardrails applied to text, all at once or as it streams in, with a bounded hold-back.

A `TextChannel` receives text (one message, or one stream's content, piece by piece) and gives
back the text that may go on, with redactions and restorations applied. Guarantees:
- Streaming gives the same result as scanning the whole text at once: text is released only when
  it is older than the channel's window (the longest any detector needs to recognise a match) and
  is not the start of a match that reaches the end of what has arrived (it may still be growing).
- A stream is rescanned once at least SCAN_STEP characters could go out, not on every piece (a
  scan costs a few microseconds, a piece is often one token): the hold-back is the window plus
  less than SCAN_STEP characters. With no span guardrail, nothing is held back; `held` reports
  the hold-back for metrics.
- A block is decided only once the text can no longer change it: at the end, or when its match
  starts at least the window before the end of what has arrived (a match at the end may still
  grow into another, or stop matching: `rm -rf /` may become `rm -rf /tmp/x`). Held back anyway,
  nothing of it goes out meanwhile.
- Each detector is shown the released text it declares it reads (`lookbehind`; all the channel
  keeps when it declares none), so one that reads little never rescans another's long context.
- An enforced block stops the channel: `blocked` names the guardrail, and nothing more is released.
- Every finding is counted in its guardrail's verdict exactly once, when it is released or blocks.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal, Protocol

from proxy.core.errors import GuardrailBlocked
from proxy.core.surface import TextSlot
from proxy.guardrails.findings import Finding
from proxy.guardrails.redact import Redactor, apply_redactions
from proxy.guardrails.verdict import Verdict

Action = Literal["block", "redact", "flag", "restore"]

SCAN_STEP = 24


class SpanDetector(Protocol):
    @property
    def window(self) -> int: ...

    def find(self, text: str) -> list[Finding]: ...


Finder = Callable[[str, int], list[Finding]]


def _finder(detector: SpanDetector) -> Finder:
    """`find_from(text, start)` where a detector offers it (it then skips scanning the context
    before `start`, which only its checks read); otherwise `find` on all of the text."""
    find_from: Finder | None = getattr(detector, "find_from", None)
    return find_from if find_from is not None else (lambda text, start: detector.find(text))


@dataclass(frozen=True, slots=True)
class SpanGuard:
    """A span detector as one guardrail applies it: what to do per entity, and in which mode."""

    name: str
    detector: SpanDetector
    default_action: Action
    actions: Mapping[str, Action] | None = None
    enforce: bool = True
    restorable: bool = False  # redactions may be put back in the answer (input PII with `restore`)

    def action(self, entity: str) -> Action:
        if self.actions is None:
            return self.default_action
        return self.actions.get(entity, self.default_action)


class TextChannel:
    """One text stream under a set of span guardrails (see module docstring)."""

    __slots__ = (
        "_buffer",
        "_context",
        "_finders",
        "_guards",
        "_lookbehind",
        "_lookbehinds",
        "_redactor",
        "_verdicts",
        "blocked",
        "released_chars",
        "window",
    )

    def __init__(self, guards: Sequence[SpanGuard], verdicts: Mapping[str, Verdict], redactor: Redactor) -> None:
        self._guards = guards
        self._finders = [_finder(g.detector) for g in guards]
        self._verdicts = verdicts
        self._redactor = redactor
        self._buffer = ""
        self._context = ""
        declared: list[int | None] = [getattr(g.detector, "lookbehind", None) for g in guards]
        self._lookbehind = max((lb for lb in declared if lb is not None), default=0)
        # Each detector sees only the context it declares it reads (one without a declaration sees
        # all the channel keeps): the PII detector rescans 46 characters, not banned output's 3,000.
        self._lookbehinds = tuple(self._lookbehind if lb is None else lb for lb in declared)
        self.window = max((g.detector.window for g in guards), default=0)
        self.blocked: tuple[str, str] | None = None  # (guardrail, what it found)
        self.released_chars = 0

    @property
    def held(self) -> int:
        return len(self._buffer)

    def feed(self, text: str) -> str:
        """Take the next piece; return what may be sent now."""
        if self.blocked is not None:
            return ""
        if not self._guards:
            return text
        self._buffer += text
        if len(self._buffer) - self.window < SCAN_STEP:
            return ""
        return self._release(final=False)

    def finish(self) -> str:
        """The text is complete: return everything still held (scanned as final)."""
        if self.blocked is not None or not self._buffer:
            return ""
        return self._release(final=True)

    def scan_all(self, text: str) -> str:
        """A whole text at once (a message, a non-streamed answer): feed + finish in one scan."""
        self._buffer, self._context = text, ""
        return self._release(final=True)

    def _release(self, *, final: bool) -> str:
        # Detectors also see the tail of what already went out: a check may need the words just
        # before a match (a bare SSN counts only after "SSN"); matches starting there are past.
        start = len(self._context)
        text = self._context + self._buffer
        hits = [
            (g, f, g.action(f.entity))
            for g, find, lookbehind in zip(self._guards, self._finders, self._lookbehinds, strict=True)
            for f in _find_after(find, text, start, lookbehind)
        ]
        settled = len(text) if final else len(text) - self.window
        for guard, finding, action in hits:
            if action == "block" and guard.enforce and finding.start <= settled:
                self._verdicts[guard.name].escalate("block", finding.entity)
                self.blocked = (guard.name, finding.entity)
                self._buffer = ""
                return ""
        cut = len(text) if final else max(_release_point(text, self.window, [f for _, f, _ in hits]), start)
        released = [(g, f, a) for g, f, a in hits if f.end <= cut]
        edits = self._record(released, text)
        self._buffer = text[cut:]
        self._context = text[:cut][-self._lookbehind :] if self._lookbehind else ""
        self.released_chars += cut - start
        return apply_redactions(text[:cut], edits)[start:]

    def _record(self, released: list[tuple[SpanGuard, Finding, Action]], text: str) -> list[tuple[int, int, str]]:
        """Count released findings in their verdicts; return the text edits enforced ones make."""
        edits: list[tuple[int, int, str]] = []
        last_end = 0
        for guard, finding, action in sorted(released, key=lambda h: (h[1].start, -h[1].end)):
            if action == "restore":
                replacement = self._redactor.original(text[finding.start : finding.end])
            else:
                self._verdicts[guard.name].escalate(action, finding.entity)
                if action != "redact" or not guard.enforce:
                    continue
                value = text[finding.start : finding.end]
                replacement = self._redactor.placeholder(finding.entity, value, restorable=guard.restorable)
            if replacement is not None and finding.start >= last_end:
                edits.append((finding.start, finding.end, replacement))
                last_end = finding.end
        return edits


def scan_slots(
    slots: Iterable[TextSlot],
    guards: Sequence[SpanGuard],
    verdicts: Mapping[str, Verdict],
    redactor: Redactor,
    phase: str,
) -> bool:
    """Each slot as one whole text: rewrite it where enforced redactions apply (True if any did);
    raise GuardrailBlocked naming the guardrail and the kind found on an enforced block."""
    changed = False
    for slot in slots:
        channel = TextChannel(guards, verdicts, redactor)
        text = channel.scan_all(slot.text)
        if channel.blocked is not None:
            name, found = channel.blocked
            advice = "Remove it and retry." if phase == "input" else "Rephrase the request."
            raise GuardrailBlocked(name, phase, f"it contains {found}. {advice}")
        if text != slot.text:
            slot.replace(text)
            changed = True
    return changed


def _find_after(find: Finder, text: str, start: int, lookbehind: int) -> list[Finding]:
    """The findings starting at or after `start`, the detector seeing `lookbehind` characters before it."""
    lo = max(0, start - lookbehind)
    if lo == 0:
        return [f for f in find(text, start) if f.start >= start]
    return [Finding(f.entity, f.start + lo, f.end + lo) for f in find(text[lo:], start - lo) if f.start + lo >= start]


def _release_point(buffer: str, window: int, findings: list[Finding]) -> int:
    """How much of `buffer` is final: older than the window, and never splitting a match (a match
    reaching the end may still grow; one straddling the cut waits to go out whole)."""
    cut = len(buffer) - window
    for f in findings:
        if f.end >= len(buffer):
            cut = min(cut, f.start)
    moved = True
    while moved:  # the cut only moves back, so this ends
        moved = False
        for f in findings:
            if f.start < cut < f.end:
                cut, moved = f.start, True
    return max(cut, 0)
