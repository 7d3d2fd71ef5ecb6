"""The mock upstream's Responses and Conversations APIs, driven with the real openai SDK over a real
socket: the session's shared mock upstream, and a second mock process for the cross-process chain."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx
import openai
import pytest
from openai.types.responses import Response
from pydantic import BaseModel

from tests.conftest import MockFactory
from tests.support import TWO_DELTA_TEXT_EVENTS, ServerProcess

ADD_TOOL: dict[str, Any] = {
    "type": "function",
    "name": "add",
    "description": "Add two integers.",
    "parameters": {
        "type": "object",
        "properties": {"a": {"type": "integer"}, "b": {"type": "integer"}},
        "required": ["a", "b"],
        "additionalProperties": False,
    },
    "strict": True,
}


def sdk_client(mock: ServerProcess) -> openai.OpenAI:
    return openai.OpenAI(base_url=mock.url + "/v1", api_key="sk-test", max_retries=0, timeout=10)


@pytest.fixture(scope="module")
def sdk(mock_upstream: ServerProcess) -> openai.OpenAI:
    return sdk_client(mock_upstream)


@pytest.fixture(scope="module")
def http(mock_upstream: ServerProcess) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=mock_upstream.url, timeout=10) as c:
        yield c


def sse_events(raw: bytes) -> list[tuple[str, dict[str, Any]]]:
    """(event name, data) of each event of a complete stream, checking the two-line framing."""
    assert raw.endswith(b"\n\n") and b"[DONE]" not in raw
    out = []
    for block in raw[:-2].split(b"\n\n"):
        name_line, data_line = block.split(b"\n")
        assert name_line.startswith(b"event: ") and data_line.startswith(b"data: ")
        data = json.loads(data_line[len(b"data: ") :])
        assert data["type"] == name_line[len(b"event: ") :].decode()
        out.append((data["type"], data))
    return out


def test_json_answer_validates_and_counts_like_chat(sdk: openai.OpenAI, http: httpx.Client) -> None:
    resp = sdk.responses.create(
        model="gpt-4o-mini", instructions="be brief", input="say hello to me", metadata={"k": "v"}
    )
    assert resp.id.startswith("resp_") and resp.object == "response" and resp.status == "completed"
    assert resp.output_text == "chunk0 chunk1 chunk2 chunk3 chunk4" and resp.model == "gpt-4o-mini"
    assert resp.metadata == {"k": "v"} and resp.store is not False
    # (4 + 2 words of instructions) + (4 + 4 words of input), one output token per chunk
    assert resp.usage is not None
    assert (resp.usage.input_tokens, resp.usage.output_tokens, resp.usage.total_tokens) == (14, 5, 19)
    body = {"model": "m", "input": [{"role": "user", "content": "hi"}], "max_output_tokens": 2}
    body["mock"] = {"cache_read_tokens": 3, "dated_model": True}
    raw = http.post("/v1/responses", json=body).json()
    cut = Response.model_validate(raw)
    assert cut.status == "incomplete" and cut.incomplete_details is not None
    assert cut.incomplete_details.reason == "max_output_tokens" and cut.output_text == "chunk0 chunk1 "
    assert cut.model == "m-2024-07-18" and cut.usage is not None
    assert (cut.usage.input_tokens, cut.usage.input_tokens_details.cached_tokens) == (5 + 3, 3)

    class Weather(BaseModel):
        city: str
        degrees: int

    parsed = sdk.responses.parse(model="m", input="weather?", text_format=Weather)
    assert parsed.output_parsed == Weather(city="chunk0 chunk1 chunk2 chunk3 chunk4", degrees=0)
    missing = http.post("/v1/responses", json={"input": "hi"})
    assert missing.status_code == 400
    assert missing.json()["error"] | {"message": ""} == {
        "message": "",
        "type": "invalid_request_error",
        "param": "model",
        "code": "missing_required_parameter",
    }
    assert http.post("/v1/responses", json={"model": "m", "input": 3}).json()["error"]["param"] == "input"


def test_stream_events_in_real_order_and_tool_call_final_response(sdk: openai.OpenAI) -> None:
    events = list(sdk.responses.create(model="m", input="hi", stream=True, extra_body={"mock": {"chunks": 2}}))
    assert [e.type for e in events] == TWO_DELTA_TEXT_EVENTS
    assert [e.sequence_number for e in events] == list(range(len(events)))
    completed = events[-1]
    assert completed.type == "response.completed" and completed.response.output_text == "chunk0 chunk1"
    knobs = {"tool_calls": 1, "reasoning_tokens": 7, "chunks": 3}
    with sdk.responses.stream(model="m", input="add 2 and 3", tools=[ADD_TOOL], extra_body={"mock": knobs}) as stream:
        kinds = [e.type for e in stream]
        final = stream.get_final_response()
    assert kinds.count("response.function_call_arguments.delta") == 3 and "response.output_text.delta" not in kinds
    reasoning, call = final.output
    assert reasoning.type == "reasoning" and call.type == "function_call"
    assert call.name == "add" and json.loads(call.arguments) == {"a": 0, "b": 0}
    assert call.id is not None and call.id.startswith("fc_") and call.call_id.startswith("call_")
    assert final.usage is not None and final.usage.output_tokens_details.reasoning_tokens == 7
    assert final.usage.output_tokens == 7 + 3
    # The tool round trip's second leg is answered with text, so an agent loop ends.
    back = [{"type": "function_call", "call_id": call.call_id, "name": "add", "arguments": call.arguments}]
    back.append({"type": "function_call_output", "call_id": call.call_id, "output": "5"})
    after = sdk.responses.create(model="m", input=back, tools=[ADD_TOOL], extra_body={"mock": {"tool_calls": 1}})
    assert [item.type for item in after.output] == ["message"]


def test_stream_error_event_and_status_knob(http: httpx.Client, sdk: openai.OpenAI) -> None:
    body = {"model": "m", "input": "hi", "stream": True, "mock": {"error_event_after": 2, "error_message": "boom"}}
    with http.stream("POST", "/v1/responses", json=body) as resp:
        assert resp.status_code == 200 and resp.headers["content-type"].startswith("text/event-stream")
        events = sse_events(resp.read())
    kinds = [kind for kind, _ in events]
    assert kinds[-1] == "error" and kinds.count("response.output_text.delta") == 2 and "response.completed" not in kinds
    assert [data["sequence_number"] for _, data in events] == list(range(len(events)))
    assert events[-1][1] | {"sequence_number": 0} == {
        "type": "error",
        "code": "server_error",
        "message": "boom",
        "param": None,
        "sequence_number": 0,
    }
    with pytest.raises(openai.RateLimitError):
        sdk.responses.create(model="m", input="hi", stream=True, extra_headers={"x-mock-status": "429"})


def test_state_chain_retrieve_items_delete_and_other_process(
    sdk: openai.OpenAI, http: httpx.Client, start_mock: MockFactory
) -> None:
    first = sdk.responses.create(model="m", input="first turn", extra_body={"mock": {"id": "resp-chain-1"}})
    second = sdk.responses.create(model="m", input="second turn", previous_response_id=first.id)
    assert second.previous_response_id == first.id and second.id != first.id
    assert sdk.responses.retrieve(first.id).output_text == first.output_text
    items = sdk.responses.input_items.list(first.id)
    assert [(i.type, i.id.startswith("msg_")) for i in items.data] == [("message", True)]
    record = http.get("/_mock/log", params={"id": "resp-chain-1"}).json()["requests"][0]
    assert (record["method"], record["path"], record["body"]["input"]) == ("POST", "/v1/responses", "first turn")
    # Another mock process never saw this response: the chain must go back to the one that made it.
    elsewhere = sdk_client(start_mock())
    with pytest.raises(openai.BadRequestError) as exc:
        elsewhere.responses.create(model="m", input="third", previous_response_id=second.id)
    assert exc.value.body == {
        "message": f"Previous response with id '{second.id}' not found.",
        "type": "invalid_request_error",
        "param": "previous_response_id",
        "code": "previous_response_not_found",
    }
    unstored = sdk.responses.create(model="m", input="x", store=False)
    with pytest.raises(openai.BadRequestError):
        sdk.responses.create(model="m", input="y", previous_response_id=unstored.id)
    assert http.delete(f"/v1/responses/{first.id}").json() == {"id": first.id, "object": "response", "deleted": True}
    with pytest.raises(openai.NotFoundError):
        sdk.responses.retrieve(first.id)
    wrong = http.put(f"/v1/responses/{first.id}")
    assert wrong.status_code == 405 and wrong.json()["error"]["code"] == "method_not_allowed"
    assert http.post("/v1/responsez").status_code == 404


def test_conversations_background_cancel_and_token_count(sdk: openai.OpenAI, http: httpx.Client) -> None:
    conv = sdk.conversations.create(metadata={"topic": "t"})
    assert conv.id.startswith("conv_") and conv.metadata == {"topic": "t"}
    sdk.responses.create(model="m", input="in a conversation", conversation=conv.id)
    listed = sdk.conversations.items.list(conv.id, order="asc")
    assert [(i.type, getattr(i, "role", None)) for i in listed.data] == [("message", "user"), ("message", "assistant")]
    with pytest.raises(openai.BadRequestError):
        sdk.responses.create(model="m", input="x", conversation="conv_missing")
    assert sdk.conversations.delete(conv.id).deleted is True
    assert http.get(f"/v1/conversations/{conv.id}").status_code == 404
    queued = sdk.responses.create(model="m", input="later", background=True)
    assert queued.status == "queued" and queued.output == []
    assert sdk.responses.cancel(queued.id).status == "cancelled"
    done = sdk.responses.create(model="m", input="now")
    refused = http.post(f"/v1/responses/{done.id}/cancel")
    assert refused.status_code == 400 and "background" in refused.json()["error"]["message"]
    counted = sdk.responses.input_tokens.count(model="m", instructions="be brief", input="one two three")
    assert counted.input_tokens == (4 + 2) + (4 + 3)


def test_embeddings_refuse_empty_strings(http: httpx.Client) -> None:
    for value in ("", ["ok", ""]):
        resp = http.post("/v1/embeddings", json={"model": "emb", "input": value})
        assert resp.status_code == 400 and resp.json()["error"]["param"] == "input"
