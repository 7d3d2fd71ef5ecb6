"""Chat stream relay: a provider's OpenAI-shaped events out to the caller as SSE bytes.

Guarantees: each upstream read is written as soon as it is processed (never buffered across
reads); events nobody changed keep their upstream bytes; the alias replaces the upstream's model
name; usage is always recorded but the `choices: []` usage chunk reaches the caller only if it
asked for `include_usage`; comments, `id:` lines and empty events never reach the caller; an
upstream failure after the first byte becomes one `data: {"error": ...}` event and the stream
closes (never a synthetic `stop`); EOF after a finish reason but without `[DONE]` gets a `[DONE]`.
The Exchange's answer filters (`proxy.core.filters`) see every decoded event as upstream sent it,
then each chunk the caller is about to get (after the usage check and the alias), and may change,
hold back or cut it; a cut answer records `content_filter` and ends with `[DONE]`. A stream
nobody filters pays one check per chunk for them.
"""

from __future__ import annotations

import time
from collections.abc import AsyncGenerator
from typing import Any

import orjson

from proxy.core.errors import ProxyError, UpstreamProtocolError
from proxy.core.exchange import Exchange, Usage
from proxy.core.filters import EMIT_BEFORE, AnswerFilters, DeltaAction
from proxy.core.sse import DONE, SSEEvent, encode
from proxy.upstream.providers.base import ChatEventStream
from proxy.upstream.providers.validate import in_band_error

DONE_EVENT = b"data: [DONE]\n\n"


class StreamRelay:
    """The read loop every relay shares; a subclass turns each batch of upstream events into the
    bytes the caller gets (`_event`) and says how a stream that stopped early ends (`_unfinished`).

    Each later upstream read is timed as upstream wait (and as a gap between reads); once `_ended`
    is set nothing more is read; a ProxyError raised while reading (or by a filter) becomes the
    surface's in-stream error; the filters hear the end of the stream and the upstream connection
    is closed, however the stream ends."""

    __slots__ = ("_alias", "_ended", "_ex", "_filters", "_stream")

    def __init__(self, ex: Exchange, stream: ChatEventStream) -> None:
        self._ex = ex
        self._stream = stream
        self._filters = ex.filters
        self._alias = ex.alias
        self._ended = False  # the answer is complete (or cut, or failed): read no more

    async def events(self) -> AsyncGenerator[bytes, None]:
        ex = self._ex
        more = self._stream.more
        try:
            out = self._process(self._stream.first)
            if out:
                yield out
            while not self._ended:
                t0 = time.perf_counter()
                try:
                    batch = await more.__anext__()
                except StopAsyncIteration:
                    break
                finally:
                    waited = time.perf_counter() - t0
                    ex.upstream_s += waited
                    ex.read_gaps.append(waited)
                out = self._process(batch)
                if out:
                    yield out
            if not self._ended:
                yield self._unfinished()
        except ProxyError as err:
            yield self._error(err)
        finally:
            if self._filters is not None:
                self._filters.on_close()
            await more.aclose()

    def _process(self, events: list[SSEEvent]) -> bytes:
        """The bytes for one upstream read: each event's (`_event`), until the answer ends; a
        ProxyError from an event (a filter refusing the answer mid-stream) ends it with an error."""
        parts: list[bytes] = []
        for ev in events:
            data = ev.data
            if not data:
                continue
            try:
                part = self._event(ev, data)
            except ProxyError as err:
                parts.append(self._error(err))
                self._ended = True
                break
            if part:
                parts.append(part)
            if self._ended:
                break
        return parts[0] if len(parts) == 1 else b"".join(parts)

    def _event(self, ev: SSEEvent, data: bytes) -> bytes | None:
        """The bytes the caller gets for one event (None: nothing); may end the answer (`_ended`)."""
        raise NotImplementedError

    def _unfinished(self) -> bytes:
        """What ends a stream whose upstream stopped before the answer was complete."""
        raise NotImplementedError

    def _error(self, err: ProxyError) -> bytes:
        return self._ex.surface.error_event(self._ex.fail(err))

    def _counted(self, out: bytes) -> bytes:
        """`out` counted as a chunk sent (the first one times the first token)."""
        ex = self._ex
        ex.chunks += 1
        if ex.ttft_s is None:
            ex.ttft_s = time.perf_counter() - ex.t_start
        return out


def frame(kind: str | bytes, data: bytes) -> bytes:
    """One SSE event as the typed-event APIs (Responses, Messages) frame it: `event:` then `data:`."""
    name = kind if isinstance(kind, bytes) else kind.encode()
    return b"event: " + name + b"\ndata: " + data + b"\n\n"


class TypedRelay(StreamRelay):
    """A relay of typed events (`event: <type>`, Responses and Messages): the filters' verdict on an
    event is applied the same way, the subclass framing each event (`_send`) and ending a cut
    answer in its protocol (`_cut_ending`)."""

    __slots__ = ()

    def _decoded(self, ev: SSEEvent, data: bytes) -> tuple[dict[str, Any], str]:
        """The event's object and type (shown to the filters as the upstream sent it); an event that
        is not a typed JSON object is an upstream fault."""
        obj = ev.obj
        if obj is None:
            try:
                obj = orjson.loads(data)
            except orjson.JSONDecodeError:
                raise UpstreamProtocolError("The upstream sent a stream event that is not JSON. Try again.") from None
        kind = obj.get("type") if type(obj) is dict else None
        if type(kind) is not str:
            raise UpstreamProtocolError("The upstream sent a stream event without a type. Try again.")
        assert obj is not None
        if self._filters is not None:
            self._filters.on_event(obj, data)
        return obj, kind

    def _filtered(self, filters: AnswerFilters, obj: dict[str, Any], kind: str, data: bytes | None) -> bytes | None:
        """The bytes for one event the filters saw (`data`: its upstream bytes, None once changed)."""
        action = filters.on_delta(obj)
        extra = obj.pop(EMIT_BEFORE, None)
        ahead = b"".join(self._send(e, str(e.get("type", "")), None) for e in extra) if extra else b""
        if action is DeltaAction.DROP:
            return ahead or None
        if action is DeltaAction.END:
            self._ended = True
            self._ex.finish_reason = "content_filter"
            return ahead + self._send(obj, kind, None) + self._cut_ending()
        return ahead + self._send(obj, kind, data if action is DeltaAction.KEEP else None)

    def _send(self, obj: dict[str, Any], kind: str, data: bytes | None) -> bytes:
        """Frame one event for the caller (`data`: its unchanged bytes, if any)."""
        raise NotImplementedError

    def _cut_ending(self) -> bytes:
        """The events that end an answer a filter cut."""
        raise NotImplementedError


class ChatRelay(StreamRelay):
    """Per-stream state of a chat completion stream; `events()` is the body generator handed to the
    ASGI sender."""

    __slots__ = ()

    def _account(self, obj: dict[str, Any]) -> bool:
        """Record usage and finish reason; False for a usage-only chunk the caller did not ask for."""
        ex = self._ex
        usage = obj.get("usage")
        if type(usage) is dict:  # some servers send other shapes; only an object is usage
            ex.usage = Usage.from_openai(usage)
        choices = obj.get("choices")
        if not choices:
            return not usage or ex.include_usage
        for choice in choices:
            reason = choice.get("finish_reason") if type(choice) is dict else None
            if reason:
                ex.finish_reason = reason
        return True

    def _unfinished(self) -> bytes:
        if self._ex.finish_reason is not None:
            return DONE_EVENT
        return self._error(
            UpstreamProtocolError("The upstream ended the stream before it finished the answer. Try again.")
        )

    def _event(self, ev: SSEEvent, data: bytes) -> bytes | None:
        if data == DONE:
            self._ended = True
            if self._filters is not None:
                self._filters.on_done()
            return DONE_EVENT
        obj = ev.obj
        if obj is None:
            try:
                obj = orjson.loads(data)
            except orjson.JSONDecodeError:
                return ev.raw or encode(data)  # not ours to judge; the caller sees what upstream sent
        if type(obj) is not dict:
            return ev.raw or encode(data)
        filters = self._filters
        if filters is not None:
            return self._filtered(filters, ev, data, obj)
        if obj.get("error"):
            return self._in_band_error(obj, data)
        if not self._account(obj):
            return None
        if "model" in obj and obj["model"] != self._alias:
            obj["model"] = self._alias
            return self._counted(encode(orjson.dumps(obj)))
        return self._counted(ev.raw or encode(data))

    def _filtered(self, filters: AnswerFilters, ev: SSEEvent, data: bytes, obj: dict[str, Any]) -> bytes | None:
        """`_event` for a stream someone filters (keep the two in step)."""
        filters.on_event(obj, data)
        if obj.get("error"):
            return self._in_band_error(obj, data)
        if not self._account(obj):
            return None
        changed = "model" in obj and obj["model"] != self._alias
        if changed:
            obj["model"] = self._alias
        action = filters.on_delta(obj)
        if action is DeltaAction.DROP:
            return None
        if action is DeltaAction.END:
            self._ended = True
            self._ex.finish_reason = "content_filter"
            return self._counted(encode(orjson.dumps(obj)) + DONE_EVENT)
        if changed or action is DeltaAction.CHANGED:
            return self._counted(encode(orjson.dumps(obj)))
        return self._counted(ev.raw or encode(data))

    def _in_band_error(self, obj: dict[str, Any], data: bytes) -> bytes:
        self._ended = True
        ex = self._ex
        ex.fail(in_band_error(obj["error"]))
        if ex.secrets is not None:  # an upstream may echo the key it was sent; the caller must not get it
            data = ex.secrets.redact(data.decode()).encode()
        return encode(data)
