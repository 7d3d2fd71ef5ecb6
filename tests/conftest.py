"""Shared fixtures: a real mock upstream and real proxies (uvicorn) on loopback ports."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import openai
import pytest

from tests.redis_server import RedisClusterNodes, RedisServer
from tests.support import ServerProcess, free_port, stop_all

VIRTUAL_KEY = "vk-test-" + hashlib.sha256(b"team-a").hexdigest()[:16]


DEFAULT_TIMEOUTS = "{connect_s: 2, first_byte_s: 3, idle_s: 2, total_s: 30}"


def policy_text(upstream_url: str, *, keys: str = "[]", extra: str = "", timeouts: str = DEFAULT_TIMEOUTS) -> str:
    return f"""
server: {{max_body_bytes: 65536, drain_timeout_s: 5}}
providers:
  mock:
    type: openai
    base_url: {upstream_url}/v1
    api_key: ${{MOCK_UPSTREAM_KEY:-}}
    timeouts: {timeouts}
# Wire-level tests script faults on purpose: no retries, no breakers, so each fault is seen as sent.
models:
  gpt-4o-mini:
    deployments: [{{provider: mock, model: gpt-4o-mini}}]
    retry: {{max_attempts: 1}}
    breaker: {{enabled: false}}
  fast:
    deployments: [{{provider: mock, model: upstream-fast}}]
    retry: {{max_attempts: 1}}
    breaker: {{enabled: false}}
keys: {keys}
{extra}
"""


MockFactory = Callable[..., ServerProcess]


@pytest.fixture(scope="session")
def start_mock() -> Iterator[MockFactory]:
    """Start a mock upstream (a real aiohttp server in a child process); extra CLI flags allowed."""
    started: list[ServerProcess] = []

    def start(*flags: str) -> ServerProcess:
        port = free_port()
        server = ServerProcess(["proxy", "mock-upstream", "--port", str(port), *flags], port)
        started.append(server.start())
        return server

    yield start
    stop_all(started)


@pytest.fixture(scope="session")
def mock_upstream(start_mock: MockFactory) -> ServerProcess:
    return start_mock()


ProxyFactory = Callable[..., ServerProcess]


@pytest.fixture(scope="session")
def start_proxy(mock_upstream: ServerProcess, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ProxyFactory]:
    """Start a proxy (real uvicorn in a child process) on a policy written for the mock upstream."""
    started: list[ServerProcess] = []

    def start(
        *,
        keys: str = "[]",
        extra: str = "",
        env: dict[str, str] | None = None,
        upstream_url: str | None = None,
        timeouts: str = DEFAULT_TIMEOUTS,
        policy: str | None = None,
    ) -> ServerProcess:
        path: Path = tmp_path_factory.mktemp("policy") / "config.yaml"
        text = policy or policy_text(upstream_url or mock_upstream.url, keys=keys, extra=extra, timeouts=timeouts)
        path.write_text(text)
        port = free_port()
        server = ServerProcess(["proxy", "serve", "--config", str(path), "--port", str(port)], port, env=env or {})
        started.append(server.start())
        return server

    yield start
    stop_all(started)


@pytest.fixture(scope="session")
def proxy(start_proxy: ProxyFactory) -> ServerProcess:
    """An open-mode proxy in front of the mock upstream."""
    return start_proxy()


@pytest.fixture(scope="session")
def keyed_proxy(start_proxy: ProxyFactory) -> ServerProcess:
    """A keys-mode proxy: VIRTUAL_KEY is tenant team-a."""
    return start_proxy(keys='[{name: team-a, secret: "${TEAM_A_KEY}"}]', env={"TEAM_A_KEY": VIRTUAL_KEY})


@pytest.fixture
def client(proxy: ServerProcess) -> openai.OpenAI:
    return openai.OpenAI(base_url=proxy.url + "/v1", api_key="sk-caller-own-key", max_retries=0, timeout=20)


MockLog = Callable[[str], list[dict[str, Any]]]
"""The `mock_log` fixture: the shared mock upstream's records of one request id."""


@pytest.fixture
def mock_log(mock_upstream: ServerProcess) -> MockLog:
    def fetch(request_id: str) -> list[dict[str, Any]]:
        resp = httpx.get(mock_upstream.url + "/_mock/log", params={"id": request_id}, timeout=5)
        resp.raise_for_status()
        records: list[dict[str, Any]] = resp.json()["requests"]
        return records

    return fetch


@pytest.fixture(scope="module")
def redis_server() -> Iterator[RedisServer]:
    """A redis-server of the module's own (each module starts with an empty one)."""
    server = RedisServer().start()
    yield server
    server.stop()


@pytest.fixture
def outage_redis() -> Iterator[RedisServer]:
    """A redis-server of the test's own, for a test that kills or restarts it."""
    server = RedisServer().start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def redis_cluster() -> Iterator[RedisClusterNodes]:
    """A 3-primary Redis Cluster shared by the modules that test the Cluster topology (forming one takes ~2 s)."""
    cluster = RedisClusterNodes(primaries=3).start()
    try:
        yield cluster
    finally:
        cluster.stop()
