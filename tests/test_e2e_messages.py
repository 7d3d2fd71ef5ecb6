"""Anthropic's Messages API as a front door, over real sockets: the anthropic SDK -> the proxy ->
the mock upstream, natively to an Anthropic deployment and translated to an OpenAI one."""

from __future__ import annotations

import base64
import json
import uuid
from pathlib import Path
from typing import Any

import anthropic
import httpx
import openai
import pytest

from tests.conftest import MockFactory, ProxyFactory
from tests.support import ServerProcess, fake_key, script
from tests.support import knobs as mock

KEY, GPT_ONLY_KEY = "sk-messages-dev-0123456789", "sk-messages-gpt-0123456789"
NATIVE, TRANSLATED = "claude", "gpt"
FIXTURES = Path(__file__).parent / "fixtures"
PNG = base64.b64encode(bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000")).decode()


def messages_policy(mock_url: str) -> str:
    return f"""
providers:
  oai: {{type: openai, base_url: "{mock_url}/v1", api_key: sk-upstream-openai}}
  anth: {{type: anthropic, base_url: "{mock_url}", api_key: sk-upstream-anthropic}}
models:
  {NATIVE}: {{deployments: [{{provider: anth, model: claude-sonnet-4-5}}]}}
  {TRANSLATED}: {{deployments: [{{provider: oai, model: gpt-4o-mini}}]}}
  reasoner: {{deployments: [{{provider: oai, model: gpt-5-mini}}]}}
  both:
    deployments:
      - {{provider: anth, model: claude-sonnet-4-5, priority: 0}}
      - {{provider: oai, model: gpt-4o-mini, priority: 1}}
    retry: {{max_attempts: 2, backoff_base_s: 0.01}}
keys:
  - {{name: dev, secret: "{KEY}"}}
  - {{name: gpt-only, secret: "{GPT_ONLY_KEY}", models: [{TRANSLATED}]}}
guardrails:
  define:
    house: {{type: rules, deny: ['project\\s{{1,3}}bluebird']}}
    leaks: {{type: pii, entities: {{email: redact}}}}
  attach:
    - {{input: [house], output: [leaks, house]}}
cache: {{enabled: true, ttl_s: 60}}
"""


@pytest.fixture(scope="module")
def upstream(start_mock: MockFactory) -> ServerProcess:
    return start_mock()


@pytest.fixture(scope="module")
def gateway(start_proxy: ProxyFactory, upstream: ServerProcess) -> ServerProcess:
    return start_proxy(policy=messages_policy(upstream.url))


@pytest.fixture
def claude(gateway: ServerProcess) -> anthropic.Anthropic:
    return anthropic.Anthropic(base_url=gateway.url, api_key=KEY, max_retries=0, timeout=20)


def ask(text: str = "Say hello.") -> list[Any]:
    return [{"role": "user", "content": text}]


def mock_log(upstream: ServerProcess, record_id: str) -> list[dict[str, Any]]:
    resp = httpx.get(upstream.url + "/_mock/log", params={"id": record_id}, timeout=5)
    resp.raise_for_status()
    records: list[dict[str, Any]] = resp.json()["requests"]
    return records


@pytest.mark.parametrize("model", [NATIVE, TRANSLATED])
def test_create_answers_a_message_with_the_alias_and_usage(claude: anthropic.Anthropic, model: str) -> None:
    raw = claude.messages.with_raw_response.create(model=model, max_tokens=50, messages=ask())
    message = raw.parse()
    assert raw.headers["request-id"] == raw.headers["x-request-id"]
    assert message.type == "message" and message.role == "assistant" and message.model == model
    assert message.content[0].type == "text" and message.content[0].text
    assert message.stop_reason == "end_turn"
    assert message.usage.input_tokens > 0 and message.usage.output_tokens > 0
    assert float(raw.headers["x-llm-proxy-cost-usd"]) > 0


@pytest.mark.parametrize("model", [NATIVE, TRANSLATED])
def test_a_stream_accumulates_into_the_message_it_streamed(claude: anthropic.Anthropic, model: str) -> None:
    with claude.messages.stream(model=model, max_tokens=50, messages=ask("Stream a hello.")) as stream:
        text = "".join(stream.text_stream)
        final = stream.get_final_message()
    assert text and final.content[0].type == "text" and final.content[0].text == text
    assert final.model == model and final.stop_reason == "end_turn" and final.usage.output_tokens > 0


TOOLS: list[Any] = [
    {"name": "get_weather", "description": "Weather for a city", "input_schema": {"type": "object"}},
    {"name": "get_time", "description": "Time in a city", "input_schema": {"type": "object"}},
]


@pytest.mark.parametrize("model", [NATIVE, TRANSLATED])
def test_two_parallel_tool_calls_and_their_results_round_trip(
    claude: anthropic.Anthropic, upstream: ServerProcess, model: str
) -> None:
    script(upstream, {"tool_calls": 2})
    with claude.messages.stream(model=model, max_tokens=200, messages=ask("Weather and time?"), tools=TOOLS) as s:
        final = s.get_final_message()
    calls = [b for b in final.content if b.type == "tool_use"]
    assert final.stop_reason == "tool_use" and len(calls) == 2
    assert all(isinstance(c.input, dict) and c.input for c in calls) and len({c.id for c in calls}) == 2
    results: list[Any] = [{"type": "tool_result", "tool_use_id": c.id, "content": "sunny, 12:00"} for c in calls]
    turns: list[Any] = [*ask("Weather and time?"), {"role": "assistant", "content": final.content}]
    turns.append({"role": "user", "content": results})
    answer = claude.messages.create(model=model, max_tokens=50, messages=turns, tools=TOOLS)
    assert answer.stop_reason == "end_turn" and answer.content[0].type == "text"


@pytest.mark.parametrize("model", [NATIVE, TRANSLATED])
def test_an_image_block_reaches_the_model(claude: anthropic.Anthropic, upstream: ServerProcess, model: str) -> None:
    image = {"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": PNG}}
    content: list[Any] = [{"type": "text", "text": "What is this?"}, image]
    claude.messages.create(model=model, max_tokens=50, messages=[{"role": "user", "content": content}])
    sent = last_request(upstream)["body"]
    if model == NATIVE:
        assert sent["messages"][0]["content"][1] == image and sent["model"] == "claude-sonnet-4-5"
    else:
        url = {"url": f"data:image/png;base64,{PNG}"}
        assert sent["messages"][0]["content"][1] == {"type": "image_url", "image_url": url}


def test_thinking_goes_natively_and_becomes_a_reasoning_effort_when_translated(
    claude: anthropic.Anthropic, upstream: ServerProcess
) -> None:
    thinking: Any = {"type": "enabled", "budget_tokens": 2048}
    body = mock(thinking=True)
    native = claude.messages.create(model=NATIVE, max_tokens=4096, thinking=thinking, messages=ask(), extra_body=body)
    assert [b.type for b in native.content] == ["thinking", "text"]
    assert mock_log(upstream, body["mock"]["id"])[0]["body"]["thinking"] == thinking
    translated = claude.messages.create(model="reasoner", max_tokens=4096, thinking=thinking, messages=ask())
    assert translated.content[0].type == "text"
    sent = last_request(upstream)["body"]
    assert sent["model"] == "gpt-5-mini" and sent["reasoning_effort"] == "low" and "thinking" not in sent


@pytest.mark.parametrize(("model", "exact"), [(NATIVE, True), (TRANSLATED, False)])
def test_count_tokens(claude: anthropic.Anthropic, model: str, exact: bool) -> None:
    counted = claude.messages.count_tokens(model=model, messages=ask("one two three four"))
    assert counted.input_tokens > 0
    if exact:  # Anthropic's own count is what the message then reports
        answer = claude.messages.create(model=model, max_tokens=20, messages=ask("one two three four"))
        assert counted.input_tokens == answer.usage.input_tokens


def test_errors_are_anthropic_errors(gateway: ServerProcess) -> None:
    stranger = anthropic.Anthropic(base_url=gateway.url, api_key="sk-unknown", max_retries=0)
    with pytest.raises(anthropic.AuthenticationError) as denied:
        stranger.messages.create(model=NATIVE, max_tokens=10, messages=ask())
    assert denied.value.body["error"]["type"] == "authentication_error"  # type: ignore[index]
    assert denied.value.request_id
    limited = anthropic.Anthropic(base_url=gateway.url, api_key=GPT_ONLY_KEY, max_retries=0)
    with pytest.raises(anthropic.NotFoundError) as hidden:
        limited.messages.create(model=NATIVE, max_tokens=10, messages=ask())
    assert "Models you can use: gpt " in hidden.value.message and "reasoner" not in hidden.value.message
    with pytest.raises(anthropic.BadRequestError) as bad:
        limited.messages.create(model=TRANSLATED, max_tokens=0, messages=ask())
    assert "max_tokens" in bad.value.message
    anthropic_client = {"x-api-key": KEY, "anthropic-version": "2023-06-01"}
    refusals = {  # every door an Anthropic client may knock on answers in Anthropic's envelope
        "/v1/messages/batches": 404,  # not served: a batch's spend could not be governed
        "/v1/messages/": 400,  # not a canonical path
        "/v1/complete": 403,  # a pass-through path the policy does not allow
    }
    for path, status in refusals.items():
        raw = httpx.post(gateway.url + path, headers=anthropic_client, json={}, timeout=5)
        assert (raw.status_code, raw.json()["type"]) == (status, "error"), path
        assert raw.headers["x-request-id"]


def test_an_overloaded_upstream_is_a_529_and_a_rate_limit_keeps_its_retry_after(
    claude: anthropic.Anthropic,
) -> None:
    with pytest.raises(anthropic.APIStatusError) as overloaded:
        claude.messages.create(model=NATIVE, max_tokens=10, messages=ask(), extra_body=mock(status=529))
    assert overloaded.value.status_code == 529
    assert overloaded.value.body["error"]["type"] == "overloaded_error"  # type: ignore[index]
    with pytest.raises(anthropic.RateLimitError) as limited:
        claude.messages.create(
            model=NATIVE, max_tokens=10, messages=ask(), extra_body=mock(status=429, retry_after="30")
        )
    assert limited.value.response.headers["retry-after"] == "30"


def test_a_mid_stream_error_is_an_anthropic_error_event(claude: anthropic.Anthropic) -> None:
    body = mock(error_event_after=2)
    with (
        pytest.raises(anthropic.APIStatusError) as failed,
        claude.messages.stream(model=NATIVE, max_tokens=50, messages=ask(), extra_body=body) as stream,
    ):
        stream.get_final_message()
    assert failed.value.body["error"]["type"] == "overloaded_error"  # type: ignore[index]


@pytest.mark.parametrize("model", [NATIVE, TRANSLATED])
def test_the_input_guardrail_holds_on_messages(claude: anthropic.Anthropic, model: str) -> None:
    system: Any = [{"type": "text", "text": "Plans for project  bluebird follow."}]
    with pytest.raises(anthropic.BadRequestError) as blocked:
        claude.messages.create(model=model, max_tokens=10, system=system, messages=ask())
    assert "house" in blocked.value.message
    tool_use = {"type": "tool_use", "id": "toolu_1", "name": "get_weather", "input": {"q": "project bluebird"}}
    turns: Any = [*ask(), {"role": "assistant", "content": [tool_use]}]
    turns.append({"role": "user", "content": [{"type": "tool_result", "tool_use_id": "toolu_1", "content": "x"}]})
    with pytest.raises(anthropic.BadRequestError):
        claude.messages.create(model=model, max_tokens=10, messages=turns, tools=TOOLS)


def test_the_output_guardrail_redacts_a_streamed_text(claude: anthropic.Anthropic) -> None:
    leak = "Write to jane.doe@corp.acme-co.net for access."
    with claude.messages.stream(
        model=NATIVE, max_tokens=50, messages=ask(), extra_body=mock(content=leak, chunks=6)
    ) as stream:
        text = "".join(stream.text_stream)
        final = stream.get_final_message()
    assert "jane.doe@corp.acme-co.net" not in text and "Write to" in text
    assert final.content[0].type == "text" and final.content[0].text == text
    whole = claude.messages.create(model=NATIVE, max_tokens=50, messages=ask(), extra_body=mock(content=leak))
    assert whole.content[0].type == "text" and whole.content[0].text == text  # the same redaction as JSON


def test_the_anthropic_model_list(claude: anthropic.Anthropic, gateway: ServerProcess) -> None:
    listed = [m.id for m in claude.models.list()]
    assert listed == [NATIVE, TRANSLATED, "reasoner", "both"]
    assert claude.models.retrieve(NATIVE).id == NATIVE
    limited = anthropic.Anthropic(base_url=gateway.url, api_key=GPT_ONLY_KEY, max_retries=0)
    assert [m.id for m in limited.models.list()] == [TRANSLATED]
    openai_shape = httpx.get(gateway.url + "/v1/models", headers={"authorization": f"Bearer {KEY}"}, timeout=5)
    assert openai_shape.json()["object"] == "list"


CLAUDE_CODE_BETAS = [
    "claude-code-20250219",
    "interleaved-thinking-2025-05-14",
    "fine-grained-tool-streaming-2025-05-14",
]


def last_request(upstream: ServerProcess) -> dict[str, Any]:
    resp = httpx.get(upstream.url + "/_mock/log", timeout=5)
    resp.raise_for_status()
    found: dict[str, Any] = resp.json()["requests"][-1]
    return found


@pytest.mark.parametrize("model", [NATIVE, TRANSLATED])
def test_a_claude_code_request_goes_through(claude: anthropic.Anthropic, upstream: ServerProcess, model: str) -> None:
    """A recorded Claude-Code-shaped call: `?beta=true`, betas, cached system blocks, 22 tools."""
    recorded = json.loads((FIXTURES / "claude_code_messages.json").read_text())
    recorded.pop("stream")
    recorded["model"] = model
    ids = {"device_id": f"fake-device-{uuid.uuid4().hex}", "account_uuid": str(uuid.uuid4()), "session_id": "fake"}
    recorded["metadata"]["user_id"] = json.dumps(ids)  # Claude Code's current format, made up at run time
    sampling = {"temperature": recorded.pop("temperature")}  # typed in older SDKs only: sent as extra body
    with claude.beta.messages.stream(**recorded, betas=CLAUDE_CODE_BETAS, extra_body=sampling) as stream:
        final = stream.get_final_message()
    assert final.model == model and final.stop_reason == "end_turn" and final.content[0].type == "text"
    sent = last_request(upstream)
    if model == NATIVE:  # as Claude Code sent it: only the model renamed
        assert sent["path"] == "/v1/messages" and sent["headers"]["anthropic-beta"] == ",".join(CLAUDE_CODE_BETAS)
        assert sent["headers"]["x-api-key"] == "sk-upstream-anthropic"  # the proxy's key, never the caller's
        assert sent["body"] == {**recorded, **sampling, "model": "claude-sonnet-4-5", "stream": True}
        assert (
            sent["query"] == {} and sent["headers"]["anthropic-version"] == claude.default_headers["anthropic-version"]
        )
    else:
        assert sent["path"] == "/v1/chat/completions" and len(sent["body"]["tools"]) == len(recorded["tools"])
        assert sent["body"]["messages"][0]["role"] == "system" and sent["body"]["safety_identifier"]
        assert sent["headers"]["authorization"] == "Bearer sk-upstream-openai"


def open_policy(mock_url: str) -> str:
    """Open mode, no provider key of the proxy's own: callers bring theirs."""
    return f"""
providers:
  oai: {{type: openai, base_url: "{mock_url}/v1"}}
  anth: {{type: anthropic, base_url: "{mock_url}"}}
models:
  {NATIVE}: {{deployments: [{{provider: anth, model: claude-sonnet-4-5}}]}}
  {TRANSLATED}: {{deployments: [{{provider: oai, model: gpt-4o-mini}}]}}
passthrough: {{provider: oai}}
"""


def test_open_mode_never_forwards_an_anthropic_key_to_another_provider(
    start_proxy: ProxyFactory, upstream: ServerProcess
) -> None:
    gateway = start_proxy(policy=open_policy(upstream.url))
    caller_key = fake_key("anthropic")
    own = anthropic.Anthropic(base_url=gateway.url, api_key=caller_key, max_retries=0)
    own.messages.create(model=NATIVE, max_tokens=10, messages=ask())
    assert last_request(upstream)["headers"]["x-api-key"] == caller_key  # bring your own key: to Anthropic
    before = len(httpx.get(upstream.url + "/_mock/log", timeout=5).json()["requests"])
    bearer = anthropic.Anthropic(base_url=gateway.url, auth_token=caller_key, max_retries=0)
    for client in (own, bearer):
        with pytest.raises(anthropic.PermissionDeniedError) as refused:
            client.messages.create(model=TRANSLATED, max_tokens=10, messages=ask())
        assert "not forwarded" in refused.value.message
    sideways = [
        httpx.post(gateway.url + "/v1/complete", headers={"x-api-key": caller_key}, json={}, timeout=5),
        httpx.post(
            gateway.url + "/v1/chat/completions",
            headers={"x-api-key": caller_key},
            json={"model": TRANSLATED, "messages": ask()},
            timeout=5,
        ),
        httpx.post(  # an Anthropic key given to an OpenAI client is still an Anthropic key
            gateway.url + "/v1/chat/completions",
            headers={"authorization": f"Bearer {caller_key}"},
            json={"model": TRANSLATED, "messages": ask()},
            timeout=5,
        ),
    ]
    assert [r.status_code for r in sideways] == [403, 403, 403]
    assert len(httpx.get(upstream.url + "/_mock/log", timeout=5).json()["requests"]) == before  # nothing left


def test_a_guardrail_blocks_the_same_text_on_every_door(claude: anthropic.Anthropic, gateway: ServerProcess) -> None:
    text = "Summarise the plans for project bluebird."
    sdk = openai.OpenAI(base_url=gateway.url + "/v1", api_key=KEY, max_retries=0)
    refusals: list[str] = []
    for call in (
        lambda: sdk.chat.completions.create(model=TRANSLATED, messages=ask(text)),
        lambda: sdk.responses.create(model=TRANSLATED, input=text),
    ):
        with pytest.raises(openai.BadRequestError) as blocked:
            call()
        refusals.append(blocked.value.body["message"])  # type: ignore[index]
    for model in (NATIVE, TRANSLATED):
        with pytest.raises(anthropic.BadRequestError) as refused:
            claude.messages.create(model=model, max_tokens=10, messages=ask(text))
        refusals.append(refused.value.body["error"]["message"])  # type: ignore[index]
    assert len(set(refusals)) == 1 and "guardrail 'house'" in refusals[0]


def test_an_answer_cut_by_a_guardrail_ends_as_a_message_the_sdk_accepts(claude: anthropic.Anthropic) -> None:
    banned = "The first step. The plans for project bluebird are these. And more text after it."
    body = mock(content=banned, chunks=8)
    with claude.messages.stream(model=NATIVE, max_tokens=50, messages=ask("plans?"), extra_body=body) as stream:
        text = "".join(stream.text_stream)
        final = stream.get_final_message()
    assert final.stop_reason == "refusal" and "bluebird" not in text and "after it" not in text
    assert final.content[0].type == "text" and final.content[0].text == text


@pytest.mark.parametrize("model", [NATIVE, TRANSLATED])
def test_the_exact_cache_answers_again_in_either_form(claude: anthropic.Anthropic, model: str) -> None:
    question = ask(f"cache me on {model}, please")
    first = claude.messages.with_raw_response.create(model=model, max_tokens=30, messages=question)
    assert first.headers["x-cache"] == "miss"
    again = claude.messages.with_raw_response.create(model=model, max_tokens=30, messages=question)
    assert again.headers["x-cache"] == "hit-exact"
    assert again.parse().content == first.parse().content and again.parse().usage.output_tokens == 0
    with claude.messages.stream(model=model, max_tokens=30, messages=question) as stream:
        replayed = stream.get_final_message()
        assert stream.response.headers["x-cache"] == "hit-exact"  # a stream replayed from the JSON answer
    assert [b.model_dump(include={"type", "text"}) for b in replayed.content] == [
        b.model_dump(include={"type", "text"}) for b in first.parse().content
    ]
    assert replayed.model == model and replayed.usage.output_tokens == 0


@pytest.mark.parametrize("stream", [False, True])
def test_an_overloaded_anthropic_deployment_falls_back_to_an_openai_one(
    claude: anthropic.Anthropic, stream: bool
) -> None:
    """An alias fronting both: Anthropic's 529 (before any content) moves the call to the OpenAI
    deployment, translated, and the caller cannot tell but by the deployment header."""
    body = mock(status=529) if not stream else mock(error_event_after=0)
    raw = claude.messages.with_raw_response.create(
        model="both", max_tokens=30, messages=ask(f"fall back, stream={stream}"), stream=stream, extra_body=body
    )
    assert raw.headers["x-llm-proxy-deployment"] == "oai/gpt-4o-mini"
    if stream:
        events = [e.type for e in raw.parse()]
        assert events[0] == "message_start" and events[-1] == "message_stop"
    else:
        message = raw.parse()
        assert message.model == "both" and message.content[0].type == "text"


def test_cache_reads_and_writes_are_billed_at_their_own_prices(claude: anthropic.Anthropic) -> None:
    body = mock(cache_read_tokens=1000, cache_creation_tokens=2000)
    raw = claude.messages.with_raw_response.create(model=NATIVE, max_tokens=30, messages=ask(), extra_body=body)
    usage = raw.parse().usage
    assert (usage.cache_read_input_tokens, usage.cache_creation_input_tokens) == (1000, 2000)
    # claude-sonnet-4-5 at list prices per million: input $3, cache read $0.30, cache write $3.75, output $15
    expected = (usage.input_tokens * 3 + 1000 * 0.30 + 2000 * 3.75 + usage.output_tokens * 15) / 1e6
    assert float(raw.headers["x-llm-proxy-cost-usd"]) == pytest.approx(expected, abs=1e-8)


def test_answers_to_other_betas_are_not_served_from_the_cache(claude: anthropic.Anthropic) -> None:
    question = ask("cache me under one beta")
    first = claude.beta.messages.with_raw_response.create(
        model=NATIVE, max_tokens=30, messages=question, betas=["context-1m-2025-08-07"]
    )
    other = claude.beta.messages.with_raw_response.create(
        model=NATIVE, max_tokens=30, messages=question, betas=["interleaved-thinking-2025-05-14"]
    )
    same = claude.beta.messages.with_raw_response.create(
        model=NATIVE, max_tokens=30, messages=question, betas=["context-1m-2025-08-07"]
    )
    assert [r.headers["x-cache"] for r in (first, other, same)] == ["miss", "miss", "hit-exact"]
