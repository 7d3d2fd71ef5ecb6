"""Real Redis topologies on free loopback ports, as child processes of the tests.

`RedisServer` is one `redis-server` (also a replica, a Cluster node or, with `--sentinel`, a
Sentinel: Debian's one binary plays every role, so nothing beyond the `redis-server` package is
needed); `SentinelGroup` is a master, a replica and Sentinels watching them; `RedisClusterNodes`
is a Redis Cluster of primaries formed with CLUSTER ADDSLOTS / MEET.
The binary comes from PATH; if it is missing it is installed with apt-get (the test machines
run as root). If it still cannot be had, `redis_server_binary` raises with the reason: tests that
need Redis fail loudly rather than skip.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import redis

from proxy.state import RedisTarget
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
    """One redis-server on 127.0.0.1:`port` (no persistence); `kill()` and `restart()` simulate outages.

    `args` are more command-line options; `conf`, if given, is written to a config file named
    first on the command line (a Sentinel needs one it can rewrite)."""

    def __init__(self, port: int | None = None, *, args: Sequence[str] = (), conf: str = "") -> None:
        self.binary = redis_server_binary()
        self.port = port or free_port()
        self.workdir = Path(tempfile.mkdtemp(prefix="redis-test-"))
        self.log_path = self.workdir / "redis.log"
        self.proc: subprocess.Popen[bytes] | None = None
        self.args = tuple(args)
        self.conf = conf

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self, timeout: float = 10.0) -> RedisServer:
        """Start the server and wait until it answers PING."""
        args = [self.binary]
        if self.conf:
            conf_path = self.workdir / "redis.conf"
            conf_path.write_text(self.conf)
            args.append(str(conf_path))
        args += ["--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        args += ["--dir", str(self.workdir), "--daemonize", "no", *self.args]
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


def _wait(check: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except redis.RedisError:
            pass
        time.sleep(0.02)
    raise RuntimeError(f"timed out after {timeout}s waiting for {what}")


def _client(port: int) -> redis.Redis:
    return redis.Redis(port=port, socket_timeout=2, socket_connect_timeout=2, decode_responses=True)


class SentinelGroup:
    """A master, one replica and `sentinels` Sentinels (quorum 1) watching them as `name`.

    A Sentinel marks the master down `down_after_ms` after it stops answering and then promotes
    the replica (about 1-2 s later on loopback). Sentinels start after the replica is in sync, so
    their first look at the master already lists it (they would otherwise learn of it only at
    their next INFO, 10 s later, and could not fail over before)."""

    def __init__(self, name: str = "mymaster", *, sentinels: int = 1, down_after_ms: int = 500) -> None:
        self.name = name
        self.master = RedisServer(args=("--repl-diskless-sync-delay", "0"))  # the default waits 5 s
        self.replica = RedisServer(args=("--replicaof", "127.0.0.1", str(self.master.port)))
        conf = (
            f"sentinel monitor {name} 127.0.0.1 {self.master.port} 1\n"
            f"sentinel down-after-milliseconds {name} {down_after_ms}\n"
            f"sentinel failover-timeout {name} {max(1000, 4 * down_after_ms)}\n"
        )
        self.sentinels = [RedisServer(args=("--sentinel",), conf=conf) for _ in range(sentinels)]

    @property
    def sentinel_addresses(self) -> list[str]:
        return [s.address for s in self.sentinels]

    def start(self, timeout: float = 10.0) -> SentinelGroup:
        try:
            self.master.start()
            self.replica.start()
            with _client(self.replica.port) as replica:
                _wait(lambda: replica.info("replication")["master_link_status"] == "up", timeout, "the replica's sync")
            for sentinel in self.sentinels:
                sentinel.start()
                with _client(sentinel.port) as client:
                    _wait(lambda c=client: self._replica_ready(c), timeout, "Sentinel to see the replica")
        except BaseException:
            self.stop()
            raise
        return self

    def _replica_ready(self, sentinel: redis.Redis) -> bool:
        # Promotable: Sentinel has its own link to the replica and has read its INFO (else NOGOODSLAVE).
        replicas = sentinel.sentinel_slaves(self.name)
        return any(r["master-link-status"] == "ok" and "disconnected" not in r["flags"] for r in replicas)

    def master_port(self) -> int:
        """The master's port as the first Sentinel's SENTINEL MASTERS names it now (what redis-py asks;
        during a failover it names the old master until the switch is complete)."""
        with _client(self.sentinels[0].port) as client:
            return int(client.sentinel_masters()[self.name]["port"])

    def wait_for_failover(self, old_port: int, timeout: float = 10.0) -> int:
        """Wait until the Sentinels name another master than `old_port`; returns its port."""
        _wait(lambda: self.master_port() != old_port, timeout, "Sentinel to fail over")
        return self.master_port()

    def stop(self) -> None:
        for server in (*self.sentinels, self.replica, self.master):
            server.kill()  # SIGTERM would make a master wait up to 10 s for its replica
            server.stop()


def _bus_free_port() -> int:
    """A free port whose cluster bus port (port + 10000, the only choice before Redis 7) is free too."""
    for _ in range(200):
        port = free_port()
        if port + 10000 < 65536:
            with socket.socket() as sock:
                try:
                    sock.bind(("127.0.0.1", port + 10000))
                except OSError:
                    continue
            return port
    raise RuntimeError("no free port pair for a Redis Cluster node")


class RedisClusterNodes:
    """A Redis Cluster of `primaries` primaries (no replicas), each serving an equal share of the slots."""

    SLOTS = 16384

    def __init__(self, primaries: int = 3) -> None:
        options = ("--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf", "--cluster-node-timeout", "2000")
        self.nodes = [RedisServer(_bus_free_port(), args=options) for _ in range(primaries)]

    @property
    def addresses(self) -> list[str]:
        return [node.address for node in self.nodes]

    def start(self, timeout: float = 10.0) -> RedisClusterNodes:
        """Start the nodes, give each its slots, introduce them and wait until every node says the cluster is ok."""
        try:
            for node in self.nodes:
                node.start()
            share = self.SLOTS // len(self.nodes)
            for i, node in enumerate(self.nodes):
                last = self.SLOTS if i == len(self.nodes) - 1 else (i + 1) * share
                with _client(node.port) as client:
                    client.execute_command("CLUSTER ADDSLOTS", *range(i * share, last))
                    for other in self.nodes[i + 1 :]:
                        client.execute_command("CLUSTER MEET", "127.0.0.1", other.port)
            for node in self.nodes:
                with _client(node.port) as client:
                    _wait(lambda c=client: c.cluster("info")["cluster_state"] == "ok", timeout, "the cluster to form")
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        for node in self.nodes:
            node.kill()
            node.stop()


def cluster_target(cluster: RedisClusterNodes) -> RedisTarget:
    """The `RedisTarget` of `cluster`, seeded with its first node only (the client learns the rest)."""
    return RedisTarget(cluster_nodes=(("127.0.0.1", cluster.nodes[0].port),))


def sentinel_target(group: SentinelGroup) -> RedisTarget:
    """The `RedisTarget` of `group`'s master, found through its Sentinels."""
    return RedisTarget(sentinel_master=group.name, sentinels=tuple(("127.0.0.1", s.port) for s in group.sentinels))


@contextlib.contextmanager
def silent_cluster(nodes: int = 10) -> Iterator[RedisTarget]:
    """A Cluster target whose `nodes` accept connections and never answer (a hung cluster)."""
    with contextlib.ExitStack() as stack:
        addresses = []
        for _ in range(nodes):
            sock = stack.enter_context(socket.socket(socket.AF_INET, socket.SOCK_STREAM))
            sock.bind(("127.0.0.1", 0))
            sock.listen(16)
            addresses.append(("127.0.0.1", int(sock.getsockname()[1])))
        yield RedisTarget(cluster_nodes=tuple(addresses))
