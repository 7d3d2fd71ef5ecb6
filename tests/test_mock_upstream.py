"""The mock upstream, started as a real child process and driven over real sockets with httpx."""

from __future__ import annotations

import argparse
import base64
import gzip
import itertools
import json
import math
import struct
import time
import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from llm_proxy_mock import add_cli_arguments
from llm_proxy_mock.knobs import Knobs, knobs_from_namespace
from llm_proxy_mock.openai_wire import split_text
from tests.support import ServerProcess, free_port

CHAT = "/v1/chat/completions"
MESSAGES = [{"role": "system", "content": "be brief"}, {"role": "user", "content": "say hello to me"}]


@pytest.fixture(scope="module")
def mock() -> Iterator[ServerProcess]:
    port = free_port()
    server = ServerProcess(["llm_proxy_mock", "--port", str(port)], port).start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def client(mock: ServerProcess) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=mock.url, timeout=5.0) as c:
        yield c


def chat_body(stream: bool = False, **mock_knobs: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"model": "gpt-4o-mini", "messages": MESSAGES, "stream": stream}
    if mock_knobs:
        body["mock"] = mock_knobs
    return body


def raw_stream(
    client: httpx.Client, body: dict[str, Any], headers: dict[str, str] | None = None, path: str = CHAT
) -> tuple[httpx.Response, bytes]:
    with client.stream("POST", path, json=body, headers=headers) as resp:
        return resp, b"".join(resp.iter_raw())


def split_events(raw: bytes, sep: bytes = b"\n\n") -> list[bytes]:
    """The events of a complete SSE body; every event must end with `sep`."""
    assert raw.endswith(sep), raw[-80:]
    return raw[: -len(sep)].split(sep)


def data_objects(events: list[bytes]) -> list[dict[str, Any]]:
    out = []
    for event in events:
        assert event.startswith(b"data: {"), event
        out.append(json.loads(event[len(b"data: ") :]))
    return out


def log_records(client: httpx.Client, record_id: str) -> list[dict[str, Any]]:
    resp = client.get("/_mock/log", params={"id": record_id})
    assert resp.status_code == 200
    records: list[dict[str, Any]] = resp.json()["requests"]
    return records


def one_record(client: httpx.Client, record_id: str) -> dict[str, Any]:
    records = log_records(client, record_id)
    assert len(records) == 1, records
    return records[0]


def new_id() -> str:
    return uuid.uuid4().hex


def test_non_stream_chat_shape(client: httpx.Client) -> None:
    resp = client.post(CHAT, json=chat_body())
    assert resp.status_code == 200
    assert resp.headers["content-type"] == "application/json"
    assert resp.headers["x-request-id"].startswith("req_")
    obj = resp.json()
    assert obj["id"].startswith("chatcmpl-")
    assert obj["object"] == "chat.completion"
    assert isinstance(obj["created"], int)
    assert obj["model"] == "gpt-4o-mini"
    assert obj["system_fingerprint"] == "fp_mock"
    assert obj["choices"] == [
        {
            "index": 0,
            "message": {"role": "assistant", "content": "chunk0 chunk1 chunk2 chunk3 chunk4", "refusal": None},
            "logprobs": None,
            "finish_reason": "stop",
        }
    ]
    # 4 per message + words: (4 + 2) + (4 + 4)
    assert obj["usage"] == {
        "prompt_tokens": 14,
        "completion_tokens": 5,
        "total_tokens": 19,
        "prompt_tokens_details": {"cached_tokens": 0},
        "completion_tokens_details": {"reasoning_tokens": 0},
    }


def test_max_tokens_cuts_the_answer_and_dated_model(client: httpx.Client) -> None:
    body = {**chat_body(dated_model=True), "max_completion_tokens": 2}
    obj = client.post(CHAT, json=body).json()
    assert obj["choices"][0]["message"]["content"] == "chunk0 chunk1 "
    assert obj["choices"][0]["finish_reason"] == "length"
    assert obj["usage"]["completion_tokens"] == 2
    assert obj["model"] == "gpt-4o-mini-2024-07-18"


@pytest.mark.parametrize("include_usage", [False, True])
def test_stream_framing_and_sequence(client: httpx.Client, include_usage: bool) -> None:
    body = {
        **chat_body(stream=True, content="Hello there, how are you?", chunks=3),
        "stream_options": {"include_usage": include_usage},
    }
    resp, raw = raw_stream(client, body)
    assert resp.status_code == 200
    assert resp.headers["content-type"] == "text/event-stream"
    assert "content-length" not in resp.headers
    assert resp.headers["transfer-encoding"] == "chunked"
    events = split_events(raw)
    assert events[-1] == b"data: [DONE]"
    assert b"\r" not in raw and not any(e.startswith(b":") for e in events)
    chunks = data_objects(events[:-1])
    assert {(c["id"], c["created"], c["model"], c["object"]) for c in chunks} == {
        (chunks[0]["id"], chunks[0]["created"], "gpt-4o-mini", "chat.completion.chunk")
    }
    if include_usage:
        *chunks, usage_chunk = chunks
        assert usage_chunk["choices"] == []
        assert usage_chunk["usage"]["completion_tokens"] == 3
        assert usage_chunk["usage"]["total_tokens"] == usage_chunk["usage"]["prompt_tokens"] + 3
        assert all(c["usage"] is None for c in chunks)
    else:
        assert all("usage" not in c for c in chunks)
    deltas = [c["choices"][0]["delta"] for c in chunks]
    assert deltas[0] == {"role": "assistant", "content": ""}
    assert deltas[-1] == {}
    assert [c["choices"][0]["finish_reason"] for c in chunks] == [None] * 4 + ["stop"]
    pieces = [d["content"] for d in deltas[1:-1]]
    assert pieces == ["Hello ", "there, how ", "are you?"]


def test_tool_calls_interleave_and_reassemble(client: httpx.Client) -> None:
    _, raw = raw_stream(client, chat_body(stream=True, tool_calls=3, chunks=4))
    chunks = data_objects(split_events(raw)[:-1])
    assert chunks[0]["choices"][0]["delta"] == {"role": "assistant", "content": None}
    assert chunks[-1]["choices"][0]["finish_reason"] == "tool_calls"
    calls: dict[int, dict[str, Any]] = {}
    order = []
    for chunk in chunks[1:-1]:
        entries = chunk["choices"][0]["delta"]["tool_calls"]
        indices = [e["index"] for e in entries]
        assert len(indices) == len(set(indices))
        for entry in entries:
            k = entry["index"]
            order.append(k)
            if k not in calls:
                assert entry["id"].startswith(f"call_{k}_") and entry["type"] == "function"
                assert entry["function"] == {"name": "get_weather", "arguments": ""}
                calls[k] = {"id": entry["id"], "arguments": ""}
            else:
                assert set(entry) == {"index", "function"} and set(entry["function"]) == {"arguments"}
                calls[k]["arguments"] += entry["function"]["arguments"]
    assert sorted(calls) == [0, 1, 2]
    # Interleaved: after the three opening fragments, consecutive fragments belong to different calls.
    assert order[:3] == [0, 1, 2]
    assert order[3:9] == [0, 1, 2, 0, 1, 2]
    for k, call in calls.items():
        assert json.loads(call["arguments"]) == {"city": f"City{k}", "unit": "celsius"}

    obj = client.post(CHAT, json=chat_body(tool_calls=2)).json()
    message = obj["choices"][0]["message"]
    assert message["content"] is None and obj["choices"][0]["finish_reason"] == "tool_calls"
    assert [json.loads(c["function"]["arguments"])["city"] for c in message["tool_calls"]] == ["City0", "City1"]
    assert [c["id"].split("_")[:2] for c in message["tool_calls"]] == [["call", "0"], ["call", "1"]]
    assert all(c["type"] == "function" and c["function"]["name"] == "get_weather" for c in message["tool_calls"])


def test_429_with_retry_headers_even_for_stream_requests(client: httpx.Client) -> None:
    headers = {"x-mock-status": "429", "x-mock-retry-after": "2", "x-mock-retry-after-ms": "1500"}
    resp = client.post(CHAT, json=chat_body(stream=True), headers=headers)
    assert resp.status_code == 429
    assert resp.headers["content-type"] == "application/json"
    assert resp.headers["retry-after"] == "2"
    assert resp.headers["retry-after-ms"] == "1500"
    assert resp.json() == {
        "error": {"message": "mock error: HTTP 429", "type": "requests", "param": None, "code": "rate_limit_exceeded"}
    }


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [
        ("openai", {"error": {"message": "boom", "type": "overloaded", "param": None, "code": "busy"}}),
        ("flat", {"object": "error", "message": "boom", "type": "overloaded", "param": None, "code": 503}),
        ("string", {"error": "boom"}),
        ("detail", {"detail": "boom"}),
        ("text", "boom"),
    ],
)
def test_error_formats(client: httpx.Client, fmt: str, expected: Any) -> None:
    knobs: dict[str, Any] = {
        "status": 503,
        "error_message": "boom",
        "error_type": "overloaded",
        "error_code": "busy",
        "error_format": fmt,
    }
    resp = client.post(CHAT, json=chat_body(**knobs))
    assert resp.status_code == 503
    if fmt == "text":
        assert resp.headers["content-type"].startswith("text/plain")
        assert resp.text == expected
    else:
        assert resp.headers["content-type"] == "application/json"
        assert resp.json() == expected


def test_validation_errors_are_envelopes(client: httpx.Client) -> None:
    cases = [
        (client.post(CHAT, content=b"{not json"), 400, None),
        (client.post(CHAT, json=[1, 2]), 400, None),
        (client.post(CHAT, json={"messages": []}), 400, "model"),
        (client.post(CHAT, json={"model": "m", "messages": "hi"}), 400, "messages"),
        (client.post(CHAT, json={"model": "does-not-exist", "messages": []}), 404, "model"),
        (client.get(CHAT), 405, None),
        (client.post("/v1/nothing-here", json={}), 404, None),
    ]
    for resp, status, param in cases:
        assert resp.status_code == status, resp.text
        error = resp.json()["error"]
        assert set(error) == {"message", "type", "param", "code"}
        assert error["param"] == param
    assert cases[4][0].json()["error"]["code"] == "model_not_found"


def test_unknown_or_bad_knob_is_400_naming_it(client: httpx.Client) -> None:
    resp = client.post(CHAT, json=chat_body(chunkz=3))
    assert resp.status_code == 400
    assert resp.json()["error"]["param"] == "mock.chunkz" and "chunkz" in resp.json()["error"]["message"]
    resp = client.post(CHAT, json=chat_body(), headers={"x-mock-no-such-thing": "1"})
    assert resp.status_code == 400 and "no_such_thing" in resp.json()["error"]["message"]
    resp = client.post(CHAT, json=chat_body(chunks="many"))
    assert resp.status_code == 400 and resp.json()["error"]["param"] == "mock.chunks"
    resp = client.post(CHAT, json=chat_body(), headers={"x-mock-error-format": "xml"})
    assert resp.status_code == 400 and resp.json()["error"]["code"] == "invalid_mock_knob"


def test_drop_after_breaks_the_body(client: httpx.Client) -> None:
    record_id = new_id()
    received = b""
    with (
        pytest.raises(httpx.RemoteProtocolError),
        client.stream("POST", CHAT, json=chat_body(stream=True, drop_after=2, id=record_id)) as resp,
    ):
        assert resp.status_code == 200
        for part in resp.iter_raw():
            received += part
    contents = [c["choices"][0]["delta"].get("content") for c in data_objects(split_events(received))]
    assert contents == ["", "chunk0 ", "chunk1 "]
    assert b"[DONE]" not in received
    with pytest.raises(httpx.RemoteProtocolError):
        client.post(CHAT, json=chat_body(drop_after=0))
    record = one_record(client, record_id)
    assert (record["dropped"], record["finished"], record["disconnected"]) == (True, False, False)


def test_error_event_after(client: httpx.Client) -> None:
    resp, raw = raw_stream(client, chat_body(stream=True, error_event_after=1, error_message="went wrong"))
    assert resp.status_code == 200
    objects = data_objects(split_events(raw))
    assert [o["choices"][0]["delta"] for o in objects[:2]] == [
        {"role": "assistant", "content": ""},
        {"content": "chunk0 "},
    ]
    assert objects[2:] == [
        {"error": {"message": "went wrong", "type": "server_error", "param": None, "code": "mock_stream_error"}}
    ]


def test_no_done_still_finishes(client: httpx.Client) -> None:
    record_id = new_id()
    _, raw = raw_stream(client, chat_body(stream=True, no_done=True, chunks=2, id=record_id))
    objects = data_objects(split_events(raw))
    assert objects[-1]["choices"][0]["finish_reason"] == "stop"
    assert b"[DONE]" not in raw
    assert one_record(client, record_id)["finished"] is True


def test_keepalive_and_crlf_framing(client: httpx.Client) -> None:
    _, raw = raw_stream(client, chat_body(stream=True, chunks=3, keepalive=True, crlf=True))
    events = split_events(raw, b"\r\n\r\n")
    assert events.count(b": keepalive") == 3
    assert b"\n" not in b"".join(events)
    assert [e[:6] for e in events if e != b": keepalive"] == [b"data: "] * 6
    assert events[-1] == b"data: [DONE]"
    assert raw.replace(b"\r\n", b"").count(b"\n") == 0


def test_usage_on_every_chunk(client: httpx.Client) -> None:
    _, raw = raw_stream(client, chat_body(stream=True, usage_on_every_chunk=True))
    chunks = data_objects(split_events(raw)[:-1])
    assert len(chunks) == 7 and all("usage" in c and c["usage"] is None for c in chunks)


def test_knob_precedence_body_over_header_over_cli_default() -> None:
    port = free_port()
    server = ServerProcess(
        ["llm_proxy_mock", "--port", str(port), "--chunks", "3", "--content", "one two three four"], port
    ).start()
    try:
        with httpx.Client(base_url=server.url, timeout=5.0) as c:

            def content(body: dict[str, Any], headers: dict[str, str] | None = None) -> str:
                result: str = c.post(CHAT, json=body, headers=headers).json()["choices"][0]["message"]["content"]
                return result

            assert c.post(CHAT, json=chat_body()).json()["usage"]["completion_tokens"] == 3
            assert content(chat_body()) == "one two three four"
            assert content(chat_body(), {"x-mock-content": "from header"}) == "from header"
            assert content(chat_body(content="from body"), {"x-mock-content": "from header"}) == "from body"
            _, raw = raw_stream(c, chat_body(stream=True), {"x-mock-chunks": "4"})
            assert len(split_events(raw)) == 4 + 3
            _, raw = raw_stream(c, chat_body(stream=True, chunks=2), {"x-mock-chunks": "4"})
            assert len(split_events(raw)) == 2 + 3
    finally:
        server.stop()


def test_client_disconnect_is_recorded(mock: ServerProcess, client: httpx.Client) -> None:
    record_id = new_id()
    with (
        httpx.Client(base_url=mock.url, timeout=5.0) as short,
        short.stream("POST", CHAT, json=chat_body(stream=True, stall_after=1, id=record_id)) as resp,
    ):
        received = b""
        for part in resp.iter_raw():
            received += part
            if received.count(b"\n\n") == 2:
                break
    closed_at = time.time()
    deadline = time.monotonic() + 2.0
    record = one_record(client, record_id)
    while not record["disconnected"] and time.monotonic() < deadline:
        time.sleep(0.02)
        record = one_record(client, record_id)
    assert record["disconnected"] is True and record["finished"] is False
    assert closed_at - 0.5 <= record["disconnected_at"] <= closed_at + 2.0
    assert len(record["chunk_sent_at"]) == 1


def test_stall_ms_then_continues(client: httpx.Client) -> None:
    record_id = new_id()
    _, raw = raw_stream(client, chat_body(stream=True, stall_after=1, stall_ms=100, chunks=2, id=record_id))
    assert split_events(raw)[-1] == b"data: [DONE]"
    sent = one_record(client, record_id)["chunk_sent_at"]
    assert sent[1] - sent[0] >= 0.09


def test_chunk_delay_timing(client: httpx.Client) -> None:
    record_id = new_id()
    arrivals = []
    with client.stream("POST", CHAT, json=chat_body(stream=True, chunks=4, chunk_delay_ms=50, id=record_id)) as r:
        for _ in r.iter_raw():
            arrivals.append(time.monotonic())
    record = one_record(client, record_id)
    sent = record["chunk_sent_at"]
    assert len(sent) == 4 and record["finished"] is True
    gaps = [b - a for a, b in itertools.pairwise(sent)]
    assert all(0.045 <= g < 0.5 for g in gaps), gaps
    # Events leave one by one rather than in a single batch at the end.
    assert arrivals[-1] - arrivals[0] >= 0.13


def test_recorder_log_shape_filter_and_clear(mock: ServerProcess) -> None:
    with httpx.Client(base_url=mock.url, timeout=5.0) as c:
        record_id = new_id()
        c.post(
            CHAT,
            json=chat_body(),
            headers={"authorization": "Bearer sk-test", "x-mock-id": record_id},
            params={"q": "1"},
        )
        record = one_record(c, record_id)
        assert record["method"] == "POST" and record["path"] == CHAT and record["query"] == {"q": "1"}
        assert record["headers"]["authorization"] == "Bearer sk-test"
        assert record["body"] == chat_body()
        assert record["finished"] is True and record["disconnected"] is False
        assert record["disconnected_at"] is None and record["chunk_sent_at"] == []
        assert abs(record["started_at"] - time.time()) < 5
        assert c.delete("/_mock/log").status_code == 200
        assert c.get("/_mock/log").json() == {"requests": []}


def test_embeddings_float_and_base64_agree(client: httpx.Client) -> None:
    inputs = ["hello", "world", "hello"]
    floats = client.post("/v1/embeddings", json={"model": "emb", "input": inputs}).json()
    b64 = client.post("/v1/embeddings", json={"model": "emb", "input": inputs, "encoding_format": "base64"}).json()
    assert floats["object"] == "list" and floats["model"] == "emb"
    assert floats["usage"] == {"prompt_tokens": 3, "total_tokens": 3}
    vectors = [d["embedding"] for d in floats["data"]]
    decoded = [list(struct.unpack("<8f", base64.b64decode(d["embedding"]))) for d in b64["data"]]
    assert [d["index"] for d in b64["data"]] == [0, 1, 2]
    assert vectors == decoded
    assert vectors[0] == vectors[2] and vectors[0] != vectors[1]
    assert all(abs(math.sqrt(sum(v * v for v in vec)) - 1.0) < 1e-6 for vec in vectors)
    tokens = client.post("/v1/embeddings", json={"model": "emb", "input": [[1, 2, 3], [4]], "dimensions": 3})
    assert [len(d["embedding"]) for d in tokens.json()["data"]] == [3, 3]
    assert tokens.json()["usage"]["prompt_tokens"] == 4
    assert client.post("/v1/embeddings", json={"model": "emb", "input": []}).status_code == 400


def test_gzip_knob(client: httpx.Client) -> None:
    with client.stream("POST", CHAT, json=chat_body(gzip=True)) as resp:
        raw = b"".join(resp.iter_raw())
    assert resp.headers["content-encoding"] == "gzip"
    assert raw[:2] == b"\x1f\x8b"
    assert json.loads(gzip.decompress(raw))["object"] == "chat.completion"
    assert client.post(CHAT, json=chat_body(gzip=True)).json()["object"] == "chat.completion"


def test_legacy_completions(client: httpx.Client) -> None:
    obj = client.post("/v1/completions", json={"model": "davinci", "prompt": "say hi", "max_tokens": 3}).json()
    assert obj["object"] == "text_completion"
    assert obj["choices"][0]["text"] == "chunk0 chunk1 chunk2 "
    assert obj["choices"][0]["finish_reason"] == "length"
    assert obj["usage"] == {"prompt_tokens": 2, "completion_tokens": 3, "total_tokens": 5}
    _, raw = raw_stream(
        client,
        {"model": "davinci", "prompt": "x", "stream": True, "stream_options": {"include_usage": True}},
        path="/v1/completions",
    )
    events = split_events(raw)
    assert events[-1] == b"data: [DONE]"
    chunks = data_objects(events[:-1])
    assert "".join(c["choices"][0]["text"] for c in chunks[:-1]) == "chunk0 chunk1 chunk2 chunk3 chunk4"
    assert chunks[-2]["choices"][0]["finish_reason"] == "stop"
    assert chunks[-1]["choices"] == [] and chunks[-1]["usage"]["completion_tokens"] == 5


def test_models_moderations_health(client: httpx.Client) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
    models = client.get("/v1/models").json()
    assert models["object"] == "list"
    assert [(m["id"], m["object"], m["owned_by"]) for m in models["data"]] == [("mock-model", "model", "mock")]
    assert client.get("/v1/models/does-not-exist").status_code == 404
    mod = client.post("/v1/moderations", json={"input": ["a", "b MOCK-FLAG-ME"]}).json()
    assert mod["id"].startswith("modr-") and mod["model"] == "omni-moderation-latest"
    clean = {"flagged": False, "categories": {"violence": False}, "category_scores": {"violence": 0.0}}
    flagged = {"flagged": True, "categories": {"violence": True}, "category_scores": {"violence": 1.0}}
    assert mod["results"] == [clean, flagged]


def test_ttfb_delays_headers(client: httpx.Client) -> None:
    start = time.monotonic()
    with client.stream("POST", CHAT, json=chat_body(stream=True, ttfb_ms=150)) as resp:
        headers_at = time.monotonic()
        assert resp.status_code == 200
        resp.read()
    assert headers_at - start >= 0.14


def test_cli_flags_set_defaults_and_reject_bad_values() -> None:
    parser = argparse.ArgumentParser()
    add_cli_arguments(parser)
    ns = parser.parse_args(["--chunks", "20", "--chunk-delay-ms", "50", "--keepalive", "--drop-after", "3"])
    assert (ns.host, ns.port) == ("127.0.0.1", 9000)
    assert knobs_from_namespace(ns) == Knobs(chunks=20, chunk_delay_ms=50.0, keepalive=True, drop_after=3)
    assert knobs_from_namespace(parser.parse_args([])) == Knobs()
    for bad in (["--chunks", "0"], ["--status", "302"], ["--error-format", "xml"], ["--ttfb-ms", "soon"]):
        with pytest.raises(SystemExit):
            parser.parse_args(bad)


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("a b c d e", 5),
        ("a b c d e f g", 3),
        ("abc", 5),
        ("two words", 6),
        ("", 2),
        (" lead and trail ", 2),
    ],
)
def test_split_text_keeps_text_and_count(text: str, parts: int) -> None:
    pieces = split_text(text, parts)
    assert len(pieces) == parts and "".join(pieces) == text
    if len(text) >= parts:
        assert all(pieces)
    else:
        assert pieces[len(text) :] == [""] * (parts - len(text))


def test_chat_cache_usage_and_text_before_tools(client: httpx.Client) -> None:
    usage = client.post(CHAT, json=chat_body(cache_read_tokens=120, cache_creation_tokens=30)).json()["usage"]
    assert usage["prompt_tokens"] == 14 + 150 and usage["total_tokens"] == 164 + 5
    assert usage["prompt_tokens_details"] == {"cached_tokens": 120, "cache_write_tokens": 30}
    message = client.post(CHAT, json=chat_body(tool_calls=1, text_before_tools=True)).json()["choices"][0]["message"]
    assert message["content"] == "Let me look that up." and len(message["tool_calls"]) == 1
    _, raw = raw_stream(client, chat_body(stream=True, tool_calls=1, text_before_tools=True))
    deltas = [c["choices"][0]["delta"] for c in data_objects(split_events(raw)[:-1])]
    assert deltas[:2] == [{"role": "assistant", "content": ""}, {"content": "Let me look that up."}]
    assert "tool_calls" in deltas[2] and deltas[-1] == {}


AZURE_CHAT = "/openai/deployments/dep-a/chat/completions"


def test_azure_deployment_paths_need_api_version(client: httpx.Client) -> None:
    no_model = {"messages": MESSAGES}
    resp = client.post(AZURE_CHAT, json=no_model)
    assert resp.status_code == 404
    assert resp.json() == {"error": {"code": "404", "message": "Resource not found"}}
    assert client.post("/openai/deployments/dep-a/embeddings", json={"input": "x"}).status_code == 404

    record_id = new_id()
    params = {"api-version": "2024-10-21"}
    resp = client.post(AZURE_CHAT, json=no_model, params=params, headers={"api-key": "az-key", "x-mock-id": record_id})
    assert resp.status_code == 200 and resp.json()["model"] == "dep-a"
    record = one_record(client, record_id)
    assert (record["path"], record["query"], record["headers"]["api-key"]) == (AZURE_CHAT, params, "az-key")
    assert client.post(AZURE_CHAT, json=chat_body(), params=params).json()["model"] == "gpt-4o-mini"
    emb = client.post("/openai/deployments/emb-dep/embeddings", json={"input": "x"}, params=params).json()
    assert emb["model"] == "emb-dep" and len(emb["data"]) == 1
    resp = client.post(AZURE_CHAT, json=chat_body(status=429), params=params)
    assert resp.status_code == 429 and resp.json()["error"]["code"] == "rate_limit_exceeded"


def test_azure_v1_path_and_filter_chunk(client: httpx.Client) -> None:
    assert client.post("/openai/v1/chat/completions", json=chat_body()).json()["model"] == "gpt-4o-mini"
    assert client.post("/openai/v1/chat/completions", json={"messages": MESSAGES}).status_code == 400
    _, raw = raw_stream(
        client, chat_body(stream=True, chunks=2, azure_filter_chunk=True), path="/openai/v1/chat/completions"
    )
    events = split_events(raw)
    assert events[-1] == b"data: [DONE]"
    first, *chunks = data_objects(events[:-1])
    assert (first["id"], first["object"], first["created"], first["model"], first["choices"]) == ("", "", 0, "", [])
    assert first["prompt_filter_results"][0]["prompt_index"] == 0
    assert [c["choices"][0]["delta"] for c in chunks] == [
        {"role": "assistant", "content": ""},
        {"content": "chunk0 "},
        {"content": "chunk1"},
        {},
    ]


@pytest.fixture
def scratch() -> Iterator[httpx.Client]:
    """A mock of its own (server-wide script and stats), with a fixed seed."""
    port = free_port()
    server = ServerProcess(["llm_proxy_mock", "--port", str(port), "--seed", "7"], port).start()
    try:
        with httpx.Client(base_url=server.url, timeout=5.0) as c:
            yield c
    finally:
        server.stop()


def test_script_steps_in_order_then_defaults(scratch: httpx.Client) -> None:
    steps = [{"status": 503}, {"status": 429, "retry_after": "1"}, {"content": "third"}]
    assert scratch.post("/_mock/script", json={"steps": steps}).json() == {"steps": 3, "repeat": False}
    first = scratch.post(CHAT, json=chat_body())
    assert first.status_code == 503
    # A header knob wins over the step's knobs, and the step is used up all the same.
    second = scratch.post(CHAT, json=chat_body(), headers={"x-mock-status": "200", "x-mock-id": "second"})
    assert second.status_code == 200 and one_record(scratch, "second")["script_step"] == 1
    assert scratch.post(CHAT, json=chat_body()).json()["choices"][0]["message"]["content"] == "third"
    assert scratch.post(CHAT, json=chat_body()).json()["choices"][0]["message"]["content"].startswith("chunk0")
    assert scratch.get("/_mock/script").json() == {"steps": steps, "repeat": False, "taken": 3, "remaining": 0}


def test_script_repeat_spans_model_endpoints_and_clears(scratch: httpx.Client) -> None:
    script = {"steps": [{"status": 500}, {}], "repeat": True}
    assert scratch.post("/_mock/script", json=script).status_code == 200
    messages_body = {"model": "claude", "max_tokens": 10, "messages": [{"role": "user", "content": "hi"}]}
    statuses = [
        scratch.post(CHAT, json=chat_body()).status_code,
        scratch.post("/v1/messages", json=messages_body).status_code,
        scratch.get("/v1/models").status_code,  # not a model endpoint: takes no step
        scratch.post("/v1/embeddings", json={"model": "e", "input": "x"}).status_code,
        scratch.post("/v1/completions", json={"model": "d", "prompt": "x"}).status_code,
        scratch.post(CHAT, json=chat_body()).status_code,
    ]
    assert statuses == [500, 200, 200, 500, 200, 500]
    assert scratch.delete("/_mock/script").json() == {"cleared": 2}
    assert [scratch.post(CHAT, json=chat_body()).status_code for _ in range(3)] == [200] * 3
    for bad in ({"steps": [{"chunkz": 1}]}, {"steps": "x"}, {"steps": [], "repeat": "yes"}, {"steps": [1]}):
        resp = scratch.post("/_mock/script", json=bad)
        assert resp.status_code == 400 and resp.json()["error"]["message"], bad


def test_stats_count_outcomes(scratch: httpx.Client) -> None:
    scratch.delete("/_mock/stats")
    scratch.post(CHAT, json=chat_body())
    scratch.post(CHAT, json=chat_body())
    scratch.post(CHAT, json=chat_body(status=429))
    with pytest.raises(httpx.RemoteProtocolError):
        scratch.post(CHAT, json=chat_body(drop_after=0))
    with (
        httpx.Client(base_url=str(scratch.base_url), timeout=5.0) as other,
        other.stream("POST", CHAT, json=chat_body(stream=True, stall_after=0)) as resp,
    ):
        assert resp.status_code == 200
        assert scratch.get("/_mock/stats").json()["in_flight"] == 1
    deadline = time.monotonic() + 2.0
    stats = scratch.get("/_mock/stats").json()
    while stats["in_flight"] and time.monotonic() < deadline:
        time.sleep(0.02)
        stats = scratch.get("/_mock/stats").json()
    assert stats == {
        "requests": 5,
        "by_status": {"200": 2, "429": 1, "dropped": 1, "disconnected": 1},
        "in_flight": 0,
    }


def _fail_sequence(url: str, count: int) -> list[int]:
    with httpx.Client(base_url=url, timeout=5.0) as c:
        return [c.post(CHAT, json=chat_body()).status_code for _ in range(count)]


def test_fail_rate_is_seeded_and_reproducible() -> None:
    servers = []
    for seed in ("42", "42", "43"):
        port = free_port()
        args = ["llm_proxy_mock", "--port", str(port), "--fail-rate", "0.5", "--fail-status", "503"]
        servers.append(ServerProcess([*args, "--seed", seed], port).start())
    try:
        first, same, other = (_fail_sequence(s.url, 200) for s in servers)
        assert set(first) == {200, 503}
        assert 70 <= first.count(503) <= 130
        assert first == same and first != other
        stats = httpx.get(servers[0].url + "/_mock/stats").json()
        assert stats["by_status"] == {"200": first.count(200), "503": first.count(503)}
        # A body knob turns the fault off for one request; the draws go on in arrival order.
        with httpx.Client(base_url=servers[1].url, timeout=5.0) as c:
            assert c.post(CHAT, json=chat_body(fail_rate=0.0)).status_code == 200
    finally:
        for server in servers:
            server.stop()


def test_stall_rate_stalls_before_headers(client: httpx.Client) -> None:
    record_id = new_id()
    start = time.monotonic()
    resp = client.post(CHAT, json=chat_body(stall_rate=1.0, stall_ms=120, id=record_id))
    assert resp.status_code == 200 and time.monotonic() - start >= 0.11
    assert one_record(client, record_id)["fault"] == "stall"
    resp = client.post(CHAT, json=chat_body(fail_rate=1.0, fail_status=502, retry_after="3"))
    assert resp.status_code == 502 and resp.headers["retry-after"] == "3"
    assert client.post(CHAT, json=chat_body(fail_rate=1.5)).status_code == 400


def test_fault_cli_flags() -> None:
    parser = argparse.ArgumentParser()
    add_cli_arguments(parser)
    ns = parser.parse_args(["--seed", "9", "--fail-rate", "0.25", "--fail-status", "529", "--stall-rate", "0.1"])
    assert ns.seed == 9
    assert knobs_from_namespace(ns) == Knobs(fail_rate=0.25, fail_status=529, stall_rate=0.1)
    assert parser.parse_args([]).seed == 0
    for bad in (["--fail-rate", "2"], ["--fail-status", "200"], ["--stall-rate", "-0.1"]):
        with pytest.raises(SystemExit):
            parser.parse_args(bad)
