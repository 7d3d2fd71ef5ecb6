"""`build_cache_store`: the `CacheStore` backend a policy asks for, Redis-shared or in-process.

Kept apart from the contract (`store.py`) so that the backends import the contract and this
module imports the backends: no import goes back up.
"""

from __future__ import annotations

from proxy.cache.store import CacheStore
from proxy.cache.store_memory import MemoryCacheStore
from proxy.cache.store_redis import RedisCacheStore
from proxy.state.redis_target import RedisTarget


def build_cache_store(
    redis: str | RedisTarget | None,
    *,
    max_entries: int,
    max_bytes: int,
    max_vectors_per_partition: int,
    op_timeout_s: float = 0.25,
) -> CacheStore:
    """A Redis-backed store shared by every replica if `redis` (a URL or a `RedisTarget`) is set, else
    an in-process one.

    `max_bytes` bounds all the process memory of either store (for Redis: its local vector
    indexes; the entries in Redis are bounded by its own `maxmemory` policy and the TTLs);
    `max_entries` bounds the in-process store; `max_vectors_per_partition` bounds both."""
    if redis:
        return RedisCacheStore(
            redis,
            max_vectors_per_partition=max_vectors_per_partition,
            max_bytes=max_bytes,
            op_timeout_s=op_timeout_s,
        )
    return MemoryCacheStore(
        max_entries=max_entries, max_bytes=max_bytes, max_vectors_per_partition=max_vectors_per_partition
    )
