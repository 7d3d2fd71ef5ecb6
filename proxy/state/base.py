"""The shared-state contract: GCRA token buckets, concurrency leases, spend totals, index sets and
remembered values.

Requests touch the store a few times each, so the contract has batch operations (`take` of many
buckets and slots, `get_spends`, `get_members`, `apply`) that a networked backend answers in one
round trip. Index sets name the members of a group (e.g. the keys that had usage on a day), so a
report can list them without scanning the keyspace. Remembered values are small strings kept for a
while (e.g. which deployment holds a stored response); an in-process backend may forget the oldest
early to stay bounded.
Every backend (`MemoryStore`, `RedisStore`, `ResilientStore`) implements `Store` with the same
observable behaviour; `tests/test_state_contract.py` runs one suite against all of them. The
pure GCRA arithmetic lives here so the in-process backend and the tests share one definition
(the Redis backend runs the same formulas in Lua).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from proxy.core.buckets import Bucket

# Float slack (seconds) when comparing arrival times, so a bucket of `burst` units taken one unit
# at a time admits exactly `burst` despite rounding in the repeated additions of 1/rate.
EPSILON_S = 1e-9


class StoreUnavailable(Exception):
    """The backing store could not be reached or did not answer in time (nothing is known to have happened)."""


@dataclass(frozen=True, slots=True)
class Slot:
    """A concurrency slot: hold `lease` in the set `key` if it has fewer than `limit` live leases.

    A held lease expires `ttl_s` after it was last taken (so a crashed holder's slot comes back);
    taking a lease that is already held renews it and is not a new slot.
    """

    key: str  # full storage key with a hash tag, like a bucket's
    limit: int
    lease: str  # the holder, e.g. the request id
    ttl_s: float


@dataclass(frozen=True, slots=True)
class BucketState:
    """One bucket's answer to a take.

    `allowed` says whether this bucket alone could take its cost; when a multi-bucket take is
    refused as a whole nothing is taken, and the buckets that could have taken report the state
    they still have (remaining and reset as before the take, retry_after_s 0).
    """

    allowed: bool
    remaining: float  # units that could still be taken right now (after this take if allowed)
    reset_after_s: float  # time until the bucket is full again
    retry_after_s: float  # if refused: time until `cost` could be taken; 0 if allowed


# A concurrency slot's answer to a take is a BucketState too: `allowed` says whether the lease could
# be held, `remaining` counts the free slots (after this take if allowed), reset_after_s and
# retry_after_s are 0 (a slot comes back when a holder finishes, which cannot be foreseen; only a
# fail-closed `ResilientStore` refusal reports when it will next try the store).


class Store(Protocol):
    """Atomic shared state for rate limits, concurrency limits and budgets."""

    name: str  # "memory" or "redis"

    async def take(self, buckets: Sequence[Bucket], slots: Sequence[Slot] = ()) -> list[BucketState]:
        """All or nothing: if every bucket can take its cost now and every slot can be held, take from all
        and hold all; otherwise take from none and hold no new lease (a listed lease that was already held
        may still have been renewed). Returns one state per bucket, then one per slot, in order (each
        refused bucket reports its own retry_after_s)."""
        ...

    async def adjust(self, bucket: Bucket) -> None:
        """Reconciliation: take `bucket.cost` more units (cost > 0) or give back -cost units (cost < 0) without
        refusing: a bucket may go into debt (callers then wait longer); giving back never fills beyond capacity."""
        ...

    async def acquire(self, key: str, limit: int, lease: str, ttl_s: float) -> bool:
        """Concurrency slot: True and hold `lease` if fewer than `limit` live leases; leases expire after ttl_s
        (a crashed replica's slots come back). The same as `take([], [Slot(key, limit, lease, ttl_s)])`."""
        ...

    async def release(self, key: str, lease: str) -> None:
        """Give back `lease` (no-op if it is not held, e.g. already expired)."""
        ...

    async def add_spend(self, key: str, amount: float, ttl_s: float) -> float:
        """Add to a running total (dollars) that expires ttl_s after its first add; returns the new total."""
        ...

    async def get_spend(self, key: str) -> float:
        """The running total, 0.0 if it never existed or has expired."""
        ...

    async def get_spends(self, keys: Sequence[str]) -> list[float]:
        """`get_spend` of each key, in order, read together (each total is exact; the list is not one
        atomic snapshot across hash-tag groups)."""
        ...

    async def get_members(self, keys: Sequence[str]) -> list[set[str]]:
        """The live members of each index set in `keys`, in order (an empty set if it never existed or has
        expired), read together in one round trip."""
        ...

    async def apply(
        self,
        *,
        releases: Sequence[tuple[str, str]] = (),
        adjusts: Sequence[Bucket] = (),
        spends: Sequence[tuple[str, float, float]] = (),
        members: Sequence[tuple[str, str, float]] = (),
    ) -> None:
        """Bookkeeping that never refuses, sent together: `release` each (key, lease), `adjust` each bucket,
        `add_spend` each (key, amount, ttl_s) and add each (key, member, ttl_s) to the index set `key`, which
        (like a spend total) expires ttl_s after the add that created it. Each update is atomic on its own,
        the batch is not: if the store fails part-way (`StoreUnavailable`), some updates may have been made.
        Invalid buckets raise ValueError before anything is changed."""
        ...

    async def remember(self, key: str, value: str, ttl_s: float) -> None:
        """Set `key` to `value` (replacing any earlier value) until ttl_s from now."""
        ...

    async def recall(self, key: str) -> str | None:
        """The live value `remember`ed under `key`, or None if never set, expired or forgotten."""
        ...

    async def start(self) -> None:
        """Connect ahead of the first call, where connecting takes longer than a call may wait (a Redis
        Cluster learning its slot map); within a few seconds, never raises. Calls work without it."""
        ...

    async def ping(self) -> bool:
        """Whether the store answers now; never raises."""
        ...

    async def close(self) -> None:
        """Release connections; the store is not used afterwards."""
        ...


def gcra(tat: float | None, now: float, bucket: Bucket) -> tuple[BucketState, float]:
    """Evaluate taking `bucket.cost` at `now` from a bucket whose theoretical arrival time is `tat`.

    `tat` is None for a bucket with no stored state (full). Returns the state and the TAT to store
    if the take goes ahead (meaningful only when `allowed`). Units of `tat` and `now`: seconds.
    """
    interval = 1.0 / bucket.rate_per_s
    limit = bucket.burst * interval
    base = now if tat is None else max(tat, now)
    new_tat = base + bucket.cost * interval
    if new_tat - now <= limit + EPSILON_S:
        remaining = max(0.0, (limit - (new_tat - now)) / interval)
        return BucketState(True, remaining, new_tat - now, 0.0), new_tat
    remaining = max(0.0, (limit - (base - now)) / interval)
    return BucketState(False, remaining, base - now, (new_tat - now) - limit), base


def untaken_slot(state: BucketState, newly_held: bool) -> BucketState:
    """The state a slot reports when the take as a whole was refused (a new lease not held after all)."""
    return BucketState(True, state.remaining + 1, 0.0, 0.0) if newly_held else state


def untaken(state: BucketState, bucket: Bucket) -> BucketState:
    """The state an allowed bucket keeps when the take as a whole was refused (its cost not taken)."""
    if not state.allowed:
        return state
    return BucketState(
        True,
        min(bucket.burst, state.remaining + bucket.cost),
        max(0.0, state.reset_after_s - bucket.cost / bucket.rate_per_s),
        0.0,
    )


def adjusted_tat(tat: float | None, now: float, bucket: Bucket) -> float:
    """The TAT after reconciling by `bucket.cost` units: may go into debt, never fuller than full."""
    base = now if tat is None else max(tat, now)
    return max(now, base + bucket.cost / bucket.rate_per_s)


def hash_tag(key: str) -> str | None:
    """The Redis Cluster hash tag of `key` (text between the first '{' and the next '}'), if non-empty."""
    start = key.find("{")
    if start < 0:
        return None
    end = key.find("}", start + 1)
    if end <= start + 1:
        return None
    return key[start + 1 : end]


def validate(bucket: Bucket, *, take: bool = False) -> None:
    """Reject buckets the arithmetic cannot serve (a programming error, not a refusal).

    A take needs cost >= 0: units are given back with `Store.adjust`.
    """
    if take and not bucket.cost >= 0:
        raise ValueError(f"bucket {bucket.key!r}: take needs cost >= 0 (give back with adjust)")
    if not bucket.rate_per_s > 0:
        raise ValueError(f"bucket {bucket.key!r}: rate_per_s must be > 0")
    if not bucket.burst > 0:
        raise ValueError(f"bucket {bucket.key!r}: burst must be > 0")
