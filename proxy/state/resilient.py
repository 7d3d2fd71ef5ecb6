"""`ResilientStore`: a primary store (Redis) that degrades instead of failing when it is unreachable.

While the primary answers, every call goes to it. The first `StoreUnavailable` switches to
degraded mode: fail-open answers every call from the fallback (a local `MemoryStore`, so limits
still hold per replica); fail-closed refuses takes and acquires, raises on spend calls and drops
reconciliation (`adjust`, the adjusts and spends of `apply`), while releases always reach the
fallback too, wherever the lease was taken. Remembered values follow the spend calls (fail-open:
the fallback; fail-closed: `StoreUnavailable`), and a value the primary does not have is looked up
in the fallback, so what one replica remembered during an outage it still finds afterwards.
Calls with nothing to do return at once. While
degraded, the next call at least `retry_every_s` after the last attempt probes the primary, and
a probe that succeeds returns to it. Only one call probes at a time; the rest keep degrading.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable, Sequence
from typing import TypeVar

from proxy.core.buckets import Bucket
from proxy.state.base import BucketState, Slot, Store, StoreUnavailable

_T = TypeVar("_T")

MODE_LOCAL_FALLBACK = "local-fallback"
MODE_CLOSED = "closed"


class _Skipped:
    """The primary was not used (degraded, or it failed just now)."""


_SKIPPED = _Skipped()


class ResilientStore:
    """`Store` over `primary` with degradation to `fallback` (fail-open) or refusal (fail-closed)."""

    __slots__ = (
        "_clock",
        "_degraded",
        "_fail_open",
        "_fallback",
        "_next_probe",
        "_on_mode_change",
        "_primary",
        "_retry_every_s",
        "name",
    )

    def __init__(
        self,
        primary: Store,
        fallback: Store,
        *,
        fail_open: bool,
        retry_every_s: float = 1.0,
        clock: Callable[[], float] = time.monotonic,
        on_mode_change: Callable[[str], None] | None = None,
    ) -> None:
        self.name = primary.name
        self._primary = primary
        self._fallback = fallback
        self._fail_open = fail_open
        self._retry_every_s = retry_every_s
        self._clock = clock
        self._on_mode_change = on_mode_change
        self._degraded = False
        self._next_probe = 0.0

    @property
    def degraded(self) -> bool:
        """True while calls are not going to the primary."""
        return self._degraded

    @property
    def mode(self) -> str:
        """The primary's name (e.g. "redis"), "local-fallback" or "closed"; for /readyz and metrics."""
        if not self._degraded:
            return self._primary.name
        return MODE_LOCAL_FALLBACK if self._fail_open else MODE_CLOSED

    async def take(self, buckets: Sequence[Bucket], slots: Sequence[Slot] = ()) -> list[BucketState]:
        """Primary's answer; degraded: the fallback's (fail-open) or a refusal of every bucket and slot
        retrying after retry_every_s (fail-closed)."""
        if not buckets and not slots:
            return []
        result = await self._attempt(lambda store: store.take(buckets, slots))
        if not isinstance(result, _Skipped):
            return result
        if self._fail_open:
            return await self._fallback.take(buckets, slots)
        refusal = BucketState(False, 0.0, self._retry_every_s, self._retry_every_s)
        return [refusal] * (len(buckets) + len(slots))

    async def adjust(self, bucket: Bucket) -> None:
        """Primary; degraded: the fallback (fail-open) or dropped (fail-closed: nothing was admitted locally)."""
        result = await self._attempt(lambda store: store.adjust(bucket))
        if isinstance(result, _Skipped) and self._fail_open:
            await self._fallback.adjust(bucket)

    async def acquire(self, key: str, limit: int, lease: str, ttl_s: float) -> bool:
        """Primary; degraded: the fallback (fail-open) or False (fail-closed)."""
        result = await self._attempt(lambda store: store.acquire(key, limit, lease, ttl_s))
        if not isinstance(result, _Skipped):
            return result
        return self._fail_open and await self._fallback.acquire(key, limit, lease, ttl_s)

    async def release(self, key: str, lease: str) -> None:
        """Release on the primary (when reachable) and on the fallback, wherever the lease was taken."""
        await self._attempt(lambda store: store.release(key, lease))
        await self._fallback.release(key, lease)

    async def add_spend(self, key: str, amount: float, ttl_s: float) -> float:
        """Primary; degraded: the fallback (fail-open) or `StoreUnavailable` (fail-closed)."""
        result = await self._attempt(lambda store: store.add_spend(key, amount, ttl_s))
        if not isinstance(result, _Skipped):
            return result
        if not self._fail_open:
            raise StoreUnavailable("shared state unavailable (fail-closed)")
        return await self._fallback.add_spend(key, amount, ttl_s)

    async def get_spend(self, key: str) -> float:
        """Primary; degraded: the fallback (fail-open) or `StoreUnavailable` (fail-closed)."""
        result = await self._attempt(lambda store: store.get_spend(key))
        if not isinstance(result, _Skipped):
            return result
        if not self._fail_open:
            raise StoreUnavailable("shared state unavailable (fail-closed)")
        return await self._fallback.get_spend(key)

    async def get_spends(self, keys: Sequence[str]) -> list[float]:
        """Primary; degraded: the fallback (fail-open) or `StoreUnavailable` (fail-closed)."""
        if not keys:
            return []
        result = await self._attempt(lambda store: store.get_spends(keys))
        if not isinstance(result, _Skipped):
            return result
        if not self._fail_open:
            raise StoreUnavailable("shared state unavailable (fail-closed)")
        return await self._fallback.get_spends(keys)

    async def get_members(self, keys: Sequence[str]) -> list[set[str]]:
        """Primary; degraded: the fallback (fail-open) or `StoreUnavailable` (fail-closed)."""
        if not keys:
            return []
        result = await self._attempt(lambda store: store.get_members(keys))
        if not isinstance(result, _Skipped):
            return result
        if not self._fail_open:
            raise StoreUnavailable("shared state unavailable (fail-closed)")
        return await self._fallback.get_members(keys)

    async def apply(
        self,
        *,
        releases: Sequence[tuple[str, str]] = (),
        adjusts: Sequence[Bucket] = (),
        spends: Sequence[tuple[str, float, float]] = (),
        members: Sequence[tuple[str, str, float]] = (),
    ) -> None:
        """Primary; degraded: all of it on the fallback (fail-open), or only the releases (fail-closed:
        adjusts, spends and index adds are dropped, as with `adjust`, rather than raising). Releases also
        reach the fallback whenever the primary was used. Never raises `StoreUnavailable`; if the primary
        fails part-way, the fail-open fallback gets the whole batch."""
        if not releases and not adjusts and not spends and not members:
            return
        result = await self._attempt(
            lambda store: store.apply(releases=releases, adjusts=adjusts, spends=spends, members=members)
        )
        if isinstance(result, _Skipped) and self._fail_open:
            await self._fallback.apply(releases=releases, adjusts=adjusts, spends=spends, members=members)
        elif releases:
            await self._fallback.apply(releases=releases)

    async def remember(self, key: str, value: str, ttl_s: float) -> None:
        """Primary; degraded: the fallback (fail-open) or `StoreUnavailable` (fail-closed)."""
        result = await self._attempt(lambda store: store.remember(key, value, ttl_s))
        if not isinstance(result, _Skipped):
            return
        if not self._fail_open:
            raise StoreUnavailable("shared state unavailable (fail-closed)")
        await self._fallback.remember(key, value, ttl_s)

    async def recall(self, key: str) -> str | None:
        """Primary, then the fallback if the primary has no value; degraded: the fallback (fail-open) or
        `StoreUnavailable` (fail-closed)."""
        result = await self._attempt(lambda store: store.recall(key))
        if isinstance(result, _Skipped) and not self._fail_open:
            raise StoreUnavailable("shared state unavailable (fail-closed)")
        if isinstance(result, str):
            return result
        # Only values remembered while degraded are here; in fail-closed mode it stays empty.
        return await self._fallback.recall(key)

    async def start(self) -> None:
        """Start the primary (the fallback is in-process); the mode stays until a call tries the primary."""
        await self._primary.start()

    async def ping(self) -> bool:
        """True if calls can be answered now: the primary answers, or fail-open and the fallback does.

        Pinging does not change the mode.
        """
        if await self._primary.ping():
            return True
        return self._fail_open and await self._fallback.ping()

    async def close(self) -> None:
        """Close both stores."""
        try:
            await self._primary.close()
        finally:
            await self._fallback.close()

    async def _attempt(self, op: Callable[[Store], Awaitable[_T]]) -> _T | _Skipped:
        probing = self._degraded
        if probing:
            now = self._clock()
            if now < self._next_probe:
                return _SKIPPED
            # Push the next probe out before awaiting so concurrent calls do not probe too.
            self._next_probe = now + self._retry_every_s
        try:
            result = await op(self._primary)
        except StoreUnavailable:
            self._next_probe = self._clock() + self._retry_every_s
            self._set_degraded(True)
            return _SKIPPED
        # Only a probe recovers: a call that started before the outage may still succeed after it.
        if probing:
            self._set_degraded(False)
        return result

    def _set_degraded(self, degraded: bool) -> None:
        if degraded == self._degraded:
            return
        self._degraded = degraded
        if self._on_mode_change is not None:
            self._on_mode_change(self.mode)
