"""The terminal call's retry/rotation/fallback/breaker logic, with scripted fake providers.

A unit test of one module: providers are fakes, time is a fake clock and sleeps are recorded, so
attempt counts and backoff bounds are exact. The same behaviour is tested over real sockets
against several mock upstreams in test_e2e_routing.py.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import AsyncGenerator

import orjson
import pytest
import yaml

from proxy.config.policy import Deployment, Policy, parse_policy
from proxy.core.errors import ProxyError, UpstreamError, UpstreamTimeout
from proxy.core.exchange import Exchange, JsonReply, StreamReply
from proxy.core.sse import SSEEvent
from proxy.surfaces.chat import chat_reply
from proxy.surfaces.chat_body import CHAT_SURFACE
from proxy.upstream.call import Upstream
from proxy.upstream.health import TargetHealth
from proxy.upstream.providers.base import ChatEventStream, ChatResponse
from tests.support import new_exchange

Outcome = str | ProxyError  # "ok" or an error to raise


class Clock:
    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


class FakeProvider:
    """Answers each deployment model from its script; records the order of calls."""

    def __init__(self, scripts: dict[str, list[Outcome]], calls: list[str]) -> None:
        self.scripts = scripts
        self.calls = calls

    def _next(self, dep: Deployment) -> None:
        self.calls.append(dep.model)
        script = self.scripts.get(dep.model, ["ok"])
        outcome = script.pop(0) if len(script) > 1 else script[0]
        if isinstance(outcome, ProxyError):
            raise outcome

    async def chat(self, ex: Exchange, dep: Deployment) -> ChatResponse:
        self._next(dep)
        body = {"object": "chat.completion", "model": dep.model, "choices": [{"index": 0, "finish_reason": "stop"}]}
        return ChatResponse(200, orjson.dumps(body), [], body)

    async def chat_stream(self, ex: Exchange, dep: Deployment) -> ChatEventStream:
        self._next(dep)
        error_first = self.scripts.get(dep.model + ":stream-error-first")
        data = b'{"error":{"message":"overloaded","type":"overloaded_error"}}' if error_first else b'{"choices":[]}'
        if error_first:
            error_first.pop()
            if not error_first:
                del self.scripts[dep.model + ":stream-error-first"]

        async def more() -> AsyncGenerator[list[SSEEvent], None]:
            yield [SSEEvent(data=b"[DONE]")]

        return ChatEventStream(200, [], [SSEEvent(data=data)], more())

    async def start(self) -> None: ...

    async def close(self) -> None: ...


POLICY = """
providers: {p: {type: openai, base_url: "http://127.0.0.1:1/v1"}}
routing: {max_total_attempts: 8}
models:
  solo:
    deployments: [{provider: p, model: solo-1}]
    retry: {max_attempts: 3, backoff_base_s: 0.1, backoff_cap_s: 1, retry_after_cap_s: 10}
    breaker: {consecutive_failures: 100, min_requests: 100}
  pair:
    deployments: [{provider: p, model: pair-a}, {provider: p, model: pair-b}]
    retry: {max_attempts: 3}
    breaker: {consecutive_failures: 100, min_requests: 100}
  first:
    deployments: [{provider: p, model: first-1}]
    retry: {max_attempts: 2, backoff_base_s: 0}
    fallbacks: [second, third]
    context_window_fallbacks: [big]
  second:
    deployments: [{provider: p, model: second-1}]
    retry: {max_attempts: 2, backoff_base_s: 0}
  third:
    deployments: [{provider: p, model: third-1}]
  picky:
    deployments: [{provider: p, model: picky-1}]
    content_policy_fallbacks: [third]
    fallbacks: [second]
  small:
    deployments: [{provider: p, model: small-1, context_window: 50}]
    context_window_fallbacks: [big]
  big:
    deployments: [{provider: p, model: big-1, context_window: 100000}]
  flaky:
    deployments: [{provider: p, model: flaky-1}]
    retry: {max_attempts: 1}
    breaker: {consecutive_failures: 2, cooldown_s: 30}
"""


def make(scripts: dict[str, list[Outcome]]) -> tuple[Upstream, Clock, list[str]]:
    policy: Policy = parse_policy(yaml.safe_load(POLICY), {})
    clock, calls = Clock(), []
    health = TargetHealth(policy, clock=clock, rng=random.Random(7))
    upstream = Upstream(policy, {"p": FakeProvider(scripts, calls)}, health, clock=clock, sleep=clock.sleep)  # type: ignore[dict-item]
    return upstream, clock, calls


def exchange(
    alias: str, *, stream: bool = False, text: str = "hi", headers: list[tuple[bytes, bytes]] | None = None
) -> Exchange:
    ex = new_exchange(headers=headers or [], surface=CHAT_SURFACE)
    ex.alias, ex.stream = alias, stream
    ex.body = {"model": alias, "messages": [{"role": "user", "content": text}], "stream": stream}
    return ex


def run(upstream: Upstream, ex: Exchange) -> JsonReply | StreamReply:
    return asyncio.run(upstream.chat(ex, chat_reply))


def run_error(upstream: Upstream, ex: Exchange) -> ProxyError:
    with pytest.raises(ProxyError) as info:
        run(upstream, ex)
    return info.value


def headers_of(reply: JsonReply | StreamReply) -> dict[str, str]:
    return {k.decode(): v.decode() for k, v in reply.headers if k.startswith(b"x-llm-proxy-")}


def test_transient_errors_are_retried_with_bounded_backoff() -> None:
    upstream, clock, calls = make({"solo-1": [UpstreamError("x", status=500), UpstreamTimeout("slow"), "ok"]})
    ex = exchange("solo")
    reply = run(upstream, ex)
    assert calls == ["solo-1"] * 3 and ex.attempts == 3
    assert headers_of(reply)["x-llm-proxy-attempts"] == "3"
    assert len(clock.sleeps) == 2
    assert 0 <= clock.sleeps[0] <= 0.1 and 0 <= clock.sleeps[1] <= 0.2


def test_retry_after_is_honoured() -> None:
    upstream, clock, _ = make({"solo-1": [UpstreamError("x", status=503, headers={"retry-after": "2"}), "ok"]})
    run(upstream, exchange("solo"))
    assert clock.sleeps and clock.sleeps[0] >= 2


def test_retry_after_beyond_cap_is_not_waited_for() -> None:
    err = UpstreamError("x", status=503, headers={"retry-after": "300"})
    upstream, clock, calls = make({"solo-1": [err, "ok"]})
    final = run_error(upstream, exchange("solo"))
    assert calls == ["solo-1"] and clock.sleeps == []
    assert final.status == 503 and final.headers["retry-after"] == "300"
    assert "x-should-retry" not in final.headers  # transient: the caller may come back later


def test_rate_limit_on_the_only_deployment_is_passed_on_without_waiting_or_breaker() -> None:
    upstream, clock, calls = make({"flaky-1": [UpstreamError("slow down", status=429)]})
    for _ in range(4):  # flaky's breaker opens after 2 failures: a 429 is not one
        final = run_error(upstream, exchange("flaky"))
        assert final.status == 429 and final.headers["retry-after"] == "3"  # the default cool-down
        assert "x-should-retry" not in final.headers
    assert calls == ["flaky-1"] * 4 and clock.sleeps == []
    assert upstream.health.breakers["p/flaky-1"].state == "closed"


def test_rate_limited_deployment_cools_for_its_retry_after_only() -> None:
    upstream, clock, calls = make({"pair-a": [UpstreamError("x", status=429, headers={"retry-after": "5"}), "ok"]})
    served = []
    for _ in range(10):  # t = 0 .. 4.5: pair-a is passed over while it cools
        calls.clear()
        run(upstream, exchange("pair"))
        served.append(calls[-1])
        clock.now += 0.5
    assert served == ["pair-b"] * 10 and upstream.health.stats["p/pair-a"].cool_until == 5.0
    calls.clear()
    for _ in range(10):  # t >= 5: both serve again
        run(upstream, exchange("pair"))
    assert {"pair-a", "pair-b"} <= set(calls)


@pytest.mark.parametrize("status", [401, 403, 429])
def test_rotation_off_a_failing_deployment_without_waiting(status: int) -> None:
    upstream, clock, calls = make({"pair-a": [UpstreamError("no", status=status)], "pair-b": ["ok"]})
    for _ in range(5):
        calls.clear()
        ex = exchange("pair")
        run(upstream, ex)
        assert calls[-1] == "pair-b"
        assert clock.sleeps == [] and ex.attempts == len(calls) <= 2


def test_bad_key_on_the_only_deployment_fails_once_without_retry_hint() -> None:
    upstream, _, calls = make({"solo-1": [UpstreamError("bad key", status=401)]})
    err = run_error(upstream, exchange("solo"))
    assert err.status == 401 and calls == ["solo-1"]
    assert err.headers["x-should-retry"] == "false"


def test_caller_errors_are_not_retried_nor_fall_back() -> None:
    upstream, _, calls = make({"first-1": [UpstreamError("bad param", status=400)]})
    err = run_error(upstream, exchange("first"))
    assert err.status == 400 and calls == ["first-1"] and err.headers["x-should-retry"] == "false"


def test_fallback_order_and_budgets() -> None:
    down = UpstreamError("down", status=503)
    upstream, _, calls = make({"first-1": [down], "second-1": [down], "third-1": ["ok"]})
    ex = exchange("first")
    reply = run(upstream, ex)
    assert calls == ["first-1", "first-1", "second-1", "second-1", "third-1"]
    assert headers_of(reply) == {
        "x-llm-proxy-model": "third",
        "x-llm-proxy-deployment": "p/third-1",
        "x-llm-proxy-attempts": "5",
        "x-llm-proxy-fallbacks": "2",
    }
    assert ex.served_alias == "third" and ex.fallbacks == 2


def test_total_attempts_are_bounded_across_fallbacks() -> None:
    down = UpstreamError("down", status=503)
    upstream, _, calls = make({"first-1": [down], "second-1": [down], "third-1": [down]})
    ex = exchange("first", headers=[(b"x-llm-proxy-max-attempts", b"3")])
    err = run_error(upstream, ex)
    assert len(calls) == 3 and err.status == 503 and err.headers["x-llm-proxy-attempts"] == "3"


def test_caller_can_disable_fallback_but_not_raise_attempts() -> None:
    upstream, _, calls = make({"first-1": [UpstreamError("down", status=503)]})
    headers = [(b"x-llm-proxy-fallback", b"off"), (b"x-llm-proxy-max-attempts", b"50")]
    run_error(upstream, exchange("first", headers=headers))
    assert calls == ["first-1", "first-1"]  # the alias's own budget still applies


def test_context_window_fallback_skips_the_small_model() -> None:
    upstream, _, calls = make({})
    ex = exchange("small", text="word " * 400)
    run(upstream, ex)
    assert calls == ["big-1"] and ex.served_alias == "big"


def test_upstream_context_error_moves_to_the_context_fallback_only() -> None:
    upstream, _, calls = make({"first-1": [UpstreamError("too long", status=400, code="context_length_exceeded")]})
    ex = exchange("first")
    run(upstream, ex)
    assert calls == ["first-1", "big-1"]


def test_content_policy_refusal_uses_only_the_opt_in_chain() -> None:
    refusal = UpstreamError("refused", status=400, code="content_policy_violation")
    upstream, _, calls = make({"picky-1": [refusal]})
    ex = exchange("picky")
    run(upstream, ex)
    assert calls == ["picky-1", "third-1"] and ex.served_alias == "third"
    upstream, _, calls = make({"first-1": [refusal]})
    assert run_error(upstream, exchange("first")).status == 400  # no content-policy chain: refusal stands
    assert calls == ["first-1"]


def test_open_breaker_fails_fast_with_retry_after() -> None:
    upstream, clock, calls = make({"flaky-1": [UpstreamError("down", status=500)]})
    for _ in range(2):
        run_error(upstream, exchange("flaky"))
    calls.clear()
    err = run_error(upstream, exchange("flaky"))
    assert calls == [] and err.status == 503 and err.code == "upstream_unavailable"
    assert err.headers["retry-after"] == "30"
    clock.now += 31
    upstream.providers["p"].scripts["flaky-1"] = ["ok"]  # type: ignore[attr-defined]
    run(upstream, exchange("flaky"))  # the half-open probe succeeds
    assert upstream.health.states()["p/flaky-1"] == "closed"


def test_stream_error_as_first_event_is_retried() -> None:
    upstream, _, calls = make({"solo-1:stream-error-first": ["yes"]})
    reply = run(upstream, exchange("solo", stream=True))
    assert isinstance(reply, StreamReply) and calls == ["solo-1", "solo-1"]


def test_sticky_strategy_keeps_a_user_on_one_deployment() -> None:
    text = POLICY.replace("  pair:\n    deployments:", "  pair:\n    strategy: sticky\n    deployments:")
    policy = parse_policy(yaml.safe_load(text), {})
    calls: list[str] = []
    upstream = Upstream(policy, {"p": FakeProvider({}, calls)}, TargetHealth(policy))  # type: ignore[dict-item]
    for user in ("alice", "bob", "carol", "dave"):
        calls.clear()
        for _ in range(5):
            ex = exchange("pair")
            assert ex.body is not None
            ex.body["user"] = user
            run(upstream, ex)
        assert len(set(calls)) == 1


def test_route_headers_never_carry_secrets() -> None:
    upstream, _, _ = make({})
    reply = run(upstream, exchange("solo"))
    assert all("key" not in v.lower() for v in headers_of(reply).values())
