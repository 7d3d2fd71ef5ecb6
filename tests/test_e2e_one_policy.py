"""One policy on every surface: budgets, token limits and stored-state routing across chat, the
Responses API, Anthropic's Messages API and embeddings, over real sockets (the openai and anthropic
SDKs -> proxy replicas -> mock upstreams)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import anthropic
import httpx
import openai
import pytest

from tests.conftest import MockFactory, ProxyFactory
from tests.redis_server import RedisServer
from tests.support import ServerProcess
from tests.support import knobs as mock

KEY_CHAT, KEY_MIXED, KEY_TPM = "sk-only-chat-0123456789", "sk-every-door-0123456789", "sk-tokens-0123456789"
PRICED = "input_cost_per_mtok: 1000000, output_cost_per_mtok: 1000000"  # a dollar a token
BUDGET_USD = 120.0


def budget_policy(mock_url: str) -> str:
    return f"""
providers:
  mock: {{type: openai, base_url: "{mock_url}/v1"}}
models:
  gpt-4o-mini: {{deployments: [{{provider: mock, model: gpt-4o-mini, {PRICED}}}]}}
  embed: {{deployments: [{{provider: mock, model: text-embedding-3-small, {PRICED}}}]}}
keys:
  - {{name: only-chat, secret: "{KEY_CHAT}"}}
  - {{name: every-door, secret: "{KEY_MIXED}"}}
  - {{name: tokens, secret: "{KEY_TPM}"}}
budgets:
  keys:
    only-chat: {{daily_usd: {BUDGET_USD}}}
    every-door: {{daily_usd: {BUDGET_USD}}}
limits:
  rules:
    - {{name: tpm, scope: key, keys: [tokens], tokens_per_minute: 300}}
"""


@pytest.fixture(scope="module")
def priced(start_proxy: ProxyFactory, mock_upstream: ServerProcess) -> ServerProcess:
    return start_proxy(policy=budget_policy(mock_upstream.url))


Call = Callable[[openai.OpenAI], Any]


def CHAT(c: openai.OpenAI) -> Any:
    messages: Any = [{"role": "user", "content": "one two three"}]
    return c.chat.completions.with_raw_response.create(model="gpt-4o-mini", messages=messages, max_tokens=20)


def RESPONSES(c: openai.OpenAI) -> Any:
    return c.responses.with_raw_response.create(model="gpt-4o-mini", input="one two three", max_output_tokens=20)


def EMBEDDINGS(c: openai.OpenAI) -> Any:
    return c.embeddings.with_raw_response.create(model="embed", input=["one two three four"] * 6)


def MESSAGES(c: openai.OpenAI) -> Any:
    """Anthropic's Messages API with the same key (translated to the same deployment's chat)."""
    claude = anthropic.Anthropic(base_url=str(c.base_url).removesuffix("/v1/"), api_key=c.api_key, max_retries=0)
    return claude.messages.with_raw_response.create(
        model="gpt-4o-mini", max_tokens=20, messages=[{"role": "user", "content": "one two three"}]
    )


def spend_until_refused(client: openai.OpenAI, calls: list[Call]) -> tuple[float, float]:
    """Call in turn until the budget refuses; (spend before the last paid call, spend at refusal)."""
    spent = before = 0.0
    for turn in range(200):
        try:
            raw = calls[turn % len(calls)](client)
        except openai.RateLimitError as err:
            assert err.code == "insufficient_quota" and "daily budget" in err.message
            return before, spent
        except anthropic.APIStatusError as err:  # the same refusal in Anthropic's envelope (never retried)
            assert err.status_code == 402 and "daily budget" in err.message
            assert err.body["error"]["type"] == "billing_error"  # type: ignore[index]
            return before, spent
        before, spent = spent, spent + float(raw.headers["x-llm-proxy-cost-usd"])
    raise AssertionError("the budget never tripped")


def test_a_budget_trips_at_the_same_total_whichever_doors_spend_it(priced: ServerProcess) -> None:
    url = priced.url + "/v1"
    chat_only = openai.OpenAI(base_url=url, api_key=KEY_CHAT, max_retries=0)
    mixed = openai.OpenAI(base_url=url, api_key=KEY_MIXED, max_retries=0)
    with pytest.raises(openai.BadRequestError) as caught:  # a background run returns no usage to count
        mixed.responses.create(model="gpt-4o-mini", input="later", background=True)
    assert caught.value.param == "background" and "budget" in caught.value.message
    for client, calls in ((chat_only, [CHAT]), (mixed, [CHAT, RESPONSES, MESSAGES, EMBEDDINGS])):
        before, at_refusal = spend_until_refused(client, calls)
        assert before < BUDGET_USD <= at_refusal  # refused exactly once the recorded spend reached it
    for call in (CHAT, RESPONSES, EMBEDDINGS):  # and then every door refuses the spent key
        with pytest.raises(openai.RateLimitError):
            call(mixed)
    with pytest.raises(anthropic.APIStatusError) as spent:
        MESSAGES(mixed)
    assert spent.value.status_code == 402


def test_a_token_limit_is_one_bucket_for_every_door(priced: ServerProcess) -> None:
    client = openai.OpenAI(base_url=priced.url + "/v1", api_key=KEY_TPM, max_retries=0)
    with pytest.raises(openai.BadRequestError) as caught:
        client.responses.create(model="gpt-4o-mini", input="later", background=True)
    assert caught.value.param == "background" and "token limit" in caught.value.message
    refused_at = None
    for turn in range(40):
        try:
            RESPONSES(client)
        except openai.RateLimitError as err:
            assert "Rate limit 'tpm'" in err.message
            refused_at = turn
            break
    assert refused_at is not None and refused_at >= 2
    for call in (CHAT, EMBEDDINGS):
        with pytest.raises(openai.RateLimitError) as caught:
            call(client)
        assert "Rate limit 'tpm'" in caught.value.message
    with pytest.raises(anthropic.RateLimitError) as limited:
        MESSAGES(client)
    assert "Rate limit 'tpm'" in limited.value.message and limited.value.response.headers["retry-after"]


def chain_policy(first_url: str, second_url: str, redis_url: str) -> str:
    return f"""
providers:
  east: {{type: openai, base_url: "{first_url}/v1"}}
  west: {{type: openai, base_url: "{second_url}/v1"}}
models:
  gpt-4o-mini:
    deployments: [{{provider: east, model: gpt-4o-mini}}, {{provider: west, model: gpt-4o-mini}}]
    retry: {{max_attempts: 2, backoff_base_s: 0.01}}
keys: []
state: {{redis_url: "{redis_url}"}}
"""


def test_a_chain_reaches_the_account_that_stored_it_from_any_replica(
    start_proxy: ProxyFactory, start_mock: MockFactory, redis_server: RedisServer
) -> None:
    east, west = start_mock(), start_mock()
    text = chain_policy(east.url, west.url, redis_server.url)
    replicas = [start_proxy(policy=text), start_proxy(policy=text)]
    clients = [openai.OpenAI(base_url=r.url + "/v1", api_key="sk-caller", max_retries=0) for r in replicas]
    served = set()
    for turn in range(8):  # the balancer spreads first turns over both accounts
        first = clients[0].responses.with_raw_response.create(model="gpt-4o-mini", input="remember 7")
        served.add(first.headers["x-llm-proxy-deployment"])
        created = first.parse()
        extra = mock()
        follow = clients[1].responses.with_raw_response.create(
            model="gpt-4o-mini", input="and now?", previous_response_id=created.id, extra_body=extra
        )
        assert follow.headers["x-llm-proxy-deployment"] == first.headers["x-llm-proxy-deployment"], turn
        assert clients[turn % 2].responses.retrieve(created.id).id == created.id
    assert len(served) == 2
    stranger = httpx.get(replicas[1].url + "/v1/responses/resp_never_seen", timeout=5)
    # open mode: an id never seen here goes to the pass-through account, which does not know it
    assert stranger.status_code == 404 and stranger.json()["error"]["code"] == "not_found"
    on_east = next(c.parse().id for c in _created_on(clients[0], "east"))
    east.stop()  # the account that stores it is gone: the chain may not continue anywhere else
    with pytest.raises(openai.InternalServerError) as caught:
        clients[1].responses.create(model="gpt-4o-mini", input="and now?", previous_response_id=on_east)
    assert caught.value.status_code in (502, 503) and "cannot continue anywhere else" in caught.value.message
    assert clients[1].responses.create(model="gpt-4o-mini", input="a new conversation").output_text


def _created_on(client: openai.OpenAI, provider: str) -> Any:
    """Responses created until one lands on a deployment of `provider`."""
    for _ in range(20):
        raw = client.responses.with_raw_response.create(model="gpt-4o-mini", input="remember 8")
        if provider in raw.headers["x-llm-proxy-deployment"]:
            yield raw
            return


def test_a_key_reaches_only_its_own_stored_objects(priced: ServerProcess) -> None:
    def call(method: str, path: str, key: str, **kw: Any) -> httpx.Response:
        auth = {"authorization": f"Bearer {key}"}
        return httpx.request(method, priced.url + path, headers=auth, timeout=10, **kw)

    created = call("POST", "/v1/conversations", KEY_MIXED, json={"metadata": {"t": "x"}})
    assert created.status_code == 200
    conversation = created.json()["id"]
    assert call("GET", f"/v1/conversations/{conversation}", KEY_MIXED).status_code == 200
    stranger = call("GET", f"/v1/conversations/{conversation}", KEY_CHAT)
    assert stranger.status_code == 404 and stranger.json()["error"]["code"] == "not_found"
    listing = call("GET", "/v1/conversations", KEY_MIXED)  # an account-wide view: every key's objects
    assert listing.status_code == 404 and listing.json()["error"]["code"] == "not_found"
