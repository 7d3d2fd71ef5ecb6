"""Cached (or coalesced) answers sent to the caller the way an upstream's would be.

Guarantees: a replay goes through the same reply path as an upstream answer: JSON answers through
the output guard's whole-answer check, streams through the ChatRelay (so output guardrails,
restore, `include_usage` and `[DONE]` behave identically); usage is zero (nothing was billed);
a streamed follower of a coalesced leader gets the leader's events as they arrive.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator
from typing import Any

import orjson

from proxy.cache.answer import ZERO_USAGE, replay_chunks, replay_events, replay_json
from proxy.cache.coalesce import Flight
from proxy.core.exchange import Exchange, JsonReply, Reply, StreamReply, Usage
from proxy.core.sse import SSEEvent
from proxy.stages.guardrails import set_header
from proxy.surfaces.chat import JSON_CONTENT_TYPE, SSE_HEADERS
from proxy.surfaces.relay import ChatRelay
from proxy.upstream.providers.base import ChatEventStream


async def replay_reply(ex: Exchange, answer: dict[str, Any]) -> Reply:
    assert ex.alias is not None
    if not ex.stream:
        ex.usage = Usage()
        reply = JsonReply(200, replay_json(answer, ex.alias), [JSON_CONTENT_TYPE])
        guard = ex.output_guard
        if guard is None:
            return reply

        async def same() -> Reply:
            return reply

        checked = await guard.finish_reply(ex, reply, again=same)
        set_header(ex, output_pending=False)
        return checked
    chunks = replay_chunks(answer, ex.alias, include_usage=True)
    stream = ChatEventStream(200, [], [], replay_events(chunks))
    return StreamReply(200, ChatRelay(ex, stream).events(), list(SSE_HEADERS))


async def follow_reply(ex: Exchange, flight: Flight, timeout_s: float) -> Reply | None:
    """A live stream of the leader's events, once its first event is in; None if it has none."""
    recorder = flight.recorder
    deadline = asyncio.get_running_loop().time() + timeout_s
    while recorder is None or not (recorder.events or recorder.closed):
        if flight.done.is_set() or asyncio.get_running_loop().time() > deadline:
            return None
        await asyncio.sleep(0.005)
        recorder = flight.recorder
    if not recorder.events:
        return None
    stream = ChatEventStream(200, [], [], _unbilled(recorder.follow()))
    return StreamReply(200, ChatRelay(ex, stream).events(), list(SSE_HEADERS))


async def _unbilled(events: AsyncGenerator[list[SSEEvent], None]) -> AsyncGenerator[list[SSEEvent], None]:
    """The leader's events with its usage replaced by zero: the follower was not billed."""
    try:
        async for batch in events:
            yield [_zero_usage(ev) for ev in batch]
    finally:
        await events.aclose()


def _zero_usage(ev: SSEEvent) -> SSEEvent:
    if not ev.data or b'"usage"' not in ev.data:
        return ev
    try:
        obj = orjson.loads(ev.data)
    except orjson.JSONDecodeError:
        return ev
    if not isinstance(obj, dict) or not isinstance(obj.get("usage"), dict):
        return ev
    obj["usage"] = dict(ZERO_USAGE)
    return SSEEvent(data=orjson.dumps(obj), obj=obj)
