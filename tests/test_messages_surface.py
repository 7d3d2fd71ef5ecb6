"""The Messages surface adapter and its stream relay, in-process: what the stages read of an Anthropic
request, how its errors look, and how the relay ends a stream that was cut or cut short."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator
from typing import Any

import orjson
import pytest

from proxy.config.models import Deployment
from proxy.core.errors import (
    InvalidRequest,
    ProxyError,
    QuotaExceeded,
    RateLimited,
    ScanTooLarge,
    Unauthorized,
    UpstreamError,
    UpstreamUnavailable,
)
from proxy.core.filters import AnswerFilter, AnswerFilters, DeltaAction
from proxy.core.sse import SSEEvent
from proxy.surfaces.messages_body import MESSAGES_SURFACE
from proxy.surfaces.messages_relay import MessagesRelay
from proxy.upstream.providers.base import ChatEventStream
from tests.support import new_exchange

BODY: dict[str, Any] = {
    "model": "claude",
    "max_tokens": 100,
    "system": [{"type": "text", "text": "sys one", "cache_control": {"type": "ephemeral"}}],
    "metadata": {"user_id": "u-1"},
    "messages": [
        {"role": "user", "content": "first question"},
        {
            "role": "assistant",
            "content": [
                {"type": "thinking", "thinking": "signed reasoning", "signature": "sig"},
                {"type": "text", "text": "let me look"},
                {"type": "tool_use", "id": "t1", "name": "find", "input": {"q": "needle", "opts": ["deep", 3]}},
            ],
        },
        {
            "role": "user",
            "content": [
                {"type": "tool_result", "tool_use_id": "t1", "content": [{"type": "text", "text": "found it"}]},
                {"type": "text", "text": "and now?"},
            ],
        },
    ],
}


def test_text_slots_cover_what_the_model_reads_and_skip_signed_thinking() -> None:
    body = orjson.loads(orjson.dumps(BODY))
    slots = MESSAGES_SURFACE.text_slots(body)
    texts = [slot.text for slot in slots]
    assert texts == ["sys one", "first question", "let me look", "needle", "deep", "found it", "and now?"]
    for slot in slots:
        slot.replace(slot.text.upper())
    blocks = body["messages"][1]["content"]
    assert blocks[2]["input"] == {"q": "NEEDLE", "opts": ["DEEP", 3]} and blocks[0]["thinking"] == "signed reasoning"
    assert body["system"][0]["cache_control"] == {"type": "ephemeral"}  # untouched around the text


def test_what_the_stages_read() -> None:
    surface = MESSAGES_SURFACE
    assert surface.end_user(BODY) == ("metadata.user_id", "u-1")
    assert surface.requested_output(BODY) == 100 and surface.stream_flags({**BODY, "stream": True}) == (True, True)
    assert "metadata" not in surface.cache_fields(BODY) and "system" in surface.cache_fields(BODY)
    plain = {"model": "claude", "max_tokens": 9, "messages": [{"role": "user", "content": "hello"}]}
    parts = surface.semantic_parts(plain, max_turns=10, any_temperature=False)
    assert parts is not None and parts.text == "hello"
    assert surface.semantic_parts(BODY, max_turns=10, any_temperature=False) is None  # ends with a tool result
    assert surface.semantic_parts({**plain, "tools": [{"name": "x"}]}, max_turns=10, any_temperature=False) is None
    assert surface.input_tokens(BODY, None) > 0
    assert "tool: found it" in surface.prompt_text(BODY) and 'assistant: find({"q":"needle"' in surface.prompt_text(
        BODY
    )
    usage = surface.usage(
        {
            "usage": {
                "input_tokens": 3,
                "output_tokens": 4,
                "cache_read_input_tokens": 5,
                "cache_creation_input_tokens": 6,
            }
        }
    )
    assert usage is not None and (usage.prompt_tokens, usage.cached_tokens, usage.cache_write_tokens) == (14, 5, 6)


@pytest.mark.parametrize(
    ("raw", "param"),
    [
        (b'{"model": "m", "messages": [{"role": "user", "content": "hi"}]}', "max_tokens"),
        (b'{"model": "m", "max_tokens": 5, "messages": []}', "messages"),
        (b'{"model": "m", "max_tokens": 5, "messages": [{"role": "system", "content": "hi"}]}', "messages.0.role"),
        (b'{"model": "m", "max_tokens": 5, "messages": [{"role": "user", "content": [{"text": "x"}]}]}', None),
        (b'{"model": "m", "max_tokens": 5, "messages": [{"role": "user", "content": "x"}], "system": 3}', "system"),
    ],
)
def test_a_body_the_stages_cannot_read_is_refused(raw: bytes, param: str | None) -> None:
    with pytest.raises(InvalidRequest) as refused:
        MESSAGES_SURFACE.parse(raw, [], templates=False)
    assert refused.value.param == (param or "messages.0.content")


@pytest.mark.parametrize(
    ("err", "status", "kind"),
    [
        (Unauthorized("no key"), 401, "authentication_error"),
        (RateLimited("slow down", headers={"retry-after": "3"}), 429, "rate_limit_error"),
        (UpstreamUnavailable("all paused"), 529, "overloaded_error"),
        (UpstreamError("overloaded", status=503, type_="overloaded_error"), 529, "overloaded_error"),
        (UpstreamError("boom", status=500, type_="api_error"), 500, "api_error"),
        (ScanTooLarge("too long"), 413, "request_too_large"),
        (InvalidRequest("bad"), 400, "invalid_request_error"),
    ],
)
def test_errors_render_as_anthropic_errors(err: ProxyError, status: int, kind: str) -> None:
    got, headers, body = MESSAGES_SURFACE.render_error(err)
    assert got == status and orjson.loads(body) == {"type": "error", "error": {"type": kind, "message": err.message}}
    assert dict(headers).get(b"retry-after") == err.headers.get("retry-after", "").encode() or not err.headers
    event = MESSAGES_SURFACE.error_event(err)
    assert event.startswith(b"event: error\ndata: ") and orjson.loads(event.split(b"data: ")[1]) == orjson.loads(body)


def _event(obj: dict[str, Any]) -> SSEEvent:
    return SSEEvent(data=orjson.dumps(obj), event=obj["type"].encode())


START = {"type": "message_start", "message": {"id": "msg_1", "model": "claude-up", "content": [],
                                              "usage": {"input_tokens": 7, "output_tokens": 1}}}  # fmt: skip
OPEN = {"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}}


def _delta(text: str) -> dict[str, Any]:
    return {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": text}}


ENDING = [
    {"type": "content_block_stop", "index": 0},
    {"type": "message_delta", "delta": {"stop_reason": "end_turn"}, "usage": {"output_tokens": 5}},
    {"type": "message_stop"},
]


class _CutAt(AnswerFilter):
    def __init__(self, text: str) -> None:
        self.text = text

    def on_delta(self, chunk: dict[str, Any]) -> DeltaAction:
        return DeltaAction.END if chunk.get("delta", {}).get("text") == self.text else DeltaAction.KEEP


def _relay(events: list[dict[str, Any]], cut_at: str | None = None) -> tuple[list[tuple[str, Any]], Any]:
    ex = new_exchange(endpoint="messages", surface=MESSAGES_SURFACE, alias="claude")
    if cut_at is not None:
        ex.filters = AnswerFilters()
        ex.filters.add(_CutAt(cut_at))

    async def more() -> AsyncGenerator[list[SSEEvent], None]:
        for obj in events[1:]:
            yield [_event(obj)]

    async def run() -> bytes:
        stream = ChatEventStream(200, [], [_event(events[0])], more())
        return b"".join([part async for part in MessagesRelay(ex, stream).events()])

    out = asyncio.run(run())
    frames = [f.split(b"\ndata: ") for f in out.strip().split(b"\n\n")]
    return [(name.removeprefix(b"event: ").decode(), orjson.loads(data)) for name, data in frames], ex


def test_the_relay_shows_the_alias_and_counts_usage() -> None:
    sent, ex = _relay([START, OPEN, _delta("Hi"), *ENDING])
    assert [name for name, _ in sent] == ["message_start", "content_block_start", "content_block_delta", *[
        e["type"] for e in ENDING]]  # fmt: skip
    assert sent[0][1]["message"]["model"] == "claude" and ex.answer_id == "msg_1"
    assert ex.usage.prompt_tokens == 7 and ex.usage.completion_tokens == 5 and ex.finish_reason == "stop"


def test_a_cut_ends_with_the_blocks_stop_a_refusal_and_message_stop() -> None:
    sent, ex = _relay([START, OPEN, _delta("fine "), _delta("bad"), _delta("never"), *ENDING], cut_at="bad")
    assert [name for name, _ in sent][-4:] == ["content_block_delta", "content_block_stop", "message_delta",
                                               "message_stop"]  # fmt: skip
    assert sent[-2][1]["delta"]["stop_reason"] == "refusal" and ex.finish_reason == "content_filter"
    assert all(obj.get("delta", {}).get("text") != "never" for _, obj in sent)


def test_an_upstream_that_stops_early_gets_an_error_or_the_missing_message_stop() -> None:
    cut, ex = _relay([START, OPEN, _delta("Hi")])
    assert cut[-1][0] == "error" and ex.error is not None
    almost, ex = _relay([START, OPEN, _delta("Hi"), *ENDING[:2]])
    assert almost[-1] == ("message_stop", {"type": "message_stop"}) and ex.error is None


@pytest.mark.parametrize(
    ("sent", "user"),
    [
        ("u-1", "u-1"),
        ("user_ab12_account_5e7f-9a_session_0c1d-22", "user_ab12_account_5e7f-9a"),  # Claude Code before 2.1.78
        ('{"device_id":"dev-1","account_uuid":"acc-9","session_id":"s-1"}', "acc-9"),  # and since
        ('{"device_id":"dev-1","account_uuid":"","session_id":"s-1"}', "dev-1"),
    ],
)
def test_the_end_user_is_the_stable_part_of_a_claude_code_user_id(sent: str, user: str) -> None:
    assert MESSAGES_SURFACE.end_user({"metadata": {"user_id": sent}}) == ("metadata.user_id", user)


def test_an_end_user_id_that_is_no_plain_token_is_hashed_not_refused() -> None:
    found = MESSAGES_SURFACE.end_user({"metadata": {"user_id": "Jane Doe <jane@example.org>"}})
    assert found is not None and found[1].startswith("sha256:") and "Jane" not in found[1]


def test_every_block_the_model_reads_is_scanned_and_none_crashes() -> None:
    search = {
        "type": "search_result",
        "source": "https://s",
        "title": "t1",
        "content": [{"type": "text", "text": "s1"}],
    }
    document = {"type": "document", "title": "d1", "context": "c1", "source": {"type": "base64", "data": "JVBERi0="}}
    image = {"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": "iVBORw0K"}}
    nested: dict[str, Any] = {"type": "text", "text": "deep"}
    for _ in range(3000):  # deeper than Python's recursion limit: the walk is iterative
        nested = {"type": "tool_result", "tool_use_id": "t", "content": [nested]}
    no_input = {"type": "tool_use", "id": "t2", "name": "f"}
    body = {"messages": [{"role": "user", "content": [search, document, image, nested]},
                         {"role": "assistant", "content": [no_input]}]}  # fmt: skip
    texts = [slot.text for slot in MESSAGES_SURFACE.text_slots(body)]
    assert texts == ["https://s", "t1", "s1", "d1", "c1", "deep"]
    assert MESSAGES_SURFACE.input_tokens(body, None) > 0


def test_the_answer_slots_cover_server_tool_results_but_not_thinking() -> None:
    answer = {
        "content": [
            {"type": "thinking", "thinking": "signed", "signature": "sig"},
            {"type": "server_tool_use", "id": "s1", "name": "web_search", "input": {"query": "q1"}},
            {"type": "web_search_tool_result", "tool_use_id": "s1", "content": [{"type": "r", "title": "r1"}]},
            {"type": "text", "text": "a1"},
        ]
    }
    assert [slot.text for slot in MESSAGES_SURFACE.answer_slots(answer)] == ["web_search", "q1", "r1", "a1"]


def test_web_searches_and_a_spent_budget() -> None:
    usage = MESSAGES_SURFACE.usage({"usage": {"input_tokens": 0, "server_tool_use": {"web_search_requests": 3}}})
    dep = Deployment(provider="p", model="claude-sonnet-4", input_cost_per_mtok=0, output_cost_per_mtok=0)
    assert usage is not None and usage.cost_usd(dep) == pytest.approx(0.03)
    status, _, body = MESSAGES_SURFACE.render_error(QuotaExceeded("The daily budget of key k is spent."))
    assert status == 402 and orjson.loads(body)["error"]["type"] == "billing_error"


def test_texts_under_any_key_of_a_tool_input_and_in_nested_documents_are_read() -> None:
    tool_use = {"type": "tool_use", "id": "t", "name": "f", "input": {"data": "d1", "id": "i1", "type": "y1"}}
    page = {"type": "document", "source": {"type": "text", "media_type": "text/plain", "data": "p1"}, "title": "pt"}
    fetched = {
        "type": "web_fetch_tool_result",
        "tool_use_id": "s",
        "content": {"type": "web_fetch_result", "content": page},
    }
    nested_doc = {"type": "tool_result", "tool_use_id": "t", "content": [page]}
    mcp = {
        "type": "mcp_tool_result",
        "tool_use_id": "m",
        "content": [{"type": "image", "source": {"type": "url", "url": "u1"}}],
    }
    body = {
        "messages": [
            {"role": "assistant", "content": [tool_use, fetched]},
            {"role": "user", "content": [nested_doc, mcp]},
        ]
    }
    texts = [slot.text for slot in MESSAGES_SURFACE.text_slots(body)]
    assert texts == ["d1", "i1", "y1", "p1", "pt", "p1", "pt"]
