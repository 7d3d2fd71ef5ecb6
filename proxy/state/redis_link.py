"""`RedisLink`: send a batch of commands to Redis in one round trip, on connections it keeps itself.

The store makes a few round trips per request, so their fixed cost matters: redis-py's pool and
pipeline spend about 40 µs of CPU per round trip on locks, observability hooks, retry wrappers
and a timeout task per socket operation. A link keeps its idle connections in a list instead,
encodes the commands itself and talks to the connections with their own methods (connect, send,
read), configured by a redis-py `ConnectionPool` (URL, protocol, TLS, connect timeout) whose
connections have no socket timeout of their own: one deadline covers a whole round trip. Replies
come back in order with error replies in place, so one failing command does not hide the
others' outcome.

A Sentinel-managed master works the same way through redis-py's `SentinelConnectionPool`: each
new connection asks the Sentinels where the master is, and a connection that finds its server
demoted to a replica (READONLY) raises a connection error, so the link drops its idle connections
and sends the batch once more to the master the Sentinels name now.

A Redis Cluster needs each command sent to the node that owns its key's slot: `ClusterLink`
hands the batch to redis-py's cluster pipeline, which groups it per node, sends to the nodes at
once and follows MOVED/ASK and failovers. Learning the cluster takes longer than a round trip's
deadline: `start` does it ahead (the Runtime's start); until it succeeded, a round trip waits for
it only within its own deadline, while the learning goes on in the background. It is correct
rather than lean: it costs more CPU per round trip than `RedisLink` (see README, "Redis topologies").
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from redis.asyncio.cluster import RedisCluster
from redis.asyncio.connection import AbstractConnection, ConnectionPool
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import RedisClusterException, ResponseError

from proxy.state.redis_target import FirstConnect

Command = tuple[str | int, ...]


class RedisLink:
    """Round trips to the Redis that `pool` points at, each within `timeout_s` (connecting included);
    connects lazily, reuses connections. `pool` must set no socket_timeout. `close_pool` closes
    the pool (and whatever it depends on, e.g. Sentinel connections) when the link closes."""

    __slots__ = ("_close_pool", "_closed", "_idle", "_pool", "_timeout_s")

    def __init__(
        self,
        pool: ConnectionPool,
        *,
        timeout_s: float,
        close_pool: Callable[[ConnectionPool], Awaitable[None]] | None = None,
    ) -> None:
        self._pool = pool
        self._close_pool = close_pool
        self._timeout_s = timeout_s
        self._idle: list[AbstractConnection] = []
        self._closed = False

    async def round_trip(self, commands: Sequence[Command]) -> list[Any]:
        """Send `commands` together (not as a transaction) and return their replies in order.

        An error reply is returned in its place as a `ResponseError`. Anything else raises: redis-py's
        exception (refused, reset) or TimeoutError; then which commands ran is unknown. A reused
        connection that turns out broken (e.g. Redis restarted) is replaced and the batch sent
        once more on a fresh connection, as redis-py's own retry does; timeouts are not retried.
        """
        reused = bool(self._idle)
        try:
            return await self._once(commands)
        except RedisConnectionError:
            if not reused:
                raise
            await self._drop_idle()  # a restart broke them all
            return await self._once(commands)

    async def start(self) -> None:
        """Nothing to do ahead: connecting fits in a round trip's deadline."""

    async def close(self) -> None:
        """Disconnect every idle connection; connections in use are disconnected when they finish."""
        self._closed = True
        await self._drop_idle()
        await (self._close_pool or ConnectionPool.disconnect)(self._pool)

    async def _once(self, commands: Sequence[Command]) -> list[Any]:
        conn: AbstractConnection = self._idle.pop() if self._idle else self._pool.make_connection()  # type: ignore[no-untyped-call]
        replies: list[Any] = []
        try:
            async with asyncio.timeout(self._timeout_s):
                if not conn.is_connected:
                    await conn.connect()  # type: ignore[no-untyped-call]
                await conn.send_packed_command(pack(commands), check_health=False)
                for _ in commands:
                    try:
                        replies.append(await conn.read_response())
                    except ResponseError as exc:
                        replies.append(exc)
        except BaseException:
            # Unread replies (or a broken socket) would desynchronise the next user: never reuse it.
            await conn.disconnect()
            raise
        if self._closed:
            await conn.disconnect()
        else:
            self._idle.append(conn)
        return replies

    async def _drop_idle(self) -> None:
        idle, self._idle = self._idle, []
        for conn in idle:
            await conn.disconnect()


class ClusterLink:
    """Round trips to a Redis Cluster through redis-py's cluster pipeline, each within `timeout_s`.

    Same contract as `RedisLink.round_trip`: the commands of one batch may go to several nodes
    (each command's keys must share a slot), replies come back in order with error replies in
    place, and a failure that leaves the outcome unknown raises."""

    __slots__ = ("_cluster", "_first", "_timeout_s")

    def __init__(self, cluster: RedisCluster, *, timeout_s: float) -> None:
        self._cluster = cluster
        self._timeout_s = timeout_s
        self._first = FirstConnect(cluster, timeout_s)

    async def start(self) -> None:
        """Learn the cluster ahead of the first round trip (see `FirstConnect.warm_up`); never raises."""
        await self._first.warm_up()

    async def round_trip(self, commands: Sequence[Command]) -> list[Any]:
        try:
            async with asyncio.timeout(self._timeout_s):
                if not self._first.ready:  # not learned yet: wait for it within this round trip's deadline
                    await self._first.wait()
                pipe = self._cluster.pipeline(transaction=False)
                for command in commands:
                    pipe.execute_command(*command)
                return await pipe.execute(raise_on_error=False)
        except RedisClusterException as exc:
            # No node could be reached, or the slot map is incomplete: not a RedisError in redis-py.
            raise RedisConnectionError(f"redis cluster: {exc}") from exc

    async def close(self) -> None:
        await self._first.close()
        await self._cluster.aclose()


def pack(commands: Sequence[Command]) -> bytes:
    """`commands` in the Redis protocol (RESP arrays of bulk strings; text as UTF-8)."""
    out: list[bytes] = []
    for command in commands:
        out.append(b"*%d\r\n" % len(command))
        for arg in command:
            data = str(arg).encode()
            out.append(b"$%d\r\n%s\r\n" % (len(data), data))
    return b"".join(out)
