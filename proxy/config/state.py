"""Policy for the shared state: in-process, one Redis server, a Sentinel-managed master or a Redis Cluster.

Cross-checks guarantee at most one Redis topology, a URL scheme redis-py understands, and
addresses of the form `host:port` (IPv6 in brackets: `[::1]:6379`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from proxy.config.loader import Secret


@dataclass(frozen=True, slots=True, kw_only=True)
class RedisSentinelConfig:
    """A master whose address Redis Sentinel keeps: the proxy asks the Sentinels for it on every new
    connection, so after a failover it follows the promoted replica."""

    master: str  # the service name of `sentinel monitor <name> ...`
    sentinels: tuple[str, ...]  # "host:port" of each Sentinel; asked in turn
    username: str = ""  # of the master and replicas (Redis ACL); empty: the default user
    password: Secret = field(default_factory=lambda: Secret(""))  # of the master and replicas
    sentinel_password: Secret = field(default_factory=lambda: Secret(""))  # of the Sentinels, if they ask
    db: int = 0


@dataclass(frozen=True, slots=True, kw_only=True)
class RedisClusterConfig:
    """A Redis Cluster: the proxy learns the slot map from any of `nodes` and follows it (MOVED, failover)."""

    nodes: tuple[str, ...]  # "host:port" of some nodes (at least one must answer at start)
    username: str = ""
    password: Secret = field(default_factory=lambda: Secret(""))


@dataclass(frozen=True, slots=True, kw_only=True)
class StateConfig:
    """Where limits and spend live: in-process by default, Redis for many replicas.

    Redis is one of: `redis_url` (one server), `redis_sentinel` or `redis_cluster`."""

    redis_url: str = ""
    redis_sentinel: RedisSentinelConfig | None = None
    redis_cluster: RedisClusterConfig | None = None
    fail_open: bool = True  # Redis down: keep limiting per replica (True) or refuse (False)
    retry_every_s: float = 1.0

    @property
    def shared(self) -> bool:
        """Whether a Redis topology is configured (state shared by every replica)."""
        return bool(self.redis_url) or self.redis_sentinel is not None or self.redis_cluster is not None


def parse_address(text: str) -> tuple[str, int] | None:
    """("host", port) from "host:port" or "[v6]:port"; None if it is not of that form."""
    host, sep, port = text.strip().rpartition(":")
    bracketed = host.startswith("[") and host.endswith("]")
    if bracketed:
        host = host[1:-1]
    if not sep or not host or (":" in host and not bracketed) or not port.isdigit():
        return None
    number = int(port)
    return (host, number) if 0 < number < 65536 else None


def check_state(state: StateConfig) -> list[str]:
    """Pass-2 checks of the `state` section; one `path: message` per problem."""
    problems: list[str] = []
    given = [name for name in ("redis_url", "redis_sentinel", "redis_cluster") if getattr(state, name)]
    if len(given) > 1:
        problems.append(f"state: give only one of redis_url, redis_sentinel, redis_cluster (got {', '.join(given)})")
    if state.redis_url and not state.redis_url.startswith(("redis://", "rediss://", "unix://")):
        problems.append("state.redis_url: must start with redis://, rediss:// or unix://")
    sentinel = state.redis_sentinel
    if sentinel is not None:
        if not sentinel.master.strip():
            problems.append("state.redis_sentinel.master: must name the monitored master")
        problems += _check_addresses("state.redis_sentinel.sentinels", sentinel.sentinels)
        if sentinel.db < 0:
            problems.append("state.redis_sentinel.db: must not be negative")
    if state.redis_cluster is not None:
        problems += _check_addresses("state.redis_cluster.nodes", state.redis_cluster.nodes)
    if state.retry_every_s <= 0:  # else every request probes a Redis that is down
        problems.append("state.retry_every_s: must be positive")
    return problems


def _check_addresses(path: str, addresses: tuple[str, ...]) -> list[str]:
    if not addresses:
        return [f"{path}: list at least one host:port"]
    return [
        f"{path}[{i}]: {text!r} is not host:port (port 1-65535; IPv6 as [addr]:port)"
        for i, text in enumerate(addresses)
        if parse_address(text) is None
    ]
