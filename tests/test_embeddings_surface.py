"""The embeddings surface: what it gives the stages from the original body, and the answer checks
of the embeddings and Responses upstream calls."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any, TypeVar

import orjson
import pytest

from proxy.core.errors import InvalidRequest, UpstreamError, UpstreamProtocolError
from proxy.core.surface import OPENAI, TextSlot
from proxy.surfaces.chat_body import CHAT_SURFACE
from proxy.surfaces.embeddings_body import EMBEDDINGS_SURFACE, TOKEN_IDS_OPAQUE
from proxy.upstream.providers.validate import embeddings_list, response_object
from tests.test_tokens import byte_encoding

S = EMBEDDINGS_SURFACE
E = TypeVar("E", bound=Exception)


def raised(kind: type[E], call: Callable[..., Any], *args: Any) -> E:
    with pytest.raises(kind) as caught:
        call(*args)
    return caught.value


def parse(body: dict[str, Any]) -> dict[str, Any]:
    return S.parse(orjson.dumps(body), [], templates=False)


def refusal(body: dict[str, Any] | bytes) -> InvalidRequest:
    raw = body if isinstance(body, bytes) else orjson.dumps(body)
    with pytest.raises(InvalidRequest) as caught:
        S.parse(raw, [], templates=False)
    assert caught.value.status == 400
    return caught.value


@pytest.mark.parametrize(
    "value",
    [
        "hello",
        ["a", "b c"],
        [0, 17, 100257],
        [[1, 2], [3]],
    ],
    ids=["string", "strings", "token-ids", "token-arrays"],
)
def test_each_input_form_parses_untouched_with_unknown_fields(value: Any) -> None:
    body = {"model": "emb", "input": value, "encoding_format": "base64", "dimensions": 256, "user": "u", "x_knob": [1]}
    assert parse(body) == body
    assert S.model(body) == "emb"
    assert S.stream_flags({**body, "stream": True}) == (False, False)
    assert S.stream_format == "none"


@pytest.mark.parametrize(
    ("body", "param", "needle"),
    [
        ({"input": "x"}, "model", "Missing required parameter: 'model'"),
        ({"model": "", "input": "x"}, "model", "'model' must be a non-empty string"),
        ({"model": "m"}, "input", "Missing required parameter: 'input'"),
        ({"model": "m", "input": ""}, "input", "'input' must not be an empty string"),
        ({"model": "m", "input": []}, "input", "'input' must not be an empty array"),
        ({"model": "m", "input": 5}, "input", "'input' must be a string, an array of strings"),
        ({"model": "m", "input": ["x"] * 2049}, "input", "at most 2048 items, got 2049"),
        ({"model": "m", "input": ["a", ""]}, "input[1]", "'input[1]' must not be empty"),
        ({"model": "m", "input": ["a", [1]]}, "input[1]", "'input[1]' must be a string like the first item"),
        ({"model": "m", "input": [[1], "a"]}, "input[1]", "'input[1]' must be a token-id array"),
        ({"model": "m", "input": [1, "a"]}, "input[1]", "'input[1]' must be a token id"),
        ({"model": "m", "input": [1, True]}, "input[1]", "'input[1]' must be a token id"),
        ({"model": "m", "input": [3, -1]}, "input[1]", "'input[1]' must be a token id"),
        ({"model": "m", "input": [True]}, "input[0]", "'input[0]' must be a string, a token id or a token-id array"),
        ({"model": "m", "input": [{"text": "a"}]}, "input[0]", "'input[0]' must be a string"),
        ({"model": "m", "input": [[1], []]}, "input[1]", "'input[1]' must not be empty"),
        ({"model": "m", "input": [[1], [2, 1.5]]}, "input[1][1]", "'input[1][1]' must be a token id"),
        ({"model": "m", "input": "x", "encoding_format": "int8"}, "encoding_format", "'float' or 'base64'"),
        ({"model": "m", "input": "x", "dimensions": 0}, "dimensions", "'dimensions' must be a positive integer"),
        ({"model": "m", "input": "x", "dimensions": True}, "dimensions", "'dimensions' must be a positive integer"),
        ({"model": "m", "input": "x", "user": 7}, "user", "'user' must be a string"),
    ],
)
def test_each_refusal_names_its_field(body: dict[str, Any], param: str, needle: str) -> None:
    err = refusal(body)
    assert err.param == param
    assert needle in err.message


def test_model_refusals_match_chat_and_an_empty_body_asks_for_input() -> None:
    for body in ({"input": "x"}, {"model": 3, "input": "x"}):
        chat = raised(InvalidRequest, lambda b: CHAT_SURFACE.parse(b, [], templates=False), orjson.dumps(body))
        mine = refusal(body)
        assert (mine.message, mine.code, mine.param) == (chat.message, chat.code, chat.param)
    assert "'model' and 'input'" in refusal(b"  ").message
    assert refusal(b"[1]").code == "invalid_json"


def test_2048_inputs_and_nulls_for_optional_fields_are_accepted() -> None:
    assert parse({"model": "m", "input": [[1]] * 2048, "dimensions": None, "encoding_format": None})


def test_end_user_is_the_user_field() -> None:
    assert S.end_user({"model": "m", "input": "x", "user": "alice"}) == ("user", "alice")
    assert S.end_user({"model": "m", "input": "x", "user": ""}) is None
    assert S.end_user({"model": "m", "input": "x"}) is None


def test_a_string_input_is_one_slot_replaced_in_place() -> None:
    body = {"model": "m", "input": "mail bob@x.io", "x_knob": {"k": 1}}
    slots = S.text_slots(body)
    assert [s.text for s in slots] == ["mail bob@x.io"]
    slots[0].replace("mail [EMAIL]")
    assert body == {"model": "m", "input": "mail [EMAIL]", "x_knob": {"k": 1}}


def test_each_string_of_a_list_is_a_slot_replaced_in_place() -> None:
    inputs = ["one", "two", "three"]
    body = {"model": "m", "input": inputs}
    slots = S.text_slots(body)
    assert [s.text for s in slots] == ["one", "two", "three"]
    slots[1].replace("[REDACTED]")
    assert body["input"] is inputs
    assert inputs == ["one", "[REDACTED]", "three"]


def test_token_ids_have_no_slots_and_are_opaque_to_guardrails() -> None:
    for value in ([1, 2, 3], [[1], [2, 3]]):
        body = {"model": "m", "input": value}
        assert S.text_slots(body) == []
        assert S.opaque_input(body) == TOKEN_IDS_OPAQUE
    assert "send the input as text" in TOKEN_IDS_OPAQUE
    assert S.opaque_input({"model": "m", "input": "x"}) is None
    assert S.opaque_input({"model": "m", "input": ["x", "y"]}) is None
    assert OPENAI.opaque_input({"input": [1]}) is None  # the base surface reads nothing: nothing is opaque
    assert CHAT_SURFACE.opaque_input({"model": "m", "messages": []}) is None


def test_a_slot_refuses_a_key_that_does_not_fit_its_container() -> None:
    with pytest.raises(TypeError):
        _ = TextSlot(["a"], "0").text
    with pytest.raises(TypeError):
        TextSlot({"0": "a"}, 0).replace("b")


@pytest.mark.parametrize(
    ("value", "with_bytes", "estimated"),
    [
        ("hello world", 11, 3),  # 11 characters: ceil(11 / 4)
        (["ab", "cdefghij"], 2 + 8, 1 + 2),
        ([5, 6, 7], 3, 3),  # token ids count exactly, with an encoding or without
        ([[5, 6], [7], [8, 9, 10, 11]], 7, 7),
    ],
)
def test_input_tokens(value: Any, with_bytes: int, estimated: int) -> None:
    body = {"model": "m", "input": value}
    assert S.input_tokens(body, byte_encoding()) == with_bytes  # one token a byte
    assert S.input_tokens(body, None) == estimated


def test_no_output_tokens_are_asked_for_and_capping_changes_nothing() -> None:
    body = {"model": "m", "input": "x"}
    assert S.requested_output(body) is None
    S.cap_output(body, 5)
    assert body == {"model": "m", "input": "x"}


def test_cache_key_ignores_model_and_user_and_keeps_what_changes_the_bytes() -> None:
    base = {"model": "m", "input": ["a", "b"], "dimensions": 256, "encoding_format": "float", "x_knob": 1}
    key = S.cache_fields(base)
    assert key == {"input": ["a", "b"], "dimensions": 256, "encoding_format": "float", "x_knob": 1}
    assert S.cache_fields({**base, "user": "someone", "model": "alias-b"}) == key
    assert S.cache_fields({**base, "dimensions": 512}) != key
    assert S.cache_fields({**base, "encoding_format": "base64"}) != key
    assert S.cacheable(base) is True
    assert S.semantic_parts(base, max_turns=10, any_temperature=True) is None


def test_prompt_text_shows_texts_and_counts_token_ids() -> None:
    assert S.prompt_text({"input": "hello"}) == "hello"
    assert S.prompt_text({"input": ["a", "b"]}) == "a\nb"
    assert S.prompt_text({"input": [1, 2, 3]}) == "[3 tokens]"
    assert S.prompt_text({"input": [[1, 2], [3]]}) == "[2 tokens]\n[1 tokens]"


ANSWER: dict[str, Any] = {
    "object": "list",
    "data": [{"object": "embedding", "index": 0, "embedding": [0.1, -0.2]}],
    "model": "text-embedding-3-small",
    "usage": {"prompt_tokens": 8, "total_tokens": 8},
}


def test_usage_has_no_completion_tokens_and_the_answer_no_text() -> None:
    usage = S.usage(copy.deepcopy(ANSWER))
    assert usage is not None
    assert (usage.prompt_tokens, usage.completion_tokens, usage.total_tokens) == (8, 0, 8)
    assert S.answer_text(ANSWER) is None
    assert S.answer_slots(ANSWER) == []


def test_embeddings_list_accepts_an_answer_and_refuses_what_is_not_one() -> None:
    assert embeddings_list(orjson.dumps(ANSWER)) == ANSWER
    for bad in (b"<html>", b"[]", b"{}", orjson.dumps({**ANSWER, "data": []}), orjson.dumps({"data": {}})):
        assert raised(UpstreamProtocolError, embeddings_list, bad).status == 502
    assert "an embeddings list" in raised(UpstreamProtocolError, embeddings_list, b"{}").message
    error = {"error": {"message": "slow down", "type": "rate_limit_error", "code": "rate_limit_exceeded"}}
    upstream = raised(UpstreamError, embeddings_list, orjson.dumps(error))
    assert (upstream.status, upstream.message) == (429, "slow down")


RESPONSE: dict[str, Any] = {
    "id": "resp_1",
    "object": "response",
    "status": "completed",
    "error": None,
    "output": [{"type": "message", "content": [{"type": "output_text", "text": "hi"}]}],
}


def test_response_object_accepts_a_response_with_a_null_error() -> None:
    assert response_object(orjson.dumps(RESPONSE)) == RESPONSE
    no_object = {k: v for k, v in RESPONSE.items() if k != "object"}
    assert response_object(orjson.dumps(no_object)) == no_object  # an `output` list is enough
    assert response_object(orjson.dumps({"object": "response", "output": []}))["output"] == []


def test_response_object_refuses_what_is_not_one_and_raises_a_failed_response() -> None:
    for bad in (b"data: {}", b"{}", orjson.dumps({"object": "list", "data": [1]}), orjson.dumps({"output": {}})):
        assert raised(UpstreamProtocolError, response_object, bad).status == 502
    assert "a Responses API response" in raised(UpstreamProtocolError, response_object, b"{}").message
    failed = {**RESPONSE, "status": "failed", "output": [], "error": {"code": "server_error", "message": "it broke"}}
    err = raised(UpstreamError, response_object, orjson.dumps(failed))
    assert (err.status, err.message, err.code) == (502, "it broke", "server_error")
    limited = {**failed, "error": {"code": "rate_limit_exceeded", "message": "later"}}
    assert raised(UpstreamError, response_object, orjson.dumps(limited)).status == 429
