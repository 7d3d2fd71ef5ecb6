"""Policy reload over a real server: SIGHUP and the file watch swap limits and routes under load."""

from __future__ import annotations

import signal
import threading
import time
from pathlib import Path

import httpx

from tests.support import ServerProcess, free_port

POLICY = """
providers:
  mock: {{type: openai, base_url: "{url}/v1"}}
models:
  gpt-4o-mini: {{deployments: [{{provider: mock, model: {model}, name: {name}}}]}}
limits:
  rules: [{{name: per-model, scope: model, requests_per_minute: {rpm}}}]
logging: {{requests: false}}
server: {{drain_timeout_s: 2}}
"""
BODY = {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "hi"}]}


def write(path: Path, url: str, *, name: str, rpm: int, model: str = "gpt-4o-mini") -> None:
    path.write_text(POLICY.format(url=url, name=name, rpm=rpm, model=model))


class Load:
    """Requests back to back from two threads until stopped; records every status and deployment."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.results: list[tuple[float, int, str]] = []
        self.errors: list[str] = []
        self._stop = threading.Event()
        self._threads = [threading.Thread(target=self._run) for _ in range(2)]

    def _run(self) -> None:
        with httpx.Client(timeout=10) as client:
            while not self._stop.is_set():
                try:
                    resp = client.post(self.url + "/v1/chat/completions", json=BODY)
                except httpx.HTTPError as exc:
                    self.errors.append(repr(exc))
                    continue
                deployment = resp.headers.get("x-llm-proxy-deployment", "")
                self.results.append((time.monotonic(), resp.status_code, deployment))

    def __enter__(self) -> Load:
        for t in self._threads:
            t.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        for t in self._threads:
            t.join()


def served_by(load: Load, deployment: str, after: float) -> float | None:
    """When `deployment` first answered after `after`."""
    times = [t for t, status, dep in load.results if t >= after and dep == deployment and status == 200]
    return min(times) - after if times else None


def start(path: Path, env: dict[str, str] | None = None) -> ServerProcess:
    port = free_port()
    return ServerProcess(["proxy", "serve", "--config", str(path), "--port", str(port)], port, env=env or {}).start()


def test_sighup_swaps_routes_and_limits_under_load_without_a_failed_request(
    mock_upstream: ServerProcess, tmp_path: Path
) -> None:
    path = tmp_path / "config.yaml"
    write(path, mock_upstream.url, name="blue", rpm=1_000_000)
    proxy = start(path)
    try:
        with Load(proxy.url) as load:
            time.sleep(0.5)
            write(path, mock_upstream.url, name="green", rpm=1_000_000, model="upstream-green")
            swapped_at = time.monotonic()
            assert proxy.proc is not None
            proxy.proc.send_signal(signal.SIGHUP)
            time.sleep(1.5)
        assert load.errors == [] and {s for _, s, _ in load.results} == {200}
        took = served_by(load, "green", swapped_at)
        assert took is not None and took < 1.0, took
        assert not [d for t, _, d in load.results if t > swapped_at + 1.0 and d != "green"]
        # A lower limit takes effect at once: the next requests in this minute are refused.
        write(path, mock_upstream.url, name="green", rpm=2)
        proxy.proc.send_signal(signal.SIGHUP)
        time.sleep(0.5)
        statuses = [httpx.post(proxy.url + "/v1/chat/completions", json=BODY, timeout=10).status_code for _ in range(5)]
        assert 429 in statuses
    finally:
        proxy.stop()


def test_broken_policy_is_refused_and_reported_and_the_old_one_serves(
    mock_upstream: ServerProcess, tmp_path: Path
) -> None:
    path = tmp_path / "config.yaml"
    write(path, mock_upstream.url, name="blue", rpm=1_000_000)
    proxy = start(path)
    try:
        path.write_text(path.read_text().replace("type: openai", "type: opnai"))
        assert proxy.proc is not None
        proxy.proc.send_signal(signal.SIGHUP)
        deadline = time.monotonic() + 5
        while "policy reload (SIGHUP) refused" not in proxy.output() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert "policy reload (SIGHUP) refused" in proxy.output()
        assert "providers.mock.type" in proxy.output()
        resp = httpx.post(proxy.url + "/v1/chat/completions", json=BODY, timeout=10)
        assert resp.status_code == 200 and resp.headers["x-llm-proxy-deployment"] == "blue"
    finally:
        proxy.stop()


def test_file_watch_picks_up_a_changed_policy(mock_upstream: ServerProcess, tmp_path: Path) -> None:
    path = tmp_path / "config.yaml"
    write(path, mock_upstream.url, name="blue", rpm=1_000_000)
    proxy = start(path, env={"LLM_PROXY_WATCH_CONFIG": "1"})
    try:
        write(path, mock_upstream.url, name="green", rpm=1_000_000)
        deadline = time.monotonic() + 5
        deployment = ""
        while deployment != "green" and time.monotonic() < deadline:
            resp = httpx.post(proxy.url + "/v1/chat/completions", json=BODY, timeout=10)
            deployment = resp.headers["x-llm-proxy-deployment"]
            time.sleep(0.1)
        assert deployment == "green"
    finally:
        proxy.stop()


def test_workers_reload_on_sighup_and_keep_the_last_good_policy(mock_upstream: ServerProcess, tmp_path: Path) -> None:
    path = tmp_path / "config.yaml"
    write(path, mock_upstream.url, name="blue", rpm=1_000_000)
    port = free_port()
    args = ["proxy", "serve", "--config", str(path), "--port", str(port), "--workers", "2"]
    proxy = ServerProcess(args, port).start()

    def deployments(n: int = 12) -> set[str]:
        """Deployments that answered; a worker being restarted may refuse or reset (clients retry)."""
        seen: set[str] = set()
        with httpx.Client(timeout=10) as client:
            for _ in range(n):
                try:
                    resp = client.post(proxy.url + "/v1/chat/completions", json=BODY, headers={"connection": "close"})
                except httpx.TransportError:
                    continue
                if resp.status_code == 503:  # a worker being restarted drains: retryable `shutting_down`
                    assert resp.json()["error"]["code"] == "shutting_down"
                    continue
                assert resp.status_code == 200
                seen.add(resp.headers["x-llm-proxy-deployment"])
        return seen

    def after_hup(expected: str) -> set[str]:
        assert proxy.proc is not None
        proxy.proc.send_signal(signal.SIGHUP)
        deadline, seen = time.monotonic() + 15, set()
        while time.monotonic() < deadline:
            seen = deployments()
            if seen == {expected}:
                break
            time.sleep(0.3)
        return seen

    try:
        assert deployments() == {"blue"}
        write(path, mock_upstream.url, name="green", rpm=1_000_000)
        assert after_hup("green") == {"green"}
        path.write_text(path.read_text().replace("type: openai", "type: opnai"))
        assert proxy.proc is not None
        proxy.proc.send_signal(signal.SIGHUP)
        deadline = time.monotonic() + 15
        while proxy.output().count("keeps the last good policy") < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert proxy.output().count("keeps the last good policy") == 2  # both restarted workers refused it
        assert deployments() == {"green"}  # and serve the last good policy
    finally:
        proxy.stop()
