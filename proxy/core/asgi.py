"""Raw ASGI helpers for the hot path: body reading with a size cap, replies, disconnect watching.

Starlette only routes; the proxy's endpoints speak ASGI directly so that streaming is never
buffered and a client disconnect is noticed at once (BaseHTTPMiddleware-style wrappers hide it).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from proxy.core.errors import BodyTooLarge, ProxyError
from proxy.core.exchange import Exchange, Headers, JsonReply, Reply
from proxy.core.surface import OPENAI, Surface

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
AsgiApp = Callable[[Scope, Receive, Send], Awaitable[None]]


class ClientGone(Exception):
    """The caller disconnected before the request body arrived."""


async def read_body(receive: Receive, limit: int, declared: int | None) -> bytes:
    """The whole request body, refusing more than `limit` bytes (early, if the length is declared)."""
    if declared is not None and declared > limit:
        raise BodyTooLarge(_too_large(limit))
    message = await receive()
    if message["type"] == "http.disconnect":
        raise ClientGone
    body: bytes = message.get("body", b"")
    if not message.get("more_body", False):
        if len(body) > limit:
            raise BodyTooLarge(_too_large(limit))
        return body
    parts = [body]
    size = len(body)
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            raise ClientGone
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            raise BodyTooLarge(_too_large(limit))
        parts.append(chunk)
        if not message.get("more_body", False):
            return b"".join(parts)


WATCH_AFTER_S = 0.05


def _too_large(limit: int) -> str:
    return f"The request body is larger than this proxy accepts ({limit} bytes). Send a smaller request."


class DisconnectWatcher:
    """Cancels the handler task when the caller goes away, so the upstream call is cancelled too.

    Start it once the body has been read (it consumes `receive`); call `finish()` as soon as the
    last byte of the answer is sent, after which a disconnect is no longer an interruption. The
    watching task starts `WATCH_AFTER_S` after the request: most answers are sent before then and
    never pay for a task (about 3% of a proxied request's CPU); a caller that leaves is noticed
    within that delay at most, long before any LLM answer would have come.
    """

    __slots__ = ("_finished", "_receive", "_start", "_target", "_task", "fired")

    def __init__(self, receive: Receive) -> None:
        self._target = asyncio.current_task()
        self._finished = False
        self.fired = False
        self._receive = receive
        self._task: asyncio.Task[None] | None = None
        self._start: asyncio.TimerHandle | None = asyncio.get_running_loop().call_later(WATCH_AFTER_S, self._begin)

    def _begin(self) -> None:
        self._start = None
        if not self._finished:
            self._task = asyncio.get_running_loop().create_task(self._watch(self._receive))

    async def _watch(self, receive: Receive) -> None:
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                if not self._finished and self._target is not None:
                    self.fired = True
                    self._target.cancel()
                return

    def finish(self) -> None:
        """From now on a disconnect is not an interruption. The watch task ends by itself: uvicorn
        answers `receive()` with `http.disconnect` once the response is complete or the app returns."""
        self._finished = True
        if self._start is not None:
            self._start.cancel()
            self._start = None


async def send_reply(
    send: Send, ex: Exchange, reply: Reply, headers: Headers, watcher: DisconnectWatcher | None
) -> None:
    """Write a reply; for streams each chunk goes out as soon as the relay yields it."""
    ex.status = reply.status
    if isinstance(reply, JsonReply):
        if watcher is not None:
            watcher.finish()
        await send_json(send, reply.status, reply.body, headers + reply.headers + _accounting_headers(ex))
        ex.response_started = True
        return
    chunks = reply.chunks
    try:
        start_headers = headers + reply.headers + _accounting_headers(ex)
        await send({"type": "http.response.start", "status": reply.status, "headers": start_headers})
        ex.response_started = True
        async for chunk in chunks:
            await send({"type": "http.response.body", "body": chunk, "more_body": True})
        if watcher is not None:
            watcher.finish()
        await send({"type": "http.response.body", "body": b"", "more_body": False})
    finally:
        await chunks.aclose()
        if reply.on_close is not None:
            reply.on_close()


def _accounting_headers(ex: Exchange) -> Headers:
    """The proxy's own time so far (total minus upstream wait) and, when usage is known, the cost."""
    overhead_ms = max(time.perf_counter() - ex.t_start - ex.upstream_s, 0.0) * 1000
    out = [(b"x-llm-proxy-overhead-ms", f"{overhead_ms:.3f}".encode())]
    cost = ex.usage_cost()
    if cost is not None:
        out.append((b"x-llm-proxy-cost-usd", f"{cost:.8f}".encode()))
    return out


async def send_json(send: Send, status: int, body: bytes, headers: Headers) -> None:
    headers = [*headers, (b"content-length", str(len(body)).encode())]
    if not any(name == b"content-type" for name, _ in headers):
        headers.append((b"content-type", b"application/json"))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def send_error(send: Send, err: ProxyError, headers: Headers, surface: Surface = OPENAI) -> None:
    """`err` as `surface` renders errors (the OpenAI envelope unless its protocol has another)."""
    status, extra, body = surface.render_error(err)
    await send_json(send, status, body, [*headers, *extra])
