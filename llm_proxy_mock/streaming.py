"""Sends an SSE stream event by event, applying the timing and failure knobs.

Each event is written with its own `resp.write()` so it leaves at once (aiohttp sets TCP_NODELAY).
"Content chunks" (`StreamPlan.body`, see `sse`) are what `drop_after`, `stall_after`, `error_event_after`,
`chunk_delay_ms` and the record's `chunk_sent_at` count; `head` and `tail` events are not counted.
"""

from __future__ import annotations

import asyncio
import time

from aiohttp import web

from llm_proxy_mock.exchange import Exchange
from llm_proxy_mock.sse import Named, StreamPlan, frame

__all__ = ["SSE_HEADERS", "Named", "StreamPlan", "send_stream"]

SSE_HEADERS = {
    "Content-Type": "text/event-stream",
    "Cache-Control": "no-cache",
    "X-Accel-Buffering": "no",
}


async def send_stream(ex: Exchange, plan: StreamPlan) -> web.StreamResponse:
    """Send `plan` as `text/event-stream` (status 200, chunked) and end the body.

    At the point where `n` content chunks were sent, in this order: `drop_after == n` closes the
    connection; `error_event_after == n` sends an error event and ends the body; `stall_after == n`
    stalls. A knob value larger than the number of content chunks never fires.
    """
    knobs = ex.knobs
    nl = b"\r\n" if knobs.crlf else b"\n"
    keepalive = b": keepalive" + nl + nl
    resp = web.StreamResponse(status=200, headers={**SSE_HEADERS, **ex.id_headers()})
    ex.response = resp
    ex.record.status = 200
    await resp.prepare(ex.request)
    if knobs.first_chunk_ms:
        await asyncio.sleep(knobs.first_chunk_ms / 1000)
    for event in plan.head:
        await resp.write(frame(event, nl))
    sent_at = ex.record.chunk_sent_at
    total = len(plan.body)
    for n in range(total + 1):
        if n == knobs.drop_after:
            return ex.drop()
        if n == knobs.error_event_after:
            await resp.write(frame(plan.error_event(knobs, n), nl))
            return await _end(ex, resp)
        if n == knobs.stall_after:
            await (_trickle(resp, knobs.trickle_ms) if knobs.trickle_ms else ex.stall())
        if n == total:
            break
        if n and knobs.chunk_delay_ms:
            await asyncio.sleep(knobs.chunk_delay_ms / 1000)
        if knobs.keepalive:
            await resp.write(keepalive)
        await resp.write(frame(plan.body[n], nl))
        sent_at.append(time.time())
    for event in plan.tail:
        await resp.write(frame(event, nl))
    if plan.done and not knobs.no_done:
        await resp.write(frame(b"[DONE]", nl))
    return await _end(ex, resp)


async def _trickle(resp: web.StreamResponse, every_ms: float) -> None:
    """One byte of an event that never ends, every `every_ms`, until the client leaves."""
    await resp.write(b"data: ")
    while True:
        await asyncio.sleep(every_ms / 1000)
        await resp.write(b"x")


async def _end(ex: Exchange, resp: web.StreamResponse) -> web.StreamResponse:
    await resp.write_eof()
    ex.record.finished = True
    return resp
