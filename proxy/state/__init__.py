"""Shared state for rate limits, concurrency limits and budgets (see `base.Store` for the contract).

`build_store` picks the backend from the policy: one process keeps state in memory; replicas
share Redis, falling back to per-replica memory (fail-open) or refusing (fail-closed) while
Redis is unreachable.
"""

from __future__ import annotations

from collections.abc import Callable

from proxy.state.base import Bucket, BucketState, Slot, Store, StoreUnavailable
from proxy.state.memory import MemoryStore
from proxy.state.redis import RedisStore
from proxy.state.resilient import ResilientStore

__all__ = [
    "Bucket",
    "BucketState",
    "MemoryStore",
    "RedisStore",
    "ResilientStore",
    "Slot",
    "Store",
    "StoreUnavailable",
    "build_store",
]


def build_store(
    redis_url: str | None,
    *,
    fail_open: bool,
    retry_every_s: float = 1.0,
    on_mode_change: Callable[[str], None] | None = None,
) -> Store:
    """A `MemoryStore` when `redis_url` is empty, else Redis with a local `MemoryStore` behind it.

    Nothing connects here: Redis is first contacted by the first call.
    """
    if not redis_url:
        return MemoryStore()
    return ResilientStore(
        RedisStore(redis_url),
        MemoryStore(),
        fail_open=fail_open,
        retry_every_s=retry_every_s,
        on_mode_change=on_mode_change,
    )
