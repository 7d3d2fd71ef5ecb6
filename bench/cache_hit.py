"""`python bench/cache_hit.py`: end-to-end latency and CPU of the cache's hit path.

One mock upstream; the driver (this process) sends the same chat request back to back at one
connection, plain and streamed, to: the mock directly; the proxy without a cache (every request
goes upstream); the proxy with the cache on (the first request stores, every later one is an
exact hit). Proxies pinned to CPU 0, mock and driver to CPU 1. Prints a markdown table.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import uvloop
from compare import BASE_POLICY
from load import drive, new_session, percentile
from procs import cpu_seconds, pick_cpus, running_mock, running_proxy

LOG_ON = "logging: {{requests: true}}\n"

CACHE = "cache: {enabled: true}\n"
WARMUP, REQUESTS = 200, 2000
# A replayed stream carries the answer in 48-character pieces, not the upstream's 20 chunks: ask
# the mock for 2 chunks so the driver's completeness check (more events than chunks) fits both.
CHUNKS = 2


async def measure(url: str, pid: int | None, stream: bool) -> tuple[float, float, float, int]:
    """(p50 ms, p99 ms, CPU us per request of `pid`, errors)."""
    async with new_session(1) as session:
        await drive(session, url, stream=stream, chunks=CHUNKS, concurrency=1, total=WARMUP, time_cap_s=20)
        before = cpu_seconds(pid) if pid else 0.0
        res = await drive(session, url, stream=stream, chunks=CHUNKS, concurrency=1, total=REQUESTS, time_cap_s=30)
        spent = cpu_seconds(pid) - before if pid else 0.0
    lat = res.latencies_s
    return percentile(lat, 50) * 1e3, percentile(lat, 99) * 1e3, spent / max(res.ok, 1) * 1e6, res.error_count


def main() -> None:
    sut_cpu, driver_cpu = pick_cpus()
    os.sched_setaffinity(0, {driver_cpu})
    rows: list[tuple[str, str, tuple[float, float, float, int]]] = []
    with tempfile.TemporaryDirectory(prefix="bench-cache-") as tmp, running_mock(driver_cpu, Path(tmp)) as mock:
        for stream in (False, True):
            mode = "stream" if stream else "json"
            rows.append(("direct", mode, uvloop.run(measure(mock.base_url + "/v1/chat/completions", None, stream))))
            for name, extra in (("proxy, no cache", ""), ("proxy, cache hit", CACHE)):

                def policy(port: int, extra: str = extra) -> str:
                    return (BASE_POLICY + LOG_ON).format(port=port, mock=mock.base_url) + extra

                with running_proxy(policy, sut_cpu, Path(tmp)) as sut:
                    url = sut.base_url + "/v1/chat/completions"
                    rows.append((name, mode, uvloop.run(measure(url, sut.pid, stream))))
    print(f"| target | answer | p50 ms | p99 ms | proxy CPU us/request | errors |  ({REQUESTS} requests, 1 connection)")
    print("|---|---|--:|--:|--:|--:|")
    for name, mode, (p50, p99, cpu, errors) in rows:
        print(f"| {name} | {mode} | {p50:.3f} | {p99:.3f} | {cpu:.0f} | {errors} |")


if __name__ == "__main__":
    main()
