"""Reading an upstream SSE body into batches of events, with the proxy's time and size bounds.

Guarantees: the status is checked before any event is read (>= 400 raises the provider's error
from a body read within the size cap; a non-SSE answer raises UpstreamProtocolError after reading
at most a few hundred bytes of it); time limits count complete events, not bytes: the first
complete event must arrive by the `first_byte_s` deadline and each later one within `idle_s` of
the previous, so a trickle of bytes that never finishes an event fails like silence would
(checked at every read, plus aiohttp's byte timeout for silence); an unfinished event larger than
the cap is UpstreamProtocolError; `first_events` returns as soon as one complete event arrived;
`more_events` yields the events of each later read and, when closed, returns a finished
connection to the pool or aborts an unfinished one; failures raise ProxyErrors.
"""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncGenerator, Callable

import aiohttp

from proxy.config.policy import Timeouts
from proxy.core.errors import ProxyError, UpstreamProtocolError, UpstreamTimeout
from proxy.core.sse import SSEEvent, SSEParser
from proxy.upstream.providers.base import ChatEventStream
from proxy.upstream.providers.http import HttpUpstream, map_client_error, read_body, read_head, response_headers

ToError = Callable[[int, bytes, object], ProxyError]

log = logging.getLogger("proxy.upstream")

# How many opening events (role chunks, pings, Azure's filter chunk) may be held back while the
# proxy waits for the first content; real upstreams send two or three.
MAX_OPENING_EVENTS = 64


async def check_stream_status(resp: aiohttp.ClientResponse, to_error: ToError, max_bytes: int) -> None:
    if resp.status >= 400:
        raise to_error(resp.status, await read_body(resp, max_bytes), resp.headers)
    ctype = resp.headers.get("content-type", "")
    if not ctype.startswith("text/event-stream"):
        head = await read_head(resp, 300)
        log.warning("upstream answered a stream request with %r: %r", ctype, head)
        raise UpstreamProtocolError(
            f"The upstream answered a stream request with '{ctype[:100] or 'no content type'}' instead of an "
            "event stream. Try again later."
        )


def check_unfinished(parser: SSEParser, max_bytes: int, deadline: float, limit_s: float) -> None:
    """After a read that completed no event: the unfinished one may not grow or linger past the bounds."""
    if parser.pending > max_bytes:
        raise UpstreamProtocolError(
            f"The upstream sent a stream event larger than the {max_bytes} bytes this proxy accepts. Try again later."
        )
    if time.monotonic() >= deadline:
        raise UpstreamTimeout(
            f"The upstream did not answer in time (limit {limit_s:g}s without a complete event). Try again later."
        )


async def _read_events(content: aiohttp.StreamReader, parser: SSEParser) -> list[SSEEvent] | None:
    """One read fed to the parser: the events it completed (maybe none); at the end of the body the
    final event the parser still held, then None once nothing is left."""
    data = await content.readany()
    if data:
        return parser.feed(data)
    return parser.close() or None


async def first_events(
    resp: aiohttp.ClientResponse, parser: SSEParser, max_bytes: int, deadline: float, limit_s: float
) -> list[SSEEvent]:
    content = resp.content
    while True:
        events = await _read_events(content, parser)
        if events:
            return events
        if events is None:
            raise UpstreamProtocolError("The upstream closed the stream before sending any event. Try again.")
        check_unfinished(parser, max_bytes, deadline, limit_s)


async def more_events(
    resp: aiohttp.ClientResponse, parser: SSEParser, idle_s: float, max_bytes: int
) -> AsyncGenerator[list[SSEEvent], None]:
    content = resp.content
    clock = time.monotonic
    last = clock()
    try:
        while True:
            events = await _read_events(content, parser)
            if events:
                yield events
                last = clock()  # the wait for the next event starts when the caller asks for it
            elif events is None:
                return
            else:
                check_unfinished(parser, max_bytes, last + idle_s, idle_s)
    except (aiohttp.ClientError, OSError, TimeoutError) as exc:
        raise map_client_error(exc, idle_s) from exc
    finally:
        # A finished body lets the connection go back to the pool; anything else aborts it.
        if content.is_eof():
            resp.release()
        else:
            resp.close()


async def post_json(
    http: HttpUpstream, url: str, body: bytes, headers: dict[str, str], *, timeouts: Timeouts, to_error: ToError
) -> tuple[aiohttp.ClientResponse, bytes]:
    """POST and read the whole answer within the provider's cap; an error status raises `to_error`'s."""
    resp = await http.request("POST", url, body, headers, timeouts)
    raw = await read_body(resp, http.config.max_response_bytes, timeouts.first_byte_s)
    if resp.status >= 400:
        raise to_error(resp.status, raw, resp.headers)
    return resp, raw


async def open_stream(
    http: HttpUpstream, url: str, body: bytes, headers: dict[str, str], *, timeouts: Timeouts, to_error: ToError
) -> ChatEventStream:
    """POST for a stream, as the upstream sends it: its status checked and its first events read
    (within `first_byte_s`), then `idle_s` between events; the connection is closed on failure."""
    deadline = time.monotonic() + timeouts.first_byte_s
    resp = await http.request("POST", url, body, headers, timeouts)
    parser = SSEParser()
    cap = http.config.max_response_bytes
    try:
        await check_stream_status(resp, to_error, cap)
        first = await first_events(resp, parser, cap, deadline, timeouts.first_byte_s)
    except BaseException as exc:
        resp.close()
        raise map_client_error(exc, timeouts.first_byte_s) from exc
    http.switch_to_idle_timeout(resp, timeouts.idle_s)
    return ChatEventStream(resp.status, response_headers(resp), first, more_events(resp, parser, timeouts.idle_s, cap))
