"""Anthropic and Azure upstreams through the proxy, driven by the real openai SDK."""

from __future__ import annotations

import json
import uuid
from typing import Any

import httpx
import openai
import pytest

from tests.conftest import MockFactory, ProxyFactory
from tests.support import ServerProcess, knobs

MESSAGES: list[Any] = [
    {"role": "system", "content": "Be brief."},
    {"role": "user", "content": "What is the weather in Paris?"},
]

POLICY = """
providers:
  claude: {{type: anthropic, base_url: "{url}", api_key: "${{TEST_ANTHROPIC_KEY}}", default_max_tokens: 321}}
  azure-classic: {{type: azure, base_url: "{url}", api_key: "${{TEST_AZURE_KEY}}", api_version: "2024-10-21"}}
  azure-v1: {{type: azure, base_url: "{url}", api_key: "${{TEST_AZURE_KEY}}"}}
models:
  claude-sonnet:
    deployments: [{{provider: claude, model: claude-sonnet-4-5}}]
    retry: {{max_attempts: 1}}
    breaker: {{enabled: false}}
  azure-gpt:
    deployments: [{{provider: azure-classic, model: my-gpt4o-deployment}}]
  azure-gpt-v1:
    deployments: [{{provider: azure-v1, model: my-gpt4o-deployment}}]
  azure-embed:
    deployments: [{{provider: azure-classic, model: my-embedding-deployment}}]
passthrough: {{provider: azure-v1}}
keys: []
"""
ANTHROPIC_KEY = "sk-ant-test-" + "x" * 8
AZURE_KEY = "azure-test-key-1234"


@pytest.fixture(scope="module")
def upstream(start_mock: MockFactory) -> ServerProcess:
    return start_mock()


@pytest.fixture(scope="module")
def proxy(start_proxy: ProxyFactory, upstream: ServerProcess) -> ServerProcess:
    env = {"TEST_ANTHROPIC_KEY": ANTHROPIC_KEY, "TEST_AZURE_KEY": AZURE_KEY}
    return start_proxy(policy=POLICY.format(url=upstream.url), env=env)


@pytest.fixture
def sdk(proxy: ServerProcess) -> openai.OpenAI:
    return openai.OpenAI(base_url=proxy.url + "/v1", api_key="sk-caller", max_retries=0, timeout=20)


def prime(upstream: ServerProcess, **values: Any) -> dict[str, Any]:
    """Knobs for the next request, set on the mock itself: Anthropic translation drops unknown fields."""
    values.setdefault("id", uuid.uuid4().hex)
    httpx.post(upstream.url + "/_mock/script", json={"steps": [values]}, timeout=5).raise_for_status()
    return {"mock": values}


def seen(upstream: ServerProcess, body: dict[str, Any]) -> dict[str, Any]:
    records = httpx.get(upstream.url + "/_mock/log", params={"id": body["mock"]["id"]}, timeout=5).json()["requests"]
    assert len(records) == 1
    record: dict[str, Any] = records[0]
    return record


def test_anthropic_plain_answer(sdk: openai.OpenAI, upstream: ServerProcess) -> None:
    body = prime(upstream, chunks=4, cache_read_tokens=7, cache_creation_tokens=3)
    reply = sdk.chat.completions.create(model="claude-sonnet", messages=MESSAGES)
    assert reply.model == "claude-sonnet" and reply.choices[0].finish_reason == "stop"
    assert reply.choices[0].message.content
    usage = reply.usage
    assert usage is not None and usage.prompt_tokens_details is not None
    assert usage.prompt_tokens_details.cached_tokens == 7
    assert usage.total_tokens == usage.prompt_tokens + usage.completion_tokens
    sent = seen(upstream, body)
    assert sent["path"] == "/v1/messages"
    assert sent["headers"]["x-api-key"] == ANTHROPIC_KEY and sent["headers"]["anthropic-version"] == "2023-06-01"
    assert "authorization" not in sent["headers"]
    assert sent["body"]["system"] == "Be brief." and sent["body"]["max_tokens"] == 321
    assert sent["body"]["model"] == "claude-sonnet-4-5"


def test_anthropic_stream_text_with_usage(sdk: openai.OpenAI, upstream: ServerProcess) -> None:
    prime(upstream, chunks=5, cache_read_tokens=11)
    chunks = list(
        sdk.chat.completions.create(
            model="claude-sonnet",
            messages=MESSAGES,
            stream=True,
            stream_options={"include_usage": True},
        )
    )
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert text and chunks[-1].choices == []
    assert chunks[-1].usage is not None and chunks[-1].usage.prompt_tokens_details is not None
    assert chunks[-1].usage.prompt_tokens_details.cached_tokens == 11
    assert [c.choices[0].finish_reason for c in chunks if c.choices][-1] == "stop"


def test_anthropic_stream_without_usage_request_hides_usage_chunk(sdk: openai.OpenAI) -> None:
    chunks = list(sdk.chat.completions.create(model="claude-sonnet", messages=MESSAGES, stream=True))
    assert all(c.choices for c in chunks)


@pytest.mark.parametrize("thinking", [False, True])
def test_anthropic_parallel_tool_calls_accumulate_in_the_sdk(
    sdk: openai.OpenAI, upstream: ServerProcess, thinking: bool
) -> None:
    prime(upstream, tool_calls=2, thinking=thinking, text_before_tools=True)
    with sdk.chat.completions.stream(
        model="claude-sonnet",
        messages=MESSAGES,
        tools=[{"type": "function", "function": {"name": "get_weather", "parameters": {"type": "object"}}}],
    ) as stream:
        final = stream.get_final_completion()
    choice = final.choices[0]
    assert choice.finish_reason == "tool_calls"
    calls = choice.message.tool_calls
    assert calls is not None and len(calls) == 2
    assert [c.function.name for c in calls] == ["get_weather", "get_weather"]  # type: ignore[union-attr]
    assert all(isinstance(json.loads(c.function.arguments), dict) for c in calls)  # type: ignore[union-attr]
    assert calls[0].id != calls[1].id


def test_anthropic_tool_results_are_sent_back_in_one_user_turn(sdk: openai.OpenAI, upstream: ServerProcess) -> None:
    history: list[Any] = [
        *MESSAGES,
        {
            "role": "assistant",
            "content": None,
            "tool_calls": [
                {
                    "id": "call_1",
                    "type": "function",
                    "function": {"name": "get_weather", "arguments": '{"city":"Paris"}'},
                },
                {
                    "id": "call.2",
                    "type": "function",
                    "function": {"name": "get_weather", "arguments": '{"city":"Rome"}'},
                },
            ],
        },
        {"role": "tool", "tool_call_id": "call_1", "content": "sunny"},
        {"role": "tool", "tool_call_id": "call.2", "content": "rainy"},
    ]
    body = prime(upstream)
    sdk.chat.completions.create(model="claude-sonnet", messages=history)
    sent = seen(upstream, body)["body"]["messages"]
    assert [m["role"] for m in sent] == ["user", "assistant", "user"]
    uses = [b["id"] for b in sent[1]["content"] if b["type"] == "tool_use"]
    results = [b["tool_use_id"] for b in sent[2]["content"] if b["type"] == "tool_result"]
    assert uses == results and len(set(uses)) == 2


@pytest.mark.parametrize(("status", "error"), [(429, openai.RateLimitError), (529, openai.InternalServerError)])
def test_anthropic_errors_reach_the_sdk(
    sdk: openai.OpenAI, upstream: ServerProcess, status: int, error: type[Exception]
) -> None:
    prime(upstream, status=status, retry_after="3")
    with pytest.raises(error) as info:
        sdk.chat.completions.create(model="claude-sonnet", messages=MESSAGES)
    response = info.value.response  # type: ignore[attr-defined]
    assert response.status_code == (503 if status == 529 else status)
    assert response.headers["retry-after"] == "3"


def test_anthropic_error_event_mid_stream_raises_api_error(sdk: openai.OpenAI, upstream: ServerProcess) -> None:
    prime(upstream, chunks=5, error_event_after=2)
    stream = sdk.chat.completions.create(model="claude-sonnet", messages=MESSAGES, stream=True)
    with pytest.raises(openai.APIError):
        list(stream)


def test_azure_deployment_url_and_key(sdk: openai.OpenAI, upstream: ServerProcess) -> None:
    body = knobs()
    reply = sdk.chat.completions.create(model="azure-gpt", messages=MESSAGES, extra_body=body)
    assert reply.model == "azure-gpt"
    sent = seen(upstream, body)
    assert sent["path"] == "/openai/deployments/my-gpt4o-deployment/chat/completions"
    assert sent["query"] == {"api-version": "2024-10-21"} or "api-version=2024-10-21" in str(sent["query"])
    assert sent["headers"]["api-key"] == AZURE_KEY and "authorization" not in sent["headers"]


def test_azure_v1_stream_with_filter_chunk(sdk: openai.OpenAI, upstream: ServerProcess) -> None:
    body = knobs(azure_filter_chunk=True, chunks=3)
    chunks = list(sdk.chat.completions.create(model="azure-gpt-v1", messages=MESSAGES, stream=True, extra_body=body))
    assert "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert seen(upstream, body)["path"] == "/openai/v1/chat/completions"


def test_azure_embeddings_and_responses_use_azure_paths(sdk: openai.OpenAI, upstream: ServerProcess) -> None:
    body = knobs()
    emb = sdk.embeddings.create(model="azure-embed", input="hello", extra_body=body)
    assert len(emb.data[0].embedding) > 0 and emb.model == "azure-embed"
    sent = seen(upstream, body)
    assert sent["path"] == "/openai/deployments/my-embedding-deployment/embeddings"
    assert "api-version=2024-10-21" in str(sent["query"]) or sent["query"] == {"api-version": "2024-10-21"}
    assert sent["headers"]["api-key"] == AZURE_KEY
    body = knobs()
    answer = sdk.responses.create(model="azure-gpt-v1", input="hi", extra_body=body)
    assert answer.output_text and answer.model == "azure-gpt-v1"
    assert seen(upstream, body)["path"] == "/openai/v1/responses"
