"""Request heads are bounded (size, count, time) and parse errors answer in the OpenAI envelope.

Found by probing: a 1 MiB header was accepted, 300 connections trickling header lines stayed open
indefinitely, and `FOO /v1/chat/completions` got uvicorn's plain-text 400. Raw sockets: an HTTP
client library would refuse to send most of these.
"""

from __future__ import annotations

import contextlib
import socket
import time

import orjson
import pytest

from tests.conftest import ProxyFactory, policy_text
from tests.support import ServerProcess

HEAD_TIMEOUT_S = 0.6


@pytest.fixture(scope="module")
def bounded(start_proxy: ProxyFactory, mock_upstream: ServerProcess) -> ServerProcess:
    plain = "server: {max_body_bytes: 65536, drain_timeout_s: 5}"
    assert plain in policy_text(mock_upstream.url), "the shared policy's server line changed: update this fixture"
    text = policy_text(mock_upstream.url).replace(
        plain,
        f"server: {{max_body_bytes: 65536, drain_timeout_s: 5, max_header_bytes: 8192, max_headers: 30,"
        f" header_timeout_s: {HEAD_TIMEOUT_S}}}",
    )
    return start_proxy(policy=text)


def _read_all(sock: socket.socket) -> bytes:
    data = b""
    try:
        while chunk := sock.recv(65536):
            data += chunk
    except (ConnectionResetError, TimeoutError):
        pass
    return data


def _answer(data: bytes) -> tuple[int, dict[str, str], dict[str, object]]:
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = dict((k.strip().lower(), v.strip()) for k, v in (line.split(":", 1) for line in lines[1:]))
    return int(lines[0].split()[1]), headers, orjson.loads(body)


def _exchange(port: int, raw: bytes) -> tuple[int, dict[str, str], dict[str, object]]:
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # it may refuse before reading all
            sock.sendall(raw)
        return _answer(_read_all(sock))


def _error(body: dict[str, object]) -> dict[str, object]:
    error = body["error"]
    assert isinstance(error, dict)
    return error


def test_a_huge_header_is_431_in_the_openai_envelope(bounded: ServerProcess) -> None:
    raw = b"GET /v1/models HTTP/1.1\r\nhost: x\r\nx-big: " + b"a" * (1024 * 1024) + b"\r\n\r\n"
    status, headers, body = _exchange(bounded.port, raw)
    assert status == 431
    assert _error(body)["code"] == "request_header_fields_too_large"
    assert headers["connection"] == "close" and headers["x-request-id"]


def test_too_many_headers_is_431(bounded: ServerProcess) -> None:
    lines = b"".join(b"x-h%d: v\r\n" % i for i in range(40))
    status, _, body = _exchange(bounded.port, b"GET /v1/models HTTP/1.1\r\nhost: x\r\n" + lines + b"\r\n")
    assert status == 431 and "at most 30 headers" in str(_error(body)["message"])


def test_an_unknown_method_gets_the_openai_envelope(bounded: ServerProcess) -> None:
    status, headers, body = _exchange(bounded.port, b"FOO /v1/chat/completions HTTP/1.1\r\nhost: x\r\n\r\n")
    assert status == 400 and headers["content-type"] == "application/json"
    assert _error(body)["type"] == "invalid_request_error" and _error(body)["code"] == "invalid_http_request"


def test_trickled_headers_are_cut_off(bounded: ServerProcess) -> None:
    """Many connections each sending a header line now and then are answered 408 and closed once
    the head timeout passes, however steadily they trickle: they keep trickling for three head
    timeouts, and the 408 must already be there when they stop (an idle timer would not have fired)."""
    socks = [socket.create_connection(("127.0.0.1", bounded.port), timeout=5) for _ in range(30)]
    try:
        for sock in socks:
            sock.sendall(b"POST /v1/chat/completions HTTP/1.1\r\n")
        t0 = time.monotonic()
        while time.monotonic() - t0 < 3 * HEAD_TIMEOUT_S:
            for i, sock in enumerate(socks):
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    sock.sendall(b"x-slow-%d: 1\r\n" % i)
            time.sleep(0.1)
        for sock in socks:
            sock.settimeout(0.3)  # only an answer already sent counts
            status, _, body = _answer(_read_all(sock))
            assert status == 408 and _error(body)["code"] == "request_timeout"
    finally:
        for sock in socks:
            sock.close()


def test_a_kept_alive_connection_may_idle_between_requests(bounded: ServerProcess) -> None:
    """The head timeout starts at a request's first byte, not at the end of the previous answer."""
    request = b"GET /v1/models HTTP/1.1\r\nhost: x\r\n" + b"".join(b"x-h%d: v\r\n" % i for i in range(20)) + b"\r\n"
    with socket.create_connection(("127.0.0.1", bounded.port), timeout=5) as sock:
        for attempt in range(2):
            if attempt:
                time.sleep(HEAD_TIMEOUT_S + 0.3)
            sock.sendall(request)
            data = b""
            while b"\r\n\r\n" not in data or not data.rstrip().endswith(b"}"):
                chunk = sock.recv(65536)
                assert chunk, f"the proxy closed the kept-alive connection: {data!r}"
                data += chunk
            assert data.startswith(b"HTTP/1.1 200")
