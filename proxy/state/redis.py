"""`RedisStore`: the `Store` contract shared by every replica through one Redis.

Each operation is one Lua script (EVALSHA, loaded on NOSCRIPT) or one command, so it is atomic
on the server. Scripts only touch keys of one hash slot: `take` runs one script per hash-tag
group and gives back what earlier groups took if a later group refuses, so all-or-nothing holds
across groups too (another caller may briefly see the units that are then given back). Any
Redis failure (unreachable, timed out, or an error reply such as a read-only replica) raises
`StoreUnavailable`, so callers degrade instead of crashing.
"""

from __future__ import annotations

import math
from collections.abc import Awaitable, Sequence
from typing import TypeVar

import redis.asyncio as aioredis
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import RedisError

from proxy.state import redis_scripts as lua
from proxy.state.base import Bucket, BucketState, StoreUnavailable, hash_tag, untaken, validate

_T = TypeVar("_T")


class RedisStore:
    """Store backed by Redis at `url` (redis:// or rediss://); connects lazily, pools connections."""

    __slots__ = ("_acquire", "_add_spend", "_adjust", "_redis", "_take", "name", "url")

    def __init__(self, url: str, *, timeout_s: float = 0.25) -> None:
        self.name = "redis"
        self.url = url
        pool = aioredis.ConnectionPool.from_url(
            url,
            socket_timeout=timeout_s,
            socket_connect_timeout=timeout_s,
            decode_responses=True,
            # One immediate retry on a broken connection replaces pooled sockets a Redis restart
            # killed; timeouts are not retried, since the script may have run.
            retry=Retry(NoBackoff(), 1, supported_errors=(RedisConnectionError,)),
        )
        self._redis = aioredis.Redis(connection_pool=pool)
        self._take = self._redis.register_script(lua.TAKE)
        self._adjust = self._redis.register_script(lua.ADJUST)
        self._acquire = self._redis.register_script(lua.ACQUIRE)
        self._add_spend = self._redis.register_script(lua.ADD_SPEND)

    async def take(self, buckets: Sequence[Bucket]) -> list[BucketState]:
        """All or nothing across `buckets` (see `Store.take`), one script per hash-tag group.

        If Redis fails part-way, what earlier groups took is given back (best effort) and
        `StoreUnavailable` is raised; if the caller is cancelled part-way, earlier groups keep
        their units until they refill (the over-limiting side).
        """
        for bucket in buckets:
            validate(bucket, take=True)
        groups: dict[str, list[int]] = {}
        for index, bucket in enumerate(buckets):
            # Untagged keys hash whole, so the key itself names their slot group.
            groups.setdefault(hash_tag(bucket.key) or bucket.key, []).append(index)
        states: list[BucketState | None] = [None] * len(buckets)
        taken: list[int] = []
        refused = False
        try:
            for indexes in groups.values():
                group = [buckets[i] for i in indexes]
                group_states = await self._run_take(group, apply=not refused)
                for i, state in zip(indexes, group_states, strict=True):
                    states[i] = state
                if all(state.allowed for state in group_states):
                    if not refused:
                        taken.extend(indexes)
                else:
                    refused = True
        except StoreUnavailable:
            await self._give_back([buckets[i] for i in taken])
            raise
        result = [state for state in states if state is not None]
        if not refused:
            return result
        await self._give_back([buckets[i] for i in taken])
        return [untaken(state, bucket) for state, bucket in zip(result, buckets, strict=True)]

    async def adjust(self, bucket: Bucket) -> None:
        """Reconcile without refusing (see `Store.adjust`)."""
        validate(bucket)
        if bucket.cost == 0:
            return
        args: list[str | int] = [repr(bucket.rate_per_s), repr(bucket.cost), lua.KEY_TTL_PAD_MS]
        await self._call(self._adjust(keys=[bucket.key], args=args))

    async def acquire(self, key: str, limit: int, lease: str, ttl_s: float) -> bool:
        """Hold `lease` in the ZSET `key` if fewer than `limit` live leases (re-acquiring renews)."""
        ttl_ms = max(1, math.ceil(ttl_s * 1000))
        result = await self._call(self._acquire(keys=[key], args=[limit, lease, ttl_ms, lua.KEY_TTL_PAD_MS]))
        return int(result) == 1

    async def release(self, key: str, lease: str) -> None:
        """Give back `lease`; a single ZREM is atomic on its own (Redis drops the key when it empties)."""
        await self._call(self._redis.zrem(key, lease))

    async def add_spend(self, key: str, amount: float, ttl_s: float) -> float:
        """INCRBYFLOAT; the expiry is set only by the add that creates the key."""
        ttl_ms = max(1, math.ceil(ttl_s * 1000))
        return float(await self._call(self._add_spend(keys=[key], args=[repr(amount), ttl_ms])))

    async def get_spend(self, key: str) -> float:
        """The live total or 0.0."""
        value = await self._call(self._redis.get(key))
        return 0.0 if value is None else float(value)

    async def ping(self) -> bool:
        """PING within the timeout; False on any failure."""
        try:
            return bool(await self._call(self._redis.ping()))
        except StoreUnavailable:
            return False

    async def close(self) -> None:
        """Close the client and every pooled connection."""
        await self._redis.aclose(close_connection_pool=True)

    async def _run_take(self, group: list[Bucket], *, apply: bool) -> list[BucketState]:
        args: list[str | int] = ["1" if apply else "0", lua.KEY_TTL_PAD_MS]
        for bucket in group:
            args += [repr(bucket.rate_per_s), repr(bucket.burst), repr(bucket.cost)]
        raw = await self._call(self._take(keys=[bucket.key for bucket in group], args=args))
        return [
            BucketState(int(raw[i]) == 1, float(raw[i + 1]), float(raw[i + 2]), float(raw[i + 3]))
            for i in range(0, len(raw), 4)
        ]

    async def _give_back(self, buckets: list[Bucket]) -> None:
        for bucket in buckets:
            if bucket.cost == 0:
                continue
            try:
                await self.adjust(Bucket(bucket.key, bucket.rate_per_s, bucket.burst, -bucket.cost))
            except StoreUnavailable:
                # The units stay taken until the bucket refills: over-limiting briefly is the safe side.
                continue

    @staticmethod
    async def _call(pending: Awaitable[_T]) -> _T:
        try:
            return await pending
        except (RedisError, OSError, TimeoutError) as exc:
            raise StoreUnavailable(f"redis: {type(exc).__name__}: {exc}") from exc
