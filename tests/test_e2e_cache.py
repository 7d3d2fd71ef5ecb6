"""The response cache end to end: real SDK -> proxy (uvicorn) -> mock upstream, and a real Redis."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import httpx
import openai
import orjson
import pytest

from tests.conftest import VIRTUAL_KEY, MockLog, ProxyFactory
from tests.redis_server import RedisServer
from tests.support import ServerProcess, knobs

CACHE = """
cache:
  enabled: true
  ttl_s: 60
  namespace_header: x-cache-namespace
  semantic: {enabled: true, models: [gpt-4o-mini]}
guardrails:
  define: {banned: {type: banned_output}, pii: {type: pii, restore: true}}
  attach: [{models: [fast], output: [banned]}, {models: [gpt-4o-mini], input: [pii]}]
"""
KEY_B = "vk-test-second-tenant-key"
KEYS = '[{name: team-a, secret: "${TEAM_A_KEY}"}, {name: team-b, secret: "${TEAM_B_KEY}"}]'


@pytest.fixture(scope="module")
def cached(start_proxy: ProxyFactory) -> ServerProcess:
    return start_proxy(keys=KEYS, extra=CACHE, env={"TEAM_A_KEY": VIRTUAL_KEY, "TEAM_B_KEY": KEY_B})


def sdk(proxy: ServerProcess, key: str = VIRTUAL_KEY) -> openai.OpenAI:
    return openai.OpenAI(base_url=proxy.url + "/v1", api_key=key, max_retries=0, timeout=20)


def ask(client: openai.OpenAI, text: str, extra: dict[str, Any], **params: Any) -> Any:
    return client.chat.completions.with_raw_response.create(
        model=params.pop("model", "gpt-4o-mini"),
        messages=[{"role": "user", "content": text}],
        extra_body=extra,
        **params,
    )


def test_repeat_is_an_exact_hit_with_zero_usage(cached: ServerProcess, mock_log: MockLog) -> None:
    extra = knobs(content="Paris is the capital of France.")
    first = ask(sdk(cached), "capital of France?", extra)
    second = ask(sdk(cached), "capital of France?", extra)
    assert first.headers["x-cache"] == "miss" and second.headers["x-cache"] == "hit-exact"
    assert second.parse().choices[0].message.content == "Paris is the capital of France."
    usage = second.parse().usage
    assert usage is not None and usage.total_tokens == 0
    assert len(mock_log(extra["mock"]["id"])) == 1


def test_tenants_never_share_entries(cached: ServerProcess, mock_log: MockLog) -> None:
    extra = knobs(content="tenant answer")
    assert ask(sdk(cached), "same prompt", extra).headers["x-cache"] == "miss"
    assert ask(sdk(cached, KEY_B), "same prompt", extra).headers["x-cache"] == "miss"
    assert ask(sdk(cached, KEY_B), "same prompt", extra).headers["x-cache"] == "hit-exact"
    assert len(mock_log(extra["mock"]["id"])) == 2


def test_namespace_header_splits_a_tenants_partition(cached: ServerProcess) -> None:
    extra = knobs(content="ns")
    client = sdk(cached)
    ask(client, "ns prompt", extra)
    other = client.chat.completions.with_raw_response.create(
        model="gpt-4o-mini",
        messages=[{"role": "user", "content": "ns prompt"}],
        extra_body=extra,
        extra_headers={"x-cache-namespace": "experiment-2"},
    )
    assert other.headers["x-cache"] == "miss"


def test_a_hit_restores_the_callers_own_redacted_values(cached: ServerProcess, mock_log: MockLog) -> None:
    extra = knobs(content="I will email [EMAIL_1] today.")
    first = ask(sdk(cached), "Please email ana@acme.com the report", extra)
    assert first.parse().choices[0].message.content == "I will email ana@acme.com today."
    # Another address redacts to the same request, so it is a hit, restored with this caller's value.
    second = ask(sdk(cached), "Please email bob@acme.org the report", extra)
    assert second.headers["x-cache"] == "hit-exact"
    assert second.parse().choices[0].message.content == "I will email bob@acme.org today."
    assert "pii/input=redact" in second.headers["x-llm-proxy-guardrails"]
    assert len(mock_log(extra["mock"]["id"])) == 1


VARIANTS: list[dict[str, Any]] = [
    {"temperature": 0.7},
    {"max_tokens": 17},
    {"seed": 42},
    {"stop": ["\n"]},
    {"top_p": 0.5},
    {"response_format": {"type": "json_object"}},
    {"tools": [{"type": "function", "function": {"name": "f", "parameters": {"type": "object"}}}]},
    {"logit_bias": {"50256": -100}},
    {"model": "fast"},
]


def test_every_answer_changing_field_is_part_of_the_key(cached: ServerProcess) -> None:
    extra = knobs(content="base")
    client = sdk(cached)
    ask(client, "key fields", extra)
    for variant in VARIANTS:
        assert ask(client, "key fields", extra, **variant).headers["x-cache"] == "miss", variant
    assert ask(client, "key fields", extra, user="someone-else").headers["x-cache"] == "hit-exact"


@pytest.mark.parametrize("first_streams", [True, False])
def test_stream_and_json_share_entries_and_replay_equals_the_original(
    cached: ServerProcess, first_streams: bool
) -> None:
    text = "A long answer, streamed in many small pieces. " * 6
    extra = knobs(content=text, chunks=17)
    client = sdk(cached)

    def streamed() -> tuple[str, str]:
        raw = client.chat.completions.with_raw_response.create(
            model="gpt-4o-mini", messages=[{"role": "user", "content": "replay"}], stream=True,
            stream_options={"include_usage": True}, extra_body=extra,
        )  # fmt: skip
        chunks = list(raw.parse())
        content = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
        assert chunks[-1].usage is not None
        return content, raw.headers["x-cache"]

    def plain() -> tuple[str, str]:
        raw = ask(client, "replay", extra)
        return raw.parse().choices[0].message.content or "", raw.headers["x-cache"]

    first, second = (streamed, plain) if first_streams else (plain, streamed)
    assert first() == (text, "miss")
    assert second() == (text, "hit-exact")


NEVER = [
    ({"status": 500, "error_message": "boom"}, {}),
    ({"drop_after": 2, "content": "cut off answer here"}, {}),
    ({"content": "fine"}, {"cache-control": "no-store"}),
]


@pytest.mark.parametrize(("values", "headers"), NEVER)
def test_failures_truncations_and_no_store_are_never_kept(
    cached: ServerProcess, mock_log: MockLog, values: dict[str, Any], headers: dict[str, str]
) -> None:
    body = {
        "model": "gpt-4o-mini",
        "messages": [{"role": "user", "content": "never"}],
        "stream": True,
        **knobs(**values),
    }
    auth = {"authorization": f"Bearer {VIRTUAL_KEY}", **headers}
    for _ in range(2):
        httpx.post(cached.url + "/v1/chat/completions", json=body, headers=auth, timeout=20)
    assert len(mock_log(body["mock"]["id"])) == 2


def test_answer_cut_by_a_guardrail_is_never_kept(cached: ServerProcess, mock_log: MockLog) -> None:
    extra = knobs(content="Clean up with rm -rf / right away.")
    for _ in range(2):
        with pytest.raises(openai.BadRequestError):
            ask(sdk(cached), "cleanup", extra, model="fast")
    assert len(mock_log(extra["mock"]["id"])) == 2


def test_no_cache_skips_the_lookup_and_ttl_header_shortens_life(cached: ServerProcess) -> None:
    extra = knobs(content="short lived")
    expiring = knobs(content="gone soon")
    client = sdk(cached)

    def call(headers: dict[str, str], prompt: str = "ttl", body: dict[str, Any] = extra) -> str:
        raw = client.chat.completions.with_raw_response.create(
            model="gpt-4o-mini", messages=[{"role": "user", "content": prompt}], extra_body=body, extra_headers=headers
        )
        return raw.headers["x-cache"]

    assert call({"x-llm-proxy-cache-ttl": "1"}) == "miss"
    assert call({}) == "hit-exact"
    assert call({"cache-control": "no-cache"}) == "miss"  # looked past the cache, stored with the full TTL
    # A second prompt stored with a 1 s TTL and never refreshed: it must be gone after the sleep.
    assert call({"x-llm-proxy-cache-ttl": "1"}, "ttl expiring", expiring) == "miss"
    assert call({}, "ttl expiring", expiring) == "hit-exact"
    time.sleep(1.3)
    assert call({}) == "hit-exact"
    assert call({}, "ttl expiring", expiring) == "miss"


def test_near_repeat_is_a_semantic_hit_but_a_changed_number_is_not(cached: ServerProcess, mock_log: MockLog) -> None:
    extra = knobs(content="391")
    client = sdk(cached)
    assert ask(client, "What is 17 x 23?", extra).headers["x-cache"] == "miss"
    near = ask(client, "what is 17 x 23 ?", extra)
    assert near.headers["x-cache"] == "hit-semantic" and float(near.headers["x-cache-similarity"]) > 0.8
    assert ask(client, "What is 17 x 24?", extra).headers["x-cache"] == "miss"
    assert ask(client, "What is 17 x 23?", extra, temperature=0.9).headers["x-cache"] == "miss"


def test_a_no_cache_refresh_is_stored_for_semantic_lookups_too(cached: ServerProcess, mock_log: MockLog) -> None:
    extra = knobs(content="Refreshed answer.")
    client = sdk(cached)
    refreshed = client.chat.completions.with_raw_response.create(
        model="gpt-4o-mini",
        messages=[{"role": "user", "content": "How many moons does Mars have?"}],
        extra_body=extra,
        extra_headers={"cache-control": "no-cache"},
    )
    assert refreshed.headers["x-cache"] == "miss"
    near = ask(client, "how many moons does mars have ?", extra)
    assert near.headers["x-cache"] == "hit-semantic"
    assert near.parse().choices[0].message.content == "Refreshed answer."
    assert len(mock_log(extra["mock"]["id"])) == 1


def test_identical_requests_in_flight_share_one_upstream_call(cached: ServerProcess, mock_log: MockLog) -> None:
    extra = knobs(content="shared answer for everyone", chunks=5, chunk_delay_ms=60)

    async def burst() -> list[httpx.Response]:
        async with httpx.AsyncClient(timeout=30, limits=httpx.Limits(max_connections=100)) as client:
            body = {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "herd"}], **extra}
            calls = [
                client.post(
                    cached.url + "/v1/chat/completions",
                    json={**body, **STREAM_WITH_USAGE} if i % 2 == 0 else body,
                    headers={"authorization": f"Bearer {VIRTUAL_KEY}"},
                )
                for i in range(100)
            ]
            return await asyncio.gather(*calls)

    responses = asyncio.run(burst())
    assert [r.status_code for r in responses] == [200] * 100
    assert sorted(r.headers["x-cache"] for r in responses).count("miss") == 1
    assert all(answer_text(r) == "shared answer for everyone" for r in responses)
    followers = [r for r in responses if r.headers["x-cache"] == "hit-exact"]
    assert all(usage_of(r)["total_tokens"] == 0 for r in followers)  # followers were not billed
    assert len(mock_log(extra["mock"]["id"])) == 1


STREAM_WITH_USAGE = {"stream": True, "stream_options": {"include_usage": True}}


def usage_of(resp: httpx.Response) -> dict[str, Any]:
    if not resp.headers["content-type"].startswith("text/event-stream"):
        return dict(resp.json()["usage"])
    events = [line[6:] for line in resp.text.split("\n") if line.startswith("data: ") and line != "data: [DONE]"]
    return dict(orjson.loads(events[-1])["usage"])


def answer_text(resp: httpx.Response) -> str:
    if not resp.headers["content-type"].startswith("text/event-stream"):
        return str(resp.json()["choices"][0]["message"]["content"])
    events = [line[6:] for line in resp.text.split("\n") if line.startswith("data: ") and line != "data: [DONE]"]
    chunks = [orjson.loads(e) for e in events]
    return "".join(c["choices"][0]["delta"].get("content") or "" for c in chunks if c["choices"])


REDIS_POLICY = """
providers:
  mock: {{type: openai, base_url: "{url}/v1"}}
models:
  gpt-4o-mini: {{deployments: [{{provider: mock, model: gpt-4o-mini}}]}}
state: {{redis_url: "{redis}", retry_every_s: 0.3}}
cache: {{enabled: true, semantic: {{enabled: true}}}}
"""


def test_two_proxies_share_entries_through_redis_and_bypass_when_it_dies(
    start_proxy: ProxyFactory, mock_upstream: ServerProcess, redis_server: RedisServer, mock_log: MockLog
) -> None:
    policy = REDIS_POLICY.format(url=mock_upstream.url, redis=redis_server.url)
    a, b = start_proxy(policy=policy), start_proxy(policy=policy)
    extra = knobs(content="shared through redis")
    assert ask(sdk(a), "redis question", extra).headers["x-cache"] == "miss"
    assert ask(sdk(b), "redis question", extra).headers["x-cache"] == "hit-exact"
    assert ask(sdk(b), "Redis question?", extra).headers["x-cache"] == "hit-semantic"
    redis_server.kill()
    try:
        down = ask(sdk(a), "redis question", extra)
        assert down.headers["x-cache"] == "bypass" and down.parse().choices[0].message.content == "shared through redis"
    finally:
        redis_server.restart()
    assert len(mock_log(extra["mock"]["id"])) == 2


def test_redis_store_keeps_byok_callers_apart_and_replicas_together(
    start_proxy: ProxyFactory, mock_upstream: ServerProcess, redis_server: RedisServer, mock_log: MockLog
) -> None:
    """Open mode, provider without a key: each caller's key is forwarded, and partitions its entries."""
    policy = REDIS_POLICY.format(url=mock_upstream.url, redis=redis_server.url)
    a, b = start_proxy(policy=policy), start_proxy(policy=policy)
    extra = knobs(content="kept apart through redis")
    assert ask(sdk(a, "sk-paying-caller"), "redis tenancy", extra).headers["x-cache"] == "miss"
    assert ask(sdk(b, "sk-other-org"), "Redis tenancy?", extra).headers["x-cache"] == "miss"  # not a semantic hit
    body = {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "redis tenancy"}], **extra}
    no_key = httpx.post(b.url + "/v1/chat/completions", json=body, timeout=20)
    assert no_key.status_code == 200 and no_key.headers["x-cache"] == "bypass"
    # The partition secret lives in Redis: the other replica puts the same key in the same partition.
    assert ask(sdk(b, "sk-paying-caller"), "redis tenancy", extra).headers["x-cache"] == "hit-exact"
    assert ask(sdk(a, "sk-paying-caller"), "Redis tenancy?", extra).headers["x-cache"] == "hit-semantic"
    assert len(mock_log(extra["mock"]["id"])) == 3


UPSTREAM_EMBED = """
providers:
  mock: {{type: openai, base_url: "{url}/v1"}}
  dead: {{type: openai, base_url: "http://127.0.0.1:{dead}/v1"}}
models:
  gpt-4o-mini: {{deployments: [{{provider: mock, model: gpt-4o-mini}}]}}
  fast: {{deployments: [{{provider: mock, model: upstream-fast}}]}}
cache:
  enabled: true
  semantic: {{enabled: true, embedder: upstream, provider: {provider}, timeout_s: 0.5}}
"""


@pytest.mark.parametrize("provider", ["mock", "dead"])
def test_upstream_embedder_finds_hits_and_its_failure_only_bypasses(
    start_proxy: ProxyFactory, mock_upstream: ServerProcess, provider: str
) -> None:
    from tests.support import free_port

    proxy = start_proxy(policy=UPSTREAM_EMBED.format(url=mock_upstream.url, dead=free_port(), provider=provider))
    client = sdk(proxy)
    extra = knobs(content="embedded answer")
    assert ask(client, "How do I reset my password?", extra).headers["x-cache"] == "miss"
    # Same text as a list of parts: a different exact key, the same embedded turn.
    again = client.chat.completions.with_raw_response.create(
        model="gpt-4o-mini",
        messages=[{"role": "user", "content": [{"type": "text", "text": "How do I reset my password?"}]}],
        extra_body=extra,
    )
    assert again.parse().choices[0].message.content == "embedded answer"
    if provider == "mock":
        assert again.headers["x-cache"] == "hit-semantic" and float(again.headers["x-cache-similarity"]) > 0.999
    else:
        assert again.headers["x-cache"] == "miss"


def test_a_request_that_neither_reads_nor_keeps_the_cache_never_calls_the_embedder(
    start_proxy: ProxyFactory, start_mock: Any
) -> None:
    upstream = start_mock()
    proxy = start_proxy(policy=UPSTREAM_EMBED.format(url=upstream.url, dead=1, provider="mock"))
    client = sdk(proxy)
    headers = {"cache-control": "no-cache, no-store"}
    client.chat.completions.create(
        model="gpt-4o-mini", messages=[{"role": "user", "content": "Unkept question?"}], extra_headers=headers
    )
    paths = [r["path"] for r in httpx.get(upstream.url + "/_mock/log", timeout=5).json()["requests"]]
    assert paths == ["/v1/chat/completions"]
