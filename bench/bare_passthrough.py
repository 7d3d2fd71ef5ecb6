"""The "bare" pass-through: the least a Python gateway on this stack can do per request (the bench's CPU floor).

One starlette route forwards any `POST /v1/{path}` (chat completions, Responses, embeddings, ...) to the
same path and query upstream over one shared aiohttp session and hands back the upstream status and body;
an SSE answer is relayed byte for byte as it arrives. No parsing, no policy, no logging.
`python bench/bare_passthrough.py --port N --upstream http://127.0.0.1:M`.
"""

from __future__ import annotations

import argparse
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import aiohttp
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.routing import Route

FORWARDED_HEADERS = ("content-type", "authorization")


def build_app(upstream: str) -> Starlette:
    """An app whose `POST /v1/{path}` relays to `upstream` + the same path and query; `GET /healthz` says ok."""
    base = upstream.rstrip("/")
    session: aiohttp.ClientSession | None = None

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        nonlocal session
        session = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0))
        try:
            yield
        finally:
            await session.close()

    async def forward(request: Request) -> Response:
        assert session is not None
        body = await request.body()
        headers = {name: request.headers[name] for name in FORWARDED_HEADERS if name in request.headers}
        # Read from the ASGI scope: building a starlette URL object per request would cost the floor more.
        query = request.scope["query_string"]
        target = base + request.scope["path"] + ("?" + query.decode("latin-1") if query else "")
        upstream_resp = await session.post(target, data=body, headers=headers)
        media_type = upstream_resp.headers.get("content-type", "application/json")
        # Decided on the answer rather than by parsing the request: the floor must not pay for a JSON parse.
        if not media_type.startswith("text/event-stream"):
            async with upstream_resp:
                return Response(await upstream_resp.read(), upstream_resp.status, media_type=media_type)

        async def relay() -> AsyncIterator[bytes]:
            async with upstream_resp:
                async for chunk in upstream_resp.content.iter_any():
                    yield chunk

        return StreamingResponse(relay(), upstream_resp.status, media_type=media_type)

    async def healthz(request: Request) -> Response:
        return Response(b'{"status":"ok"}', media_type="application/json")

    routes = [Route("/v1/{path:path}", forward, methods=["POST"]), Route("/healthz", healthz, methods=["GET"])]
    return Starlette(routes=routes, lifespan=lifespan)


def main() -> None:
    """Serve the pass-through with the proxy's server settings (uvloop, httptools, no access log)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--upstream", required=True, help="base URL of the upstream, without /v1")
    args = parser.parse_args()
    uvicorn.run(
        build_app(args.upstream),
        host=args.host,
        port=args.port,
        loop="uvloop",
        http="httptools",
        access_log=False,
        server_header=False,
        log_level="warning",
    )


if __name__ == "__main__":
    main()
