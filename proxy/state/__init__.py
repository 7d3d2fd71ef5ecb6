"""Shared state for rate limits, concurrency limits, budgets and where stored upstream objects live
(see `base.Store` for the contract, `homes.Homes` for the last).

`build_store` picks the backend from the policy: one process keeps state in memory; replicas
share Redis (one server, a Sentinel-managed master or a Redis Cluster), falling back to
per-replica memory (fail-open) or refusing (fail-closed) while Redis is unreachable.
"""

from __future__ import annotations

from collections.abc import Callable

from proxy.core.buckets import Bucket
from proxy.state.base import BucketState, Slot, Store, StoreUnavailable
from proxy.state.homes import Homes
from proxy.state.memory import MemoryStore
from proxy.state.redis import RedisStore
from proxy.state.redis_target import RedisTarget, target_of
from proxy.state.resilient import ResilientStore

__all__ = [
    "Bucket",
    "BucketState",
    "Homes",
    "MemoryStore",
    "RedisStore",
    "RedisTarget",
    "ResilientStore",
    "Slot",
    "Store",
    "StoreUnavailable",
    "build_store",
    "target_of",
]


def build_store(
    redis: str | RedisTarget | None,
    *,
    fail_open: bool,
    retry_every_s: float = 1.0,
    on_mode_change: Callable[[str], None] | None = None,
) -> Store:
    """A `MemoryStore` when `redis` is empty, else Redis (a URL, or a Sentinel or Cluster `RedisTarget`)
    with a local `MemoryStore` behind it.

    Nothing connects here: Redis is first contacted by `start` or the first call.
    """
    if not redis:
        return MemoryStore()
    return ResilientStore(
        RedisStore(redis),
        MemoryStore(),
        fail_open=fail_open,
        retry_every_s=retry_every_s,
        on_mode_change=on_mode_change,
    )
