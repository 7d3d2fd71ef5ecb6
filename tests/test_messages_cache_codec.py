"""The cache's codec for Anthropic Messages answers: recording a stream, replaying as JSON or events.

The real anthropic SDK (over an in-process transport) is the judge of what a client rebuilds.
"""

from __future__ import annotations

import asyncio
import copy
import uuid
from typing import Any

import anthropic
import httpx2
import orjson
import pytest

from proxy.cache.answer_messages import MESSAGES_CODEC, MessagesRecorder

SIGNATURE = f"fake-thinking-signature-{uuid.uuid4().hex}"  # made at run time: no real-looking token in the repo
TEXT = "I'll check the weather in both cities for you, starting with Paris and then Rome."
UPSTREAM_USAGE = {
    "input_tokens": 472,
    "output_tokens": 1,
    "cache_creation_input_tokens": 0,
    "cache_read_input_tokens": 1200,
}
FINAL_USAGE = {
    "input_tokens": 472,
    "output_tokens": 181,
    "cache_creation_input_tokens": 0,
    "cache_read_input_tokens": 1200,
}


def block_events(index: int, start: dict[str, Any], deltas: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {"type": "content_block_start", "index": index, "content_block": start},
        *({"type": "content_block_delta", "index": index, "delta": d} for d in deltas),
        {"type": "content_block_stop", "index": index},
    ]


def tool_events(index: int, id_: str, pieces: list[str]) -> list[dict[str, Any]]:
    start = {"type": "tool_use", "id": id_, "name": "get_weather", "input": {}}
    return block_events(index, start, [{"type": "input_json_delta", "partial_json": p} for p in pieces])


MESSAGE_START: dict[str, Any] = {
    "type": "message_start",
    "message": {
        "id": "msg_01XFDUDYJgAACzvnptvVoYEL",
        "type": "message",
        "role": "assistant",
        "model": "claude-sonnet-4-5-20250929",
        "content": [],
        "stop_reason": None,
        "stop_sequence": None,
        "usage": UPSTREAM_USAGE,
    },
}
# What Anthropic streams for thinking, then text, then two parallel tool calls (pings included).
UPSTREAM: list[dict[str, Any]] = [
    MESSAGE_START,
    {"type": "ping"},
    *block_events(
        0,
        {"type": "thinking", "thinking": "", "signature": ""},
        [
            {"type": "thinking_delta", "thinking": "The user wants two cities. "},
            {"type": "thinking_delta", "thinking": "I will call the tool twice."},
            {"type": "signature_delta", "signature": SIGNATURE},
        ],
    ),
    *block_events(
        1,
        {"type": "text", "text": ""},
        [{"type": "text_delta", "text": TEXT[:30]}, {"type": "text_delta", "text": TEXT[30:]}],
    ),
    {"type": "ping"},
    *tool_events(2, "toolu_01A", ["", '{"city": "Pa', 'ris", "unit"', ': "celsius"}']),
    *tool_events(3, "toolu_01B", ['{"city":"Rome"}']),
    {
        "type": "message_delta",
        "delta": {"stop_reason": "tool_use", "stop_sequence": None},
        "usage": {**FINAL_USAGE, "server_tool_use": None},
    },
    {"type": "message_stop"},
]
CONTENT: list[dict[str, Any]] = [
    {"type": "thinking", "thinking": "The user wants two cities. I will call the tool twice.", "signature": SIGNATURE},
    {"type": "text", "text": TEXT},
    {"type": "tool_use", "id": "toolu_01A", "name": "get_weather", "input": {"city": "Paris", "unit": "celsius"}},
    {"type": "tool_use", "id": "toolu_01B", "name": "get_weather", "input": {"city": "Rome"}},
]
ANSWER: dict[str, Any] = {
    **MESSAGE_START["message"],
    "content": CONTENT,
    "stop_reason": "tool_use",
    "usage": FINAL_USAGE,
}
ZERO = {"input_tokens": 0, "output_tokens": 0, "cache_creation_input_tokens": 0, "cache_read_input_tokens": 0}


def record(events: list[dict[str, Any]], max_bytes: int = 1 << 20) -> MessagesRecorder:
    rec = MESSAGES_CODEC.recorder(max_bytes)
    assert isinstance(rec, MessagesRecorder)
    for event in copy.deepcopy(events):
        rec.on_event(event, orjson.dumps(event))
    rec.on_close()
    return rec


def sse(events: list[dict[str, Any]]) -> bytes:
    return b"".join(b"event: " + e["type"].encode() + b"\ndata: " + orjson.dumps(e) + b"\n\n" for e in events)


def sdk(body: bytes, content_type: str) -> anthropic.Anthropic:
    def handler(request: httpx2.Request) -> httpx2.Response:
        return httpx2.Response(200, headers={"content-type": content_type}, content=body)

    client = httpx2.Client(transport=httpx2.MockTransport(handler))
    return anthropic.Anthropic(base_url="http://t", api_key="x", http_client=client, max_retries=0)


def sdk_final(events: list[dict[str, Any]]) -> dict[str, Any]:
    """The message the SDK's stream helper accumulates from `events`."""
    client = sdk(sse(events), "text/event-stream")
    with client.messages.stream(model="m", max_tokens=4096, messages=[{"role": "user", "content": "hi"}]) as stream:
        return stream.get_final_message().model_dump(exclude_unset=True)


def test_recorder_builds_the_message_the_sdk_accumulates() -> None:
    rec = record(UPSTREAM)
    assert rec.complete and rec.closed and not rec.ends_with_done
    assert rec.answer() == ANSWER
    accumulated = sdk_final(UPSTREAM)
    assert accumulated.pop("stop_details") is None  # the SDK sets it from every message_delta, even when absent
    assert rec.answer() == accumulated  # the SDK's own accumulator agrees, usage included


def test_a_message_delta_without_input_counts_keeps_those_of_message_start() -> None:
    events = copy.deepcopy(UPSTREAM)
    events[-2]["usage"] = {"output_tokens": 181}
    assert record(events).answer()["usage"] == FINAL_USAGE


@pytest.mark.parametrize(
    "events",
    [
        [*UPSTREAM[:-1], {"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}}],
        [*UPSTREAM, {"type": "error", "error": {"type": "api_error", "message": "late"}}],
        UPSTREAM[:-1],  # no message_stop
        [e for e in UPSTREAM if e != {"type": "content_block_stop", "index": 3}],  # a tool input never closed
        [*UPSTREAM[:-6], *tool_events(3, "toolu_01B", ['{"city": "Ro']), *UPSTREAM[-2:]],  # input not JSON
        UPSTREAM[1:],  # no message_start
    ],
    ids=["error-event", "error-after-stop", "no-message-stop", "block-not-stopped", "bad-tool-json", "no-start"],
)
def test_an_unfinished_or_failed_stream_is_not_complete(events: list[dict[str, Any]]) -> None:
    assert not record(events).complete


def test_a_stream_larger_than_max_bytes_is_not_kept() -> None:
    data = [orjson.dumps(e) for e in UPSTREAM]
    room = sum(map(len, data[:5]))
    rec = record(UPSTREAM, max_bytes=room)
    assert not rec.complete and rec.closed and len(rec.events) == 5 and sum(map(len, rec.events)) <= room
    assert record(UPSTREAM, max_bytes=sum(map(len, data))).complete


def test_followers_get_the_events_and_no_done() -> None:
    async def scenario() -> list[bytes | None]:
        rec = MESSAGES_CODEC.recorder(1 << 20)
        for event in UPSTREAM:
            rec.on_event(event, orjson.dumps(event))
        rec.on_close()
        return [ev.data for batch in [b async for b in rec.follow()] for ev in batch]

    assert asyncio.run(scenario()) == [orjson.dumps(e) for e in UPSTREAM]


@pytest.mark.parametrize(
    ("stop_reason", "kept"),
    [
        ("end_turn", True),
        ("stop_sequence", True),
        ("tool_use", True),
        ("max_tokens", True),
        ("model_context_window_exceeded", True),
        ("refusal", False),
        ("pause_turn", False),
        (None, False),
    ],
)
def test_cacheable_by_stop_reason(stop_reason: str | None, kept: bool) -> None:
    assert MESSAGES_CODEC.cacheable({**ANSWER, "stop_reason": stop_reason}) is kept
    assert not MESSAGES_CODEC.cacheable({**ANSWER, "content": None})


def test_json_replay_is_the_message_unbilled_under_the_alias() -> None:
    answer = {
        **ANSWER,
        "usage": {**FINAL_USAGE, "cache_creation": {"ephemeral_5m_input_tokens": 9}, "service_tier": "standard"},
    }
    first, second = (orjson.loads(MESSAGES_CODEC.json_bytes(answer, "claude-alias")) for _ in range(2))
    assert first["id"].startswith("msg_") and first["id"] != second["id"] != ANSWER["id"]
    assert first["model"] == "claude-alias" and first["content"] == CONTENT and first["stop_reason"] == "tool_use"
    assert first["usage"] == {**ZERO, "cache_creation": {"ephemeral_5m_input_tokens": 0}, "service_tier": "standard"}
    assert answer["usage"]["input_tokens"] == 472  # the kept answer is not changed
    message = sdk(MESSAGES_CODEC.json_bytes(answer, "claude-alias"), "application/json").messages.create(
        model="claude-alias", max_tokens=4096, messages=[{"role": "user", "content": "hi"}]
    )
    assert message.model_dump(exclude_none=True)["content"] == CONTENT


def test_stream_replay_events_and_what_the_sdk_rebuilds() -> None:
    events = MESSAGES_CODEC.stream_events(ANSWER, "claude-alias")
    assert [e["type"] for e in events] == [
        "message_start",
        *["content_block_start", *["content_block_delta"] * 3, "content_block_stop"],  # thinking: 48 + 6 + signature
        *["content_block_start", *["content_block_delta"] * 2, "content_block_stop"],  # text: 48 + 32
        *["content_block_start", "content_block_delta", "content_block_stop"] * 2,
        "message_delta",
        "message_stop",
    ]
    start = events[0]["message"]
    assert start["content"] == [] and start["stop_reason"] is None and start["usage"] == ZERO
    assert start["model"] == "claude-alias" and start["id"].startswith("msg_")
    assert events[1]["content_block"] == {"type": "thinking", "thinking": "", "signature": ""}
    assert events[4]["delta"] == {"type": "signature_delta", "signature": SIGNATURE}
    text = [e["delta"]["text"] for e in events if e["type"] == "content_block_delta" and e["index"] == 1]
    assert "".join(text) == TEXT and [len(t) for t in text] == [48, len(TEXT) - 48]
    tool = [e for e in events if e.get("index") == 2]
    assert tool[0]["content_block"] == {"type": "tool_use", "id": "toolu_01A", "name": "get_weather", "input": {}}
    assert tool[1]["delta"] == {"type": "input_json_delta", "partial_json": '{"city":"Paris","unit":"celsius"}'}
    assert events[-2] == {
        "type": "message_delta",
        "delta": {"stop_reason": "tool_use", "stop_sequence": None},
        "usage": ZERO,
    }

    final = sdk_final(events)
    assert final["content"] == CONTENT and final["stop_reason"] == "tool_use" and final["usage"] == ZERO
    replayed = record(events).answer()  # and the cache's own recorder reads a replay back the same
    assert replayed["content"] == CONTENT and replayed["usage"] == ZERO


def test_stream_replay_of_a_text_answer_with_a_stop_sequence() -> None:
    answer = {
        **ANSWER,
        "content": [{"type": "text", "text": "short"}],
        "stop_reason": "stop_sequence",
        "stop_sequence": "END",
    }
    final = sdk_final(MESSAGES_CODEC.stream_events(answer, "a"))
    assert final["content"] == [{"type": "text", "text": "short"}]
    assert (final["stop_reason"], final["stop_sequence"]) == ("stop_sequence", "END")


@pytest.mark.parametrize(
    ("event", "path"),
    [
        (copy.deepcopy(MESSAGE_START), ("message", "usage")),
        ({"type": "message_delta", "delta": {"stop_reason": "end_turn"}, "usage": {"output_tokens": 12}}, ("usage",)),
    ],
)
def test_zero_usage_on_the_events_that_carry_usage(event: dict[str, Any], path: tuple[str, ...]) -> None:
    assert MESSAGES_CODEC.zero_usage(event)
    usage = event[path[0]] if len(path) == 1 else event[path[0]][path[1]]
    assert usage and set(usage.values()) == {0}


@pytest.mark.parametrize(
    "event",
    [
        {"type": "ping"},
        {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": "usage"}},
        {"type": "message_stop"},
        {"type": "message_delta", "delta": {}},
    ],
)
def test_zero_usage_leaves_other_events_alone(event: dict[str, Any]) -> None:
    before = copy.deepcopy(event)
    assert not MESSAGES_CODEC.zero_usage(event) and event == before


def test_stream_replay_of_citations_redacted_thinking_and_server_tools() -> None:
    citation = {
        "type": "char_location",
        "cited_text": "sunny",
        "document_index": 0,
        "start_char_index": 0,
        "end_char_index": 5,
    }
    content = [
        {"type": "redacted_thinking", "data": "EmwKAhgBEgy3va3pzix/LafPsn4a"},
        {"type": "server_tool_use", "id": "srvtoolu_1", "name": "web_search", "input": {"query": "paris weather"}},
        {"type": "text", "text": "It is sunny.", "citations": [citation]},
    ]
    answer = {**ANSWER, "content": content, "stop_reason": "end_turn"}
    events = MESSAGES_CODEC.stream_events(answer, "a")
    assert events[1]["content_block"] == content[0]  # no deltas: the start carries the whole block
    assert sdk_final(events)["content"] == content
    assert record(events).answer()["content"] == content
