"""Chat stream relay, driven with scripted upstream event batches (unit test of one module)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator

import orjson

from proxy.core.errors import UpstreamTimeout
from proxy.core.exchange import Exchange
from proxy.core.sse import SSEEvent, SSEParser
from proxy.surfaces.relay import ChatRelay
from proxy.upstream.providers.base import ChatEventStream
from tests.support import new_exchange


def chunk(content: str | None = None, *, finish: str | None = None, usage: bool = False, model: str = "up-1") -> bytes:
    choices = [] if usage else [{"index": 0, "delta": {"content": content} if content else {}, "finish_reason": finish}]
    obj: dict[str, object] = {"id": "c1", "object": "chat.completion.chunk", "model": model, "choices": choices}
    if usage:
        obj["usage"] = {"prompt_tokens": 3, "completion_tokens": 2, "total_tokens": 5}
    return b"data: " + orjson.dumps(obj) + b"\n\n"


def events(raw: bytes) -> list[SSEEvent]:
    return SSEParser().feed(raw)


def relay(
    batches: list[bytes], *, include_usage: bool, alias: str = "up-1", fail: Exception | None = None
) -> tuple[list[bytes], Exchange, list[str]]:
    closed: list[str] = []
    ex = new_exchange()
    ex.alias, ex.stream, ex.include_usage = alias, True, include_usage
    ex.status, ex.response_started = 200, True  # as send_reply leaves it before iterating

    async def more() -> AsyncGenerator[list[SSEEvent], None]:
        try:
            for raw in batches[1:]:
                yield events(raw)
            if fail is not None:
                raise fail
        finally:
            closed.append("closed")

    async def collect() -> list[bytes]:
        stream = ChatEventStream(200, [], events(batches[0]), more())
        return [out async for out in ChatRelay(ex, stream).events()]

    return asyncio.run(collect()), ex, closed


def payloads(out: list[bytes]) -> list[bytes]:
    return [e.data for e in SSEParser().feed(b"".join(out)) if e.data is not None]


def test_untouched_events_keep_upstream_bytes_and_usage_is_recorded() -> None:
    batches = [chunk("Hel"), chunk("lo") + chunk(finish="stop"), chunk(usage=True) + b"data: [DONE]\n\n"]
    out, ex, closed = relay(batches, include_usage=True)
    assert b"".join(out) == b"".join(batches)
    assert ex.usage is not None and ex.usage.total_tokens == 5
    assert ex.finish_reason == "stop" and closed == ["closed"]


def test_usage_chunk_is_dropped_when_caller_did_not_ask() -> None:
    batches = [chunk("Hi"), chunk(finish="stop"), chunk(usage=True), b"data: [DONE]\n\n"]
    out, ex, _ = relay(batches, include_usage=False)
    assert all(b'"usage"' not in p for p in payloads(out))
    assert payloads(out)[-1] == b"[DONE]"
    assert ex.usage is not None and ex.usage.prompt_tokens == 3


def test_alias_replaces_upstream_model_name() -> None:
    out, _, _ = relay(
        [chunk("Hi", model="gpt-4o-mini-2024-07-18"), b"data: [DONE]\n\n"], include_usage=False, alias="mini"
    )
    assert orjson.loads(payloads(out)[0])["model"] == "mini"


def test_eof_after_finish_gets_done() -> None:
    out, ex, _ = relay([chunk("Hi"), chunk(finish="stop")], include_usage=False)
    assert payloads(out)[-1] == b"[DONE]" and ex.error is None


def test_eof_before_finish_is_an_error_event_not_a_stop() -> None:
    out, ex, _ = relay([chunk("Hi")], include_usage=False)
    last = orjson.loads(payloads(out)[-1])
    assert "error" in last and b"[DONE]" not in payloads(out)
    assert ex.error is not None and ex.finish_reason is None


def test_upstream_failure_mid_stream_becomes_error_event() -> None:
    out, ex, closed = relay([chunk("Hi")], include_usage=False, fail=UpstreamTimeout("too slow"))
    assert orjson.loads(payloads(out)[-1])["error"]["message"] == "too slow"
    assert ex.status == 200 and ex.error is not None and closed == ["closed"]


def test_in_stream_error_event_ends_the_relay() -> None:
    err = b'data: {"error":{"message":"overloaded","type":"server_error"}}\n\n'
    out, ex, _ = relay([chunk("Hi"), err + chunk("never")], include_usage=False)
    assert orjson.loads(payloads(out)[-1])["error"]["message"] == "overloaded"
    assert len(payloads(out)) == 2 and ex.error is not None


def test_keepalives_and_empty_events_never_reach_the_caller() -> None:
    out, _, _ = relay(
        [b": keepalive\n\n" + chunk("Hi"), b"data:\n\n: ping\n\nid: 3\n\n", b"data: [DONE]\n\n"], include_usage=False
    )
    joined = b"".join(out)
    assert b"keepalive" not in joined and b"ping" not in joined and b"id:" not in joined
    assert payloads(out)[-1] == b"[DONE]"


def test_usage_of_another_shape_is_ignored_not_a_crash() -> None:
    odd = b'data: {"id":"c","object":"chat.completion.chunk","model":"up-1","choices":[],"usage":[3,2]}\n\n'
    batches = [chunk("Hi"), chunk(finish="stop") + odd, b"data: [DONE]\n\n"]
    out, ex, closed = relay(batches, include_usage=True)
    assert payloads(out)[-1] == b"[DONE]" and ex.error is None
    assert ex.usage is None and ex.finish_reason == "stop" and closed == ["closed"]
