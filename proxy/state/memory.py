"""`MemoryStore`: the `Store` contract inside one process (one replica, or the fallback of many).

Every method runs without awaiting, so each call is atomic with respect to the event loop.
Expired entries are dropped lazily: a full sweep runs whenever the number of entries has doubled
since the last sweep (amortised O(1) per call), so memory follows the number of live keys. Each
sweep also evicts the least recently written buckets beyond `max_keys` (leases, spend totals and
index sets are never evicted early: they are bounded by the callers' concurrency, budgets and the
number of keys, users and models seen within their TTL). Remembered values are capped on their own:
a write beyond `max_values` forgets the least recently written value, which (values sharing one
TTL) is also the one closest to expiring.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import TypeVar

from proxy.core.buckets import Bucket
from proxy.state.base import BucketState, Slot, adjusted_tat, gcra, untaken, untaken_slot, validate

_MIN_SWEEP_AT = 1024

_V = TypeVar("_V")


class MemoryStore:
    """Dict-backed store; time comes from `clock` (seconds, monotonic)."""

    __slots__ = (
        "_clock",
        "_leases",
        "_max_keys",
        "_max_values",
        "_sets",
        "_spend",
        "_sweep_at",
        "_tats",
        "_values",
        "name",
    )

    def __init__(
        self,
        *,
        clock: Callable[[], float] = time.monotonic,
        max_keys: int = 1_000_000,
        max_values: int = 100_000,
    ) -> None:
        self.name = "memory"
        self._clock = clock
        self._max_keys = max_keys
        self._max_values = max_values
        self._tats: dict[str, float] = {}  # bucket key -> TAT; an entry whose TAT has passed is a full bucket
        self._leases: dict[str, dict[str, float]] = {}  # slot key -> lease -> expiry
        self._spend: dict[str, tuple[float, float]] = {}  # spend key -> (total, expiry)
        self._sets: dict[str, tuple[set[str], float]] = {}  # index key -> (members, expiry)
        self._values: dict[str, tuple[str, float]] = {}  # remembered key -> (value, expiry), oldest write first
        self._sweep_at = _MIN_SWEEP_AT

    async def take(self, buckets: Sequence[Bucket], slots: Sequence[Slot] = ()) -> list[BucketState]:
        """All or nothing across `buckets` and `slots` (see `Store.take`); a key listed twice sees its
        earlier take. A refused take changes nothing, not even the expiry of a held lease."""
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
        held: dict[str, dict[str, float]] = {}  # slot key -> live leases, with those this take adds
        new_leases: list[bool] = []
        for slot in slots:
            live = held.get(slot.key)
            if live is None:
                live = held[slot.key] = self._live_leases(slot.key, now)
            new = slot.lease not in live
            allowed = not new or len(live) < slot.limit
            if allowed:
                live[slot.lease] = now + slot.ttl_s
            states.append(BucketState(allowed, float(max(0, slot.limit - len(live))), 0.0, 0.0))
            new_leases.append(allowed and new)
        if not all(state.allowed for state in states):
            bucket_states, slot_states = states[: len(buckets)], states[len(buckets) :]
            kept = [untaken(state, bucket) for state, bucket in zip(bucket_states, buckets, strict=True)]
            return kept + [untaken_slot(state, new) for state, new in zip(slot_states, new_leases, strict=True)]
        for bucket in buckets:
            if bucket.cost != 0:
                self._store_tat(bucket.key, pending[bucket.key], now)
        for key, live in held.items():
            self._put(self._leases, key, live)
        self._maybe_sweep(now)
        return states

    async def adjust(self, bucket: Bucket) -> None:
        """Reconcile without refusing (see `Store.adjust`)."""
        validate(bucket)
        self._adjust(bucket, self._clock())

    async def acquire(self, key: str, limit: int, lease: str, ttl_s: float) -> bool:
        """Hold `lease` if fewer than `limit` live leases (re-acquiring a held lease renews it)."""
        [state] = await self.take((), (Slot(key, limit, lease, ttl_s),))
        return state.allowed

    async def release(self, key: str, lease: str) -> None:
        """Give back `lease`; no-op if not held."""
        self._release(key, lease)

    async def add_spend(self, key: str, amount: float, ttl_s: float) -> float:
        """Add `amount`; the total expires ttl_s after the add that created it."""
        return self._add_spend(key, amount, ttl_s, self._clock())

    async def get_spend(self, key: str) -> float:
        """The live total or 0.0."""
        return self._spend_of(key, self._clock())

    async def get_spends(self, keys: Sequence[str]) -> list[float]:
        """The live totals (or 0.0) of `keys`, in order, as of one instant."""
        now = self._clock()
        return [self._spend_of(key, now) for key in keys]

    async def get_members(self, keys: Sequence[str]) -> list[set[str]]:
        """The live members (copies) of each index set, in order, as of one instant."""
        now = self._clock()
        empty: tuple[set[str], float] = (set(), 0.0)
        return [set(members) if expiry > now else set() for members, expiry in (self._sets.get(k, empty) for k in keys)]

    async def apply(
        self,
        *,
        releases: Sequence[tuple[str, str]] = (),
        adjusts: Sequence[Bucket] = (),
        spends: Sequence[tuple[str, float, float]] = (),
        members: Sequence[tuple[str, str, float]] = (),
    ) -> None:
        """Releases, adjusts, spend adds and index adds (see `Store.apply`), all at once: atomic here."""
        for bucket in adjusts:
            validate(bucket)
        now = self._clock()
        for key, lease in releases:
            self._release(key, lease)
        for bucket in adjusts:
            self._adjust(bucket, now)
        for key, amount, ttl_s in spends:
            self._add(key, amount, ttl_s, now)
        for key, member, ttl_s in members:
            self._add_member(key, member, ttl_s, now)
        self._maybe_sweep(now)

    async def remember(self, key: str, value: str, ttl_s: float) -> None:
        """Set `key` until ttl_s from now; beyond `max_values` values the least recently written is forgotten."""
        now = self._clock()
        self._put(self._values, key, (value, now + ttl_s))
        while len(self._values) > self._max_values:
            del self._values[next(iter(self._values))]
        self._maybe_sweep(now)

    async def recall(self, key: str) -> str | None:
        """The live value or None."""
        entry = self._values.get(key)
        return entry[0] if entry is not None and entry[1] > self._clock() else None

    async def start(self) -> None:
        """Nothing to connect."""

    async def ping(self) -> bool:
        """Always True: the process is its own store."""
        return True

    async def close(self) -> None:
        """Drop all state."""
        self._tats.clear()
        self._leases.clear()
        self._spend.clear()
        self._sets.clear()
        self._values.clear()

    def __len__(self) -> int:
        """Entries held (live or not yet swept); for tests and metrics."""
        return len(self._tats) + len(self._leases) + len(self._spend) + len(self._sets) + len(self._values)

    def _adjust(self, bucket: Bucket, now: float) -> None:
        if bucket.cost != 0:
            self._store_tat(bucket.key, adjusted_tat(self._tats.get(bucket.key), now, bucket), now)

    def _live_leases(self, key: str, now: float) -> dict[str, float]:
        return {name: expiry for name, expiry in self._leases.get(key, {}).items() if expiry > now}

    def _release(self, key: str, lease: str) -> None:
        leases = self._leases.get(key)
        if leases is None:
            return
        leases.pop(lease, None)
        if not leases:
            del self._leases[key]

    def _add_spend(self, key: str, amount: float, ttl_s: float, now: float) -> float:
        total = self._add(key, amount, ttl_s, now)
        self._maybe_sweep(now)
        return total

    def _add(self, key: str, amount: float, ttl_s: float, now: float) -> float:
        # No sweep and no re-insert here: totals are never evicted by write order, and `apply` adds
        # a request's many usage counters in one go, then sweeps once.
        entry = self._spend.get(key)
        if entry is None or entry[1] <= now:
            self._spend[key] = entry = (amount, now + ttl_s)
        else:
            self._spend[key] = entry = (entry[0] + amount, entry[1])
        return entry[0]

    def _add_member(self, key: str, member: str, ttl_s: float, now: float) -> None:
        entry = self._sets.get(key)
        if entry is None or entry[1] <= now:
            self._sets[key] = ({member}, now + ttl_s)
        else:
            entry[0].add(member)

    def _spend_of(self, key: str, now: float) -> float:
        total, expiry = self._spend.get(key, (0.0, 0.0))
        return total if expiry > now else 0.0

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
        self._sets = {key: entry for key, entry in self._sets.items() if entry[1] > now}
        self._values = {key: entry for key, entry in self._values.items() if entry[1] > now}
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
