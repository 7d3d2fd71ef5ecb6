"""`--workers N` over real processes: one supervisor for the module, reloaded and killed into; its
teardown checks it stops cleanly.

A SIGHUP makes uvicorn's supervisor replace the workers one by one; a worker that drains must not
fail the requests that keep arriving on its kept-alive connections. A worker killed outright must
not leave its in-flight gauges behind in `/metrics`.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from proxy.observability.multiproc import sweep_dead_processes
from tests.support import Load, ServerProcess, free_port
from tests.test_reload import BODY, write


@pytest.fixture(scope="module")
def policy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("workers") / "config.yaml"


@pytest.fixture(scope="module")
def workers(mock_upstream: ServerProcess, policy: Path) -> Iterator[ServerProcess]:
    """Two workers in front of the mock upstream, both serving (not just the first) when handed out.

    Its teardown checks that the supervisor, after all the tests did to it, stops cleanly."""
    write(policy, mock_upstream.url, name="blue", rpm=1_000_000)
    port = free_port()
    server = ServerProcess(["proxy", "serve", "--config", str(policy), "--port", str(port), "--workers", "2"], port)
    server.start()
    try:
        wait_for(lambda: server.output().count("proxy ready") >= 2, 15)
        yield server
    finally:
        stopped = server.stop()
    assert stopped in (0, -signal.SIGTERM)
    assert "Traceback" not in server.output()


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


def _gauges(url: str) -> dict[str, float]:
    text = httpx.get(url + "/metrics", timeout=5).text
    found = re.findall(r"^(llm_proxy_in_flight_\w+(?:\{[^}]*\})?) (\S+)$", text, re.MULTILINE)
    return {name: float(value) for name, value in found}


def _server_pid(supervisor: int, port: int, client_port: int) -> int:
    """The worker (a child of `supervisor`) holding the server side of the connection from `client_port`."""
    local, remote = f"0100007F:{port:04X}", f"0100007F:{client_port:04X}"
    inode = next(
        fields[9]
        for line in Path("/proc/net/tcp").read_text().splitlines()[1:]
        if (fields := line.split())[1] == local and fields[2] == remote
    )
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) != supervisor:
                continue
            if any(os.readlink(fd) == f"socket:[{inode}]" for fd in (entry / "fd").iterdir()):
                return int(entry.name)
        except OSError:  # the process went away while we looked
            continue
    raise AssertionError(f"no worker holds the connection from port {client_port}")


def test_killed_worker_leaves_no_in_flight_gauges(workers: ServerProcess) -> None:
    assert workers.proc is not None
    body = {**BODY, "stream": True, "mock": {"chunks": 100, "chunk_delay_ms": 100}}
    url = workers.url + "/v1/chat/completions"
    with httpx.Client(timeout=10) as client, client.stream("POST", url, json=body) as resp:
        chunks = resp.iter_raw()  # kept: a dropped generator would close the stream
        next(chunks)
        client_port = resp.extensions["network_stream"].get_extra_info("client_addr")[1]
        pid = _server_pid(workers.proc.pid, workers.port, client_port)
        wait_for(lambda: _gauges(workers.url).get("llm_proxy_in_flight_streams") == 1.0, 5)
        ready = workers.output().count("proxy ready")
        os.kill(pid, signal.SIGKILL)
        with pytest.raises(httpx.HTTPError):
            for _ in chunks:
                pass
    wait_for(lambda: workers.output().count("proxy ready") > ready, 20)  # the supervisor replaced it
    for _ in range(4):  # whichever worker answers the scrape
        gauges = _gauges(workers.url)
        assert gauges["llm_proxy_in_flight_streams"] == 0.0, gauges
        # Absent when no live worker has served a chat request yet.
        assert gauges.get('llm_proxy_in_flight_requests{endpoint="chat"}', 0.0) == 0.0, gauges


def test_workers_keep_the_last_good_policy(workers: ServerProcess, policy: Path) -> None:
    def deployments(n: int = 12) -> set[str]:
        with httpx.Client(timeout=10) as client:
            replies = [client.post(workers.url + "/v1/chat/completions", json=BODY) for _ in range(n)]
        assert {resp.status_code for resp in replies} == {200}
        return {resp.headers["x-llm-proxy-deployment"] for resp in replies}

    serving = deployments()
    refused = workers.output().count("keeps the last good policy")
    finished = workers.output().count("Finished server process")
    good = policy.read_text()
    try:
        policy.write_text(good.replace("type: openai", "type: opnai"))
        assert workers.proc is not None
        workers.proc.send_signal(signal.SIGHUP)
        wait_for(lambda: workers.output().count("Finished server process") >= finished + 2, 30)
        assert workers.output().count("keeps the last good policy") == refused + 2  # both new workers refused it
        assert deployments() == serving  # and serve the last good policy
    finally:
        policy.write_text(good)  # the next reload, by any test, finds a good policy again


def test_scrape_sweep_drops_the_live_gauge_files_of_dead_processes_only(tmp_path: Path) -> None:
    reaped = subprocess.Popen([sys.executable, "-c", "pass"])
    reaped.wait()
    zombie = subprocess.Popen([sys.executable, "-c", "pass"])  # exited, not yet reaped
    wait_for(lambda: Path(f"/proc/{zombie.pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z", 5)
    names = [
        f"gauge_livesum_{reaped.pid}.db",
        f"gauge_livemax_{zombie.pid}.db",
        f"gauge_livesum_{os.getpid()}.db",
        f"counter_{reaped.pid}.db",  # counters keep counting what dead workers did
    ]
    for name in names:
        (tmp_path / name).write_bytes(b"")
    sweep_dead_processes(str(tmp_path))
    zombie.wait()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(names[2:])
