"""What upstreams can do to the proxy is bounded; a 2xx must be a completion; rate limits are not
outages (real sockets: one proxy in front of three scripted mock upstreams).

Provider `a` allows 1 MiB answers and 0.5 s between complete stream events; every breach is a 502
`upstream_bad_response` (504 for time) that is retried elsewhere and counted by the breaker like
any failed attempt. Deployments of an alias sit in priority tiers (a before b before c), so which
one serves is deterministic. The README promises about backoff, token refunds and cached-token
prices are pinned here too.
"""

from __future__ import annotations

import itertools
import re
import time
from collections.abc import Iterator
from typing import Any

import httpx
import openai
import pytest

from tests.conftest import MockFactory, ProxyFactory
from tests.support import ServerProcess, knobs, script

MESSAGES: list[Any] = [{"role": "user", "content": "hello"}]
MIB = 1024 * 1024
RATE_LIMITED = {"status": 429, "retry_after": "1"}

POLICY = """
server: {{drain_timeout_s: 1}}
providers:
  a: {{type: openai, base_url: "{a}/v1", max_response_bytes: 1048576,
      timeouts: {{first_byte_s: 2, idle_s: 0.5, total_s: 8}}}}
  b: {{type: openai, base_url: "{b}/v1", timeouts: {{first_byte_s: 2, idle_s: 1, total_s: 8}}}}
  c: {{type: openai, base_url: "{c}/v1", timeouts: {{first_byte_s: 2, idle_s: 1, total_s: 8}}}}
  claude: {{type: anthropic, base_url: "{a}", api_key: "sk-ant-test-not-real"}}
  down: {{type: openai, base_url: "http://127.0.0.1:{closed}/v1", timeouts: {{connect_s: 1}}}}
models:
  solo:
    deployments: [{{provider: a, model: m-solo}}]
    retry: {{max_attempts: 1}}
    breaker: {{enabled: false}}
  pair:
    deployments: [{{provider: a, model: m, name: pair-a}}, {{provider: b, model: m, name: pair-b, priority: 1}}]
    retry: {{max_attempts: 2, backoff_base_s: 0.01}}
    breaker: {{enabled: false}}
  guarded:
    deployments: [{{provider: a, model: m-guarded, name: guarded-a}}]
    retry: {{max_attempts: 1}}
    breaker: {{consecutive_failures: 2, cooldown_s: 30, min_requests: 100}}
  claude:
    deployments: [{{provider: claude, model: claude-sonnet}}]
    retry: {{max_attempts: 1}}
    breaker: {{enabled: false}}
  one:
    deployments: [{{provider: a, model: m, name: one-a}}]
    retry: {{max_attempts: 3, backoff_base_s: 0.01}}
    breaker: {{consecutive_failures: 3, min_requests: 100}}
  two:
    deployments: [{{provider: a, model: m, name: two-a}}, {{provider: b, model: m, name: two-b, priority: 1}}]
    retry: {{max_attempts: 3, backoff_base_s: 0.01}}
    breaker: {{consecutive_failures: 3, min_requests: 100}}
  three:
    deployments:
      - {{provider: a, model: m, name: three-a}}
      - {{provider: b, model: m, name: three-b, priority: 1}}
      - {{provider: c, model: m, name: three-c, priority: 2}}
    retry: {{max_attempts: 3, backoff_base_s: 0.01}}
    breaker: {{consecutive_failures: 3, min_requests: 100}}
  retrying:
    deployments: [{{provider: a, model: m, name: retrying-a}}]
    retry: {{max_attempts: 4, backoff_base_s: 0.1, backoff_cap_s: 0.4}}
    breaker: {{enabled: false}}
  tiers:
    deployments: [{{provider: a, model: m, name: tiers-a}}, {{provider: b, model: m, name: tiers-b, priority: 1}}]
    retry: {{max_attempts: 1}}
    breaker: {{consecutive_failures: 1, cooldown_s: 10}}
  priced:
    deployments: [{{provider: a, model: m, name: priced-a, input_cost_per_mtok: 10,
                   cached_input_cost_per_mtok: 1, output_cost_per_mtok: 0}}]
    retry: {{max_attempts: 1}}
  nowhere:
    deployments: [{{provider: down, model: m}}]
    retry: {{max_attempts: 1}}
    breaker: {{enabled: false}}
limits:
  rules:
    - {{name: nowhere-tokens, scope: global, models: [nowhere], tokens_per_minute: 2500}}
passthrough: {{provider: a}}
keys: []
"""


@pytest.fixture(scope="module")
def mocks(start_mock: MockFactory, mock_upstream: ServerProcess) -> dict[str, ServerProcess]:
    return {"a": mock_upstream, "b": start_mock(), "c": start_mock()}


@pytest.fixture(scope="module")
def proxy_under_test(start_proxy: ProxyFactory, mocks: dict[str, ServerProcess]) -> ServerProcess:
    urls = {name: mock.url for name, mock in mocks.items()}
    return start_proxy(policy=POLICY.format(closed=1, **urls))  # port 1: nothing listens, nothing will


@pytest.fixture(autouse=True)
def clear_scripts(mocks: dict[str, ServerProcess]) -> Iterator[None]:
    yield
    for mock in mocks.values():
        httpx.delete(mock.url + "/_mock/script", timeout=5)


@pytest.fixture
def sdk(proxy_under_test: ServerProcess) -> openai.OpenAI:
    return openai.OpenAI(base_url=proxy_under_test.url + "/v1", api_key="sk-x", max_retries=0, timeout=20)


def requests_to(mock: ServerProcess) -> int:
    count: int = httpx.get(mock.url + "/_mock/stats", timeout=5).json()["requests"]
    return count


def ask(sdk: openai.OpenAI, model: str, **kwargs: Any) -> Any:
    extra = kwargs.pop("extra_body", None) or knobs()
    return sdk.chat.completions.with_raw_response.create(model=model, messages=MESSAGES, extra_body=extra, **kwargs)


def breakers(proxy: ServerProcess) -> dict[str, str]:
    states: dict[str, str] = httpx.get(proxy.url + "/readyz", timeout=5).json()["deployments"]
    return states


def metric(proxy: ServerProcess, name: str, **labels: str) -> float:
    text = httpx.get(proxy.url + "/metrics", timeout=5).text
    total = 0.0
    for line in text.splitlines():
        match = re.match(rf"{name}\{{(.*)\}} (\S+)$", line)
        if match and all(f'{k}="{v}"' in match.group(1) for k, v in labels.items()):
            total += float(match.group(2))
    return total


def bad_response(sdk: openai.OpenAI, model: str = "solo", **mock: Any) -> openai.APIStatusError:
    with pytest.raises(openai.APIStatusError) as info:
        sdk.chat.completions.create(model=model, messages=MESSAGES, extra_body=knobs(**mock))
    return info.value


def assert_bad_response(err: openai.APIStatusError, status: int = 502) -> None:
    assert err.status_code == status, err.message
    assert isinstance(err.body, dict) and err.body.get("code") == "upstream_bad_response", err.body


# --- bounded reads ------------------------------------------------------------------------------


def test_compressed_answer_is_capped_after_decoding(sdk: openai.OpenAI) -> None:
    assert_bad_response(bad_response(sdk, gzip=True, pad_bytes=4 * MIB))
    sdk.chat.completions.create(model="solo", messages=MESSAGES, extra_body=knobs(gzip=True))  # small: fine


def test_error_body_is_capped(sdk: openai.OpenAI) -> None:
    assert_bad_response(bad_response(sdk, status=400, pad_bytes=4 * MIB))


def test_passthrough_body_is_capped(proxy_under_test: ServerProcess) -> None:
    body = {"model": "omni-moderation-latest", "input": "hi", **knobs(pad_bytes=4 * MIB, gzip=True)}
    resp = httpx.post(proxy_under_test.url + "/v1/moderations", json=body, timeout=20)
    assert resp.status_code == 502 and resp.json()["error"]["code"] == "upstream_bad_response"
    assert httpx.post(proxy_under_test.url + "/v1/moderations", json={**body, **knobs()}, timeout=20).status_code == 200


def test_wrong_content_type_stream_is_not_read_to_the_end(sdk: openai.OpenAI) -> None:
    started = time.monotonic()
    with pytest.raises(openai.APIStatusError) as info:
        sdk.chat.completions.create(
            model="solo",
            messages=MESSAGES,
            stream=True,
            extra_body=knobs(raw_body="<html>" + "x" * 2000, raw_content_type="text/html", stall_after=0),
        )
    assert_bad_response(info.value)
    assert time.monotonic() - started < 1.5, "the proxy waited for the rest of a body it refuses anyway"


def test_role_only_opening_is_bounded(sdk: openai.OpenAI) -> None:
    with pytest.raises(openai.APIStatusError) as info:
        sdk.chat.completions.create(model="solo", messages=MESSAGES, stream=True, extra_body=knobs(role_chunks=5000))
    assert_bad_response(info.value)


def test_byte_trickle_before_content_hits_idle(sdk: openai.OpenAI) -> None:
    started = time.monotonic()
    with pytest.raises(openai.APIStatusError) as info:
        sdk.chat.completions.create(
            model="solo", messages=MESSAGES, stream=True, extra_body=knobs(stall_after=0, trickle_ms=100)
        )
    assert info.value.status_code == 504
    assert time.monotonic() - started < 3, "bounded by total_s (8 s), not by idle_s (0.5 s)"


def test_byte_trickle_mid_stream_hits_idle(sdk: openai.OpenAI) -> None:
    started = time.monotonic()
    stream = sdk.chat.completions.create(
        model="solo", messages=MESSAGES, stream=True, extra_body=knobs(stall_after=2, trickle_ms=100)
    )
    with pytest.raises(openai.APIError) as info:
        for _ in stream:
            pass
    assert "did not answer in time" in info.value.message
    assert time.monotonic() - started < 3, "bounded by total_s (8 s), not by idle_s (0.5 s)"


def test_byte_trickle_in_a_passthrough_stream_hits_idle(proxy_under_test: ServerProcess) -> None:
    """Pass-through streams are forwarded as they come, but a stream whose upstream sends bytes and
    never finishes another event is cut after idle_s like a chat stream, not left open to total_s."""
    body = {"model": "m", "prompt": "hi", "stream": True, **knobs(stall_after=2, trickle_ms=100)}
    started = time.monotonic()
    with httpx.stream("POST", proxy_under_test.url + "/v1/completions", json=body, timeout=20) as resp:
        assert resp.status_code == 200
        received = b"".join(resp.iter_raw())
    assert b"did not answer in time" in received
    assert time.monotonic() - started < 3, "bounded by total_s (8 s), not by idle_s (0.5 s)"


NOT_COMPLETIONS = [
    ("<html><body>Bad gateway</body></html>", "text/html"),
    ('{"choices": [', "application/json"),
    ("{}", "application/json"),
    ('[{"choices": []}]', "application/json"),
    ('data: {"choices": []}\n\n', "text/event-stream"),
]


@pytest.mark.parametrize(("raw", "ctype"), NOT_COMPLETIONS)
def test_a_2xx_that_is_not_a_completion_is_a_bad_response(sdk: openai.OpenAI, raw: str, ctype: str) -> None:
    assert_bad_response(bad_response(sdk, raw_body=raw, raw_content_type=ctype))


# The Anthropic request is translated, so body knobs do not reach the mock: scripts do.
@pytest.mark.parametrize("raw", ["{}", "[1]", '{"type": "message", "content": "hi"}'])
def test_anthropic_2xx_that_is_not_a_message_is_a_bad_response(
    sdk: openai.OpenAI, mocks: dict[str, ServerProcess], raw: str
) -> None:
    script(mocks["a"], {"raw_body": raw})
    assert_bad_response(bad_response(sdk, "claude"))


def test_anthropic_stream_event_that_is_not_an_object_is_a_bad_response(
    sdk: openai.OpenAI, mocks: dict[str, ServerProcess]
) -> None:
    script(mocks["a"], {"raw_body": "event: message_start\ndata: [1]\n\n", "raw_content_type": "text/event-stream"})
    with pytest.raises(openai.APIStatusError) as info:
        sdk.chat.completions.create(model="claude", messages=MESSAGES, stream=True)
    assert_bad_response(info.value)


def test_an_error_object_with_200_is_an_upstream_error(sdk: openai.OpenAI) -> None:
    err = bad_response(sdk, raw_body='{"error": {"message": "boom", "type": "server_error"}}')
    assert err.status_code == 502 and "boom" in err.message


@pytest.mark.parametrize("raw", ["data: hello\n\n", "data: [1, 2]\n\n", "data: [DONE]\n\n"])
def test_stream_whose_first_event_is_not_a_chunk_is_a_bad_response(sdk: openai.OpenAI, raw: str) -> None:
    with pytest.raises(openai.APIStatusError) as info:
        sdk.chat.completions.create(
            model="solo",
            messages=MESSAGES,
            stream=True,
            extra_body=knobs(raw_body=raw, raw_content_type="text/event-stream"),
        )
    assert_bad_response(info.value)


def test_a_bad_response_is_retried_on_another_deployment(sdk: openai.OpenAI, mocks: dict[str, ServerProcess]) -> None:
    script(mocks["a"], {"raw_body": "<html>maintenance</html>", "raw_content_type": "text/html"})
    raw = sdk.chat.completions.with_raw_response.create(model="pair", messages=MESSAGES, extra_body=knobs())
    assert raw.headers["x-llm-proxy-deployment"] == "pair-b" and raw.headers["x-llm-proxy-attempts"] == "2"
    assert raw.parse().choices[0].message.content


def test_bad_responses_count_against_the_breaker(sdk: openai.OpenAI, proxy_under_test: ServerProcess) -> None:
    for _ in range(2):
        assert_bad_response(bad_response(sdk, "guarded", raw_body="<html></html>", raw_content_type="text/html"))
    assert httpx.get(proxy_under_test.url + "/readyz").json()["deployments"]["guarded-a"] == "open"


# --- rate limits, retries, bookkeeping ----------------------------------------------------------


def test_429_on_the_only_deployment_is_passed_on_and_never_becomes_503(
    sdk: openai.OpenAI, proxy_under_test: ServerProcess, mocks: dict[str, ServerProcess]
) -> None:
    script(mocks["a"], RATE_LIMITED, repeat=True)
    before = requests_to(mocks["a"])
    for _ in range(6):
        started = time.monotonic()
        with pytest.raises(openai.RateLimitError) as info:
            ask(sdk, "one")
        assert time.monotonic() - started < 1, "a rate-limited only deployment is not waited for"
        headers = info.value.response.headers
        assert headers["retry-after"] == "1" and headers["x-llm-proxy-attempts"] == "1"
        assert "x-should-retry" not in headers  # the caller may come back after retry-after
    assert requests_to(mocks["a"]) - before == 6
    assert breakers(proxy_under_test)["one-a"] == "closed"


def test_429_moves_to_the_other_deployment_and_cools_only_for_retry_after(
    sdk: openai.OpenAI, proxy_under_test: ServerProcess, mocks: dict[str, ServerProcess]
) -> None:
    script(mocks["a"], RATE_LIMITED)
    raw = ask(sdk, "two")
    assert raw.headers["x-llm-proxy-deployment"] == "two-b" and raw.headers["x-llm-proxy-attempts"] == "2"
    seen_by_a = requests_to(mocks["a"])
    raw = ask(sdk, "two")
    assert raw.headers["x-llm-proxy-deployment"] == "two-b" and raw.headers["x-llm-proxy-attempts"] == "1"
    assert requests_to(mocks["a"]) == seen_by_a, "a cooling deployment is not tried while another can serve"
    time.sleep(1.1)
    assert ask(sdk, "two").headers["x-llm-proxy-deployment"] == "two-a"
    assert breakers(proxy_under_test)["two-a"] == "closed"


def test_429_on_two_of_three_deployments_is_served_by_the_third(
    sdk: openai.OpenAI, proxy_under_test: ServerProcess, mocks: dict[str, ServerProcess]
) -> None:
    script(mocks["a"], RATE_LIMITED, repeat=True)
    script(mocks["b"], RATE_LIMITED, repeat=True)
    raw = ask(sdk, "three")
    assert raw.headers["x-llm-proxy-deployment"] == "three-c" and raw.headers["x-llm-proxy-attempts"] == "3"
    for _ in range(5):
        assert ask(sdk, "three").headers["x-llm-proxy-deployment"] == "three-c"
    states = breakers(proxy_under_test)
    assert states["three-a"] == states["three-b"] == "closed"


def test_every_attempt_after_the_first_counts_as_a_retry(
    sdk: openai.OpenAI, proxy_under_test: ServerProcess, mocks: dict[str, ServerProcess]
) -> None:
    before = metric(proxy_under_test, "llm_proxy_retries_total", model="pair", reason="503")
    script(mocks["a"], {"status": 503})
    raw = ask(sdk, "pair")
    assert raw.headers["x-llm-proxy-deployment"] == "pair-b" and raw.headers["x-llm-proxy-attempts"] == "2"
    assert metric(proxy_under_test, "llm_proxy_retries_total", model="pair", reason="503") - before == 1


def test_backoff_is_applied_between_retries(
    sdk: openai.OpenAI, proxy_under_test: ServerProcess, mocks: dict[str, ServerProcess]
) -> None:
    gaps: list[float] = []
    for _ in range(3):
        script(mocks["a"], *[{"status": 500}] * 3)
        body = knobs()
        raw = ask(sdk, "retrying", extra_body=body)
        assert raw.headers["x-llm-proxy-attempts"] == "4"
        log = httpx.get(mocks["a"].url + "/_mock/log", params={"id": body["mock"]["id"]}, timeout=5).json()["requests"]
        starts = [record["started_at"] for record in log]
        gaps += [later - earlier for earlier, later in itertools.pairwise(starts)]
        assert all(gap <= cap + 0.15 for gap, cap in zip(gaps[-3:], (0.1, 0.2, 0.4), strict=True)), gaps
    assert len(gaps) == 9
    # Full jitter: uniform in [0, 0.1], [0, 0.2], [0, 0.4], three times (expected sum 1.05 s); nine
    # round trips without any backoff take a few tens of milliseconds, and nine draws summing
    # under 0.1 s have odds far below one in a million.
    assert sum(gaps) > 0.1, gaps


def test_backoff_sleep_is_not_proxy_overhead(sdk: openai.OpenAI, mocks: dict[str, ServerProcess]) -> None:
    script(mocks["a"], {"status": 503, "retry_after_ms": "400"})
    started = time.monotonic()
    raw = ask(sdk, "retrying")
    assert raw.headers["x-llm-proxy-attempts"] == "2" and time.monotonic() - started >= 0.4
    assert float(raw.headers["x-llm-proxy-overhead-ms"]) < 150


def test_priority_tier_all_open_says_when_to_come_back(
    sdk: openai.OpenAI, proxy_under_test: ServerProcess, mocks: dict[str, ServerProcess]
) -> None:
    tier_1 = {"x-llm-proxy-priority": "1"}
    script(mocks["b"], {"status": 500})
    with pytest.raises(openai.InternalServerError):
        ask(sdk, "tiers", extra_headers=tier_1)
    assert breakers(proxy_under_test)["tiers-b"] == "open"
    with pytest.raises(openai.InternalServerError) as info:
        ask(sdk, "tiers", extra_headers=tier_1)
    assert info.value.status_code == 503
    wait = int(info.value.response.headers["retry-after"])
    assert 8 <= wait <= 10 and f"Retry after {wait}s" in info.value.message


def test_connect_failure_does_not_reveal_the_upstream_address(sdk: openai.OpenAI) -> None:
    with pytest.raises(openai.APIStatusError) as info:
        ask(sdk, "nowhere")
    assert info.value.status_code == 502 and info.value.body["code"] == "upstream_unreachable"  # type: ignore[index]
    text = info.value.response.text
    for leak in ("127.0.0.1", "Connect call failed", "ClientConnectorError", "Errno"):
        assert leak not in text, text


def test_tokens_are_given_back_when_no_upstream_was_reached(sdk: openai.OpenAI) -> None:
    # Each request reserves ~1000 tokens of a 2500-token minute; without the refund the third is refused.
    for _ in range(5):
        with pytest.raises(openai.APIStatusError) as info:
            ask(sdk, "nowhere", max_tokens=1000)
        assert info.value.status_code == 502, info.value.message


def test_cached_input_tokens_are_billed_at_the_cached_price(sdk: openai.OpenAI) -> None:
    raw = ask(sdk, "priced", extra_body=knobs(cache_read_tokens=100_000))
    usage = raw.parse().usage
    cached = usage.prompt_tokens_details.cached_tokens
    assert cached == 100_000
    expected = ((usage.prompt_tokens - cached) * 10 + cached * 1) / 1e6
    assert float(raw.headers["x-llm-proxy-cost-usd"]) == pytest.approx(expected, rel=1e-3)
    assert expected < 0.2  # at the full input price it would be over 1.0
