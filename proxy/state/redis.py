"""`RedisStore`: the `Store` contract shared by every replica through one Redis (a server, a
Sentinel-managed master or a Redis Cluster: see `redis_target`).

Every call costs one round trip (`RedisLink`; on a Cluster, `ClusterLink` makes one to each node
that owns some of its keys, in parallel) however many buckets, slots, spend totals, index sets or
hash-tag groups it touches: its commands are sent together, not as a transaction, and each is
one Lua script (EVALSHA), one MGET over the keys of one hash-tag group, or one SET or GET of a
remembered value, so it is atomic on the server and only touches keys of one hash slot (safe on
Redis Cluster). `take` runs every group's check-and-take script at once and, if any group
refused, gives back what the others took in a second round trip, so all-or-nothing holds across
groups too (another caller may briefly see the units that are then given back). Scripts are
loaded when Redis first answers NOSCRIPT (a command answered so did not run, so it is sent again
as EVAL). Any Redis failure (unreachable, timed out, or an error reply such as a read-only
replica) raises `StoreUnavailable`, so callers degrade instead of crashing.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff
from redis.exceptions import NoScriptError, RedisError, ResponseError

from proxy.core.buckets import Bucket
from proxy.state import redis_scripts as lua
from proxy.state.base import BucketState, Slot, StoreUnavailable, hash_tag, untaken, untaken_slot, validate
from proxy.state.redis_link import ClusterLink, RedisLink
from proxy.state.redis_link import Command as _Command
from proxy.state.redis_target import RedisTarget, as_target, close_pool, cluster_client, master_pool


def _sha(source: str) -> str:
    return hashlib.sha1(source.encode(), usedforsecurity=False).hexdigest()


_TAKE_SHA, _APPLY_SHA, _ADD_SPEND_SHA = _sha(lua.TAKE), _sha(lua.APPLY), _sha(lua.ADD_SPEND)
_SCRIPTS = {_sha(source): source for source in (lua.TAKE, lua.APPLY, lua.ADD_SPEND)}  # by SHA, for NOSCRIPT


class RedisStore:
    """Store backed by the Redis `target` names: a URL (redis://, rediss://, unix://) for one server,
    or a `RedisTarget` for a Sentinel-managed master or a Redis Cluster. Connects lazily, reuses
    connections; each round trip (connecting included) must finish within `timeout_s`. A Cluster
    store should be `start`ed first: learning the cluster takes longer than that."""

    __slots__ = ("_link", "name", "target")

    def __init__(self, target: str | RedisTarget, *, timeout_s: float = 0.25) -> None:
        self.name = "redis"
        self.target = as_target(target)
        self._link = _link(self.target, timeout_s)

    async def take(self, buckets: Sequence[Bucket], slots: Sequence[Slot] = ()) -> list[BucketState]:
        """All or nothing across `buckets` and `slots` (see `Store.take`): one script per hash-tag group,
        all in one round trip; a second round trip gives back what some groups took if others refused.

        If a group answers with an error, what the other groups took is given back (best effort) and
        `StoreUnavailable` is raised; if the round trip itself fails, or the caller is cancelled
        before the give-back, taken units stay taken until they refill (the over-limiting side).
        """
        for bucket in buckets:
            validate(bucket, take=True)
        groups: dict[str, tuple[list[int], list[int]]] = {}
        for i, bucket in enumerate(buckets):
            groups.setdefault(_group(bucket.key), ([], []))[0].append(i)
        for j, slot in enumerate(slots):
            groups.setdefault(_group(slot.key), ([], []))[1].append(j)
        plan = list(groups.values())
        replies = await self._run([_take_command([buckets[i] for i in b], [slots[j] for j in s]) for b, s in plan])
        states: list[BucketState] = [_NOT_RUN] * (len(buckets) + len(slots))
        new_leases = [False] * len(slots)
        taken: list[tuple[list[int], list[int]]] = []
        failure: ResponseError | None = None
        for (bucket_ids, slot_ids), reply in zip(plan, replies, strict=True):
            if isinstance(reply, ResponseError):
                failure = reply
                continue
            values = reply.split()
            for n, index in enumerate([*bucket_ids, *(len(buckets) + j for j in slot_ids)]):
                status, remaining, reset, retry = values[4 * n : 4 * n + 4]
                states[index] = BucketState(status != "0", float(remaining), float(reset), float(retry))
            for n, j in enumerate(slot_ids, start=len(bucket_ids)):
                new_leases[j] = values[4 * n] == "1"
            if all(states[i].allowed for i in bucket_ids) and all(states[len(buckets) + j].allowed for j in slot_ids):
                taken.append((bucket_ids, slot_ids))
        refused = failure is not None or len(taken) < len(plan)
        if refused and taken:
            await self._give_back(
                [buckets[i] for bucket_ids, _ in taken for i in bucket_ids],
                [slots[j] for _, slot_ids in taken for j in slot_ids if new_leases[j]],
            )
        if failure is not None:
            raise StoreUnavailable(f"redis: {type(failure).__name__}: {failure}")
        if not refused:
            return states
        bucket_states, slot_states = states[: len(buckets)], states[len(buckets) :]
        kept = [untaken(state, bucket) for state, bucket in zip(bucket_states, buckets, strict=True)]
        return kept + [untaken_slot(state, new) for state, new in zip(slot_states, new_leases, strict=True)]

    async def adjust(self, bucket: Bucket) -> None:
        """Reconcile without refusing (see `Store.adjust`)."""
        await self.apply(adjusts=(bucket,))

    async def acquire(self, key: str, limit: int, lease: str, ttl_s: float) -> bool:
        """Hold `lease` in the ZSET `key` if fewer than `limit` live leases (re-acquiring renews)."""
        [state] = await self.take((), (Slot(key, limit, lease, ttl_s),))
        return state.allowed

    async def release(self, key: str, lease: str) -> None:
        """Give back `lease` (ZREM; Redis drops the key when it empties)."""
        await self.apply(releases=((key, lease),))

    async def add_spend(self, key: str, amount: float, ttl_s: float) -> float:
        """INCRBYFLOAT; the expiry is set only by the add that creates the key."""
        [total] = _checked(await self._run([_spend_command(key, amount, ttl_s)]))
        return float(total)

    async def get_spend(self, key: str) -> float:
        """The live total or 0.0."""
        [total] = await self.get_spends((key,))
        return total

    async def get_spends(self, keys: Sequence[str]) -> list[float]:
        """The live totals (or 0.0), one MGET per hash-tag group, all in one round trip."""
        groups: dict[str, list[int]] = {}
        for i, key in enumerate(keys):
            groups.setdefault(_group(key), []).append(i)
        replies = _checked(await self._run([("MGET", *(keys[i] for i in ids)) for ids in groups.values()]))
        totals = [0.0] * len(keys)
        for ids, values in zip(groups.values(), replies, strict=True):
            for i, value in zip(ids, values, strict=True):
                totals[i] = 0.0 if value is None else float(value)
        return totals

    async def get_members(self, keys: Sequence[str]) -> list[set[str]]:
        """One SMEMBERS per index set, all in one round trip."""
        replies = _checked(await self._run([("SMEMBERS", key) for key in keys]))
        return [set(reply) for reply in replies]

    async def apply(
        self,
        *,
        releases: Sequence[tuple[str, str]] = (),
        adjusts: Sequence[Bucket] = (),
        spends: Sequence[tuple[str, float, float]] = (),
        members: Sequence[tuple[str, str, float]] = (),
    ) -> None:
        """Releases, adjusts, spend adds and index adds: one script per hash-tag group, all in one round
        trip (see `Store.apply`); each group's updates are made together, in that order."""
        for bucket in adjusts:
            validate(bucket)
        groups: dict[str, _Updates] = {}
        for key, lease in releases:
            groups.setdefault(_group(key), _Updates()).releases.append((key, lease))
        for bucket in adjusts:
            if bucket.cost != 0:
                groups.setdefault(_group(bucket.key), _Updates()).adjusts.append(bucket)
        for key, amount, ttl_s in spends:
            groups.setdefault(_group(key), _Updates()).spends.append((key, amount, ttl_s))
        for key, member, ttl_s in members:
            groups.setdefault(_group(key), _Updates()).members.append((key, member, ttl_s))
        _checked(await self._run([updates.command() for updates in groups.values()]))

    async def remember(self, key: str, value: str, ttl_s: float) -> None:
        """SET with PX: the value and its expiry in one command."""
        _checked(await self._run([("SET", key, value, "PX", _ms(ttl_s))]))

    async def recall(self, key: str) -> str | None:
        """GET: Redis drops the value when it expires."""
        [value] = _checked(await self._run([("GET", key)]))
        return None if value is None else str(value)

    async def start(self) -> None:
        """Let a Cluster link learn the cluster ahead of the first call (within 2 s; a failure is left
        to the calls, which wait for it no longer than `timeout_s`)."""
        await self._link.start()

    async def ping(self) -> bool:
        """PING within the timeout; False on any failure."""
        try:
            [reply] = await self._send([("PING",)])
        except StoreUnavailable:
            return False
        return reply is True or reply in ("PONG", b"PONG")  # the Cluster client answers True

    async def close(self) -> None:
        """Close every connection."""
        await self._link.close()

    async def _give_back(self, buckets: list[Bucket], slots: list[Slot]) -> None:
        refunds = [Bucket(b.key, b.rate_per_s, b.burst, -b.cost) for b in buckets if b.cost != 0]
        try:
            await self.apply(releases=[(slot.key, slot.lease) for slot in slots], adjusts=refunds)
        except StoreUnavailable:
            # The units stay taken until the buckets refill and the leases expire: over-limiting
            # briefly is the safe side.
            return

    async def _run(self, commands: Sequence[_Command]) -> list[Any]:
        """The replies to `commands`, sent together; an error reply stays in place as a ResponseError.

        EVALSHAs answered NOSCRIPT did not run: they are sent once more as EVAL, which also loads the
        script (on whichever node owns the keys, so the same holds on a Redis Cluster). Raises
        `StoreUnavailable` if the round trip failed (then which commands ran is unknown).
        """
        if not commands:
            return []
        replies = await self._send(commands)
        missing = [i for i, reply in enumerate(replies) if isinstance(reply, NoScriptError)]
        if missing:
            again = await self._send([("EVAL", _SCRIPTS[str(commands[i][1])], *commands[i][2:]) for i in missing])
            for i, reply in zip(missing, again, strict=True):
                replies[i] = reply
        return replies

    async def _send(self, commands: Sequence[_Command]) -> list[Any]:
        try:
            return await self._link.round_trip(commands)
        except (RedisError, OSError, TimeoutError) as exc:
            raise StoreUnavailable(f"redis: {type(exc).__name__}: {exc}") from exc


def _link(target: RedisTarget, timeout_s: float) -> RedisLink | ClusterLink:
    if target.mode == "cluster":
        # One retry inside the round trip (after the client refreshed its slot map) lets a batch
        # follow a moved slot or a promoted replica; the round trip's deadline bounds it.
        cluster = cluster_client(target, timeout_s=timeout_s, retries=1, decode_responses=True)
        return ClusterLink(cluster, timeout_s=timeout_s)
    pool = master_pool(
        target,
        socket_timeout=None,  # the link puts one deadline on each whole round trip
        socket_connect_timeout=timeout_s,
        decode_responses=True,
        # No retries here: the link itself sends once more when a reused connection turns out
        # broken (Redis restarted, or a Sentinel-managed master was demoted); timeouts and
        # refused connections are not retried.
        retry=Retry(NoBackoff(), 0),
    )
    return RedisLink(pool, timeout_s=timeout_s, close_pool=close_pool)


# Placeholder state for an item whose group answered with an error (never returned).
_NOT_RUN = BucketState(False, 0.0, 0.0, 0.0)


def _group(key: str) -> str:
    # Untagged keys hash whole, so the key itself names their slot group.
    return hash_tag(key) or key


def _checked(replies: list[Any]) -> list[Any]:
    for reply in replies:
        if isinstance(reply, ResponseError):
            raise StoreUnavailable(f"redis: {type(reply).__name__}: {reply}")
    return replies


def _ms(seconds: float) -> int:
    return max(1, math.ceil(seconds * 1000))


def _take_command(buckets: list[Bucket], slots: list[Slot]) -> _Command:
    keys = [bucket.key for bucket in buckets] + [slot.key for slot in slots]
    numbers = [str(lua.KEY_TTL_PAD_MS), str(len(buckets))]
    for bucket in buckets:
        numbers += [repr(bucket.rate_per_s), repr(bucket.burst), repr(bucket.cost)]
    for slot in slots:
        numbers += [str(slot.limit), str(_ms(slot.ttl_s))]
    return ("EVALSHA", _TAKE_SHA, len(keys), *keys, " ".join(numbers), *(slot.lease for slot in slots))


def _spend_command(key: str, amount: float, ttl_s: float) -> _Command:
    return ("EVALSHA", _ADD_SPEND_SHA, 1, key, repr(amount), _ms(ttl_s))


@dataclass(slots=True)
class _Updates:
    """One hash-tag group's part of an `apply`: one APPLY script."""

    releases: list[tuple[str, str]] = field(default_factory=list)
    adjusts: list[Bucket] = field(default_factory=list)
    spends: list[tuple[str, float, float]] = field(default_factory=list)
    members: list[tuple[str, str, float]] = field(default_factory=list)

    def command(self) -> _Command:
        keys = [key for key, _ in self.releases] + [bucket.key for bucket in self.adjusts]
        keys += [key for key, _, _ in self.spends]
        keys += [key for key, _, _ in self.members]
        numbers = [str(lua.KEY_TTL_PAD_MS), str(len(self.releases)), str(len(self.adjusts)), str(len(self.spends))]
        for bucket in self.adjusts:
            numbers += [repr(bucket.rate_per_s), repr(bucket.cost)]
        for _, amount, ttl_s in self.spends:
            numbers += [repr(amount), str(_ms(ttl_s))]
        numbers += [str(_ms(ttl_s)) for _, _, ttl_s in self.members]
        args = [lease for _, lease in self.releases] + [member for _, member, _ in self.members]
        return ("EVALSHA", _APPLY_SHA, len(keys), *keys, " ".join(numbers), *args)
