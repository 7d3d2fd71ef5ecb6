"""Optional prompt and answer capture for the request log: redacted and bounded.

Guarantees: nothing is captured unless the policy turns it on; captured text has every secret the
policy itself holds (virtual, admin and provider keys: `proxy.observability.secrets`) replaced by
`[SECRET]`, then every PII and secret finding replaced by its kind (`[EMAIL]`, `[OPENAI_KEY]`, ...)
before it reaches the log, and is cut to the configured length (the cut happens after redaction,
so a secret is never half-kept). The answer's text is taken by one answer filter per request
(`AnswerText`, shared by the log and a shadow), as the upstream sent it, and only as much of it
as they read.
"""

from __future__ import annotations

from typing import Any

from proxy.core.exchange import Exchange
from proxy.core.filters import AnswerAction, AnswerFilter, DeltaAction, WholeAnswer
from proxy.core.surface import Surface
from proxy.guardrails.pii import PLACEHOLDER_NAMES, PiiDetector
from proxy.observability.secrets import SecretRedactor


class Capture:
    """Turns a request's prompt (as its surface writes it out) and answer pieces into log-safe text."""

    def __init__(self, max_chars: int, secrets: SecretRedactor | None = None) -> None:
        # Logs keep nothing PII-shaped, reserved example values included: over-redacting costs nothing here.
        self._detector = PiiDetector(reserved_values="detect")
        self._secrets = secrets or SecretRedactor(())
        self._max = max_chars

    def redact(self, text: str) -> str:
        text = self._secrets.redact(text)
        out: list[str] = []
        pos = 0
        for f in self._detector.find(text):
            out += [text[pos : f.start], f"[{PLACEHOLDER_NAMES.get(f.entity, f.entity.upper())}]"]
            pos = f.end
        out.append(text[pos:])
        return "".join(out)[: self._max]

    @property
    def kept_chars(self) -> int:
        """How much of a text `bounded` reads: the cut and a margin past it."""
        return self._max + 1024

    def bounded(self, text: str) -> str:
        """Redacted and cut; only a margin past the cut is scanned, so huge texts cost little."""
        return self.redact(text[: self.kept_chars])


class AnswerText(AnswerFilter):
    """The answer's text pieces as the upstream sent them: each stream delta's content, or a whole
    answer's text as its surface reads it (it is added before the output guard, so it sees the
    text unguarded); only the first `max_chars` characters, what its readers can use, are kept."""

    __slots__ = ("_room", "_surface", "max_chars", "pieces")

    def __init__(self, surface: Surface, *, max_chars: int) -> None:
        self._surface = surface
        self.max_chars = max_chars
        self._room = max_chars  # characters it may still keep
        self.pieces: list[str] = []

    def wants(self, max_chars: int) -> None:
        """Keep at least `max_chars` characters (another reader needs more)."""
        if max_chars > self.max_chars:
            self._room += max_chars - self.max_chars
            self.max_chars = max_chars

    def on_delta(self, chunk: dict[str, Any]) -> DeltaAction:
        if self._room <= 0:
            return DeltaAction.KEEP
        for choice in chunk.get("choices") or ():
            delta = choice.get("delta") if type(choice) is dict else None
            if type(delta) is dict and type(delta.get("content")) is str:
                self._keep(delta["content"])
        return DeltaAction.KEEP

    def on_answer(self, answer: WholeAnswer) -> AnswerAction:
        self.pieces.clear()  # a whole answer replaces the one before it (rejected by a filter that asked again)
        self._room = self.max_chars
        obj = answer.obj  # None for a replayed answer: nothing was decoded, nothing is taken
        text = self._surface.answer_text(obj) if obj is not None else None
        if text is not None:
            self._keep(text)
        return AnswerAction.PASS

    def _keep(self, text: str) -> None:
        if len(text) > self._room:
            text = text[: max(self._room, 0)]
        self.pieces.append(text)
        self._room -= len(text)


def capture_answer(ex: Exchange, max_chars: int) -> None:
    """Have this request's answer text kept (once, however many ask), at least `max_chars` of it."""
    found = ex.find_filter(AnswerText)
    if found is None:
        ex.add_filter(AnswerText(ex.surface, max_chars=max_chars))
    else:
        found.wants(max_chars)


def captured_answer(ex: Exchange) -> list[str] | None:
    """The answer text pieces kept for this request; None when nobody asked to keep them."""
    found = ex.find_filter(AnswerText)
    return found.pieces if found is not None else None
