"""SIGTERM drains: in-flight streams finish, new connections are refused, the process exits cleanly."""

from __future__ import annotations

import signal
import time
import uuid
from pathlib import Path

import httpx
import pytest

from tests.conftest import ProxyFactory, policy_text
from tests.support import ServerProcess, free_port


def test_sigterm_lets_in_flight_stream_finish(start_proxy: ProxyFactory) -> None:
    proxy = start_proxy()
    body = {
        "model": "gpt-4o-mini",
        "messages": [{"role": "user", "content": "hi"}],
        "stream": True,
        "mock": {"id": uuid.uuid4().hex, "chunks": 10, "chunk_delay_ms": 100},
    }
    assert proxy.proc is not None
    with httpx.stream("POST", proxy.url + "/v1/chat/completions", json=body, timeout=10) as resp:
        pieces = resp.iter_raw()
        received = [next(pieces)]
        proxy.proc.send_signal(signal.SIGTERM)
        time.sleep(0.2)
        with pytest.raises(httpx.ConnectError):
            httpx.get(proxy.url + "/healthz", timeout=1)
        received.extend(pieces)
    assert b"".join(received).rstrip().endswith(b"data: [DONE]")
    # uvicorn re-raises the signal once drained, so the exit status is "terminated by SIGTERM".
    assert proxy.proc.wait(10) in (0, -signal.SIGTERM)
    assert "Traceback" not in proxy.output()


def test_multiple_workers_serve_and_stop(mock_upstream: ServerProcess, tmp_path: Path) -> None:
    path = tmp_path / "config.yaml"
    path.write_text(policy_text(mock_upstream.url))
    port = free_port()
    server = ServerProcess(["proxy", "serve", "--config", str(path), "--port", str(port), "--workers", "2"], port)
    server.start()
    try:
        body = {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "hi"}]}
        for _ in range(4):
            assert httpx.post(server.url + "/v1/chat/completions", json=body, timeout=10).status_code == 200
        deadline = time.monotonic() + 15  # /healthz answers once the first worker is up
        while server.output().count("proxy ready") < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert server.output().count("proxy ready") == 2
    finally:
        assert server.stop() in (0, -signal.SIGTERM)
