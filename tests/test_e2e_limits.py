"""Rate limits, concurrency caps, size limits and budgets through a real proxy (in-process state)."""

from __future__ import annotations

import concurrent.futures
import time
from typing import Any

import httpx
import pytest

from tests.conftest import ProxyFactory
from tests.support import ServerProcess

KEYS = {f"team-{t}": f"vk-team-{t}-secret-{i}" for i, t in enumerate("abcd")}

POLICY = """
providers:
  mock: {{type: openai, base_url: "{url}/v1"}}
models:
  gpt-4o-mini:
    deployments: [{{provider: mock, model: gpt-4o-mini, input_cost_per_mtok: 700, output_cost_per_mtok: 700}}]
    retry: {{max_attempts: 1}}
  cheap:
    deployments: [{{provider: mock, model: cheap-model, input_cost_per_mtok: 0, output_cost_per_mtok: 0}}]
keys:
  - {{name: team-a, secret: "${{KEY_A}}"}}
  - {{name: team-b, secret: "${{KEY_B}}"}}
  - {{name: team-c, secret: "${{KEY_C}}"}}
  - {{name: team-d, secret: "${{KEY_D}}"}}
limits:
  user_header: x-end-user
  sizes_by_model:
    gpt-4o-mini: {{max_input_tokens: 200, max_output_tokens: 50, on_output_over: clamp}}
  rules:
    - {{name: team-a-rpm, scope: key, keys: [team-a], requests_per_minute: 600, burst: 0.05}}
    - {{name: one-at-a-time, scope: key, keys: [team-b], max_concurrent: 1}}
    - {{name: per-user, scope: user, requests_per_minute: 60, burst: 0.05}}
budgets:
  keys:
    team-c: {{daily_usd: 0.01, on_exceed: downgrade, downgrade_to: cheap}}
    team-d: {{daily_usd: 0.01, on_exceed: reject}}
"""


@pytest.fixture(scope="module")
def proxy(start_proxy: ProxyFactory, mock_upstream: ServerProcess) -> ServerProcess:
    env = {f"KEY_{t.upper()}": KEYS[f"team-{t}"] for t in "abcd"}
    return start_proxy(policy=POLICY.format(url=mock_upstream.url), env=env)


def call(proxy: ServerProcess, team: str, client: httpx.Client | None = None, **extra: Any) -> httpx.Response:
    headers = {"authorization": f"Bearer {KEYS[team]}", **extra.pop("headers", {})}
    body = {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "hi"}], **extra}
    sender = client or httpx
    return sender.post(proxy.url + "/v1/chat/completions", json=body, headers=headers, timeout=10)


def test_rate_limit_admits_rate_plus_burst_and_says_when_to_come_back(proxy: ServerProcess) -> None:
    admitted, refused = 0, None
    start = time.monotonic()
    with httpx.Client() as client:
        while time.monotonic() - start < 2.0:  # offered far above 10/s for 2 s
            resp = call(proxy, "team-a", client)
            if resp.status_code == 200:
                admitted += 1
            else:
                refused = resp
    assert 45 <= admitted <= 53, admitted  # 10/s x 2 s + burst 30 (0.05 x 600), give or take timing
    assert refused is not None and refused.status_code == 429
    error = refused.json()["error"]
    assert error["code"] == "rate_limit_exceeded" and "team-a-rpm" in error["message"]
    assert "team-b" not in error["message"]
    assert float(refused.headers["retry-after-ms"]) > 0 and int(refused.headers["retry-after"]) >= 1


def test_success_carries_openai_ratelimit_headers(proxy: ServerProcess) -> None:
    resp = call(proxy, "team-b", headers={"x-end-user": "alice"})
    assert resp.status_code == 200
    assert resp.headers["x-ratelimit-limit-requests"] == "60"
    assert int(resp.headers["x-ratelimit-remaining-requests"]) >= 0
    assert resp.headers["x-ratelimit-reset-requests"].endswith(("ms", "s"))


def test_concurrency_cap(proxy: ServerProcess) -> None:
    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        slow = pool.submit(call, proxy, "team-b", mock={"ttfb_ms": 800})
        time.sleep(0.3)
        second = call(proxy, "team-b")
        assert slow.result().status_code == 200
    assert second.status_code == 429 and "at once" in second.json()["error"]["message"]
    assert call(proxy, "team-b").status_code == 200  # the slot came back


def test_input_too_large_is_400_before_any_upstream_call(proxy: ServerProcess) -> None:
    resp = call(proxy, "team-b", messages=[{"role": "user", "content": "word " * 2000}])
    assert resp.status_code == 400 and resp.json()["error"]["code"] == "input_too_large"


def test_max_tokens_above_the_cap_is_clamped(proxy: ServerProcess, mock_upstream: ServerProcess) -> None:
    resp = call(proxy, "team-b", max_tokens=5000, mock={"id": "clamp-check-1"})
    assert resp.status_code == 200
    log = httpx.get(mock_upstream.url + "/_mock/log", params={"id": "clamp-check-1"}).json()["requests"]
    assert log[0]["body"]["max_tokens"] == 50


def spend_of(response: httpx.Response) -> float:
    usage = response.json()["usage"]
    return float(usage["prompt_tokens"] + usage["completion_tokens"]) * 700 / 1e6


def test_budget_downgrades_exactly_when_spend_crosses_it(proxy: ServerProcess) -> None:
    spent = 0.0
    while spent < 0.01:  # every request is admitted while the recorded spend is below the budget
        resp = call(proxy, "team-c")
        assert resp.status_code == 200 and resp.headers["x-llm-proxy-model"] == "gpt-4o-mini"
        spent += spend_of(resp)
    second = call(proxy, "team-c")
    assert second.status_code == 200
    assert second.headers["x-llm-proxy-model"] == "cheap"
    assert second.headers["x-llm-proxy-budget"] == "downgraded from gpt-4o-mini"


def test_budget_refuses_when_the_policy_says_reject(proxy: ServerProcess) -> None:
    spent = 0.0
    while spent < 0.01:
        resp = call(proxy, "team-d")
        assert resp.status_code == 200
        spent += spend_of(resp)
    refused = call(proxy, "team-d")
    assert refused.status_code == 429
    error = refused.json()["error"]
    assert error["code"] == "insufficient_quota" and "team-d" in error["message"] and "daily" in error["message"]


EMERGENCY_POLICY = """
providers:
  mock: {{type: openai, base_url: "{url}/v1"}}
models:
  gpt-4o-mini:
    deployments: [{{provider: mock, model: gpt-4o-mini, input_cost_per_mtok: 700, output_cost_per_mtok: 700}}]
  cheap:
    deployments: [{{provider: mock, model: cheap-model, input_cost_per_mtok: 0, output_cost_per_mtok: 0}}]
keys: []
budgets:
  global: {{daily_usd: 0.01, emergency: {{downgrade_to: cheap, max_input_tokens: 50}}}}
cache: {{enabled: true, anonymous: true}}  # its callers send no credential
"""


def test_global_budget_switches_to_emergency_mode(start_proxy: ProxyFactory, mock_upstream: ServerProcess) -> None:
    proxy = start_proxy(policy=EMERGENCY_POLICY.format(url=mock_upstream.url))
    body = {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "hi"}]}
    spent = 0.0
    while spent < 0.01:
        fresh = {**body, "messages": [{"role": "user", "content": f"hi {spent}"}]}  # cache misses: real spend
        resp = httpx.post(proxy.url + "/v1/chat/completions", json=fresh, timeout=10)
        assert resp.status_code == 200 and "x-llm-proxy-emergency" not in resp.headers
        spent += spend_of(resp)
    resp = httpx.post(proxy.url + "/v1/chat/completions", json=body, timeout=10)
    assert resp.headers["x-llm-proxy-emergency"] == "on" and resp.headers["x-llm-proxy-model"] == "cheap"
    repeat = httpx.post(proxy.url + "/v1/chat/completions", json=fresh, timeout=10)
    assert repeat.headers["x-llm-proxy-emergency"] == "on" and repeat.headers["x-cache"] == "hit-exact"
    assert repeat.json()["usage"]["total_tokens"] == 0
    long_body = {**body, "messages": [{"role": "user", "content": "word " * 400}]}
    refused = httpx.post(proxy.url + "/v1/chat/completions", json=long_body, timeout=10)
    assert refused.status_code == 400 and "emergency mode" in refused.json()["error"]["message"]
    assert httpx.get(proxy.url + "/readyz", timeout=5).json()["emergency"] is True
    assert "llm_proxy_emergency_mode 1.0" in httpx.get(proxy.url + "/metrics", timeout=5).text


def test_limiter_rejections_are_counted_by_rule(proxy: ServerProcess) -> None:
    with httpx.Client() as client:
        for _ in range(80):
            if call(proxy, "team-a", client).status_code == 429:
                break
    metrics = httpx.get(proxy.url + "/metrics", timeout=5).text
    assert 'llm_proxy_limiter_rejections_total{rule="team-a-rpm"}' in metrics
    assert 'llm_proxy_state_backend{mode="memory"} 1.0' in metrics
