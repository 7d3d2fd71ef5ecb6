"""End to end: the real openai SDK -> the proxy under uvicorn -> `llm-proxy mock-upstream`."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any

import httpx
import openai
import pytest

from tests.conftest import MockLog
from tests.support import ServerProcess, knobs

MESSAGES: list[Any] = [{"role": "user", "content": "What is the weather?"}]


def test_non_stream_completion_shows_alias_and_usage(client: openai.OpenAI, mock_log: MockLog) -> None:
    body = knobs(dated_model=True)
    raw = client.chat.completions.with_raw_response.create(model="fast", messages=MESSAGES, extra_body=body)
    reply = raw.parse()
    assert reply.choices[0].message.content
    assert reply.model == "fast"  # the caller sees its alias, not "upstream-fast-2024-07-18"
    assert reply.usage is not None and reply.usage.total_tokens > 0
    assert raw.headers["x-request-id"]
    sent = mock_log(body["mock"]["id"])[0]
    assert sent["body"]["model"] == "upstream-fast"
    assert "stream_options" not in sent["body"]


def test_unknown_fields_reach_the_upstream(client: openai.OpenAI, mock_log: MockLog) -> None:
    body = {**knobs(), "custom_vendor_field": {"x": [1, 2]}}
    client.chat.completions.create(model="gpt-4o-mini", messages=MESSAGES, extra_body=body, temperature=0.3)
    sent = mock_log(body["mock"]["id"])[0]["body"]
    assert sent["custom_vendor_field"] == {"x": [1, 2]}
    assert sent["temperature"] == 0.3


def test_stream_without_usage(client: openai.OpenAI, mock_log: MockLog) -> None:
    body = knobs(chunks=6)
    chunks = list(client.chat.completions.create(model="gpt-4o-mini", messages=MESSAGES, stream=True, extra_body=body))
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert text
    assert all(c.choices for c in chunks), "usage-only chunk leaked to a caller that did not ask"
    assert chunks[-1].choices[0].finish_reason == "stop"
    assert {c.model for c in chunks} == {"gpt-4o-mini"}
    assert mock_log(body["mock"]["id"])[0]["body"]["stream_options"] == {"include_usage": True}


def test_stream_with_usage(client: openai.OpenAI) -> None:
    chunks = list(
        client.chat.completions.create(
            model="gpt-4o-mini",
            messages=MESSAGES,
            stream=True,
            stream_options={"include_usage": True},
            extra_body=knobs(chunks=3),
        )
    )
    assert chunks[-1].choices == []
    assert chunks[-1].usage is not None and chunks[-1].usage.completion_tokens > 0


def test_tool_call_stream_accumulates_two_parallel_calls(client: openai.OpenAI) -> None:
    with client.chat.completions.stream(
        model="gpt-4o-mini", messages=MESSAGES, extra_body=knobs(tool_calls=2)
    ) as stream:
        final = stream.get_final_completion()
    calls = final.choices[0].message.tool_calls
    assert calls is not None and len(calls) == 2
    assert final.choices[0].finish_reason == "tool_calls"
    args = [json.loads(c.function.arguments) for c in calls]  # type: ignore[union-attr]
    assert len({c.id for c in calls}) == 2
    assert all(isinstance(a, dict) and a for a in args)
    assert args[0] != args[1]


def test_rate_limit_reaches_sdk_with_retry_after(client: openai.OpenAI) -> None:
    with pytest.raises(openai.RateLimitError) as info:
        client.chat.completions.create(
            model="gpt-4o-mini",
            messages=MESSAGES,
            extra_body=knobs(status=429, retry_after="2", error_message="slow down please"),
        )
    assert info.value.response.headers["retry-after"] == "2"
    assert "slow down please" in info.value.message
    assert info.value.response.headers["x-request-id"]


def test_upstream_500_before_first_byte_of_a_stream(client: openai.OpenAI) -> None:
    with pytest.raises(openai.InternalServerError) as info:
        client.chat.completions.create(
            model="gpt-4o-mini", messages=MESSAGES, stream=True, extra_body=knobs(status=500, error_message="boom")
        )
    assert "boom" in info.value.message


@pytest.mark.parametrize("error_format", ["flat", "string", "detail", "text"])
def test_other_upstream_error_shapes_are_normalised(client: openai.OpenAI, error_format: str) -> None:
    with pytest.raises(openai.BadRequestError) as info:
        client.chat.completions.create(
            model="gpt-4o-mini",
            messages=MESSAGES,
            extra_body=knobs(status=400, error_message="bad thing", error_format=error_format),
        )
    assert "bad thing" in info.value.message
    assert isinstance(info.value.body, dict) and set(info.value.body) == {"message", "type", "param", "code"}


def test_upstream_dying_mid_stream_raises_api_error(client: openai.OpenAI) -> None:
    stream = client.chat.completions.create(
        model="gpt-4o-mini", messages=MESSAGES, stream=True, extra_body=knobs(chunks=6, drop_after=2)
    )
    received = []
    with pytest.raises(openai.APIError):
        for chunk in stream:
            received.append(chunk)
    assert received and all(not c.choices or c.choices[0].finish_reason is None for c in received)


def test_in_stream_upstream_error_event_raises_api_error(client: openai.OpenAI) -> None:
    stream = client.chat.completions.create(
        model="gpt-4o-mini", messages=MESSAGES, stream=True, extra_body=knobs(chunks=6, error_event_after=2)
    )
    with pytest.raises(openai.APIError):
        list(stream)


def test_each_chunk_arrives_before_the_next_is_sent(client: openai.OpenAI, mock_log: MockLog) -> None:
    body = knobs(chunks=6, chunk_delay_ms=50)
    received: list[float] = []
    for chunk in client.chat.completions.create(model="gpt-4o-mini", messages=MESSAGES, stream=True, extra_body=body):
        if chunk.choices and chunk.choices[0].delta.content:
            received.append(time.time())
    sent = mock_log(body["mock"]["id"])[0]["chunk_sent_at"]
    assert len(received) == len(sent) == 6
    for i in range(len(sent) - 1):
        assert received[i] < sent[i + 1], f"chunk {i} was held until chunk {i + 1} was sent"


def wait_for(predicate: Callable[[], bool], timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.02)
    return False


def test_client_disconnect_mid_stream_closes_upstream(proxy: ServerProcess, mock_log: MockLog) -> None:
    body = {"model": "gpt-4o-mini", "messages": MESSAGES, "stream": True, **knobs(chunks=5, stall_after=1)}
    with httpx.stream("POST", proxy.url + "/v1/chat/completions", json=body, timeout=10) as resp:
        next(resp.iter_raw())
        gone_at = time.time()
    assert wait_for(lambda: bool(mock_log(body["mock"]["id"])[0]["disconnected"]), 1.0)
    assert mock_log(body["mock"]["id"])[0]["disconnected_at"] - gone_at < 1.0


def test_client_disconnect_while_waiting_for_non_stream_answer(proxy: ServerProcess, mock_log: MockLog) -> None:
    body = {"model": "gpt-4o-mini", "messages": MESSAGES, **knobs(stall_after=0)}
    with pytest.raises(httpx.ReadTimeout):
        httpx.post(proxy.url + "/v1/chat/completions", json=body, timeout=0.5)
    assert wait_for(lambda: bool(mock_log(body["mock"]["id"])[0]["disconnected"]), 1.0)


def test_client_disconnect_before_first_stream_event(proxy: ServerProcess, mock_log: MockLog) -> None:
    body = {"model": "gpt-4o-mini", "messages": MESSAGES, "stream": True, **knobs(first_chunk_ms=5000)}
    with (
        pytest.raises(httpx.ReadTimeout),
        httpx.stream("POST", proxy.url + "/v1/chat/completions", json=body, timeout=0.5) as resp,
    ):
        resp.read()
    assert wait_for(lambda: bool(mock_log(body["mock"]["id"])[0]["disconnected"]), 1.0)


def test_models_through_the_proxy_and_embeddings_only_for_declared_models(client: openai.OpenAI) -> None:
    with pytest.raises(openai.NotFoundError) as caught:  # embeddings are governed: the model must be an alias
        client.embeddings.create(model="text-embedding-3-small", input=["hello", "world"])
    assert caught.value.code == "model_not_found"
    models = client.models.list()
    assert {m.id for m in models.data} == {"gpt-4o-mini", "fast"}
    assert client.models.retrieve("fast").id == "fast"


def test_passthrough_legacy_completions_stream(client: openai.OpenAI) -> None:
    chunks = list(client.completions.create(model="gpt-3.5-turbo-instruct", prompt="Say hi", stream=True))
    assert "".join(c.choices[0].text for c in chunks if c.choices)


def test_bring_your_own_key_in_open_mode(client: openai.OpenAI, mock_log: MockLog) -> None:
    body = knobs()
    client.chat.completions.create(model="gpt-4o-mini", messages=MESSAGES, extra_body=body)
    assert mock_log(body["mock"]["id"])[0]["headers"]["authorization"] == "Bearer sk-caller-own-key"


def test_virtual_key_never_reaches_the_upstream(keyed_proxy: ServerProcess, mock_log: MockLog) -> None:
    from tests.conftest import VIRTUAL_KEY

    keyed = openai.OpenAI(base_url=keyed_proxy.url + "/v1", api_key=VIRTUAL_KEY, max_retries=0)
    body = knobs()
    keyed.chat.completions.create(model="gpt-4o-mini", messages=MESSAGES, extra_body=body)
    assert "authorization" not in mock_log(body["mock"]["id"])[0]["headers"]
    assert VIRTUAL_KEY not in keyed_proxy.output()
