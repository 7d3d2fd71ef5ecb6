"""The mock upstream's Anthropic Messages API (`POST /v1/messages`), over real sockets with httpx."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.support import ServerProcess, fake_key, free_port
from tests.test_mock_upstream import new_id, one_record, split_events

MESSAGES_PATH = "/v1/messages"
HEADERS = {"x-api-key": fake_key("anthropic"), "anthropic-version": "2023-06-01"}


@pytest.fixture(scope="module")
def client() -> Iterator[httpx.Client]:
    port = free_port()
    server = ServerProcess(["llm_proxy_mock", "--port", str(port)], port).start()
    try:
        with httpx.Client(base_url=server.url, timeout=5.0, headers=HEADERS) as c:
            yield c
    finally:
        server.stop()


def body(stream: bool = False, **mock_knobs: Any) -> dict[str, Any]:
    out: dict[str, Any] = {
        "model": "claude-sonnet-4-5",
        "max_tokens": 1024,
        "system": "be brief",
        "messages": [{"role": "user", "content": "say hello to me"}],
        "stream": stream,
    }
    if mock_knobs:
        out["mock"] = mock_knobs
    return out


def events_of(raw: bytes) -> list[tuple[str, dict[str, Any]]]:
    """(event name, data) per event; every event has an `event:` line matching its data's `type`."""
    out = []
    for event in split_events(raw):
        name_line, data_line = event.split(b"\n")
        assert name_line.startswith(b"event: ") and data_line.startswith(b"data: "), event
        name, data = name_line[len(b"event: ") :].decode(), json.loads(data_line[len(b"data: ") :])
        assert data["type"] == name
        out.append((name, data))
    return out


def stream(client: httpx.Client, request_body: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    with client.stream("POST", MESSAGES_PATH, json=request_body) as resp:
        assert resp.status_code == 200
        assert resp.headers["content-type"] == "text/event-stream"
        assert resp.headers["request-id"].startswith("req_")
        raw = b"".join(resp.iter_raw())
    assert b"[DONE]" not in raw
    return events_of(raw)


def blocks_of(events: list[tuple[str, dict[str, Any]]]) -> list[dict[str, Any]]:
    """Rebuild the content blocks from the stream, checking start/delta/stop nesting and indices."""
    blocks: list[dict[str, Any]] = []
    open_index = None
    for name, data in events:
        if name == "content_block_start":
            assert open_index is None and data["index"] == len(blocks)
            open_index = data["index"]
            blocks.append({**data["content_block"], "deltas": []})
        elif name == "content_block_delta":
            assert data["index"] == open_index
            blocks[-1]["deltas"].append(data["delta"])
        elif name == "content_block_stop":
            assert data["index"] == open_index
            open_index = None
    assert open_index is None
    return blocks


def test_non_stream_message_shape(client: httpx.Client) -> None:
    resp = client.post(MESSAGES_PATH, json=body())
    assert resp.status_code == 200
    assert resp.headers["content-type"] == "application/json"
    assert resp.headers["request-id"].startswith("req_") and "x-request-id" not in resp.headers
    obj = resp.json()
    assert obj["id"].startswith("msg_mock")
    assert obj == {
        "id": obj["id"],
        "type": "message",
        "role": "assistant",
        "model": "claude-sonnet-4-5",
        "content": [{"type": "text", "text": "chunk0 chunk1 chunk2 chunk3 chunk4"}],
        "stop_reason": "end_turn",
        "stop_sequence": None,
        # (4 + 4 words) for the message + 2 words of system
        "usage": {
            "input_tokens": 10,
            "output_tokens": 5,
            "cache_creation_input_tokens": 0,
            "cache_read_input_tokens": 0,
        },
    }


def test_request_is_recorded_with_anthropic_headers(client: httpx.Client) -> None:
    record_id = new_id()
    client.post(MESSAGES_PATH, json=body(id=record_id))
    record = one_record(client, record_id)
    assert record["path"] == MESSAGES_PATH and record["status"] == 200 and record["finished"] is True
    assert record["headers"]["x-api-key"] == HEADERS["x-api-key"]
    assert record["headers"]["anthropic-version"] == "2023-06-01"
    assert record["body"]["max_tokens"] == 1024


def test_stream_text_event_order(client: httpx.Client) -> None:
    events = stream(client, body(stream=True, chunks=3, content="Hello there, how are you?"))
    names = [name for name, _ in events]
    assert names == [
        "message_start",
        "content_block_start",
        "ping",
        *["content_block_delta"] * 3,
        "content_block_stop",
        "message_delta",
        "message_stop",
    ]
    start = events[0][1]["message"]
    assert start["content"] == [] and start["stop_reason"] is None and start["role"] == "assistant"
    assert start["usage"] == {
        "input_tokens": 10,
        "output_tokens": 1,
        "cache_creation_input_tokens": 0,
        "cache_read_input_tokens": 0,
    }
    (block,) = blocks_of(events)
    assert block["type"] == "text" and block["text"] == ""
    assert [d["type"] for d in block["deltas"]] == ["text_delta"] * 3
    assert "".join(d["text"] for d in block["deltas"]) == "Hello there, how are you?"
    assert events[-2][1] == {
        "type": "message_delta",
        "delta": {"stop_reason": "end_turn", "stop_sequence": None},
        "usage": {**start["usage"], "output_tokens": 3},
    }
    assert events[-1][1] == {"type": "message_stop"}


def test_stream_tool_use_blocks_are_sequential(client: httpx.Client) -> None:
    events = stream(client, body(stream=True, tool_calls=2, chunks=3, text_before_tools=True))
    blocks = blocks_of(events)
    assert [b["type"] for b in blocks] == ["text", "tool_use", "tool_use"]
    assert [d["type"] for d in blocks[0]["deltas"]] == ["text_delta"]
    for k, block in enumerate(blocks[1:]):
        assert block["id"].startswith(f"toolu_{k}_") and block["name"] == "get_weather" and block["input"] == {}
        assert all(d["type"] == "input_json_delta" for d in block["deltas"])
        assert block["deltas"][0]["partial_json"] == ""
        assert len(block["deltas"]) == 4
        partial = "".join(d["partial_json"] for d in block["deltas"])
        assert json.loads(partial) == {"city": f"City{k}", "unit": "celsius"}
    assert events[-2][1]["delta"]["stop_reason"] == "tool_use"

    obj = client.post(MESSAGES_PATH, json=body(tool_calls=2)).json()
    assert obj["stop_reason"] == "tool_use"
    assert [(b["type"], b["name"], b["input"]) for b in obj["content"]] == [
        ("tool_use", "get_weather", {"city": "City0", "unit": "celsius"}),
        ("tool_use", "get_weather", {"city": "City1", "unit": "celsius"}),
    ]
    assert [b["id"].split("_")[:2] for b in obj["content"]] == [["toolu", "0"], ["toolu", "1"]]


def test_thinking_block_shifts_indices(client: httpx.Client) -> None:
    events = stream(client, body(stream=True, thinking=True, chunks=2))
    names = [name for name, _ in events]
    assert names[:3] == ["message_start", "content_block_start", "ping"]
    blocks = blocks_of(events)
    assert [b["type"] for b in blocks] == ["thinking", "text"]
    thinking, text = blocks
    assert thinking["thinking"] == ""
    kinds = [d["type"] for d in thinking["deltas"]]
    assert kinds[-1] == "signature_delta" and set(kinds[:-1]) == {"thinking_delta"}
    assert [d["type"] for d in text["deltas"]] == ["text_delta"] * 2
    starts = [d["index"] for n, d in events if n == "content_block_start"]
    assert starts == [0, 1]

    obj = client.post(MESSAGES_PATH, json=body(thinking=True)).json()
    assert [b["type"] for b in obj["content"]] == ["thinking", "text"]
    assert obj["content"][0]["signature"] and obj["content"][0]["thinking"]
    assert obj["content"][0]["thinking"] == "".join(d["thinking"] for d in thinking["deltas"][:-1])


def test_usage_cache_fields(client: httpx.Client) -> None:
    knobs: dict[str, Any] = {"cache_read_tokens": 120, "cache_creation_tokens": 30}
    usage = client.post(MESSAGES_PATH, json=body(**knobs)).json()["usage"]
    assert usage == {
        "input_tokens": 10,
        "output_tokens": 5,
        "cache_creation_input_tokens": 30,
        "cache_read_input_tokens": 120,
    }
    events = stream(client, body(stream=True, **knobs))
    assert events[0][1]["message"]["usage"] == {**usage, "output_tokens": 1}
    assert events[-2][1]["usage"] == usage  # cumulative: the final counts, input and cache included


@pytest.mark.parametrize(
    "reason", ["end_turn", "max_tokens", "stop_sequence", "tool_use", "pause_turn", "refusal", "brand_new_reason"]
)
def test_stop_reason_knob_allows_any_value(client: httpx.Client, reason: str) -> None:
    request_body = {**body(stop_reason=reason), "stop_sequences": ["END"]}
    obj = client.post(MESSAGES_PATH, json=request_body).json()
    assert obj["stop_reason"] == reason
    assert obj["stop_sequence"] == ("END" if reason == "stop_sequence" else None)
    events = stream(client, {**request_body, "stream": True})
    assert events[-2][1]["delta"]["stop_reason"] == reason


def test_max_tokens_cuts_the_answer(client: httpx.Client) -> None:
    obj = client.post(MESSAGES_PATH, json={**body(), "max_tokens": 2}).json()
    assert obj["content"] == [{"type": "text", "text": "chunk0 chunk1 "}]
    assert obj["stop_reason"] == "max_tokens" and obj["usage"]["output_tokens"] == 2


@pytest.mark.parametrize(
    ("status", "error_type"),
    [
        (400, "invalid_request_error"),
        (401, "authentication_error"),
        (402, "billing_error"),
        (403, "permission_error"),
        (404, "not_found_error"),
        (413, "request_too_large"),
        (429, "rate_limit_error"),
        (500, "api_error"),
        (503, "api_error"),
        (504, "timeout_error"),
        (529, "overloaded_error"),
    ],
)
def test_error_status_mapping(client: httpx.Client, status: int, error_type: str) -> None:
    headers = {"x-mock-status": str(status)}
    if status == 429:
        headers["x-mock-retry-after"] = "7"
    resp = client.post(MESSAGES_PATH, json=body(stream=True), headers=headers)
    assert resp.status_code == status
    assert resp.headers["content-type"] == "application/json"
    assert resp.json() == {
        "type": "error",
        "error": {"type": error_type, "message": f"mock error: HTTP {status}"},
        "request_id": resp.headers["request-id"],
    }
    assert resp.headers.get("retry-after") == ("7" if status == 429 else None)


def test_error_knobs_override_type_and_message(client: httpx.Client) -> None:
    knobs: dict[str, Any] = {"status": 529, "error_type": "custom_error", "error_message": "busy"}
    error = client.post(MESSAGES_PATH, json=body(**knobs)).json()["error"]
    assert error == {"type": "custom_error", "message": "busy"}
    resp = client.post(MESSAGES_PATH, json=body(status=502, error_format="text", error_message="bad gateway"))
    assert resp.status_code == 502 and resp.text == "bad gateway"


def test_error_event_mid_stream(client: httpx.Client) -> None:
    record_id = new_id()
    events = stream(client, body(stream=True, error_event_after=1, error_message="overloaded now", id=record_id))
    assert [n for n, _ in events] == ["message_start", "content_block_start", "ping", "content_block_delta", "error"]
    assert events[-1][1] == {"type": "error", "error": {"type": "overloaded_error", "message": "overloaded now"}}
    record = one_record(client, record_id)
    assert record["finished"] is True and len(record["chunk_sent_at"]) == 1


def test_drop_stall_and_chunk_timing_count_deltas(client: httpx.Client) -> None:
    received = b""
    with (
        pytest.raises(httpx.RemoteProtocolError),
        client.stream("POST", MESSAGES_PATH, json=body(stream=True, drop_after=2, thinking=True)) as resp,
    ):
        for part in resp.iter_raw():
            received += part
    names = [n for n, _ in events_of(received)]
    assert names == ["message_start", "content_block_start", "ping", "content_block_delta", "content_block_delta"]

    record_id = new_id()
    knobs = {"chunks": 2, "chunk_delay_ms": 30, "stall_after": 1, "stall_ms": 60, "id": record_id, "tool_calls": 1}
    events = stream(client, body(stream=True, **knobs))
    sent = one_record(client, record_id)["chunk_sent_at"]
    deltas = [d for n, d in events if n == "content_block_delta"]
    assert len(sent) == len(deltas) == 3
    assert sent[1] - sent[0] >= 0.085 and sent[2] - sent[1] >= 0.025


def test_validation_errors_are_anthropic_shaped(client: httpx.Client) -> None:
    valid = body()
    cases = [
        (client.post(MESSAGES_PATH, content=b"{nope"), 400),
        (client.post(MESSAGES_PATH, json={k: v for k, v in valid.items() if k != "model"}), 400),
        (client.post(MESSAGES_PATH, json={k: v for k, v in valid.items() if k != "messages"}), 400),
        (client.post(MESSAGES_PATH, json={k: v for k, v in valid.items() if k != "max_tokens"}), 400),
        (client.post(MESSAGES_PATH, json={**valid, "max_tokens": "10"}), 400),
        (client.post(MESSAGES_PATH, json={**valid, "messages": [{"role": "system", "content": "x"}]}), 400),
        (client.post(MESSAGES_PATH, json=body(chunkz=1)), 400),
        (client.post(MESSAGES_PATH, json={**valid, "model": "does-not-exist"}), 404),
    ]
    for resp, status in cases:
        assert resp.status_code == status, resp.text
        obj = resp.json()
        assert obj["type"] == "error" and obj["request_id"] == resp.headers["request-id"]
        assert set(obj["error"]) == {"type", "message"}
        assert obj["error"]["type"] == ("not_found_error" if status == 404 else "invalid_request_error")
    assert [resp.json()["error"]["message"] for resp, _ in cases[1:4]] == [
        "model: Field required",
        "messages: Field required",
        "max_tokens: Field required",
    ]
    assert "chunkz" in cases[6][0].json()["error"]["message"]


def test_pings_follow_the_first_delta_of_every_later_block(client: httpx.Client) -> None:
    events = stream(client, body(stream=True, tool_calls=2, chunks=1, text_before_tools=True))
    names = [name for name, _ in events]
    block = ["content_block_stop", "content_block_start", "content_block_delta", "ping", "content_block_delta"]
    assert names == [
        "message_start",
        "content_block_start",
        "ping",
        "content_block_delta",
        *block,
        *block,
        "content_block_stop",
        "message_delta",
        "message_stop",
    ]


def test_error_event_ends_the_stream_mid_block(client: httpx.Client) -> None:
    events = stream(client, body(stream=True, tool_calls=2, chunks=2, error_event_after=5, error_type="api_error"))
    names = [name for name, _ in events]
    assert names[-1] == "error" and names.count("error") == 1
    assert names[-2] == "content_block_delta" and "message_delta" not in names and "message_stop" not in names
    assert events[-1][1] == {
        "type": "error",
        "error": {"type": "api_error", "message": "mock stream error after 5 chunks"},
    }


PNG = "iVBORw0KGgo="
TOOL_TURNS: list[dict[str, Any]] = [
    {"role": "user", "content": [{"type": "text", "text": "weather in two cities"}]},
    {"role": "assistant", "content": [{"type": "text", "text": "Checking."}]},
    {
        "role": "assistant",
        "content": [
            {"type": "tool_use", "id": "toolu_a", "name": "get_weather", "input": {"city": "Paris"}},
            {"type": "tool_use", "id": "toolu_b", "name": "get_weather", "input": {"city": "Rome"}},
        ],
    },
    {
        "role": "user",
        "content": [
            {"type": "tool_result", "tool_use_id": "toolu_a", "content": "sunny"},
            {"type": "tool_result", "tool_use_id": "toolu_b", "content": [{"type": "text", "text": "rainy"}]},
            {"type": "text", "text": "and now?"},
        ],
    },
]
RICH_USER_TURN: dict[str, Any] = {
    "role": "user",
    "content": [
        {"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": PNG}},
        {"type": "image", "source": {"type": "url", "url": "https://example.com/cat.jpg"}},
        {"type": "document", "source": {"type": "base64", "media_type": "application/pdf", "data": "JVBERi0="}},
        {"type": "document", "source": {"type": "text", "media_type": "text/plain", "data": "plain words"}},
        {"type": "text", "text": "describe these", "cache_control": {"type": "ephemeral", "ttl": "1h"}},
    ],
}


def rich_body(**changes: Any) -> dict[str, Any]:
    """A Claude-Code-like request: system blocks with cache_control, tools, images, documents, a tool round trip."""
    out: dict[str, Any] = {
        "model": "claude-sonnet-4-5",
        "max_tokens": 4096,
        "system": [
            {"type": "text", "text": "You are a coding agent."},
            {"type": "text", "text": "Be brief.", "cache_control": {"type": "ephemeral"}},
        ],
        "tools": [{"name": "get_weather", "input_schema": {"type": "object"}, "cache_control": {"type": "ephemeral"}}],
        "messages": [*TOOL_TURNS, {"role": "assistant", "content": "ok"}, RICH_USER_TURN],
        "metadata": {"user_id": "user_1"},
    }
    out.update(changes)
    return out


def test_native_request_blocks_are_accepted_and_thinking_is_answered(client: httpx.Client) -> None:
    thinking = {"type": "enabled", "budget_tokens": 1024}
    obj = client.post(MESSAGES_PATH, json=rich_body(thinking=thinking)).json()
    assert [b["type"] for b in obj["content"]] == ["thinking", "text"]
    assert obj["content"][0]["signature"]
    # 4 per message + words (a non-text block counts 1): 4 + 1 + 2 + (1 + 1 + 2) + 1 + (1 + 1 + 1 + 1 + 2);
    # the system's words: 5 + 2
    assert obj["usage"]["input_tokens"] == 6 * 4 + 18 + 7
    plain = client.post(MESSAGES_PATH, json=rich_body(thinking={"type": "disabled"})).json()
    assert [b["type"] for b in plain["content"]] == ["text"]


def test_count_tokens_matches_the_answer_usage(client: httpx.Client) -> None:
    request_body = rich_body(thinking={"type": "enabled", "budget_tokens": 2048})
    input_tokens = client.post(MESSAGES_PATH, json=request_body).json()["usage"]["input_tokens"]
    counting = {k: v for k, v in request_body.items() if k not in ("max_tokens", "metadata")}
    resp = client.post(MESSAGES_PATH + "/count_tokens", json=counting)
    assert resp.status_code == 200 and resp.headers["request-id"].startswith("req_")
    assert resp.json() == {"input_tokens": input_tokens}
    for missing in ("model", "messages"):
        refused = client.post(MESSAGES_PATH + "/count_tokens", json={k: v for k, v in counting.items() if k != missing})
        assert refused.status_code == 400
        assert refused.json()["error"] == {"type": "invalid_request_error", "message": f"{missing}: Field required"}
    bad_result = {**counting, "messages": [TOOL_TURNS[3]]}
    assert client.post(MESSAGES_PATH + "/count_tokens", json=bad_result).status_code == 400


def _with_last_turn(content: list[dict[str, Any]]) -> dict[str, Any]:
    return rich_body(messages=[*TOOL_TURNS[:3], {"role": "user", "content": content}])


def _image(source: dict[str, Any]) -> list[dict[str, Any]]:
    return [{"type": "image", "source": source}]


REFUSED: list[tuple[str, dict[str, Any], str]] = [
    (
        "tool_result naming no tool_use",
        _with_last_turn(
            [{"type": "tool_result", "tool_use_id": "toolu_a"}, {"type": "tool_result", "tool_use_id": "x"}]
        ),
        "messages.3.content.1: unexpected `tool_use_id` found in `tool_result` blocks: x.",
    ),
    (
        "tool_result after a user turn",
        rich_body(messages=[TOOL_TURNS[3]]),
        "messages.0.content.0: unexpected `tool_use_id` found in `tool_result` blocks: toolu_a.",
    ),
    (
        "budget below 1024",
        rich_body(thinking={"type": "enabled", "budget_tokens": 1023}),
        "budget_tokens: Input should",
    ),
    (
        "budget not below max_tokens",
        rich_body(thinking={"type": "enabled", "budget_tokens": 4096}),
        "`max_tokens` must",
    ),
    ("no budget", rich_body(thinking={"type": "enabled"}), "thinking.enabled.budget_tokens: Field required"),
    ("unknown thinking type", rich_body(thinking={"type": "on"}), "thinking: Input tag 'on'"),
    (
        "image media type",
        _with_last_turn(_image({"type": "base64", "media_type": "image/bmp", "data": PNG})),
        "media_type",
    ),
    ("image without data", _with_last_turn(_image({"type": "base64", "media_type": "image/png"})), "base64.data"),
    ("image source type", _with_last_turn(_image({"type": "path", "path": "/x"})), "Input tag 'path'"),
    ("document source", _with_last_turn([{"type": "document", "source": {"type": "url"}}]), "document.source.url.url"),
    ("system block type", rich_body(system=[{"type": "image", "text": "x"}]), "system.0.type: Input should be 'text'"),
    (
        "tool_use input",
        rich_body(
            messages=[{"role": "assistant", "content": [{"type": "tool_use", "id": "t", "name": "n", "input": "{}"}]}]
        ),
        "tool_use.input",
    ),
    (
        "cache_control type",
        rich_body(system=[{"type": "text", "text": "x", "cache_control": {"type": "x"}}]),
        "cache_control.type",
    ),
    (
        "five breakpoints",
        rich_body(
            tools=[{"name": f"t{i}", "input_schema": {}, "cache_control": {"type": "ephemeral"}} for i in range(3)]
        ),
        "A maximum of 4 blocks",
    ),
]


def test_what_anthropic_refuses_is_refused(client: httpx.Client) -> None:
    for case, request_body, message in REFUSED:
        resp = client.post(MESSAGES_PATH, json=request_body)
        assert resp.status_code == 400, case
        error = resp.json()["error"]
        assert error["type"] == "invalid_request_error" and message in error["message"], (case, error)


def test_record_keeps_forwarded_headers_and_the_raw_body(client: httpx.Client) -> None:
    record_id = new_id()
    raw = (
        b'{"model": "claude-sonnet-4-5",  "max_tokens": 5, "messages": [], "mock": {"id": "'
        + record_id.encode()
        + b'"}}'
    )
    headers = {"anthropic-beta": "prompt-caching-2024-07-31,interleaved-thinking-2025-05-14"}
    client.post(MESSAGES_PATH + "?beta=true", content=raw, headers=headers)
    record = one_record(client, record_id)
    assert record["body_text"] == raw.decode() and record["query"] == {"beta": "true"}
    assert record["headers"]["anthropic-beta"] == headers["anthropic-beta"]
    assert (
        record["headers"]["x-api-key"] == HEADERS["x-api-key"]
        and record["headers"]["anthropic-version"] == "2023-06-01"
    )
