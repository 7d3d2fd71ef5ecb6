"""Cached (or coalesced) answers sent to the caller the way an upstream's would be.

Guarantees: a replay is handed to the surface's reply path (`Replayer`, one per surface, given to
the cache stage at construction; its `codec` says how that protocol's answers are kept and
replayed) as what that path renders: a JSON answer's bytes, or a stream of events; there,
as for an upstream answer, the Exchange's answer filters apply (so output guardrails, restore,
`include_usage` and `[DONE]` behave identically); usage is zero (nothing was billed); a streamed
follower of a coalesced leader gets the leader's events as they arrive.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator
from typing import Any, Protocol

import orjson

from proxy.cache.answer import replay_events
from proxy.cache.coalesce import Flight
from proxy.cache.codec import AnswerCodec
from proxy.core.exchange import Exchange, Reply, Usage
from proxy.core.sse import SSEEvent


class Replayer(Protocol):
    """The reply path of the surface a request came in on, for answers that did not come from upstream."""

    async def json(self, ex: Exchange, body: bytes) -> Reply:
        """A whole answer (status 200), through the answer filters."""

    def stream(self, ex: Exchange, events: AsyncGenerator[list[SSEEvent], None]) -> Reply:
        """A stream (status 200) of the protocol's events, relayed as an upstream's would be."""

    @property
    def codec(self) -> AnswerCodec:
        """How the cache keeps and replays this protocol's answers."""


async def replay_reply(ex: Exchange, answer: dict[str, Any], surface: Replayer) -> Reply:
    assert ex.alias is not None
    codec = surface.codec
    if not ex.stream:
        ex.usage = Usage()
        return await surface.json(ex, codec.json_bytes(answer, ex.alias))
    return surface.stream(ex, replay_events(codec.stream_events(answer, ex.alias)))


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
    return surface.stream(ex, _unbilled(recorder.follow(), surface.codec))


async def _unbilled(
    events: AsyncGenerator[list[SSEEvent], None], codec: AnswerCodec
) -> AsyncGenerator[list[SSEEvent], None]:
    """The leader's events with its usage replaced by zero: the follower was not billed."""
    try:
        async for batch in events:
            yield [_zero_usage(ev, codec) for ev in batch]
    finally:
        await events.aclose()


def _zero_usage(ev: SSEEvent, codec: AnswerCodec) -> SSEEvent:
    if not ev.data or b'"usage"' not in ev.data:
        return ev
    try:
        obj = orjson.loads(ev.data)
    except orjson.JSONDecodeError:
        return ev
    if not isinstance(obj, dict) or not codec.zero_usage(obj):
        return ev
    return SSEEvent(data=orjson.dumps(obj), obj=obj)
