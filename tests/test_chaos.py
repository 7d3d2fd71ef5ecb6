"""Chaos: one flaky, one stalling and one healthy deployment; every caller still gets an answer.

Prints how traffic shifted between deployments and what the failures cost in latency
(run with `-s` to see it); the closing note of the routing issue quotes one run.
"""

from __future__ import annotations

import asyncio
import statistics
import time
from collections import Counter
from typing import Any

import aiohttp
import httpx
import pytest

from tests.conftest import MockFactory, ProxyFactory
from tests.support import ServerProcess

REQUESTS = 500
CONCURRENCY = 50

POLICY = """
providers:
  flaky: {{type: openai, base_url: "{flaky}/v1", timeouts: {{first_byte_s: 0.5, idle_s: 1}}}}
  stalling: {{type: openai, base_url: "{stalling}/v1", timeouts: {{first_byte_s: 0.5, idle_s: 1}}}}
  healthy: {{type: openai, base_url: "{healthy}/v1", timeouts: {{first_byte_s: 0.5, idle_s: 1}}}}
models:
  chaos:
    deployments:
      - {{provider: flaky, model: m, name: flaky}}
      - {{provider: stalling, model: m, name: stalling}}
      - {{provider: healthy, model: m, name: healthy}}
    retry: {{max_attempts: 4, backoff_base_s: 0.01, backoff_cap_s: 0.1, deadline_s: 20}}
    breaker: {{window_s: 10, min_requests: 10, failure_ratio: 0.5, consecutive_failures: 3, cooldown_s: 2}}
keys: []
logging: {{requests: false}}
"""


async def fire(url: str, model: str) -> list[tuple[float, int, str, float]]:
    """(start offset, status, deployment, latency) for REQUESTS calls at CONCURRENCY."""
    body: dict[str, Any] = {"model": model, "messages": [{"role": "user", "content": "hi"}]}
    gate = asyncio.Semaphore(CONCURRENCY)
    t0 = time.perf_counter()
    # aiohttp rather than httpx: at this concurrency httpx's own CPU cost would dominate the latencies.
    connector = aiohttp.TCPConnector(limit=CONCURRENCY)
    async with aiohttp.ClientSession(connector=connector, timeout=aiohttp.ClientTimeout(total=30)) as client:

        async def one() -> tuple[float, int, str, float]:
            async with gate:
                start = time.perf_counter()
                async with client.post(url + "/v1/chat/completions", json=body) as resp:
                    await resp.read()
                    served = resp.headers.get("x-llm-proxy-deployment", "-")
                return start - t0, resp.status, served, time.perf_counter() - start

        return list(await asyncio.gather(*(one() for _ in range(REQUESTS))))


@pytest.fixture(scope="module")
def chaos_proxy(start_mock: MockFactory, start_proxy: ProxyFactory) -> tuple[ServerProcess, dict[str, ServerProcess]]:
    flaky = start_mock("--fail-rate", "0.5", "--seed", "1")
    stalling = start_mock("--stall-rate", "1", "--stall-ms", "20000")
    healthy = start_mock()
    policy = POLICY.format(flaky=flaky.url, stalling=stalling.url, healthy=healthy.url)
    return start_proxy(policy=policy), {"flaky": flaky, "stalling": stalling, "healthy": healthy}


def test_every_request_succeeds_and_traffic_moves_to_the_healthy_deployment(
    chaos_proxy: tuple[ServerProcess, dict[str, ServerProcess]],
) -> None:
    proxy, mocks = chaos_proxy
    direct = asyncio.run(fire(mocks["healthy"].url, "m"))
    httpx.delete(mocks["healthy"].url + "/_mock/stats", timeout=5)
    results = asyncio.run(fire(proxy.url, "chaos"))
    received = {name: httpx.get(m.url + "/_mock/stats", timeout=5).json() for name, m in mocks.items()}
    statuses = Counter(status for _, status, _, _ in results)
    assert statuses == {200: REQUESTS}, statuses
    ordered = sorted(results)
    first, last = Counter(r[2] for r in ordered[:100]), Counter(r[2] for r in ordered[-100:])
    latency = sorted(r[3] for r in results)
    direct_latency = sorted(r[3] for r in direct)
    p50, p99 = statistics.median(latency), latency[int(len(latency) * 0.99) - 1]
    d50, d99 = statistics.median(direct_latency), direct_latency[int(len(direct_latency) * 0.99) - 1]
    metrics = httpx.get(proxy.url + "/metrics", timeout=5).text
    transitions = [line for line in metrics.splitlines() if line.startswith("llm_proxy_breaker_transitions_total")]
    print(
        f"\nchaos: {REQUESTS} requests at concurrency {CONCURRENCY}: {dict(statuses)}"
        f"\n  served by, first 100 started: {dict(first)}; last 100: {dict(last)}"
        f"\n  latency p50 {p50 * 1000:.1f} ms p99 {p99 * 1000:.1f} ms;"
        f" direct to healthy p50 {d50 * 1000:.1f} ms p99 {d99 * 1000:.1f} ms"
        f"\n  attempts received: "
        + ", ".join(f"{n} {r['requests']} {r['by_status']}" for n, r in received.items())
        + f"\n  breaker transitions: {transitions}"
    )
    assert last["healthy"] >= 60, last
    assert last["stalling"] == 0, "an open breaker must keep traffic off the stalling deployment"
