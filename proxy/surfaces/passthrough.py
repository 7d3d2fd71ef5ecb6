"""Byte-for-byte pass-through of the `/v1/*` calls the proxy does not interpret.

Guarantees: method, path, query and body reach the passthrough provider unchanged; the answer's
status and bytes come back unchanged (streams piece by piece as they arrive), except that error
bodies of other shapes are normalised to the OpenAI envelope and hop-by-hop/encoding headers
are dropped. A whole (non-stream) body is read within the provider's `max_response_bytes`
(decoded size; over it: 502 `upstream_bad_response`); a stream's total is not capped, each piece
is forwarded as it arrives, but each event must be complete within the provider's `idle_s` of the
previous one (a trickle of bytes that never ends an event fails like silence would).
"""

from __future__ import annotations

import time
from collections.abc import AsyncGenerator
from typing import ClassVar, Protocol

import aiohttp
import orjson

from proxy.config.policy import Policy
from proxy.core.asgi import Scope
from proxy.core.errors import ProxyError, UpstreamTimeout
from proxy.core.exchange import Exchange, JsonReply, Reply, StreamReply
from proxy.core.sse import EventEnds
from proxy.core.surface import Headers, Surface
from proxy.surfaces import anthropic_errors
from proxy.upstream.call import Upstream
from proxy.upstream.providers.base import Provider
from proxy.upstream.providers.http import map_client_error, read_body, response_headers
from proxy.upstream.providers.upstream_errors import upstream_error

_NO_BUFFERING = [(b"cache-control", b"no-cache"), (b"x-accel-buffering", b"no")]


class PassthroughSurface(Surface):
    """The stages do not parse a pass-through body; access reads the model and stream flag of a
    JSON one (multipart uploads, audio and files, name none)."""

    __slots__ = ()

    def requested(self, path: str, raw: bytes) -> tuple[str | None, bool]:
        if raw.lstrip(b" \t\r\n")[:1] != b"{":
            return None, False
        try:
            body = orjson.loads(raw)
        except orjson.JSONDecodeError:
            return None, False
        if not isinstance(body, dict):
            return None, False
        model = body.get("model")
        return (model if isinstance(model, str) else None), body.get("stream") is True


class AnthropicPassthroughSurface(PassthroughSurface):
    """A pass-through call from an Anthropic client: its refusals in Anthropic's envelope, and its
    key never forwarded to a non-Anthropic provider."""

    __slots__ = ()
    anthropic: ClassVar[bool] = True

    def render_error(self, err: ProxyError) -> tuple[int, Headers, bytes]:
        return anthropic_errors.render(err)


PASSTHROUGH_SURFACE = PassthroughSurface("passthrough")
ANTHROPIC_PASSTHROUGH_SURFACE = AnthropicPassthroughSurface("passthrough")


class HasUpstream(Protocol):
    """What the pass-through terminal needs of the live policy."""

    @property
    def policy(self) -> Policy: ...

    @property
    def upstream(self) -> Upstream: ...


async def passthrough_terminal(rt: HasUpstream, ex: Exchange, scope: Scope) -> Reply:
    name = rt.policy.passthrough_provider
    return await passthrough_reply(ex, rt.upstream.providers[name], name, path_and_query(scope))


def path_and_query(scope: Scope) -> str:
    """The request's path under `/v1` and its query, as the caller encoded them."""
    # Forwarded as encoded: it was refused unless canonical (paths.py), so it names the same
    # resource as the decoded `scope["path"]` that routing and access checked.
    raw = scope.get("raw_path") or scope["path"].encode("utf-8")
    path = raw.decode("latin-1").removeprefix("/v1")
    query = scope.get("query_string", b"")
    return f"{path}?{query.decode('latin-1')}" if query else path


async def passthrough_reply(ex: Exchange, provider: Provider, name: str, path_qs: str) -> Reply:
    ex.provider = name
    t0 = time.perf_counter()
    try:
        resp = await provider.passthrough(ex, path_qs)
        if resp.content_type == "text/event-stream" and resp.status < 400:
            provider.switch_to_idle_timeout(resp)
            idle_s = provider.config.timeouts.idle_s
            return StreamReply(resp.status, _pipe(ex, resp, idle_s), response_headers(resp) + _NO_BUFFERING)
        body = await read_body(resp, provider.config.max_response_bytes)
    finally:
        ex.upstream_s += time.perf_counter() - t0
    if resp.status >= 400:
        raise upstream_error(resp.status, body, resp.headers)
    return JsonReply(resp.status, body, response_headers(resp))


async def _pipe(ex: Exchange, resp: aiohttp.ClientResponse, idle_s: float) -> AsyncGenerator[bytes, None]:
    content = resp.content
    ends = EventEnds()
    event_due = time.perf_counter() + idle_s
    try:
        while True:
            t0 = time.perf_counter()
            data = await content.readany()
            now = time.perf_counter()
            ex.upstream_s += now - t0
            if not data:
                return
            if ends.feed(data):
                event_due = now + idle_s
            elif now >= event_due:
                raise UpstreamTimeout(
                    f"The upstream did not answer in time (limit {idle_s:g}s without a complete event). "
                    "Try again later."
                )
            if ex.ttft_s is None:
                ex.ttft_s = now - ex.t_start
            yield data
    except (UpstreamTimeout, aiohttp.ClientError, OSError, TimeoutError) as exc:
        err = exc if isinstance(exc, ProxyError) else map_client_error(exc)
        if isinstance(err, ProxyError):
            yield ex.surface.error_event(ex.fail(err))
    finally:
        if content.is_eof():
            resp.release()
        else:
            resp.close()
