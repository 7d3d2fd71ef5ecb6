"""`RedisCacheStore`: the `CacheStore` contract shared by every replica through Redis (one server, a
Sentinel-managed master or a Redis Cluster, through redis-py's own clients: `proxy.state.redis_target`).

Exact entries are plain strings: `SET <prefix>e:<key> <value> PX <ttl>` and `GET`. Redis bounds
them with its own `maxmemory` policy and the TTLs (`max_entries`/`max_bytes` do not apply).

The semantic index needs no Redis module. Each partition is one Redis Stream, `<prefix>v:<partition>`,
appended to by `add_vector` (fields k: key, v: float32 vector bytes, s: signature, x: absolute
expiry in Unix ms) through a small Lua script that also trims it (`XADD MAXLEN ~
max_vectors_per_partition`) and raises the stream's TTL to the entry's if shorter, so an idle
partition disappears once its last vector expired. The stream is the shared log; searching stays
local: every replica keeps a `VectorIndex` per partition plus the last stream id it has applied,
and each `nearest`/`add_vector` first reads what is new since that id (`XREAD COUNT <batch>`, in
the same round trip as the write for `add_vector`). A partition seen for the first time is read
from the start of its stream; a backlog is read in further batches while the call is within
`op_timeout_s`, and the rest on the next calls, so no call is slowed much by a large partition
(meanwhile the search covers the part read so far). The steady-state lookup thus costs one
round trip that returns nothing plus a local matrix-vector product. Entries already applied
(two calls syncing at once) and expired entries are skipped; a vector of another dimension
replaces the partition's local index, as in the in-process store. Every command touches one key,
so the layout works on Redis Cluster without hash tags.

Memory: the local indexes count against `max_bytes` (each `VectorIndex.nbytes` plus the partition
name); past it the least recently used partitions' replicas are dropped (they reload from their
streams on use), and at most `max_partitions` are kept.

The partition secret (see `CacheStore.partition_secret`) lives in Redis under `<prefix>secret`,
created by the first replica that needs it (`SET NX`) and read by the others, so every replica
puts a caller in the same partition. Each process keeps the secret it read, and reads it again
only after a connection failure or timeout (see below). If Redis loses it (restart without
persistence, eviction) while a replica keeps answering, replicas that read it afterwards make and
share a new one while that replica keeps the old: until it restarts or loses Redis, the replicas
disagree on a caller's partition. That splits the caller's entries (fewer hits); another caller
never reads them, since each partition is still a digest of the caller's own credential.

Failures: every round trip is bounded by `op_timeout_s` (connecting included; a Cluster is learned
ahead by `start`, within 2 s, and a call made before that succeeded waits for it only within its
own timeout). Any Redis error
raises `CacheUnavailable`. A connection error or timeout also marks the store unhealthy: for
`retry_after_s` every call fails fast without touching the network, then the next call tries
again and success makes it healthy. Such a failure also drops the local indexes, since a Redis
that was restarted (without persistence) lost the streams they mirror; they reload on use.
"""

from __future__ import annotations

import asyncio
import hashlib
import math
import os
import time
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import NoScriptError, RedisClusterException, RedisError
from redis.exceptions import TimeoutError as RedisTimeoutError

from proxy.cache.store import (
    DEFAULT_MAX_BYTES,
    DEFAULT_MAX_PARTITIONS,
    PARTITION_OVERHEAD,
    CacheUnavailable,
    Neighbour,
    Vector,
    as_vector,
    is_finite,
)
from proxy.cache.vectors import VectorIndex
from proxy.state.redis_target import FirstConnect, RedisTarget, as_target, client, close_client

Command = tuple[str | int | bytes, ...]
StreamId = tuple[int, int]

# KEYS[1]: the stream; ARGV: maxlen, key, vector bytes, signature, expiry (Unix ms), ttl (ms).
# PTTL is -1 for a stream without TTL (just created), so the first entry always sets one.
ADD_VECTOR_LUA = """
redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], '*', 'k', ARGV[2], 'v', ARGV[3], 's', ARGV[4], 'x', ARGV[5])
if redis.call('PTTL', KEYS[1]) < tonumber(ARGV[6]) then
  redis.call('PEXPIRE', KEYS[1], ARGV[6])
end
return 1
"""
_ADD_VECTOR_SHA = hashlib.sha1(ADD_VECTOR_LUA.encode(), usedforsecurity=False).hexdigest()


@dataclass(slots=True)
class _Replica:
    """This process's copy of one partition's stream: the entries applied up to `last_id`."""

    last_id: StreamId = (0, 0)
    index: VectorIndex | None = None
    size: int = 0  # bytes counted for it in the store's budget


class RedisCacheStore:
    """`CacheStore` on the Redis `target` names (a redis:// or rediss:// URL, or a `RedisTarget`); see
    the module docstring."""

    __slots__ = (
        "_batch",
        "_bytes",
        "_failed",
        "_first",
        "_max_bytes",
        "_max_partitions",
        "_max_vectors",
        "_prefix",
        "_redis",
        "_replicas",
        "_retry_after_s",
        "_retry_at",
        "_secret",
        "_timeout_s",
        "name",
    )

    def __init__(
        self,
        target: str | RedisTarget,
        *,
        max_vectors_per_partition: int,
        max_bytes: int = DEFAULT_MAX_BYTES,
        op_timeout_s: float = 0.25,
        retry_after_s: float = 1.0,
        max_partitions: int = DEFAULT_MAX_PARTITIONS,
        sync_batch: int = 500,
        prefix: str = "llmproxy:cache:",
    ) -> None:
        if min(max_vectors_per_partition, max_bytes, op_timeout_s, max_partitions, sync_batch) <= 0:
            raise ValueError("cache bounds and timeouts must be positive")
        self.name = "redis"
        # One retry, at once, so a pooled connection that a Redis restart broke is replaced within
        # the call; redis-py's default backoff would only burn the op timeout against a dead server.
        self._redis = client(as_target(target), timeout_s=op_timeout_s, retries=1)
        self._first = FirstConnect(self._redis, op_timeout_s)
        self._max_vectors = max_vectors_per_partition
        self._timeout_s = op_timeout_s
        self._retry_after_s = retry_after_s
        self._max_partitions = max_partitions
        self._max_bytes = max_bytes
        self._bytes = 0
        self._secret: bytes | None = None
        self._batch = sync_batch
        self._prefix = prefix
        self._replicas: OrderedDict[str, _Replica] = OrderedDict()
        self._failed = False
        self._retry_at = 0.0

    @property
    def healthy(self) -> bool:
        """False from a connection error or timeout until a call succeeds again."""
        return not self._failed

    @property
    def byte_count(self) -> int:
        """Bytes of the local vector indexes; never above `max_bytes` after a call."""
        return self._bytes

    async def partition_secret(self) -> bytes:
        if self._secret is None:
            name = self._prefix + "secret"
            _, secret = await self._call([("SET", name, os.urandom(32), "NX"), ("GET", name)])
            if not isinstance(secret, bytes) or not secret:
                raise CacheUnavailable("redis cache: the partition secret could not be read")
            self._secret = secret
        return self._secret

    async def get(self, key: str) -> bytes | None:
        [value] = await self._call([("GET", self._prefix + "e:" + key)])
        return value if isinstance(value, bytes) else None

    async def put(self, key: str, value: bytes, ttl_s: float) -> None:
        name = self._prefix + "e:" + key
        if ttl_s <= 0:
            await self._call([("DEL", name)])
        else:
            await self._call([("SET", name, value, "PX", max(1, math.ceil(ttl_s * 1000)))])

    async def add_vector(self, partition: str, key: str, vector: Vector, signature: bytes, ttl_s: float) -> None:
        vector = as_vector(vector)
        if ttl_s <= 0 or not is_finite(vector):
            return
        ttl_ms = max(1, math.ceil(ttl_s * 1000))
        args = (self._max_vectors, key, vector.tobytes(), signature, int(time.time() * 1000) + ttl_ms, ttl_ms)
        stream = self._prefix + "v:" + partition
        _, [added] = await self._sync(partition, [("EVALSHA", _ADD_VECTOR_SHA, 1, stream, *args)])
        if isinstance(added, NoScriptError):  # first use since Redis started: EVAL loads the script
            _, [added] = await self._sync(partition, [("EVAL", ADD_VECTOR_LUA, 1, stream, *args)])
        if isinstance(added, Exception):
            raise CacheUnavailable(f"redis cache: adding a vector failed: {added}")

    async def nearest(self, partition: str, vector: Vector, k: int = 3) -> list[Neighbour]:
        vector = as_vector(vector)
        if k <= 0 or not is_finite(vector):
            return []
        replica, _ = await self._sync(partition, [])
        if replica.index is None:
            return []
        found = replica.index.nearest(vector, k, time.time())
        self._account(partition, replica)  # a search that finds nothing live releases the rows
        return found

    async def start(self) -> None:
        await self._first.warm_up()

    async def close(self) -> None:
        self._replicas.clear()
        self._bytes = 0
        await self._first.close()
        await close_client(self._redis)

    async def _sync(self, partition: str, before: list[Command]) -> tuple[_Replica, list[Any]]:
        """Run `before` and read the partition's new stream entries in one round trip, then read any
        backlog while within the op timeout; returns the local replica and `before`'s replies."""
        started = time.monotonic()
        stream = self._prefix + "v:" + partition
        replica = self._replica(partition)
        replies = await self._call([*before, self._xread(stream, replica)])
        read = self._apply(replica, replies[-1])
        while read >= self._batch and time.monotonic() - started < self._timeout_s:
            [reply] = await self._call([self._xread(stream, replica)])
            read = self._apply(replica, reply)
        self._account(partition, replica)
        return replica, replies[:-1]

    def _account(self, partition: str, replica: _Replica) -> None:
        """Count the replica's current size, then drop least recently used replicas while over budget."""
        size = (replica.index.nbytes if replica.index is not None else 0) + len(partition) + PARTITION_OVERHEAD
        if self._replicas.get(partition) is replica:  # not dropped meanwhile (by a failure or eviction)
            self._bytes += size - replica.size
            replica.size = size
        while self._replicas and (self._bytes > self._max_bytes or len(self._replicas) > self._max_partitions):
            _, evicted = self._replicas.popitem(last=False)
            self._bytes -= evicted.size

    def _xread(self, stream: str, replica: _Replica) -> Command:
        ms, seq = replica.last_id
        return ("XREAD", "COUNT", self._batch, "STREAMS", stream, f"{ms}-{seq}")

    def _replica(self, partition: str) -> _Replica:
        replica = self._replicas.get(partition)
        if replica is None:
            replica = self._replicas[partition] = _Replica()
        self._replicas.move_to_end(partition)
        return replica

    def _apply(self, replica: _Replica, reply: Any) -> int:
        """Add the entries of an XREAD reply to `replica`; returns how many the reply held."""
        if isinstance(reply, Exception):
            raise CacheUnavailable(f"redis cache: reading a vector stream failed: {reply}")
        entries = _stream_entries(reply)
        now = time.time()
        for raw_id, fields in entries:
            entry_id = _parse_id(raw_id)
            if entry_id <= replica.last_id:
                continue  # another call applied it while this one waited
            replica.last_id = entry_id
            self._apply_entry(replica, fields, now)
        return len(entries)

    def _apply_entry(self, replica: _Replica, fields: dict[bytes, bytes], now: float) -> None:
        try:
            key, signature = fields[b"k"].decode(), fields[b"s"]
            vector = np.frombuffer(fields[b"v"], dtype=np.float32)
            expires_at = int(fields[b"x"]) / 1000
        except (KeyError, ValueError):
            return  # not written by this store: ignore rather than fail every lookup
        if expires_at <= now or vector.size == 0:
            return
        if replica.index is None or replica.index.dim != vector.size:
            replica.index = VectorIndex(vector.size, self._max_vectors)  # first entry, or the embedder changed
        replica.index.add(key, vector, signature, expires_at, now)

    async def _call(self, commands: Sequence[Command]) -> list[Any]:
        """`commands` in one round trip within the op timeout; replies in order, error replies in
        place when there are several. Raises `CacheUnavailable` on failure (see the module docstring)."""
        if self._failed and time.monotonic() < self._retry_at:
            raise CacheUnavailable("redis cache: backing off after a failure")
        try:
            async with asyncio.timeout(self._timeout_s):
                if not self._first.ready:  # a Cluster not learned yet: wait for it within the op timeout
                    await self._first.wait()
                if len(commands) == 1:
                    replies = [await self._redis.execute_command(*commands[0])]
                else:
                    pipe = self._redis.pipeline(transaction=False)
                    for command in commands:
                        pipe.execute_command(*command)
                    replies = await pipe.execute(raise_on_error=False)
        except (TimeoutError, RedisConnectionError, RedisTimeoutError, RedisClusterException, OSError) as exc:
            self._trip()
            raise CacheUnavailable(f"redis cache unreachable: {exc!r}") from exc
        except RedisError as exc:
            raise CacheUnavailable(f"redis cache: {exc}") from exc
        self._failed = False
        return replies

    def _trip(self) -> None:
        self._failed = True
        self._retry_at = time.monotonic() + self._retry_after_s
        self._replicas.clear()
        self._bytes = 0
        self._secret = None  # a restarted Redis may hold another (or none): read it again


def _stream_entries(reply: Any) -> list[tuple[bytes, dict[bytes, bytes]]]:
    """The entries of a one-stream XREAD reply: RESP2 `[[name, entries]]`, RESP3 `{name: [entries]}`, or nil."""
    if not reply:
        return []
    if isinstance(reply, dict):
        [entries] = reply.values()
        return list(entries[0] if entries and isinstance(entries[0], list) else entries)
    return list(reply[0][1])


def _parse_id(raw: bytes | str) -> StreamId:
    ms, _, seq = (raw.decode() if isinstance(raw, bytes) else raw).partition("-")
    return int(ms), int(seq or 0)
