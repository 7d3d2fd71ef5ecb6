"""Open-mode cache tenancy as policy: which aliases may share a partition, the partition names,
and the warnings `llm-proxy check` prints wherever callers can share cached answers."""

from __future__ import annotations

import asyncio
from typing import Any

from proxy.cache.tenancy import ANONYMOUS, SHARED, Tenancy
from proxy.config.policy import Policy, parse_policy

PROVIDERS = {
    "operator": {"type": "openai", "base_url": "http://127.0.0.1:1/v1", "api_key": "${OPERATOR_KEY}"},
    "byok": {"type": "openai", "base_url": "http://127.0.0.1:1/v1"},
}
MODELS = {
    "paid": {"deployments": [{"provider": "operator", "model": "m"}]},
    "own": {"deployments": [{"provider": "byok", "model": "m"}]},
    "spill": {"deployments": [{"provider": "operator", "model": "m"}], "fallbacks": ["own"]},
    "chain": {"deployments": [{"provider": "operator", "model": "m"}], "fallbacks": ["paid"]},
}


def policy(**extra: Any) -> Policy:
    data = {"providers": PROVIDERS, "models": MODELS, **extra}
    return parse_policy(data, {"OPERATOR_KEY": "sk-operator", "K": "vk-a-long-enough-key"})


def test_only_aliases_that_never_forward_the_callers_key_are_operator_keyed() -> None:
    assert policy().operator_keyed_aliases() == frozenset({"paid", "chain"})


FETCHED: list[bytes] = []


def partition(tenancy: Tenancy, tenant: str | None, alias: str, credential: bytes | None, secret: bytes) -> str | None:
    """`tenancy.partition` with a secret that records each time it is fetched (in FETCHED)."""

    async def fetch() -> bytes:
        FETCHED.append(secret)
        return secret

    return asyncio.run(tenancy.partition(tenant, alias, credential, fetch))


def needs_secret(tenancy: Tenancy, alias: str, credential: bytes | None) -> bool:
    FETCHED.clear()
    partition(tenancy, None, alias, credential, b"secret")
    return bool(FETCHED)


def test_partition_names() -> None:
    open_mode = Tenancy(keys_mode=False, shared_aliases=frozenset({"paid"}), anonymous=False)
    one = partition(open_mode, None, "own", b"sk-a", b"secret")
    assert one is not None and one.startswith("c:") and "sk-a" not in one
    assert partition(open_mode, None, "own", b"sk-a", b"secret") == one
    assert partition(open_mode, None, "own", b"sk-b", b"secret") != one
    assert partition(open_mode, None, "own", b"sk-a", b"other secret") != one
    assert partition(open_mode, None, "own", None, b"") is None
    assert partition(open_mode, None, "paid", None, b"") == SHARED
    assert not needs_secret(open_mode, "paid", b"sk-a") and needs_secret(open_mode, "own", b"sk-a")
    opted_in = Tenancy(keys_mode=False, shared_aliases=frozenset(), anonymous=True)
    assert partition(opted_in, None, "own", None, b"") == ANONYMOUS
    keys = Tenancy(keys_mode=True, shared_aliases=frozenset(), anonymous=True)
    assert partition(keys, "team-a", "own", b"sk-a", b"") == "k:team-a"


def test_check_warns_wherever_open_mode_callers_can_share_cached_answers() -> None:
    assert policy().warnings() == []  # cache off
    assert policy(cache={"enabled": True}, keys=[{"name": "a", "secret": "${K}"}]).warnings() == []
    default = policy(cache={"enabled": True}).warnings()
    assert len(default) == 1 and "chain, paid" in default[0] and "same value" in default[0]
    shared = policy(cache={"enabled": True, "open_mode": "shared", "anonymous": True}).warnings()
    assert len(shared) == 2
    assert "cache.open_mode: shared" in shared[0] and "chain, paid" in shared[0]
    assert "cache.anonymous" in shared[1]
    only_byok = {"providers": {"byok": PROVIDERS["byok"]}, "models": {"own": MODELS["own"]}}
    assert parse_policy({**only_byok, "cache": {"enabled": True}}, {}).warnings() == []
