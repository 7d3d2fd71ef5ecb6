"""Cache tenancy and cache memory end to end: open mode (no virtual keys) in front of a provider
without its own key, so each caller's Authorization is forwarded upstream (bring your own key).

Real proxies (uvicorn child processes) in front of the project's mock upstream, driven over
loopback with httpx. The Redis store's variant is in test_e2e_cache.py, next to its Redis fixture.
"""

from __future__ import annotations

import asyncio
import re
from typing import Any

import httpx
import pytest

from tests.conftest import MockLog, ProxyFactory
from tests.support import ServerProcess, knobs

OPEN_CACHE = """
cache:
  enabled: true
  ttl_s: 60
  namespace_header: x-cache-namespace
  semantic: {enabled: true, models: [gpt-4o-mini]}
"""
PAYING = "sk-paying-caller"
OTHER_ORG = "sk-other-organisation"


@pytest.fixture(scope="module")
def open_proxy(start_proxy: ProxyFactory) -> ServerProcess:
    """Open mode, provider without api_key (MOCK_UPSTREAM_KEY unset): callers bring their own key."""
    return start_proxy(extra=OPEN_CACHE)


def post(proxy: ServerProcess, text: str, extra: dict[str, Any], key: str | None, **headers: str) -> httpx.Response:
    body = {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": text}], **extra}
    if key is not None:
        headers["authorization"] = f"Bearer {key}"
    return httpx.post(proxy.url + "/v1/chat/completions", json=body, headers=headers, timeout=20)


def test_byok_callers_never_read_each_others_exact_entries(open_proxy: ServerProcess, mock_log: MockLog) -> None:
    extra = knobs(content="the paying caller's answer")
    assert post(open_proxy, "quarterly numbers?", extra, PAYING).headers["x-cache"] == "miss"
    anonymous = post(open_proxy, "quarterly numbers?", extra, None)
    assert anonymous.status_code == 200 and anonymous.headers["x-cache"] == "bypass"
    assert post(open_proxy, "quarterly numbers?", extra, OTHER_ORG).headers["x-cache"] == "miss"
    # The api-key header carries the same credential as Authorization: same partition.
    again = post(open_proxy, "quarterly numbers?", extra, None, **{"api-key": PAYING})
    assert again.headers["x-cache"] == "hit-exact"
    assert again.json()["choices"][0]["message"]["content"] == "the paying caller's answer"
    assert len(mock_log(extra["mock"]["id"])) == 3


def test_byok_callers_never_read_each_others_semantic_entries(open_proxy: ServerProcess) -> None:
    extra = knobs(content="391")
    assert post(open_proxy, "What is 17 x 23?", extra, PAYING).headers["x-cache"] == "miss"
    assert post(open_proxy, "what is 17 x 23 ?", extra, OTHER_ORG).headers["x-cache"] == "miss"
    assert post(open_proxy, "what is 17 x 23 ?", extra, None).headers["x-cache"] == "bypass"
    assert post(open_proxy, "What is 17 x 23 ??", extra, PAYING).headers["x-cache"] == "hit-semantic"


def test_a_coalesced_waiter_never_gets_another_callers_answer(open_proxy: ServerProcess, mock_log: MockLog) -> None:
    # The upstream takes ~0.8 s (headers after 0.6 s, then 3 gaps of 80 ms): the three requests,
    # sent at once, all arrive while the first paying call is in flight.
    extra = knobs(content="slow answer", chunks=4, chunk_delay_ms=80, ttfb_ms=600)

    async def both() -> list[httpx.Response]:
        body = {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "herd"}], "stream": True, **extra}
        async with httpx.AsyncClient(timeout=20) as client:
            calls = [
                client.post(
                    open_proxy.url + "/v1/chat/completions", json=body, headers={"authorization": f"Bearer {k}"}
                )
                for k in (PAYING, OTHER_ORG, PAYING)
            ]
            return await asyncio.gather(*calls)

    paying, other, paying_again = asyncio.run(both())
    assert other.headers["x-cache"] == "miss" and "x-cache-coalesced" not in other.headers
    assert {paying.headers["x-cache"], paying_again.headers["x-cache"]} == {"miss", "hit-exact"}
    waiter = paying if paying.headers["x-cache"] == "hit-exact" else paying_again
    assert waiter.headers.get("x-cache-coalesced") == "true"  # it joined the in-flight call, not a stored entry
    assert len(mock_log(extra["mock"]["id"])) == 2


def test_a_namespace_longer_than_the_limit_is_refused_not_cut(open_proxy: ServerProcess) -> None:
    extra = knobs(content="long namespace")
    at_limit = "n" * 128
    assert post(open_proxy, "ns", extra, PAYING, **{"x-cache-namespace": at_limit}).headers["x-cache"] == "miss"
    for tail in ("a", "b"):
        resp = post(open_proxy, "ns", extra, PAYING, **{"x-cache-namespace": at_limit + tail})
        assert resp.status_code == 400, resp.headers.get("x-cache")
        error = resp.json()["error"]
        assert error["type"] == "invalid_request_error" and "128" in error["message"]


def test_namespaces_per_caller_are_capped_with_a_clear_400(open_proxy: ServerProcess) -> None:
    extra = knobs(content="capped")
    hoarder = "sk-namespace-hoarder"
    for i in [*range(64), 0]:  # the default cap, then a namespace already in use
        assert post(open_proxy, "cap", extra, hoarder, **{"x-cache-namespace": f"ns-{i}"}).status_code == 200
    refused = post(open_proxy, "cap", extra, hoarder, **{"x-cache-namespace": "one-too-many"})
    assert refused.status_code == 400
    error = refused.json()["error"]
    assert error["type"] == "invalid_request_error"
    assert "64 cache namespaces" in error["message"] and "x-cache-namespace" in error["message"]
    # The cap is per caller; the default namespace does not count.
    assert post(open_proxy, "cap", extra, OTHER_ORG, **{"x-cache-namespace": "one-too-many"}).status_code == 200
    assert post(open_proxy, "cap", extra, hoarder).status_code == 200


MAX_BYTES = 4 * 1024 * 1024
BOUNDED = f"""
cache:
  enabled: true
  max_bytes: {MAX_BYTES}
  namespace_header: x-cache-namespace
  semantic: {{enabled: true}}
"""


def rss_bytes(server: ServerProcess) -> int:
    assert server.proc is not None
    with open(f"/proc/{server.proc.pid}/status") as status:
        found = re.search(r"VmRSS:\s+(\d+) kB", status.read())
    assert found is not None
    return int(found.group(1)) * 1024


def cache_bytes(server: ServerProcess) -> float:
    text = httpx.get(server.url + "/metrics", timeout=5).text
    found = re.search(r'^llm_proxy_cache_bytes\{store="memory"\} (\S+)$', text, re.MULTILINE)
    assert found is not None, "no llm_proxy_cache_bytes gauge"
    return float(found.group(1))


def test_many_namespaces_stay_inside_max_bytes(start_proxy: ProxyFactory) -> None:
    proxy = start_proxy(extra=BOUNDED)

    async def flood(start: int, n: int) -> None:
        async with httpx.AsyncClient(timeout=20, limits=httpx.Limits(max_connections=16)) as client:
            sem = asyncio.Semaphore(16)

            async def one(i: int) -> None:
                body = {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": f"q {i}"}]}
                headers = {"authorization": f"Bearer sk-flood-{i % 40}", "x-cache-namespace": f"ns-{i}"}
                async with sem:
                    resp = await client.post(proxy.url + "/v1/chat/completions", json=body, headers=headers)
                assert resp.status_code == 200, resp.text

            await asyncio.gather(*(one(i) for i in range(start, start + n)))

    asyncio.run(flood(0, 150))  # warm up: allocator pools, code paths, connection pools
    before = rss_bytes(proxy)
    asyncio.run(flood(150, 800))
    grown = rss_bytes(proxy) - before
    assert 0 < cache_bytes(proxy) <= MAX_BYTES
    # 800 new partitions, each a 64-row x 512-dim index before the fix, took ~100 MiB.
    assert grown < 32 * 1024 * 1024, f"RSS grew by {grown / 2**20:.0f} MiB"


SHARED = """
providers:
  operator: {type: openai, base_url: "URL/v1", api_key: "${OPERATOR_KEY}"}
  byok: {type: openai, base_url: "URL/v1"}
models:
  gpt-4o-mini: {deployments: [{provider: operator, model: gpt-4o-mini}]}
  fast: {deployments: [{provider: byok, model: upstream-fast}]}
  spill: {deployments: [{provider: operator, model: gpt-4o-mini}], fallbacks: [fast]}
cache: {enabled: true, open_mode: shared}
"""


def test_shared_open_mode_shares_only_aliases_the_operator_pays_for(
    start_proxy: ProxyFactory, mock_upstream: ServerProcess
) -> None:
    proxy = start_proxy(policy=SHARED.replace("URL", mock_upstream.url), env={"OPERATOR_KEY": "sk-operator"})

    def outcomes(model: str) -> list[str]:
        extra = {**knobs(content=f"answer of {model}"), "model": model}
        return [post(proxy, "shared?", extra, key).headers["x-cache"] for key in (PAYING, OTHER_ORG, None)]

    assert outcomes("gpt-4o-mini") == ["miss", "hit-exact", "hit-exact"]  # the operator's explicit choice
    assert outcomes("fast") == ["miss", "miss", "bypass"]  # the caller's key is forwarded: never shared
    assert outcomes("spill") == ["miss", "miss", "bypass"]  # may fall back to a forwarding alias
