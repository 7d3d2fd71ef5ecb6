"""Surface adapters: what the chat surface gives the stages from the original body, and what a body-less door gives."""

from __future__ import annotations

import copy
from typing import Any

import orjson
import pytest

from proxy.cache.keys import exact_key, semantic_query
from proxy.config.limits import SizeLimit
from proxy.core.errors import InvalidRequest, RateLimited
from proxy.core.surface import OPENAI, AnswerFormat, Surface
from proxy.metering.tokens import estimate_input_tokens
from proxy.stages.limits import _apply_size
from proxy.surfaces.chat_body import CHAT_SURFACE
from proxy.surfaces.embeddings_body import EMBEDDINGS_SURFACE
from proxy.surfaces.models import MODELS_SURFACE
from proxy.surfaces.passthrough import PASSTHROUGH_SURFACE
from proxy.surfaces.responses_body import RESPONSES_SURFACE
from tests.support import new_exchange

BODY: dict[str, Any] = {
    "model": "m",
    "messages": [
        {"role": "system", "content": "be brief"},
        {"role": "user", "content": [{"type": "text", "text": "hello"}, {"type": "image_url", "image_url": {}}]},
        {"role": "assistant", "content": None, "tool_calls": [{"function": {"name": "f", "arguments": "{}"}}]},
        {"role": "user", "content": "again"},
    ],
    "stream": True,
    "stream_options": {"include_usage": True},
    "user": "u-1",
    "temperature": 0,
    "x_vendor_knob": {"keep": [1, 2]},
}


def body() -> dict[str, Any]:
    return copy.deepcopy(BODY)


def test_parse_names_model_and_stream_and_keeps_unknown_fields() -> None:
    raw = orjson.dumps(BODY)
    parsed = CHAT_SURFACE.parse(raw, [], templates=False)
    assert parsed == BODY
    assert CHAT_SURFACE.model(parsed) == "m"
    assert CHAT_SURFACE.stream_flags(parsed) == (True, True)
    assert CHAT_SURFACE.stream_flags({**BODY, "stream": False}) == (False, False)
    with pytest.raises(InvalidRequest) as caught:
        CHAT_SURFACE.parse(b'{"model": "m"}', [], templates=False)
    assert caught.value.param == "messages"
    assert CHAT_SURFACE.parse(b'{"model": "m", "prompt": {"name": "p"}}', [], templates=True) is not None


def test_text_slots_are_replaced_in_place_and_nothing_else_moves() -> None:
    b = body()
    slots = CHAT_SURFACE.text_slots(b)
    assert [s.text for s in slots] == ["be brief", "hello", "{}", "again"]
    slots[1].replace("[EMAIL]")
    expected = body()
    expected["messages"][1]["content"][0]["text"] = "[EMAIL]"
    assert b == expected


def test_cache_fields_leave_out_delivery_fields_only() -> None:
    fields = CHAT_SURFACE.cache_fields(BODY)
    assert set(BODY) - set(fields) == {"model", "stream", "stream_options", "user"}
    assert fields["x_vendor_knob"] == {"keep": [1, 2]}  # unknown fields count until proven harmless
    parts = CHAT_SURFACE.semantic_parts(BODY, max_turns=4, any_temperature=False)
    assert parts is not None and parts.text == "again"
    assert CHAT_SURFACE.semantic_parts({**BODY, "temperature": 0.7}, max_turns=4, any_temperature=False) is None


def test_input_tokens_estimate_and_encoding() -> None:
    assert CHAT_SURFACE.input_tokens(BODY, None) == estimate_input_tokens(BODY)

    class Bytes:
        def encode_ordinary(self, text: str) -> list[int]:
            return list(text.encode())

    small = {"messages": [{"role": "user", "content": "abc"}]}
    assert CHAT_SURFACE.input_tokens(small, Bytes()) == 3 + 3 + 3  # priming + per message + 3 bytes


def test_requested_output_and_cap() -> None:
    assert CHAT_SURFACE.requested_output({"max_tokens": 50}) == 50
    assert CHAT_SURFACE.requested_output({"max_completion_tokens": 7, "max_tokens": 50}) == 7
    assert CHAT_SURFACE.requested_output({"max_tokens": True}) is None
    both = {"max_completion_tokens": 70, "max_tokens": 50, "x": 1}
    CHAT_SURFACE.cap_output(both, 10)
    assert both == {"max_completion_tokens": 10, "max_tokens": 10, "x": 1}
    nothing: dict[str, Any] = {"x": 1}
    CHAT_SURFACE.cap_output(nothing, 10)
    assert nothing == {"x": 1, "max_tokens": 10}
    null_new = {"max_completion_tokens": None}
    CHAT_SURFACE.cap_output(null_new, 10)
    assert null_new == {"max_completion_tokens": 10}


def test_end_user_answer_format_and_prompt() -> None:
    assert CHAT_SURFACE.end_user(BODY) == ("user", "u-1")
    assert CHAT_SURFACE.end_user({**BODY, "safety_identifier": "s"}) == ("safety_identifier", "s")
    assert CHAT_SURFACE.end_user({"user": ""}) is None
    assert CHAT_SURFACE.answer_format(BODY) is None
    assert CHAT_SURFACE.answer_format({"response_format": {"type": "json_object"}}) == AnswerFormat("json_object")
    schema = {"type": "object"}
    fmt = {"type": "json_schema", "json_schema": {"schema": schema}}
    assert CHAT_SURFACE.answer_format({"response_format": fmt}) == AnswerFormat("json_schema", schema)
    assert CHAT_SURFACE.prompt_text(BODY) == "system: be brief\nuser: hello\nassistant: \nuser: again"


def test_errors_render_as_the_openai_envelope() -> None:
    err = RateLimited("slow down", rule="r", headers={"retry-after": "2"})
    status, headers, payload = CHAT_SURFACE.render_error(err)
    assert status == 429 and (b"retry-after", b"2") in headers and (b"content-type", b"application/json") in headers
    assert orjson.loads(payload) == {"error": err.error_object()}
    assert CHAT_SURFACE.error_event(err) == b"data: " + orjson.dumps({"error": err.error_object()}) + b"\n\n"
    assert CHAT_SURFACE.usage({"usage": {"prompt_tokens": 3}}) is not None
    assert CHAT_SURFACE.usage({"usage": None}) is None


def test_an_exchange_reads_its_body_only_through_the_surface_it_was_given() -> None:
    """No registry, no guessing from the endpoint: an Exchange nobody gave a surface reads nothing."""
    plain = new_exchange()
    assert plain.surface is OPENAI
    assert OPENAI.text_slots(BODY) == [] and OPENAI.requested_output(BODY) is None


def test_pass_through_and_models_give_what_applies() -> None:
    assert PASSTHROUGH_SURFACE.parse(b'{"model": "m"}', [], templates=False) is None  # forwarded as bytes
    assert PASSTHROUGH_SURFACE.requested("/v1/responses", b' {"model": "gpt-4o", "stream": true}') == ("gpt-4o", True)
    assert PASSTHROUGH_SURFACE.requested("/v1/audio", b"--multipart") == (None, False)
    assert PASSTHROUGH_SURFACE.requested("/v1/responses", b'{"model": 5}') == (None, False)
    assert PASSTHROUGH_SURFACE.text_slots({"messages": [{"content": "x"}]}) == []
    assert PASSTHROUGH_SURFACE.input_tokens({"messages": [{"content": "x"}]}, None) == 0
    assert PASSTHROUGH_SURFACE.end_user({"user": "u"}) is None
    status, _, payload = PASSTHROUGH_SURFACE.render_error(InvalidRequest("bad", param="p"))
    assert status == 400 and orjson.loads(payload)["error"]["param"] == "p"
    assert MODELS_SURFACE.requested("/v1/models/gpt-4o", b"") == ("gpt-4o", False)
    assert MODELS_SURFACE.requested("/v1/models", b"") == (None, False)


@pytest.mark.parametrize(
    ("surface", "body", "input_field", "output_field"),
    [
        (
            CHAT_SURFACE,
            {"messages": [{"role": "user", "content": "x " * 400}], "max_tokens": 500},
            "messages",
            "max_tokens",
        ),
        (RESPONSES_SURFACE, {"input": "x " * 400, "max_output_tokens": 500}, "input", "max_output_tokens"),
    ],
)
def test_size_refusals_name_the_surfaces_own_fields(
    surface: Surface, body: dict[str, Any], input_field: str, output_field: str
) -> None:
    with pytest.raises(InvalidRequest) as too_long:
        _apply_size(surface, body, SizeLimit(max_input_tokens=10), 200)
    assert too_long.value.param == input_field
    with pytest.raises(InvalidRequest) as too_much:
        _apply_size(surface, body, SizeLimit(max_output_tokens=100, on_output_over="reject"), 5)
    assert too_much.value.param == output_field and output_field in too_much.value.message
    _apply_size(surface, body, SizeLimit(max_output_tokens=100), 5)
    assert surface.requested_output(body) == 100


def test_cache_entries_never_cross_doors() -> None:
    """A chat answer must never be replayed on the Responses API (or embeddings), however alike
    the two requests' fields: the door is part of every exact key and semantic partition."""
    chat = {"model": "m", "messages": [{"role": "user", "content": "hi"}]}
    responses = {"model": "m", "input": "hi", "store": False}
    embeddings = {"model": "m", "input": "hi"}
    keys = {
        exact_key("t", "", "chat", "m", CHAT_SURFACE.cache_fields(chat)),
        exact_key("t", "", "responses", "m", RESPONSES_SURFACE.cache_fields(responses)),
        exact_key("t", "", "embeddings", "m", EMBEDDINGS_SURFACE.cache_fields(embeddings)),
    }
    assert RESPONSES_SURFACE.cache_fields(responses) == EMBEDDINGS_SURFACE.cache_fields(embeddings)  # alike
    assert len(keys) == 3
    chat_parts = CHAT_SURFACE.semantic_parts(chat, max_turns=4, any_temperature=False)
    responses_parts = RESPONSES_SURFACE.semantic_parts(responses, max_turns=4, any_temperature=False)
    assert chat_parts is not None and responses_parts is not None
    assert chat_parts.pinned == responses_parts.pinned and chat_parts.text == responses_parts.text  # alike
    chat_query = semantic_query("t", "", "chat", "m", chat_parts)
    responses_query = semantic_query("t", "", "responses", "m", responses_parts)
    assert chat_query is not None and responses_query is not None
    assert chat_query.partition != responses_query.partition
