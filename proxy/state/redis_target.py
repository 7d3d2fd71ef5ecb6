"""`RedisTarget`: which Redis the shared state lives in, and redis-py's own clients for it.

One server (a URL), a master that Redis Sentinel keeps (redis-py's `Sentinel` asks the
Sentinels for the master's address on every new connection, so connections made after a
failover reach the promoted replica), or a Redis Cluster (redis-py's `RedisCluster` keeps the
slot map, follows MOVED/ASK and refreshes the map after a node fails). The proxy builds no
replication or consensus of its own.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any, Literal

from redis.asyncio import Redis
from redis.asyncio.cluster import ClusterNode, RedisCluster
from redis.asyncio.connection import ConnectionPool
from redis.asyncio.retry import Retry
from redis.asyncio.sentinel import Sentinel, SentinelConnectionPool
from redis.backoff import NoBackoff

from proxy.config.state import StateConfig, parse_address

Address = tuple[str, int]

# A Cluster client's first call learns the slot map and parses the server's command table (about
# 0.2 s of CPU without hiredis): far more than one round trip's deadline, so it gets this long, once.
CLUSTER_FIRST_CONNECT_S = 2.0


@dataclass(frozen=True, slots=True, kw_only=True)
class RedisTarget:
    """One server (`url`), a Sentinel-managed master (`sentinel_master` + `sentinels`) or a Cluster
    (`cluster_nodes`); credentials for the data nodes, and for the Sentinels if they ask for one."""

    url: str = ""
    sentinel_master: str = ""
    sentinels: tuple[Address, ...] = ()
    cluster_nodes: tuple[Address, ...] = ()
    username: str = ""
    password: str = field(default="", repr=False)
    sentinel_password: str = field(default="", repr=False)
    db: int = 0

    @property
    def mode(self) -> Literal["server", "sentinel", "cluster"]:
        if self.cluster_nodes:
            return "cluster"
        return "sentinel" if self.sentinels else "server"


def target_of(state: StateConfig) -> RedisTarget | None:
    """The Redis the `state` section names, or None for in-process state (addresses already checked)."""
    if state.redis_sentinel is not None:
        s = state.redis_sentinel
        return RedisTarget(
            sentinel_master=s.master,
            sentinels=_addresses(s.sentinels),
            username=s.username,
            password=s.password.value,
            sentinel_password=s.sentinel_password.value,
            db=s.db,
        )
    if state.redis_cluster is not None:
        c = state.redis_cluster
        return RedisTarget(cluster_nodes=_addresses(c.nodes), username=c.username, password=c.password.value)
    return RedisTarget(url=state.redis_url) if state.redis_url else None


def as_target(target: str | RedisTarget) -> RedisTarget:
    return RedisTarget(url=target) if isinstance(target, str) else target


def _addresses(texts: tuple[str, ...]) -> tuple[Address, ...]:
    return tuple(address for address in map(parse_address, texts) if address is not None)


def _credentials(target: RedisTarget) -> dict[str, Any]:
    return {"username": target.username or None, "password": target.password or None}


def master_pool(target: RedisTarget, **options: Any) -> ConnectionPool:
    """A pool of connections to the server, or to the master the Sentinels name (asked again by each
    new connection). `options` are redis-py connection options (timeouts, retry, decoding)."""
    if target.mode == "server":
        return ConnectionPool.from_url(target.url, **options)
    timeouts = {k: v for k, v in options.items() if k in ("socket_timeout", "socket_connect_timeout")}
    sentinel_options = {**timeouts, "password": target.sentinel_password or None}
    sentinel = Sentinel(target.sentinels, sentinel_kwargs=sentinel_options)
    return SentinelConnectionPool(  # type: ignore[no-untyped-call]
        target.sentinel_master, sentinel, db=target.db, **_credentials(target), check_connection=False, **options
    )


async def close_pool(pool: ConnectionPool) -> None:
    """Disconnect `pool`, and for a Sentinel pool the connections to the Sentinels too."""
    await pool.disconnect()
    if isinstance(pool, SentinelConnectionPool):
        await pool.sentinel_manager.aclose()


def cluster_client(target: RedisTarget, *, timeout_s: float, retries: int, **options: Any) -> RedisCluster:
    """redis-py's Cluster client on `target.cluster_nodes`; each command or pipeline is retried
    `retries` times (after a topology refresh) when a node fails or the slot moved."""
    return RedisCluster(
        startup_nodes=[ClusterNode(host, port) for host, port in target.cluster_nodes],
        socket_timeout=timeout_s,
        socket_connect_timeout=timeout_s,
        retry=Retry(NoBackoff(), retries),
        **_credentials(target),
        **options,
    )


async def first_connect(redis: Redis | RedisCluster, timeout_s: float) -> None:
    """Before a client's first command: let a Cluster client learn the cluster (see
    CLUSTER_FIRST_CONNECT_S); nothing to do for the others. Raises what redis-py raises."""
    if isinstance(redis, RedisCluster):
        async with asyncio.timeout(max(timeout_s, CLUSTER_FIRST_CONNECT_S)):
            await redis.initialize()


def client(target: RedisTarget, *, timeout_s: float, retries: int) -> Redis | RedisCluster:
    """A redis-py client (bytes replies) for `target`, each socket operation within `timeout_s`."""
    if target.mode == "cluster":
        return cluster_client(target, timeout_s=timeout_s, retries=retries)
    retry = Retry(NoBackoff(), retries)
    pool = master_pool(target, socket_timeout=timeout_s, socket_connect_timeout=timeout_s, retry=retry)
    return Redis(connection_pool=pool)


async def close_client(redis: Redis | RedisCluster) -> None:
    """Close a client from `client` (for Sentinel, its Sentinel connections too)."""
    await redis.aclose()
    if isinstance(redis, Redis):
        await close_pool(redis.connection_pool)
