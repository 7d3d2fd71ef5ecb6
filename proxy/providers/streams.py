"""Reading an upstream SSE body into batches of events, with the proxy's timeout semantics.

Guarantees: the status is checked before any event is read (>= 400 raises the provider's error,
a non-SSE answer raises UpstreamProtocolError); `first_events` returns as soon as one complete
event arrived; `more_events` yields the events of each later read and, when closed, returns a
finished connection to the pool or aborts an unfinished one; failures raise ProxyErrors.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, Callable

import aiohttp

from proxy.errors import ProxyError, UpstreamProtocolError
from proxy.providers.http import map_client_error
from proxy.sse import SSEEvent, SSEParser


async def check_stream_status(
    resp: aiohttp.ClientResponse, to_error: Callable[[int, bytes, object], ProxyError]
) -> None:
    if resp.status >= 400:
        raise to_error(resp.status, await resp.read(), resp.headers)
    ctype = resp.headers.get("content-type", "")
    if not ctype.startswith("text/event-stream"):
        body = (await resp.read())[:300].decode("utf-8", "replace")
        raise UpstreamProtocolError(
            f"The upstream answered a stream request with '{ctype or 'no content type'}' instead of an event "
            f"stream: {body}"
        )


async def first_events(resp: aiohttp.ClientResponse, parser: SSEParser) -> list[SSEEvent]:
    while True:
        data = await resp.content.readany()
        if not data:
            tail = parser.close()
            if tail:
                return tail
            raise UpstreamProtocolError("The upstream closed the stream before sending any event. Try again.")
        events = parser.feed(data)
        if events:
            return events


async def more_events(
    resp: aiohttp.ClientResponse, parser: SSEParser, idle_s: float
) -> AsyncGenerator[list[SSEEvent], None]:
    content = resp.content
    try:
        while True:
            data = await content.readany()
            if not data:
                tail = parser.close()
                if tail:
                    yield tail
                return
            events = parser.feed(data)
            if events:
                yield events
    except (aiohttp.ClientError, OSError, TimeoutError) as exc:
        raise map_client_error(exc, idle_s) from exc
    finally:
        # A finished body lets the connection go back to the pool; anything else aborts it.
        if content.is_eof():
            resp.release()
        else:
            resp.close()
