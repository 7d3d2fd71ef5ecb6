"""Policy reload over a real server: SIGHUP and the file watch swap limits and routes under load."""

from __future__ import annotations

import asyncio
import re
import signal
import time
from pathlib import Path

import httpx

from proxy.compose import compose
from proxy.config.policy import load_policy
from proxy.reload import Reloader
from proxy.runtime import Runtime
from tests.redis_server import silent_cluster
from tests.support import Load, ServerProcess, free_port

POLICY = """
providers:
  mock: {{type: openai, base_url: "{url}/v1"}}
models:
  gpt-4o-mini: {{deployments: [{{provider: mock, model: {model}, name: {name}}}]}}
limits:
  rules: [{{name: per-model, scope: model, requests_per_minute: {rpm}, burst: 1}}]
logging: {{requests: false}}
server: {{drain_timeout_s: 2}}
"""
BODY = {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "hi"}]}


def write(path: Path, url: str, *, name: str, rpm: int, model: str = "gpt-4o-mini") -> None:
    path.write_text(POLICY.format(url=url, name=name, rpm=rpm, model=model))


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


def test_single_process_sighup_keeps_rate_limit_counters(mock_upstream: ServerProcess, tmp_path: Path) -> None:
    path = tmp_path / "config.yaml"
    write(path, mock_upstream.url, name="blue", rpm=20)
    proxy = start(path)
    try:
        began = time.monotonic()
        with httpx.Client(base_url=proxy.url, timeout=10) as client:
            assert [client.post("/v1/chat/completions", json=BODY).status_code for _ in range(11)] == [200] * 11
            write(path, mock_upstream.url, name="green", rpm=20)
            assert proxy.proc is not None
            proxy.proc.send_signal(signal.SIGHUP)
            wait_for_output(proxy, "policy reloaded (SIGHUP)")
            allowed = 0
            while allowed < 30 and client.post("/v1/chat/completions", json=BODY).status_code == 200:
                allowed += 1
        refilled = int((time.monotonic() - began) * 20 / 60)  # the bucket refills one request every 3 s
        assert 9 <= allowed <= 9 + refilled, allowed
    finally:
        proxy.stop()


BREAKER_POLICY = """
providers:
  mock: {{type: openai, base_url: "{url}/v1"}}
models:
  gpt-4o-mini:
    deployments: [{{provider: mock, model: gpt-4o-mini, name: {name}}}]
    retry: {{max_attempts: 1}}
    breaker: {{consecutive_failures: 2, cooldown_s: 60}}
logging: {{requests: false}}
"""


def breaker_gauges(proxy: ServerProcess) -> dict[str, float]:
    text = httpx.get(proxy.url + "/metrics", timeout=5).text
    found = re.findall(r'^llm_proxy_breaker_open\{deployment="([^"]+)"\} (\S+)$', text, re.MULTILINE)
    return {deployment: float(value) for deployment, value in found}


def test_breaker_gauge_follows_a_reload(mock_upstream: ServerProcess, tmp_path: Path) -> None:
    path = tmp_path / "config.yaml"
    path.write_text(BREAKER_POLICY.format(url=mock_upstream.url, name="blue"))
    proxy = start(path)

    def open_blue() -> None:
        for _ in range(2):
            httpx.post(proxy.url + "/v1/chat/completions", json={**BODY, "mock": {"status": 500}}, timeout=10)
        assert httpx.get(proxy.url + "/readyz", timeout=5).json()["deployments"] == {"blue": "open"}
        assert breaker_gauges(proxy) == {"blue": 2.0}

    def reload(times: int) -> None:
        assert proxy.proc is not None
        proxy.proc.send_signal(signal.SIGHUP)
        wait_for_output(proxy, "policy reloaded (SIGHUP)", times)

    try:
        open_blue()
        reload(1)  # the same deployment, with a new (closed) breaker
        assert breaker_gauges(proxy) == {"blue": 0.0}
        open_blue()
        path.write_text(BREAKER_POLICY.format(url=mock_upstream.url, name="green"))
        reload(2)  # blue is gone
        assert breaker_gauges(proxy) == {}
    finally:
        proxy.stop()


def wait_for_output(proxy: ServerProcess, text: str, times: int = 1) -> None:
    deadline = time.monotonic() + 5
    while proxy.output().count(text) < times:
        assert time.monotonic() < deadline, proxy.output()
        time.sleep(0.05)


def test_a_reload_that_fails_while_starting_releases_the_new_runtime_and_leaves_the_old_one_alone(
    tmp_path: Path,
) -> None:
    # The new policy adds a model and moves the state to a Redis Cluster that never answers, so
    # the new Runtime's start waits (up to 2 s) to learn it; shutdown cancels the reload meanwhile.
    path = tmp_path / "config.yaml"
    write(path, "http://127.0.0.1:1", name="blue", rpm=60)

    async def scenario(nodes: str) -> None:
        old = compose(load_policy(path, {}))
        await old.start()
        current: list[Runtime] = [old]
        reloader = Reloader(path, lambda: current[-1], current.append)
        text = path.read_text().replace("models:", "models:\n  gpt-4o: {deployments: [{provider: mock, model: x}]}")
        path.write_text(text + f"state: {{redis_cluster: {{nodes: [{nodes}]}}}}\n")
        before = asyncio.all_tasks()
        reloading = asyncio.create_task(reloader.reload("test"))
        await asyncio.sleep(0.3)
        reloading.cancel()
        await asyncio.gather(reloading, return_exceptions=True)
        try:
            assert current == [old]
            assert old.metrics is not None and old.metrics.model_label("gpt-4o") == "unknown"
            assert asyncio.all_tasks() - before == set()  # nothing of the new Runtime left running
        finally:
            await old.close()

    with silent_cluster(2) as target:
        asyncio.run(scenario(", ".join(f'"{host}:{port}"' for host, port in target.cluster_nodes)))
