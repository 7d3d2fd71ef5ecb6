"""SIGTERM drains: in-flight streams finish, requests on open connections are served (then the
connection closes), new connections are refused, the process exits cleanly."""

from __future__ import annotations

import signal
import time
import uuid

import httpx
import pytest

from tests.conftest import ProxyFactory


def test_sigterm_lets_in_flight_stream_finish(start_proxy: ProxyFactory) -> None:
    proxy = start_proxy()
    body = {
        "model": "gpt-4o-mini",
        "messages": [{"role": "user", "content": "hi"}],
        "stream": True,
        "mock": {"id": uuid.uuid4().hex, "chunks": 20, "chunk_delay_ms": 100},  # open ~2 s: room for `late`
    }
    plain = {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "hi"}]}
    assert proxy.proc is not None
    with (
        httpx.Client(base_url=proxy.url, timeout=10) as kept,
        httpx.stream("POST", proxy.url + "/v1/chat/completions", json=body, timeout=10) as resp,
    ):
        assert kept.post("/v1/chat/completions", json=plain).headers.get("connection") != "close"
        pieces = resp.iter_raw()
        received = [next(pieces)]
        proxy.proc.send_signal(signal.SIGTERM)
        time.sleep(0.2)
        with pytest.raises(httpx.ConnectError):
            httpx.get(proxy.url + "/healthz", timeout=1)
        # A request on a connection kept alive from before is still served, and told to reconnect.
        late = kept.post("/v1/chat/completions", json=plain)
        assert late.status_code == 200 and late.headers["connection"] == "close", late.text
        with pytest.raises(httpx.ConnectError):  # the next one needs a new connection: refused
            kept.post("/v1/chat/completions", json=plain)
        received.extend(pieces)
    assert b"".join(received).rstrip().endswith(b"data: [DONE]")
    # uvicorn re-raises the signal once drained, so the exit status is "terminated by SIGTERM".
    assert proxy.proc.wait(10) in (0, -signal.SIGTERM)
    assert "Traceback" not in proxy.output()
