"""Contract tests for the response cache's stores: one suite run against the in-process store (on a
fake clock) and the Redis store against a real redis-server the tests start (real time, short
TTLs), plus Redis-only tests (sharing between instances, outages) and `VectorIndex` unit tests."""

from __future__ import annotations

import asyncio
import functools
import signal
import time
import uuid
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pytest
import redis.asyncio as aioredis
from numpy.typing import NDArray

from proxy.cache.store import CacheStore, CacheUnavailable, Vector
from proxy.cache.store_factory import build_cache_store
from proxy.cache.store_memory import MemoryCacheStore, entry_size
from proxy.cache.store_redis import RedisCacheStore
from proxy.cache.vectors import VectorIndex
from tests.redis_server import RedisServer, silent_cluster
from tests.support import FakeClock, free_port


def run_async(fn: Callable[..., Coroutine[Any, Any, None]]) -> Callable[..., None]:
    """Run an async test body in a fresh event loop (no pytest plugin needed), then close the
    stores its `Backend` made, in that same loop (their connections belong to it)."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> None:
        async def body() -> None:
            try:
                await fn(*args, **kwargs)
            finally:
                for value in kwargs.values():
                    if isinstance(value, Backend):
                        await value.close()

        asyncio.run(body())

    return wrapper


def unit(*values: float) -> Vector:
    vector = np.asarray(values, dtype=np.float32)
    return (vector / np.linalg.norm(vector)).astype(np.float32)


def random_units(rng: np.random.Generator, n: int, dim: int) -> NDArray[np.float32]:
    vectors: NDArray[np.float32] = rng.standard_normal((n, dim)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors


@dataclass
class Backend:
    """What a contract test needs: stores of this backend, a way to let time pass, unique names."""

    name: str
    server: RedisServer | None = None
    clock: FakeClock = field(default_factory=FakeClock)
    uid: str = field(default_factory=lambda: uuid.uuid4().hex[:10])
    stores: list[CacheStore] = field(default_factory=list)

    def key(self, name: str) -> str:
        return f"t-{self.uid}:{name}"

    def make(self, *, max_entries: int = 100, max_bytes: int = 1 << 20, max_vectors: int = 1000) -> CacheStore:
        store: CacheStore
        if self.server is None:
            store = MemoryCacheStore(
                max_entries=max_entries, max_bytes=max_bytes, max_vectors_per_partition=max_vectors, clock=self.clock
            )
        else:
            store = RedisCacheStore(self.server.url, max_vectors_per_partition=max_vectors)
        self.stores.append(store)
        return store

    async def sleep(self, seconds: float) -> None:
        if self.server:
            await asyncio.sleep(seconds)
        else:
            self.clock.now += seconds

    async def close(self) -> None:
        for store in self.stores:
            await store.close()


@pytest.fixture(params=["memory", "redis"])
def backend(request: pytest.FixtureRequest) -> Backend:
    server = request.getfixturevalue("redis_server") if request.param == "redis" else None
    return Backend(request.param, server=server)


# --- exact entries, both backends ---


@run_async
async def test_get_put_roundtrip(backend: Backend) -> None:
    store = backend.make()
    assert store.name == backend.name
    assert await store.get(backend.key("missing")) is None
    await store.put(backend.key("a"), b"\x00answer\xff", 60)
    assert await store.get(backend.key("a")) == b"\x00answer\xff"
    await store.put(backend.key("a"), b"newer", 60)
    assert await store.get(backend.key("a")) == b"newer"
    await store.put(backend.key("a"), b"gone", 0)  # ttl <= 0 removes
    assert await store.get(backend.key("a")) is None


@run_async
async def test_entries_expire(backend: Backend) -> None:
    store = backend.make()
    await store.put(backend.key("short"), b"x", 0.3)
    await store.put(backend.key("long"), b"y", 60)
    await backend.sleep(0.1)
    assert await store.get(backend.key("short")) == b"x"
    await backend.sleep(0.3)
    assert await store.get(backend.key("short")) is None
    assert await store.get(backend.key("long")) == b"y"


# --- vectors, both backends ---


@run_async
async def test_nearest_is_best_first_and_at_most_k(backend: Backend) -> None:
    store = backend.make()
    part = backend.key("p")
    for name, vector in {"x": unit(1, 0, 0), "xy": unit(1, 1, 0), "y": unit(0, 1, 0), "z": unit(0, 0, 1)}.items():
        await store.add_vector(part, backend.key(name), vector, name.encode(), 60)
    found = await store.nearest(part, unit(1, 0.1, 0), k=3)
    assert [n.key for n in found] == [backend.key("x"), backend.key("xy"), backend.key("y")]
    assert [n.signature for n in found] == [b"x", b"xy", b"y"]
    assert found[0].score == pytest.approx(float(unit(1, 0.1, 0)[0]), abs=1e-6)
    assert found[0].score >= found[1].score >= found[2].score
    assert len(await store.nearest(part, unit(1, 0, 0), k=10)) == 4
    assert [n.key for n in await store.nearest(part, unit(0, 0, 1))][:1] == [backend.key("z")]
    assert await store.nearest(part, unit(1, 0, 0), k=0) == []
    assert await store.nearest(backend.key("empty"), unit(1, 0, 0)) == []


@run_async
async def test_partitions_never_mix(backend: Backend) -> None:
    store = backend.make()
    a, b = backend.key("tenant-a"), backend.key("tenant-b")
    await store.add_vector(a, backend.key("ka"), unit(1, 0), b"A", 60)
    await store.add_vector(b, backend.key("kb"), unit(0, 1), b"B", 60)
    assert [(n.key, n.signature) for n in await store.nearest(b, unit(1, 0))] == [(backend.key("kb"), b"B")]
    assert [n.key for n in await store.nearest(a, unit(0, 1))] == [backend.key("ka")]


@run_async
async def test_expired_vectors_are_not_returned(backend: Backend) -> None:
    store = backend.make()
    part = backend.key("p")
    await store.add_vector(part, backend.key("short"), unit(1, 0), b"s", 0.3)
    await store.add_vector(part, backend.key("long"), unit(0.9, 0.1), b"l", 60)
    assert [n.key for n in await store.nearest(part, unit(1, 0))] == [backend.key("short"), backend.key("long")]
    await backend.sleep(0.4)
    assert [n.key for n in await store.nearest(part, unit(1, 0))] == [backend.key("long")]


@run_async
async def test_adding_a_key_again_replaces_its_vector(backend: Backend) -> None:
    store = backend.make()
    part = backend.key("p")
    await store.add_vector(part, backend.key("k"), unit(1, 0), b"old", 60)
    await store.add_vector(part, backend.key("k"), unit(0, 1), b"new", 60)
    [found] = await store.nearest(part, unit(1, 0), k=5)
    assert found.signature == b"new"
    assert found.score == pytest.approx(0.0, abs=1e-6)


@run_async
async def test_a_vector_of_another_dimension_replaces_the_partition_index(backend: Backend) -> None:
    store = backend.make()
    part = backend.key("p")
    await store.add_vector(part, backend.key("old"), unit(1, 0, 0), b"3d", 60)
    await store.add_vector(part, backend.key("new"), unit(1, 0, 0, 0), b"4d", 60)
    assert [n.key for n in await store.nearest(part, unit(1, 0, 0, 0))] == [backend.key("new")]
    assert await store.nearest(part, unit(1, 0, 0)) == []  # the old dimension finds nothing, and does not crash


@run_async
async def test_vectors_per_partition_are_bounded_oldest_out(backend: Backend) -> None:
    store = backend.make(max_vectors=5)
    part = backend.key("p")
    for i in range(8):
        await store.add_vector(part, backend.key(f"k{i}"), unit(1, i / 10), b"", 60)
    found = await store.nearest(part, unit(1, 0), k=10)
    assert sorted(n.key for n in found) == [backend.key(f"k{i}") for i in range(3, 8)]


@run_async
async def test_bad_vectors(backend: Backend) -> None:
    store = backend.make()
    part = backend.key("p")
    with pytest.raises(ValueError, match="1-D"):
        await store.add_vector(part, backend.key("k"), np.ones((2, 2), dtype=np.float32), b"", 60)
    nan = np.array([np.nan, 1.0], dtype=np.float32)
    await store.add_vector(part, backend.key("nan"), nan, b"", 60)  # ignored: it cannot be ranked
    await store.add_vector(part, backend.key("ok"), np.array([1.0, 0.0]), b"", 60)  # float64 is converted
    assert [n.key for n in await store.nearest(part, np.array([1.0, 0.0]))] == [backend.key("ok")]
    assert await store.nearest(part, nan) == []


# --- memory only ---


def memory_store(clock: FakeClock | None = None, **bounds: int) -> MemoryCacheStore:
    limits = {"max_entries": 100, "max_bytes": 1 << 20, "max_vectors_per_partition": 100} | bounds
    return MemoryCacheStore(**limits, clock=clock or FakeClock())


@run_async
async def test_memory_evicts_least_recently_used_by_count() -> None:
    store = memory_store(max_entries=3)
    for key in "abc":
        await store.put(key, key.encode(), 60)
    assert await store.get("a") == b"a"  # a is now the most recent: b goes first
    await store.put("d", b"d", 60)
    assert [await store.get(key) for key in "abcd"] == [b"a", None, b"c", b"d"]
    assert store.entry_count == 3


@run_async
async def test_memory_evicts_least_recently_used_by_bytes() -> None:
    size = entry_size("a", b"1234")  # what each one-character key with a 4-byte value costs
    store = memory_store(max_bytes=2 * size + 1)
    await store.put("a", b"1234", 60)
    await store.put("b", b"1234", 60)
    await store.put("a", b"12", 60)  # replacing frees the old size
    assert store.byte_count == 2 * size - 2
    await store.put("c", b"12345", 60)  # 3 * size - 1 bytes: b, the least recent, goes
    assert [await store.get(key) for key in "abc"] == [b"12", None, b"12345"]
    assert store.byte_count == 2 * size - 1
    await store.put("huge", b"x" * 2 * size, 60)  # larger than the budget: not stored, nothing evicted
    assert await store.get("huge") is None
    assert store.byte_count == 2 * size - 1


@run_async
async def test_memory_expired_entries_free_their_bytes() -> None:
    clock = FakeClock()
    store = memory_store(clock, max_bytes=10)
    await store.put("a", b"12345", 1)
    clock.now += 1
    assert await store.get("a") is None
    assert (store.entry_count, store.byte_count) == (0, 0)


@run_async
async def test_memory_bounds_the_number_of_partitions() -> None:
    store = MemoryCacheStore(max_entries=1, max_bytes=1 << 20, max_vectors_per_partition=10, max_partitions=2)
    for part in ("p1", "p2"):
        await store.add_vector(part, part, unit(1, 0), b"", 60)
    assert await store.nearest("p1", unit(1, 0))  # p1 is now the most recent partition
    await store.add_vector("p3", "p3", unit(1, 0), b"", 60)
    assert [len(await store.nearest(part, unit(1, 0))) for part in ("p1", "p2", "p3")] == [1, 0, 1]


def test_build_cache_store_picks_the_backend(redis_server: RedisServer) -> None:
    bounds = {"max_entries": 10, "max_bytes": 100, "max_vectors_per_partition": 10}
    assert build_cache_store(None, **bounds).name == "memory"
    store = build_cache_store(redis_server.url, **bounds, op_timeout_s=0.1)
    assert isinstance(store, RedisCacheStore) and store.name == "redis"
    asyncio.run(store.close())


# --- redis only ---


def redis_store(server: RedisServer, **options: Any) -> RedisCacheStore:
    return RedisCacheStore(server.url, **({"max_vectors_per_partition": 1000} | options))


@run_async
async def test_two_redis_stores_share_values_and_vectors(redis_server: RedisServer) -> None:
    one, two = redis_store(redis_server), redis_store(redis_server)
    uid = uuid.uuid4().hex
    part = f"p-{uid}"
    assert await two.nearest(part, unit(1, 0)) == []  # two has synced the (empty) partition already
    await one.put(f"k-{uid}", b"answer", 60)
    await one.add_vector(part, f"k-{uid}", unit(1, 0), b"sig", 60)
    assert await two.get(f"k-{uid}") == b"answer"
    [found] = await two.nearest(part, unit(1, 0.1))
    assert (found.key, found.signature) == (f"k-{uid}", b"sig")
    await two.add_vector(part, f"k2-{uid}", unit(0, 1), b"sig2", 60)
    assert [n.key for n in await one.nearest(part, unit(0, 1))] == [f"k2-{uid}", f"k-{uid}"]
    three = redis_store(redis_server)  # a replica that starts later loads the whole partition
    assert [n.key for n in await three.nearest(part, unit(1, 0))] == [f"k-{uid}", f"k2-{uid}"]
    for store in (one, two, three):
        await store.close()


@run_async
async def test_redis_loads_a_backlog_in_batches_within_the_op_timeout(redis_server: RedisServer) -> None:
    part = f"p-{uuid.uuid4().hex}"
    writer = redis_store(redis_server)
    vectors = random_units(np.random.default_rng(1), 50, 8)
    for i, vector in enumerate(vectors):
        await writer.add_vector(part, f"k{i}", vector, b"", 60)
    reader = redis_store(redis_server, sync_batch=7)
    found = await reader.nearest(part, vectors[42], k=50)
    assert len(found) == 50 and found[0].key == "k42"
    await writer.close()
    await reader.close()


@run_async
async def test_redis_stream_ttl_follows_the_longest_lived_vector(redis_server: RedisServer) -> None:
    store = redis_store(redis_server, prefix="ttl-test:")
    raw = aioredis.from_url(redis_server.url)
    part = f"p-{uuid.uuid4().hex}"
    await store.add_vector(part, "a", unit(1, 0), b"", 60)
    await store.add_vector(part, "b", unit(1, 0), b"", 5)  # a shorter TTL does not shorten the stream's
    assert 55_000 < await raw.pttl(f"ttl-test:v:{part}") <= 60_000
    await store.add_vector(part, "c", unit(1, 0), b"", 120)
    assert 115_000 < await raw.pttl(f"ttl-test:v:{part}") <= 120_000
    await store.put("e", b"v", 30)
    assert 25_000 < await raw.pttl("ttl-test:e:e") <= 30_000
    await raw.aclose()
    await store.close()


@run_async
async def test_redis_loads_its_script_again_after_a_flush(redis_server: RedisServer) -> None:
    store = redis_store(redis_server)
    raw = aioredis.from_url(redis_server.url)
    part = f"p-{uuid.uuid4().hex}"
    await store.add_vector(part, "a", unit(1, 0), b"", 60)
    await raw.script_flush()
    await store.add_vector(part, "b", unit(0, 1), b"", 60)
    assert [n.key for n in await store.nearest(part, unit(0, 1))] == ["b", "a"]
    await raw.aclose()
    await store.close()


@run_async
async def test_redis_killed_fails_fast_then_recovers(outage_redis: RedisServer) -> None:
    store = redis_store(outage_redis, retry_after_s=0.3)
    await store.put("k", b"v", 60)
    await store.add_vector("p", "k", unit(1, 0), b"", 60)
    assert store.healthy
    outage_redis.kill()
    for operation in (store.get("k"), store.put("k", b"v", 60), store.nearest("p", unit(1, 0))):
        started = time.monotonic()
        with pytest.raises(CacheUnavailable):
            await operation
        assert time.monotonic() - started < 1.0
    assert not store.healthy
    started = time.monotonic()
    with pytest.raises(CacheUnavailable, match="backing off"):  # no network while backing off
        await store.add_vector("p", "k", unit(1, 0), b"", 60)
    assert time.monotonic() - started < 0.01
    outage_redis.restart()
    await asyncio.sleep(0.35)
    assert await store.get("k") is None  # the restarted Redis is empty
    assert store.healthy
    await store.put("k", b"again", 60)
    await store.add_vector("p", "k", unit(1, 0), b"", 60)
    assert await store.get("k") == b"again"
    assert [n.key for n in await store.nearest("p", unit(1, 0))] == ["k"]
    await store.close()


@run_async
async def test_redis_stalled_times_out_promptly(outage_redis: RedisServer) -> None:
    store = redis_store(outage_redis, op_timeout_s=0.2, retry_after_s=0.1)
    await store.put("k", b"v", 60)
    assert outage_redis.proc is not None
    outage_redis.proc.send_signal(signal.SIGSTOP)
    try:
        started = time.monotonic()
        with pytest.raises(CacheUnavailable):
            await store.get("k")
        assert time.monotonic() - started < 1.0
    finally:
        outage_redis.proc.send_signal(signal.SIGCONT)
    await asyncio.sleep(0.15)
    assert await store.get("k") == b"v"  # no late reply left on a connection for the next call
    assert await store.get("other") is None
    await store.close()


@run_async
async def test_unreachable_redis_raises_cache_unavailable() -> None:
    store = RedisCacheStore(f"redis://127.0.0.1:{free_port()}/0", max_vectors_per_partition=10, op_timeout_s=0.2)
    started = time.monotonic()
    with pytest.raises(CacheUnavailable):
        await store.nearest("p", unit(1, 0))
    assert time.monotonic() - started < 1.0 and not store.healthy
    await store.close()


def test_a_cluster_never_reached_costs_a_cache_call_only_the_op_timeout() -> None:
    async def scenario() -> float:
        store = RedisCacheStore(target, max_vectors_per_partition=10, op_timeout_s=0.25)
        started = time.monotonic()
        try:
            with pytest.raises(CacheUnavailable):
                await store.get("k")
            return time.monotonic() - started
        finally:
            await store.close()

    with silent_cluster() as target:
        assert asyncio.run(scenario()) < 0.6


# --- VectorIndex ---


def test_index_grows_by_doubling_and_finds_everything() -> None:
    index = VectorIndex(4, 1000, initial_rows=4)
    vectors = random_units(np.random.default_rng(2), 100, 4)
    for i, vector in enumerate(vectors):
        index.add(f"k{i}", vector, b"", 100.0, 0.0)
    assert (len(index), index.allocated) == (100, 128)
    for i in (0, 57, 99):
        assert index.nearest(vectors[i], 1, 0.0)[0].key == f"k{i}"


def test_index_at_capacity_overwrites_the_oldest() -> None:
    index = VectorIndex(4, 10, initial_rows=4)
    vectors = random_units(np.random.default_rng(3), 25, 4)
    for i, vector in enumerate(vectors):
        index.add(f"k{i}", vector, str(i).encode(), 100.0, 0.0)
    assert (len(index), index.allocated) == (10, 10)
    found = index.nearest(vectors[0], 100, 0.0)
    assert sorted(n.key for n in found) == sorted(f"k{i}" for i in range(15, 25))
    assert all(n.signature == n.key[1:].encode() for n in found)


def test_index_compacts_expired_rows_instead_of_growing() -> None:
    index = VectorIndex(2, 1000, initial_rows=8)
    for i in range(8):
        index.add(f"old{i}", unit(1, i), b"", 10.0, 0.0)
    for i in range(4):
        index.add(f"new{i}", unit(i, 1), b"", 100.0, 20.0)  # the old rows expired at 10
    assert index.allocated == 8 and len(index) == 4
    assert sorted(n.key for n in index.nearest(unit(1, 1), 10, 20.0)) == [f"new{i}" for i in range(4)]


def test_index_compaction_keeps_rows_intact_across_chunks() -> None:
    rng = np.random.default_rng(5)
    n, dim = 10_000, 8
    vectors = random_units(rng, n, dim)
    index = VectorIndex(dim, 100_000, initial_rows=n)
    for i in range(n):
        index.add(f"k{i}", vectors[i], str(i).encode(), 10.0 if i % 2 == 0 else 100.0, 0.0)
    index.add("extra", vectors[0], b"", 100.0, 20.0)  # full, half expired: compacts (5000 rows, 2 chunks)
    assert (len(index), index.allocated) == (n // 2 + 1, n)
    odd = vectors[1::2]
    for query in random_units(rng, 10, dim):
        expected = [f"k{2 * i + 1}" for i in np.argsort(-(odd @ query))[:5]]
        assert [found.key for found in index.nearest(query, 6, 20.0) if found.key != "extra"][:5] == expected
    assert index.nearest(vectors[4001], 1, 20.0)[0].signature == b"4001"


def test_index_ring_handles_a_key_added_again() -> None:
    index = VectorIndex(2, 3, initial_rows=3)
    for key in "abc":
        index.add(key, unit(1, 0), key.encode(), 100.0, 0.0)
    index.add("a", unit(0, 1), b"a2", 100.0, 0.0)  # overwrites the oldest row: a's own old row
    index.add("d", unit(1, 1), b"d", 100.0, 0.0)  # overwrites b
    assert sorted(n.signature for n in index.nearest(unit(1, 0), 10, 0.0)) == [b"a2", b"c", b"d"]
    index.add("e", unit(1, 1), b"e", 100.0, 0.0)  # overwrites c
    index.add("f", unit(1, 1), b"f", 100.0, 0.0)  # overwrites a (the re-added one is now the oldest)
    assert sorted(n.signature for n in index.nearest(unit(1, 0), 10, 0.0)) == [b"d", b"e", b"f"]


def test_index_releases_memory_when_nothing_is_live() -> None:
    index = VectorIndex(2, 1000, initial_rows=2)
    for i in range(50):
        index.add(f"k{i}", unit(1, i), b"", 10.0, 0.0)
    assert index.allocated == 64
    assert index.nearest(unit(1, 0), 3, 10.0) == []
    assert (len(index), index.allocated) == (0, 2)


def test_index_top_k_matches_brute_force() -> None:
    rng = np.random.default_rng(4)
    n, dim, now = 3000, 32, 50.0
    vectors = random_units(rng, n, dim)
    expiry = rng.uniform(0, 100, n)
    index = VectorIndex(dim, n, initial_rows=16)
    for i in range(n):
        index.add(f"k{i}", vectors[i], b"", float(expiry[i]), 0.0)
    live = expiry > now
    for query in random_units(rng, 20, dim):
        scores = np.where(live, vectors @ query, -np.inf)
        expected = np.argsort(-scores)[:7]
        found = index.nearest(query, 7, now)
        assert [n.key for n in found] == [f"k{i}" for i in expected]
        assert [n.score for n in found] == pytest.approx(scores[expected].tolist(), abs=1e-5)
    assert len(index.nearest(vectors[0], 10_000, now)) == int(live.sum())


def test_index_rejects_a_vector_of_another_dimension() -> None:
    index = VectorIndex(3, 10)
    with pytest.raises(ValueError, match="dimension 3"):
        index.add("k", unit(1, 0), b"", 10.0, 0.0)
    index.add("k", unit(1, 0, 0), b"", 10.0, 0.0)
    assert index.nearest(unit(1, 0), 3, 0.0) == []
