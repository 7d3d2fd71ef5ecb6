"""Messages stream relay: Anthropic Messages events out to the caller as SSE, through the answer filters.

Guarantees: each upstream read is written as soon as it is processed; every event goes out framed
as `event: <type>` + `data:` (the Anthropic SDKs skip an event without its `event:` line), with the
upstream's data bytes unless someone changed the event; the alias replaces the upstream's model
name in `message_start`; usage is Anthropic's (from `message_start`, then the cumulative
`message_delta` counts, newer fields replacing older ones) and the finish reason is the stop
reason in chat's words (`end_turn`: stop, `max_tokens`: length, `tool_use`: tool_calls,
`refusal`: content_filter); an `error` event ends the request with the upstream's error, which
reaches the caller as sent, without the policy's secrets; nothing is read after `message_stop`;
an upstream that ends after its `message_delta` but without `message_stop` gets one, and one that
ends before gets an `event: error` (the SDKs would otherwise accept a truncated message).
In a stream nobody filters, content events (block starts, deltas, stops, pings) go out as the
upstream framed them, never decoded. The answer filters see every decoded event as the upstream
sent it (`on_event`), then each event the caller is about to get (`on_delta`): they may change it,
hold it back, send events of their own before it (`EMIT_BEFORE`) or cut the answer, which then ends
cleanly: the open block's `content_block_stop`, a `message_delta` with stop reason `refusal` and the
output tokens counted so far, and `message_stop`, which the SDKs accumulate into a normal Message.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import orjson

from proxy.core.errors import UpstreamProtocolError
from proxy.core.sse import DONE, SSEEvent
from proxy.core.usage import Usage
from proxy.surfaces.relay import TypedRelay, frame
from proxy.upstream.providers.validate import in_band_error
from proxy.upstream.translate.anthropic_answers import finish_reason

if TYPE_CHECKING:
    from proxy.core.exchange import Exchange
    from proxy.upstream.providers.base import ChatEventStream

# Events a stream nobody filters passes on undecoded (the relay reads only the message's own events).
_CONTENT = frozenset({b"content_block_start", b"content_block_delta", b"content_block_stop", b"ping"})
_USAGE_FIELDS = ("input_tokens", "output_tokens", "cache_creation_input_tokens", "cache_read_input_tokens")


class MessagesRelay(TypedRelay):
    """Per-stream state of a Messages stream; `events()` (the shared read loop) is the body
    generator handed to the ASGI sender."""

    __slots__ = ("_open", "_stopped", "_usage")

    def __init__(self, ex: Exchange, stream: ChatEventStream) -> None:
        super().__init__(ex, stream)
        self._usage: dict[str, Any] = {}  # Anthropic's counts so far (message_start, then message_delta)
        self._open: int | None = None  # the index of the block the caller has open (filtered streams)
        self._stopped = False  # a message_delta (stop reason) came: only message_stop is missing

    def _unfinished(self) -> bytes:
        if self._stopped:
            self._ended = True
            return self._send({"type": "message_stop"}, "message_stop", None)
        return self._error(
            UpstreamProtocolError("The upstream ended the stream before it finished the message. Try again.")
        )

    def _event(self, ev: SSEEvent, data: bytes) -> bytes | None:
        if data == DONE:  # a replay's end marker: Messages streams have none
            return None
        obj = ev.obj
        if obj is None and self._filters is None and ev.event in _CONTENT:
            return self._counted(frame(ev.event, data))
        obj, kind = self._decoded(ev, data)
        filters = self._filters
        if kind == "error":
            return self._in_band_error(obj, data)
        changed = self._read(kind, obj)
        if filters is not None:
            return self._filtered(filters, obj, kind, None if changed else data)
        return self._send(obj, kind, None if changed else data)

    def _read(self, kind: str, obj: dict[str, Any]) -> bool:
        """Record what a message event says; True when the alias replaced the model name."""
        if kind == "message_start":
            return self._start(obj.get("message"))
        if kind == "message_delta":
            self._stopped = True
            self._count(obj.get("usage"))
            delta = obj.get("delta")
            reason = delta.get("stop_reason") if isinstance(delta, dict) else None
            if isinstance(reason, str):
                self._ex.finish_reason = finish_reason(reason)
        elif kind == "message_stop":
            self._ended = True
            if self._filters is not None:
                self._filters.on_done()
        return False

    def _start(self, message: Any) -> bool:
        if not isinstance(message, dict):
            raise UpstreamProtocolError("The upstream's message_start carries no message. Try again.")
        if isinstance(message.get("id"), str):
            self._ex.answer_id = message["id"]
        self._count(message.get("usage"))
        changed = "model" in message and message["model"] != self._alias
        if changed:
            message["model"] = self._alias
        return changed

    def _count(self, usage: Any) -> None:
        if not isinstance(usage, dict):
            return
        self._usage.update((k, usage[k]) for k in _USAGE_FIELDS if isinstance(usage.get(k), int))
        if isinstance(usage.get("server_tool_use"), dict):
            self._usage["server_tool_use"] = usage["server_tool_use"]
        self._ex.usage = Usage.from_anthropic(self._usage)

    def _send(self, obj: dict[str, Any], kind: str, data: bytes | None) -> bytes:
        """Frame one event for the caller (`data`: its unchanged bytes, if any)."""
        if kind == "content_block_start":
            index = obj.get("index")
            self._open = index if type(index) is int else None
        elif kind == "content_block_stop":
            self._open = None
        return self._counted(frame(kind, data if data is not None else orjson.dumps(obj)))

    def _cut_ending(self) -> bytes:
        """The events that end a message a filter cut: the open block's stop, the stop reason
        `refusal` with the output counted so far, and `message_stop`."""
        out = b""
        if self._open is not None:
            out += self._send({"type": "content_block_stop", "index": self._open}, "content_block_stop", None)
        usage = {"output_tokens": self._usage.get("output_tokens", 0)}
        delta = {"type": "message_delta", "delta": {"stop_reason": "refusal", "stop_sequence": None}, "usage": usage}
        out += self._send(delta, "message_delta", None)
        return out + self._send({"type": "message_stop"}, "message_stop", None)

    def _in_band_error(self, obj: dict[str, Any], data: bytes) -> bytes:
        self._ended = True
        ex = self._ex
        error = obj.get("error")
        ex.fail(in_band_error(error if isinstance(error, dict) else {"message": str(error)}))
        if ex.secrets is not None:  # an upstream may echo the key it was sent; the caller must not get it
            data = ex.secrets.redact(data.decode()).encode()
        return frame(b"error", data)
