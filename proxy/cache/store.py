"""The response cache's storage contract (`CacheStore`) and its shared types (backends: `store_memory`,
`store_redis`; `store_factory.build_cache_store` picks one).

A store holds two things, both under keys the caller builds (they already carry the tenant):

- exact entries: opaque answer bytes by key, each with a TTL;
- a semantic index per partition: L2-normalised float32 vectors, each pointing at an exact key and
  carrying opaque signature bytes, searched by cosine similarity.

A store also keeps the secret that keys the digests of callers' credentials in partition names
(`partition_secret`): whoever shares the store's entries shares the secret, so replicas agree on a
caller's partition while the credential itself is never stored.

Guarantees every backend gives: an expired entry or vector is never returned; partitions never
mix; `nearest` answers best first and at most `k`; a vector whose dimension differs from its
partition's replaces that partition's index (the embedder changed: the old vectors are useless),
and a query of another dimension finds nothing. A backend that cannot answer now (Redis down or
slow) raises `CacheUnavailable` within its operation timeout; the caller then bypasses the cache.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import numpy as np
from numpy.typing import NDArray

Vector = NDArray[np.float32]
"""1-D, already L2-normalised by the caller."""

DEFAULT_MAX_PARTITIONS = 10_000
"""How many partitions' vector indexes one process keeps (least recently used dropped first)."""
PARTITION_OVERHEAD = 600
"""Bytes per partition besides its index: the objects, array headers and dict slots around it."""
DEFAULT_MAX_BYTES = 256 * 1024 * 1024


class CacheUnavailable(Exception):
    """The backend cannot answer now (Redis down or timing out); the caller bypasses the cache."""


@dataclass(frozen=True, slots=True)
class Neighbour:
    """One semantic match: `score` is the cosine similarity (dot product of normalised vectors)."""

    score: float
    key: str
    signature: bytes


class CacheStore(Protocol):
    """Storage for cached answers (exact) and prompt vectors (semantic); see the module docstring."""

    name: str

    @property
    def healthy(self) -> bool:
        """False while the backend is known not to answer (for the `cache_store_up` gauge)."""
        ...

    @property
    def byte_count(self) -> int:
        """Bytes of process memory the store holds, at most its `max_bytes` after a call."""
        ...

    async def partition_secret(self) -> bytes:
        """The secret for keyed digests of credentials; the same for every user of the same entries."""
        ...

    async def get(self, key: str) -> bytes | None:
        """The live value under `key`, or None (missing or expired)."""
        ...

    async def put(self, key: str, value: bytes, ttl_s: float) -> None:
        """Store `value` under `key` for `ttl_s` seconds (replacing any); `ttl_s <= 0` removes the key."""
        ...

    async def add_vector(self, partition: str, key: str, vector: Vector, signature: bytes, ttl_s: float) -> None:
        """Index `vector` in `partition`, pointing at `key`, for `ttl_s` seconds.

        A key already in the partition is replaced. Non-finite vectors and `ttl_s <= 0` are ignored;
        a vector that is not 1-D raises ValueError."""
        ...

    async def nearest(self, partition: str, vector: Vector, k: int = 3) -> list[Neighbour]:
        """The `k` live vectors of `partition` most similar to `vector`, best first (fewer if fewer exist)."""
        ...

    async def start(self) -> None:
        """Connect ahead of the first call where that takes longer than a call may wait (a Redis
        Cluster learning its slot map); within a few seconds, never raises. Calls work without it."""
        ...

    async def close(self) -> None:
        """Release connections; the store is not used afterwards."""
        ...


def as_vector(vector: Vector) -> Vector:
    """`vector` as a 1-D float32 array (converted only if needed); ValueError if it is not 1-D."""
    array = np.asarray(vector, dtype=np.float32)
    if array.ndim != 1 or array.size == 0:
        raise ValueError(f"a cache vector must be a non-empty 1-D array, got shape {array.shape}")
    return array


def is_finite(vector: Vector) -> bool:
    """False for vectors with NaN or infinity (e.g. a zero vector normalised): they cannot be ranked."""
    return bool(np.isfinite(vector).all())
