"""Two proxy processes share one limit through a real redis-server, and survive its outage."""

from __future__ import annotations

import concurrent.futures
import time

import httpx
import pytest

from tests.conftest import ProxyFactory
from tests.redis_server import RedisServer
from tests.support import ServerProcess

POLICY = """
providers:
  mock: {{type: openai, base_url: "{url}/v1"}}
models:
  gpt-4o-mini: {{deployments: [{{provider: mock, model: gpt-4o-mini}}]}}
keys: [{{name: team-a, secret: "${{KEY_A}}"}}]
state: {{redis_url: "{redis}", fail_open: true, retry_every_s: 0.3}}
limits:
  rules:
    - {{name: shared-rpm, scope: key, requests_per_minute: 1200, burst: 0.025}}
logging: {{requests: false}}
"""
KEY = "vk-shared-limit-key-1"
BODY = {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "hi"}]}


@pytest.fixture(scope="module")
def pair(start_proxy: ProxyFactory, mock_upstream: ServerProcess, redis_server: RedisServer) -> list[ServerProcess]:
    text = POLICY.format(url=mock_upstream.url, redis=redis_server.url)
    return [start_proxy(policy=text, env={"KEY_A": KEY}) for _ in range(2)]


def hammer(proxy: ServerProcess, seconds: float) -> dict[int, int]:
    counts: dict[int, int] = {}
    deadline = time.monotonic() + seconds
    with httpx.Client(headers={"authorization": f"Bearer {KEY}"}, timeout=10) as client:
        while time.monotonic() < deadline:
            status = client.post(proxy.url + "/v1/chat/completions", json=BODY).status_code
            counts[status] = counts.get(status, 0) + 1
    return counts


def run_both(pair: list[ServerProcess], seconds: float) -> list[dict[int, int]]:
    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        futures = [pool.submit(hammer, proxy, seconds) for proxy in pair for _ in range(2)]
        return [f.result() for f in futures]


def test_two_replicas_enforce_one_limit_and_survive_a_redis_outage(
    pair: list[ServerProcess], redis_server: RedisServer
) -> None:
    time.sleep(1.5)  # let the shared bucket fill: burst 30, rate 20/s
    seconds = 3.0
    results = run_both(pair, seconds)
    admitted = sum(r.get(200, 0) for r in results)
    expected = 20 * seconds + 30
    print(
        f"\nshared limit: admitted {admitted} of {sum(sum(r.values()) for r in results)} offered, expected {expected:g}"
    )
    assert abs(admitted - expected) <= 0.04 * expected + 1, (admitted, expected, results)
    assert all(set(r) <= {200, 429} for r in results), results
    assert all(r.get(200, 0) > 0 for r in results), "both replicas served"

    redis_server.kill()
    during = run_both(pair, 1.5)
    assert all(set(r) <= {200, 429} for r in during), during
    assert all(r.get(200, 0) > 0 for r in during), "fail open: each replica keeps serving"
    states = {httpx.get(p.url + "/readyz", timeout=5).json()["state"] for p in pair}
    assert states == {"local-fallback"}

    redis_server.restart()
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        hammer(pair[0], 0.1)
        hammer(pair[1], 0.1)
        states = {httpx.get(p.url + "/readyz", timeout=5).json()["state"] for p in pair}
        if states == {"redis"}:
            break
    assert states == {"redis"}
