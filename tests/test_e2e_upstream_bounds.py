"""What an upstream can do to the proxy is bounded, and a 2xx must be a completion (real sockets).

One proxy in front of two scripted mock upstreams. Provider `a` allows 1 MiB answers and 1 s
between complete stream events; every breach is a 502 `upstream_bad_response` (504 for time)
that is retried elsewhere and counted by the breaker like any failed attempt.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import openai
import pytest

from tests.conftest import MockFactory, ProxyFactory
from tests.support import ServerProcess

MESSAGES: list[Any] = [{"role": "user", "content": "hello"}]
MIB = 1024 * 1024

POLICY = """
server: {{drain_timeout_s: 2}}
providers:
  a: {{type: openai, base_url: "{a}/v1", max_response_bytes: 1048576,
      timeouts: {{first_byte_s: 2, idle_s: 1, total_s: 8}}}}
  b: {{type: openai, base_url: "{b}/v1", timeouts: {{first_byte_s: 2, idle_s: 1, total_s: 8}}}}
  claude: {{type: anthropic, base_url: "{a}", api_key: "sk-ant-test-not-real"}}
models:
  solo:
    deployments: [{{provider: a, model: m-solo}}]
    retry: {{max_attempts: 1}}
    breaker: {{enabled: false}}
  pair:
    deployments:
      - {{provider: a, model: m-pair, name: pair-a}}
      - {{provider: b, model: m-pair, name: pair-b, priority: 1}}
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
passthrough: {{provider: a}}
keys: []
"""


@pytest.fixture(scope="module")
def mocks(start_mock: MockFactory, mock_upstream: ServerProcess) -> dict[str, ServerProcess]:
    return {"a": mock_upstream} | {name: start_mock() for name in ("b",)}


@pytest.fixture(scope="module")
def bounded_proxy(start_proxy: ProxyFactory, mocks: dict[str, ServerProcess]) -> ServerProcess:
    return start_proxy(policy=POLICY.format(a=mocks["a"].url, b=mocks["b"].url))


@pytest.fixture(autouse=True)
def clear_scripts(mocks: dict[str, ServerProcess]) -> Iterator[None]:
    yield
    for mock in mocks.values():
        httpx.delete(mock.url + "/_mock/script", timeout=5)


@pytest.fixture
def sdk(bounded_proxy: ServerProcess) -> openai.OpenAI:
    return openai.OpenAI(base_url=bounded_proxy.url + "/v1", api_key="sk-x", max_retries=0, timeout=20)


def knobs(**values: Any) -> dict[str, Any]:
    values.setdefault("id", uuid.uuid4().hex)
    return {"mock": values}


def bad_response(sdk: openai.OpenAI, model: str = "solo", **mock: Any) -> openai.APIStatusError:
    with pytest.raises(openai.APIStatusError) as info:
        sdk.chat.completions.create(model=model, messages=MESSAGES, extra_body=knobs(**mock))
    return info.value


def assert_bad_response(err: openai.APIStatusError, status: int = 502) -> None:
    assert err.status_code == status, err.message
    assert isinstance(err.body, dict) and err.body.get("code") == "upstream_bad_response", err.body


def test_compressed_answer_is_capped_after_decoding(sdk: openai.OpenAI) -> None:
    assert_bad_response(bad_response(sdk, gzip=True, pad_bytes=4 * MIB))
    sdk.chat.completions.create(model="solo", messages=MESSAGES, extra_body=knobs(gzip=True))  # small: fine


def test_error_body_is_capped(sdk: openai.OpenAI) -> None:
    assert_bad_response(bad_response(sdk, status=400, pad_bytes=4 * MIB))


def test_passthrough_body_is_capped(bounded_proxy: ServerProcess) -> None:
    body = {"model": "text-embedding-3-small", "input": "hi", **knobs(pad_bytes=4 * MIB, gzip=True)}
    resp = httpx.post(bounded_proxy.url + "/v1/embeddings", json=body, timeout=20)
    assert resp.status_code == 502 and resp.json()["error"]["code"] == "upstream_bad_response"
    assert httpx.post(bounded_proxy.url + "/v1/embeddings", json={**body, **knobs()}, timeout=20).status_code == 200


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
    assert time.monotonic() - started < 3, "bounded by total_s (8 s), not by idle_s (1 s)"


def test_byte_trickle_mid_stream_hits_idle(sdk: openai.OpenAI) -> None:
    started = time.monotonic()
    stream = sdk.chat.completions.create(
        model="solo", messages=MESSAGES, stream=True, extra_body=knobs(stall_after=2, trickle_ms=100)
    )
    with pytest.raises(openai.APIError) as info:
        for _ in stream:
            pass
    assert "did not answer in time" in info.value.message
    assert time.monotonic() - started < 3, "bounded by total_s (8 s), not by idle_s (1 s)"


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


def script(mock: ServerProcess, **step: Any) -> None:
    httpx.post(mock.url + "/_mock/script", json={"steps": [step]}, timeout=5).raise_for_status()


# The Anthropic request is translated, so body knobs do not reach the mock: scripts do.
@pytest.mark.parametrize("raw", ["{}", "[1]", '{"type": "message", "content": "hi"}'])
def test_anthropic_2xx_that_is_not_a_message_is_a_bad_response(
    sdk: openai.OpenAI, mocks: dict[str, ServerProcess], raw: str
) -> None:
    script(mocks["a"], raw_body=raw)
    assert_bad_response(bad_response(sdk, "claude"))


def test_anthropic_stream_event_that_is_not_an_object_is_a_bad_response(
    sdk: openai.OpenAI, mocks: dict[str, ServerProcess]
) -> None:
    script(mocks["a"], raw_body="event: message_start\ndata: [1]\n\n", raw_content_type="text/event-stream")
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
    script(mocks["a"], raw_body="<html>maintenance</html>", raw_content_type="text/html")
    raw = sdk.chat.completions.with_raw_response.create(model="pair", messages=MESSAGES, extra_body=knobs())
    assert raw.headers["x-llm-proxy-deployment"] == "pair-b" and raw.headers["x-llm-proxy-attempts"] == "2"
    assert raw.parse().choices[0].message.content


def test_bad_responses_count_against_the_breaker(sdk: openai.OpenAI, bounded_proxy: ServerProcess) -> None:
    for _ in range(2):
        assert_bad_response(bad_response(sdk, "guarded", raw_body="<html></html>", raw_content_type="text/html"))
    assert httpx.get(bounded_proxy.url + "/readyz").json()["deployments"]["guarded-a"] == "open"
