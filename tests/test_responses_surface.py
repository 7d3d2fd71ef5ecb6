"""The Responses surface: what it gives the stages from a `/v1/responses` body and answer, in place."""

from __future__ import annotations

import copy
from typing import Any

import orjson
import pytest
import tiktoken
from openai.types.responses import Response

from proxy.core.errors import InvalidRequest
from proxy.core.surface import AnswerFormat
from proxy.core.usage import Usage
from proxy.surfaces.responses_body import RESPONSES_SURFACE as SURFACE

# One input item of every kind whose text the model reads, in the shapes the openai SDK types give.
BODY: dict[str, Any] = {
    "model": "gpt-4o-mini",
    "instructions": "be brief",
    "input": [
        {"role": "developer", "content": "answer in French"},
        {
            "type": "message",
            "role": "user",
            "content": [{"type": "input_text", "text": "hello"}, {"type": "input_image", "image_url": "data:x"}],
        },
        {
            "type": "reasoning",
            "id": "rs_1",
            "summary": [{"type": "summary_text", "text": "thinking"}],
            "encrypted_content": "opaque",
        },
        {
            "type": "message",
            "id": "msg_1",
            "role": "assistant",
            "status": "completed",
            "content": [{"type": "output_text", "text": "hi", "annotations": []}, {"type": "refusal", "refusal": "no"}],
        },
        {"type": "function_call", "call_id": "c1", "name": "lookup", "arguments": '{"q": 1}'},
        {"type": "function_call_output", "call_id": "c1", "output": "result one"},
        {
            "type": "function_call_output",
            "call_id": "c2",
            "output": [{"type": "input_text", "text": "result two"}, {"type": "input_image", "image_url": "data:y"}],
        },
        {"type": "custom_tool_call", "call_id": "c3", "name": "grep", "input": "needle"},
        {"type": "custom_tool_call_output", "call_id": "c3", "output": "found"},
        {"type": "item_reference", "id": "msg_0"},
        {"id": "msg_00"},
    ],
    "tools": [{"type": "function", "name": "lookup", "parameters": {"type": "object"}}],
    "store": False,
    "stream": True,
    "user": "u-1",
    "x_vendor_knob": {"keep": [1, 2]},
}
TEXTS = [
    "be brief",
    "answer in French",
    "hello",
    "thinking",
    "hi",
    "no",
    '{"q": 1}',
    "result one",
    "result two",
    "needle",
    "found",
]


def body(**changes: Any) -> dict[str, Any]:
    return {**copy.deepcopy(BODY), **changes}


def parse(fields: dict[str, Any]) -> dict[str, Any]:
    return SURFACE.parse(orjson.dumps(fields), [], templates=False)


def test_parse_keeps_every_field_and_names_model_stream_and_user() -> None:
    parsed = parse(BODY)
    assert parsed == BODY
    assert SURFACE.model(parsed) == "gpt-4o-mini"
    assert SURFACE.stream_flags(parsed) == (True, True)  # usage always ends a Responses stream
    assert SURFACE.stream_flags(body(stream=False)) == (False, False)
    assert SURFACE.end_user(parsed) == ("user", "u-1")
    assert SURFACE.end_user(body(safety_identifier="s-1")) == ("safety_identifier", "s-1")
    assert SURFACE.stream_format == "responses" and SURFACE.name == "responses"


@pytest.mark.parametrize(
    ("fields", "param"),
    [
        ({"input": "x"}, "model"),
        ({"model": "", "input": "x"}, "model"),
        ({"model": "m"}, "input"),
        ({"model": "m", "input": []}, "input"),
        ({"model": "m", "input": 3}, "input"),
        ({"model": "m", "input": ["x"]}, "input[0]"),
        ({"model": "m", "input": [{"content": "no role, no type"}]}, "input[0].type"),
        ({"model": "m", "input": [{"type": 1}]}, "input[0].type"),
        ({"model": "m", "input": "x", "instructions": 1}, "instructions"),
        ({"model": "m", "input": "x", "stream": "yes"}, "stream"),
        ({"model": "m", "input": "x", "store": 0}, "store"),
        ({"model": "m", "input": "x", "background": "no"}, "background"),
        ({"model": "m", "input": "x", "parallel_tool_calls": 1}, "parallel_tool_calls"),
        ({"model": "m", "input": "x", "max_output_tokens": 0}, "max_output_tokens"),
        ({"model": "m", "input": "x", "max_output_tokens": 1.5}, "max_output_tokens"),
        ({"model": "m", "input": "x", "temperature": "hot"}, "temperature"),
        ({"model": "m", "input": "x", "top_p": True}, "top_p"),
        ({"model": "m", "input": "x", "tools": {}}, "tools"),
        ({"model": "m", "input": "x", "tools": ["f"]}, "tools[0]"),
        ({"model": "m", "input": "x", "tools": [{"name": "f"}]}, "tools[0].type"),
        ({"model": "m", "input": "x", "text": "json"}, "text"),
        ({"model": "m", "input": "x", "text": {"format": "json"}}, "text.format"),
        ({"model": "m", "input": "x", "text": {"format": {}}}, "text.format.type"),
        ({"model": "m", "previous_response_id": 7}, "previous_response_id"),
        ({"model": "m", "conversation": 7}, "conversation"),
        ({"model": "m", "conversation": {"id": None}}, "conversation.id"),
        ({"model": "m", "previous_response_id": "resp_1", "conversation": "conv_1"}, "conversation"),
        ({"model": "m", "input": "x", "metadata": []}, "metadata"),
        ({"model": "m", "input": "x", "user": 1}, "user"),
        ({"model": "m", "input": "x", "safety_identifier": 1}, "safety_identifier"),
    ],
)
def test_parse_refuses_a_field_of_the_wrong_type_naming_it(fields: dict[str, Any], param: str) -> None:
    with pytest.raises(InvalidRequest) as caught:
        parse(fields)
    assert caught.value.status == 400 and caught.value.param == param
    assert f"'{param}'" in caught.value.message


@pytest.mark.parametrize(
    "fields",
    [
        {"previous_response_id": "resp_1"},
        {"conversation": "conv_1"},
        {"conversation": {"id": "conv_1"}},
        {"prompt": {"id": "pmpt_1"}},
        {"input": [{"role": "user", "content": "untyped message"}], "instructions": None, "stream": None},
    ],
)
def test_parse_accepts_what_the_api_accepts(fields: dict[str, Any]) -> None:
    assert parse({"model": "m", **fields})["model"] == "m"


def test_parse_refuses_bodies_that_are_not_json_objects() -> None:
    for raw in (b"", b"[1]", b"{"):
        with pytest.raises(InvalidRequest):
            SURFACE.parse(raw, [], templates=False)


def test_text_slots_cover_every_item_kind_and_replace_in_place() -> None:
    b = body()
    slots = SURFACE.text_slots(b)
    assert [s.text for s in slots] == TEXTS
    for slot in slots:
        slot.replace(slot.text.upper())
    expected = body()
    expected["instructions"] = "BE BRIEF"
    items = expected["input"]
    items[0]["content"] = "ANSWER IN FRENCH"
    items[1]["content"][0]["text"] = "HELLO"
    items[2]["summary"][0]["text"] = "THINKING"
    items[3]["content"][0]["text"], items[3]["content"][1]["refusal"] = "HI", "NO"
    items[4]["arguments"] = '{"Q": 1}'
    items[5]["output"] = "RESULT ONE"
    items[6]["output"][0]["text"] = "RESULT TWO"
    items[7]["input"], items[8]["output"] = "NEEDLE", "FOUND"
    assert b == expected  # nothing else moved: ids, images, encrypted content, unknown fields


def test_text_slots_of_a_string_input_and_other_tool_outputs() -> None:
    b = {"model": "m", "input": "plain question"}
    [slot] = SURFACE.text_slots(b)
    slot.replace("[REDACTED]")
    assert b == {"model": "m", "input": "[REDACTED]"}
    shell = {
        "type": "shell_call_output",
        "call_id": "s",
        "output": [{"stdout": "out", "stderr": "err", "outcome": {"type": "exit", "exit_code": 0}}],
    }
    mcp = {"type": "mcp_call", "id": "m", "name": "n", "server_label": "s", "arguments": "{}", "output": "mcp says"}
    texts = [s.text for s in SURFACE.text_slots({"model": "m", "input": [shell, mcp]})]
    assert texts == ["out", "err", "{}", "mcp says"]


def test_answer_format_reads_text_format() -> None:
    schema = {"type": "object", "properties": {}}
    json_schema = {"format": {"type": "json_schema", "name": "x", "schema": schema}}
    assert SURFACE.answer_format(body(text=json_schema)) == AnswerFormat("json_schema", schema)
    assert SURFACE.answer_format(body(text={"format": {"type": "json_object"}})) == AnswerFormat("json_object")
    assert SURFACE.answer_format(body(text={"format": {"type": "text"}})) is None
    assert SURFACE.answer_format(BODY) is None


@pytest.mark.parametrize(
    ("changes", "cacheable"),
    [
        ({}, True),
        ({"store": None}, False),  # the API's default is to store
        ({"store": True}, False),
        ({"previous_response_id": "resp_1"}, False),
        ({"conversation": {"id": "conv_1"}}, False),
        ({"background": True}, False),
        ({"background": False}, True),
        ({"prompt": {"id": "pmpt_1"}}, False),  # its latest version may change upstream
        ({"prompt": {"id": "pmpt_1", "version": "2"}}, True),
    ],
)
def test_cacheable_only_when_nothing_is_stored_or_continued(changes: dict[str, Any], cacheable: bool) -> None:
    b = body(**changes)
    if changes.get("store", False) is None:
        del b["store"]
    assert SURFACE.cacheable(b) is cacheable


def test_cache_fields_leave_out_delivery_fields_only() -> None:
    fields = SURFACE.cache_fields(BODY)
    assert set(BODY) - set(fields) == {"model", "stream", "store", "user"}
    for name, value in [("metadata", {"a": "b"}), ("service_tier", "flex"), ("prompt_cache_key", "k")]:
        assert SURFACE.cache_fields(body(**{name: value})) == fields, name
    for name, value in [("include", ["reasoning.encrypted_content"]), ("temperature", 0.5), ("max_output_tokens", 9)]:
        assert SURFACE.cache_fields(body(**{name: value})) != fields, name
    assert fields["x_vendor_knob"] == {"keep": [1, 2]}  # unknown fields count until proven harmless


def test_semantic_parts_free_only_the_last_user_text() -> None:
    conversation = body(
        tools=None,
        input=[
            {"role": "system", "content": "terse"},
            {"role": "user", "content": "first"},
            {"type": "message", "role": "assistant", "content": [{"type": "output_text", "text": "ok"}]},
            {"role": "user", "content": [{"type": "input_text", "text": "second"}]},
        ],
    )
    parts = SURFACE.semantic_parts(conversation, max_turns=4, any_temperature=False)
    assert parts is not None and parts.text == "second"
    system, turns, params = parts.pinned
    assert system == [{"role": "system", "content": "terse"}] and len(turns) == 2
    assert params["instructions"] == "be brief" and "input" not in params and "user" not in params
    assert SURFACE.semantic_parts(conversation, max_turns=2, any_temperature=False) is None
    plain = SURFACE.semantic_parts(body(tools=None, input="just this"), max_turns=1, any_temperature=False)
    assert plain is not None and plain.text == "just this"


@pytest.mark.parametrize(
    "changes",
    [
        {},  # tools
        {"tools": None, "temperature": 0.7},
        {"tools": None, "store": True},
        {"tools": None},  # the last item is an item reference, not a user text
        {"tools": None, "input": [BODY["input"][4], {"role": "user", "content": "after a call"}]},
        {"tools": None, "input": [{"role": "user", "content": [{"type": "input_image", "image_url": "x"}]}]},
    ],
)
def test_semantic_parts_refuse_what_a_text_match_cannot_stand_for(changes: dict[str, Any]) -> None:
    assert SURFACE.semantic_parts(body(**changes), max_turns=20, any_temperature=False) is None


def byte_encoding() -> tiktoken.Encoding:
    """A real tiktoken Encoding whose tokens are single bytes (o200k_base's files are not cached here)."""
    return tiktoken.Encoding(
        name="bytes", pat_str=r"\S+|\s+", mergeable_ranks={bytes([i]): i for i in range(256)}, special_tokens={}
    )


def test_input_tokens_count_every_text_the_tools_and_each_item() -> None:
    tools = len(repr(BODY["tools"]))
    texts = sum(len(t) for t in TEXTS)
    items = 1 + len(BODY["input"])  # instructions, then each item
    assert SURFACE.input_tokens(BODY, byte_encoding()) == 3 + 3 * items + texts + tools
    assert SURFACE.input_tokens(BODY, None) == (texts + tools) // 4 + 4 * items
    assert SURFACE.input_tokens({"model": "m", "input": "abcd"}, byte_encoding()) == 3 + 3 + 4


def test_output_tokens_asked_for_and_capped() -> None:
    b = body()
    assert SURFACE.requested_output(b) is None
    SURFACE.cap_output(b, 100)
    assert SURFACE.requested_output(b) == 100 and b["max_output_tokens"] == 100


def test_prompt_text_has_one_line_per_item() -> None:
    lines = SURFACE.prompt_text(BODY).splitlines()
    assert lines[:3] == ["instructions: be brief", "developer: answer in French", "user: hello"]
    assert lines[3:7] == ["reasoning:", "assistant: hi", 'assistant: lookup({"q": 1})', "tool: result one"]
    assert lines[7:] == [
        "tool: result two",
        "assistant: grep(needle)",
        "tool: found",
        "item_reference:",
        "item_reference:",
    ]
    assert SURFACE.prompt_text({"input": "q"}) == "user: q"


ANSWER: dict[str, Any] = {
    "id": "resp_1",
    "object": "response",
    "created_at": 1_700_000_000,
    "status": "completed",
    "model": "gpt-4o-mini-2024-07-18",
    "output": [
        {"type": "reasoning", "id": "rs_1", "summary": [{"type": "summary_text", "text": "mulling"}]},
        {
            "type": "message",
            "id": "msg_1",
            "role": "assistant",
            "status": "completed",
            "content": [
                {"type": "output_text", "text": "Hello ", "annotations": []},
                {"type": "output_text", "text": "there", "annotations": []},
                {"type": "refusal", "refusal": "not that"},
            ],
        },
        {
            "type": "function_call",
            "id": "fc_1",
            "call_id": "c1",
            "name": "f",
            "arguments": '{"a": 1}',
            "status": "completed",
        },
    ],
    "parallel_tool_calls": True,
    "tool_choice": "auto",
    "tools": [],
    "usage": {
        "input_tokens": 120,
        "input_tokens_details": {"cached_tokens": 100, "cache_write_tokens": 0},
        "output_tokens": 50,
        "output_tokens_details": {"reasoning_tokens": 30},
        "total_tokens": 170,
    },
}


def test_answer_fixture_is_a_real_response() -> None:
    assert Response.model_validate(ANSWER).output_text == "Hello there"


def test_usage_maps_tokens_and_cached_and_reads_a_completed_event() -> None:
    expected = Usage(prompt_tokens=120, completion_tokens=50, total_tokens=170, cached_tokens=100)
    assert SURFACE.usage(ANSWER) == expected  # reasoning tokens are part of the 50 already
    event = {"type": "response.completed", "sequence_number": 9, "response": ANSWER}
    assert SURFACE.usage(event) == expected
    assert SURFACE.usage({**ANSWER, "usage": None}) is None


def test_answer_text_and_slots() -> None:
    answer = copy.deepcopy(ANSWER)
    assert SURFACE.answer_text(answer) == "Hello there"
    calls_only = {**answer, "output": answer["output"][2:]}
    assert SURFACE.answer_text(calls_only) is None
    slots = SURFACE.answer_slots(answer)
    assert [s.text for s in slots] == ["Hello ", "there", "not that", '{"a": 1}']
    for slot in slots:
        slot.replace("[X]")
    expected = copy.deepcopy(ANSWER)
    content = expected["output"][1]["content"]
    content[0]["text"] = content[1]["text"] = content[2]["refusal"] = expected["output"][2]["arguments"] = "[X]"
    assert answer == expected and Response.model_validate(answer).output_text == "[X][X]"
