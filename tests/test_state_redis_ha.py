"""Shared state on Redis topologies that survive a node: a Sentinel-managed master and a Redis Cluster.

Real servers started by the tests (`tests/redis_server.py`): a master, a replica and a Sentinel
that fails over 0.5 s after the master stops answering; a 3-primary Cluster (session fixture).
The contract suite itself also runs on the Cluster (`test_state_contract.py`).
"""

from __future__ import annotations

import asyncio
import math
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import redis
import yaml

from proxy import cli
from proxy.config.loader import ConfigError
from proxy.config.policy import parse_policy
from proxy.state import Bucket, RedisStore, RedisTarget, target_of
from tests.conftest import ProxyFactory
from tests.redis_server import RedisClusterNodes, SentinelGroup, cluster_target, sentinel_target, silent_cluster
from tests.support import LOAD_BODY, Load, ServerProcess

KEY = "vk-redis-ha-key-0001"
POLICY = """
providers:
  mock: {{type: openai, base_url: "{url}/v1"}}
models:
  gpt-4o-mini: {{deployments: [{{provider: mock, model: gpt-4o-mini}}]}}
keys: [{{name: team-a, secret: "${{KEY_A}}"}}]
state: {{{state}, fail_open: true, retry_every_s: 0.2}}
limits:
  rules:
{rules}
budgets: {{keys: {{"*": {{daily_usd: 100}}}}}}
logging: {{requests: false}}
"""


@pytest.fixture
def sentinel_group() -> Iterator[SentinelGroup]:
    group = SentinelGroup(down_after_ms=500).start()
    try:
        yield group
    finally:
        group.stop()


# --- config -------------------------------------------------------------------------------------


def _parse(state: str) -> list[str]:
    text = 'providers: {p: {type: openai, base_url: "http://127.0.0.1:1/v1"}}\nstate: ' + state
    try:
        parse_policy(yaml.safe_load(text), {"REDIS_PASSWORD": "s3cret-pw"})
    except ConfigError as exc:
        return exc.problems
    return []


def test_state_config_takes_one_topology_with_checked_addresses() -> None:
    assert _parse('{redis_sentinel: {master: mymaster, sentinels: ["10.0.0.1:26379", "[::1]:26380"]}}') == []
    assert _parse('{redis_cluster: {nodes: ["redis-0.redis:6379"], password: "${REDIS_PASSWORD}"}}') == []
    problems = _parse(
        '{redis_url: "redis://h:6379/0", redis_cluster: {nodes: ["h:7000", "nocolon", "h:0", "::1:7000"]},'
        ' redis_sentinel: {master: " ", sentinels: [], db: -1, colour: blue}}'
    )
    for fragment in (
        "state: give only one of redis_url, redis_sentinel, redis_cluster (got redis_url, redis_sentinel, redis_",
        "state.redis_cluster.nodes[1]: 'nocolon' is not host:port",
        "state.redis_cluster.nodes[2]: 'h:0' is not host:port",
        "state.redis_cluster.nodes[3]: '::1:7000' is not host:port",
        "state.redis_sentinel.master: must name the monitored master",
        "state.redis_sentinel.sentinels: list at least one host:port",
        "state.redis_sentinel.db: must not be negative",
        "state.redis_sentinel.colour: unknown key",
    ):
        assert any(p.startswith(fragment) for p in problems), (fragment, problems)
    assert not any("nodes[0]" in p for p in problems)
    assert _parse("{redis_cluster: {}}") == ["state.redis_cluster.nodes: required key is missing"]


def test_state_config_becomes_a_redis_target() -> None:
    text = (
        'providers: {p: {type: openai, base_url: "http://127.0.0.1:1/v1"}}\n'
        "state: {redis_sentinel: {master: m1, sentinels: ['s1:26379', '[::1]:26380'], username: app,"
        ' password: "${REDIS_PASSWORD}", db: 2}}\n'
    )
    policy = parse_policy(yaml.safe_load(text), {"REDIS_PASSWORD": "s3cret-pw"})
    target = target_of(policy.state)
    assert target == RedisTarget(
        sentinel_master="m1",
        sentinels=(("s1", 26379), ("::1", 26380)),
        username="app",
        password="s3cret-pw",
        db=2,
    )
    assert target.mode == "sentinel" and "s3cret" not in repr(target)
    no_state = text.split("state:", maxsplit=1)[0]
    assert policy.state.shared and not parse_policy(yaml.safe_load(no_state), {}).state.shared


def test_check_accepts_a_sentinel_state_and_masks_its_passwords(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "policy.yaml"
    path.write_text(
        'providers: {p: {type: openai, base_url: "http://127.0.0.1:1/v1"}}\n'
        'state: {redis_sentinel: {master: m, sentinels: ["s:26379"], password: "${PW}", sentinel_password: "${PW}"}}\n'
    )
    monkeypatch.setenv("PW", "pw-do-not-print")
    assert cli.main(["check", str(path)]) == 0
    out = capsys.readouterr()
    assert out.out.count("password: '***'") == 2
    assert "pw-do-not-print" not in out.out + out.err


# --- Sentinel -----------------------------------------------------------------------------------


def test_sentinel_store_follows_the_promoted_replica_after_a_failover(sentinel_group: SentinelGroup) -> None:
    # A coordinated failover: the old master stays up as a replica, so the store's idle connection
    # to it still works but answers READONLY; the store must ask the Sentinel again and resend.
    old = sentinel_group.master_port()

    async def scenario() -> None:
        store = RedisStore(sentinel_target(sentinel_group))
        bucket = Bucket("llmp:{team}:rpm", rate_per_s=0.001, burst=5, cost=1)  # no refill worth the name
        try:
            for _ in range(3):
                [state] = await store.take([bucket])
                assert state.allowed
            with redis.Redis(port=old, socket_timeout=2) as master:
                assert master.execute_command("WAIT", 1, 2000) == 1  # replicated before the switch
            with redis.Redis(port=sentinel_group.sentinels[0].port, socket_timeout=2) as sentinel:
                sentinel.execute_command("SENTINEL FAILOVER", sentinel_group.name)
            new = await asyncio.to_thread(sentinel_group.wait_for_failover, old, 10.0)
            with redis.Redis(port=old, socket_timeout=2) as demoted:
                # What Sentinel does at its next look at the old master (up to 10 s later).
                demoted.execute_command("REPLICAOF", "127.0.0.1", new)
            [state] = await store.take([bucket])
            assert state.allowed and state.remaining == pytest.approx(1, abs=0.05), state
            with redis.Redis(port=new, socket_timeout=2) as master:
                assert master.exists("llmp:{team}:rpm")
        finally:
            await store.close()

    asyncio.run(scenario())


def _limit_values(port: int) -> dict[str, str | None]:
    """The per-key limit's stored state on the server at `port` (empty if it holds none)."""
    with redis.Redis(port=port, socket_timeout=2, decode_responses=True) as server:
        return {key: server.get(key) for key in server.scan_iter(match="llmp:{k:team-a}:rpm:*")}


def _state(proxy: ServerProcess) -> str:
    return str(httpx.get(proxy.url + "/readyz", timeout=5).json()["state"])


def test_sentinel_proxy_keeps_serving_and_limiting_through_a_failover(
    start_proxy: ProxyFactory, mock_upstream: ServerProcess, sentinel_group: SentinelGroup
) -> None:
    # 10 requests/s with 12 at once, offered ~40/s: the limit bites in every phase.
    addresses = ", ".join(f'"{a}"' for a in sentinel_group.sentinel_addresses)
    state = f"redis_sentinel: {{master: {sentinel_group.name}, sentinels: [{addresses}]}}"
    rules = "    - {name: rpm, scope: key, requests_per_minute: 600, burst: 0.02}"
    proxy = start_proxy(policy=POLICY.format(url=mock_upstream.url, state=state, rules=rules), env={"KEY_A": KEY})
    old = sentinel_group.master_port()
    seen: list[str] = []
    with Load(proxy.url, threads=1, headers={"authorization": f"Bearer {KEY}"}, every_s=0.02) as load:
        started = time.monotonic()
        load.wait_for_refusal(after=started, min_s=0.5)
        before, before_s = load.admitted(started, time.monotonic()), time.monotonic() - started
        seen.append(_state(proxy))
        assert _limit_values(old), "the limit lives in the master"
        killed_at = time.monotonic()
        sentinel_group.master.kill()
        deadline = killed_at + 10
        for done in (lambda: seen[-1] != "redis", lambda: seen[-1] == "redis"):  # away from Redis, then back
            seen.append(_state(proxy))
            while time.monotonic() < deadline and not done():
                time.sleep(0.05)
                seen.append(_state(proxy))
        recovered_at = time.monotonic()
        new = sentinel_group.master_port()
        at_recovery = _limit_values(new)
        load.wait_for_refusal(after=recovered_at, min_s=0.6)
        after, after_s = load.admitted(recovered_at, time.monotonic()), time.monotonic() - recovered_at
    statuses = {status for _, status, _ in load.results}
    print(
        f"\nsentinel failover: states {seen[0]} -> ... -> {seen[-1]} in {recovered_at - killed_at:.1f} s, "
        f"before {before} in {before_s:.1f} s, after {after} in {after_s:.1f} s (200s, 429s)"
    )
    assert load.errors == [] and statuses <= {200, 429}, (load.errors[:5], load.results)  # no 5xx in the switch
    assert seen[0] == "redis" and "local-fallback" in seen and seen[-1] == "redis", seen
    assert 12 <= before[0] <= 10 * before_s + 12 + 2, (before, before_s)  # 12 at once, then 10/s
    # Back on Redis, now the promoted replica: the proxy's counter there moves, and it still limits
    # to 10/s plus at most one burst.
    assert new != old and _limit_values(new) != at_recovery
    assert after[1] > 0 and after[0] <= 10 * after_s + 12 + 2, (after, after_s)


# --- Cluster ------------------------------------------------------------------------------------


def test_proxy_on_a_cluster_shares_limits_across_slots(
    start_proxy: ProxyFactory, mock_upstream: ServerProcess, redis_cluster: RedisClusterNodes
) -> None:
    # Three rules in three hash-tag groups ({k:team-a}, {m:gpt-4o-mini}, {g}) and a budget: every
    # request takes from slots on different nodes and records spend and usage across them. The
    # per-model and global buckets refill slowly so their keys outlive the test (1/s each). The
    # test process plays a second replica: it takes half of the per-key bucket first.
    nodes = ", ".join(f'"{a}"' for a in redis_cluster.addresses[:1])
    state = f"redis_cluster: {{nodes: [{nodes}]}}"
    rules = (
        "    - {name: per-key, scope: key, requests_per_minute: 60, burst: 0.2}\n"
        "    - {name: per-model, scope: model, requests_per_hour: 3600, max_concurrent: 50}\n"
        "    - {name: everyone, scope: global, requests_per_hour: 3600, tokens_per_minute: 10000000}"
    )
    proxy = start_proxy(policy=POLICY.format(url=mock_upstream.url, state=state, rules=rules), env={"KEY_A": KEY})

    async def other_replica_takes_six() -> None:
        store = RedisStore(cluster_target(redis_cluster))
        await store.start()
        try:
            [taken] = await store.take([Bucket("llmp:{k:team-a}:per-key:requests_per_minute", 1.0, 12, 6)])
            assert taken.allowed and taken.remaining == pytest.approx(6, abs=0.1)
        finally:
            await store.close()

    taken_at = time.monotonic()
    asyncio.run(other_replica_takes_six())
    with httpx.Client(headers={"authorization": f"Bearer {KEY}"}, timeout=5) as client:
        statuses = [client.post(proxy.url + "/v1/chat/completions", json=LOAD_BODY).status_code for _ in range(12)]
    assert set(statuses) <= {200, 429}, statuses
    refilled = math.ceil(time.monotonic() - taken_at)  # the bucket refills one a second
    assert 6 <= statuses.count(200) <= 6 + refilled, statuses  # the other 6 of the burst were taken elsewhere
    assert _state(proxy) == "redis"  # no CROSSSLOT error made it fall back to local limits
    with redis.RedisCluster(host="127.0.0.1", port=redis_cluster.nodes[0].port, decode_responses=True) as cluster:
        keys = set(cluster.scan_iter(match="llmp:*", target_nodes=redis.RedisCluster.PRIMARIES))
        expected = ("llmp:{k:team-a}:per-key", "llmp:{m:gpt-4o-mini}:per-model", "llmp:{g}:everyone")
        ours = {key for key in keys if key.startswith(expected)}  # not other tests' keys in the shared cluster
        nodes_used = {cluster.get_node_from_key(key).name for key in ours}
    for prefix in expected:
        assert any(key.startswith(prefix) for key in ours), (prefix, keys)
    assert any(key.startswith("llmp:{k:team-a}:spend") for key in keys), keys
    assert len(nodes_used) >= 2, nodes_used


def test_cluster_store_reports_an_unreachable_cluster_as_unavailable() -> None:
    from proxy.state import StoreUnavailable
    from tests.support import free_port

    async def scenario() -> None:
        store = RedisStore(RedisTarget(cluster_nodes=(("127.0.0.1", free_port()),)), timeout_s=0.2)
        try:
            with pytest.raises(StoreUnavailable):
                await store.take([Bucket("llmp:{t}:rpm", 1, 1, 1)])
            assert not await store.ping()
        finally:
            await store.close()

    asyncio.run(scenario())


def test_a_cluster_never_reached_costs_a_request_only_the_store_timeout() -> None:
    # A cluster that accepts connections and never answers, and was never reached: a request's
    # probe gives up after the store's timeout, while learning the cluster (allowed 2 s) goes on
    # off the request path.
    from proxy.state import MemoryStore, ResilientStore

    async def scenario(target: RedisTarget) -> list[float]:
        store = ResilientStore(RedisStore(target, timeout_s=0.25), MemoryStore(), fail_open=True, retry_every_s=0)
        took = []
        try:
            for _ in range(3):
                started = time.monotonic()
                [state] = await store.take([Bucket("llmp:{t}:rpm", 1, 5, 1)])
                took.append(time.monotonic() - started)
                assert state.allowed and store.mode == "local-fallback"
        finally:
            await store.close()
        return took

    with silent_cluster() as target:
        took = asyncio.run(scenario(target))
    assert max(took) < 0.6, took


def test_a_started_cluster_store_answers_its_first_call_within_its_timeout(redis_cluster: RedisClusterNodes) -> None:
    async def scenario() -> None:
        store = RedisStore(cluster_target(redis_cluster), timeout_s=0.25)
        try:
            await store.start()  # learns the cluster, within 2 s
            started = time.monotonic()
            [state] = await store.take([Bucket("llmp:{started}:rpm", 1, 5, 1)])
            assert state.allowed and time.monotonic() - started < 0.25
        finally:
            await store.close()

    asyncio.run(scenario())


def test_cluster_target_reaches_every_primary(redis_cluster: RedisClusterNodes) -> None:
    async def scenario() -> None:
        store = RedisStore(cluster_target(redis_cluster))
        await store.start()
        try:
            assert await store.ping()
            tags = [f"llmp:{{t{i}}}:rpm" for i in range(12)]
            states = await store.take([Bucket(tag, 1, 1, 1) for tag in tags])
            assert all(s.allowed for s in states)
        finally:
            await store.close()

    asyncio.run(scenario())
    with redis.RedisCluster(host="127.0.0.1", port=redis_cluster.nodes[0].port) as cluster:
        owners = {cluster.get_node_from_key(f"llmp:{{t{i}}}:rpm").port for i in range(12)}
    assert owners == {node.port for node in redis_cluster.nodes}
