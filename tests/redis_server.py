"""A real `redis-server` on a free loopback port, as a child process of the tests.

The binary comes from PATH; if it is missing it is installed with apt-get (the test machines
run as root). If it still cannot be had, `redis_server_binary` raises with the reason: tests that
need Redis fail loudly rather than skip.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

from tests.support import free_port


def _apt_install() -> str:
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    install = ["apt-get", "install", "-y", "-q", "redis-server"]
    result = subprocess.run(install, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        # A fresh machine may have no package lists yet.
        subprocess.run(["apt-get", "update", "-q"], env=env, capture_output=True, text=True, check=False)
        result = subprocess.run(install, env=env, capture_output=True, text=True, check=False)
    return result.stdout[-2000:] + result.stderr[-2000:]


def redis_server_binary() -> str:
    """Path of `redis-server`, installing Debian's package if needed; raises RuntimeError if impossible."""
    found = shutil.which("redis-server")
    if found:
        return found
    output = _apt_install() if shutil.which("apt-get") else "apt-get not found"
    found = shutil.which("redis-server")
    if not found:
        raise RuntimeError(f"redis-server is not installed and `apt-get install -y redis-server` failed:\n{output}")
    return found


def _pong(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(64).startswith(b"+PONG")
    except OSError:
        return False


class RedisServer:
    """One redis-server on 127.0.0.1:`port` (no persistence); `kill()` and `restart()` simulate outages."""

    def __init__(self, port: int | None = None) -> None:
        self.binary = redis_server_binary()
        self.port = port or free_port()
        self.workdir = Path(tempfile.mkdtemp(prefix="redis-test-"))
        self.log_path = self.workdir / "redis.log"
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self, timeout: float = 10.0) -> RedisServer:
        """Start the server and wait until it answers PING."""
        args = [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        args += ["--dir", str(self.workdir), "--daemonize", "no"]
        with self.log_path.open("ab") as log:
            self.proc = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"redis-server exited with {self.proc.returncode}:\n{self.output()}")
            if _pong(self.port):
                return self
            time.sleep(0.02)
        self.kill()
        raise RuntimeError(f"redis-server not answering PING after {timeout}s:\n{self.output()}")

    def output(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def kill(self) -> None:
        """SIGKILL, as a crash would; the port stops answering at once."""
        self._stop(signal.SIGKILL)

    def restart(self) -> RedisServer:
        """Kill if running and start again on the same port (empty: no persistence)."""
        self.kill()
        return self.start()

    def stop(self) -> None:
        """Graceful stop, for teardown."""
        self._stop(signal.SIGTERM)
        shutil.rmtree(self.workdir, ignore_errors=True)

    def _stop(self, sig: int) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.send_signal(sig)
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(5)
