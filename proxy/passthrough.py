"""Byte-for-byte pass-through of the `/v1/*` calls the proxy does not interpret.

Guarantees: method, path, query and body reach the passthrough provider unchanged; the answer's
status and bytes come back unchanged (streams piece by piece as they arrive), except that error
bodies of other shapes are normalised to the OpenAI envelope and hop-by-hop/encoding headers
are dropped. A whole (non-stream) body is read within the provider's `max_response_bytes`
(decoded size; over it: 502 `upstream_bad_response`); a stream's total is not capped, each piece
is forwarded as it arrives.
"""

from __future__ import annotations

import time
from collections.abc import AsyncGenerator

import aiohttp

from proxy.errors import ProxyError
from proxy.exchange import Exchange, JsonReply, Reply, StreamReply
from proxy.providers.base import Provider
from proxy.providers.http import map_client_error, read_body, response_headers
from proxy.providers.upstream_errors import upstream_error
from proxy.relay import error_event

_NO_BUFFERING = [(b"cache-control", b"no-cache"), (b"x-accel-buffering", b"no")]


async def passthrough_reply(ex: Exchange, provider: Provider, name: str, path_qs: str) -> Reply:
    ex.provider = name
    t0 = time.perf_counter()
    try:
        resp = await provider.passthrough(ex, path_qs)
        if resp.content_type == "text/event-stream" and resp.status < 400:
            provider.switch_to_idle_timeout(resp)
            return StreamReply(resp.status, _pipe(ex, resp), response_headers(resp) + _NO_BUFFERING)
        body = await read_body(resp, provider.config.max_response_bytes)
    finally:
        ex.upstream_s += time.perf_counter() - t0
    if resp.status >= 400:
        raise upstream_error(resp.status, body, resp.headers)
    return JsonReply(resp.status, body, response_headers(resp))


async def _pipe(ex: Exchange, resp: aiohttp.ClientResponse) -> AsyncGenerator[bytes, None]:
    content = resp.content
    try:
        while True:
            t0 = time.perf_counter()
            data = await content.readany()
            ex.upstream_s += time.perf_counter() - t0
            if not data:
                return
            if ex.ttft_s is None:
                ex.ttft_s = time.perf_counter() - ex.t_start
            yield data
    except (aiohttp.ClientError, OSError, TimeoutError) as exc:
        err = map_client_error(exc)
        if isinstance(err, ProxyError):
            ex.fail(err)
            yield error_event(err)
    finally:
        if content.is_eof():
            resp.release()
        else:
            resp.close()
