"""Responses stream relay: typed Responses events out to the caller as SSE, through the answer filters.

Guarantees: each upstream read is written as soon as it is processed; every event goes out framed
as `event: <type>` + `data:` (the upstream's data bytes unless someone changed the event); the
alias replaces the upstream's model name in every `response` snapshot (the answer's id is read
from the first one by the reply path, before the stream is sent); usage and the finish reason come
from the terminal event (`response.completed`: stop; `response.incomplete`: its reason, `max_output_tokens` recorded as
`length`; `response.failed` and an `error` event end the request with the upstream's error, which
reaches the caller as sent, without the policy's secrets); nothing is read after a terminal event;
an upstream that ends without one gets an `error` event (never a made-up `response.completed`).
In a stream nobody filters, events the relay need not read (any but the `response` snapshots and
errors) go out as the upstream framed them, never decoded. The answer filters see every decoded
event as the upstream sent it (`on_event`), then each event the caller is about to get
(`on_delta`): they may change it, hold it back, send events of their own before it
(`EMIT_BEFORE`) or cut the answer, which then ends with `response.incomplete` (reason
`content_filter`), the ending the SDKs understand. Sequence numbers stay consecutive from the
upstream's first whatever the filters dropped or added.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import orjson

from proxy.core.errors import ProxyError, UpstreamProtocolError
from proxy.core.sse import SSEEvent
from proxy.surfaces.relay import TypedRelay, frame
from proxy.upstream.providers.validate import in_band_error

if TYPE_CHECKING:
    from proxy.core.exchange import Exchange
    from proxy.upstream.providers.base import ChatEventStream

TERMINAL = frozenset({"response.completed", "response.incomplete", "response.failed"})
# Events the relay itself must read: the `response` snapshots (alias, id, usage, the end) and errors.
# Any other named event of a stream nobody filters goes out as the upstream framed it, undecoded.
_READ = frozenset(
    name.encode() for name in (*TERMINAL, "response.created", "response.in_progress", "response.queued", "error")
)
_REASONS = {"max_output_tokens": "length"}


def error_event(err: ProxyError, sequence_number: int | None = None) -> bytes:
    """`err` as a Responses `error` event (the SDKs yield it and end the stream)."""
    obj: dict[str, Any] = {"type": "error", "code": err.code, "message": err.message, "param": err.param}
    if sequence_number is not None:
        obj["sequence_number"] = sequence_number
    return frame(b"error", orjson.dumps(obj))


class ResponsesRelay(TypedRelay):
    """Per-stream state of a Responses stream; `events()` (the shared read loop) is the body
    generator handed to the ASGI sender."""

    __slots__ = ("_next_seq", "_snapshot")

    def __init__(self, ex: Exchange, stream: ChatEventStream) -> None:
        super().__init__(ex, stream)
        self._next_seq: int | None = None  # the sequence number the next event sent must carry
        self._snapshot: dict[str, Any] | None = None  # the latest `response` snapshot the caller saw

    def _unfinished(self) -> bytes:
        return self._error(
            UpstreamProtocolError("The upstream ended the stream before it finished the response. Try again.")
        )

    def _event(self, ev: SSEEvent, data: bytes) -> bytes | None:
        obj = ev.obj
        name = ev.event
        if obj is None and name is not None and self._filters is None and name not in _READ:
            self._next_seq = None  # the upstream's own number stands: nothing renumbers this stream
            return self._counted(frame(name, data))
        obj, kind = self._decoded(ev, data)
        filters = self._filters
        if kind == "error":
            return self._in_band_error(obj, data)
        changed = False
        response = obj.get("response")
        if type(response) is dict:
            changed = self._read_snapshot(kind, response)
        if filters is not None:
            return self._filtered(filters, obj, kind, None if changed else data)
        return self._send(obj, kind, None if changed else data)

    def _read_snapshot(self, kind: str, response: dict[str, Any]) -> bool:
        """Record what a `response` snapshot says; True when the alias replaced its model name."""
        changed = "model" in response and response["model"] != self._alias
        if changed:
            response["model"] = self._alias
        self._snapshot = response
        if kind in TERMINAL:
            self._ended = True
            self._finish(kind, response)
        return changed

    def _finish(self, kind: str, response: dict[str, Any]) -> None:
        ex = self._ex
        usage = ex.surface.usage(response)
        if usage is not None:
            ex.usage = usage
        if kind == "response.completed":
            ex.finish_reason = "stop"
        elif kind == "response.incomplete":
            details = response.get("incomplete_details")
            reason = details.get("reason") if isinstance(details, dict) else None
            ex.finish_reason = _REASONS.get(str(reason), str(reason or "incomplete"))
        else:
            error = response.get("error")
            ex.fail(in_band_error(error if isinstance(error, dict) else {"message": "The response failed."}))

    def _send(self, obj: dict[str, Any], kind: str, data: bytes | None) -> bytes:
        """Frame one event for the caller (`data`: its unchanged bytes, if any), numbering it."""
        seq = obj.get("sequence_number")
        if type(seq) is int:
            expected = self._next_seq if self._next_seq is not None else seq
            if seq != expected:
                obj["sequence_number"] = expected
                data = None
            self._next_seq = expected + 1
        if data is None:
            data = orjson.dumps(obj)
        return self._counted(frame(kind, data))

    def _cut_ending(self) -> bytes:
        """The last event of an answer a filter cut: `response.incomplete`, reason content_filter."""
        response = dict(self._snapshot or {})
        response.update(status="incomplete", incomplete_details={"reason": "content_filter"}, output=[])
        response.setdefault("model", self._alias)
        event: dict[str, Any] = {"type": "response.incomplete", "response": response}
        if self._next_seq is not None:
            event["sequence_number"] = self._next_seq
        return self._send(event, "response.incomplete", None)

    def _in_band_error(self, obj: dict[str, Any], data: bytes) -> bytes:
        self._ended = True
        ex = self._ex
        ex.fail(in_band_error(obj))
        if ex.secrets is not None:  # an upstream may echo the key it was sent; the caller must not get it
            data = ex.secrets.redact(data.decode()).encode()
        return frame(b"error", data)

    def _error(self, err: ProxyError) -> bytes:
        seq = self._next_seq
        if seq is not None:
            self._next_seq = seq + 1
        return error_event(self._ex.fail(err), seq)
