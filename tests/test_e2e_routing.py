"""Retries, rotation, breakers and fallbacks over real sockets: several scripted mock upstreams."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import httpx
import openai
import pytest

from tests.conftest import MockFactory, ProxyFactory
from tests.support import ServerProcess, knobs, script

MESSAGES: list[Any] = [{"role": "user", "content": "hello"}]


def stats(mock: ServerProcess) -> dict[str, Any]:
    result: dict[str, Any] = httpx.get(mock.url + "/_mock/stats", timeout=5).json()
    return result


def requests_seen(mock: ServerProcess, record_id: str) -> list[dict[str, Any]]:
    resp = httpx.get(mock.url + "/_mock/log", params={"id": record_id}, timeout=5)
    records: list[dict[str, Any]] = resp.json()["requests"]
    return records


@pytest.fixture(scope="module")
def mocks(start_mock: MockFactory) -> dict[str, ServerProcess]:
    return {name: start_mock() for name in ("a", "b", "c")}


@pytest.fixture(autouse=True)
def clear_scripts(mocks: dict[str, ServerProcess]) -> Iterator[None]:
    yield
    for mock in mocks.values():
        httpx.delete(mock.url + "/_mock/script", timeout=5)


ROUTING_POLICY = """
server: {{drain_timeout_s: 2}}
providers:
  a: {{type: openai, base_url: "{a}/v1", timeouts: {{first_byte_s: 2, idle_s: 2}}}}
  b: {{type: openai, base_url: "{b}/v1", timeouts: {{first_byte_s: 2, idle_s: 2}}}}
  claude: {{type: anthropic, base_url: "{c}", api_key: "${{TEST_ANTHROPIC_KEY}}"}}
models:
  single:
    deployments: [{{provider: a, model: m-single}}]
    retry: {{max_attempts: 3, backoff_base_s: 0.05, backoff_cap_s: 0.2, retry_after_cap_s: 5}}
    breaker: {{enabled: false}}
  pair:
    deployments: [{{provider: a, model: m-pair, name: pair-a}}, {{provider: b, model: m-pair, name: pair-b}}]
    retry: {{max_attempts: 2, backoff_base_s: 0.01}}
    breaker: {{enabled: false}}
  guarded:
    deployments: [{{provider: a, model: m-guarded, name: guarded-a}}]
    retry: {{max_attempts: 1}}
    breaker: {{consecutive_failures: 3, cooldown_s: 0.6, min_requests: 100}}
  claude:
    deployments: [{{provider: claude, model: claude-sonnet, name: claude-main}}]
    retry: {{max_attempts: 1}}
    breaker: {{enabled: false}}
    fallbacks: [gpt-4o]
  gpt-4o:
    deployments: [{{provider: b, model: gpt-4o}}]
    retry: {{max_attempts: 1}}
    breaker: {{enabled: false}}
    fallbacks: [gpt-4o-mini]
  gpt-4o-mini:
    deployments: [{{provider: a, model: gpt-4o-mini}}]
    retry: {{max_attempts: 1}}
    breaker: {{enabled: false}}
  streamer:
    deployments: [{{provider: a, model: m-stream}}]
    retry: {{max_attempts: 3, backoff_base_s: 0.01}}
    breaker: {{enabled: false}}
keys: []
"""


@pytest.fixture(scope="module")
def router_proxy(start_proxy: ProxyFactory, mocks: dict[str, ServerProcess]) -> ServerProcess:
    text = ROUTING_POLICY.format(a=mocks["a"].url, b=mocks["b"].url, c=mocks["c"].url)
    return start_proxy(policy=text, env={"TEST_ANTHROPIC_KEY": "sk-ant-test-not-real"})


@pytest.fixture
def sdk(router_proxy: ServerProcess) -> openai.OpenAI:
    return openai.OpenAI(base_url=router_proxy.url + "/v1", api_key="sk-x", max_retries=0, timeout=20)


def test_retry_after_is_honoured_before_the_retry(sdk: openai.OpenAI, mocks: dict[str, ServerProcess]) -> None:
    script(mocks["a"], {"status": 503, "retry_after": "1"})  # a 429 would not be retried here (rate limits)
    body = knobs()
    raw = sdk.chat.completions.with_raw_response.create(model="single", messages=MESSAGES, extra_body=body)
    assert raw.headers["x-llm-proxy-attempts"] == "2"
    seen = requests_seen(mocks["a"], body["mock"]["id"])
    assert len(seen) == 2
    assert seen[1]["started_at"] - seen[0]["started_at"] >= 0.95


def test_gives_up_after_the_budget_and_says_so(sdk: openai.OpenAI, mocks: dict[str, ServerProcess]) -> None:
    script(mocks["a"], {"status": 500, "error_message": "kaput"}, repeat=True)
    with pytest.raises(openai.InternalServerError) as info:
        sdk.chat.completions.create(model="single", messages=MESSAGES, extra_body=knobs())
    assert "kaput" in info.value.message
    assert info.value.response.headers["x-llm-proxy-attempts"] == "3"


def test_rotation_off_a_bad_key_deployment(sdk: openai.OpenAI, mocks: dict[str, ServerProcess]) -> None:
    script(mocks["a"], {"status": 401, "error_message": "bad key"}, repeat=True)
    for _ in range(6):
        raw = sdk.chat.completions.with_raw_response.create(model="pair", messages=MESSAGES, extra_body=knobs())
        assert raw.headers["x-llm-proxy-deployment"] == "pair-b"


def test_breaker_opens_fails_fast_then_recovers(
    sdk: openai.OpenAI, router_proxy: ServerProcess, mocks: dict[str, ServerProcess]
) -> None:
    script(mocks["a"], *[{"status": 500}] * 3)
    for _ in range(3):
        with pytest.raises(openai.InternalServerError):
            sdk.chat.completions.create(model="guarded", messages=MESSAGES, extra_body=knobs())
    assert httpx.get(router_proxy.url + "/readyz").json()["deployments"]["guarded-a"] == "open"
    before = stats(mocks["a"])["requests"]
    started = time.monotonic()
    with pytest.raises(openai.InternalServerError) as info:
        sdk.chat.completions.create(model="guarded", messages=MESSAGES, extra_body=knobs())
    assert time.monotonic() - started < 0.2, "an open breaker must fail fast"
    assert info.value.status_code == 503 and int(info.value.response.headers["retry-after"]) >= 1
    assert stats(mocks["a"])["requests"] == before
    time.sleep(0.7)
    sdk.chat.completions.create(model="guarded", messages=MESSAGES, extra_body=knobs())  # the half-open probe
    assert httpx.get(router_proxy.url + "/readyz").json()["deployments"]["guarded-a"] == "closed"
    metrics = httpx.get(router_proxy.url + "/metrics").text
    for state in ("open", "half_open", "closed"):
        assert f'llm_proxy_breaker_transitions_total{{deployment="guarded-a",state="{state}"}} 1.0' in metrics
    assert 'llm_proxy_breaker_skips_total{deployment="guarded-a"} 1.0' in metrics


def test_fallback_chain_claude_to_gpt4o_to_mini(sdk: openai.OpenAI, mocks: dict[str, ServerProcess]) -> None:
    script(mocks["c"], {"status": 529})
    script(mocks["b"], {"status": 500})
    raw = sdk.chat.completions.with_raw_response.create(model="claude", messages=MESSAGES, extra_body=knobs())
    assert raw.headers["x-llm-proxy-model"] == "gpt-4o-mini"
    assert raw.headers["x-llm-proxy-fallbacks"] == "2"
    assert raw.headers["x-llm-proxy-attempts"] == "3"
    assert raw.parse().model == "claude"  # the caller keeps seeing the alias it asked for


def test_no_fallback_when_the_caller_says_so(sdk: openai.OpenAI, mocks: dict[str, ServerProcess]) -> None:
    script(mocks["c"], {"status": 529})
    with pytest.raises(openai.InternalServerError) as info:
        sdk.chat.completions.create(
            model="claude", messages=MESSAGES, extra_body=knobs(), extra_headers={"x-llm-proxy-fallback": "off"}
        )
    assert info.value.status_code == 503  # Anthropic's 529 reaches OpenAI callers as 503


def test_no_retry_after_the_first_byte(router_proxy: ServerProcess, mocks: dict[str, ServerProcess]) -> None:
    body = {"model": "streamer", "messages": MESSAGES, "stream": True, **knobs(chunks=5, drop_after=2)}
    with httpx.stream("POST", router_proxy.url + "/v1/chat/completions", json=body, timeout=10) as resp:
        raw = resp.read()
    assert resp.status_code == 200 and b'"error"' in raw and b"[DONE]" not in raw
    assert len(requests_seen(mocks["a"], body["mock"]["id"])) == 1


def test_error_before_the_first_byte_of_a_stream_is_retried(
    router_proxy: ServerProcess, mocks: dict[str, ServerProcess]
) -> None:
    script(mocks["a"], {"status": 503}, {"error_event_after": 0})
    body = {"model": "streamer", "messages": MESSAGES, "stream": True, **knobs(chunks=3)}
    with httpx.stream("POST", router_proxy.url + "/v1/chat/completions", json=body, timeout=10) as resp:
        raw = resp.read()
    assert resp.status_code == 200 and raw.rstrip().endswith(b"data: [DONE]")
    assert resp.headers["x-llm-proxy-attempts"] == "3"
