"""`MemoryCacheStore`: the `CacheStore` contract in one process (nothing shared between replicas).

Exact entries live in one `OrderedDict` in recency order (least recently used first): `get` and
`put` move a key to the end, eviction pops from the front, so every operation is O(1) amortised.
They are bounded by `max_entries` and by `max_bytes` (the sum of the values' sizes; keys are not
counted). An expired entry is dropped when it is read or reaches the front; until then it only
holds space that the bounds already account for.

Vectors live in one `VectorIndex` per partition (see `proxy.cache.vectors`), at most
`max_vectors_per_partition` each; the partitions themselves are an LRU of at most
`max_partitions`, so memory stays bounded however many tenants or namespaces appear.

Every method runs to completion without awaiting anything: the async signatures only match the
protocol. Times come from `clock` (monotonic seconds), injectable for tests.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable

from proxy.cache.store import DEFAULT_MAX_PARTITIONS, Neighbour, Vector, as_vector, is_finite
from proxy.cache.vectors import VectorIndex


class MemoryCacheStore:
    """In-process `CacheStore`; see the module docstring for its bounds."""

    __slots__ = (
        "_bytes",
        "_clock",
        "_entries",
        "_max_bytes",
        "_max_entries",
        "_max_partitions",
        "_max_vectors",
        "_partitions",
        "name",
    )

    def __init__(
        self,
        *,
        max_entries: int,
        max_bytes: int,
        max_vectors_per_partition: int,
        max_partitions: int = DEFAULT_MAX_PARTITIONS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if min(max_entries, max_bytes, max_vectors_per_partition, max_partitions) <= 0:
            raise ValueError("cache bounds must be positive")
        self.name = "memory"
        self._max_entries = max_entries
        self._max_bytes = max_bytes
        self._max_vectors = max_vectors_per_partition
        self._max_partitions = max_partitions
        self._clock = clock
        self._entries: OrderedDict[str, tuple[bytes, float]] = OrderedDict()  # key -> (value, expires_at)
        self._bytes = 0
        self._partitions: OrderedDict[str, VectorIndex] = OrderedDict()

    @property
    def entry_count(self) -> int:
        """Exact entries held, expired ones not yet dropped included."""
        return len(self._entries)

    @property
    def byte_count(self) -> int:
        """Sum of the held values' sizes."""
        return self._bytes

    async def get(self, key: str) -> bytes | None:
        found = self._entries.get(key)
        if found is None:
            return None
        value, expires_at = found
        if expires_at <= self._clock():
            self._remove(key)
            return None
        self._entries.move_to_end(key)
        return value

    async def put(self, key: str, value: bytes, ttl_s: float) -> None:
        self._remove(key)
        if ttl_s <= 0 or len(value) > self._max_bytes:
            return  # a value larger than the whole budget would only evict everything else
        self._entries[key] = (value, self._clock() + ttl_s)
        self._bytes += len(value)
        while len(self._entries) > self._max_entries or self._bytes > self._max_bytes:
            _, (evicted, _) = self._entries.popitem(last=False)
            self._bytes -= len(evicted)

    async def add_vector(self, partition: str, key: str, vector: Vector, signature: bytes, ttl_s: float) -> None:
        vector = as_vector(vector)
        if ttl_s <= 0 or not is_finite(vector):
            return
        index = self._partitions.get(partition)
        if index is None or index.dim != vector.shape[0]:
            index = VectorIndex(vector.shape[0], self._max_vectors)  # new partition, or the embedder changed
            self._partitions[partition] = index
            if len(self._partitions) > self._max_partitions:
                self._partitions.popitem(last=False)
        self._partitions.move_to_end(partition)
        now = self._clock()
        index.add(key, vector, signature, now + ttl_s, now)

    async def nearest(self, partition: str, vector: Vector, k: int = 3) -> list[Neighbour]:
        vector = as_vector(vector)
        index = self._partitions.get(partition)
        if index is None or not is_finite(vector):
            return []
        self._partitions.move_to_end(partition)
        return index.nearest(vector, k, self._clock())

    async def close(self) -> None:
        self._entries.clear()
        self._partitions.clear()
        self._bytes = 0

    def _remove(self, key: str) -> None:
        found = self._entries.pop(key, None)
        if found is not None:
            self._bytes -= len(found[0])
