"""One contract suite for every `Store`: the in-process MemoryStore (on a fake clock) and a
RedisStore against a real redis-server and a real 3-primary Redis Cluster started by the tests
(on real time, short sleeps)."""

from __future__ import annotations

import asyncio
import functools
import signal
import time
import uuid
from collections.abc import AsyncIterator, Callable, Coroutine
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import pytest
import redis.asyncio as aioredis

from proxy.state import (
    Bucket,
    BucketState,
    MemoryStore,
    RedisStore,
    RedisTarget,
    ResilientStore,
    Slot,
    Store,
    StoreUnavailable,
    build_store,
)
from proxy.state.redis_scripts import KEY_TTL_PAD_MS
from tests.redis_server import RedisClusterNodes, RedisServer, cluster_target
from tests.support import FakeClock, free_port


def run_async(fn: Callable[..., Coroutine[Any, Any, None]]) -> Callable[..., None]:
    """Run an async test body in a fresh event loop (no pytest plugin needed)."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> None:
        asyncio.run(fn(*args, **kwargs))

    return wrapper


@dataclass
class Backend:
    """What a contract test needs from a backend: a store, a way to let time pass, unique keys.

    `target` is the Redis to use (a URL, or a `RedisTarget` for a Cluster); None: in-process."""

    name: str
    target: str | RedisTarget | None = None
    clock: FakeClock = field(default_factory=FakeClock)
    uid: str = field(default_factory=lambda: uuid.uuid4().hex[:10])

    @property
    def tol_s(self) -> float:
        # Redis runs on real time: a few ms pass between calls and sleeps overshoot a little.
        return 0.04 if self.target else 1e-9

    def key(self, name: str, tag: str = "team") -> str:
        return f"llmp:{{{tag}-{self.uid}}}:{name}"

    def make(self) -> Store:
        if self.target is None:
            return MemoryStore(clock=self.clock)
        return RedisStore(self.target)

    @asynccontextmanager
    async def store(self) -> AsyncIterator[Store]:
        store = self.make()
        if self.target:
            await store.start()  # a Cluster is learned ahead, as the Runtime does
            assert await store.ping()  # connected before any timing starts
        try:
            yield store
        finally:
            await store.close()

    def now(self) -> float:
        return time.monotonic() if self.target else self.clock.now

    async def sleep(self, seconds: float) -> None:
        if self.target:
            await asyncio.sleep(seconds)
        else:
            self.clock.now += seconds

    async def sleep_until(self, at: float) -> None:
        if self.target:
            await asyncio.sleep(max(0.0, at - time.monotonic()))
        else:
            self.clock.now = max(self.clock.now, at)


@pytest.fixture(params=["memory", "redis", "redis-cluster"])
def backend(request: pytest.FixtureRequest) -> Backend:
    if request.param == "memory":
        return Backend("memory")
    if request.param == "redis-cluster":
        # A 3-primary Cluster: the suite's hash-tag groups land on different nodes, and a script
        # whose keys spanned slots would fail with CROSSSLOT.
        cluster: RedisClusterNodes = request.getfixturevalue("redis_cluster")
        return Backend("redis-cluster", target=cluster_target(cluster))
    return Backend("redis", target=request.getfixturevalue("redis_server").url)


def check(
    state: BucketState,
    backend: Backend,
    rate: float,
    *,
    allowed: bool,
    remaining: float,
    reset: float,
    retry: float = 0.0,
) -> None:
    tol = backend.tol_s
    assert state.allowed is allowed, state
    assert state.remaining == pytest.approx(remaining, abs=tol * rate + 1e-9), state
    assert state.reset_after_s == pytest.approx(reset, abs=tol), state
    assert state.retry_after_s == pytest.approx(retry, abs=tol), state


async def take1(store: Store, bucket: Bucket) -> BucketState:
    [state] = await store.take([bucket])
    return state


def read(bucket: Bucket) -> Bucket:
    return Bucket(bucket.key, bucket.rate_per_s, bucket.burst, 0)


@run_async
async def test_take_until_refused_reports_remaining_reset_and_retry(backend: Backend) -> None:
    bucket = Bucket(backend.key("rpm"), rate_per_s=10, burst=5, cost=1)
    async with backend.store() as store:
        for n in range(1, 6):
            check(await take1(store, bucket), backend, 10, allowed=True, remaining=5 - n, reset=0.1 * n)
        check(await take1(store, bucket), backend, 10, allowed=False, remaining=0, reset=0.5, retry=0.1)
        check(await take1(store, read(bucket)), backend, 10, allowed=True, remaining=0, reset=0.5)


@run_async
async def test_burst_is_available_at_once_and_cost_above_burst_is_refused(backend: Backend) -> None:
    async with backend.store() as store:
        whole = Bucket(backend.key("tpm"), rate_per_s=10, burst=5, cost=5)
        check(await take1(store, whole), backend, 10, allowed=True, remaining=0, reset=0.5)
        too_big = Bucket(backend.key("tpm2"), rate_per_s=10, burst=5, cost=6)
        check(await take1(store, too_big), backend, 10, allowed=False, remaining=5, reset=0, retry=0.1)
        fractional = Bucket(backend.key("usd"), rate_per_s=2, burst=1.5, cost=0.75)
        check(await take1(store, fractional), backend, 2, allowed=True, remaining=0.75, reset=0.375)


@run_async
async def test_bucket_refills_at_rate(backend: Backend) -> None:
    bucket = Bucket(backend.key("rpm"), rate_per_s=10, burst=5, cost=5)
    async with backend.store() as store:
        assert (await take1(store, bucket)).allowed
        await backend.sleep(0.25)
        two = Bucket(bucket.key, 10, 5, 2)
        check(await take1(store, two), backend, 10, allowed=True, remaining=0.5, reset=0.45)
        one = Bucket(bucket.key, 10, 5, 1)
        check(await take1(store, one), backend, 10, allowed=False, remaining=0.5, reset=0.45, retry=0.05)
        await backend.sleep(0.5)
        check(await take1(store, read(bucket)), backend, 10, allowed=True, remaining=5, reset=0)


@run_async
async def test_all_or_nothing_in_one_hash_tag_group(backend: Backend) -> None:
    a = Bucket(backend.key("a"), 10, 5, 1)
    b = Bucket(backend.key("b"), 10, 2, 1)
    c = Bucket(backend.key("c"), 10, 5, 1)
    async with backend.store() as store:
        for _ in range(2):
            assert all(s.allowed for s in await store.take([a, b, c]))
        sa, sb, sc = await store.take([a, b, c])
        check(sb, backend, 10, allowed=False, remaining=0, reset=0.2, retry=0.1)
        # a and c could have taken, but nothing was taken: they report what they still have.
        check(sa, backend, 10, allowed=True, remaining=3, reset=0.2)
        check(sc, backend, 10, allowed=True, remaining=3, reset=0.2)
        check(await take1(store, read(a)), backend, 10, allowed=True, remaining=3, reset=0.2)


@pytest.mark.parametrize("refused_at", [0, 1, 2])
@run_async
async def test_all_or_nothing_across_hash_tag_groups(backend: Backend, refused_at: int) -> None:
    # Three slot groups: two tags and one untagged key; on Redis a refusal in a later group makes
    # the store give back what earlier groups took.
    keys = [backend.key("x", tag="t1"), backend.key("y", tag="t2"), f"llmp:untagged-{backend.uid}"]
    buckets = [Bucket(key, 10, 4, 1) for key in keys]
    async with backend.store() as store:
        await store.take([Bucket(keys[refused_at], 10, 4, 4)])
        states = await store.take(buckets)
        assert [s.allowed for s in states] == [i != refused_at for i in range(3)]
        assert states[refused_at].retry_after_s == pytest.approx(0.1, abs=backend.tol_s)
        for i, bucket in enumerate(buckets):
            expected = 0 if i == refused_at else 4
            check(
                await take1(store, read(bucket)),
                backend,
                10,
                allowed=True,
                remaining=expected,
                reset=0.4 if i == refused_at else 0,
            )


@run_async
async def test_same_key_twice_in_one_take_counts_both(backend: Backend) -> None:
    bucket = Bucket(backend.key("dup"), 10, 5, 3)
    async with backend.store() as store:
        first, second = await store.take([bucket, bucket])
        assert first.allowed and not second.allowed
        check(await take1(store, read(bucket)), backend, 10, allowed=True, remaining=5, reset=0)


@run_async
async def test_invalid_buckets_are_programming_errors(backend: Backend) -> None:
    async with backend.store() as store:
        for bad in (
            Bucket(backend.key("b"), 10, 5, -1),
            Bucket(backend.key("b"), 0, 5, 1),
            Bucket(backend.key("b"), 1, 0, 1),
        ):
            with pytest.raises(ValueError):
                await store.take([bad])


@run_async
async def test_adjust_takes_into_debt_and_gives_back_up_to_full(backend: Backend) -> None:
    bucket = Bucket(backend.key("tpm"), rate_per_s=10, burst=5, cost=1)
    async with backend.store() as store:
        await store.take([bucket])
        await store.adjust(Bucket(bucket.key, 10, 5, 9))  # reconciled: 10 units used, 5 more than capacity
        check(await take1(store, bucket), backend, 10, allowed=False, remaining=0, reset=1.0, retry=0.6)
        await store.adjust(Bucket(bucket.key, 10, 5, -3))
        check(await take1(store, read(bucket)), backend, 10, allowed=False, remaining=0, reset=0.7, retry=0.2)
        await store.adjust(Bucket(bucket.key, 10, 5, -100))  # never fuller than full
        check(await take1(store, read(bucket)), backend, 10, allowed=True, remaining=5, reset=0)
        await store.adjust(Bucket(backend.key("fresh"), 10, 5, -2))
        check(
            await take1(store, Bucket(backend.key("fresh"), 10, 5, 0)), backend, 10, allowed=True, remaining=5, reset=0
        )


@run_async
async def test_offering_twice_the_rate_admits_rate_times_time_plus_burst(backend: Backend) -> None:
    # 600/min with a burst of 10, offered at ~20/s for 2 s. Offers sit midway between the moments
    # a unit becomes available, so real-time jitter on Redis cannot move the count.
    bucket = Bucket(backend.key("rpm"), rate_per_s=10, burst=10, cost=1)
    schedule = [0.0] + [0.025 + 0.05 * k for k in range(41)]
    admitted = 0
    async with backend.store() as store:
        start = backend.now()
        for at in schedule:
            await backend.sleep_until(start + at)
            admitted += (await take1(store, bucket)).allowed
    expected = 10 * 2.0 + 10
    assert abs(admitted - expected) <= 0.02 * expected, (admitted, expected)


@run_async
async def test_concurrency_slots(backend: Backend) -> None:
    key = backend.key("inflight")
    async with backend.store() as store:
        assert await store.acquire(key, 2, "l1", 30)
        assert await store.acquire(key, 2, "l2", 30)
        assert not await store.acquire(key, 2, "l3", 30)
        assert await store.acquire(key, 2, "l1", 30)  # held: renewing is not a new slot
        await store.release(key, "l1")
        await store.release(key, "l1")
        await store.release(key, "never-held")
        assert await store.acquire(key, 2, "l3", 30)
        assert not await store.acquire(key, 2, "l4", 30)
        assert not await store.acquire(backend.key("zero"), 0, "l1", 30)


@run_async
async def test_leases_expire_so_a_crashed_holder_gives_its_slot_back(backend: Backend) -> None:
    key = backend.key("inflight")
    async with backend.store() as store:
        assert await store.acquire(key, 1, "crashed", 0.2)
        assert not await store.acquire(key, 1, "other", 0.2)
        await backend.sleep(0.25)
        assert await store.acquire(key, 1, "other", 0.2)


@run_async
async def test_spend_totals_expire_after_first_add(backend: Backend) -> None:
    key = backend.key("spend")
    async with backend.store() as store:
        assert await store.get_spend(key) == 0.0
        assert await store.add_spend(key, 1.5, 0.4) == pytest.approx(1.5)
        assert await store.add_spend(key, 0.25, 0.4) == pytest.approx(1.75)
        assert await store.get_spend(key) == pytest.approx(1.75)
        await backend.sleep(0.25)
        assert await store.add_spend(key, 0.25, 0.4) == pytest.approx(2.0)  # does not extend the expiry
        await backend.sleep(0.2)
        assert await store.get_spend(key) == 0.0
        assert await store.add_spend(key, 0.5, 0.4) == pytest.approx(0.5)


@run_async
async def test_take_holds_slots_with_buckets_all_or_nothing(backend: Backend) -> None:
    # The bucket, the slot that refuses and the slot that could be held are in three hash-tag groups.
    bucket = Bucket(backend.key("rpm", tag="t1"), 10, 2, 1)
    full, free = backend.key("inflight", tag="t2"), backend.key("inflight", tag="t3")
    async with backend.store() as store:
        first = await store.take([bucket], [Slot(full, 1, "r1", 30), Slot(free, 2, "r1", 30)])
        check(first[0], backend, 10, allowed=True, remaining=1, reset=0.1)
        assert [(s.allowed, s.remaining) for s in first[1:]] == [(True, 0), (True, 1)]
        sb, s_full, s_free = await store.take([bucket], [Slot(full, 1, "r2", 30), Slot(free, 2, "r2", 30)])
        check(sb, backend, 10, allowed=True, remaining=1, reset=0.1)  # could have taken, nothing taken
        assert (s_full.allowed, s_full.remaining, s_free.allowed, s_free.remaining) == (False, 0, True, 1)
        check(await take1(store, read(bucket)), backend, 10, allowed=True, remaining=1, reset=0.1)
        assert await store.acquire(free, 2, "r3", 30)  # "r2" was not left holding a slot
        await store.release(free, "r3")
        # A refused bucket keeps every slot free, and a held lease is renewed, not counted twice.
        states = await store.take([Bucket(bucket.key, 10, 2, 2)], [Slot(free, 2, "r4", 30), Slot(full, 1, "r1", 30)])
        assert [s.allowed for s in states] == [False, True, True]
        assert (await store.take([], [Slot(full, 1, "r1", 30)]))[0].allowed
        assert [s.remaining for s in await store.take([], [Slot(free, 2, "r5", 30)])] == [0]
        assert not await store.acquire(free, 2, "r6", 30)


@run_async
async def test_same_slot_twice_in_one_take_counts_once_per_lease(backend: Backend) -> None:
    key = backend.key("inflight")
    async with backend.store() as store:
        states = await store.take([], [Slot(key, 1, "a", 30), Slot(key, 1, "b", 30)])
        assert [s.allowed for s in states] == [True, False]
        twice = await store.take([], [Slot(key, 2, "a", 30), Slot(key, 2, "a", 30)])
        assert [(s.allowed, s.remaining) for s in twice] == [(True, 1), (True, 1)]
        assert await store.acquire(key, 2, "b", 30)
        assert await store.take([], []) == []


@run_async
async def test_get_spends_reads_every_group_in_order(backend: Backend) -> None:
    keys = [backend.key("d", tag="t1"), f"llmp:untagged-{backend.uid}", backend.key("m", tag="t1")]
    keys += [backend.key("never", tag="t2"), backend.key("d", tag="t1")]
    async with backend.store() as store:
        assert await store.get_spends([]) == []
        await store.add_spend(keys[0], 1.25, 60)
        await store.add_spend(keys[1], 2.5, 60)
        await store.add_spend(keys[2], 4.0, 60)
        assert await store.get_spends(keys) == pytest.approx([1.25, 2.5, 4.0, 0.0, 1.25])


@run_async
async def test_apply_releases_adjusts_and_adds_spend_across_groups(backend: Backend) -> None:
    slot_key, bucket = backend.key("inflight", tag="t1"), Bucket(backend.key("tpm", tag="t2"), 10, 5, 3)
    spend_keys = [backend.key("spend", tag="t1"), f"llmp:spend-{backend.uid}"]
    async with backend.store() as store:
        assert await store.acquire(slot_key, 1, "r1", 30)
        await store.take([bucket])
        await store.apply()  # nothing to do
        await store.apply(
            releases=[(slot_key, "r1"), (slot_key, "never-held")],
            adjusts=[Bucket(bucket.key, 10, 5, -1), Bucket(bucket.key, 10, 5, 0), Bucket(bucket.key, 10, 5, 4)],
            spends=[(spend_keys[0], 0.5, 60), (spend_keys[1], 1.5, 60), (spend_keys[0], 0.25, 60)],
        )
        assert await store.acquire(slot_key, 1, "r2", 30)
        check(await take1(store, read(bucket)), backend, 10, allowed=False, remaining=0, reset=0.6, retry=0.1)
        assert await store.get_spends(spend_keys) == pytest.approx([0.75, 1.5])
        with pytest.raises(ValueError):  # an invalid bucket changes nothing
            await store.apply(releases=[(slot_key, "r2")], adjusts=[Bucket(bucket.key, 0, 5, 1)])
        assert not await store.acquire(slot_key, 1, "r3", 30)


@run_async
async def test_index_sets_list_members_and_expire_after_first_add(backend: Backend) -> None:
    keys = [backend.key("idx", tag="g"), backend.key("never", tag="g"), f"llmp:idx-{backend.uid}"]
    spend = backend.key("n", tag="t1")
    async with backend.store() as store:
        assert await store.get_members([]) == []
        assert await store.get_members(keys) == [set(), set(), set()]
        adds = [(keys[0], "a", 0.4), (keys[0], "b}:{x", 0.4), (keys[2], "a", 0.4), (keys[0], "a", 0.4)]
        await store.apply(spends=[(spend, 1.0, 0.4)], members=adds)  # with spends, in one batch
        assert await store.get_members(keys) == [{"a", "b}:{x"}, set(), {"a"}]
        assert await store.get_spends([spend]) == [1.0]
        await backend.sleep(0.2)
        await store.apply(members=[(keys[0], "c", 60)])  # does not extend the expiry
        assert await store.get_members(keys[:1]) == [{"a", "b}:{x", "c"}]
        await backend.sleep(0.25)
        assert await store.get_members(keys) == [set(), set(), set()]
        await store.apply(members=[(keys[0], "d", 60)])
        assert await store.get_members(keys[:1]) == [{"d"}]


@run_async
async def test_remembered_values_are_replaced_and_expire(backend: Backend) -> None:
    # Two hash-tag groups: on the Cluster they live on different nodes.
    key, other = backend.key("home:resp_1", tag="k:a"), backend.key("home:resp_1", tag="k:b")
    async with backend.store() as store:
        assert await store.recall(key) is None
        await store.remember(key, "openai-east", 0.4)
        await store.remember(other, "azure}:{x", 60)
        assert (await store.recall(key), await store.recall(other)) == ("openai-east", "azure}:{x")
        await backend.sleep(0.2)
        await store.remember(key, "openai-west", 0.4)  # replaces the value and restarts the expiry
        await backend.sleep(0.25)
        assert await store.recall(key) == "openai-west"
        await backend.sleep(0.2)
        assert await store.recall(key) is None
        assert await store.recall(other) == "azure}:{x"


@run_async
async def test_redis_keys_carry_ttls(redis_server: RedisServer) -> None:
    backend = Backend("redis", target=redis_server.url)
    raw = aioredis.from_url(redis_server.url, decode_responses=True)
    bucket = Bucket(backend.key("rpm"), rate_per_s=10, burst=5, cost=3)
    async with backend.store() as store:
        await store.take([bucket])
        assert 0 < await raw.pttl(bucket.key) <= 300 + KEY_TTL_PAD_MS
        await store.adjust(Bucket(bucket.key, 10, 5, 20))
        assert 2300 - 50 < await raw.pttl(bucket.key) <= 2300 + KEY_TTL_PAD_MS
        await store.take([read(Bucket(backend.key("untouched"), 10, 5, 0))])
        assert await raw.exists(backend.key("untouched")) == 0
        await store.acquire(backend.key("inflight"), 3, "a", 5)
        await store.acquire(backend.key("inflight"), 3, "b", 20)
        assert 20_000 - 100 < await raw.pttl(backend.key("inflight")) <= 20_000 + KEY_TTL_PAD_MS
        await store.add_spend(backend.key("spend"), 1.0, 60)
        await store.add_spend(backend.key("spend"), 1.0, 600)
        assert 59_000 < await raw.pttl(backend.key("spend")) <= 60_000
        await store.apply(members=[(backend.key("idx"), "a", 60), (backend.key("idx"), "b", 600)])
        assert 59_000 < await raw.pttl(backend.key("idx")) <= 60_000
        await store.remember(backend.key("home:resp_1"), "east", 90)
        assert 89_000 < await raw.pttl(backend.key("home:resp_1")) <= 90_000
    await raw.aclose()


@run_async
async def test_two_redis_clients_share_one_limit(redis_server: RedisServer) -> None:
    backend = Backend("redis", target=redis_server.url)
    bucket = Bucket(backend.key("rpm"), rate_per_s=1, burst=4, cost=1)
    one, two = RedisStore(redis_server.url), RedisStore(redis_server.url)
    results = [await take1(store, bucket) for store in (one, two, one, two, one, two)]
    assert [s.allowed for s in results] == [True, True, True, True, False, False]
    assert await one.acquire(backend.key("inflight"), 1, "a", 10)
    assert not await two.acquire(backend.key("inflight"), 1, "b", 10)
    await one.close()
    await two.close()


class CountingRedisStore(RedisStore):
    """Counts the pipelines (round trips) sent to Redis."""

    __slots__ = ("round_trips",)

    def __init__(self, url: str) -> None:
        super().__init__(url)
        self.round_trips = 0

    async def _send(self, commands: Any) -> list[Any]:
        self.round_trips += 1
        return await super()._send(commands)


@run_async
async def test_redis_batches_cost_one_round_trip(redis_server: RedisServer) -> None:
    backend = Backend("redis", target=redis_server.url)
    store = CountingRedisStore(redis_server.url)
    buckets = [Bucket(backend.key(name, tag=tag), 10, 5, 1) for name, tag in [("a", "t1"), ("b", "t2"), ("c", "t1")]]
    slots = [Slot(backend.key("inflight", tag="t2"), 1, "r1", 30), Slot(backend.key("inflight", tag="t3"), 1, "r1", 30)]
    raw = aioredis.from_url(redis_server.url, decode_responses=True)
    await raw.script_flush()
    await raw.aclose()
    assert all(s.allowed for s in await store.take(buckets, slots))
    assert store.round_trips == 2  # the first use of the script answered NOSCRIPT: loaded and sent again
    assert all(s.allowed for s in await store.take(buckets, [Slot(backend.key("inflight", tag="t3"), 2, "r2", 30)]))
    assert store.round_trips == 3
    assert not (await store.take(buckets, [slots[0], Slot(slots[1].key, 1, "r3", 30)]))[-1].allowed
    # Refused in one group: a second round trip gives back the others (here a third: APPLY's first use).
    assert store.round_trips == 6
    releases = [(slot.key, slot.lease) for slot in slots]
    spends = [(backend.key("d", tag="t1"), 1.0, 60), (backend.key("d", tag="t2"), 1.0, 60)]
    await store.apply(releases=releases, adjusts=[Bucket(b.key, 10, 5, -1) for b in buckets], spends=spends)
    assert store.round_trips == 7
    members = [(backend.key("idx", tag="g"), "a", 60), (backend.key("idx", tag="t1"), "b", 60)]
    await store.apply(
        releases=releases, adjusts=[Bucket(b.key, 10, 5, 1) for b in buckets], spends=spends, members=members
    )
    assert await store.get_spends([key for key, _, _ in spends] + [backend.key("m", tag="t3")]) == [2.0, 2.0, 0.0]
    assert store.round_trips == 9
    assert await store.get_members([key for key, _, _ in members]) == [{"a"}, {"b"}]
    assert store.round_trips == 10
    await store.close()


@run_async
async def test_redis_reloads_flushed_scripts_without_running_anything_twice(redis_server: RedisServer) -> None:
    backend = Backend("redis", target=redis_server.url)
    raw = aioredis.from_url(redis_server.url, decode_responses=True)
    bucket = Bucket(backend.key("rpm"), 10, 5, 1)
    spend = backend.key("spend")
    async with backend.store() as store:
        await store.apply(spends=[(spend, 1.0, 60)], adjusts=[Bucket(bucket.key, 10, 5, 1)])
        await raw.script_flush()
        await store.apply(spends=[(spend, 1.0, 60)], adjusts=[Bucket(bucket.key, 10, 5, 1)])
        assert await store.get_spend(spend) == 2.0
        await raw.script_flush()
        check(await take1(store, bucket), backend, 10, allowed=True, remaining=2, reset=0.3)
    await raw.aclose()


@run_async
async def test_redis_error_in_one_group_gives_back_the_others(redis_server: RedisServer) -> None:
    backend = Backend("redis", target=redis_server.url)
    raw = aioredis.from_url(redis_server.url, decode_responses=True)
    ok, broken = Bucket(backend.key("rpm", tag="t1"), 10, 5, 2), Bucket(backend.key("rpm", tag="t2"), 10, 5, 1)
    slot = Slot(backend.key("inflight", tag="t3"), 1, "r1", 30)
    await raw.rpush(broken.key, "not a bucket")  # the t2 script fails with WRONGTYPE
    async with backend.store() as store:
        with pytest.raises(StoreUnavailable):
            await store.take([ok, broken], [slot])
        check(await take1(store, read(ok)), backend, 10, allowed=True, remaining=5, reset=0)
        assert await store.acquire(slot.key, 1, "r2", 30)
        with pytest.raises(StoreUnavailable):  # the other updates are still made
            await store.apply(releases=[(slot.key, "r2")], adjusts=[Bucket(broken.key, 10, 5, 1)])
        assert await store.acquire(slot.key, 1, "r3", 30)
    await raw.aclose()


@run_async
async def test_unreachable_redis_raises_store_unavailable() -> None:
    store = RedisStore(f"redis://127.0.0.1:{free_port()}/0", timeout_s=0.2)
    with pytest.raises(StoreUnavailable):
        await store.take([Bucket("llmp:{t}:rpm", 1, 1, 1)])
    with pytest.raises(StoreUnavailable):
        await store.add_spend("llmp:{t}:spend", 1, 10)
    assert not await store.ping()
    await store.close()


@run_async
async def test_redis_replaces_connections_a_restart_broke(outage_redis: RedisServer) -> None:
    store = RedisStore(outage_redis.url)
    bucket = Bucket("llmp:{team}:rpm", rate_per_s=1, burst=3, cost=1)
    states = await asyncio.gather(*(store.take([bucket]) for _ in range(3)))  # three pooled connections
    assert all(state.allowed for [state] in states)
    outage_redis.restart()
    assert (await take1(store, bucket)).allowed  # the restarted Redis is empty, the scripts unloaded
    await store.apply(spends=[("llmp:{team}:spend", 1.0, 60)])
    assert await store.get_spend("llmp:{team}:spend") == 1.0
    await store.close()


@run_async
async def test_redis_timeout_does_not_leave_a_late_reply_for_the_next_call(outage_redis: RedisServer) -> None:
    store = RedisStore(outage_redis.url, timeout_s=0.2)
    spend = "llmp:{team}:spend"
    await store.apply(spends=[(spend, 1.0, 60)])
    assert outage_redis.proc is not None
    outage_redis.proc.send_signal(signal.SIGSTOP)
    try:
        started = time.monotonic()
        with pytest.raises(StoreUnavailable):
            await store.get_spends([spend])
        assert time.monotonic() - started < 1.0
    finally:
        outage_redis.proc.send_signal(signal.SIGCONT)
    assert await store.get_spends([spend, "llmp:{u}:spend"]) == [1.0, 0.0]
    assert await store.ping()
    await store.close()


@run_async
async def test_resilient_fail_open_serves_locally_then_returns_to_redis(outage_redis: RedisServer) -> None:
    modes: list[str] = []
    store = ResilientStore(
        RedisStore(outage_redis.url), MemoryStore(), fail_open=True, retry_every_s=0.3, on_mode_change=modes.append
    )
    bucket = Bucket("llmp:{team}:rpm", rate_per_s=1, burst=3, cost=1)
    assert (await take1(store, bucket)).allowed and store.mode == "redis"
    outage_redis.kill()
    assert [(await take1(store, bucket)).allowed for _ in range(4)] == [True, True, True, False]
    assert store.mode == "local-fallback" and store.degraded
    assert await store.acquire("llmp:{team}:inflight", 1, "a", 10)
    assert await store.add_spend("llmp:{team}:spend", 2.0, 60) == 2.0
    await store.apply(spends=[("llmp:{team}:spend", 1.0, 60)], releases=[("llmp:{team}:inflight", "a")])
    assert await store.get_spends(["llmp:{team}:spend", "llmp:{u}:spend"]) == [3.0, 0.0]
    assert await store.ping()
    outage_redis.restart()
    await asyncio.sleep(0.35)
    assert (await take1(store, bucket)).allowed  # the restarted Redis is empty
    assert store.mode == "redis" and not store.degraded
    assert modes == ["local-fallback", "redis"]
    await store.close()


@run_async
async def test_resilient_fail_closed_refuses_then_returns_to_redis(outage_redis: RedisServer) -> None:
    store = ResilientStore(RedisStore(outage_redis.url), MemoryStore(), fail_open=False, retry_every_s=0.3)
    bucket = Bucket("llmp:{team}:rpm", rate_per_s=1, burst=3, cost=1)
    assert (await take1(store, bucket)).allowed
    outage_redis.kill()
    state = await take1(store, bucket)
    assert not state.allowed and state.retry_after_s == 0.3
    assert store.mode == "closed"
    assert not await store.acquire("llmp:{team}:inflight", 5, "a", 10)
    with pytest.raises(StoreUnavailable):
        await store.add_spend("llmp:{team}:spend", 1.0, 60)
    with pytest.raises(StoreUnavailable):
        await store.get_spend("llmp:{team}:spend")
    with pytest.raises(StoreUnavailable):
        await store.get_spends(["llmp:{team}:spend"])
    await store.apply(spends=[("llmp:{team}:spend", 1.0, 60)], adjusts=[Bucket(bucket.key, 1, 3, 1)])  # dropped
    assert not await store.ping()
    outage_redis.restart()
    await asyncio.sleep(0.35)
    assert (await take1(store, bucket)).allowed
    assert store.mode == "redis"
    await store.close()


class FlakyStore(MemoryStore):
    """A primary that can be switched off; counts the calls that reached it."""

    __slots__ = ("calls", "down")

    def __init__(self) -> None:
        super().__init__()
        self.name = "redis"
        self.down = False
        self.calls = 0

    def _reach(self) -> None:
        self.calls += 1
        if self.down:
            raise StoreUnavailable("down")

    async def take(self, buckets: Any, slots: Any = ()) -> list[BucketState]:
        self._reach()
        return await super().take(buckets, slots)

    async def get_spends(self, keys: Any) -> list[float]:
        self._reach()
        return await super().get_spends(keys)

    async def get_members(self, keys: Any) -> list[set[str]]:
        self._reach()
        return await super().get_members(keys)

    async def apply(self, **updates: Any) -> None:
        self._reach()
        await super().apply(**updates)

    async def remember(self, key: str, value: str, ttl_s: float) -> None:
        self._reach()
        await super().remember(key, value, ttl_s)

    async def recall(self, key: str) -> str | None:
        self._reach()
        return await super().recall(key)


@run_async
async def test_resilient_probes_primary_at_most_every_retry_interval() -> None:
    clock = FakeClock()
    primary = FlakyStore()
    store = ResilientStore(primary, MemoryStore(clock=clock), fail_open=True, retry_every_s=1.0, clock=clock)
    bucket = Bucket("llmp:{t}:rpm", 100, 100, 1)
    primary.down = True
    await store.take([bucket])
    for _ in range(5):
        clock.now += 0.1
        await store.take([bucket])
    assert primary.calls == 1 and store.mode == "local-fallback"
    clock.now += 0.5
    await store.take([bucket])  # probe fails: next probe a full interval later
    assert primary.calls == 2 and store.degraded
    primary.down = False
    clock.now += 0.9
    await store.take([bucket])
    assert primary.calls == 2
    clock.now += 0.1
    await store.take([bucket])
    assert primary.calls == 3 and store.mode == "redis"


def degradable(fail_open: bool) -> tuple[FakeClock, FlakyStore, MemoryStore, ResilientStore]:
    """A ResilientStore over a switchable primary, retrying every second of a fake clock."""
    clock = FakeClock()
    primary, fallback = FlakyStore(), MemoryStore(clock=clock)
    return clock, primary, fallback, ResilientStore(primary, fallback, fail_open=fail_open, clock=clock)


@pytest.mark.parametrize("fail_open", [True, False])
@run_async
async def test_resilient_batches_while_degraded(fail_open: bool) -> None:
    clock, primary, fallback, store = degradable(fail_open)
    bucket, slot = Bucket("llmp:{t}:tpm", 10, 5, 1), Slot("llmp:{t}:inflight", 1, "r1", 30)
    spend = ("llmp:{t}:spend", 1.5, 60.0)
    primary.down = True
    states = await store.take([bucket], [slot])  # degrades
    assert [s.allowed for s in states] == [fail_open, fail_open]
    if not fail_open:
        assert [s.retry_after_s for s in states] == [1.0, 1.0]
        assert await fallback.acquire(slot.key, 1, slot.lease, 30)  # held locally before the outage
    index = ("llmp:{g}:idx", "team", 60.0)
    await store.apply(
        releases=[(slot.key, slot.lease)], adjusts=[Bucket(bucket.key, 10, 5, 4)], spends=[spend], members=[index]
    )
    assert await fallback.acquire(slot.key, 1, "r2", 30)  # the release reached the fallback either way
    if fail_open:
        assert await store.get_spends([spend[0], "llmp:{u}:spend"]) == [1.5, 0.0]
        assert await store.get_members([index[0]]) == [{"team"}]
        check(await take1(fallback, read(bucket)), Backend("memory"), 10, allowed=True, remaining=0, reset=0.5)
    else:
        with pytest.raises(StoreUnavailable):
            await store.get_spends([spend[0]])
        assert await fallback.get_spends([spend[0]]) == [0.0]  # spends and adjusts were dropped
        with pytest.raises(StoreUnavailable):
            await store.get_members([index[0]])
        assert await fallback.get_members([index[0]]) == [set()]  # and so were index adds
        check(await take1(fallback, read(bucket)), Backend("memory"), 10, allowed=True, remaining=5, reset=0)
    calls = primary.calls
    clock.now += 1.0
    primary.down = False
    await store.apply()  # nothing to do: not a probe
    assert await store.get_spends([]) == [] and await store.get_members([]) == [] and await store.take([]) == []
    assert primary.calls == calls and store.degraded
    await store.apply(releases=[(slot.key, "r2")], spends=[spend])  # a probe: back on the primary
    assert not store.degraded and await store.get_spends([spend[0]]) == [1.5]
    assert await fallback.acquire(slot.key, 1, "r3", 30)  # the release reached the fallback too


@pytest.mark.parametrize("fail_open", [True, False])
@run_async
async def test_resilient_remembered_values_while_degraded(fail_open: bool) -> None:
    clock, primary, fallback, store = degradable(fail_open)
    await store.remember("llmp:{k:a}:home:r1", "east", 60)
    primary.down = True
    if fail_open:
        assert await store.recall("llmp:{k:a}:home:r1") is None  # the primary had it; the fallback does not
        await store.remember("llmp:{k:a}:home:r2", "west", 60)
        assert await store.recall("llmp:{k:a}:home:r2") == "west"
    else:
        with pytest.raises(StoreUnavailable):
            await store.recall("llmp:{k:a}:home:r1")
        with pytest.raises(StoreUnavailable):
            await store.remember("llmp:{k:a}:home:r2", "west", 60)
        assert await fallback.recall("llmp:{k:a}:home:r2") is None
    clock.now += 1.0
    primary.down = False
    assert await store.recall("llmp:{k:a}:home:r1") == "east"  # a probe: back on the primary
    assert not store.degraded
    # What was remembered locally during the outage is still found after it.
    assert await store.recall("llmp:{k:a}:home:r2") == ("west" if fail_open else None)


@run_async
async def test_memory_store_forgets_the_oldest_values_beyond_its_cap() -> None:
    clock = FakeClock()
    store = MemoryStore(clock=clock, max_values=3)
    for i in range(4):
        await store.remember(f"v{i}", str(i), 60)
    await store.remember("v1", "1b", 60)  # rewriting makes it the newest
    await store.remember("v4", "4", 60)
    assert [await store.recall(f"v{i}") for i in range(5)] == [None, "1b", None, "3", "4"]
    clock.now += 61
    assert [await store.recall(f"v{i}") for i in range(5)] == [None] * 5


@run_async
async def test_memory_store_stays_small_under_many_distinct_keys() -> None:
    clock = FakeClock()
    store = MemoryStore(clock=clock)
    peak = 0
    for i in range(20_000):
        clock.now += 0.001
        await store.take([Bucket(f"llmp:{{k{i}}}:rpm", rate_per_s=100, burst=1, cost=1)])
        await store.add_spend(f"llmp:{{k{i}}}:spend", 0.01, 0.05)
        await store.acquire(f"llmp:{{k{i}}}:inflight", 1, "a", 0.05)
        await store.remember(f"llmp:{{k{i}}}:home:r", "east", 0.05)
        peak = max(peak, len(store))
    assert peak < 3000, peak
    capped = MemoryStore(clock=clock, max_keys=10)
    for i in range(2000):
        await capped.take([Bucket(f"k{i}", rate_per_s=0.001, burst=1, cost=1)])
    assert len(capped) <= 1024


def test_build_store_picks_the_backend() -> None:
    assert isinstance(build_store(None, fail_open=True), MemoryStore)
    store = build_store("redis://127.0.0.1:1/0", fail_open=False)
    assert isinstance(store, ResilientStore) and store.mode == "redis" and not store.degraded
