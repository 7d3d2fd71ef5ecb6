"""Test helpers: real servers (proxy, mock upstream) as child processes on loopback, the mock
upstream's per-request knobs and scripts, and Exchanges for unit tests."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from proxy.core.exchange import Exchange


def free_port() -> int:
    """A TCP port on 127.0.0.1 that was free a moment ago."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class ServerProcess:
    """A real server in a child process; `url` is its loopback base URL."""

    args: list[str]
    port: int
    env: dict[str, str] = field(default_factory=dict)
    ready_path: str = "/healthz"
    proc: subprocess.Popen[bytes] | None = None
    log_path: Path | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 20.0) -> ServerProcess:
        log = tempfile.NamedTemporaryFile(prefix="srv-", suffix=".log", delete=False)  # noqa: SIM115
        self.log_path = Path(log.name)
        env = {**os.environ, "PYTHONUNBUFFERED": "1", **self.env}
        self.proc = subprocess.Popen([sys.executable, "-m", *self.args], stdout=log, stderr=subprocess.STDOUT, env=env)
        log.close()
        self._wait_ready(timeout)
        return self

    def _wait_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.proc is not None
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited early:\n{self.output()}")
            try:
                if httpx.get(self.url + self.ready_path, timeout=1.0).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"server not ready after {timeout}s:\n{self.output()}")

    def output(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path else ""

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 15.0) -> int | None:
        if self.proc is None or self.proc.poll() is not None:
            return None if self.proc is None else self.proc.returncode
        self.proc.send_signal(sig)
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            return self.proc.wait(5)


def stop_all(servers: list[ServerProcess], timeout: float = 15.0) -> None:
    """Stop many servers at once: signal them all, then wait (each drains in parallel, not in turn)."""
    running = [s for s in servers if s.proc is not None and s.proc.poll() is None]
    for server in running:
        assert server.proc is not None
        server.proc.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + timeout
    for server in running:
        assert server.proc is not None
        try:
            server.proc.wait(max(deadline - time.monotonic(), 0.1))
        except subprocess.TimeoutExpired:
            server.proc.kill()
            server.proc.wait(5)


class FakeClock:
    """A monotonic clock the test moves by hand (`clock.now += 5`)."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


LOAD_BODY = {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "hi"}]}


class Load:
    """Chat requests from `threads` threads, each on its own kept-alive connection, one every
    `every_s` per thread (0: back to back), until stopped; records every request's start time,
    status and serving deployment, and every transport error."""

    def __init__(
        self, url: str, threads: int = 2, *, headers: dict[str, str] | None = None, every_s: float = 0.0
    ) -> None:
        self.url = url
        self.headers = headers or {}
        self.every_s = every_s
        self.results: list[tuple[float, int, str]] = []
        self.errors: list[str] = []
        self._stop = threading.Event()
        self._threads = [threading.Thread(target=self._run) for _ in range(threads)]

    def _run(self) -> None:
        with httpx.Client(timeout=10, headers=self.headers) as client:
            while not self._stop.is_set():
                started = time.monotonic()
                try:
                    resp = client.post(self.url + "/v1/chat/completions", json=LOAD_BODY)
                except httpx.HTTPError as exc:
                    self.errors.append(repr(exc))
                    continue
                deployment = resp.headers.get("x-llm-proxy-deployment", "")
                self.results.append((started, resp.status_code, deployment))
                if self.every_s:
                    self._stop.wait(max(0.0, self.every_s - (time.monotonic() - started)))

    def wait_for_refusal(self, *, after: float, min_s: float, timeout: float = 5.0) -> None:
        """Wait at least `min_s` past `after`, and until a request started after `after` was refused (429)."""
        deadline = after + timeout
        while time.monotonic() < deadline:
            if time.monotonic() >= after + min_s and any(at >= after and s == 429 for at, s, _ in self.results):
                return
            time.sleep(0.02)
        raise AssertionError(f"no 429 within {timeout} s: {self.results[-20:]} {self.errors[-5:]}")

    def admitted(self, start: float, end: float) -> tuple[int, int]:
        """(200s, 429s) among the requests started in [start, end)."""
        window = [status for at, status, _ in self.results if start <= at < end]
        return window.count(200), window.count(429)

    def __enter__(self) -> Load:
        for t in self._threads:
            t.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        for t in self._threads:
            t.join()


def knobs(**values: Any) -> dict[str, Any]:
    """Per-request mock upstream knobs for a request body (or the SDK's extra_body), with a fresh
    record id for `/_mock/log` unless `id` is given."""
    values.setdefault("id", uuid.uuid4().hex)
    return {"mock": values}


def fake_key(kind: str) -> str:
    """An obviously fake API key in a provider's shape (`anthropic`: sk-ant-..., `openai`:
    sk-proj-...), made at run time so that no key-shaped literal lives in the repository."""
    prefix = {"anthropic": "sk-" + "ant-", "openai": "sk-" + "proj-"}[kind]
    return f"{prefix}FAKE-not-a-real-key-{uuid.uuid4().hex[:8]}"


def script(mock: ServerProcess, *steps: dict[str, Any], repeat: bool = False) -> None:
    """Make the mock upstream `mock` answer its next requests by `steps` (each a set of knobs)."""
    httpx.post(mock.url + "/_mock/script", json={"steps": list(steps), "repeat": repeat}, timeout=5).raise_for_status()


def new_exchange(**fields: Any) -> Exchange:
    """An Exchange as a chat request starts one (id "r", POST /, no headers); `fields` override or add."""
    defaults: dict[str, Any] = {
        "request_id": "r",
        "endpoint": "chat",
        "method": "POST",
        "path": "/",
        "t_start": 0.0,
        "headers": [],
    }
    return Exchange(**(defaults | fields))


# The Responses API's event order for one message of one text part streamed in two deltas
# (protocol.md section 9), as the SDK's stream helper expects it.
TWO_DELTA_TEXT_EVENTS = [
    "response.created",
    "response.in_progress",
    "response.output_item.added",
    "response.content_part.added",
    "response.output_text.delta",
    "response.output_text.delta",
    "response.output_text.done",
    "response.content_part.done",
    "response.output_item.done",
    "response.completed",
]
