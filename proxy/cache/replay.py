"""Cached (or coalesced) answers sent to the caller the way an upstream's would be.

Guarantees: a replay is handed to the surface's reply path (`Replayer`, given to the cache stage
at construction) as what that path renders: a JSON answer's bytes, or a stream of events; there,
as for an upstream answer, the Exchange's answer filters apply (so output guardrails, restore,
`include_usage` and `[DONE]` behave identically); usage is zero (nothing was billed); a streamed
follower of a coalesced leader gets the leader's events as they arrive.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator
from typing import Any, Protocol

import orjson

from proxy.cache.answer import ZERO_USAGE, replay_chunks, replay_events, replay_json
from proxy.cache.coalesce import Flight
from proxy.core.exchange import Exchange, Reply, Usage
from proxy.core.sse import SSEEvent


class Replayer(Protocol):
    """The reply path of the surface a request came in on, for answers that did not come from upstream."""

    async def json(self, ex: Exchange, body: bytes) -> Reply:
        """A whole answer (status 200), through the answer filters."""

    def stream(self, ex: Exchange, events: AsyncGenerator[list[SSEEvent], None]) -> Reply:
        """A stream (status 200) of OpenAI chunk events, relayed as an upstream's would be."""


async def replay_reply(ex: Exchange, answer: dict[str, Any], surface: Replayer) -> Reply:
    assert ex.alias is not None
    if not ex.stream:
        ex.usage = Usage()
        return await surface.json(ex, replay_json(answer, ex.alias))
    chunks = replay_chunks(answer, ex.alias, include_usage=True)
    return surface.stream(ex, replay_events(chunks))


async def follow_reply(ex: Exchange, flight: Flight, timeout_s: float, surface: Replayer) -> Reply | None:
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
    return surface.stream(ex, _unbilled(recorder.follow()))


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
