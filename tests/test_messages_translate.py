"""Anthropic Messages (front door) <-> Chat Completions (upstream wire) translation (protocol.md section 11).

The SDK checks feed our `message` objects and stream events to the real anthropic client through
a mock transport, so "the SDK accepts it" is tested against the client callers actually use.
"""

from __future__ import annotations

import copy
import hashlib
import re
from typing import Any

import anthropic
import httpx2
import orjson
import pytest

from proxy.core.errors import InvalidRequest
from proxy.upstream.translate import messages_stream
from proxy.upstream.translate.messages_answers import message_usage, new_message_id, to_message, tool_id
from proxy.upstream.translate.messages_request import takes_reasoning_effort, to_chat_request
from proxy.upstream.translate.messages_stream import ChatToMessagesStream

HI = [{"role": "user", "content": "hi"}]
TOOL_ID = re.compile(r"^[a-zA-Z0-9_-]+$")
WEATHER = {"name": "get_weather", "description": "Weather", "input_schema": {"type": "object"}}
PNG = {"type": "base64", "media_type": "image/png", "data": "iVBO"}


def chat(reasoning: bool = False, **fields: Any) -> dict[str, Any]:
    body = {"model": "m", "max_tokens": 100, "messages": HI, **fields}
    return to_chat_request(body, stream=False, reasoning=reasoning)


def chat_messages(*messages: dict[str, Any], **fields: Any) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = chat(messages=list(messages), **fields)["messages"]
    return out


def user(*blocks: dict[str, Any]) -> dict[str, Any]:
    return {"role": "user", "content": list(blocks)}


def assistant(*blocks: dict[str, Any]) -> dict[str, Any]:
    return {"role": "assistant", "content": list(blocks)}


# ---------------------------------------------------------------- request: top-level fields


def test_minimal_request_is_exact() -> None:
    assert chat() == {"model": "m", "messages": HI, "max_completion_tokens": 100}


def test_stream_asks_for_usage() -> None:
    body = {"model": "m", "max_tokens": 5, "messages": HI, "stream": True}
    out = to_chat_request(body, stream=True, reasoning=False)
    assert out["stream"] is True
    assert out["stream_options"] == {"include_usage": True}


LONG_USER = "user_" + "a" * 64 + "_account_x_session_y"

# (id, extra Messages fields, expected chat fields (None = absent))
FIELD_CASES: list[tuple[str, dict[str, Any], dict[str, Any]]] = [
    ("sampling copied, top_k dropped", {"temperature": 0.2, "top_p": 0.9, "top_k": 5},
     {"temperature": 0.2, "top_p": 0.9, "top_k": None}),
    ("stop sequences", {"stop_sequences": ["END", "\n\nHuman:"]}, {"stop": ["END", "\n\nHuman:"]}),
    ("four stop sequences", {"stop_sequences": list("abcd")}, {"stop": list("abcd")}),
    ("no stop sequences", {"stop_sequences": []}, {"stop": None}),
    ("short user id", {"metadata": {"user_id": "u-1"}}, {"safety_identifier": "u-1", "metadata": None}),
    ("long user id hashed", {"metadata": {"user_id": LONG_USER}},
     {"safety_identifier": hashlib.sha256(LONG_USER.encode()).hexdigest()}),
    ("metadata without user", {"metadata": {}}, {"safety_identifier": None}),
    ("service tier dropped", {"service_tier": "auto"}, {"service_tier": None}),
    ("json schema", {"output_config": {"format": {"type": "json_schema", "schema": {"type": "object"}}}},
     {"response_format": {"type": "json_schema",
                          "json_schema": {"name": "response", "schema": {"type": "object"}, "strict": False}},
      "output_config": None}),
    ("unknown fields dropped", {"cache_control": {"type": "ephemeral"}, "inference_geo": "us"},
     {"cache_control": None, "inference_geo": None}),
    ("system string", {"system": "Be brief."}, {"messages": [{"role": "system", "content": "Be brief."}, *HI]}),
    ("system blocks joined, cache_control dropped",
     {"system": [{"type": "text", "text": "A", "cache_control": {"type": "ephemeral"}}, {"type": "text", "text": "B"}]},
     {"messages": [{"role": "system", "content": "A\nB"}, *HI]}),
    ("empty system", {"system": []}, {"messages": HI}),
]  # fmt: skip


@pytest.mark.parametrize(("fields", "expected"), [c[1:] for c in FIELD_CASES], ids=[c[0] for c in FIELD_CASES])
def test_request_fields(fields: dict[str, Any], expected: dict[str, Any]) -> None:
    out = chat(**fields)
    for key, value in expected.items():
        assert out.get(key) == value, key


TOOL_CASES: list[tuple[str, dict[str, Any], dict[str, Any]]] = [
    ("auto", {"type": "auto"}, {"tool_choice": "auto"}),
    ("any", {"type": "any"}, {"tool_choice": "required"}),
    ("none", {"type": "none"}, {"tool_choice": "none"}),
    ("tool", {"type": "tool", "name": "get_weather"},
     {"tool_choice": {"type": "function", "function": {"name": "get_weather"}}}),
    ("no parallel", {"type": "auto", "disable_parallel_tool_use": True},
     {"tool_choice": "auto", "parallel_tool_calls": False}),
    ("parallel allowed", {"type": "any", "disable_parallel_tool_use": False},
     {"tool_choice": "required", "parallel_tool_calls": None}),
]  # fmt: skip


@pytest.mark.parametrize(("choice", "expected"), [c[1:] for c in TOOL_CASES], ids=[c[0] for c in TOOL_CASES])
def test_tool_choice(choice: dict[str, Any], expected: dict[str, Any]) -> None:
    out = chat(tools=[WEATHER], tool_choice=choice)
    for key, value in expected.items():
        assert out.get(key) == value, key


def test_tools_become_functions() -> None:
    bare = {"name": "noop", "type": "custom", "cache_control": {"type": "ephemeral"}}
    strict = {**WEATHER, "strict": True}
    assert chat(tools=[WEATHER, bare, strict])["tools"] == [
        {"type": "function",
         "function": {"name": "get_weather", "description": "Weather", "parameters": {"type": "object"}}},
        {"type": "function", "function": {"name": "noop", "parameters": {"type": "object", "properties": {}}}},
        {"type": "function",
         "function": {"name": "get_weather", "description": "Weather", "parameters": {"type": "object"},
                      "strict": True}},
    ]  # fmt: skip


def test_tool_choice_auto_without_tools_is_left_out() -> None:
    out = chat(tool_choice={"type": "auto", "disable_parallel_tool_use": True})
    assert "tool_choice" not in out
    assert "parallel_tool_calls" not in out


# (id, thinking, output_config, expected reasoning_effort)
EFFORT_CASES: list[tuple[str, Any, Any, str | None]] = [
    ("small budget", {"type": "enabled", "budget_tokens": 1024}, None, "low"),
    ("budget 4095", {"type": "enabled", "budget_tokens": 4095}, None, "low"),
    ("budget 4096", {"type": "enabled", "budget_tokens": 4096}, None, "medium"),
    ("budget 16383", {"type": "enabled", "budget_tokens": 16383}, None, "medium"),
    ("budget 16384", {"type": "enabled", "budget_tokens": 16384}, None, "high"),
    ("adaptive", {"type": "adaptive"}, None, "medium"),
    ("effort wins", {"type": "enabled", "budget_tokens": 32000}, {"effort": "low"}, "low"),
    ("effort alone", None, {"effort": "high"}, "high"),
    ("unknown effort falls back", {"type": "adaptive"}, {"effort": "max"}, "medium"),
    ("disabled", {"type": "disabled"}, {"effort": "high"}, None),
    ("nothing", None, None, None),
]


@pytest.mark.parametrize(
    ("thinking", "config", "expected"), [c[1:] for c in EFFORT_CASES], ids=[c[0] for c in EFFORT_CASES]
)
def test_thinking_becomes_reasoning_effort_when_the_model_takes_it(thinking: Any, config: Any, expected: Any) -> None:
    fields = {"thinking": thinking, "output_config": config}
    assert chat(reasoning=True, **fields).get("reasoning_effort") == expected
    assert "reasoning_effort" not in chat(reasoning=False, **fields)
    assert "thinking" not in chat(reasoning=True, **fields)


@pytest.mark.parametrize(
    ("model", "expected"),
    [("o1", True), ("o3", True), ("o3-mini", True), ("o4-mini-2025-04-16", True), ("gpt-5", True),
     ("gpt-5-mini", True), ("gpt-5.1", True), ("openai/GPT-5-nano", True), ("o1-mini", False),
     ("o1-preview", False), ("gpt-5-chat-latest", False), ("gpt-4o", False), ("gpt-4.1", False),
     ("o10", False), ("gpt-50", False), ("claude-sonnet-4-5", False), ("llama-3-o3", False)],
)  # fmt: skip
def test_takes_reasoning_effort(model: str, expected: bool) -> None:
    assert takes_reasoning_effort(model) is expected


def test_request_translation_does_not_mutate_the_callers_body() -> None:
    body = {
        "model": "m",
        "max_tokens": 9,
        "system": [{"type": "text", "text": "S", "cache_control": {"type": "ephemeral"}}],
        "messages": [
            user({"type": "text", "text": "hi"}),
            assistant({"type": "tool_use", "id": "t1", "name": "f", "input": {"a": 1}}),
            user({"type": "tool_result", "tool_use_id": "t1", "content": [{"type": "image", "source": PNG}]}),
        ],
        "tools": [WEATHER],
        "tool_choice": {"type": "auto"},
    }
    before = copy.deepcopy(body)
    to_chat_request(body, stream=True, reasoning=True)
    assert body == before


# ---------------------------------------------------------------- request: messages


def test_user_blocks_become_parts() -> None:
    pdf = {"type": "document", "title": "Report", "source": {**PNG, "media_type": "application/pdf", "data": "JVBE"}}
    untitled = {"type": "document", "source": {"type": "base64", "media_type": "application/pdf", "data": "JVBE"}}
    plain = {"type": "document", "source": {"type": "text", "media_type": "text/plain", "data": "notes"}}
    messages = chat_messages(
        user(
            {"type": "text", "text": "Look:", "cache_control": {"type": "ephemeral"}},
            {"type": "image", "source": PNG},
            {"type": "image", "source": {"type": "url", "url": "https://example.test/a.png"}},
            pdf,
            untitled,
            plain,
        )
    )
    assert messages == [
        {"role": "user", "content": [
            {"type": "text", "text": "Look:"},
            {"type": "image_url", "image_url": {"url": "data:image/png;base64,iVBO"}},
            {"type": "image_url", "image_url": {"url": "https://example.test/a.png"}},
            {"type": "file", "file": {"filename": "Report.pdf", "file_data": "data:application/pdf;base64,JVBE"}},
            {"type": "file", "file": {"filename": "document.pdf", "file_data": "data:application/pdf;base64,JVBE"}},
            {"type": "text", "text": "notes"},
        ]},
    ]  # fmt: skip


def test_single_text_block_becomes_a_string() -> None:
    assert chat_messages(user({"type": "text", "text": "hello"})) == [{"role": "user", "content": "hello"}]


def test_tool_round_trip_with_parallel_results_errors_images_and_trailing_text() -> None:
    messages = chat_messages(
        user({"type": "text", "text": "Weather in Paris and Rome?"}),
        assistant(
            {"type": "thinking", "thinking": "two calls", "signature": "sig"},
            {"type": "text", "text": "Checking "},
            {"type": "text", "text": "both."},
            {"type": "tool_use", "id": "toolu_1", "name": "get_weather", "input": {"city": "Paris"}},
            {"type": "tool_use", "id": "toolu_2", "name": "get_weather", "input": {"city": "Rome", "n": [1, 2]}},
        ),
        user(
            {"type": "text", "text": "Also this:"},
            {"type": "tool_result", "tool_use_id": "toolu_1", "content": "sunny"},
            {"type": "tool_result", "tool_use_id": "toolu_2", "is_error": True,
             "content": [{"type": "text", "text": "timeout"}, {"type": "text", "text": "retry later"},
                         {"type": "image", "source": PNG}]},
        ),
    )  # fmt: skip
    assert messages == [
        {"role": "user", "content": "Weather in Paris and Rome?"},
        {"role": "assistant", "content": "Checking both.", "tool_calls": [
            {"id": "toolu_1", "type": "function", "function": {"name": "get_weather", "arguments": '{"city":"Paris"}'}},
            {"id": "toolu_2", "type": "function",
             "function": {"name": "get_weather", "arguments": '{"city":"Rome","n":[1,2]}'}},
        ]},
        {"role": "tool", "tool_call_id": "toolu_1", "content": "sunny"},
        {"role": "tool", "tool_call_id": "toolu_2", "content": "Error: timeout\nretry later"},
        {"role": "user", "content": [
            {"type": "text", "text": "Also this:"},
            {"type": "image_url", "image_url": {"url": "data:image/png;base64,iVBO"}},
        ]},
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("block", "content"),
    [({}, ""), ({"content": ""}, ""), ({"is_error": True}, "Error"), ({"is_error": False, "content": "ok"}, "ok")],
)
def test_tool_result_content_edge_cases(block: dict[str, Any], content: str) -> None:
    result = {"type": "tool_result", "tool_use_id": "t", **block}
    assert chat_messages(user(result)) == [{"role": "tool", "tool_call_id": "t", "content": content}]


def test_assistant_without_text_has_null_content_and_thinking_only_turns_are_dropped() -> None:
    call = {"type": "tool_use", "id": "t", "name": "f", "input": {}}
    messages = chat_messages(
        {"role": "assistant", "content": "prefill"},
        assistant({"type": "redacted_thinking", "data": "xx"}),
        assistant(call),
    )
    assert messages == [
        {"role": "assistant", "content": "prefill"},
        {"role": "assistant", "content": None,
         "tool_calls": [{"id": "t", "type": "function", "function": {"name": "f", "arguments": "{}"}}]},
    ]  # fmt: skip


# ---------------------------------------------------------------- request: refusals


def _msgs(*messages: dict[str, Any]) -> dict[str, Any]:
    return {"messages": list(messages)}


DOC = {"type": "document", "source": {"type": "url", "url": "https://example.test/a.pdf"}}
# (id, fields, param the 400 names, word the message names)
REFUSALS: list[tuple[str, dict[str, Any], str, str]] = [
    ("url document", _msgs(user({"type": "text", "text": "x"}, DOC)), "messages[0].content[1].source", "'url'"),
    ("file document",
     _msgs(user({"type": "document", "source": {"type": "file", "file_id": "f"}})),
     "messages[0].content[0].source", "'file'"),
    ("content document",
     _msgs(user({"type": "document", "source": {"type": "content", "content": []}})),
     "messages[0].content[0].source", "'content'"),
    ("search result", _msgs(*HI, user({"type": "search_result", "source": "s", "title": "t", "content": []})),
     "messages[1].content[0]", "'search_result'"),
    ("container upload", _msgs(user({"type": "container_upload", "file_id": "f"})),
     "messages[0].content[0]", "'container_upload'"),
    ("server tool use",
     _msgs(*HI, assistant({"type": "server_tool_use", "id": "s", "name": "web_search", "input": {}})),
     "messages[1].content[0]", "'server_tool_use'"),
    ("web search result", _msgs(*HI, assistant({"type": "web_search_tool_result", "tool_use_id": "s", "content": []})),
     "messages[1].content[0]", "'web_search_tool_result'"),
    ("tool_use from user", _msgs(user({"type": "tool_use", "id": "t", "name": "f", "input": {}})),
     "messages[0].content[0]", "'tool_use'"),
    ("image in assistant", _msgs(*HI, assistant({"type": "image", "source": PNG})),
     "messages[1].content[0]", "'image'"),
    ("file image", _msgs(user({"type": "image", "source": {"type": "file", "file_id": "f"}})),
     "messages[0].content[0].source", "'file'"),
    ("document in tool result",
     _msgs(user({"type": "tool_result", "tool_use_id": "t", "content": [DOC]})),
     "messages[0].content[0].content[0]", "'document'"),
    ("system role", _msgs({"role": "system", "content": "x"}), "messages[0].role", "'system'"),
    ("block without type", _msgs(user({"text": "x"})), "messages[0].content[0]", "'type'"),
    ("content not a list", _msgs({"role": "user", "content": 3}), "messages[0].content", "'content'"),
    ("messages not a list", {"messages": "hi"}, "messages", "'messages'"),
    ("server tool", {"tools": [WEATHER, {"type": "web_search_20250305", "name": "web_search"}]},
     "tools[1]", "'web_search_20250305'"),
    ("bash tool", {"tools": [{"type": "bash_20250124", "name": "bash"}]}, "tools[0]", "'bash'"),
    ("five stop sequences", {"stop_sequences": list("abcde")}, "stop_sequences", "at most 4"),
    ("stop not strings", {"stop_sequences": [1]}, "stop_sequences", "strings"),
    ("mcp servers", {"mcp_servers": [{"type": "url", "url": "https://mcp.test", "name": "x"}]}, "mcp_servers", "MCP"),
    ("container", {"container": "c_1"}, "container", "container"),
    ("unknown tool choice", {"tool_choice": {"type": "maybe"}}, "tool_choice.type", "'maybe'"),
    ("format without schema", {"output_config": {"format": {"type": "json_schema"}}}, "output_config.format", "schema"),
    ("system not text", {"system": [{"type": "image", "source": PNG}]}, "system[0]", "text"),
]  # fmt: skip


@pytest.mark.parametrize(("fields", "param", "word"), [c[1:] for c in REFUSALS], ids=[c[0] for c in REFUSALS])
def test_untranslatable_requests_are_refused(fields: dict[str, Any], param: str, word: str) -> None:
    with pytest.raises(InvalidRequest) as info:
        chat(**fields)
    assert info.value.status == 400
    assert info.value.param == param
    assert word in info.value.message


# ---------------------------------------------------------------- answers


def completion(message: dict[str, Any], finish: str | None = "stop", usage: Any = None) -> dict[str, Any]:
    choice = {"index": 0, "message": {"role": "assistant", **message}, "finish_reason": finish}
    return {"id": "chatcmpl-1", "object": "chat.completion", "choices": [choice], "usage": usage}


USAGE = {
    "prompt_tokens": 120,
    "completion_tokens": 7,
    "total_tokens": 127,
    "prompt_tokens_details": {"cached_tokens": 100},
}
FINAL_USAGE = {"input_tokens": 20, "output_tokens": 7, "cache_read_input_tokens": 100, "cache_creation_input_tokens": 0}
ZERO_USAGE = dict.fromkeys(FINAL_USAGE, 0)


def test_text_answer_is_exact() -> None:
    answer = completion({"content": "Hello"}, usage=USAGE)
    assert to_message(answer, message_id="msg_1", model="claude-x") == {
        "id": "msg_1",
        "type": "message",
        "role": "assistant",
        "model": "claude-x",
        "content": [{"type": "text", "text": "Hello"}],
        "stop_reason": "end_turn",
        "stop_sequence": None,
        "usage": FINAL_USAGE,
    }


@pytest.mark.parametrize(
    ("finish", "stop"),
    [("stop", "end_turn"), ("length", "max_tokens"), ("tool_calls", "tool_use"), ("content_filter", "refusal"),
     ("function_call", "end_turn"), (None, "end_turn")],
)  # fmt: skip
def test_finish_reason_becomes_stop_reason(finish: str | None, stop: str) -> None:
    assert to_message(completion({"content": "x"}, finish), message_id="m", model="m")["stop_reason"] == stop


def test_tool_calls_become_tool_use_blocks() -> None:
    calls = [
        {"id": "call_1", "type": "function", "function": {"name": "get_weather", "arguments": '{"city":"Paris"}'}},
        {"id": "call.2/x", "type": "function", "function": {"name": "noop", "arguments": ""}},
        {"id": "call_3", "type": "function", "function": {"name": "cut", "arguments": '{"city":"Ro'}},
        {"id": "call_4", "type": "function", "function": {"name": "list", "arguments": "[1]"}},
    ]
    message = to_message(completion({"content": None, "tool_calls": calls}, "tool_calls"), message_id="m", model="m")
    assert message["stop_reason"] == "tool_use"
    assert [(b["type"], b["name"], b["input"]) for b in message["content"]] == [
        ("tool_use", "get_weather", {"city": "Paris"}),
        ("tool_use", "noop", {}),
        ("tool_use", "cut", {"_raw_arguments": '{"city":"Ro'}),
        ("tool_use", "list", {"_raw_arguments": "[1]"}),
    ]
    ids = [b["id"] for b in message["content"]]
    assert ids[0] == "call_1"
    assert ids[1] == tool_id("call.2/x") != "call_2_x"
    assert all(TOOL_ID.match(i) for i in ids)


def test_text_comes_before_tool_use_and_missing_ids_are_generated() -> None:
    calls = [{"type": "function", "function": {"name": "f", "arguments": "{}"}}] * 2
    content = to_message(completion({"content": "On it.", "tool_calls": calls}), message_id="m", model="m")["content"]
    assert [b["type"] for b in content] == ["text", "tool_use", "tool_use"]
    assert content[1]["id"] != content[2]["id"]
    assert all(TOOL_ID.match(b["id"]) for b in content[1:])


def test_refusal_and_empty_answers() -> None:
    refused = to_message(completion({"content": None, "refusal": "I can't."}), message_id="m", model="m")
    assert (refused["content"], refused["stop_reason"]) == ([{"type": "text", "text": "I can't."}], "refusal")
    empty = to_message({"choices": []}, message_id="m", model="m")
    assert (empty["content"], empty["stop_reason"]) == ([], "end_turn")
    assert empty["usage"] == ZERO_USAGE


@pytest.mark.parametrize(
    ("usage", "expected"),
    [(None, (0, 0, 0)), ({"prompt_tokens": 10, "completion_tokens": 3}, (10, 3, 0)), (USAGE, (20, 7, 100)),
     ({"prompt_tokens": 5, "prompt_tokens_details": None, "completion_tokens": True}, (5, 0, 0)),
     ({"prompt_tokens": 5, "prompt_tokens_details": {"cached_tokens": 9}}, (0, 0, 9))],
)  # fmt: skip
def test_message_usage(usage: Any, expected: tuple[int, int, int]) -> None:
    out = message_usage(usage)
    assert (out["input_tokens"], out["output_tokens"], out["cache_read_input_tokens"]) == expected
    assert out["cache_creation_input_tokens"] == 0


@pytest.mark.parametrize("raw", ["call_abc-1", "call.1", "fc:2/3", "", "ünï"])
def test_tool_id_is_valid_and_deterministic(raw: str) -> None:
    assert TOOL_ID.match(tool_id(raw))
    assert tool_id(raw) == tool_id(raw)
    assert tool_id("a.b") != tool_id("a/b")


def test_new_message_id() -> None:
    ids = {new_message_id() for _ in range(3)}
    assert len(ids) == 3
    assert all(re.fullmatch(r"msg_[A-Za-z0-9_-]{24}", i) for i in ids)


# ---------------------------------------------------------------- stream


def chunk(delta: dict[str, Any], finish: str | None = None, index: int = 0) -> dict[str, Any]:
    choice = {"index": index, "delta": delta, "finish_reason": finish}
    return {"id": "c", "object": "chat.completion.chunk", "choices": [choice]}


def call(index: int, arguments: str, call_id: str | None = None, name: str | None = None) -> dict[str, Any]:
    entry: dict[str, Any] = {"index": index, "function": {"arguments": arguments}}
    if call_id:
        entry.update(id=call_id, type="function")
        entry["function"]["name"] = name
    return chunk({"tool_calls": [entry]})


USAGE_CHUNK = {"id": "c", "object": "chat.completion.chunk", "choices": [], "usage": USAGE}
TEXT_CHUNKS = [chunk({"role": "assistant", "content": ""}), chunk({"content": "Hel"}), chunk({"content": "lo"}),
               chunk({}, "stop"), USAGE_CHUNK]  # fmt: skip
# Two parallel calls whose argument pieces interleave by index.
PARALLEL_CHUNKS = [
    chunk({"role": "assistant", "content": None}),
    call(0, "", "call_a", "get_weather"),
    call(0, '{"city":'),
    call(1, '{"city":', "call_b", "get_weather"),
    call(0, '"Paris"}'),
    call(1, '"Rome"}'),
    chunk({}, "tool_calls"),
    USAGE_CHUNK,
]
TEXT_TOOL_CHUNKS = [chunk({"content": "Let me check."}), call(0, '{"city":"Oslo"}', "call.x", "get_weather"),
                    chunk({}, "tool_calls"), USAGE_CHUNK]  # fmt: skip
LENGTH_CHUNKS = [chunk({"content": "Cut sh"}), chunk({}, "length"), USAGE_CHUNK]


def translate(chunks: list[dict[str, Any]], *, finish: bool = True) -> list[dict[str, Any]]:
    stream = ChatToMessagesStream(message_id="msg_1", model="claude-x")
    events = stream.start()
    for c in chunks:
        events += stream.feed(c)
    if finish:
        events += stream.finish()
    return events


def test_text_stream_is_exact() -> None:
    assert translate(TEXT_CHUNKS) == [
        {"type": "message_start", "message": {
            "id": "msg_1", "type": "message", "role": "assistant", "model": "claude-x", "content": [],
            "stop_reason": None, "stop_sequence": None, "usage": {"input_tokens": 0, "output_tokens": 0}}},
        {"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}},
        {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": "Hel"}},
        {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": "lo"}},
        {"type": "content_block_stop", "index": 0},
        {"type": "message_delta", "delta": {"stop_reason": "end_turn", "stop_sequence": None}, "usage": FINAL_USAGE},
        {"type": "message_stop"},
    ]  # fmt: skip


def test_parallel_tool_calls_are_whole_blocks_even_when_their_pieces_interleave() -> None:
    events = translate(PARALLEL_CHUNKS)[1:]
    assert events == [
        {"type": "content_block_start", "index": 0,
         "content_block": {"type": "tool_use", "id": "call_a", "name": "get_weather", "input": {}}},
        {"type": "content_block_delta", "index": 0,
         "delta": {"type": "input_json_delta", "partial_json": '{"city":"Paris"}'}},
        {"type": "content_block_stop", "index": 0},
        {"type": "content_block_start", "index": 1,
         "content_block": {"type": "tool_use", "id": "call_b", "name": "get_weather", "input": {}}},
        {"type": "content_block_delta", "index": 1,
         "delta": {"type": "input_json_delta", "partial_json": '{"city":"Rome"}'}},
        {"type": "content_block_stop", "index": 1},
        {"type": "message_delta", "delta": {"stop_reason": "tool_use", "stop_sequence": None}, "usage": FINAL_USAGE},
        {"type": "message_stop"},
    ]  # fmt: skip


def test_text_then_tool_closes_the_text_block_and_sanitises_the_id() -> None:
    events = translate(TEXT_TOOL_CHUNKS)
    starts = [(e["index"], e["content_block"]) for e in events if e["type"] == "content_block_start"]
    assert starts == [
        (0, {"type": "text", "text": ""}),
        (1, {"type": "tool_use", "id": tool_id("call.x"), "name": "get_weather", "input": {}}),
    ]
    kinds = [(e["type"], e.get("index")) for e in events[1:-2]]
    assert kinds == [("content_block_start", 0), ("content_block_delta", 0), ("content_block_stop", 0),
                     ("content_block_start", 1), ("content_block_delta", 1), ("content_block_stop", 1)]  # fmt: skip


def test_content_after_a_tool_call_streams_first_and_the_call_follows_whole() -> None:
    events = translate([call(0, "{}", "c1", "f"), chunk({"content": "and"}), chunk({"content": " more"}),
                        chunk({}, "stop")])  # fmt: skip
    starts = [(e["index"], e["content_block"]["type"]) for e in events if e["type"] == "content_block_start"]
    assert starts == [(0, "text"), (1, "tool_use")]
    assert [e["index"] for e in events if e["type"] == "content_block_stop"] == [0, 1]
    assert [e["delta"]["text"] for e in events if e["type"] == "content_block_delta" and e["index"] == 0] == [
        "and", " more"]  # fmt: skip


def test_length_finish_is_max_tokens() -> None:
    events = translate(LENGTH_CHUNKS)
    assert events[-2]["delta"] == {"stop_reason": "max_tokens", "stop_sequence": None}


def test_missing_finish_reason_ends_with_an_error_event() -> None:
    stream = ChatToMessagesStream(message_id="m", model="m")
    stream.start()
    stream.feed(chunk({"content": "Half"}))
    assert stream.stop_reason is None
    events = stream.finish()
    assert events == [{"type": "error", "error": {"type": "api_error", "message": events[0]["error"]["message"]}}]
    assert "before it was complete" in events[0]["error"]["message"]
    assert stream.feed(chunk({"content": "late"})) == [] and stream.finish() == []


def test_failed_and_in_band_errors_end_the_stream() -> None:
    stream = ChatToMessagesStream(message_id="m", model="m")
    assert stream.failed("busy", "overloaded_error") == [
        {"type": "error", "error": {"type": "overloaded_error", "message": "busy"}}]  # fmt: skip
    assert stream.finish() == [] and stream.failed("again") == []
    other = ChatToMessagesStream(message_id="m", model="m")
    assert other.feed({"error": {"message": "boom", "type": "server_error"}}) == [
        {"type": "error", "error": {"type": "api_error", "message": "boom"}}]  # fmt: skip


def test_reasoning_other_choices_and_empty_content_are_ignored_and_usage_is_tracked() -> None:
    chunks = [
        chunk({"role": "assistant", "content": ""}),
        chunk({"reasoning_content": "thinking..."}),
        chunk({"content": "other answer"}, index=1),
        chunk({"content": "Hi"}),
        chunk({}, "stop"),
    ]
    stream = ChatToMessagesStream(message_id="m", model="m")
    events = [e for c in chunks for e in stream.feed(c)]
    assert [e["type"] for e in events] == ["content_block_start", "content_block_delta", "content_block_stop"]
    assert events[1]["delta"]["text"] == "Hi"
    assert stream.usage["input_tokens"] == 0
    stream.feed(USAGE_CHUNK)
    assert stream.usage == FINAL_USAGE
    assert stream.stop_reason == "end_turn"


def test_refusal_deltas_are_text_with_a_refusal_stop() -> None:
    events = translate([chunk({"refusal": "No."}), chunk({}, "stop")])
    assert events[2]["delta"] == {"type": "text_delta", "text": "No."}
    assert events[-2]["delta"]["stop_reason"] == "refusal"


# ---------------------------------------------------------------- the real anthropic SDK


def sdk(body: bytes, content_type: str) -> anthropic.Anthropic:
    def handler(request: httpx2.Request) -> httpx2.Response:
        assert request.url.path == "/v1/messages"
        return httpx2.Response(200, headers={"content-type": content_type}, content=body)

    client = httpx2.Client(transport=httpx2.MockTransport(handler))
    return anthropic.Anthropic(api_key="x", base_url="http://proxy.test", http_client=client, max_retries=0)


def sse(events: list[dict[str, Any]]) -> bytes:
    return b"".join(b"event: " + e["type"].encode() + b"\ndata: " + orjson.dumps(e) + b"\n\n" for e in events)


def final_message(chunks: list[dict[str, Any]]) -> anthropic.types.Message:
    client = sdk(sse(translate(chunks)), "text/event-stream")
    with client.messages.stream(model="claude-x", max_tokens=100, messages=[{"role": "user", "content": "hi"}]) as s:
        return s.get_final_message()


SDK_CASES: list[tuple[str, list[dict[str, Any]], list[tuple[str, Any]], str]] = [
    ("text", TEXT_CHUNKS, [("text", "Hello")], "end_turn"),
    ("parallel tools", PARALLEL_CHUNKS,
     [("call_a", {"city": "Paris"}), ("call_b", {"city": "Rome"})], "tool_use"),
    ("text then tool", TEXT_TOOL_CHUNKS,
     [("text", "Let me check."), (tool_id("call.x"), {"city": "Oslo"})], "tool_use"),
    ("length", LENGTH_CHUNKS, [("text", "Cut sh")], "max_tokens"),
]  # fmt: skip


@pytest.mark.parametrize(("chunks", "blocks", "stop"), [c[1:] for c in SDK_CASES], ids=[c[0] for c in SDK_CASES])
def test_sdk_accumulates_translated_streams(chunks: list[dict[str, Any]], blocks: list[Any], stop: str) -> None:
    message = final_message(chunks)
    got = [(b.type, b.text) if b.type == "text" else (b.id, b.input) for b in message.content]
    assert got == blocks
    assert message.stop_reason == stop
    assert message.id == "msg_1"
    assert (message.usage.input_tokens, message.usage.output_tokens) == (20, 7)
    assert (message.usage.cache_read_input_tokens, message.usage.cache_creation_input_tokens) == (100, 0)


def test_sdk_raises_on_a_stream_cut_before_its_finish() -> None:
    client = sdk(sse(translate([chunk({"content": "Half"})])), "text/event-stream")
    with pytest.raises(anthropic.APIStatusError, match="before it was complete"):
        list(client.messages.create(model="m", max_tokens=9, messages=[{"role": "user", "content": "hi"}], stream=True))


def test_sdk_parses_translated_answers() -> None:
    calls = [{"id": "call_1", "type": "function", "function": {"name": "get_weather", "arguments": '{"city":"Oslo"}'}}]
    answer = completion({"content": "Checking.", "tool_calls": calls}, "tool_calls", USAGE)
    body = orjson.dumps(to_message(answer, message_id="msg_9", model="claude-x"))
    message = sdk(body, "application/json").messages.create(
        model="claude-x", max_tokens=100, messages=[{"role": "user", "content": "hi"}]
    )
    assert isinstance(message, anthropic.types.Message)
    assert message.id == "msg_9"
    assert [b.type for b in message.content] == ["text", "tool_use"]
    text, tool = message.content
    assert text.type == "text" and text.text == "Checking."
    assert tool.type == "tool_use" and (tool.id, tool.name, tool.input) == ("call_1", "get_weather", {"city": "Oslo"})
    assert message.stop_reason == "tool_use"
    usage = message.usage
    assert (usage.input_tokens, usage.cache_read_input_tokens, usage.output_tokens) == (20, 100, 7)


def test_context_management_is_dropped_not_refused() -> None:
    body = {"model": "m", "max_tokens": 5, "messages": [{"role": "user", "content": "hi"}]}
    edits = {"edits": [{"type": "clear_tool_uses_20250919"}]}
    assert to_chat_request({**body, "context_management": edits}, stream=False, reasoning=False) == to_chat_request(
        body, stream=False, reasoning=False
    )


def test_tool_arguments_held_for_whole_blocks_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(messages_stream, "MAX_HELD_ARGUMENTS", 20)
    stream = ChatToMessagesStream(message_id="m", model="m")
    stream.start()
    assert stream.feed(call(0, '{"city":', "c1", "f")) == []
    events = stream.feed(call(0, '"a very long city name"}'))
    assert events[-1]["type"] == "error" and "20 bytes" in events[-1]["error"]["message"]
    assert stream.feed(chunk({}, "tool_calls")) == [] and stream.finish() == []
