"""Server child processes for the bench: free ports, CPU pinning, readiness, CPU accounting and teardown."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

CLK_TCK = os.sysconf("SC_CLK_TCK")
READY_TIMEOUT_S = 30.0
READY_POLL_S = 0.05
STOP_TIMEOUT_S = 10.0
LOG_TAIL_BYTES = 2000


@dataclass(frozen=True, slots=True)
class Child:
    """A running server: its process (leader of its own session), base URL and combined stdout/stderr file."""

    name: str
    proc: subprocess.Popen[bytes]
    base_url: str
    log_path: Path

    @property
    def pid(self) -> int:
        """The server's pid (taskset execs the server, so this is the server itself)."""
        return self.proc.pid


def free_port() -> int:
    """A loopback TCP port that was free a moment ago (the OS picked it for a port-0 bind)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def pick_cpus() -> tuple[int, int]:
    """(CPU for the system under test, CPU for the mock and the load driver); the same CPU if only one is usable."""
    cpus = sorted(os.sched_getaffinity(0))
    return cpus[0], cpus[1] if len(cpus) > 1 else cpus[0]


def log_tail(path: Path) -> str:
    """The last couple of kB of a child's output, for error messages."""
    data = path.read_bytes() if path.exists() else b""
    return data[-LOG_TAIL_BYTES:].decode(errors="replace")


def _wait_ready(child: Child, deadline: float) -> None:
    url = child.base_url + "/healthz"
    while time.monotonic() < deadline:
        if child.proc.poll() is not None:
            raise RuntimeError(f"{child.name} exited with {child.proc.returncode}:\n{log_tail(child.log_path)}")
        try:
            with urllib.request.urlopen(url, timeout=1.0) as resp:
                if resp.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(READY_POLL_S)
    raise RuntimeError(f"{child.name} not ready after {READY_TIMEOUT_S}s:\n{log_tail(child.log_path)}")


def _stop(child: Child) -> None:
    if child.proc.poll() is None:
        os.killpg(child.pid, signal.SIGTERM)
        try:
            child.proc.wait(STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            os.killpg(child.pid, signal.SIGKILL)
            child.proc.wait()


@contextmanager
def running(name: str, argv: Sequence[str], *, port: int, cpu: int, log_dir: Path) -> Iterator[Child]:
    """Run `argv` pinned to `cpu` (taskset), yield it once `GET /healthz` on `port` answers 200.

    The child and anything it spawned get SIGTERM (SIGKILL after STOP_TIMEOUT_S) on exit, whatever happened.
    """
    taskset = shutil.which("taskset")
    if taskset is None:
        raise RuntimeError("taskset (util-linux) is required to pin the servers")
    log_path = log_dir / f"{name}.log"
    with log_path.open("wb") as log:
        proc = subprocess.Popen(
            [taskset, "-c", str(cpu), *argv], stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
    child = Child(name, proc, f"http://127.0.0.1:{port}", log_path)
    try:
        _wait_ready(child, time.monotonic() + READY_TIMEOUT_S)
        pinned = os.sched_getaffinity(child.pid)
        if pinned != {cpu}:
            raise RuntimeError(f"{name} runs on CPUs {sorted(pinned)}, expected [{cpu}]")
        yield child
    finally:
        _stop(child)


@contextmanager
def running_mock(cpu: int, log_dir: Path, *flags: str) -> Iterator[Child]:
    """The project's mock upstream, pinned to `cpu`, on a free port (`flags`: its server-wide knobs)."""
    port = free_port()
    argv = [sys.executable, "-m", "proxy", "mock-upstream", "--port", str(port), *flags]
    with running("mock", argv, port=port, cpu=cpu, log_dir=log_dir) as mock:
        yield mock


@contextmanager
def running_proxy(policy: Callable[[int], str], cpu: int, log_dir: Path) -> Iterator[Child]:
    """The proxy serving `policy(port)` (the policy text for the port it gets), pinned to `cpu`."""
    port = free_port()
    path = log_dir / "policy.yaml"
    path.write_text(policy(port))
    argv = [sys.executable, "-m", "proxy", "serve", "--config", str(path), "--port", str(port)]
    with running("proxy", argv, port=port, cpu=cpu, log_dir=log_dir) as sut:
        yield sut


def _stat_ticks(pid: int) -> int:
    """utime+stime+cutime+cstime of `pid` in clock ticks (0 if it is gone)."""
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return 0
    # Fields after the parenthesised command name (which may itself contain spaces): state is field 3.
    fields = raw.rsplit(")", 1)[1].split()
    utime, stime, cutime, cstime = (int(f) for f in fields[11:15])
    return utime + stime + cutime + cstime


def _children(pid: int) -> list[int]:
    kids: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            kids.extend(int(k) for k in (task / "children").read_text().split())
        except (FileNotFoundError, ProcessLookupError):
            continue
    return kids


def cpu_seconds(pid: int) -> float:
    """CPU time (user+system) used so far by `pid`, its live descendants and its reaped children, in seconds."""
    total, pending = 0, [pid]
    while pending:
        current = pending.pop()
        total += _stat_ticks(current)
        pending.extend(_children(current))
    return total / CLK_TCK


def self_cpu_seconds() -> float:
    """CPU time (user+system, all threads) used so far by this process, in seconds."""
    times = os.times()
    return times.user + times.system
