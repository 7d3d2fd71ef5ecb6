"""Usage counters and the admin API: units on the in-process store, then real proxies (memory and a
real redis-server) driven by the openai SDK, reported through `/admin/usage` with an admin key."""

from __future__ import annotations

import asyncio
import datetime as dt
import itertools
import signal
import time
from pathlib import Path
from typing import Any

import httpx
import openai
import pytest

from proxy.admin.endpoints import window_days
from proxy.config.limits import BudgetsConfig
from proxy.config.loader import ConfigError, masked_plain
from proxy.config.models import Deployment
from proxy.config.policy import parse_policy
from proxy.core.errors import Unauthorized
from proxy.core.exchange import Exchange, Usage
from proxy.metering.usage import REINDEX_S, UsageCounters, report
from proxy.stages.auth import AuthStage
from proxy.stages.budget import BudgetStage
from proxy.state.memory import MemoryStore
from tests.conftest import ProxyFactory
from tests.support import ServerProcess, free_port, new_exchange

KEY_A, KEY_B, ADMIN = "vk-usage-team-a-0001", "vk-usage-team-b-0002", "adm-usage-secret-0003"
UPSTREAM_SECRET = "sk-upstream-secret-0004"
KEYS = '[{name: team-a, secret: "${KEY_A}"}, {name: team-b, secret: "${KEY_B}"}]'
EXTRA = """
admin_keys: [{name: ops, secret: "${ADMIN_KEY}"}]
logging: {requests: false}
"""
ENV = {"KEY_A": KEY_A, "KEY_B": KEY_B, "ADMIN_KEY": ADMIN, "MOCK_UPSTREAM_KEY": UPSTREAM_SECRET}
DAY1, DAY2 = "20250301", "20250302"


# --- units -----------------------------------------------------------------------------------------


def exchange(tenant: str, user: str | None, alias: str, tokens: tuple[int, int]) -> Exchange:
    ex = new_exchange(request_id="r1", path="/v1/chat/completions")
    ex.tenant, ex.end_user, ex.alias, ex.served_alias = tenant, user, alias, alias
    ex.deployment = Deployment(provider="mock", model="gpt-4o-mini")
    ex.usage = Usage(prompt_tokens=tokens[0], completion_tokens=tokens[1], total_tokens=sum(tokens))
    return ex


async def fill(store: MemoryStore) -> None:
    counters = UsageCounters()
    traffic = [
        (DAY1, "team-a", "alice", "gpt-4o", (10, 5), 0.5),
        (DAY1, "team-a", None, "mini", (3, 1), 0.0),
        (DAY1, "team-b", "alice", "mini", (7, 2), 0.25),
        (DAY2, "team-a", "bob", "gpt-4o", (1, 1), 1.0),
    ]
    for day, key, user, alias, tokens, cost in traffic:
        spends: list[tuple[str, float, float]] = []
        members: list[tuple[str, str, float]] = []
        counters.record(day, key, user, alias, tokens=tokens, cost_usd=cost, spends=spends, members=members)
        assert all(key_.startswith(f"llmp:{{k:{key}}}:") for key_, _, _ in spends)  # one slot per key
        await store.apply(spends=spends, members=members)


def rows(found: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    return [(r["key"], r["requests"], r["input_tokens"], r["output_tokens"], r["cost_usd"]) for r in found]


def test_report_sums_counters_over_days_by_each_grouping() -> None:
    async def run() -> None:
        store = MemoryStore()
        await fill(store)
        both = [DAY1, DAY2]
        assert rows(await report(store, "key", both)) == [("team-a", 3, 14, 7, 1.5), ("team-b", 1, 7, 2, 0.25)]
        assert rows(await report(store, "key", [DAY1])) == [("team-a", 2, 13, 6, 0.5), ("team-b", 1, 7, 2, 0.25)]
        assert rows(await report(store, "model", both)) == [("gpt-4o", 2, 11, 6, 1.5), ("mini", 2, 10, 3, 0.25)]
        # A user's total spans the keys it came through; requests without a user count for no user.
        assert rows(await report(store, "user", both)) == [("bob", 1, 1, 1, 1.0), ("alice", 2, 17, 7, 0.75)]
        key_model = await report(store, "key_model", both)
        assert rows(key_model) == [
            ("team-a/gpt-4o", 2, 11, 6, 1.5),
            ("team-b/mini", 1, 7, 2, 0.25),
            ("team-a/mini", 1, 3, 1, 0.0),
        ]
        assert (key_model[0]["key_name"], key_model[0]["model"]) == ("team-a", "gpt-4o")
        assert await report(store, "key", ["20250101"]) == [] and await report(store, "key", []) == []

    asyncio.run(run())


def test_the_key_index_is_written_once_per_interval_per_key() -> None:
    now = [100.0]
    counters = UsageCounters(clock=lambda: now[0])

    def index_adds(key: str) -> int:
        members: list[tuple[str, str, float]] = []
        counters.record(DAY1, key, None, "m", tokens=(1, 1), cost_usd=0.0, spends=[], members=members)
        return sum(1 for index, _, _ in members if index.startswith("llmp:{g}:"))

    assert [index_adds("a"), index_adds("a"), index_adds("b")] == [1, 0, 1]
    now[0] += REINDEX_S
    assert index_adds("a") == 1


def test_budget_stage_counts_usage_in_its_one_apply_unless_switched_off() -> None:
    class CountingStore(MemoryStore):
        applies = 0

        async def apply(self, **updates: Any) -> None:
            type(self).applies += 1
            await super().apply(**updates)

    async def run() -> None:
        store = CountingStore()
        await BudgetStage(BudgetsConfig(), store).on_response(exchange("team-a", "u1", "gpt-4o-mini", (5, 2)))
        assert CountingStore.applies == 1
        day = dt.datetime.now(dt.UTC).strftime("%Y%m%d")
        assert rows(await report(store, "user", [day]))[0][:4] == ("u1", 1, 5, 2)
        off = BudgetStage(BudgetsConfig(), store, usage_counters=False)
        await off.on_response(exchange("team-a", "u1", "gpt-4o-mini", (5, 2)))
        assert CountingStore.applies == 1

    asyncio.run(run())


def test_window_days() -> None:
    today = dt.date(2025, 3, 20)
    d = dt.date
    assert window_days("day", d(2025, 3, 19), today) == (d(2025, 3, 19), d(2025, 3, 19))
    assert window_days("7d", today, today) == (d(2025, 3, 14), today)
    assert window_days("30d", today, today) == (d(2025, 2, 19), today)
    assert window_days("month", d(2025, 3, 5), today) == (d(2025, 3, 1), today)  # month to date
    assert window_days("month", d(2025, 2, 25), today) == (d(2025, 2, 14), d(2025, 2, 28))  # 35 days kept


def test_admin_keys_are_checked_with_the_keys() -> None:
    base = {"providers": {"p": {"type": "openai", "base_url": "http://x/v1"}}}
    env = {"A": "secret-number-one", "B": "secret-number-two"}
    with pytest.raises(ConfigError) as err:
        parse_policy(
            {
                **base,
                "keys": [{"name": "a", "secret": "${A}"}],
                "admin_keys": [{"name": "ops", "secret": "${A}"}, {"name": "ops", "secret": "${B}"}, {"name": "x"}],
                "logging": {"eval_log": {"path": " ", "max_bytes": 10, "backups": -1}},
            },
            env,
        )
    assert err.value.problems == [
        "admin_keys[0]: same secret as keys[0] (an admin key must never be a completion key)",
        "admin_keys[1].name: duplicate key name 'ops'",
        "admin_keys[2]: give exactly one of secret (from ${ENV}) or secret_sha256",
        "logging.eval_log.path: must not be empty",
        "logging.eval_log.max_bytes: must be at least 4096",
        "logging.eval_log.backups: must be between 0 and 100",
    ]
    policy = parse_policy({**base, "admin_keys": [{"name": "ops", "secret": "${A}"}]}, env)
    assert policy.admin_keys[0].name == "ops" and policy.metrics.usage_counters


@pytest.mark.parametrize("keys", [(), ("team-a",)])
def test_auth_stage_refuses_admin_keys_in_open_and_keys_mode(keys: tuple[str, ...]) -> None:
    from proxy.config.loader import Secret
    from proxy.config.policy import KeyConfig

    stage = AuthStage(
        tuple(KeyConfig(name=k, secret=Secret(KEY_A)) for k in keys), (KeyConfig(name="ops", secret=Secret(ADMIN)),)
    )

    async def tenant(token: str) -> str | None:
        ex = exchange("", None, "m", (0, 0))
        ex.tenant, ex.authorization = None, f"Bearer {token}".encode()
        await stage.on_request(ex)
        return ex.tenant

    with pytest.raises(Unauthorized, match="this is an admin key; use a completion key"):
        asyncio.run(tenant(ADMIN))
    assert asyncio.run(tenant(KEY_A)) == (keys[0] if keys else "anonymous")


def test_config_masking_covers_what_to_plain_leaves_readable() -> None:
    plain = {
        "providers": {"p": {"api_key": "***", "headers": {"x-token": "t0ken"}, "base_url": "https://u:pw@h/v1"}},
        "keys": [{"name": "a", "secret": None, "secret_sha256": "ab" * 32}],
        "state": {"redis_url": "redis://:hunter2@redis:6379/0"},
        "guardrails": {"x": {"url": "http://plain@host/"}},
    }
    out = masked_plain(plain)
    assert out["providers"]["p"] == {"api_key": "***", "headers": {"x-token": "***"}, "base_url": "https://u:***@h/v1"}
    assert out["keys"][0]["secret_sha256"] == "***" and out["state"]["redis_url"] == "redis://:***@redis:6379/0"
    assert out["guardrails"]["x"]["url"] == "http://plain@host/"


# --- end to end ------------------------------------------------------------------------------------


@pytest.fixture(scope="module", params=["memory", "redis"])
def usage_proxy(request: pytest.FixtureRequest, start_proxy: ProxyFactory) -> ServerProcess:
    extra = EXTRA
    if request.param == "redis":
        extra += f'state: {{redis_url: "{request.getfixturevalue("redis_server").url}"}}\n'
    return start_proxy(keys=KEYS, extra=extra, env=ENV)


def chat(proxy: ServerProcess, key: str, model: str, user: str | None, *, stream: bool = False) -> tuple[int, int]:
    client = openai.OpenAI(base_url=proxy.url + "/v1", api_key=key, max_retries=0, timeout=20)
    extra: dict[str, Any] = {"user": user} if user else {}
    messages: Any = [{"role": "user", "content": f"usage test for {user} on {model}"}]
    if stream:
        usage = None
        for chunk in client.chat.completions.create(
            model=model, messages=messages, stream=True, stream_options={"include_usage": True}, **extra
        ):
            usage = chunk.usage or usage
    else:
        usage = client.chat.completions.create(model=model, messages=messages, **extra).usage
    assert usage is not None
    return usage.prompt_tokens, usage.completion_tokens


def admin_get(proxy: ServerProcess, path: str, key: str = ADMIN, **params: str) -> httpx.Response:
    return httpx.get(proxy.url + path, params=params, headers={"authorization": f"Bearer {key}"}, timeout=10)


def expected(sent: list[tuple[str, str, str | None, tuple[int, int]]], pick: Any) -> dict[str, tuple[int, int, int]]:
    totals: dict[str, tuple[int, int, int]] = {}
    for key, model, user, (tokens_in, tokens_out) in sent:
        label = pick(key, model, user)
        if label is None:
            continue
        n, i, o = totals.get(label, (0, 0, 0))
        totals[label] = (n + 1, i + tokens_in, o + tokens_out)
    return totals


def test_usage_report_counts_requests_and_tokens_per_key_user_and_model(usage_proxy: ServerProcess) -> None:
    plan = [
        ("team-a", KEY_A, "gpt-4o-mini", "alice", False),
        ("team-a", KEY_A, "gpt-4o-mini", "alice", True),
        ("team-a", KEY_A, "fast", "bob", False),
        ("team-a", KEY_A, "gpt-4o-mini", None, False),
        ("team-b", KEY_B, "gpt-4o-mini", "alice", False),
        ("team-b", KEY_B, "fast", "carol", True),
    ]
    sent = [(name, model, user, chat(usage_proxy, key, model, user, stream=s)) for name, key, model, user, s in plan]
    groupings = {
        "key": lambda k, m, u: k,
        "user": lambda k, m, u: u,
        "model": lambda k, m, u: m,
        "key_model": lambda k, m, u: f"{k}/{m}",
    }
    for group, pick in groupings.items():
        want = expected(sent, pick)
        deadline = time.monotonic() + 5  # the last request's bookkeeping runs just after its answer
        while True:
            resp = admin_get(usage_proxy, "/admin/usage", group_by=group, window="7d")
            assert resp.status_code == 200, resp.text
            body = resp.json()
            got = {r["key"]: (r["requests"], r["input_tokens"], r["output_tokens"]) for r in body["rows"]}
            if got == want or time.monotonic() > deadline:
                break
            time.sleep(0.05)
        assert got == want, group
        assert body["group_by"] == group and body["window"] == "7d"
        assert body["to"] == dt.datetime.now(dt.UTC).date().isoformat()
        costs = [r["cost_usd"] for r in body["rows"]]
        assert costs == sorted(costs, reverse=True)
    top = admin_get(usage_proxy, "/admin/usage", group_by="model").json()["rows"][0]
    assert top["key"] == "gpt-4o-mini" and top["cost_usd"] > 0  # the shipped price table knows gpt-4o-mini


def test_admin_api_refuses_the_wrong_keys_and_bad_parameters(usage_proxy: ServerProcess) -> None:
    def error(resp: httpx.Response, status: int) -> dict[str, Any]:
        assert resp.status_code == status, resp.text
        err: dict[str, Any] = resp.json()["error"]
        assert set(err) == {"message", "type", "param", "code"}
        return err

    assert error(admin_get(usage_proxy, "/admin/usage", key=KEY_A), 403)["code"] == "permission_denied"
    error(admin_get(usage_proxy, "/admin/config", key="not-a-key-at-all"), 401)
    error(httpx.get(usage_proxy.url + "/admin/usage", timeout=10), 401)
    for params, param in [
        ({"group_by": "tenant"}, "group_by"),
        ({"window": "week"}, "window"),
        ({"date": "2025-13-01"}, "date"),
        ({"date": "20250101"}, "date"),
        ({"date": "2999-01-01"}, "date"),
        ({"groupby": "key"}, "groupby"),
    ]:
        err = error(admin_get(usage_proxy, "/admin/usage", **params), 400)
        assert err["param"] == param and param in err["message"]
    with pytest.raises(openai.AuthenticationError, match="this is an admin key; use a completion key"):
        chat(usage_proxy, ADMIN, "gpt-4o-mini", None)


def test_admin_config_shows_the_policy_without_secrets(usage_proxy: ServerProcess) -> None:
    resp = admin_get(usage_proxy, "/admin/config")
    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert [k["name"] for k in body["keys"]] == ["team-a", "team-b"] and body["admin_keys"][0]["name"] == "ops"
    assert body["keys"][0]["secret"] == "***" and body["providers"]["mock"]["api_key"] == "***"
    for secret in (KEY_A, KEY_B, ADMIN, UPSTREAM_SECRET):
        assert secret not in resp.text


def test_admin_api_is_disabled_without_admin_keys(keyed_proxy: ServerProcess) -> None:
    resp = admin_get(keyed_proxy, "/admin/usage")
    assert resp.status_code == 404 and "admin API disabled: configure admin_keys" in resp.json()["error"]["message"]


def test_admin_keys_follow_each_reload(mock_upstream: ServerProcess, tmp_path: Path) -> None:
    """A reload's admin keys apply at once and a removed one stops working, across several reloads."""
    path = tmp_path / "policy.yaml"
    secrets = ["adm-reload-first-0001", "adm-reload-second-002", "adm-reload-third-0003"]

    def write(admin: str) -> None:
        path.write_text(
            f'providers: {{mock: {{type: openai, base_url: "{mock_upstream.url}/v1"}}}}\n'
            "models: {m: {deployments: [{provider: mock, model: m}]}}\n"
            f'admin_keys: [{{name: ops, secret: "{admin}"}}]\nlogging: {{requests: false}}\n'
        )

    def status(server: ServerProcess, admin: str) -> int:
        return httpx.get(
            server.url + "/admin/keys", headers={"authorization": f"Bearer {admin}"}, timeout=5
        ).status_code

    write(secrets[0])
    port = free_port()
    server = ServerProcess(["proxy", "serve", "--config", str(path), "--port", str(port)], port).start()
    try:
        assert status(server, secrets[0]) == 200
        for old, new in itertools.pairwise(secrets):
            write(new)
            assert server.proc is not None
            server.proc.send_signal(signal.SIGHUP)
            deadline = time.monotonic() + 10
            while status(server, new) != 200 and time.monotonic() < deadline:
                time.sleep(0.05)
            assert status(server, new) == 200
            assert status(server, old) == 401
    finally:
        server.stop()


def test_each_request_is_priced_at_its_own_deployments_prices() -> None:
    """Two aliases may declare different prices for the same provider/model (the same label)."""
    stage = BudgetStage(BudgetsConfig(), MemoryStore(), usage_counters=False)
    costs = []
    for price in (1.0, 5.0):
        ex = exchange("team-a", None, "m", (1_000_000, 0))
        ex.deployment = Deployment(
            provider="mock", model="gpt-4o-mini", input_cost_per_mtok=price, output_cost_per_mtok=0
        )
        asyncio.run(stage.on_response(ex))
        costs.append(ex.cost_usd)
    assert costs == [1.0, 5.0]
