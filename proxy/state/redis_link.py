"""`RedisLink`: send a batch of commands to Redis in one round trip, on connections it keeps itself.

The store makes a few round trips per request, so their fixed cost matters: redis-py's pool and
pipeline spend about 40 µs of CPU per round trip on locks, observability hooks, retry wrappers
and a timeout task per socket operation. A link keeps its idle connections in a list instead,
encodes the commands itself and talks to the connections with their own methods (connect, send,
read), configured by a redis-py `ConnectionPool` (URL, protocol, TLS, connect timeout) whose
connections have no socket timeout of their own: one deadline covers a whole round trip. Replies
come back in order with error replies in place, so one failing command does not hide the
others' outcome.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import Any

from redis.asyncio.connection import AbstractConnection, ConnectionPool
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import ResponseError

Command = tuple[str | int, ...]


class RedisLink:
    """Round trips to the Redis that `pool` points at, each within `timeout_s` (connecting included);
    connects lazily, reuses connections. `pool` must set no socket_timeout."""

    __slots__ = ("_closed", "_idle", "_pool", "_timeout_s")

    def __init__(self, pool: ConnectionPool, *, timeout_s: float) -> None:
        self._pool = pool
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

    async def close(self) -> None:
        """Disconnect every idle connection; connections in use are disconnected when they finish."""
        self._closed = True
        await self._drop_idle()
        await self._pool.disconnect()

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


def pack(commands: Sequence[Command]) -> bytes:
    """`commands` in the Redis protocol (RESP arrays of bulk strings; text as UTF-8)."""
    out: list[bytes] = []
    for command in commands:
        out.append(b"*%d\r\n" % len(command))
        for arg in command:
            data = str(arg).encode()
            out.append(b"$%d\r\n%s\r\n" % (len(data), data))
    return b"".join(out)
