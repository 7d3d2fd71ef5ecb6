"""`MemoryCacheStore`: the `CacheStore` contract in one process (nothing shared between replicas).

Everything the store holds counts against `max_bytes`: an exact entry costs its value, its key and
a fixed overhead (`entry_size`); a partition's vector index costs its allocated rows, their keys and
signatures (`VectorIndex.nbytes`) plus the partition's name. However many tenants, namespaces or
prompts appear, `byte_count <= max_bytes` after every call.

Entries and partitions each live in an `OrderedDict` in recency order (least recently used first);
each item also carries a tick from one counter, so when the budget is exceeded the store evicts
whichever of the two oldest items was used less recently - a whole idle partition or an old
entry. Entries are also bounded by `max_entries` and partitions by `max_partitions`. An expired
entry is dropped when it is read or evicted; until then it holds space the budget accounts for.
Every operation is O(1) amortised, besides the index's own work.

Every method runs to completion without awaiting anything: the async signatures only match the
protocol. Times come from `clock` (monotonic seconds), injectable for tests.
"""

from __future__ import annotations

import os
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from proxy.cache.store import (
    DEFAULT_MAX_PARTITIONS,
    PARTITION_OVERHEAD,
    Neighbour,
    Vector,
    as_vector,
    is_finite,
)
from proxy.cache.vectors import VectorIndex

ENTRY_OVERHEAD = 200
"""Per entry: the key and value objects' headers, the record and its dict slot."""


def entry_size(key: str, value: bytes) -> int:
    """What one exact entry costs against `max_bytes`."""
    return len(key) + len(value) + ENTRY_OVERHEAD


@dataclass(slots=True)
class _Entry:
    value: bytes
    expires_at: float
    size: int
    tick: int


@dataclass(slots=True)
class _Partition:
    index: VectorIndex
    size: int
    tick: int


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
        "_secret",
        "_tick",
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
        self._entries: OrderedDict[str, _Entry] = OrderedDict()
        self._partitions: OrderedDict[str, _Partition] = OrderedDict()
        self._bytes = 0
        self._tick = 0
        self._secret = os.urandom(32)  # this store's entries die with the process: so may its secret

    @property
    def entry_count(self) -> int:
        """Exact entries held, expired ones not yet dropped included."""
        return len(self._entries)

    @property
    def partition_count(self) -> int:
        return len(self._partitions)

    @property
    def healthy(self) -> bool:
        """Always True: the process is its own store."""
        return True

    @property
    def byte_count(self) -> int:
        """Bytes held, entries and vector indexes together; never above `max_bytes` after a call."""
        return self._bytes

    async def partition_secret(self) -> bytes:
        return self._secret

    async def get(self, key: str) -> bytes | None:
        entry = self._entries.get(key)
        if entry is None:
            return None
        if entry.expires_at <= self._clock():
            self._drop_entry(key)
            return None
        self._entries.move_to_end(key)
        entry.tick = self._next_tick()
        return entry.value

    async def put(self, key: str, value: bytes, ttl_s: float) -> None:
        self._drop_entry(key)
        size = entry_size(key, value)
        if ttl_s <= 0 or size > self._max_bytes:
            return  # a value larger than the whole budget would only evict everything else
        self._entries[key] = _Entry(value, self._clock() + ttl_s, size, self._next_tick())
        self._bytes += size
        self._shrink()

    async def add_vector(self, partition: str, key: str, vector: Vector, signature: bytes, ttl_s: float) -> None:
        vector = as_vector(vector)
        if ttl_s <= 0 or not is_finite(vector):
            return
        part = self._partitions.get(partition)
        if part is None or part.index.dim != vector.shape[0]:  # new partition, or the embedder changed
            self._drop_partition(partition)
            part = self._partitions[partition] = _Partition(VectorIndex(vector.shape[0], self._max_vectors), 0, 0)
        self._partitions.move_to_end(partition)
        part.tick = self._next_tick()
        now = self._clock()
        part.index.add(key, vector, signature, now + ttl_s, now)
        self._resize(partition, part)
        self._shrink()

    async def nearest(self, partition: str, vector: Vector, k: int = 3) -> list[Neighbour]:
        vector = as_vector(vector)
        part = self._partitions.get(partition)
        if part is None or not is_finite(vector):
            return []
        self._partitions.move_to_end(partition)
        part.tick = self._next_tick()
        found = part.index.nearest(vector, k, self._clock())
        self._resize(partition, part)  # a search that finds nothing live releases the rows
        return found

    async def start(self) -> None:
        pass

    async def close(self) -> None:
        self._entries.clear()
        self._partitions.clear()
        self._bytes = 0

    def _next_tick(self) -> int:
        self._tick += 1
        return self._tick

    def _resize(self, name: str, part: _Partition) -> None:
        size = part.index.nbytes + len(name) + PARTITION_OVERHEAD
        self._bytes += size - part.size
        part.size = size

    def _shrink(self) -> None:
        """Evict least recently used entries and partitions until every bound holds."""
        while self._bytes > self._max_bytes or len(self._entries) > self._max_entries:
            oldest_entry = next(iter(self._entries.items()), None)
            oldest_part = next(iter(self._partitions.items()), None)
            entry_first = oldest_part is None or (
                oldest_entry is not None
                and (len(self._entries) > self._max_entries or oldest_entry[1].tick < oldest_part[1].tick)
            )
            if entry_first and oldest_entry is not None:
                self._drop_entry(oldest_entry[0])
            elif oldest_part is not None:
                self._drop_partition(oldest_part[0])
        while len(self._partitions) > self._max_partitions:
            self._drop_partition(next(iter(self._partitions)))

    def _drop_entry(self, key: str) -> None:
        entry = self._entries.pop(key, None)
        if entry is not None:
            self._bytes -= entry.size

    def _drop_partition(self, name: str) -> None:
        part = self._partitions.pop(name, None)
        if part is not None:
            self._bytes -= part.size
