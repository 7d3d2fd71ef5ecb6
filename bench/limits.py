"""`python bench/limits.py [--rounds N]`: what rate limits and budgets add to the proxy's CPU per request.

Three policies against the same mock, one after another, each proxy pinned to CPU 0 (mock, Redis
and this driver on CPU 1): no limits; limits and budgets on in-process state; the same on Redis.
The limits never refuse (their numbers are huge) so every request pays the full bookkeeping:
two rules x (requests + tokens) buckets, one concurrency slot, two budget reads, two spend adds
and two token reconciliations. Prints a markdown table; writes nothing.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import uvloop
from compare import BASE_POLICY
from load import drive, new_session, percentile
from procs import cpu_seconds, free_port, pick_cpus, running_mock, running_proxy

LOG_ON = "logging: {{requests: true}}\n"

LIMITS = """
limits:
  rules:
    - {name: per-key, scope: key, requests_per_minute: 100000000, tokens_per_minute: 1000000000, max_concurrent: 100000}
    - {name: everyone, scope: global, requests_per_minute: 100000000, tokens_per_minute: 1000000000}
budgets:
  keys: {"*": {daily_usd: 1000000, monthly_usd: 1000000}}
"""
VARIANTS = {
    "no limits": "",
    "limits, memory": LIMITS,
    "limits, redis": LIMITS + 'state: {redis_url: "REDIS_URL"}\n',
}
CONCURRENCY, WARMUP, REQUESTS = 16, 500, 3000


@contextlib.contextmanager
def redis_server(cpu: int) -> Iterator[str]:
    binary = shutil.which("redis-server")
    if binary is None:
        raise SystemExit("redis-server is not installed (Debian: apt-get install redis-server)")
    port = free_port()
    proc = subprocess.Popen(
        [
            "taskset",
            "-c",
            str(cpu),
            binary,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        time.sleep(0.3)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        proc.terminate()
        proc.wait(5)


async def measure(url: str, pid: int) -> tuple[float, float, int]:
    """(CPU µs per request of `pid`, p50 ms, errors) for the measured phase after a warm-up."""
    async with new_session(CONCURRENCY) as session:
        await drive(session, url, stream=False, chunks=20, concurrency=CONCURRENCY, total=WARMUP, time_cap_s=20)
        before = cpu_seconds(pid)
        res = await drive(session, url, stream=False, chunks=20, concurrency=CONCURRENCY, total=REQUESTS, time_cap_s=20)
        spent = cpu_seconds(pid) - before
    return spent / max(res.ok, 1) * 1e6, percentile(res.latencies_s, 50) * 1e3, res.error_count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    rounds = parser.parse_args().rounds
    sut_cpu, driver_cpu = pick_cpus()
    os.sched_setaffinity(0, {driver_cpu})
    totals: dict[str, list[float]] = {name: [] for name in VARIANTS}
    errors = dict.fromkeys(VARIANTS, 0)
    with (
        tempfile.TemporaryDirectory(prefix="bench-limits-") as tmp,
        redis_server(driver_cpu) as redis_url,
        running_mock(driver_cpu, Path(tmp)) as mock,
    ):
        for _ in range(rounds):
            for name, extra in VARIANTS.items():
                tail = extra.replace("REDIS_URL", redis_url)

                def policy(port: int, tail: str = tail) -> str:
                    return (BASE_POLICY + LOG_ON).format(port=port, mock=mock.base_url) + tail

                with running_proxy(policy, sut_cpu, Path(tmp)) as sut:
                    url = sut.base_url + "/v1/chat/completions"
                    cpu_us, _p50, errs = uvloop.run(measure(url, sut.pid))
                totals[name].append(cpu_us)
                errors[name] += errs
    base = sum(totals["no limits"]) / rounds
    print(f"| policy ({rounds} rounds, c={CONCURRENCY}, {REQUESTS} requests each) | CPU µs/request | added | errors |")
    print("|---|--:|--:|--:|")
    for name, values in totals.items():
        mean = sum(values) / len(values)
        spread = f"({min(values):.0f}..{max(values):.0f})"
        print(f"| {name} | {mean:.0f} {spread} | {mean - base:+.0f} | {errors[name]} |")


if __name__ == "__main__":
    main()
