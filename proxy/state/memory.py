"""`MemoryStore`: the `Store` contract inside one process (one replica, or the fallback of many).

Every method runs without awaiting, so each call is atomic with respect to the event loop.
Expired entries are dropped lazily: a full sweep runs whenever the number of entries has doubled
since the last sweep (amortised O(1) per call), so memory follows the number of live keys. Each
sweep also evicts the least recently written buckets beyond `max_keys` (leases and spend totals are
never evicted early: they are bounded by the callers' concurrency and budgets).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import TypeVar

from proxy.state.base import Bucket, BucketState, adjusted_tat, gcra, untaken, validate

_MIN_SWEEP_AT = 1024

_V = TypeVar("_V")


class MemoryStore:
    """Dict-backed store; time comes from `clock` (seconds, monotonic)."""

    __slots__ = ("_clock", "_leases", "_max_keys", "_spend", "_sweep_at", "_tats", "name")

    def __init__(self, *, clock: Callable[[], float] = time.monotonic, max_keys: int = 1_000_000) -> None:
        self.name = "memory"
        self._clock = clock
        self._max_keys = max_keys
        self._tats: dict[str, float] = {}  # bucket key -> TAT; an entry whose TAT has passed is a full bucket
        self._leases: dict[str, dict[str, float]] = {}  # slot key -> lease -> expiry
        self._spend: dict[str, tuple[float, float]] = {}  # spend key -> (total, expiry)
        self._sweep_at = _MIN_SWEEP_AT

    async def take(self, buckets: Sequence[Bucket]) -> list[BucketState]:
        """All or nothing across `buckets` (see `Store.take`); a key listed twice sees its earlier take."""
        now = self._clock()
        pending: dict[str, float] = {}
        states: list[BucketState] = []
        for bucket in buckets:
            validate(bucket, take=True)
            tat = pending.get(bucket.key, self._tats.get(bucket.key))
            state, new_tat = gcra(tat, now, bucket)
            states.append(state)
            if state.allowed:
                pending[bucket.key] = new_tat
        if not all(state.allowed for state in states):
            return [untaken(state, bucket) for state, bucket in zip(states, buckets, strict=True)]
        for bucket in buckets:
            if bucket.cost != 0:
                self._store_tat(bucket.key, pending[bucket.key], now)
        return states

    async def adjust(self, bucket: Bucket) -> None:
        """Reconcile without refusing (see `Store.adjust`)."""
        validate(bucket)
        if bucket.cost == 0:
            return
        now = self._clock()
        self._store_tat(bucket.key, adjusted_tat(self._tats.get(bucket.key), now, bucket), now)

    async def acquire(self, key: str, limit: int, lease: str, ttl_s: float) -> bool:
        """Hold `lease` if fewer than `limit` live leases (re-acquiring a held lease renews it)."""
        now = self._clock()
        leases = self._leases.get(key, {})
        live = {name: expiry for name, expiry in leases.items() if expiry > now}
        if lease not in live and len(live) >= limit:
            if live:
                self._leases[key] = live
            else:
                self._leases.pop(key, None)
            return False
        live[lease] = now + ttl_s
        self._put(self._leases, key, live)
        self._maybe_sweep(now)
        return True

    async def release(self, key: str, lease: str) -> None:
        """Give back `lease`; no-op if not held."""
        leases = self._leases.get(key)
        if leases is None:
            return
        leases.pop(lease, None)
        if not leases:
            del self._leases[key]

    async def add_spend(self, key: str, amount: float, ttl_s: float) -> float:
        """Add `amount`; the total expires ttl_s after the add that created it."""
        now = self._clock()
        total, expiry = self._spend.get(key, (0.0, 0.0))
        if expiry <= now:
            total, expiry = 0.0, now + ttl_s
        total += amount
        self._put(self._spend, key, (total, expiry))
        self._maybe_sweep(now)
        return total

    async def get_spend(self, key: str) -> float:
        """The live total or 0.0."""
        total, expiry = self._spend.get(key, (0.0, 0.0))
        return total if expiry > self._clock() else 0.0

    async def ping(self) -> bool:
        """Always True: the process is its own store."""
        return True

    async def close(self) -> None:
        """Drop all state."""
        self._tats.clear()
        self._leases.clear()
        self._spend.clear()

    def __len__(self) -> int:
        """Entries held (live or not yet swept); for tests and metrics."""
        return len(self._tats) + len(self._leases) + len(self._spend)

    def _store_tat(self, key: str, tat: float, now: float) -> None:
        if tat <= now:
            # A TAT in the past is a full bucket, the same as no entry at all.
            self._tats.pop(key, None)
            return
        self._put(self._tats, key, tat)
        self._maybe_sweep(now)

    @staticmethod
    def _put(table: dict[str, _V], key: str, value: _V) -> None:
        # Re-insert so dict order is least-recently-written first: the cap evicts from the front.
        table.pop(key, None)
        table[key] = value

    def _maybe_sweep(self, now: float) -> None:
        if len(self) < self._sweep_at:
            return
        self._tats = {key: tat for key, tat in self._tats.items() if tat > now}
        self._spend = {key: entry for key, entry in self._spend.items() if entry[1] > now}
        leases: dict[str, dict[str, float]] = {}
        for key, held in self._leases.items():
            live = {name: expiry for name, expiry in held.items() if expiry > now}
            if live:
                leases[key] = live
        self._leases = leases
        # Live buckets beyond the cap are evicted oldest-written first; an evicted bucket reads as
        # full, so the cap errs toward admitting rather than toward refusing everyone.
        while len(self) > self._max_keys and self._tats:
            del self._tats[next(iter(self._tats))]
        self._sweep_at = max(_MIN_SWEEP_AT, 2 * len(self))
