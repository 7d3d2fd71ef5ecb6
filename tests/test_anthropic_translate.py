"""OpenAI <-> Anthropic translation: requests, responses, usage, errors and streams (protocol.md section 6).

Stream fixtures under tests/fixtures/anthropic/ reproduce real Anthropic event sequences (pings,
placeholder output_tokens in message_start, cumulative message_delta usage, empty first partial_json).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import orjson
import pytest
from openai.lib.streaming.chat import ChatCompletionStreamState
from openai.types.chat import ChatCompletion, ChatCompletionChunk

from proxy.core.errors import InvalidRequest, UpstreamError
from proxy.core.sse import SSEParser
from proxy.upstream.translate.anthropic_answers import (
    anthropic_error,
    finish_reason,
    from_anthropic_response,
    openai_usage,
    stream_error,
)
from proxy.upstream.translate.anthropic_stream import AnthropicStreamTranslator
from proxy.upstream.translate.anthropic_wire import JSON_OBJECT_INSTRUCTION, sanitize_tool_id, to_anthropic_request

FIXTURES = Path(__file__).parent / "fixtures" / "anthropic"
MODEL = "my-claude"
CREATED = 1_700_000_000
TOOL_ID = re.compile(r"^[a-zA-Z0-9_-]+$")


# ---------------------------------------------------------------- request translation


def translate(**fields: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"model": "gpt-4o", "messages": [{"role": "user", "content": "hi"}], **fields}
    return to_anthropic_request(body, "claude-dep", default_max_tokens=1024, stream=False)


HI = [{"role": "user", "content": [{"type": "text", "text": "hi"}]}]
WEATHER_TOOL = {"type": "function", "function": {"name": "get_weather", "parameters": {"type": "object"}}}

# (id, extra request fields, expected top-level Anthropic fields, fields that must be absent)
REQUEST_CASES: list[tuple[str, dict[str, Any], dict[str, Any], list[str]]] = [
    ("minimal", {}, {"model": "claude-dep", "max_tokens": 1024, "messages": HI, "stream": False}, ["system"]),
    ("max_completion_tokens wins", {"max_completion_tokens": 50, "max_tokens": 99}, {"max_tokens": 50}, []),
    ("max_tokens", {"max_tokens": 99}, {"max_tokens": 99}, []),
    ("stop string", {"stop": "END"}, {"stop_sequences": ["END"]}, []),
    ("stop list drops whitespace-only", {"stop": ["\n", "END", "  ", "x y"]}, {"stop_sequences": ["END", "x y"]}, []),
    ("stop only whitespace", {"stop": [" ", "\n\n"]}, {}, ["stop_sequences"]),
    ("temperature clamped high", {"temperature": 1.7}, {"temperature": 1.0}, []),
    ("temperature clamped low", {"temperature": -0.5}, {"temperature": 0.0}, []),
    ("temperature kept", {"temperature": 0.3, "top_p": 0.9}, {"temperature": 0.3, "top_p": 0.9}, []),
    ("n=1 accepted", {"n": 1}, {}, ["n"]),
    ("user", {"user": "u-1"}, {"metadata": {"user_id": "u-1"}}, []),
    ("safety_identifier wins", {"user": "u-1", "safety_identifier": "s-1"}, {"metadata": {"user_id": "s-1"}}, []),
    (
        "OpenAI-only fields dropped",
        {
            "seed": 7,
            "logprobs": True,
            "top_logprobs": 2,
            "logit_bias": {"50256": -100},
            "frequency_penalty": 0.5,
            "presence_penalty": 0.5,
            "metadata": {"k": "v"},
            "stream_options": {"include_usage": True},
            "service_tier": "auto",
            "store": True,
        },
        {"model": "claude-dep", "max_tokens": 1024, "messages": HI, "stream": False},
        ["metadata", "seed", "logprobs", "stream_options", "logit_bias", "service_tier"],
    ),
    (
        "tools default schema, strict dropped",
        {
            "tools": [
                {"type": "function", "function": {"name": "now"}},
                {
                    "type": "function",
                    "function": {"name": "f", "description": "d", "parameters": {"type": "object"}, "strict": True},
                },
            ]
        },
        {
            "tools": [
                {"name": "now", "input_schema": {"type": "object", "properties": {}}},
                {"name": "f", "description": "d", "input_schema": {"type": "object"}},
            ]
        },
        ["tool_choice"],
    ),
    ("tool_choice auto", {"tools": [WEATHER_TOOL], "tool_choice": "auto"}, {"tool_choice": {"type": "auto"}}, []),
    (
        "tool_choice required",
        {"tools": [WEATHER_TOOL], "tool_choice": "required"},
        {"tool_choice": {"type": "any"}},
        [],
    ),
    ("tool_choice none", {"tools": [WEATHER_TOOL], "tool_choice": "none"}, {"tool_choice": {"type": "none"}}, []),
    (
        "tool_choice named",
        {"tools": [WEATHER_TOOL], "tool_choice": {"type": "function", "function": {"name": "get_weather"}}},
        {"tool_choice": {"type": "tool", "name": "get_weather"}},
        [],
    ),
    (
        "parallel_tool_calls false without tool_choice",
        {"tools": [WEATHER_TOOL], "parallel_tool_calls": False},
        {"tool_choice": {"type": "auto", "disable_parallel_tool_use": True}},
        [],
    ),
    (
        "parallel_tool_calls false with required",
        {"tools": [WEATHER_TOOL], "tool_choice": "required", "parallel_tool_calls": False},
        {"tool_choice": {"type": "any", "disable_parallel_tool_use": True}},
        [],
    ),
    (
        "parallel_tool_calls false with none",
        {"tools": [WEATHER_TOOL], "tool_choice": "none", "parallel_tool_calls": False},
        {"tool_choice": {"type": "none"}},
        [],
    ),
    ("parallel_tool_calls true", {"tools": [WEATHER_TOOL], "parallel_tool_calls": True}, {}, ["tool_choice"]),
    ("tool_choice without tools", {"tool_choice": "auto", "parallel_tool_calls": False}, {}, ["tool_choice", "tools"]),
    (
        "response_format json_schema",
        {
            "response_format": {
                "type": "json_schema",
                "json_schema": {"name": "r", "strict": True, "schema": {"type": "object", "required": ["a"]}},
            }
        },
        {"output_config": {"format": {"type": "json_schema", "schema": {"type": "object", "required": ["a"]}}}},
        ["system"],
    ),
    (
        "response_format json_object",
        {"response_format": {"type": "json_object"}},
        {"system": JSON_OBJECT_INSTRUCTION},
        [],
    ),
    (
        "response_format json_object after a system message",
        {
            "messages": [{"role": "system", "content": "Be terse."}, {"role": "user", "content": "hi"}],
            "response_format": {"type": "json_object"},
        },
        {"system": "Be terse.\n\n" + JSON_OBJECT_INSTRUCTION, "messages": HI},
        ["output_config"],
    ),
    ("response_format text", {"response_format": {"type": "text"}}, {}, ["output_config", "system"]),
]


@pytest.mark.parametrize(
    ("fields", "expected", "absent"), [c[1:] for c in REQUEST_CASES], ids=[c[0] for c in REQUEST_CASES]
)
def test_request_fields(fields: dict[str, Any], expected: dict[str, Any], absent: list[str]) -> None:
    out = translate(**fields)
    for key, value in expected.items():
        assert out[key] == value, key
    for key in absent:
        assert key not in out, key
    assert set(out) <= {
        "model",
        "max_tokens",
        "messages",
        "system",
        "stop_sequences",
        "temperature",
        "top_p",
        "tools",
        "tool_choice",
        "metadata",
        "stream",
        "output_config",
    }


def test_stream_flag_and_minimal_is_exact() -> None:
    body = {"model": "x", "messages": [{"role": "user", "content": "hi"}], "stream": True}
    assert to_anthropic_request(body, "claude-dep", default_max_tokens=512, stream=True) == {
        "model": "claude-dep",
        "max_tokens": 512,
        "messages": HI,
        "stream": True,
    }


def test_system_and_developer_hoisted_from_anywhere_and_same_roles_merged() -> None:
    out = translate(
        messages=[
            {"role": "system", "content": "You are terse."},
            {"role": "user", "content": "one"},
            {"role": "developer", "content": [{"type": "text", "text": "Use "}, {"type": "text", "text": "French."}]},
            {"role": "user", "content": [{"type": "text", "text": "two"}]},
            {"role": "assistant", "content": "un"},
            {"role": "assistant", "content": [{"type": "text", "text": "deux"}]},
        ]
    )
    assert out["system"] == "You are terse.\n\nUse French."
    assert out["messages"] == [
        {"role": "user", "content": [{"type": "text", "text": "one"}, {"type": "text", "text": "two"}]},
        {"role": "assistant", "content": [{"type": "text", "text": "un"}, {"type": "text", "text": "deux"}]},
    ]


def test_leading_assistant_turn_is_kept_as_is() -> None:
    out = translate(messages=[{"role": "assistant", "content": "Hello!"}, {"role": "user", "content": "hi"}])
    assert [m["role"] for m in out["messages"]] == ["assistant", "user"]


def test_images_data_url_and_http_url() -> None:
    out = translate(
        messages=[
            {
                "role": "user",
                "content": [
                    {"type": "text", "text": "Compare"},
                    {"type": "image_url", "image_url": {"url": "data:image/png;base64,iVBORw0KGgo=", "detail": "high"}},
                    {"type": "image_url", "image_url": {"url": "https://example.com/cat.jpg"}},
                ],
            }
        ]
    )
    assert out["messages"][0]["content"] == [
        {"type": "text", "text": "Compare"},
        {"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": "iVBORw0KGgo="}},
        {"type": "image", "source": {"type": "url", "url": "https://example.com/cat.jpg"}},
    ]


def test_tool_calls_and_parallel_results_in_one_user_message_with_consistent_ids() -> None:
    out = translate(
        messages=[
            {"role": "user", "content": "Weather in Paris and time in Tokyo?"},
            {
                "role": "assistant",
                "content": "Checking.",
                "tool_calls": [
                    {
                        "id": "call_ok-1",
                        "type": "function",
                        "function": {"name": "get_weather", "arguments": '{"city":"Paris"}'},
                    },
                    {"id": "call:x/y.2", "type": "function", "function": {"name": "get_time", "arguments": ""}},
                ],
            },
            {"role": "tool", "tool_call_id": "call_ok-1", "content": "18C"},
            {"role": "tool", "tool_call_id": "call:x/y.2", "content": [{"type": "text", "text": "09:00"}]},
            {"role": "user", "content": "Thanks, and tomorrow?"},
        ]
    )
    assistant, results = out["messages"][1], out["messages"][2]
    odd = sanitize_tool_id("call:x/y.2")
    assert assistant == {
        "role": "assistant",
        "content": [
            {"type": "text", "text": "Checking."},
            {"type": "tool_use", "id": "call_ok-1", "name": "get_weather", "input": {"city": "Paris"}},
            {"type": "tool_use", "id": odd, "name": "get_time", "input": {}},
        ],
    }
    assert results == {
        "role": "user",
        "content": [
            {"type": "tool_result", "tool_use_id": "call_ok-1", "content": "18C"},
            {"type": "tool_result", "tool_use_id": odd, "content": [{"type": "text", "text": "09:00"}]},
            {"type": "text", "text": "Thanks, and tomorrow?"},
        ],
    }
    assert len(out["messages"]) == 3
    assert TOOL_ID.match(odd)


def test_tool_results_stay_first_when_user_text_precedes_them() -> None:
    out = translate(
        messages=[
            {
                "role": "assistant",
                "tool_calls": [{"id": "a", "type": "function", "function": {"name": "f", "arguments": "{}"}}],
            },
            {"role": "user", "content": "also this"},
            {"role": "tool", "tool_call_id": "a", "content": "ok"},
        ]
    )
    assert [b["type"] for b in out["messages"][1]["content"]] == ["tool_result", "text"]


@pytest.mark.parametrize(
    "tool_id", ["call_abc", "toolu_01A09q90qw90lq917835lq9", "a.b", "a_b", "call:1", "x y", "", "é"]
)
def test_tool_id_sanitisation_is_valid_and_deterministic(tool_id: str) -> None:
    clean = sanitize_tool_id(tool_id)
    assert TOOL_ID.match(clean)
    assert clean == sanitize_tool_id(tool_id)
    if TOOL_ID.match(tool_id):
        assert clean == tool_id


def test_tool_id_sanitisation_keeps_distinct_ids_distinct() -> None:
    ids = ["a.b", "a_b", "a:b", "a/b", "a b"]
    assert len({sanitize_tool_id(i) for i in ids}) == len(ids)


# (id, request fields, param the InvalidRequest must name)
INVALID_CASES: list[tuple[str, dict[str, Any], str]] = [
    ("n > 1", {"n": 2}, "n"),
    (
        "tool arguments not JSON",
        {
            "messages": [
                {"role": "user", "content": "x"},
                {
                    "role": "assistant",
                    "tool_calls": [
                        {"id": "c1", "type": "function", "function": {"name": "f", "arguments": "{}"}},
                        {"id": "c2", "type": "function", "function": {"name": "f", "arguments": "{city: Paris"}},
                    ],
                },
            ]
        },
        "messages[1].tool_calls[1].function.arguments",
    ),
    (
        "tool arguments not an object",
        {
            "messages": [
                {
                    "role": "assistant",
                    "tool_calls": [{"id": "c1", "type": "function", "function": {"name": "f", "arguments": "[1, 2]"}}],
                }
            ]
        },
        "messages[0].tool_calls[0].function.arguments",
    ),
    ("audio part", {"messages": [{"role": "user", "content": [{"type": "input_audio"}]}]}, "messages[0].content[0]"),
    (
        "ftp image",
        {"messages": [{"role": "user", "content": [{"type": "image_url", "image_url": {"url": "ftp://h/x.png"}}]}]},
        "messages[0].content[0]",
    ),
    ("unknown role", {"messages": [{"role": "function", "content": "x"}]}, "messages[0].role"),
    ("tool without id", {"messages": [{"role": "tool", "content": "x"}]}, "messages[0].tool_call_id"),
    ("messages not a list", {"messages": "hi"}, "messages"),
    ("max_tokens zero", {"max_tokens": 0}, "max_tokens"),
    ("temperature string", {"temperature": "hot"}, "temperature"),
    ("bad tool_choice", {"tools": [WEATHER_TOOL], "tool_choice": "sometimes"}, "tool_choice"),
    ("custom tool", {"tools": [{"type": "custom", "custom": {"name": "x"}}]}, "tools[0]"),
    ("json_schema without schema", {"response_format": {"type": "json_schema", "json_schema": {}}}, "response_format"),
]


@pytest.mark.parametrize(("fields", "param"), [c[1:] for c in INVALID_CASES], ids=[c[0] for c in INVALID_CASES])
def test_untranslatable_requests_raise_invalid_request(fields: dict[str, Any], param: str) -> None:
    with pytest.raises(InvalidRequest) as info:
        translate(**fields)
    assert info.value.param == param
    assert info.value.status == 400


# ---------------------------------------------------------------- response translation


def load_json(name: str) -> dict[str, Any]:
    data: dict[str, Any] = orjson.loads((FIXTURES / f"{name}.json").read_bytes())
    return data


STOP_CASES = [
    ("msg_end_turn", "end_turn", "stop"),
    ("msg_stop_sequence", "stop_sequence", "stop"),
    ("msg_pause_turn", "pause_turn", "stop"),
    ("msg_max_tokens", "max_tokens", "length"),
    ("msg_model_context_window_exceeded", "model_context_window_exceeded", "length"),
    ("msg_tool_use", "tool_use", "tool_calls"),
    ("msg_refusal", "refusal", "content_filter"),
    ("msg_unknown", "some_future_reason", "stop"),
]


@pytest.mark.parametrize(("name", "stop_reason", "expected"), STOP_CASES, ids=[c[0] for c in STOP_CASES])
def test_response_finish_reason_and_shape(name: str, stop_reason: str, expected: str) -> None:
    message = load_json(name)
    assert message["stop_reason"] == stop_reason
    out = from_anthropic_response(message, MODEL, created=CREATED)
    assert finish_reason(stop_reason) == expected
    assert out["choices"][0]["finish_reason"] == expected
    assert out["id"] == "chatcmpl-" + message["id"]
    assert (out["object"], out["model"], out["created"]) == ("chat.completion", MODEL, CREATED)
    assert "system_fingerprint" not in out
    ChatCompletion.model_validate(out)


def test_finish_reason_none() -> None:
    assert finish_reason(None) == "stop"


def test_response_text_only_is_exact() -> None:
    assert from_anthropic_response(load_json("msg_end_turn"), MODEL, created=CREATED) == {
        "id": "chatcmpl-msg_01EndTurnAbc",
        "object": "chat.completion",
        "created": CREATED,
        "model": MODEL,
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": "Hi! My name is Claude.", "refusal": None},
                "logprobs": None,
                "finish_reason": "stop",
            }
        ],
        "usage": {
            "prompt_tokens": 10,
            "completion_tokens": 12,
            "total_tokens": 22,
            "prompt_tokens_details": {"cached_tokens": 0, "cache_write_tokens": 0},
        },
    }


def test_response_tool_use_drops_thinking_and_keeps_text() -> None:
    out = from_anthropic_response(load_json("msg_tool_use"), MODEL, created=CREATED)
    message = out["choices"][0]["message"]
    assert message["content"] == "Checking both."
    assert message["tool_calls"] == [
        {
            "id": "toolu_01A09q90qw90lq917835lq9",
            "type": "function",
            "function": {"name": "get_weather", "arguments": '{"city":"Paris","unit":"celsius"}'},
        },
        {
            "id": "toolu_01B3kD8nqPz1rT6yVwXm2sLa",
            "type": "function",
            "function": {"name": "get_time", "arguments": "{}"},
        },
    ]
    assert out["usage"] == {
        "prompt_tokens": 480 + 1024 + 256,
        "completion_tokens": 120,
        "total_tokens": 1880,
        "prompt_tokens_details": {"cached_tokens": 1024, "cache_write_tokens": 256},
    }


def test_response_tool_only_has_null_content_and_exact_arguments() -> None:
    message = from_anthropic_response(load_json("msg_tool_use_only"), MODEL)["choices"][0]["message"]
    assert message["content"] is None
    assert json.loads(message["tool_calls"][0]["function"]["arguments"]) == {"q": 'naïve "quoted"', "n": [1, 2]}


def test_response_server_tool_use_is_not_a_client_tool_call() -> None:
    message = from_anthropic_response(load_json("msg_pause_turn"), MODEL)["choices"][0]["message"]
    assert message["content"] == "Searching the web."
    assert "tool_calls" not in message


def test_response_empty_content_gives_empty_string() -> None:
    message = {
        "id": "msg_x",
        "content": [],
        "stop_reason": "end_turn",
        "usage": {"input_tokens": 1, "output_tokens": 0},
    }
    assert from_anthropic_response(message, MODEL)["choices"][0]["message"]["content"] == ""


USAGE_CASES = [
    ("plain", {"input_tokens": 10, "output_tokens": 5}, (10, 5, 15, 0, 0)),
    (
        "cache read and write",
        {
            "input_tokens": 12,
            "cache_creation_input_tokens": 2048,
            "cache_read_input_tokens": 10240,
            "output_tokens": 57,
        },
        (12 + 2048 + 10240, 57, 12 + 2048 + 10240 + 57, 10240, 2048),
    ),
    ("nulls", {"input_tokens": 3, "cache_creation_input_tokens": None, "output_tokens": 1}, (3, 1, 4, 0, 0)),
    ("empty", {}, (0, 0, 0, 0, 0)),
]


@pytest.mark.parametrize(("usage", "expected"), [c[1:] for c in USAGE_CASES], ids=[c[0] for c in USAGE_CASES])
def test_usage_sums(usage: dict[str, Any], expected: tuple[int, int, int, int, int]) -> None:
    out = openai_usage(usage)
    details = out["prompt_tokens_details"]
    got = (out["prompt_tokens"], out["completion_tokens"], out["total_tokens"])
    assert (*got, details["cached_tokens"], details["cache_write_tokens"]) == expected


# ---------------------------------------------------------------- errors


def anthropic_body(type_: str, message: str) -> bytes:
    return orjson.dumps({"type": "error", "error": {"type": type_, "message": message}, "request_id": "req_011CS"})


ERROR_CASES: list[tuple[str, int, bytes, str | None, str | None, int, str, str, dict[str, str]]] = [
    (
        "429 retry-after",
        429,
        anthropic_body("rate_limit_error", "Number of request tokens has exceeded your limit."),
        "7",
        "6500",
        429,
        "rate_limit_error",
        "Number of request tokens has exceeded your limit.",
        {"retry-after": "7", "retry-after-ms": "6500"},
    ),
    (
        "529 -> 503",
        529,
        anthropic_body("overloaded_error", "Overloaded"),
        None,
        None,
        503,
        "overloaded_error",
        "Overloaded",
        {},
    ),
    (
        "400",
        400,
        anthropic_body("invalid_request_error", "max_tokens: Field required"),
        None,
        None,
        400,
        "invalid_request_error",
        "max_tokens: Field required",
        {},
    ),
    (
        "non-JSON 413",
        413,
        b"<html><body>413 Request Entity Too Large</body></html>",
        None,
        None,
        413,
        "request_too_large",
        "<html><body>413 Request Entity Too Large</body></html>",
        {},
    ),
    ("empty 500", 500, b"", None, None, 500, "api_error", "The upstream returned HTTP 500 without a message.", {}),
    ("non-JSON 529", 529, b"overloaded", "2", None, 503, "overloaded_error", "overloaded", {"retry-after": "2"}),
]


@pytest.mark.parametrize(
    ("status", "body", "retry_after", "retry_after_ms", "want_status", "want_type", "want_message", "want_headers"),
    [c[1:] for c in ERROR_CASES],
    ids=[c[0] for c in ERROR_CASES],
)
def test_error_mapping(
    status: int,
    body: bytes,
    retry_after: str | None,
    retry_after_ms: str | None,
    want_status: int,
    want_type: str,
    want_message: str,
    want_headers: dict[str, str],
) -> None:
    err = anthropic_error(status, body, retry_after, retry_after_ms)
    assert isinstance(err, UpstreamError)
    assert err.status == want_status
    assert err.headers == want_headers
    assert orjson.loads(err.body()) == {
        "error": {"message": want_message, "type": want_type, "param": None, "code": want_type}
    }


def test_stream_error_shape() -> None:
    assert stream_error({"type": "overloaded_error", "message": "Overloaded"}) == {
        "error": {"message": "Overloaded", "type": "overloaded_error", "param": None, "code": "overloaded_error"}
    }
    assert stream_error({})["error"]["type"] == "api_error"
    assert stream_error({})["error"]["message"]


# ---------------------------------------------------------------- streams


def load_sse(name: str) -> list[tuple[str, dict[str, Any]]]:
    parser = SSEParser()
    raw = parser.feed((FIXTURES / f"{name}.sse").read_bytes()) + parser.close()
    events = []
    for event in raw:
        assert event.event is not None and event.data is not None
        data = orjson.loads(event.data)
        assert data["type"] == event.event.decode()  # the fixtures keep Anthropic's framing invariant
        events.append((event.event.decode(), data))
    return events


def run_stream(name: str) -> tuple[list[dict[str, Any]], AnthropicStreamTranslator]:
    translator = AnthropicStreamTranslator(MODEL, CREATED)
    chunks: list[dict[str, Any]] = []
    for event_type, data in load_sse(name):
        assert not translator.finished
        chunks += translator.feed(event_type, data)
    assert translator.finished
    return chunks, translator


def chunk(msg_id: str, delta: dict[str, Any], finish: str | None = None) -> dict[str, Any]:
    return {
        "id": "chatcmpl-" + msg_id,
        "object": "chat.completion.chunk",
        "created": CREATED,
        "model": MODEL,
        "choices": [{"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish}],
    }


def usage_chunk(msg_id: str, prompt: int, completion: int, cached: int = 0, written: int = 0) -> dict[str, Any]:
    usage = {
        "prompt_tokens": prompt,
        "completion_tokens": completion,
        "total_tokens": prompt + completion,
        "prompt_tokens_details": {"cached_tokens": cached, "cache_write_tokens": written},
    }
    return {
        "id": "chatcmpl-" + msg_id,
        "object": "chat.completion.chunk",
        "created": CREATED,
        "model": MODEL,
        "choices": [],
        "usage": usage,
    }


def call_start(k: int, call_id: str, name: str) -> dict[str, Any]:
    return {
        "tool_calls": [{"index": k, "id": call_id, "type": "function", "function": {"name": name, "arguments": ""}}]
    }


def call_args(k: int, fragment: str) -> dict[str, Any]:
    return {"tool_calls": [{"index": k, "function": {"arguments": fragment}}]}


ROLE = {"role": "assistant", "content": ""}
T = "msg_01XFDUDYJgAACzvnptvVoYEL"
P = "msg_014p7gG3wDgGV9EUtLvnow3U"
R = "msg_01Yb4bPsbLJAmCUrbGbWSXcV"
C = "msg_01Cache7hL2xYwqKpT5vN9bZr"
E = "msg_01Err0rMidStreamQ8wXyZ3k"

STREAM_CASES: list[tuple[str, list[dict[str, Any]]]] = [
    (
        "text",
        [
            chunk(T, ROLE),
            chunk(T, {"content": "Hello"}),
            chunk(T, {"content": ", world"}),
            chunk(T, {"content": "!"}),
            chunk(T, {}, "stop"),
            usage_chunk(T, 25, 12),
        ],
    ),
    (
        "tools_parallel",
        [
            chunk(P, ROLE),
            chunk(P, {"content": "I'll check the weather"}),
            chunk(P, {"content": " in both cities."}),
            chunk(P, call_start(0, "toolu_01T1x1fJ34qAmk2tNTrN7Up6", "get_weather")),
            chunk(P, call_args(0, '{"city": "Pa')),
            chunk(P, call_args(0, 'ris"}')),
            chunk(P, call_start(1, "toolu_01CqcvrCgb4NwpAyosRUMxBL", "get_time")),
            chunk(P, call_args(1, '{"city": "Tokyo"')),
            chunk(P, call_args(1, ', "tz": "JST"}')),
            chunk(P, {}, "tool_calls"),
            usage_chunk(P, 472, 89),
        ],
    ),
    (
        "thinking_tool",
        [
            chunk(R, ROLE),
            chunk(R, {"content": "Let me look that up."}),
            chunk(R, call_start(0, "toolu_01NRLabsLyVHZPKxbKvkfSMn", "get_weather")),
            chunk(R, call_args(0, '{"city": "Oslo"}')),
            chunk(R, {}, "tool_calls"),
            usage_chunk(R, 612, 143),
        ],
    ),
    (
        "cache_usage",
        [
            chunk(C, ROLE),
            chunk(C, {"content": "Cached answer."}),
            chunk(C, {}, "length"),
            usage_chunk(C, 12 + 2048 + 10240, 57, cached=10240, written=2048),
        ],
    ),
    (
        "error_midstream",
        [
            chunk(E, ROLE),
            chunk(E, {"content": "Partial"}),
            {"error": {"message": "Overloaded", "type": "overloaded_error", "param": None, "code": "overloaded_error"}},
        ],
    ),
]


@pytest.mark.parametrize(("name", "expected"), STREAM_CASES, ids=[c[0] for c in STREAM_CASES])
def test_stream_fixture_translates_to_exact_chunks(name: str, expected: list[dict[str, Any]]) -> None:
    chunks, _ = run_stream(name)
    assert chunks == expected
    for c in chunks:
        if "error" in c:
            continue
        ChatCompletionChunk.model_validate(c)
        for choice in c["choices"]:
            indices = [call["index"] for call in choice["delta"].get("tool_calls", [])]
            assert len(indices) == len(set(indices))


def test_stream_events_after_finish_and_unknown_events_are_ignored() -> None:
    translator = AnthropicStreamTranslator(MODEL, CREATED)
    assert translator.feed("future_event", {"type": "future_event"}) == []
    translator.feed("error", {"type": "error", "error": {"type": "api_error", "message": "boom"}})
    assert translator.finished
    assert (
        translator.feed(
            "content_block_delta",
            {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": "late"}},
        )
        == []
    )


def start(usage: dict[str, Any]) -> dict[str, Any]:
    return {"type": "message_start", "message": {"id": "msg_u", "content": [], "usage": usage}}


def delta(usage: dict[str, Any]) -> dict[str, Any]:
    return {"type": "message_delta", "delta": {"stop_reason": "end_turn", "stop_sequence": None}, "usage": usage}


@pytest.mark.parametrize(
    ("start_usage", "delta_usage", "expected"),
    [
        ({"input_tokens": 30, "cache_read_input_tokens": 5, "output_tokens": 1}, {"output_tokens": 9}, (35, 9, 5, 0)),
        (
            {"input_tokens": 30, "cache_read_input_tokens": 0, "output_tokens": 1},
            {"input_tokens": 31, "cache_read_input_tokens": 100, "cache_creation_input_tokens": 7, "output_tokens": 9},
            (138, 9, 100, 7),
        ),
        ({"input_tokens": 30, "output_tokens": 1}, {"input_tokens": None, "output_tokens": 4}, (30, 4, 0, 0)),
    ],
    ids=["start only", "delta newer", "delta null keeps start"],
)
def test_stream_usage_prefers_newer_message_delta_counts(
    start_usage: dict[str, Any], delta_usage: dict[str, Any], expected: tuple[int, int, int, int]
) -> None:
    translator = AnthropicStreamTranslator(MODEL, CREATED)
    translator.feed("message_start", start(start_usage))
    translator.feed("message_delta", delta(delta_usage))
    [last] = translator.feed("message_stop", {"type": "message_stop"})
    usage = last["usage"]
    got = (usage["prompt_tokens"], usage["completion_tokens"])
    assert (
        *got,
        usage["prompt_tokens_details"]["cached_tokens"],
        usage["prompt_tokens_details"]["cache_write_tokens"],
    ) == expected
    assert usage["total_tokens"] == sum(got)


def accumulate(chunks: list[dict[str, Any]]) -> Any:
    state: ChatCompletionStreamState[Any] = ChatCompletionStreamState()
    for c in chunks:
        state.handle_chunk(ChatCompletionChunk.model_validate(c))
    return state.get_final_completion()


def openai_equivalent_of_tools_parallel() -> list[dict[str, Any]]:
    """How OpenAI itself streams the same answer: tool_call starts then argument fragments, by index."""
    oid = "chatcmpl-OpenAIequivalent"
    head = {"id": oid, "object": "chat.completion.chunk", "created": CREATED, "model": MODEL}

    def c(d: dict[str, Any], finish: str | None = None) -> dict[str, Any]:
        return {**head, "choices": [{"index": 0, "delta": d, "logprobs": None, "finish_reason": finish}]}

    return [
        c({"role": "assistant", "content": "", "refusal": None}),
        c({"content": "I'll check the weather in both cities."}),
        c(call_start(0, "toolu_01T1x1fJ34qAmk2tNTrN7Up6", "get_weather")),
        c(call_args(0, '{"city": "Paris"}')),
        c(call_start(1, "toolu_01CqcvrCgb4NwpAyosRUMxBL", "get_time")),
        c(call_args(1, '{"city":')),
        c(call_args(1, ' "Tokyo", "tz": "JST"}')),
        c({}, "tool_calls"),
        {**head, "choices": [], "usage": {"prompt_tokens": 472, "completion_tokens": 89, "total_tokens": 561}},
    ]


def test_openai_sdk_accumulates_translated_parallel_tool_calls_like_an_openai_stream() -> None:
    chunks, _ = run_stream("tools_parallel")
    final = accumulate(chunks)
    reference = accumulate(openai_equivalent_of_tools_parallel())
    choice = final.choices[0]
    calls = choice.message.tool_calls
    assert choice.finish_reason == "tool_calls"
    assert [(c.id, c.function.name) for c in calls] == [
        ("toolu_01T1x1fJ34qAmk2tNTrN7Up6", "get_weather"),
        ("toolu_01CqcvrCgb4NwpAyosRUMxBL", "get_time"),
    ]
    assert [json.loads(c.function.arguments) for c in calls] == [{"city": "Paris"}, {"city": "Tokyo", "tz": "JST"}]
    assert choice.message.content == "I'll check the weather in both cities."
    ref = reference.choices[0]
    assert choice.finish_reason == ref.finish_reason
    assert choice.message.content == ref.message.content
    assert [(c.id, c.type, c.function.name, json.loads(c.function.arguments)) for c in calls] == [
        (c.id, c.type, c.function.name, json.loads(c.function.arguments)) for c in ref.message.tool_calls
    ]
    assert final.usage is not None and final.usage.prompt_tokens == 472 and final.usage.completion_tokens == 89


def test_openai_sdk_sees_one_tool_call_after_thinking_blocks() -> None:
    chunks, _ = run_stream("thinking_tool")
    choice = accumulate(chunks).choices[0]
    assert choice.message.content == "Let me look that up."
    [call] = choice.message.tool_calls
    assert (call.id, call.function.name, json.loads(call.function.arguments)) == (
        "toolu_01NRLabsLyVHZPKxbKvkfSMn",
        "get_weather",
        {"city": "Oslo"},
    )
    assert choice.finish_reason == "tool_calls"


def test_request_translation_does_not_mutate_the_callers_body() -> None:
    body: dict[str, Any] = {
        "model": "gpt-4o",
        "messages": [
            {"role": "system", "content": "s"},
            {
                "role": "assistant",
                "tool_calls": [{"id": "a.b", "type": "function", "function": {"name": "f", "arguments": "{}"}}],
            },
            {"role": "tool", "tool_call_id": "a.b", "content": "ok"},
        ],
        "tools": [WEATHER_TOOL],
        "parallel_tool_calls": False,
        "response_format": {"type": "json_object"},
    }
    snapshot = orjson.dumps(body)
    to_anthropic_request(body, "claude-dep", default_max_tokens=10, stream=True)
    assert orjson.dumps(body) == snapshot
