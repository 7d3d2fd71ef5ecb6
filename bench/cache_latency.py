"""`python bench/cache_latency.py [--sizes 10000,100000] [--dims 384,1536] [--lookups N]`: semantic lookup latency.

For each dimension and size, one partition is filled with that many random unit vectors, then
`--lookups` `nearest(k=3)` calls with random unit queries are timed one by one (after a short
warm-up; a case stops early, after at least 200, once `--budget-s` is spent, so the whole run
takes about a minute), on both stores:

- memory: `MemoryCacheStore`, filled through `add_vector`;
- redis: `RedisCacheStore` against a redis-server this script starts. The stream is filled through
  a pipeline of the store's own add script (`ADD_VECTOR_LUA`, the command `add_vector` sends, minus
  its per-call sync) so filling 100k entries takes seconds; then the measured store loads the
  partition through `nearest` until it finds the last vector written ("load" column). Each timed
  lookup is the steady state: one XREAD round trip that finds nothing new, then the local search.

Prints a markdown table (p50/p99 in ms) and the targets; writes nothing. Numbers depend on the
machine's memory bandwidth: a search reads the whole partition (rows x dim x 4 bytes) once.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import math
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
import redis.asyncio as aioredis
from numpy.typing import NDArray

from proxy.cache.store import CacheStore
from proxy.cache.store_memory import MemoryCacheStore
from proxy.cache.store_redis import ADD_VECTOR_LUA, RedisCacheStore

PARTITION = "bench:tenant:model"
TTL_S = 3600.0
WARMUP = 50
MIN_LOOKUPS = 200
FILL_CHUNK = 1000
TARGET_P99_MS = {10_000: 2.0, 100_000: 10.0}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextlib.contextmanager
def redis_server() -> Iterator[str]:
    """A throwaway redis-server (no persistence) on a free loopback port."""
    binary = shutil.which("redis-server")
    if binary is None:
        raise SystemExit("redis-server is not installed (Debian: apt-get install redis-server)")
    port = free_port()
    workdir = tempfile.mkdtemp(prefix="bench-cache-")
    args = [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", workdir]
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        time.sleep(0.3)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        proc.terminate()
        proc.wait(5)
        shutil.rmtree(workdir, ignore_errors=True)


def units(rng: np.random.Generator, n: int, dim: int) -> NDArray[np.float32]:
    vectors: NDArray[np.float32] = rng.standard_normal((n, dim), dtype=np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[max(1, math.ceil(p / 100 * len(ordered))) - 1]


@dataclass(frozen=True, slots=True)
class Result:
    load_s: float
    lookups: int
    p50_ms: float
    p99_ms: float


async def time_lookups(store: CacheStore, queries: NDArray[np.float32], budget_s: float) -> tuple[int, float, float]:
    """(lookups made, p50, p99 in ms) of `nearest` over `queries` after a warm-up, stopping early
    (after at least MIN_LOOKUPS) once `budget_s` is spent."""
    for query in queries[:WARMUP]:
        await store.nearest(PARTITION, query)
    latencies: list[float] = []
    deadline = time.perf_counter() + budget_s
    for query in queries:
        started = time.perf_counter()
        await store.nearest(PARTITION, query)
        latencies.append((time.perf_counter() - started) * 1e3)
        if started > deadline and len(latencies) >= MIN_LOOKUPS:
            break
    return len(latencies), percentile(latencies, 50), percentile(latencies, 99)


def room_for(vectors: NDArray[np.float32]) -> int:
    """A cache budget that holds the whole partition: the indexes count against `max_bytes`."""
    return 2 * vectors.nbytes + 1024 * len(vectors) + (1 << 20)


async def bench_memory(vectors: NDArray[np.float32], queries: NDArray[np.float32], budget_s: float) -> Result:
    store = MemoryCacheStore(max_entries=1, max_bytes=room_for(vectors), max_vectors_per_partition=len(vectors))
    started = time.perf_counter()
    for i, vector in enumerate(vectors):
        await store.add_vector(PARTITION, f"k{i}", vector, b"sig", TTL_S)
    load_s = time.perf_counter() - started
    result = Result(load_s, *await time_lookups(store, queries, budget_s))
    await store.close()
    return result


async def fill_stream(url: str, vectors: NDArray[np.float32]) -> None:
    """Write `vectors` to the partition's stream as `add_vector` would, pipelined."""
    raw: Any = aioredis.from_url(url)
    await raw.delete(f"llmproxy:cache:v:{PARTITION}")
    ttl_ms = int(TTL_S * 1000)
    for start in range(0, len(vectors), FILL_CHUNK):
        pipe = raw.pipeline(transaction=False)
        expires_ms = int(time.time() * 1000) + ttl_ms
        for i in range(start, min(start + FILL_CHUNK, len(vectors))):
            args = (len(vectors), f"k{i}", vectors[i].tobytes(), b"sig", expires_ms, ttl_ms)
            pipe.eval(ADD_VECTOR_LUA, 1, f"llmproxy:cache:v:{PARTITION}", *args)
        await pipe.execute()
    await raw.aclose()


async def bench_redis(url: str, vectors: NDArray[np.float32], queries: NDArray[np.float32], budget_s: float) -> Result:
    await fill_stream(url, vectors)
    store = RedisCacheStore(url, max_vectors_per_partition=len(vectors), max_bytes=room_for(vectors))
    last = f"k{len(vectors) - 1}"
    started = time.perf_counter()
    while [n.key for n in await store.nearest(PARTITION, vectors[-1], k=1)] != [last]:
        # Each call reads what fits in its op timeout; the last vector is found once all is loaded.
        if time.perf_counter() - started > 120:
            raise SystemExit("the Redis store did not load the partition within 120 s")
    load_s = time.perf_counter() - started
    result = Result(load_s, *await time_lookups(store, queries, budget_s))
    await store.close()
    return result


async def run(sizes: list[int], dims: list[int], lookups: int, budget_s: float) -> None:
    rng = np.random.default_rng(0)
    rows: list[str] = []
    with redis_server() as url:
        for dim in dims:
            queries = units(rng, lookups, dim)
            for size in sizes:
                vectors = units(rng, size, dim)
                results = {
                    "memory": await bench_memory(vectors, queries, budget_s),
                    "redis": await bench_redis(url, vectors, queries, budget_s),
                }
                for name, r in results.items():
                    target = TARGET_P99_MS.get(size)
                    verdict = "" if target is None else ("yes" if r.p99_ms < target else "no") + f" (< {target:g} ms)"
                    cells = f"{r.load_s:.2f} | {r.lookups} | {r.p50_ms:.2f} | {r.p99_ms:.2f} | {verdict}"
                    rows.append(f"| {name} | {dim} | {size:,} | {cells} |")
                    print(rows[-1], flush=True)
    threads = os.environ.get("OPENBLAS_NUM_THREADS", "default")
    print(f"\nk=3, {WARMUP} warm-up lookups first, {os.cpu_count()} CPUs, OPENBLAS_NUM_THREADS: {threads}\n")
    print("| store | dim | vectors | load s | lookups | p50 ms | p99 ms | p99 target met |")
    print("|---|--:|--:|--:|--:|--:|--:|---|")
    print("\n".join(rows))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sizes", default="10000,100000", help="vectors in the partition, comma-separated")
    parser.add_argument("--dims", default="384,1536", help="vector dimensions, comma-separated")
    parser.add_argument("--lookups", type=int, default=1000)
    parser.add_argument("--budget-s", type=float, default=8.0, help="stop timing a case after this long")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    dims = [int(d) for d in args.dims.split(",")]
    started = time.monotonic()
    asyncio.run(run(sizes, dims, args.lookups, args.budget_s))
    print(f"\n(total run time {time.monotonic() - started:.0f} s)")


if __name__ == "__main__":
    main()
