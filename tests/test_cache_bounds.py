"""Cache memory bounds, one module at a time: vector indexes count against `max_bytes` in both
stores, indexes start small, and the per-tenant namespace record caps and forgets as documented."""

from __future__ import annotations

import asyncio
import tracemalloc
import uuid

import numpy as np
import pytest

from proxy.cache.namespaces import MAX_NAMESPACE_CHARS, NamespaceLimit, check_namespace
from proxy.cache.store_memory import MemoryCacheStore
from proxy.cache.store_redis import RedisCacheStore
from proxy.cache.vectors import VectorIndex
from proxy.core.errors import InvalidRequest
from tests.redis_server import RedisServer
from tests.support import FakeClock

DIM = 512  # the built-in ngram embedder's width
BUDGET = 1 << 20


def vector(seed: int) -> np.ndarray:
    v = np.random.default_rng(seed).standard_normal(DIM).astype(np.float32)
    return v / np.linalg.norm(v)


def test_an_index_costs_what_it_holds_not_a_preallocated_block() -> None:
    index = VectorIndex(DIM, 20_000)
    empty = index.nbytes
    assert index.allocated <= 4 and empty <= 4 * (DIM * 4 + 8)
    for i in range(40):
        index.add(f"k{i}", vector(i), b"sig", 100.0, 0.0)
    assert index.allocated == 64 and index.nbytes >= 64 * DIM * 4 + 40 * (len("k1") + 3)


def test_memory_store_counts_vector_indexes_and_stays_inside_max_bytes() -> None:
    store = MemoryCacheStore(max_entries=10_000, max_bytes=BUDGET, max_vectors_per_partition=20_000)

    async def fill() -> None:
        for i in range(1000):  # a partition per namespace, as a flood of namespaces makes
            await store.put(f"x{i}", b"answer" * 20, 60)
            await store.add_vector(f"s{i}", f"x{i}", vector(i % 7), b"sig", 60)
            assert store.byte_count <= BUDGET

    tracemalloc.start()
    try:
        asyncio.run(fill())
        held, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert held < 3 * BUDGET, f"{held / 2**20:.1f} MiB held for a {BUDGET / 2**20:.0f} MiB budget"
    assert 0 < store.partition_count < 1000 and store.byte_count > BUDGET // 2


def test_memory_store_evicts_whichever_is_idle_longest_entry_or_partition() -> None:
    store = MemoryCacheStore(max_entries=10_000, max_bytes=BUDGET, max_vectors_per_partition=100)

    async def run() -> None:
        await store.add_vector("idle", "x0", vector(0), b"", 60)
        await store.put("busy", b"v", 60)
        for i in range(2000):  # keep "busy" recent while entries push the budget
            assert await store.get("busy") == b"v"
            await store.put(f"k{i}", b"y" * 4096, 60)
        assert await store.nearest("idle", vector(0)) == []  # the idle partition went, whole
        assert await store.get("busy") == b"v"

    asyncio.run(run())
    assert store.byte_count <= BUDGET


def test_redis_store_local_indexes_stay_inside_max_bytes(redis_server: RedisServer) -> None:
    budget = 256 * 1024
    store = RedisCacheStore(redis_server.url, max_vectors_per_partition=1000, max_bytes=budget)
    prefix = uuid.uuid4().hex

    async def run() -> None:
        try:
            for i in range(150):
                await store.add_vector(f"{prefix}-{i}", f"x{i}", vector(i), b"", 60)
                assert store.byte_count <= budget
            # An evicted replica reloads from its stream: nothing is lost but local memory.
            [found] = await store.nearest(f"{prefix}-0", vector(0))
            assert found.key == "x0"
            # A second replica on the same server reads the secret the first created, never overwrites it.
            other = RedisCacheStore(redis_server.url, max_vectors_per_partition=1000)
            try:
                assert await other.partition_secret() == await store.partition_secret()
            finally:
                await other.close()
        finally:
            await store.close()

    asyncio.run(run())


def test_a_long_namespace_is_refused_whole_never_cut() -> None:
    assert check_namespace("n" * MAX_NAMESPACE_CHARS, "x-ns") == "n" * MAX_NAMESPACE_CHARS
    with pytest.raises(InvalidRequest) as raised:
        check_namespace("n" * (MAX_NAMESPACE_CHARS + 1), "x-ns")
    assert str(MAX_NAMESPACE_CHARS) in raised.value.message and raised.value.param == "x-ns"


def test_namespace_limit_per_tenant_frees_idle_ones_and_stays_bounded() -> None:
    clock = FakeClock()
    limit = NamespaceLimit(2, 60.0, "x-ns", max_tracked=10, clock=clock)
    for ns in ("a", "b", "a", ""):
        limit.use("t1", ns)
    with pytest.raises(InvalidRequest, match="2 cache namespaces"):
        limit.use("t1", "c")
    limit.use("t2", "c")  # per tenant
    clock.now += 30
    limit.use("t1", "b")
    clock.now += 31  # "a" idle for the whole window: its entries have expired, its slot is free
    limit.use("t1", "c")
    with pytest.raises(InvalidRequest):
        limit.use("t1", "d")
    for i in range(20):  # many tenants: the record keeps at most max_tracked pairs
        limit.use(f"other-{i}", "ns")
    assert limit.tracked <= 10
