"""`--workers N` over real processes: one supervisor for the module, reloaded and stopped.

A SIGHUP makes uvicorn's supervisor replace the workers one by one; a worker that drains must not
fail the requests that keep arriving on its kept-alive connections.
"""

from __future__ import annotations

import signal
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from tests.support import Load, ServerProcess, free_port
from tests.test_reload import BODY, write

Wait = Callable[[Callable[[], bool], float], None]


@pytest.fixture(scope="module")
def policy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("workers") / "config.yaml"


@pytest.fixture(scope="module")
def workers(mock_upstream: ServerProcess, policy: Path) -> Iterator[ServerProcess]:
    """Two workers in front of the mock upstream, both serving (not just the first) when handed out."""
    write(policy, mock_upstream.url, name="blue", rpm=1_000_000)
    port = free_port()
    server = ServerProcess(["proxy", "serve", "--config", str(policy), "--port", str(port), "--workers", "2"], port)
    server.start()
    try:
        wait_for(lambda: server.output().count("proxy ready") >= 2, 15)
        yield server
    finally:
        server.stop()


def wait_for(condition: Callable[[], bool], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def test_workers_serve(workers: ServerProcess) -> None:
    for _ in range(4):
        assert httpx.post(workers.url + "/v1/chat/completions", json=BODY, timeout=10).status_code == 200


def test_sighup_under_keep_alive_load_swaps_the_policy_and_fails_no_request(
    workers: ServerProcess, mock_upstream: ServerProcess, policy: Path
) -> None:
    finished = workers.output().count("Finished server process")
    assert workers.proc is not None
    with Load(workers.url, threads=4) as load:
        time.sleep(0.3)
        write(policy, mock_upstream.url, name="green", rpm=1_000_000)
        workers.proc.send_signal(signal.SIGHUP)
        # Both workers replaced, and both old ones drained and gone.
        wait_for(lambda: workers.output().count("Finished server process") >= finished + 2, 30)
        replaced = time.monotonic()
        time.sleep(0.3)
    failed = [status for _, status, _ in load.results if status != 200]
    assert load.errors == [] and failed == [], (load.errors[:5], failed[:5], len(load.results))
    assert len(load.results) > 200
    assert {deployment for t, _, deployment in load.results if t > replaced} == {"green"}


def test_workers_keep_the_last_good_policy(workers: ServerProcess, policy: Path) -> None:
    def deployments(n: int = 12) -> set[str]:
        with httpx.Client(timeout=10) as client:
            replies = [client.post(workers.url + "/v1/chat/completions", json=BODY) for _ in range(n)]
        assert {resp.status_code for resp in replies} == {200}
        return {resp.headers["x-llm-proxy-deployment"] for resp in replies}

    serving = deployments()
    refused = workers.output().count("keeps the last good policy")
    finished = workers.output().count("Finished server process")
    policy.write_text(policy.read_text().replace("type: openai", "type: opnai"))
    assert workers.proc is not None
    workers.proc.send_signal(signal.SIGHUP)
    wait_for(lambda: workers.output().count("Finished server process") >= finished + 2, 30)
    assert workers.output().count("keeps the last good policy") == refused + 2  # both new workers refused it
    assert deployments() == serving  # and serve the last good policy


def test_workers_stop_cleanly(workers: ServerProcess) -> None:
    assert workers.stop() in (0, -signal.SIGTERM)
    assert "Traceback" not in workers.output()
