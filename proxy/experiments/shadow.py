"""Shadow traffic: a sampled share of answered requests is sent again to a candidate alias.

Guarantees: a shadow call starts only after the caller's answer is complete (it is submitted from
`on_response`), runs as a background task the caller never waits for, and its answer is thrown
away; it goes straight to the upstream layer, so it takes nothing from the caller's rate limits,
concurrency slots or budgets; at most `max_in_flight` run per shadow and process (more are dropped
and counted) and each is abandoned after `timeout_s`; a failing, stalling or crashing shadow is
recorded and changes nothing else. Recorded per shadow: latency, tokens, cost and errors of both the
primary (arm `primary`) and the candidate (arm `candidate`), and the similarity of the two answers.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from proxy.cache.embed import NgramEmbedder
from proxy.config.experiments import Shadow
from proxy.core.exchange import Exchange, Usage
from proxy.core.surface import Surface
from proxy.experiments.side_call import ChatUpstream, SideAnswer, side_call
from proxy.experiments.stats import ExperimentCounters
from proxy.observability.metrics import Metrics
from proxy.state.base import Store, StoreUnavailable

log = logging.getLogger("proxy.shadow")

MAX_COMPARED_CHARS = 16_000  # similarity of longer answers is judged on their first part
_DELIVERY_FIELDS = ("stream", "stream_options")


@dataclass(frozen=True, slots=True)
class Primary:
    """What the caller got, kept after its request ends: the shadow compares against it."""

    request_id: str
    tenant: str | None
    authorization: bytes | None
    anthropic_key: bool  # the caller's key is Anthropic's: never forwarded to another provider
    body: dict[str, Any]
    surface: Surface  # the caller's front door: the shadow's body is read as the caller's was
    text: str
    latency_s: float
    cost_usd: float
    usage: Usage | None


class ShadowRunner:
    """Starts and bounds the shadow calls of a policy's `shadows`."""

    def __init__(
        self,
        shadows: dict[str, Shadow],
        upstream: ChatUpstream,
        store: Store,
        metrics: Metrics | None,
        *,
        clock: Callable[[], float] = time.perf_counter,
    ) -> None:
        self.shadows = shadows
        self._upstream = upstream
        self._store = store
        self._metrics = metrics
        self._clock = clock
        self._counters = ExperimentCounters()
        self._embedder = NgramEmbedder()
        self._in_flight: dict[str, int] = dict.fromkeys(shadows, 0)
        self._tasks: set[asyncio.Task[None]] = set()

    def submit(self, name: str, ex: Exchange, text: str) -> bool:
        """Start shadowing `ex` (an answered request whose answer read `text`) to the shadow's
        candidate; False if dropped."""
        shadow = self.shadows[name]
        if self._in_flight[name] >= shadow.max_in_flight or ex.body is None:
            self._count(name, "dropped")
            return False
        primary = Primary(
            request_id=ex.request_id,
            tenant=ex.tenant,
            authorization=ex.authorization,
            anthropic_key=ex.anthropic_key,
            body=shadow_body(ex.body, shadow.candidate),
            surface=ex.surface,
            text=text,
            latency_s=ex.t_end - ex.t_start,
            cost_usd=ex.cost_usd or 0.0,
            usage=ex.usage,
        )
        self._in_flight[name] += 1
        task = asyncio.create_task(self._run(name, shadow, primary), name=f"shadow {name} {ex.request_id}")
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return True

    @property
    def running(self) -> int:
        return len(self._tasks)

    async def wait_idle(self) -> None:
        """Return once every shadow call started so far has ended (they never raise)."""
        while self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)

    async def close(self) -> None:
        """Abandon the shadow calls still running (shutdown or reload)."""
        for task in list(self._tasks):
            task.cancel()
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)

    async def _run(self, name: str, shadow: Shadow, primary: Primary) -> None:
        try:
            outcome = await self._call(shadow, primary)
            similarity = None if outcome.error else self.similarity(primary.text, outcome.text)
            self._observe(name, outcome, similarity)
            await self._record(name, primary, outcome, similarity)
        except Exception:
            log.exception("shadow %s failed (request %s)", name, primary.request_id)
        finally:
            self._in_flight[name] -= 1

    async def _call(self, shadow: Shadow, primary: Primary) -> SideAnswer:
        return await side_call(
            self._upstream,
            shadow.candidate,
            primary.body,
            request_id=f"{primary.request_id}-shadow",
            tenant=primary.tenant,
            authorization=primary.authorization,
            timeout_s=shadow.timeout_s,
            surface=primary.surface,
            anthropic_key=primary.anthropic_key,
            clock=self._clock,
        )

    def similarity(self, a: str, b: str) -> float:
        """Cosine of the two answers' character n-gram vectors, in [0, 1] (1: same text)."""
        a, b = a[:MAX_COMPARED_CHARS], b[:MAX_COMPARED_CHARS]
        if a == b:
            return 1.0
        rows = self._embedder.embed_sync([a, b])
        return float(min(1.0, max(0.0, float(np.dot(rows[0], rows[1])))))

    async def _record(self, name: str, primary: Primary, outcome: SideAnswer, similarity: float | None) -> None:
        c, key = self._counters, counters_name(name)
        spends = c.request_spends(
            key,
            "primary",
            error=False,
            latency_s=primary.latency_s,
            cost_usd=primary.cost_usd,
            **_tokens(primary.usage),
        )
        spends += c.request_spends(
            key,
            "candidate",
            error=outcome.error,
            latency_s=outcome.latency_s,
            cost_usd=outcome.cost_usd,
            **_tokens(outcome.usage),
        )
        if similarity is not None:
            spends += c.similarity_spends(key, "candidate", similarity)
        try:
            await self._store.apply(spends=spends)
        except StoreUnavailable:
            log.warning("shadow %s: counters not recorded (shared state unavailable)", name)

    def _observe(self, name: str, outcome: SideAnswer, similarity: float | None) -> None:
        m = self._metrics
        self._count(name, outcome.reason)
        if m is None:
            return
        if outcome.latency_s is not None:
            m.observe(m.shadow_duration, name, value=outcome.latency_s)
        if outcome.cost_usd:
            m.inc(m.shadow_cost, name, amount=outcome.cost_usd)
        if similarity is not None:
            m.observe(m.shadow_similarity, name, value=similarity)

    def _count(self, name: str, outcome: str) -> None:
        if self._metrics is not None:
            self._metrics.inc(self._metrics.shadow_requests, name, outcome)


def counters_name(shadow: str) -> str:
    """The shadow's counters live apart from any experiment of the same name."""
    return f"shadow:{shadow}"


def shadow_body(body: dict[str, Any], candidate: str) -> dict[str, Any]:
    """The request as the candidate gets it: the same messages and parameters, not streamed."""
    out = {k: v for k, v in body.items() if k not in _DELIVERY_FIELDS}
    out["model"] = candidate
    return out


def _tokens(usage: Usage | None) -> dict[str, int]:
    if usage is None:
        return {"input_tokens": 0, "output_tokens": 0}
    return {"input_tokens": usage.prompt_tokens, "output_tokens": usage.completion_tokens}
