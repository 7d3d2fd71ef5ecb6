"""Provider request shaping (quirks as data, Azure URLs) and balancing strategies, without sockets."""

from __future__ import annotations

import random

import orjson
import pytest
import yaml

from proxy.config.policy import Deployment, ProviderConfig, parse_policy
from proxy.core.errors import PermissionDenied
from proxy.core.exchange import Exchange
from proxy.upstream.balancer import DeploymentStats, pick
from proxy.upstream.providers.azure import AzureProvider
from proxy.upstream.providers.openai import OpenAIProvider
from tests.support import fake_key, new_exchange


def provider(extra: str, cls: type[OpenAIProvider] = OpenAIProvider) -> OpenAIProvider:
    policy = parse_policy(yaml.safe_load(f"providers: {{p: {{type: openai, base_url: 'http://h/v1', {extra}}}}}"), {})
    return cls("p", policy.providers["p"], open_mode=True)


def exchange(stream: bool = False, **fields: object) -> Exchange:
    ex = new_exchange()
    ex.body = {"model": "alias", "messages": [], "stream": stream, **fields}
    ex.stream = stream
    return ex


DEP = Deployment(provider="p", model="upstream-model")


def sent(p: OpenAIProvider, ex: Exchange) -> dict[str, object]:
    body: dict[str, object] = orjson.loads(p.chat_body(ex, DEP))
    return body


def test_plain_openai_keeps_fields_and_asks_for_stream_usage() -> None:
    body = sent(
        provider(""), exchange(stream=True, max_tokens=5, vendor_x=1, stream_options={"include_obfuscation": False})
    )
    assert body["model"] == "upstream-model" and body["max_tokens"] == 5 and body["vendor_x"] == 1
    assert body["stream_options"] == {"include_obfuscation": False, "include_usage": True}


def test_quirks_rename_and_drop_parameters() -> None:
    p = provider("quirks: {max_tokens_param: max_tokens, drop_params: [seed, vendor_x], stream_usage: false}")
    body = sent(p, exchange(stream=True, max_completion_tokens=7, seed=1, vendor_x=2))
    assert body["max_tokens"] == 7 and "max_completion_tokens" not in body
    assert "seed" not in body and "vendor_x" not in body and "stream_options" not in body


def test_reasoning_models_get_max_completion_tokens() -> None:
    body = sent(provider("quirks: {max_tokens_param: max_completion_tokens}"), exchange(max_tokens=9))
    assert body["max_completion_tokens"] == 9 and "max_tokens" not in body


def test_azure_urls_and_key_header() -> None:
    classic = provider("api_key: k-123, api_version: '2024-10-21'", AzureProvider)
    dep = Deployment(provider="p", model="my deploy")
    assert classic.chat_url(dep) == "http://h/v1/openai/deployments/my%20deploy/chat/completions?api-version=2024-10-21"
    assert classic._static_headers["api-key"] == "k-123" and "authorization" not in classic._static_headers
    v1 = provider("api_key: k-123", AzureProvider)
    assert v1.chat_url(dep) == "http://h/v1/openai/v1/chat/completions"


def deployments(*specs: tuple[str, dict[str, float]]) -> list[Deployment]:
    return [Deployment(provider="p", model=name, **opts) for name, opts in specs]  # type: ignore[arg-type]


def test_lowest_priority_tier_wins_then_strategy() -> None:
    deps = deployments(("backup", {"priority": 1}), ("main-a", {}), ("main-b", {}))
    stats = {d.label: DeploymentStats() for d in deps}
    seen = {pick("weighted", deps, stats, "", random.Random(i)).model for i in range(50)}  # type: ignore[union-attr]
    assert seen == {"main-a", "main-b"}


def test_weighted_follows_weights() -> None:
    deps = deployments(("heavy", {"weight": 9}), ("light", {"weight": 1}))
    stats = {d.label: DeploymentStats() for d in deps}
    rng = random.Random(3)
    picks = [pick("weighted", deps, stats, "", rng).model for _ in range(2000)]  # type: ignore[union-attr]
    assert 0.85 < picks.count("heavy") / len(picks) < 0.95


def test_least_inflight_lowest_latency_lowest_cost() -> None:
    deps = deployments(
        ("busy", {"input_cost_per_mtok": 1}), ("idle", {"input_cost_per_mtok": 5}), ("slow", {"input_cost_per_mtok": 3})
    )
    stats = {d.label: DeploymentStats() for d in deps}
    stats["p/busy"].in_flight, stats["p/slow"].in_flight = 5, 2
    rng = random.Random(1)
    assert pick("least_inflight", deps, stats, "", rng).model == "idle"  # type: ignore[union-attr]
    assert pick("lowest_cost", deps, stats, "", rng).model == "busy"  # type: ignore[union-attr]
    for label, ttfb in (("p/busy", 0.5), ("p/idle", 0.05), ("p/slow", 2.0)):
        stats[label].observe_ttfb(ttfb)
    picks = [pick("lowest_latency", deps, stats, "", rng).model for _ in range(300)]  # type: ignore[union-attr]
    assert "slow" not in picks and picks.count("idle") > picks.count("busy")


def test_an_anthropic_key_never_goes_to_an_openai_provider_bring_your_own_key() -> None:
    provider = OpenAIProvider("oai", ProviderConfig(type="openai", base_url="http://127.0.0.1:9/v1"), open_mode=True)
    openai_key, anthropic_key = fake_key("openai").encode(), fake_key("anthropic").encode()
    assert provider._headers(new_exchange(authorization=b"Bearer " + openai_key))["authorization"].endswith(
        openai_key.decode()
    )
    for ex in (
        new_exchange(authorization=b"Bearer " + anthropic_key),  # shaped like Anthropic's, whoever sent it
        new_exchange(authorization=anthropic_key),
        new_exchange(authorization=b"Bearer opaque", anthropic_key=True),  # came as x-api-key or to /v1/messages
    ):
        with pytest.raises(PermissionDenied):
            provider._headers(ex)
