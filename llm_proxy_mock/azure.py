"""Azure OpenAI paths (protocol.md §5), served by the OpenAI handlers with the same knobs.

Classic deployment paths need an `api-version` query parameter (else Azure's bare 404); a body
without `model` gets the deployment name (see `Exchange.model`). The v1 paths take `model` as is.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from aiohttp import web

from llm_proxy_mock.chat import chat_completions
from llm_proxy_mock.embeddings import embeddings
from llm_proxy_mock.endpoints import completions
from llm_proxy_mock.exchange import JSON, Exchange, serve

RESOURCE_NOT_FOUND = b'{"error":{"code":"404","message":"Resource not found"}}'

RouteHandler = Callable[[web.Request], Awaitable[web.StreamResponse]]


async def _resource_not_found(ex: Exchange) -> web.StreamResponse:
    return await ex.send(404, RESOURCE_NOT_FOUND, JSON, compress=False)


def _needs_api_version(handler: RouteHandler) -> RouteHandler:
    async def route(request: web.Request) -> web.StreamResponse:
        if not request.query.get("api-version"):
            return await serve(request, _resource_not_found)
        return await handler(request)

    return route


def add_azure_routes(app: web.Application) -> None:
    """Register the classic deployment paths and the v1 paths on `app`."""
    deployment = "/openai/deployments/{deployment}"
    app.router.add_post(deployment + "/chat/completions", _needs_api_version(chat_completions))
    app.router.add_post(deployment + "/completions", _needs_api_version(completions))
    app.router.add_post(deployment + "/embeddings", _needs_api_version(embeddings))
    app.router.add_post("/openai/v1/chat/completions", chat_completions)
    app.router.add_post("/openai/v1/embeddings", embeddings)
