"""The Starlette app: routes, lifespan (providers, pools), health, metrics and error rendering.

Starlette only routes and renders errors; `/v1/*` handlers are raw ASGI (see handlers.py). Any
path or method Starlette itself refuses still gets an OpenAI-shaped error.
"""

from __future__ import annotations

import gc
import hmac
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from contextlib import asynccontextmanager
from pathlib import Path

import orjson
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from proxy.admin.endpoints import admin_routes
from proxy.compose import compose
from proxy.config.policy import Policy
from proxy.core.asgi import AsgiApp, Message, Receive, Scope, Send, send_error
from proxy.core.drain import chain_drain_handlers
from proxy.core.errors import InternalError, MethodNotAllowed, ProxyError, RouteNotFound, envelope
from proxy.core.paths import case_variant, non_canonical_path
from proxy.core.surface import OPENAI
from proxy.cors import CorsMiddleware
from proxy.handlers import Handlers, speaks_anthropic
from proxy.reload import Reloader
from proxy.runtime import Runtime
from proxy.surfaces.messages_body import MESSAGES_SURFACE

log = logging.getLogger("proxy.app")
GC_GEN0_THRESHOLD = 20_000  # allocations between young collections (CPython's default: 700)

_JSON = "application/json"


def create_app(policy: Policy, runtime: Runtime | None = None, config_path: Path | None = None) -> AsgiApp:
    """An ASGI app serving `policy`. Providers' connection pools open in the lifespan. With
    `config_path`, SIGHUP (and LLM_PROXY_WATCH_CONFIG=1) reload the policy from it.

    The hot endpoints (chat completions, models, feedback) go straight to their raw ASGI handlers;
    Starlette routes the rest and runs the lifespan. The CORS gate sits in front of both."""
    handlers = Handlers()
    rt = runtime or compose(policy)

    def swap(new: Runtime) -> None:
        handlers.runtime = new

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        await rt.start()
        handlers.runtime = rt
        app.state.runtime = rt
        chain_drain_handlers(handlers)
        reloader = Reloader(config_path, lambda: handlers.runtime, swap) if config_path is not None else None
        if reloader is not None:
            reloader.install()
        settle_garbage_collector()
        log.info("proxy ready: %d model aliases, %d providers", len(policy.models), len(policy.providers))
        try:
            yield
        finally:
            current = handlers.runtime or rt
            current.draining = True
            if reloader is not None:
                await reloader.close()
            await current.close()

    async def healthz(request: Request) -> Response:
        return Response(b'{"status":"ok"}', media_type=_JSON)

    async def readyz(request: Request) -> Response:
        if handlers.runtime is None or handlers.runtime.draining:
            return Response(b'{"status":"draining"}', status_code=503, media_type=_JSON)
        rt = handlers.runtime
        body = {
            "status": "ready",
            "state": rt.state_mode,
            "emergency": rt.emergency,
            "deployments": rt.health.states(),
        }
        return Response(orjson.dumps(body), media_type=_JSON)

    async def metrics(request: Request) -> Response:
        current = handlers.runtime
        if current is None or current.metrics is None:
            return Response(
                envelope("Metrics are disabled in this policy.", "invalid_request_error"), 404, media_type=_JSON
            )
        if not _metrics_token_ok(current.policy, request):
            message = "Send the metrics bearer token: Authorization: Bearer <metrics.bearer_token>."
            return Response(envelope(message, "invalid_request_error", "invalid_api_key"), 401, media_type=_JSON)
        current.refresh_gauges()
        return Response(current.metrics.exposition(), media_type="text/plain; version=0.0.4; charset=utf-8")

    routes = [
        Route("/v1/chat/completions", AsgiEndpoint(handlers.chat)),
        Route("/v1/responses", AsgiEndpoint(handlers.responses)),
        Route("/v1/embeddings", AsgiEndpoint(handlers.embeddings)),
        Route("/v1/messages", AsgiEndpoint(handlers.messages)),
        Route("/v1/messages/count_tokens", AsgiEndpoint(handlers.count_tokens)),
        Route("/v1/messages/{rest:path}", AsgiEndpoint(handlers.messages_unserved)),
        Route("/v1/responses/{rest:path}", AsgiEndpoint(handlers.stored)),
        Route("/v1/conversations", AsgiEndpoint(handlers.stored)),
        Route("/v1/conversations/{rest:path}", AsgiEndpoint(handlers.stored)),
        Route("/v1/models", AsgiEndpoint(handlers.models)),
        Route("/v1/feedback", AsgiEndpoint(handlers.feedback)),
        Route("/v1/models/{model_id:path}", AsgiEndpoint(handlers.models)),
        Route("/v1/{rest:path}", AsgiEndpoint(handlers.passthrough)),
        Route("/healthz", healthz, methods=["GET", "HEAD"]),
        Route("/readyz", readyz, methods=["GET", "HEAD"]),
        Route("/metrics", metrics, methods=["GET"]),
        *admin_routes(lambda: handlers.runtime),  # admin routes mount here
    ]
    starlette = Starlette(
        routes=routes,
        lifespan=lifespan,
        exception_handlers={HTTPException: _http_error, Exception: _crash},
    )
    # Governed routes: the hot paths and the prefix of /v1/models/{model_id}; a spelling of one in
    # other letter case is refused in FastPath, never forwarded as a pass-through.
    hot = {
        "/v1/chat/completions": handlers.chat,
        "/v1/responses": handlers.responses,
        "/v1/embeddings": handlers.embeddings,
        "/v1/messages": handlers.messages,
        "/v1/messages/count_tokens": handlers.count_tokens,
        "/v1/models": handlers.models,
        "/v1/feedback": handlers.feedback,
        "/v1/conversations": handlers.stored,
    }
    # Read per request: a reload swaps handlers.runtime, and with it the CORS policy.
    return CorsMiddleware(
        FastPath(starlette, hot, handlers.request_id),
        get_config=lambda: handlers.runtime.policy.cors if handlers.runtime else None,
    )


def settle_garbage_collector() -> None:
    """Move everything built at start-up (policy, patterns, pools) out of the collector's sight and
    collect the young generation less often: a request makes little cyclic garbage, and full
    collections walking the start-up objects were pauses in the request path."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(GC_GEN0_THRESHOLD, 20, 20)


GOVERNED_PREFIXES = ("/v1/models/", "/v1/responses/", "/v1/conversations/", "/v1/messages/")


class FastPath:
    """The first router every HTTP request meets: a path that is not canonical (see paths.py), or a
    governed path spelt in other letter case, is refused here, before any routing; the hot paths go
    straight to their handlers, which catch every error and answer with the OpenAI envelope
    themselves; Starlette's routing and middleware layers (about 5% of a proxied request's CPU) are
    left to the other paths and the lifespan. Paths outside
    `/v1/` (health, metrics, admin, unrouted) get an `x-request-id` here; every `/v1/` handler adds
    its own."""

    __slots__ = ("_app", "_governed", "_hot", "_hot_raw", "_request_id")

    def __init__(self, app: AsgiApp, hot: Mapping[str, AsgiApp], request_id: Callable[[Scope], str]) -> None:
        self._app = app
        self._hot = hot
        self._hot_raw = {path.encode(): handler for path, handler in hot.items()}  # canonical as sent
        self._governed = (*hot, *GOVERNED_PREFIXES)
        self._request_id = request_id

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self._app(scope, receive, send)
            return
        raw = scope.get("raw_path") or scope["path"].encode("utf-8")
        handler = self._hot_raw.get(raw)
        if handler is None:
            handler = self._hot.get(scope["path"])  # a hot path with harmless escapes (%63hat)
            refusal = non_canonical_path(raw) or (
                None if handler is not None else case_variant(scope["path"], self._governed)
            )
            if refusal is not None:
                # An Anthropic door, or an Anthropic client, gets the refusal in Anthropic's envelope.
                anthropic = raw.startswith(b"/v1/messages") or speaks_anthropic(scope)
                request_id = self._request_id(scope).encode()
                headers = [(b"x-request-id", request_id), *([(b"request-id", request_id)] if anthropic else [])]
                await send_error(send, refusal, headers, MESSAGES_SURFACE if anthropic else OPENAI)
                return
        if handler is not None:
            await handler(scope, receive, send)
        elif raw.startswith(b"/v1/"):
            await self._app(scope, receive, send)
        else:
            await self._app(scope, receive, _with_request_id(send, self._request_id(scope)))


def _with_request_id(send: Send, request_id: str) -> Send:
    """`send` that stamps `x-request-id` on the response start unless the handler already did."""
    stamp = (b"x-request-id", request_id.encode())

    async def stamped(message: Message) -> None:
        if message["type"] == "http.response.start":
            headers = list(message.get("headers", ()))
            if not any(name == b"x-request-id" for name, _ in headers):
                message["headers"] = [*headers, stamp]
        await send(message)

    return stamped


class AsgiEndpoint:
    """Marks a handler as a raw ASGI app, so Starlette neither wraps it nor filters methods."""

    __slots__ = ("_handler",)

    def __init__(self, handler: Callable[[Scope, Receive, Send], Awaitable[None]]) -> None:
        self._handler = handler

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self._handler(scope, receive, send)


def _metrics_token_ok(policy: Policy, request: Request) -> bool:
    token = policy.metrics.bearer_token.value
    if not token:
        return True
    given = request.headers.get("authorization", "")
    return hmac.compare_digest(given.encode(), f"Bearer {token}".encode())


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    err: ProxyError
    if exc.status_code == 404:
        err = RouteNotFound(f"Unknown path {request.url.path}. The proxy serves /v1/* (OpenAI API) and /healthz.")
    elif exc.status_code == 405:
        err = MethodNotAllowed(f"{request.method} is not allowed on {request.url.path}.")
    else:
        return Response(envelope(str(exc.detail), "invalid_request_error"), exc.status_code, media_type=_JSON)
    return Response(err.body(), err.status, media_type=_JSON)


async def _crash(request: Request, exc: Exception) -> Response:
    log.error("unhandled error on %s", request.url.path, exc_info=exc)
    err = InternalError("The proxy failed to handle this request.")
    return Response(err.body(), err.status, media_type=_JSON)
