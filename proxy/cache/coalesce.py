"""Request coalescing: identical requests in flight wait for the first one and share its answer.

Guarantees: per exact key at most one leader calls the upstream; followers wait for it (a
follower leaving never affects the leader: it only stops waiting); a streamed leader's events
reach streamed followers as they arrive; when the leader fails or is cut short, every follower is
released to make its own call (a stream too large to keep ends its recording as a failure does);
flights are per process and always removed when their leader ends.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

from proxy.cache.answer import CachedAnswer, Recorder


@dataclass(slots=True)
class Flight:
    """The leader's request in progress; `answer` is set when it succeeded."""

    recorder: Recorder | None = None
    answer: CachedAnswer | None = None
    done: asyncio.Event = field(default_factory=asyncio.Event)


class Flights:
    """The requests in flight in this process, by exact key."""

    def __init__(self) -> None:
        self._flights: dict[str, Flight] = {}

    def join(self, key: str) -> tuple[Flight, bool]:
        """The flight for `key` and whether the caller leads it (True) or follows (False)."""
        flight = self._flights.get(key)
        if flight is not None:
            return flight, False
        flight = self._flights[key] = Flight()
        return flight, True

    def land(self, key: str, flight: Flight, answer: CachedAnswer | None) -> None:
        """The leader ended: hand its answer (None: failed) to the followers and close the flight."""
        flight.answer = answer
        flight.done.set()
        if self._flights.get(key) is flight:
            del self._flights[key]

    @property
    def in_flight(self) -> int:
        return len(self._flights)


async def wait_for(flight: Flight, timeout_s: float) -> CachedAnswer | None:
    """The leader's answer, or None if it failed or took longer than `timeout_s`."""
    try:
        await asyncio.wait_for(flight.done.wait(), timeout_s)
    except TimeoutError:
        return None
    return flight.answer
