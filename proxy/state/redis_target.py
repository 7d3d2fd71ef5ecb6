"""`RedisTarget`: which Redis the shared state lives in, and redis-py's own clients for it.

One server (a URL), a master that Redis Sentinel keeps (redis-py's `Sentinel` asks the
Sentinels for the master's address on every new connection, so connections made after a
failover reach the promoted replica), or a Redis Cluster (redis-py's `RedisCluster` keeps the
slot map, follows MOVED/ASK and refreshes the map after a node fails). The proxy builds no
replication or consensus of its own.
"""

from __future__ import annotations

import asyncio
import contextlib
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


class FirstConnect:
    """A client's first connect: for a Cluster client, learning the cluster (see
    CLUSTER_FIRST_CONNECT_S), in a task of its own so that a caller with a shorter deadline (a
    request) can stop waiting while the learning goes on; nothing to do for the other clients.

    `warm_up` learns ahead of the first call (the Runtime's start), `wait` before each call until
    `ready`: it joins the learning under way, or starts it again if the last attempt failed."""

    __slots__ = ("_redis", "_task", "_timeout_s", "ready")

    def __init__(self, redis: Redis | RedisCluster, timeout_s: float) -> None:
        self._redis = redis
        self._timeout_s = max(timeout_s, CLUSTER_FIRST_CONNECT_S)
        self._task: asyncio.Task[None] | None = None
        self.ready = not isinstance(redis, RedisCluster)

    async def wait(self) -> None:
        """Until the client knows the cluster; raises what learning raised (TimeoutError after
        CLUSTER_FIRST_CONNECT_S). The caller's own deadline may cut the wait short, not the learning."""
        task = self._task
        if task is None or (task.done() and (task.cancelled() or task.exception() is not None)):
            task = self._task = asyncio.create_task(self._learn())
            task.add_done_callback(_retrieved)
        await asyncio.shield(task)
        self.ready = True

    async def warm_up(self) -> None:
        """Learn the cluster now, within CLUSTER_FIRST_CONNECT_S; a failure (the cluster does not
        answer) is left to the first calls, which try again within their own deadline."""
        if not self.ready:
            with contextlib.suppress(Exception):
                await self.wait()

    async def close(self) -> None:
        """Stop learning (before the client closes)."""
        if self._task is not None and not self._task.done():
            self._task.cancel()
            await asyncio.wait([self._task])

    async def _learn(self) -> None:
        assert isinstance(self._redis, RedisCluster)
        async with asyncio.timeout(self._timeout_s):
            await self._redis.initialize()


def _retrieved(task: asyncio.Task[None]) -> None:
    # A failure nobody waited for (the request gave up) is no error to report: the next call retries.
    if not task.cancelled():
        task.exception()


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
