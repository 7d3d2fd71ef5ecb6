"""The bytes on the wire: SSE framing and headers, timeouts, unreachable upstreams, logs, metrics."""

from __future__ import annotations

import gzip
import socket
import time
import uuid
from typing import Any

import httpx
import orjson
import pytest

from tests.conftest import ProxyFactory
from tests.support import ServerProcess, free_port

MESSAGES = [{"role": "user", "content": "hello there"}]


def chat_body(stream: bool = False, **mock: Any) -> dict[str, Any]:
    mock.setdefault("id", uuid.uuid4().hex)
    return {"model": "gpt-4o-mini", "messages": MESSAGES, "stream": stream, "mock": mock}


def raw_stream(server: ServerProcess, body: dict[str, Any], **headers: str) -> tuple[httpx.Response, bytes]:
    with httpx.stream("POST", server.url + "/v1/chat/completions", json=body, headers=headers, timeout=10) as resp:
        data = resp.read()
    return resp, data


def data_lines(raw: bytes) -> list[bytes]:
    return [block for block in raw.split(b"\n\n") if block]


def test_sse_headers_and_framing(proxy: ServerProcess) -> None:
    resp, raw = raw_stream(proxy, chat_body(stream=True, chunks=4), **{"x-request-id": "caller-req-42"})
    assert resp.status_code == 200
    assert resp.headers["content-type"].startswith("text/event-stream")
    assert resp.headers["x-accel-buffering"] == "no"
    assert resp.headers["cache-control"] == "no-cache"
    assert "content-length" not in resp.headers and "content-encoding" not in resp.headers
    assert resp.headers["x-request-id"] == "caller-req-42"
    blocks = data_lines(raw)
    assert all(b.startswith(b"data: ") and b"\n" not in b for b in blocks), blocks
    assert blocks[-1] == b"data: [DONE]"


def test_keepalives_crlf_and_missing_done_are_repaired(proxy: ServerProcess) -> None:
    _, raw = raw_stream(proxy, chat_body(stream=True, chunks=3, keepalive=True, crlf=True, no_done=True))
    assert b":" not in raw.split(b"data: ")[0], "a comment line reached the caller"
    assert b"keepalive" not in raw and b"id:" not in raw
    blocks = data_lines(raw.replace(b"\r\n", b"\n"))
    assert blocks[-1] == b"data: [DONE]"
    assert orjson.loads(blocks[-2][6:])["choices"][0]["finish_reason"] == "stop"


def test_gzip_upstream_answer_is_not_forwarded_with_its_encoding(proxy: ServerProcess) -> None:
    resp = httpx.post(proxy.url + "/v1/chat/completions", json=chat_body(gzip=True), timeout=10)
    assert resp.status_code == 200
    assert "content-encoding" not in resp.headers
    assert resp.json()["choices"][0]["message"]["content"]
    assert resp.headers["content-length"] == str(len(resp.content))
    with pytest.raises(gzip.BadGzipFile):
        gzip.decompress(resp.content)


def log_record(proxy: ServerProcess, request_id: str, wait_s: float = 5.0) -> dict[str, Any]:
    """The request's log line; it is written just after the answer is sent, so it may lag the answer."""
    deadline = time.monotonic() + wait_s
    while True:
        lines = [orjson.loads(line) for line in proxy.output().splitlines() if line.startswith("{")]
        found = [r for r in lines if r.get("request_id") == request_id]
        if found or time.monotonic() > deadline:
            assert found, f"no log line for {request_id}"
            return dict(found[0])
        time.sleep(0.02)


def test_request_log_line_is_json_without_secrets(proxy: ServerProcess) -> None:
    resp = httpx.post(
        proxy.url + "/v1/chat/completions",
        json=chat_body(),
        headers={"authorization": "Bearer sk-super-secret-caller-key", "x-request-id": "log-check-1"},
        timeout=10,
    )
    assert resp.status_code == 200
    record = log_record(proxy, "log-check-1")
    assert record["status"] == 200 and record["model"] == "gpt-4o-mini" and record["tenant"] == "anonymous"
    assert record["upstream_model"] == "gpt-4o-mini" and record["prompt_tokens"] > 0
    assert record["overhead_ms"] >= 0 and record["duration_ms"] >= record["upstream_ms"]
    assert record["upstream_request_id"].startswith("req_mock")
    assert resp.headers["x-upstream-request-id"] == record["upstream_request_id"]
    assert "sk-super-secret" not in proxy.output()


def test_metrics_count_requests(proxy: ServerProcess) -> None:
    httpx.post(proxy.url + "/v1/chat/completions", json=chat_body(), timeout=10)
    text = httpx.get(proxy.url + "/metrics", timeout=5).text
    expected = (
        'llm_proxy_requests_total{deployment="mock/gpt-4o-mini",endpoint="chat",fault="none",'
        'model="gpt-4o-mini",provider="mock",status="200"}'
    )
    assert expected in text
    assert "llm_proxy_overhead_seconds_bucket" in text
    assert "llm_proxy_upstream_duration_seconds_count" in text


def test_health_and_readiness(proxy: ServerProcess) -> None:
    assert httpx.get(proxy.url + "/healthz").status_code == 200
    ready = httpx.get(proxy.url + "/readyz").json()
    assert ready["status"] == "ready"
    assert ready["deployments"] == {"mock/gpt-4o-mini": "closed", "mock/upstream-fast": "closed"}


@pytest.fixture(scope="module")
def impatient_proxy(start_proxy: ProxyFactory) -> ServerProcess:
    return start_proxy(timeouts="{connect_s: 1, first_byte_s: 0.5, idle_s: 0.5, total_s: 10}")


def test_first_byte_timeout_is_504(impatient_proxy: ServerProcess) -> None:
    resp = httpx.post(impatient_proxy.url + "/v1/chat/completions", json=chat_body(ttfb_ms=3000), timeout=10)
    assert resp.status_code == 504
    assert resp.json()["error"]["code"] == "upstream_timeout"


def test_idle_timeout_mid_stream_is_an_error_event(impatient_proxy: ServerProcess) -> None:
    resp, raw = raw_stream(impatient_proxy, chat_body(stream=True, chunks=4, stall_after=2, stall_ms=3000))
    assert resp.status_code == 200
    last = orjson.loads(data_lines(raw)[-1][6:])
    assert last["error"]["code"] == "upstream_timeout"
    assert b"[DONE]" not in raw


def test_slow_but_steady_stream_is_not_cut(impatient_proxy: ServerProcess) -> None:
    _, raw = raw_stream(impatient_proxy, chat_body(stream=True, chunks=4, chunk_delay_ms=300, first_chunk_ms=300))
    assert data_lines(raw)[-1] == b"data: [DONE]"


def test_unreachable_upstream_is_502(start_proxy: ProxyFactory) -> None:
    dead = start_proxy(upstream_url=f"http://127.0.0.1:{free_port()}")
    for stream in (False, True):
        resp = httpx.post(dead.url + "/v1/chat/completions", json=chat_body(stream=stream), timeout=10)
        assert resp.status_code == 502
        assert resp.json()["error"]["code"] == "upstream_unreachable"
    for path in ("/v1/embeddings", "/v1/responses", "/v1/moderations"):  # governed doors and the pass-through
        other = httpx.post(dead.url + path, json={"model": "gpt-4o-mini", "input": "x"}, timeout=10)
        assert other.status_code == 502, path
        assert "127.0.0.1" not in other.text


def test_client_gone_while_sending_body_is_logged_once(proxy: ServerProcess) -> None:
    request = (
        b"POST /v1/chat/completions HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\n"
        b"x-request-id: half-body-1\r\ncontent-length: 1000\r\n\r\n" + b'{"model": "gpt-4o-mini"'
    )
    with socket.create_connection(("127.0.0.1", proxy.port), timeout=5) as sock:
        sock.sendall(request)
        time.sleep(0.1)

    def logged() -> list[dict[str, Any]]:
        lines = [orjson.loads(line) for line in proxy.output().splitlines() if line.startswith("{")]
        return [r for r in lines if r["request_id"] == "half-body-1"]

    deadline = time.monotonic() + 3
    while not logged() and time.monotonic() < deadline:
        time.sleep(0.05)
    records = logged()
    assert len(records) == 1
    assert records[0]["status"] == 499 and records[0]["fault"] == "caller"
