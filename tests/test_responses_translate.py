"""Responses API <-> Chat Completions translation (protocol.md section 9, stateless subset).

The SDK checks feed our objects and SSE events to the real openai client through a mock
transport, so "the SDK accepts it" is tested against the client callers actually use.
"""

from __future__ import annotations

import re
from typing import Any

import httpx2
import orjson
import pytest
from openai import OpenAI
from openai.types.responses import Response

from proxy.core.errors import InvalidRequest
from proxy.upstream.translate.responses_answers import new_id, responses_usage, to_response
from proxy.upstream.translate.responses_request import to_chat_request
from proxy.upstream.translate.responses_stream import ChatToResponsesStream
from tests.support import TWO_DELTA_TEXT_EVENTS

CREATED = 1_700_000_000
WEATHER = {"type": "function", "name": "get_weather", "description": "Weather", "parameters": {"type": "object"}}
NESTED_WEATHER = {
    "type": "function",
    "function": {"name": "get_weather", "description": "Weather", "parameters": {"type": "object"}},
}


def chat(**fields: Any) -> dict[str, Any]:
    return to_chat_request({"model": "m", "input": "hi", **fields}, stream=False)


def chat_messages(items: list[Any], **fields: Any) -> list[dict[str, Any]]:
    messages: list[dict[str, Any]] = chat(input=items, **fields)["messages"]
    return messages


# ---------------------------------------------------------------- request: top-level fields

# Fields both APIs share, plus one neither knows: the upstream decides about it.
PASSED = {
    "temperature": 0.2,
    "top_p": 0.9,
    "parallel_tool_calls": False,
    "metadata": {"k": "v"},
    "service_tier": "flex",
    "safety_identifier": "s",
    "user": "u",
    "prompt_cache_key": "pk",
    "prompt_cache_retention": "24h",
    "some_future_field": {"a": 1},
}

# (id, Responses fields, expected chat fields)
FIELD_CASES: list[tuple[str, dict[str, Any], dict[str, Any]]] = [
    ("input string", {}, {"model": "m", "messages": [{"role": "user", "content": "hi"}]}),
    (
        "instructions lead as system",
        {"instructions": "Be terse."},
        {"messages": [{"role": "system", "content": "Be terse."}, {"role": "user", "content": "hi"}]},
    ),
    ("function tool nested", {"tools": [WEATHER]}, {"tools": [NESTED_WEATHER]}),
    (
        "strict kept, chat-less fields dropped",
        {"tools": [{"type": "function", "name": "f", "strict": True, "defer_loading": False}]},
        {"tools": [{"type": "function", "function": {"name": "f", "strict": True}}]},
    ),
    ("tool_choice string", {"tool_choice": "required"}, {"tool_choice": "required"}),
    (
        "tool_choice function",
        {"tool_choice": {"type": "function", "name": "f"}},
        {"tool_choice": {"type": "function", "function": {"name": "f"}}},
    ),
    (
        "tool_choice allowed_tools",
        {"tool_choice": {"type": "allowed_tools", "mode": "required", "tools": [{"type": "function", "name": "f"}]}},
        {
            "tool_choice": {
                "type": "allowed_tools",
                "allowed_tools": {"mode": "required", "tools": [{"type": "function", "function": {"name": "f"}}]},
            }
        },
    ),
    (
        "json_schema format",
        {"text": {"format": {"type": "json_schema", "name": "x", "schema": {"type": "object"}, "strict": True}}},
        {
            "response_format": {
                "type": "json_schema",
                "json_schema": {"name": "x", "schema": {"type": "object"}, "strict": True},
            }
        },
    ),
    (
        "json_schema description",
        {"text": {"format": {"type": "json_schema", "name": "x", "schema": {}, "description": "d"}}},
        {"response_format": {"type": "json_schema", "json_schema": {"name": "x", "schema": {}, "description": "d"}}},
    ),
    ("json_object format", {"text": {"format": {"type": "json_object"}}}, {"response_format": {"type": "json_object"}}),
    ("verbosity", {"text": {"verbosity": "low"}}, {"verbosity": "low"}),
    ("reasoning effort", {"reasoning": {"effort": "high", "summary": "auto"}}, {"reasoning_effort": "high"}),
    ("max_output_tokens", {"max_output_tokens": 77}, {"max_completion_tokens": 77}),
    ("top_logprobs asks for logprobs", {"top_logprobs": 3}, {"top_logprobs": 3, "logprobs": True}),
    ("include logprobs", {"include": ["message.output_text.logprobs"]}, {"logprobs": True}),
    ("passed as is", PASSED, PASSED),
]


@pytest.mark.parametrize(("fields", "expected"), [c[1:] for c in FIELD_CASES], ids=[c[0] for c in FIELD_CASES])
def test_request_fields_map(fields: dict[str, Any], expected: dict[str, Any]) -> None:
    body = chat(**fields)
    assert {key: body.get(key) for key in expected} == expected


def test_responses_only_fields_are_dropped_and_stream_is_ours() -> None:
    body = chat(
        store=True,
        stream=True,
        stream_options={"include_obfuscation": False},
        truncation="disabled",
        background=False,
        include=["reasoning.encrypted_content"],
        text={"format": {"type": "text"}},
        reasoning={"summary": "auto"},
        previous_response_id=None,
    )
    assert body == {"model": "m", "messages": [{"role": "user", "content": "hi"}]}


def test_streaming_asks_for_usage() -> None:
    body = to_chat_request({"model": "m", "input": "hi", "stream": True}, stream=True)
    assert body["stream"] is True
    assert body["stream_options"] == {"include_usage": True}


def test_request_body_is_not_modified() -> None:
    request = {"model": "m", "input": [{"type": "function_call", "call_id": "c", "name": "f", "arguments": "{}"}]}
    snapshot = orjson.dumps(request)
    to_chat_request(request, stream=True)
    assert orjson.dumps(request) == snapshot


# ---------------------------------------------------------------- request: input items


def test_message_items_keep_roles_and_contents() -> None:
    items = [
        {"role": "developer", "content": "rules"},
        {"type": "message", "role": "system", "content": [{"type": "input_text", "text": "sys"}]},
        {"role": "user", "content": [{"type": "input_text", "text": "a"}, {"type": "input_text", "text": "b"}]},
        {"type": "message", "role": "assistant", "id": "msg_1", "status": "completed",
         "content": [{"type": "output_text", "text": "ok", "annotations": []}, {"type": "refusal", "refusal": "no"}]},
    ]  # fmt: skip
    assert chat_messages(items) == [
        {"role": "developer", "content": "rules"},
        {"role": "system", "content": "sys"},
        {"role": "user", "content": [{"type": "text", "text": "a"}, {"type": "text", "text": "b"}]},
        {"role": "assistant", "content": [{"type": "text", "text": "ok"}, {"type": "refusal", "refusal": "no"}]},
    ]


def test_image_and_file_parts() -> None:
    content = [
        {"type": "input_image", "image_url": "data:image/png;base64,AAA", "detail": "low"},
        {"type": "input_image", "image_url": "https://img.example/x.png", "detail": None},
        {"type": "input_file", "file_data": "data:application/pdf;base64,QQ==", "filename": "a.pdf"},
    ]
    assert chat_messages([{"role": "user", "content": content}])[0]["content"] == [
        {"type": "image_url", "image_url": {"url": "data:image/png;base64,AAA", "detail": "low"}},
        {"type": "image_url", "image_url": {"url": "https://img.example/x.png"}},
        {"type": "file", "file": {"file_data": "data:application/pdf;base64,QQ==", "filename": "a.pdf"}},
    ]


def test_function_calls_and_outputs() -> None:
    items = [
        {"role": "user", "content": "weather?"},
        {"type": "reasoning", "id": "rs_1", "summary": [], "encrypted_content": "opaque"},
        {"type": "function_call", "call_id": "c1", "name": "f", "arguments": '{"a":1}', "id": "fc_1"},
        {"type": "function_call", "call_id": "c2", "name": "g", "arguments": "{}"},
        {"type": "function_call_output", "call_id": "c1", "output": "sunny"},
        {"type": "function_call_output", "call_id": "c2", "output": [
            {"type": "input_text", "text": "a"}, {"type": "input_text", "text": "b"}]},
    ]  # fmt: skip
    assert chat_messages(items) == [
        {"role": "user", "content": "weather?"},
        {
            "role": "assistant",
            "content": None,
            "tool_calls": [
                {"id": "c1", "type": "function", "function": {"name": "f", "arguments": '{"a":1}'}},
                {"id": "c2", "type": "function", "function": {"name": "g", "arguments": "{}"}},
            ],
        },
        {"role": "tool", "tool_call_id": "c1", "content": "sunny"},
        {"role": "tool", "tool_call_id": "c2", "content": "ab"},
    ]


def test_function_call_after_assistant_text_joins_that_turn() -> None:
    items = [
        {"role": "assistant", "content": "Let me look."},
        {"type": "function_call", "call_id": "c1", "name": "f", "arguments": "{}"},
    ]
    call = {"id": "c1", "type": "function", "function": {"name": "f", "arguments": "{}"}}
    assert chat_messages(items) == [{"role": "assistant", "content": "Let me look.", "tool_calls": [call]}]


# ---------------------------------------------------------------- request: refusals

# (id, Responses fields, param the 400 must name, what the message must say)
REFUSALS: list[tuple[str, dict[str, Any], str, str]] = [
    (
        "previous_response_id",
        {"previous_response_id": "resp_1"},
        "previous_response_id",
        "Send the whole conversation in 'input'",
    ),
    ("conversation", {"conversation": "conv_1"}, "conversation", "Send the whole conversation in 'input'"),
    ("background", {"background": True}, "background", "without 'background'"),
    ("stored prompt", {"prompt": {"id": "pmpt_1"}}, "prompt", "'instructions' and 'input'"),
    ("built-in tool", {"tools": [WEATHER, {"type": "web_search"}]}, "tools[1]", "only 'function' tools"),
    ("tool_choice built-in", {"tool_choice": {"type": "file_search"}}, "tool_choice", "'file_search'"),
    ("tool_choice mcp", {"tool_choice": {"type": "mcp", "server_label": "x"}}, "tool_choice", "'mcp'"),
    (
        "allowed_tools built-in",
        {"tool_choice": {"type": "allowed_tools", "mode": "auto", "tools": [{"type": "image_generation"}]}},
        "tool_choice.tools[0]",
        "'image_generation'",
    ),
    ("truncation auto", {"truncation": "auto"}, "truncation", "shorten 'input'"),
    ("max_tool_calls", {"max_tool_calls": 3}, "max_tool_calls", "leave it out"),
    ("include other", {"include": ["file_search_call.results"]}, "include", "'file_search_call.results'"),
    ("text format unknown", {"text": {"format": {"type": "grammar"}}}, "text.format", "'json_schema'"),
    (
        "item_reference typed",
        {"input": [{"type": "item_reference", "id": "msg_1"}]},
        "input[0]",
        "Send the item itself",
    ),
    ("item_reference bare", {"input": [{"id": "msg_1"}]}, "input[0]", "Send the item itself"),
    ("built-in item", {"input": [{"type": "web_search_call", "id": "ws_1"}]}, "input[0]", "'web_search_call'"),
    ("bad role", {"input": [{"role": "tool", "content": "x"}]}, "input[0].role", "'developer'"),
    (
        "image by file_id",
        {"input": [{"role": "user", "content": [{"type": "input_image", "file_id": "file-1", "detail": "auto"}]}]},
        "input[0].content[0].file_id",
        "'image_url' as a data URL",
    ),
    (
        "file by file_url",
        {"input": [{"role": "user", "content": [{"type": "input_file", "file_url": "https://x/y.pdf"}]}]},
        "input[0].content[0].file_url",
        "'file_data'",
    ),
    (
        "file by file_id",
        {"input": [{"role": "user", "content": [{"type": "input_file", "file_id": "file-1"}]}]},
        "input[0].content[0].file_id",
        "'file_data'",
    ),
    (
        "unknown part",
        {"input": [{"role": "user", "content": [{"type": "input_audio"}]}]},
        "input[0].content[0]",
        "'input_audio'",
    ),
    (
        "tool output with an image",
        {"input": [{"type": "function_call_output", "call_id": "c", "output": [{"type": "input_image"}]}]},
        "input[0].output[0]",
        "text only",
    ),
    ("missing input", {"input": None}, "input", "list of input items"),
]


@pytest.mark.parametrize(("fields", "param", "says"), [c[1:] for c in REFUSALS], ids=[c[0] for c in REFUSALS])
def test_uncarriable_requests_are_refused(fields: dict[str, Any], param: str, says: str) -> None:
    with pytest.raises(InvalidRequest) as info:
        chat(**fields)
    assert info.value.status == 400
    assert info.value.param == param
    assert info.value.code == "invalid_request"
    assert says in info.value.message


def test_refusal_message_says_what_to_do() -> None:
    with pytest.raises(InvalidRequest) as info:
        chat(previous_response_id="resp_1")
    assert info.value.message == (
        "'previous_response_id' needs a deployment that speaks the Responses API; this model's deployments do not."
        " Send the whole conversation in 'input' instead."
    )


# ---------------------------------------------------------------- answers


def chat_answer(message: dict[str, Any], finish: str = "stop", usage: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        "id": "chatcmpl-1",
        "object": "chat.completion",
        "created": CREATED,
        "model": "up",
        "choices": [{"index": 0, "message": {"role": "assistant", **message}, "finish_reason": finish}],
        "usage": usage,
    }


def respond(answer: dict[str, Any], request: dict[str, Any] | None = None) -> dict[str, Any]:
    return to_response(
        answer, request=request or {"model": "m", "input": "hi"}, response_id="resp_1", created_at=CREATED, model="m"
    )


def test_usage_maps_with_zero_defaults() -> None:
    usage = {
        "prompt_tokens": 10,
        "completion_tokens": 4,
        "total_tokens": 14,
        "prompt_tokens_details": {"cached_tokens": 6, "cache_write_tokens": 2},
        "completion_tokens_details": {"reasoning_tokens": 3},
    }
    assert responses_usage(usage) == {
        "input_tokens": 10,
        "input_tokens_details": {"cached_tokens": 6, "cache_write_tokens": 2},
        "output_tokens": 4,
        "output_tokens_details": {"reasoning_tokens": 3},
        "total_tokens": 14,
    }
    assert responses_usage({"prompt_tokens": 2, "completion_tokens": 1, "prompt_tokens_details": None}) == {
        "input_tokens": 2,
        "input_tokens_details": {"cached_tokens": 0, "cache_write_tokens": 0},
        "output_tokens": 1,
        "output_tokens_details": {"reasoning_tokens": 0},
        "total_tokens": 3,
    }
    assert responses_usage(None)["total_tokens"] == 0


def test_new_ids_have_prefix_and_are_unique() -> None:
    ids = {new_id("fc") for _ in range(50)}
    assert len(ids) == 50
    assert all(re.fullmatch(r"fc_[0-9a-f]{48}", i) for i in ids)


def test_text_answer_becomes_a_completed_response() -> None:
    usage = {"prompt_tokens": 5, "completion_tokens": 2, "total_tokens": 7}
    obj = respond(chat_answer({"content": "Hello!"}, usage=usage))
    parsed = Response.model_validate(obj)
    assert parsed.output_text == "Hello!"
    assert obj["status"] == "completed"
    assert obj["incomplete_details"] is None
    [item] = obj["output"]
    assert re.fullmatch(r"msg_[0-9a-f]{48}", item["id"])
    assert item["content"] == [{"type": "output_text", "text": "Hello!", "annotations": [], "logprobs": []}]
    assert (item["role"], item["status"]) == ("assistant", "completed")
    assert obj["usage"]["input_tokens"] == 5
    assert obj["usage"]["total_tokens"] == 7
    assert (obj["store"], obj["previous_response_id"], obj["error"]) == (False, None, None)


def test_tool_calls_follow_the_message() -> None:
    calls = [
        {"id": "call_a", "type": "function", "function": {"name": "f", "arguments": '{"x":1}'}},
        {"id": "call_b", "type": "function", "function": {"name": "g", "arguments": "{}"}},
    ]
    obj = respond(chat_answer({"content": "Checking.", "tool_calls": calls}, "tool_calls"))
    Response.model_validate(obj)
    assert [i["type"] for i in obj["output"]] == ["message", "function_call", "function_call"]
    first = obj["output"][1]
    assert (first["call_id"], first["name"], first["arguments"], first["status"]) == (
        "call_a",
        "f",
        '{"x":1}',
        "completed",
    )
    assert re.fullmatch(r"fc_[0-9a-f]{48}", first["id"])
    assert obj["status"] == "completed"


def test_tool_calls_only_have_no_message() -> None:
    calls = [{"id": "", "type": "function", "function": {"name": "f", "arguments": None}}]
    obj = respond(chat_answer({"content": "", "tool_calls": calls}, "tool_calls"))
    [item] = obj["output"]
    assert item["type"] == "function_call"
    assert item["arguments"] == ""
    assert item["call_id"].startswith("call_")  # an empty upstream id still gets a usable call id


def test_refusal_answer() -> None:
    obj = respond(chat_answer({"content": None, "refusal": "I can't help with that."}))
    parsed = Response.model_validate(obj)
    assert obj["output"][0]["content"] == [{"type": "refusal", "refusal": "I can't help with that."}]
    assert parsed.output_text == ""


@pytest.mark.parametrize(("finish", "reason"), [("length", "max_output_tokens"), ("content_filter", "content_filter")])
def test_cut_short_answers_are_incomplete(finish: str, reason: str) -> None:
    obj = respond(chat_answer({"content": "Partial"}, finish))
    Response.model_validate(obj)
    assert obj["status"] == "incomplete"
    assert obj["incomplete_details"] == {"reason": reason}
    assert obj["output"][0]["status"] == "incomplete"


def test_logprobs_are_carried() -> None:
    answer = chat_answer({"content": "Hi"})
    top = {"token": "Hi", "logprob": -0.1, "bytes": None}
    answer["choices"][0]["logprobs"] = {
        "content": [{"token": "Hi", "logprob": -0.1, "bytes": [72, 105], "top_logprobs": [top]}]
    }
    obj = respond(answer)
    Response.model_validate(obj)
    assert obj["output"][0]["content"][0]["logprobs"] == [
        {
            "token": "Hi",
            "bytes": [72, 105],
            "logprob": -0.1,
            "top_logprobs": [{"token": "Hi", "bytes": [], "logprob": -0.1}],
        }
    ]


def test_request_settings_are_echoed() -> None:
    request = {
        "model": "m",
        "input": "hi",
        "instructions": "Be terse.",
        "tools": [WEATHER],
        "tool_choice": {"type": "function", "name": "get_weather"},
        "temperature": 0.3,
        "top_p": 0.8,
        "parallel_tool_calls": False,
        "text": {"format": {"type": "json_object"}},
        "metadata": {"k": "v"},
        "max_output_tokens": 99,
        "reasoning": {"effort": "low"},
        "store": True,
    }
    obj = respond(chat_answer({"content": "{}"}), request)
    parsed = Response.model_validate(obj)
    assert parsed.tools[0].type == "function"
    assert obj["tools"] == [WEATHER]
    assert obj["tool_choice"] == {"type": "function", "name": "get_weather"}
    assert (obj["instructions"], obj["temperature"], obj["top_p"]) == ("Be terse.", 0.3, 0.8)
    assert (obj["parallel_tool_calls"], obj["max_output_tokens"], obj["store"]) == (False, 99, False)
    assert obj["text"] == {"format": {"type": "json_object"}}
    assert obj["metadata"] == {"k": "v"}
    assert obj["reasoning"] == {"effort": "low", "summary": None}


def test_round_trip_through_a_chat_upstream() -> None:
    request = {
        "model": "m",
        "instructions": "Use tools.",
        "input": [
            {"role": "user", "content": [{"type": "input_text", "text": "Weather in Paris?"}]},
            {"type": "function_call", "call_id": "call_1", "name": "get_weather", "arguments": '{"city":"Paris"}'},
            {"type": "function_call_output", "call_id": "call_1", "output": "18C"},
        ],
        "tools": [WEATHER],
        "max_output_tokens": 50,
    }
    body = to_chat_request(request, stream=False)
    assert [m["role"] for m in body["messages"]] == ["system", "user", "assistant", "tool"]
    assert body["tools"] == [NESTED_WEATHER]
    usage = {"prompt_tokens": 30, "completion_tokens": 5, "total_tokens": 35}
    obj = respond(chat_answer({"content": "18C and sunny."}, usage=usage), request)
    parsed = Response.model_validate(obj)
    assert parsed.output_text == "18C and sunny."
    assert parsed.usage is not None
    assert (parsed.usage.input_tokens, parsed.usage.output_tokens) == (30, 5)
    assert parsed.max_output_tokens == 50


# ---------------------------------------------------------------- stream


def chunk(delta: dict[str, Any] | None = None, finish: str | None = None, **extra: Any) -> dict[str, Any]:
    choices = [] if delta is None else [{"index": 0, "delta": delta, "finish_reason": finish, "logprobs": None}]
    return {
        "id": "c",
        "object": "chat.completion.chunk",
        "created": CREATED,
        "model": "up",
        "choices": choices,
        **extra,
    }


USAGE_CHUNK = chunk(usage={"prompt_tokens": 3, "completion_tokens": 2, "total_tokens": 5})
TEXT_CHUNKS = [
    chunk({"role": "assistant", "content": ""}),
    chunk({"content": "Hel"}),
    chunk({"content": "lo"}),
    chunk({}, "stop"),
    USAGE_CHUNK,
]


def call_delta(index: int, arguments: str, call_id: str | None = None, name: str | None = None) -> dict[str, Any]:
    entry: dict[str, Any] = {"index": index, "function": {"arguments": arguments}}
    if call_id:
        entry.update(id=call_id, type="function")
        entry["function"]["name"] = name
    return chunk({"tool_calls": [entry]})


TOOL_CHUNKS = [
    chunk({"role": "assistant", "content": None}),
    call_delta(0, "", "call_a", "f"),
    call_delta(0, '{"x":'),
    call_delta(0, "1}"),
    call_delta(1, "{}", "call_b", "g"),
    chunk({}, "tool_calls"),
    USAGE_CHUNK,
]
REFUSAL_CHUNKS = [
    chunk({"role": "assistant", "refusal": ""}),
    chunk({"refusal": "No"}),
    chunk({"refusal": "pe."}),
    chunk({}, "stop"),
]
REQUEST = {"model": "m", "input": "hi", "tools": [WEATHER]}


def translate(chunks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    stream = ChatToResponsesStream(request=REQUEST, response_id="resp_1", created_at=CREATED, model="m")
    events = stream.start()
    for c in chunks:
        events += stream.feed(c)
    return events + stream.finish()


def test_text_stream_skeleton_and_sequence() -> None:
    events = translate(TEXT_CHUNKS)
    assert [e["type"] for e in events] == TWO_DELTA_TEXT_EVENTS
    assert [e["sequence_number"] for e in events] == list(range(len(events)))
    assert events[0]["response"]["status"] == "in_progress"
    assert events[0]["response"]["output"] == []
    delta = events[4]
    item_id = events[2]["item"]["id"]
    assert {k: delta[k] for k in ("item_id", "output_index", "content_index", "delta")} == {
        "item_id": item_id, "output_index": 0, "content_index": 0, "delta": "Hel"}  # fmt: skip
    assert events[6]["text"] == "Hello"
    final = events[-1]["response"]
    assert final["usage"]["total_tokens"] == 5
    assert final["output"] == [events[8]["item"]]
    assert final["output"][0]["id"] == item_id


def test_tool_stream_closes_each_item_before_the_next() -> None:
    events = translate(TOOL_CHUNKS)
    kinds = [e["type"] for e in events[2:]]
    assert kinds == [
        "response.output_item.added",
        "response.function_call_arguments.delta",
        "response.function_call_arguments.delta",
        "response.function_call_arguments.done",
        "response.output_item.done",
        "response.output_item.added",
        "response.function_call_arguments.delta",
        "response.function_call_arguments.done",
        "response.output_item.done",
        "response.completed",
    ]
    assert events[2]["item"]["status"] == "in_progress"
    assert events[5]["arguments"] == '{"x":1}'
    final = events[-1]["response"]["output"]
    assert [(i["call_id"], i["name"], i["arguments"]) for i in final] == [
        ("call_a", "f", '{"x":1}'),
        ("call_b", "g", "{}"),
    ]
    added = [e["output_index"] for e in events if e["type"] == "response.output_item.added"]
    assert added == [0, 1]


def test_text_then_tool_call_closes_the_message_first() -> None:
    events = translate([chunk({"content": "Looking."}), call_delta(0, "{}", "call_a", "f"), chunk({}, "tool_calls")])
    kinds = [e["type"] for e in events]
    assert kinds.index("response.output_item.done") < kinds.index("response.function_call_arguments.delta")
    added = [e for e in events if e["type"] == "response.output_item.added"]
    assert [e["output_index"] for e in added] == [0, 1]
    assert [i["type"] for i in events[-1]["response"]["output"]] == ["message", "function_call"]


def test_length_finish_ends_with_incomplete() -> None:
    events = translate([chunk({"content": "Cut"}), chunk({}, "length")])
    assert events[-1]["type"] == "response.incomplete"
    response = events[-1]["response"]
    assert response["incomplete_details"] == {"reason": "max_output_tokens"}
    assert response["output"][0]["status"] == "incomplete"
    assert response["usage"]["total_tokens"] == 0


def test_stream_final_response_matches_to_response_shape() -> None:
    answer = chat_answer({"content": "Hello"}, usage={"prompt_tokens": 3, "completion_tokens": 2, "total_tokens": 5})
    built = to_response(answer, request=REQUEST, response_id="resp_1", created_at=CREATED, model="m")
    streamed = translate(TEXT_CHUNKS)[-1]["response"]
    strip = lambda obj: {**obj, "output": [{**i, "id": None} for i in obj["output"]]}  # noqa: E731
    assert strip(streamed) == strip(built)


def test_empty_answer_still_gets_a_message() -> None:
    events = translate([chunk({"role": "assistant", "content": ""}), chunk({}, "stop")])
    assert [e["type"] for e in events][2:5] == [
        "response.output_item.added", "response.content_part.added", "response.output_text.done"]  # fmt: skip
    assert Response.model_validate(events[-1]["response"]).output_text == ""


def test_in_band_error_ends_the_stream() -> None:
    stream = ChatToResponsesStream(request=REQUEST, response_id="resp_1", created_at=CREATED, model="m")
    stream.start()
    stream.feed(chunk({"content": "Hi"}))
    error = {"error": {"message": "overloaded", "type": "overloaded_error", "param": None, "code": "overloaded_error"}}
    assert stream.feed(error) == [
        {"type": "error", "sequence_number": 5, "code": "overloaded_error", "message": "overloaded", "param": None}
    ]
    assert stream.feed(chunk({"content": "more"})) == []
    assert stream.finish() == []


def test_error_method_takes_a_bare_error_object() -> None:
    stream = ChatToResponsesStream(request=REQUEST, response_id="resp_1", created_at=CREATED, model="m")
    stream.start()
    [event] = stream.error({"message": "boom", "type": "api_error"})
    assert (event["type"], event["code"], event["message"], event["sequence_number"]) == (
        "error",
        "api_error",
        "boom",
        2,
    )


def test_logprobs_stream_into_deltas_and_final_text() -> None:
    lp = {"content": [{"token": "Hi", "logprob": -0.5, "bytes": [72, 105], "top_logprobs": []}]}
    c = chunk({"content": "Hi"})
    c["choices"][0]["logprobs"] = lp
    events = translate([c, chunk({}, "stop")])
    delta = next(e for e in events if e["type"] == "response.output_text.delta")
    expected = [{"token": "Hi", "bytes": [72, 105], "logprob": -0.5, "top_logprobs": []}]
    assert delta["logprobs"] == expected
    assert events[-1]["response"]["output"][0]["content"][0]["logprobs"] == expected


# ---------------------------------------------------------------- stream: the real SDK


def sdk(events: list[dict[str, Any]]) -> OpenAI:
    body = b"".join(b"event: " + e["type"].encode() + b"\ndata: " + orjson.dumps(e) + b"\n\n" for e in events)

    def handler(request: httpx2.Request) -> httpx2.Response:
        return httpx2.Response(200, headers={"content-type": "text/event-stream"}, content=body)

    return OpenAI(
        api_key="k", base_url="http://proxy.test/v1", http_client=httpx2.Client(transport=httpx2.MockTransport(handler))
    )


@pytest.mark.parametrize(
    ("chunks", "text"),
    [(TEXT_CHUNKS, "Hello"), (TOOL_CHUNKS, ""), (REFUSAL_CHUNKS, "")],
    ids=["text", "tools", "refusal"],
)
def test_sdk_stream_helper_accepts_translated_streams(chunks: list[dict[str, Any]], text: str) -> None:
    events = translate(chunks)
    typed = list(sdk(events).responses.create(model="m", input="hi", stream=True))
    assert [e.type for e in typed] == [e["type"] for e in events]
    with sdk(events).responses.stream(model="m", input="hi") as stream:
        streamed = "".join(e.delta for e in stream if e.type == "response.output_text.delta")
        final = stream.get_final_response()
    assert final.output_text == streamed == text
    assert final.id == "resp_1"
    if chunks is TOOL_CHUNKS:
        assert [(c.call_id, c.arguments) for c in final.output if c.type == "function_call"] == [
            ("call_a", '{"x":1}'), ("call_b", "{}")]  # fmt: skip
    if chunks is REFUSAL_CHUNKS:
        [message] = final.output
        assert message.type == "message"
        assert [(p.type, getattr(p, "refusal", None)) for p in message.content] == [("refusal", "Nope.")]


def test_sdk_yields_incomplete_stream_without_raising() -> None:
    events = translate([chunk({"content": "Cut"}), chunk({}, "length")])
    typed = list(sdk(events).responses.create(model="m", input="hi", stream=True))
    assert typed[-1].type == "response.incomplete"
    assert typed[-1].response.incomplete_details is not None
    assert typed[-1].response.incomplete_details.reason == "max_output_tokens"
    assert typed[-1].response.output_text == "Cut"
