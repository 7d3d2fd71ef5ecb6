"""ShadowRunner on its own: the in-flight bound, timeouts, what is compared and recorded (fake upstream)."""

from __future__ import annotations

import asyncio
from typing import Any

import orjson

from proxy.config.experiments import Shadow
from proxy.config.models import Deployment
from proxy.core.errors import UpstreamUnreachable
from proxy.core.exchange import Exchange, JsonReply, Reply, Usage
from proxy.experiments.shadow import ShadowRunner, counters_name, shadow_body
from proxy.experiments.side_call import side_call
from proxy.experiments.stats import ExperimentCounters
from proxy.observability.metrics import Metrics
from proxy.state.memory import MemoryStore
from proxy.surfaces.chat_body import CHAT_SURFACE
from tests.support import new_exchange


class FakeUpstream:
    """Answers `text` (or `raw`, the body as sent) after `gate` opens (at once without a gate), or
    raises `fail`; like the upstream layer's `whole_answer`, it records usage on the Exchange and
    keeps its parse of the answer on the reply."""

    def __init__(
        self, text: str = "", gate: asyncio.Event | None = None, fail: Exception | None = None, raw: bytes | None = None
    ) -> None:
        self.text, self.gate, self.fail, self.raw = text, gate, fail, raw
        self.bodies: list[dict[str, Any]] = []

    async def whole_answer(self, ex: Exchange) -> Reply:
        assert ex.body is not None
        self.bodies.append(ex.body)
        if self.gate is not None:
            await self.gate.wait()
        if self.fail is not None:
            raise self.fail
        ex.deployment = Deployment(provider="p", model="m", input_cost_per_mtok=1.0, output_cost_per_mtok=2.0)
        usage = {"prompt_tokens": 10, "completion_tokens": 4, "total_tokens": 14}
        body = {"choices": [{"message": {"role": "assistant", "content": self.text}}], "usage": usage}
        raw = orjson.dumps(body) if self.raw is None else self.raw
        if self.raw is not None:  # decoded as a provider would; what is no JSON object is sent as is
            try:
                body = orjson.loads(self.raw)
            except orjson.JSONDecodeError:
                return JsonReply(200, self.raw, [])
        if type(body.get("usage")) is dict:
            ex.usage = Usage.from_openai(body["usage"])
        return JsonReply(200, raw, [], body)


def answered() -> Exchange:
    ex = new_exchange(request_id="r1", surface=CHAT_SURFACE)
    ex.body = {"model": "a", "messages": [{"role": "user", "content": "q"}], "stream": True, "stream_options": {}}
    ex.t_end, ex.status, ex.tenant = 0.02, 200, "team-a"
    return ex


def runner(upstream: FakeUpstream, **shadow: Any) -> tuple[ShadowRunner, MemoryStore, Metrics]:
    store, metrics = MemoryStore(), Metrics(frozenset({"a", "b"}))
    config = {"s": Shadow(model="a", candidate="b", **shadow)}
    return ShadowRunner(config, upstream, store, metrics), store, metrics


def sample(metrics: Metrics, outcome: str) -> float:
    metrics.flush()
    value = metrics.registry.get_sample_value("llm_proxy_shadow_requests_total", {"shadow": "s", "outcome": outcome})
    return value or 0.0


async def candidate_stats(store: MemoryStore) -> Any:
    return (await ExperimentCounters().read(store, counters_name("s"), ["primary", "candidate"], []))["candidate"]


def test_calls_over_max_in_flight_are_dropped_and_counted() -> None:
    async def run() -> None:
        gate = asyncio.Event()
        shadows, _, metrics = runner(FakeUpstream("x", gate), max_in_flight=2)
        assert [shadows.submit("s", answered(), "x") for _ in range(3)] == [True, True, False]
        assert sample(metrics, "dropped") == 1 and shadows.running == 2
        gate.set()
        await shadows.wait_idle()
        assert sample(metrics, "ok") == 2
        assert shadows.submit("s", answered(), "x")  # room again
        await shadows.close()

    asyncio.run(run())


def test_a_stalled_candidate_is_abandoned_at_its_timeout_and_counted_as_an_error() -> None:
    async def run() -> None:
        shadows, store, metrics = runner(FakeUpstream("x", asyncio.Event()), timeout_s=0.05)
        shadows.submit("s", answered(), "x")
        await shadows.wait_idle()
        stats = await candidate_stats(store)
        assert sample(metrics, "timeout") == 1 and (stats.requests, stats.errors) == (1, 1)
        assert stats.similarity_count == 0

    asyncio.run(run())


def test_a_failing_candidate_is_recorded_and_nothing_raises() -> None:
    async def run() -> None:
        shadows, store, metrics = runner(FakeUpstream(fail=UpstreamUnreachable("down")))
        shadows.submit("s", answered(), "x")
        await shadows.wait_idle()
        assert sample(metrics, "error") == 1 and (await candidate_stats(store)).errors == 1

    asyncio.run(run())


def test_the_candidate_gets_the_request_unstreamed_and_answers_are_compared() -> None:
    async def run() -> None:
        upstream = FakeUpstream("Reset it from the account page.")
        shadows, store, _ = runner(upstream)
        shadows.submit("s", answered(), "Reset it from the account page.")
        await shadows.wait_idle()
        assert upstream.bodies == [{"model": "b", "messages": [{"role": "user", "content": "q"}]}]
        stats = await candidate_stats(store)
        assert stats.similarity_count == 1 and stats.mean_similarity == 1.0
        assert (stats.input_tokens, stats.output_tokens) == (10, 4) and stats.cost_usd > 0

    asyncio.run(run())


def test_similarity_orders_related_above_unrelated_answers() -> None:
    shadows, _, _ = runner(FakeUpstream())
    base = "Open the account page and choose reset password."
    close = shadows.similarity(base, "Open your account page, then choose Reset password.")
    far = shadows.similarity(base, "The capital of France is Paris.")
    assert 1.0 > close > 0.6 > far >= 0.0
    assert shadows.similarity("", "") == 1.0 and shadows.similarity("text", "") == 0.0


def test_shadow_body_and_the_answer_text_of_odd_replies() -> None:
    assert shadow_body({"model": "a", "stream": True, "stream_options": {}, "n": 1}, "b") == {"model": "b", "n": 1}

    def text_of(raw: bytes) -> str:
        body = {"model": "b", "messages": []}
        upstream = FakeUpstream(raw=raw)
        answer = asyncio.run(
            side_call(
                upstream, "b", body, request_id="r", tenant=None, authorization=None, timeout_s=5, surface=CHAT_SURFACE
            )
        )
        return answer.text

    assert text_of(b'{"choices": [{"message": {"content": "hi"}}]}') == "hi"
    assert text_of(b"not json") == "" and text_of(b'{"choices": []}') == ""
