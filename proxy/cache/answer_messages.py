"""Anthropic Messages answers as the cache keeps and replays them (the Messages answer codec).

Guarantees: a recorded stream's answer is the `message` the anthropic SDK's accumulator builds
from the same events (message_start's message; blocks by `index`, text from `text_delta`s,
citations from `citations_delta`s, thinking from `thinking_delta`s and its `signature_delta`, a
tool input parsed from its concatenated `input_json_delta`s at the block's stop; message_delta's
stop fields and its usage, which is cumulative and so replaces, never adds); only a stream that
reached `message_stop` with no `error` event and every tool input valid JSON is complete. A kept
message replays as JSON or as the event sequence that produces it (message_start with empty
content, each block's start, deltas and stop, message_delta, message_stop); either way it has a
new `msg_` id, the alias as model, and zero usage (a replay is not billed).

What is kept (`cacheable`): the stop reasons whose chat mapping the chat cache keeps (`end_turn`,
`stop_sequence`, `tool_use`; `max_tokens` and `model_context_window_exceeded` like chat's
`length`); never `refusal` (a safety filter cut it, as chat's `content_filter`) nor `pause_turn`
(a server-tool turn the client must send back to be finished). Thinking blocks are kept: their
signature vouches for the block's own text, not for the call, so a replayed block sent back in a
later turn passes the API's check exactly as the original would.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from typing import Any

import orjson

from proxy.cache.answer import Recorder

_PIECE = 48  # characters per replayed text or thinking delta
ZERO_USAGE: dict[str, int] = {
    "input_tokens": 0,
    "output_tokens": 0,
    "cache_creation_input_tokens": 0,
    "cache_read_input_tokens": 0,
}
CACHEABLE_STOPS = frozenset({"end_turn", "stop_sequence", "tool_use", "max_tokens", "model_context_window_exceeded"})
_DELTA_FIELDS = ("stop_details", "container")  # message_delta fields besides the stop reason and sequence


@dataclass(slots=True)
class _Stream:
    """What one Messages stream said so far."""

    message: dict[str, Any] | None = None
    blocks: dict[int, dict[str, Any]] = field(default_factory=dict)
    json_parts: dict[int, list[str]] = field(default_factory=dict)
    stopped: bool = False
    failed: bool = False  # an error event, or a tool input that is not JSON


class MessagesRecorder(Recorder):
    """A Messages stream's events, accumulated into the whole `message` (see the module docstring)."""

    ends_with_done = False  # a Messages stream ends with message_stop, never `[DONE]`

    def __init__(self, *, max_bytes: int) -> None:
        super().__init__(max_bytes=max_bytes)
        self._s = _Stream()

    def read(self, obj: dict[str, Any]) -> None:
        kind = obj.get("type")
        s = self._s
        if kind == "error":
            s.failed = True
        elif kind == "message_start" and isinstance(obj.get("message"), dict):
            s.message = dict(obj["message"])
        elif s.message is None:
            return  # nothing counts before message_start (the SDK refuses such a stream)
        elif kind == "content_block_start" and isinstance(obj.get("content_block"), dict):
            s.blocks[_index(obj)] = dict(obj["content_block"])
        elif kind == "content_block_delta" and isinstance(obj.get("delta"), dict):
            self._delta(_index(obj), obj["delta"])
        elif kind == "content_block_stop":
            self._stop_block(_index(obj))
        elif kind == "message_delta":
            _apply_message_delta(s.message, obj)
        elif kind == "message_stop":
            s.stopped = True
        self.complete = self.finished()

    def _delta(self, index: int, delta: dict[str, Any]) -> None:
        block = self._s.blocks.get(index)
        if block is None:
            return
        kind = delta.get("type")
        if kind == "text_delta":
            block["text"] = str(block.get("text", "")) + str(delta.get("text", ""))
        elif kind == "input_json_delta":
            self._s.json_parts.setdefault(index, []).append(str(delta.get("partial_json", "")))
        elif kind == "thinking_delta":
            block["thinking"] = str(block.get("thinking", "")) + str(delta.get("thinking", ""))
        elif kind == "signature_delta":
            block["signature"] = delta.get("signature")
        elif kind == "citations_delta":
            block["citations"] = [*(block.get("citations") or ()), delta.get("citation")]

    def _stop_block(self, index: int) -> None:
        parts = self._s.json_parts.pop(index, None)
        block = self._s.blocks.get(index)
        if block is None or not parts or not "".join(parts):
            return  # no input deltas: the input is the one content_block_start carried
        try:
            block["input"] = orjson.loads("".join(parts))
        except orjson.JSONDecodeError:
            self._s.failed = True  # the SDK would fail on it too; such an answer is never kept

    def discard(self) -> None:
        self._s = _Stream()
        self.complete = False

    def done(self) -> None:
        self.close()

    def finished(self) -> bool:
        s = self._s
        return s.message is not None and s.stopped and not s.failed and not s.json_parts

    def answer(self) -> dict[str, Any]:
        """The recorded stream as the Message the non-streamed call returns."""
        assert self._s.message is not None
        return {**self._s.message, "content": [b for _, b in sorted(self._s.blocks.items())]}


def _index(obj: dict[str, Any]) -> int:
    index = obj.get("index")
    return index if isinstance(index, int) else -1


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _apply_message_delta(message: dict[str, Any], obj: dict[str, Any]) -> None:
    delta = _dict(obj.get("delta"))
    message["stop_reason"] = delta.get("stop_reason")
    message["stop_sequence"] = delta.get("stop_sequence")
    message.update((k, delta[k]) for k in _DELTA_FIELDS if delta.get(k) is not None)
    # Cumulative counts: each replaces message_start's; one left out (None or absent) keeps it.
    usage = {k: v for k, v in _dict(obj.get("usage")).items() if v is not None}
    message["usage"] = {**_dict(message.get("usage")), **usage}


class MessagesCodec:
    """The cache's view of Anthropic Messages answers."""

    __slots__ = ()

    def recorder(self, max_bytes: int) -> Recorder:
        return MessagesRecorder(max_bytes=max_bytes)

    def cacheable(self, answer: dict[str, Any]) -> bool:
        return answer.get("stop_reason") in CACHEABLE_STOPS and isinstance(answer.get("content"), list)

    def json_bytes(self, answer: dict[str, Any], alias: str) -> bytes:
        return orjson.dumps(replayed(answer, alias))

    def stream_events(self, answer: dict[str, Any], alias: str) -> list[dict[str, Any]]:
        return message_events(replayed(answer, alias))

    def zero_usage(self, obj: dict[str, Any]) -> bool:
        kind = obj.get("type")
        holder = obj.get("message") if kind == "message_start" else obj if kind == "message_delta" else None
        if not isinstance(holder, dict) or not isinstance(holder.get("usage"), dict):
            return False
        holder["usage"] = _zeroed(holder["usage"])
        return True


def _zeroed(usage: dict[str, Any]) -> dict[str, Any]:
    """`usage` with every count (nested ones too, e.g. `cache_creation`, `server_tool_use`) zero."""
    return {
        k: 0 if isinstance(v, int) and not isinstance(v, bool) else _zeroed(v) if isinstance(v, dict) else v
        for k, v in usage.items()
    }


def replayed(answer: dict[str, Any], alias: str) -> dict[str, Any]:
    """A kept message as this replay's: its own id, the alias as model, zero usage."""
    out = dict(answer)
    usage = {**_zeroed(_dict(answer.get("usage"))), **ZERO_USAGE}
    out.update(id="msg_cache" + secrets.token_hex(12), model=alias, usage=usage)
    return out


def message_events(message: dict[str, Any]) -> list[dict[str, Any]]:
    """The event sequence of a stream that produces `message`; each event's `type` is its SSE name."""
    opening = {**message, "content": [], "stop_reason": None, "stop_sequence": None}
    for key in _DELTA_FIELDS:
        opening.pop(key, None)
    events: list[dict[str, Any]] = [{"type": "message_start", "message": opening}]
    for index, block in enumerate(message.get("content") or ()):
        if isinstance(block, dict):
            events += _block_events(index, block)
    delta = {"stop_reason": message.get("stop_reason"), "stop_sequence": message.get("stop_sequence")}
    delta.update((k, message[k]) for k in _DELTA_FIELDS if message.get(k) is not None)
    events.append({"type": "message_delta", "delta": delta, "usage": dict(message.get("usage") or ZERO_USAGE)})
    events.append({"type": "message_stop"})
    return events


def _block_events(index: int, block: dict[str, Any]) -> list[dict[str, Any]]:
    kind = block.get("type")
    start, deltas = dict(block), []
    if kind == "text":
        text, citations = str(block.get("text", "")), block.get("citations")
        start["text"] = ""
        deltas = [{"type": "text_delta", "text": piece} for piece in _pieces(text)]
        if isinstance(citations, list) and citations:
            start["citations"] = []
            deltas += [{"type": "citations_delta", "citation": c} for c in citations]
    elif kind == "thinking":
        start.update(thinking="", signature="")
        deltas = [{"type": "thinking_delta", "thinking": piece} for piece in _pieces(str(block.get("thinking", "")))]
        deltas.append({"type": "signature_delta", "signature": block.get("signature", "")})
    elif "input" in block:  # tool_use and the server-side tool calls stream their input as JSON
        start["input"] = {}
        deltas = [{"type": "input_json_delta", "partial_json": orjson.dumps(block["input"]).decode()}]
    return [
        {"type": "content_block_start", "index": index, "content_block": start},
        *({"type": "content_block_delta", "index": index, "delta": d} for d in deltas),
        {"type": "content_block_stop", "index": index},
    ]


def _pieces(text: str) -> list[str]:
    return [text[at : at + _PIECE] for at in range(0, len(text), _PIECE)]


MESSAGES_CODEC = MessagesCodec()
