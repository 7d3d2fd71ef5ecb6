"""The chat completions surface (`/v1/chat/completions`), the first surface adapter.

It owns the chat terminal (the upstream call, then the whole-answer filters) and how a chat answer
is shaped for the caller: usage and finish reason recorded, the alias shown back, JSON as one
body, a stream through the ChatRelay; cached answers the cache stage replays take the same path.

Guarantees: non-streamed upstream bytes are returned unchanged unless the model name must be
replaced by the alias or an answer filter rewrote them; every whole answer, upstream or cached,
goes through the Exchange's answer filters, and a filter that asks for the call again gets one
more upstream call (never more) whose usage adds to the first's (a cached answer is offered again
as it is), and the filters' verdict on that second answer is final;
streams get SSE headers that stop intermediaries from buffering and go through the ChatRelay,
whose filters see each event.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, Awaitable, Callable
from typing import ClassVar, Protocol

import orjson

from proxy.cache.codec import CHAT_CODEC, AnswerCodec
from proxy.core.asgi import Scope
from proxy.core.errors import GuardrailBlocked, InternalError
from proxy.core.exchange import Exchange, Headers, JsonReply, Reply, StreamReply, Usage
from proxy.core.filters import AnswerAction, AnswerFilters
from proxy.core.sse import SSEEvent
from proxy.surfaces.relay import ChatRelay, StreamRelay
from proxy.upstream.call import Render, Upstream
from proxy.upstream.providers.base import ChatEventStream, ChatResponse
from proxy.upstream.wires import CHAT_WIRE, Wire

SSE_HEADERS: Headers = [
    (b"content-type", b"text/event-stream; charset=utf-8"),
    (b"cache-control", b"no-cache"),
    (b"x-accel-buffering", b"no"),
]
_SSE_OWN = frozenset(name for name, _ in SSE_HEADERS)

JSON_CONTENT_TYPE = (b"content-type", b"application/json")


class HasUpstream(Protocol):
    """What the chat terminal needs of the live policy."""

    @property
    def upstream(self) -> Upstream: ...


async def chat_terminal(rt: HasUpstream, ex: Exchange, scope: Scope) -> Reply:
    return await answered(rt.upstream, ex, CHAT_WIRE, chat_reply)


async def answered(upstream: Upstream, ex: Exchange, wire: Wire, render: Render) -> Reply:
    """The upstream's answer on `wire`, shaped by `render`, through the Exchange's answer filters."""
    reply = await upstream.call(ex, wire, render)
    if ex.filters is None:
        return reply
    return await filtered(ex, reply, lambda: upstream.call(ex, wire, render))


async def filtered(ex: Exchange, reply: Reply, again: Callable[[], Awaitable[Reply]]) -> Reply:
    """A whole answer through the Exchange's answer filters; `again` (once at most) when one asks
    for the call again. The second answer's verdict is final: a filter asking again refuses it."""
    filters = ex.filters
    if filters is None or not isinstance(reply, JsonReply) or _checked(ex, filters, reply) is not AnswerAction.AGAIN:
        return reply
    spent, ex.usage = ex.usage, None  # the second call sets usage only when its answer has some
    try:
        reply = await again()
    finally:
        ex.usage = _added(spent, ex.usage)  # the second call is spent on top of the first
    if isinstance(reply, JsonReply) and _checked(ex, filters, reply) is AnswerAction.AGAIN:
        raise InternalError("An answer filter refused the answer of the call made again.")
    return reply


def _checked(ex: Exchange, filters: AnswerFilters, reply: JsonReply) -> AnswerAction:
    """The filters' action on a whole answer; a refused answer is recorded as cut by a content filter
    (the caller never saw the upstream's own finish reason), as a cut stream is."""
    try:
        return filters.on_answer(reply)
    except GuardrailBlocked:
        ex.finish_reason = "content_filter"
        raise


def chat_reply(ex: Exchange, answer: ChatResponse | ChatEventStream) -> Reply:
    """An upstream's answer shaped for the caller (the render `Upstream.chat` is given)."""
    if isinstance(answer, ChatResponse):
        return json_reply(ex, answer)
    ex.upstream_request_id = upstream_request_id(answer.headers)
    headers = SSE_HEADERS + [h for h in answer.headers if h[0] not in _SSE_OWN]
    return StreamReply(answer.status, ChatRelay(ex, answer).events(), headers)


def upstream_request_id(headers: Headers) -> str | None:
    for name, value in headers:
        if name == b"x-upstream-request-id":
            return value.decode("latin-1")
    return None


def json_reply(ex: Exchange, resp: ChatResponse) -> JsonReply:
    ex.upstream_request_id = upstream_request_id(resp.headers)
    choices = resp.obj.get("choices")
    first = choices[0] if type(choices) is list and choices and type(choices[0]) is dict else {}
    return shaped_json(ex, resp, first.get("finish_reason"))


def shaped_json(ex: Exchange, resp: ChatResponse, finish_reason: str | None) -> JsonReply:
    """A whole upstream answer for the caller, on any surface: its usage (as the surface reads it),
    `finish_reason` and id recorded, the alias shown as its model (re-encoded only then)."""
    body, obj = resp.body, resp.obj
    if isinstance(obj.get("id"), str):
        ex.answer_id = obj["id"]
    headers: Headers = [JSON_CONTENT_TYPE, *(h for h in resp.headers if h[0] != b"content-type")]
    usage = ex.surface.usage(obj)
    if usage is not None:
        ex.usage = usage
    ex.finish_reason = finish_reason
    if "model" in obj and obj["model"] != ex.alias:
        obj["model"] = ex.alias
        body = orjson.dumps(obj)
    return JsonReply(resp.status, body, headers, obj)  # filters read `obj` rather than parse again


class ChatReplay:
    """Cached answers on the chat surface (`proxy.cache.replay.Replayer`): as an upstream's would go."""

    __slots__ = ()
    codec: ClassVar[AnswerCodec] = CHAT_CODEC

    async def json(self, ex: Exchange, body: bytes) -> Reply:
        reply = JsonReply(200, body, [JSON_CONTENT_TYPE])
        if ex.filters is None:
            return reply

        async def same() -> Reply:
            return reply

        return await filtered(ex, reply, same)

    def stream(self, ex: Exchange, events: AsyncGenerator[list[SSEEvent], None]) -> Reply:
        stream = ChatEventStream(200, [], [], events)
        return StreamReply(200, ChatRelay(ex, stream).events(), list(SSE_HEADERS))


CHAT_REPLAY = ChatReplay()


class EventReplay:
    """Cached answers of a surface whose streams go through their own relay (Responses, Messages):
    whole answers take the chat path (bytes through the filters), streams the surface's relay."""

    __slots__ = ("_relay", "codec")

    def __init__(self, codec: AnswerCodec, relay: Callable[[Exchange, ChatEventStream], StreamRelay]) -> None:
        self.codec = codec
        self._relay = relay

    async def json(self, ex: Exchange, body: bytes) -> Reply:
        return await CHAT_REPLAY.json(ex, body)

    def stream(self, ex: Exchange, events: AsyncGenerator[list[SSEEvent], None]) -> Reply:
        relay = self._relay(ex, ChatEventStream(200, [], [], events))
        return StreamReply(200, relay.events(), list(SSE_HEADERS))


def _added(first: Usage | None, second: Usage | None) -> Usage | None:
    """Usage of two calls together: the second's tokens are spent on top of the first's."""
    if first is None or second is None:
        return second if first is None else first
    return Usage(
        prompt_tokens=first.prompt_tokens + second.prompt_tokens,
        completion_tokens=first.completion_tokens + second.completion_tokens,
        total_tokens=first.total_tokens + second.total_tokens,
        cached_tokens=first.cached_tokens + second.cached_tokens,
        cache_write_tokens=first.cache_write_tokens + second.cache_write_tokens,
        web_searches=first.web_searches + second.web_searches,
    )
