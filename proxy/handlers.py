"""The `/v1/*` endpoints as raw ASGI handlers around the pipeline and the terminal upstream call.

Guarantees, for every request: one Exchange, carrying its front door's surface; the pipeline's
`on_response` runs exactly once (success, refusal, upstream failure, crash or client disconnect);
every refusal before the first byte is an error as the surface renders it (the OpenAI envelope
today) with `x-request-id`; a caller that disconnects cancels the upstream call at once; no
traceback ever reaches the caller. With tracing on, the request's root span opens here and ends
after `on_response`, i.e. after the last byte of a stream.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable

from proxy.core.asgi import ClientGone, DisconnectWatcher, Receive, Scope, Send, read_body, send_error, send_reply
from proxy.core.errors import (
    BodyTooLarge,
    ClientClosedRequest,
    InternalError,
    MethodNotAllowed,
    ProxyError,
    RouteNotFound,
    ShuttingDown,
)
from proxy.core.exchange import Exchange, Reply, StreamReply
from proxy.core.request_ids import RequestIds
from proxy.core.stage import Stage
from proxy.core.surface import Surface
from proxy.runtime import Runtime
from proxy.surfaces.chat import chat_terminal
from proxy.surfaces.chat_body import CHAT_SURFACE
from proxy.surfaces.embeddings import embeddings_terminal
from proxy.surfaces.embeddings_body import EMBEDDINGS_SURFACE
from proxy.surfaces.feedback import FEEDBACK_SURFACE, feedback_terminal
from proxy.surfaces.messages import count_tokens_terminal, messages_terminal
from proxy.surfaces.messages_body import COUNT_TOKENS_SURFACE, MESSAGES_SURFACE
from proxy.surfaces.models import ANTHROPIC_MODELS_SURFACE, MODELS_SURFACE, models_terminal
from proxy.surfaces.passthrough import ANTHROPIC_PASSTHROUGH_SURFACE, PASSTHROUGH_SURFACE, passthrough_terminal
from proxy.surfaces.responses import responses_terminal
from proxy.surfaces.responses_body import RESPONSES_SURFACE
from proxy.surfaces.stored import STORED_SURFACE, stored_terminal

log = logging.getLogger("proxy.handlers")

Terminal = Callable[[Runtime, Exchange, Scope], Awaitable[Reply]]


class Handlers:
    """ASGI endpoints bound to whatever Runtime is current (a reload swaps `runtime`)."""

    def __init__(self) -> None:
        self.runtime: Runtime | None = None
        self._early_ids = RequestIds()  # before the lifespan has built a Runtime

    def request_id(self, scope: Scope) -> str:
        """An id for a request no handler serves (health, admin, unrouted), as `new_exchange` picks one."""
        caller_id = next((value for name, value in scope["headers"] if name == b"x-request-id"), None)
        rt = self.runtime
        return (rt.request_ids if rt is not None else self._early_ids).next(caller_id)

    async def chat(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self._handle(scope, receive, send, surface=CHAT_SURFACE, method="POST", terminal=chat_terminal)

    async def responses(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self._handle(scope, receive, send, surface=RESPONSES_SURFACE, method="POST", terminal=responses_terminal)

    async def embeddings(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self._handle(
            scope, receive, send, surface=EMBEDDINGS_SURFACE, method="POST", terminal=embeddings_terminal
        )

    async def messages(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self._handle(scope, receive, send, surface=MESSAGES_SURFACE, method="POST", terminal=messages_terminal)

    async def count_tokens(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self._handle(
            scope, receive, send, surface=COUNT_TOKENS_SURFACE, method="POST", terminal=count_tokens_terminal
        )

    async def messages_unserved(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Anthropic APIs under /v1/messages/ other than count_tokens (Message Batches): refused in
        Anthropic's envelope, never forwarded (no policy could govern a batch's spend)."""
        err = RouteNotFound(
            f"{scope['path']} is not served by this proxy: send each request to /v1/messages "
            "(Message Batches are not available through the gateway)."
        )
        request_id = self.request_id(scope).encode()
        await send_error(send, err, [(b"x-request-id", request_id), (b"request-id", request_id)], MESSAGES_SURFACE)

    async def stored(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self._handle(scope, receive, send, surface=STORED_SURFACE, method=None, terminal=stored_terminal)

    async def passthrough(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Any other /v1/* path; an Anthropic client's refusals are in Anthropic's envelope."""
        surface = ANTHROPIC_PASSTHROUGH_SURFACE if speaks_anthropic(scope) else PASSTHROUGH_SURFACE
        await self._handle(scope, receive, send, surface=surface, method=None, terminal=passthrough_terminal)

    async def feedback(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self._handle(scope, receive, send, surface=FEEDBACK_SURFACE, method="POST", terminal=feedback_terminal)

    async def models(self, scope: Scope, receive: Receive, send: Send) -> None:
        """The model list in the caller's protocol: Anthropic's when it sends Anthropic's headers."""
        surface = ANTHROPIC_MODELS_SURFACE if speaks_anthropic(scope) else MODELS_SURFACE
        await self._handle(scope, receive, send, surface=surface, method="GET", terminal=models_terminal)

    async def _handle(
        self, scope: Scope, receive: Receive, send: Send, *, surface: Surface, method: str | None, terminal: Terminal
    ) -> None:
        rt = self.runtime
        assert rt is not None, "request before lifespan start-up"
        rt.active += 1  # the request runs on this Runtime to the end, even if a reload swaps it out
        try:
            await self._run(rt, scope, receive, send, surface=surface, method=method, terminal=terminal)
        finally:
            rt.active -= 1

    async def _run(
        self,
        rt: Runtime,
        scope: Scope,
        receive: Receive,
        send: Send,
        *,
        surface: Surface,
        method: str | None,
        terminal: Terminal,
    ) -> None:
        ex = new_exchange(rt, scope, surface)
        endpoint = ex.endpoint
        headers = ex.response_headers
        _add_request_id(ex, headers)
        pipeline = rt.pipelines[endpoint]
        entered: list[Stage] = []
        watcher: DisconnectWatcher | None = None
        try:
            await _read_request(rt, ex, receive, method)
            watcher = DisconnectWatcher(receive) if endpoint != "models" else None
            reply = await pipeline.run_request(ex, entered)
            if reply is None:
                reply = await terminal(rt, ex, scope)
            await _send(rt, send, ex, reply, watcher)
        except ProxyError as caught:
            err = ex.fail(caught)
            if not ex.response_started:
                await send_error(send, err, headers, ex.surface)
        except asyncio.CancelledError:
            if watcher is None or not watcher.fired:
                raise
            ex.client_gone = True
            task = asyncio.current_task()
            if task is not None:
                task.uncancel()
        except Exception:
            log.exception("unhandled error in %s handler (request %s)", endpoint, ex.request_id)
            crash = InternalError(f"The proxy failed to handle this request (request id {ex.request_id}).")
            ex.fail(crash)
            if not ex.response_started:
                await send_error(send, crash, headers, ex.surface)
        finally:
            if watcher is not None:
                watcher.finish()
            ex.t_end = time.perf_counter()
            try:
                await pipeline.run_response(ex, entered)
            finally:
                if ex.trace is not None:
                    ex.trace.finish(ex)


async def _send(rt: Runtime, send: Send, ex: Exchange, reply: Reply, watcher: DisconnectWatcher | None) -> None:
    """Send the reply; a stream counts in `llm_proxy_in_flight_streams` while it is being sent."""
    gauge = rt.metrics.streams_in_flight if rt.metrics is not None and isinstance(reply, StreamReply) else None
    if gauge is None:
        await send_reply(send, ex, reply, ex.response_headers, watcher)
        return
    metrics = rt.metrics
    assert metrics is not None
    metrics.inc(gauge)
    try:
        await send_reply(send, ex, reply, ex.response_headers, watcher)
    finally:
        metrics.dec(gauge)


def new_exchange(rt: Runtime, scope: Scope, surface: Surface) -> Exchange:
    """An Exchange of `surface`'s endpoint with the few headers every request needs picked out in one
    pass (and, with tracing on, the request's root span started)."""
    auth = api_key = x_api_key = caller_id = length = None
    for name, value in scope["headers"]:
        if name == b"authorization":
            auth = value
        elif name == b"x-api-key":
            x_api_key = value
        elif name == b"api-key":
            api_key = value
        elif name == b"x-request-id":
            caller_id = value
        elif name == b"content-length":
            length = int(value) if value.isdigit() else None
    # A key sent where Anthropic clients send theirs is Anthropic's (so is one shaped like it: the
    # providers check that themselves, for every caller of theirs).
    anthropic_key = surface.anthropic or (auth is None and x_api_key is not None)
    if auth is None and x_api_key is not None:  # Anthropic's SDKs and Claude Code (ANTHROPIC_API_KEY)
        auth = b"Bearer " + x_api_key
    elif auth is None and api_key is not None:
        auth = b"Bearer " + api_key
    client = scope.get("client")
    ex = Exchange(
        client_ip=client[0] if client else None,
        request_id=rt.request_ids.next(caller_id),
        endpoint=surface.name,
        surface=surface,
        secrets=rt.secrets if rt.secrets.active else None,
        method=scope["method"],
        path=scope["path"],
        t_start=time.perf_counter(),
        headers=scope["headers"],
        authorization=auth,
        anthropic_key=anthropic_key,
        content_length=length,
    )
    if rt.tracer is not None:
        ex.trace = rt.tracer.start(ex)  # the root span; ends in `_handle` after `on_response`
    return ex


def _add_request_id(ex: Exchange, headers: list[tuple[bytes, bytes]]) -> None:
    """`x-request-id`, and on an Anthropic door also `request-id`, where the Anthropic SDKs read it."""
    request_id = ex.request_id.encode()
    headers.append((b"x-request-id", request_id))
    if ex.surface.anthropic:
        headers.append((b"request-id", request_id))


def speaks_anthropic(scope: Scope) -> bool:
    """The caller is an Anthropic client: it sends `anthropic-version` or its key as `x-api-key`."""
    return any(name in (b"anthropic-version", b"x-api-key") for name, _ in scope["headers"])


async def _read_request(rt: Runtime, ex: Exchange, receive: Receive, method: str | None) -> None:
    """Read the body; refusals found here wait for the pipeline so that auth answers first."""
    if rt.closed:  # a draining Runtime still serves: see drain.py
        ex.early_error = ShuttingDown("The proxy is shutting down. Retry; another replica will answer.")
        return
    if method is not None and ex.method != method:
        ex.early_error = MethodNotAllowed(f"{ex.method} is not allowed on {ex.path}; use {method}.")
        return
    try:
        ex.raw_body = await read_body(receive, rt.policy.server.max_body_bytes, ex.content_length)
    except BodyTooLarge as err:
        ex.early_error = err
    except ClientGone:
        # Still run the pipeline, so the request is logged and counted once; sending is a no-op.
        ex.client_gone = True
        ex.early_error = ClientClosedRequest("The client closed the connection before sending its request.")
