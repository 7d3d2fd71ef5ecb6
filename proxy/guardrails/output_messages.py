"""Output guardrails on an Anthropic Messages stream: the output guard reading Messages events.

The relay hands `on_delta` each event as a dict, in stream order (`message_start` with the alias
shown, `content_block_start`/`_delta`/`_stop`, `message_delta`, `message_stop`, `ping`, `error`).
The whole-answer checks are the output guard's own, through the surface.

Guarantees:
- each text block's `text_delta`s and each tool-use block's `input_json_delta`s run through their
  own `TextChannel` (keyed by the block's index), so a match split across deltas is caught while
  text older than the window flows on; a delta whose text is all held back is dropped, one whose
  text changed (redacted, restored) is rewritten in place. A text block's start that already
  carries text is scanned the same way.
- tool-use input is scanned as the JSON text it streams as, as chat tool-call arguments are: the
  detectors never take a JSON string's quotes (or an escaping backslash) into a finding and a
  placeholder (`[EMAIL_1]`) needs no escaping, so the accumulated input stays valid JSON; a value
  restored into it is JSON-escaped first (an original may hold a quote or a line break).
- when a block ends (`content_block_stop`) the text its channel still holds goes out first, as
  one more `content_block_delta` of the same index and delta type, in the event's `EMIT_BEFORE`
  list. A stream that ends (`message_delta`, `message_stop`) with a block never stopped gets that
  block's held text the same way, before the event.
- an enforced block makes the current event the last the caller gets (DeltaAction.END), with no
  text past what was already released (a delta keeps only its released part; a block found when
  a block is flushed at its stop ends on that `content_block_stop`). Contract with the relay: on
  END it sends that event, then the clean ending itself: `content_block_stop` for the block still
  open (none when the END event is that block's stop), `message_delta` with `stop_reason:
  "refusal"`, `message_stop`; this guard never sends those. A block found while flushing a block
  that was never stopped, at the stream's end, raises GuardrailBlocked (an error event) instead,
  since the ending is then already under way.
- thinking blocks (`thinking_delta`, `signature_delta`) and `redacted_thinking` are not scanned:
  the upstream signs a thinking block's text and a client sends it back with its signature on the
  next turn, so a rewritten thinking block breaks the conversation; and the reasoning is not the
  answer (the Responses guard leaves reasoning items alone for the same reason). Citations quote
  the caller's own documents and pass as they came.
- a block that arrives whole in its `content_block_start` (a server tool's result: web search,
  web fetch, code execution, MCP) is scanned as a whole answer is: every text in it (through the
  surface's answer slots), redacted in place, and an enforced block ends the stream with an error
  event (nothing of it was sent).
- a JSON answer requirement is checked once, on the text blocks joined in index order, when the
  answer is complete (the first `message_delta`, else `message_stop`); an answer without a text
  block is not checked (as a whole answer with no text is not). A failing answer ends the stream
  with an error event (GuardrailBlocked) when the guardrail is enforced.
- what the guard holds for that check stays within `max_scan_chars`; an answer with more text
  ends with an error event (ScanTooLarge). The channels' hold-back is bounded by their windows.
"""

from __future__ import annotations

from typing import Any

import orjson

from proxy.core.errors import GuardrailBlocked, ScanTooLarge
from proxy.core.filters import EMIT_BEFORE, DeltaAction
from proxy.guardrails.output import OutputGuard
from proxy.guardrails.redact import Redactor
from proxy.guardrails.scan import TextChannel

_FIELDS = {"text_delta": "text", "input_json_delta": "partial_json"}  # the deltas scanned, and their text
_ENDINGS = frozenset({"message_delta", "message_stop"})
# Blocks whose text streams in deltas (or is never read: thinking); any other comes whole in its start.
_STREAMED = frozenset({"text", "tool_use", "server_tool_use", "mcp_tool_use", "thinking", "redacted_thinking"})


class MessagesOutputGuard(OutputGuard):
    """The output guard of a request on the Messages surface (streams as Anthropic events)."""

    __slots__ = ("_json_done", "_open", "_room")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._open: dict[int, str] = {}  # blocks with a channel: index -> their delta type
        self._room = self._max_chars  # characters of answer text it may still hold for the JSON check
        self._json_done = False

    def on_delta(self, chunk: dict[str, Any]) -> DeltaAction:
        kind = chunk.get("type")
        if kind == "content_block_delta":
            return self._delta(chunk)
        if kind == "content_block_start":
            return self._start(chunk)
        if kind == "content_block_stop":
            return self._stop(chunk)
        if kind in _ENDINGS:
            return self._end(chunk)
        return DeltaAction.KEEP

    def _delta(self, event: dict[str, Any]) -> DeltaAction:
        delta = event.get("delta")
        if type(delta) is not dict:
            return DeltaAction.KEEP
        kind = delta.get("type")
        field = _FIELDS.get(kind) if type(kind) is str else None
        text = delta.get(field) if field is not None else None
        if type(text) is not str or not text:
            return DeltaAction.KEEP  # thinking, signatures, citations: never scanned
        index = _index(event)
        if field == "text" and self._json is not None:
            self._hold_for_json(index, text)
        if not self._guards:
            return DeltaAction.KEEP
        channel = self._block_channel(index, str(kind))
        out = self._pass(channel, text)
        if channel.blocked is not None:
            delta[field] = out
            return DeltaAction.END
        if not out:
            return DeltaAction.DROP
        if out == text:
            return DeltaAction.KEEP
        delta[field] = out
        return DeltaAction.CHANGED

    def _start(self, event: dict[str, Any]) -> DeltaAction:
        """A text block opens: noted for the JSON check; text it already carries is scanned. A
        block that comes whole in its start (a server tool's result) is scanned as a whole answer."""
        block = event.get("content_block")
        if type(block) is not dict:
            return DeltaAction.KEEP
        if block.get("type") not in _STREAMED:
            whole = self._surface.answer_slots({"content": [block]}) if self._guards else []
            return DeltaAction.CHANGED if whole and self._scan(whole) else DeltaAction.KEEP
        if block.get("type") != "text":
            return DeltaAction.KEEP
        index = _index(event)
        if self._json is not None:
            self._json_text.setdefault(index, [])
        text = block.get("text")
        if type(text) is not str or not text:
            return DeltaAction.KEEP
        if self._json is not None:
            self._hold_for_json(index, text)
        if not self._guards:
            return DeltaAction.KEEP
        channel = self._block_channel(index, "text_delta")
        block["text"] = self._pass(channel, text)
        return DeltaAction.END if channel.blocked is not None else DeltaAction.CHANGED

    def _stop(self, event: dict[str, Any]) -> DeltaAction:
        """A block ends: what its channel still holds goes out just before this event."""
        index = _index(event)
        tail, blocked = self._flush(index)
        if tail:
            event[EMIT_BEFORE] = [tail]
        return DeltaAction.END if blocked is not None else DeltaAction.KEEP

    def _end(self, event: dict[str, Any]) -> DeltaAction:
        """The answer is complete: blocks never stopped give up their held text; the JSON is checked."""
        if self._open:
            tails = []
            for index in sorted(self._open):
                tail, blocked = self._flush(index)
                if blocked is not None:
                    name, found = blocked
                    raise GuardrailBlocked(name, "output", f"it contains {found}. Rephrase the request.")
                if tail:
                    tails.append(tail)
            if tails:
                event[EMIT_BEFORE] = tails
        if self._json is not None and not self._json_done:
            self._json_done = True
            if self._json_text:
                text = "".join("".join(self._json_text[i]) for i in sorted(self._json_text))
                self._check_json(self._json, text)
        return DeltaAction.KEEP

    def _flush(self, index: int) -> tuple[dict[str, Any] | None, tuple[str, str] | None]:
        """Close a block's channel: the delta event carrying its held text (if any), and what
        blocked it in the final scan (guardrail, kind found), if anything did."""
        kind = self._open.pop(index, None)
        channel = self._channels.pop((index, 0), None)
        if kind is None or channel is None:
            return None, None
        tail = channel.finish()
        if channel.blocked is not None or not tail:
            return None, channel.blocked
        event = {"type": "content_block_delta", "index": index, "delta": {"type": kind, _FIELDS[kind]: tail}}
        return event, None

    def _block_channel(self, index: int, kind: str) -> TextChannel:
        channel = self._channels.get((index, 0))
        if channel is None:
            redactor = _JsonStringRedactor(self._redactor) if kind == "input_json_delta" else self._redactor
            channel = self._channels[(index, 0)] = TextChannel(self._guards, self._verdicts, redactor)
            self._open[index] = kind
        return channel

    def _hold_for_json(self, index: int, text: str) -> None:
        """Keep answer text for the JSON check, within `max_scan_chars` in all; over that the
        answer is refused rather than pass unchecked."""
        self._room -= len(text)
        if self._room < 0:
            raise ScanTooLarge(
                f"The answer has more than the {self._max_chars} characters of text the output guardrails "
                "may hold to check its JSON. Ask for a shorter answer (max_tokens)."
            )
        self._json_text.setdefault(index, []).append(text)


class _JsonStringRedactor(Redactor):
    """The request's redactor as seen from inside a JSON string: a restored original comes back
    escaped for it (placeholders need no escaping)."""

    __slots__ = ("_inner",)

    def __init__(self, inner: Redactor) -> None:
        super().__init__(inner.stems)
        self._inner = inner

    def placeholder(self, entity: str, value: str, *, restorable: bool) -> str:
        return self._inner.placeholder(entity, value, restorable=restorable)

    @property
    def restorable(self) -> bool:
        return self._inner.restorable

    def original(self, placeholder: str) -> str | None:
        value = self._inner.original(placeholder)
        return None if value is None else orjson.dumps(value).decode()[1:-1]


def _index(event: dict[str, Any]) -> int:
    index = event.get("index", 0)
    return index if type(index) is int else 0
