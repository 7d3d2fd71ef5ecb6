"""The terminal call: attempts across deployments, retries, circuit breakers and fallback chains.

Guarantees: the caller's status is decided only after an upstream's headers and, for streams, its
first event (an in-band error as first event counts as a failed attempt); retries and fallbacks
happen only before that point; attempts stay within each alias's retry budget, the policy's
`routing.max_total_attempts`, the request's controls and the alias's deadline; every attempt's
outcome feeds the deployment's breaker exactly once; an upstream 429 moves the request to another
deployment (or fallback alias) and cools that deployment for its `retry-after`, but counts as a
healthy answer for the breaker, and when nothing else can serve the caller gets that 429 with a
`retry-after`; every attempt after the first is counted by `on_retry`; time slept between
attempts counts as upstream wait, not proxy overhead; the served alias, deployment, attempt and
fallback counts are reported in `x-llm-proxy-*` headers and on the Exchange; a traced request
gets one span per attempt (none for a deployment its breaker skipped). The answer is shaped for
the caller by the `render` the surface passes (once, for the attempt that answered).
"""

from __future__ import annotations

import asyncio
import math
import random
import time
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from proxy.config.models import Deployment, ModelConfig
from proxy.config.policy import Policy
from proxy.core.errors import InvalidRequest, ProxyError, UpstreamUnavailable
from proxy.core.exchange import Exchange, JsonReply, Reply, StreamReply
from proxy.upstream.balancer import DeploymentStats
from proxy.upstream.controls import Controls, controls_from_headers
from proxy.upstream.health import TargetHealth
from proxy.upstream.providers.base import ChatEventStream, ChatResponse, Provider
from proxy.upstream.retry import Kind, Verdict, backoff_s, classify, rate_limit_cool_s, retry_after_s
from proxy.upstream.wires import CHAT_WIRE, Wire

Sleep = Callable[[float], Awaitable[None]]
Render = Callable[[Exchange, ChatResponse | ChatEventStream], Reply]  # a provider's answer as the caller gets it


@dataclass(slots=True)
class _Budget:
    """What is left for this request across all aliases, and how its answer is rendered."""

    render: Render
    wire: Wire
    attempts_left: int
    deadline: float
    last: tuple[ProxyError, Verdict] | None = None
    pinned: bool = False  # only the provider holding the state the request continues may serve it
    ruled_out: set[str] = field(default_factory=set)  # 401/403: never again in this request
    failed: set[str] = field(default_factory=set)


class Upstream:
    """Owns the providers and the target health for the lifetime of the app."""

    def __init__(
        self,
        policy: Policy,
        providers: dict[str, Provider],
        health: TargetHealth,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Sleep = asyncio.sleep,
        on_retry: Callable[[str, str], None] | None = None,
        on_fallback: Callable[[str, str], None] | None = None,
    ) -> None:
        self.policy = policy
        self.providers = providers
        self.health = health
        self._clock = clock
        self._sleep = sleep
        self._on_retry = on_retry
        self._on_fallback = on_fallback
        self._rng = random.Random()
        # Only aliases whose every deployment declares a window can be "too long" before a call.
        self._windows = {
            alias: max(d.context_window for d in m.deployments if d.context_window is not None)
            for alias, m in policy.models.items()
            if m.deployments and all(d.context_window is not None for d in m.deployments)
        }

    async def start(self) -> None:
        for provider in self.providers.values():
            await provider.start()

    async def close(self) -> None:
        for provider in self.providers.values():
            await provider.close()

    async def whole_answer(self, ex: Exchange) -> Reply:
        """`chat` for the proxy's own calls (shadows, LLM classifiers): never streamed, no answer
        filters, the upstream's model name left as is; usage recorded on `ex`, and the provider's
        parse kept on the reply so the caller does not decode the body again."""
        return await self.chat(ex, _whole_answer)

    async def chat(self, ex: Exchange, render: Render) -> Reply:
        """A chat completion: `call` on the chat wire."""
        return await self.call(ex, CHAT_WIRE, render)

    async def call(self, ex: Exchange, wire: Wire, render: Render) -> Reply:
        """The answer of the first attempt that has one, sent by `wire` and shaped by `render`
        (both the surface's)."""
        assert ex.alias is not None
        controls = controls_from_headers(ex.headers)
        first = self.policy.models[ex.alias]
        limit = min(self.policy.routing.max_total_attempts, controls.max_attempts or math.inf)
        budget = _Budget(
            render,
            wire,
            attempts_left=int(limit),
            deadline=self._clock() + first.retry.deadline_s,
            pinned=bool(ex.pinned),
        )
        chain, seen = deque([ex.alias]), {ex.alias}
        while chain:
            alias = chain.popleft()
            if alias != ex.alias:
                ex.fallbacks += 1
                if self._on_fallback is not None:
                    self._on_fallback(ex.alias, alias)
            reply = await self._try_alias(ex, alias, controls, budget)
            if reply is not None:
                return reply
            for target in self._next_aliases(self.policy.models[alias], budget, controls):
                if target not in seen:
                    seen.add(target)
                    chain.append(target)
        raise self._give_up(ex, budget)

    def _next_aliases(self, model: ModelConfig, budget: _Budget, controls: Controls) -> tuple[str, ...]:
        if not controls.fallback or budget.last is None or budget.pinned:
            return ()
        kind = budget.last[1].kind
        if kind is Kind.FATAL:
            return ()
        if kind is Kind.CONTEXT:
            return model.context_window_fallbacks
        if kind is Kind.CONTENT:
            return model.content_policy_fallbacks
        return model.fallbacks

    async def _try_alias(self, ex: Exchange, alias: str, controls: Controls, budget: _Budget) -> Reply | None:
        model = self.policy.models[alias]
        if alias in self._windows and _input_tokens(ex) > self._windows[alias]:
            budget.last = (_context_error(alias, ex.surface.input_field), Verdict(Kind.CONTEXT, False))
            return None
        for _ in range(model.retry.max_attempts):
            if budget.attempts_left <= 0 or self._clock() >= budget.deadline:
                return None
            dep = self._choose(ex, model, alias, controls, budget)
            if dep is None:
                return None
            if not await self._wait_before(ex, alias, model, dep, budget):
                return None
            reply = await self._attempt(ex, alias, dep, budget)
            if reply is not None:
                return reply
            if budget.last is not None and budget.last[1].kind in (Kind.FATAL, Kind.CONTEXT, Kind.CONTENT):
                return None
        return None

    def _choose(
        self, ex: Exchange, model: ModelConfig, alias: str, controls: Controls, budget: _Budget
    ) -> Deployment | None:
        if ex.pinned is not None:
            return self._pinned(ex.pinned, model, budget)
        deps = model.deployments
        alone = len(deps) == 1 and not budget.ruled_out and controls.priority is None
        if alone and self.health.breakers[deps[0].label].available():
            return deps[0]  # one deployment, nothing to balance
        candidates = self.health.candidates(model, budget.ruled_out, controls.priority)
        dep = self.health.choose(model, candidates, budget.failed, _sticky_key(ex))
        if dep is None and not any(d.label in budget.ruled_out for d in model.deployments):
            wait = max(math.ceil(self.health.all_open_retry_after_s(model, controls.priority)), 1)
            tier = f" in priority tier {controls.priority}" if controls.priority is not None else ""
            err = UpstreamUnavailable(
                f"Every deployment of '{alias}'{tier} is failing and paused by its circuit breaker. "
                f"Retry after {wait}s.",
                headers={"retry-after": str(wait)},
            )
            budget.last = (err, Verdict(Kind.TRANSIENT, False))
        return dep

    def _pinned(self, provider: str, model: ModelConfig, budget: _Budget) -> Deployment | None:
        """The deployment on `provider` whose breaker takes calls; else the caller is told to wait."""
        for dep in model.deployments:
            if (
                dep.provider == provider
                and dep.label not in budget.ruled_out
                and self.health.breakers[dep.label].available()
            ):
                return dep
        err = UpstreamUnavailable(
            f"The upstream account that stores the earlier part of this conversation is unavailable. {_PINNED}",
            headers={"retry-after": "5"},
        )
        budget.last = (err, Verdict(Kind.TRANSIENT, False))
        return None

    async def _wait_before(
        self, ex: Exchange, alias: str, model: ModelConfig, dep: Deployment, budget: _Budget
    ) -> bool:
        """Back off before trying a deployment that already failed this request; False: out of time."""
        if dep.label not in budget.failed or budget.last is None:
            return True
        err = budget.last[0]
        wait = backoff_s(model.retry, ex.attempts - 1, self._rng)
        asked = retry_after_s(err, model.retry.retry_after_cap_s)
        if asked is not None:
            wait = max(wait, asked)
        if self._clock() + wait >= budget.deadline:
            return False
        t0 = time.perf_counter()
        await self._sleep(wait)
        ex.upstream_s += time.perf_counter() - t0  # waiting on the upstream's failure is not proxy overhead
        return True

    async def _attempt(self, ex: Exchange, alias: str, dep: Deployment, budget: _Budget) -> Reply | None:
        breaker = self.health.breakers[dep.label]
        stats = self.health.stats[dep.label]
        if not breaker.allow():
            budget.failed.add(dep.label)
            return None
        budget.attempts_left -= 1
        ex.attempts += 1
        if ex.attempts > 1 and self._on_retry is not None:
            self._on_retry(alias, str(budget.last[0].status) if budget.last is not None else "unknown")
        ex.deployment, ex.provider, ex.served_alias = dep, dep.provider, alias
        stats.in_flight += 1
        span = ex.trace.start_attempt(alias, dep, ex.attempts) if ex.trace is not None else None
        try:
            reply = await self._call(ex, dep, budget, stats.observe_ttfb)
        except ProxyError as err:
            stats.in_flight -= 1
            verdict = classify(err)
            breaker.record(not verdict.counts_against_deployment)
            if verdict.kind is Kind.RATE_LIMITED:
                err = self._cool(alias, dep, err)
            budget.last = (err, verdict)
            budget.failed.add(dep.label)
            if verdict.kind in (Kind.ROTATE, Kind.RATE_LIMITED) or _asks_too_long_a_wait(
                err, self.policy.models[alias].retry.retry_after_cap_s
            ):
                budget.ruled_out.add(dep.label)
            if span is not None:
                span.failed(verdict.kind.value, err)
            return None
        except BaseException as exc:
            stats.in_flight -= 1
            breaker.record(True)  # the caller left: says nothing about the deployment's health
            if span is not None:
                gone = isinstance(exc, asyncio.CancelledError)
                span.failed("cancelled" if gone else "crashed", None if gone else exc)
            raise
        breaker.record(True)
        self._add_route_headers(ex, reply)
        if isinstance(reply, StreamReply):
            reply.on_close = _decrement(stats)
        else:
            stats.in_flight -= 1
        if span is not None:
            span.answered(ex, reply)  # a stream's span ends when the stream closes
        return reply

    async def _call(self, ex: Exchange, dep: Deployment, budget: _Budget, observe: Callable[[float], None]) -> Reply:
        provider = self.providers[dep.provider]
        t0 = time.perf_counter()
        try:
            if ex.stream:
                max_bytes = self.policy.providers[dep.provider].max_response_bytes
                answer: ChatResponse | ChatEventStream = await budget.wire.stream(provider, ex, dep, max_bytes)
            else:
                answer = await budget.wire.whole(provider, ex, dep)
            observe(time.perf_counter() - t0)
            return budget.render(ex, answer)
        finally:
            ex.upstream_s += time.perf_counter() - t0

    def _cool(self, alias: str, dep: Deployment, err: ProxyError) -> ProxyError:
        """A rate-limited deployment is passed over for what it asked; the error to keep tells the
        caller when to return."""
        cool = rate_limit_cool_s(err, self.policy.models[alias].retry.retry_after_cap_s)
        self.health.cool(dep.label, cool)
        if "retry-after" in err.headers:
            return err
        return err.with_headers({"retry-after": str(max(math.ceil(cool), 1))})

    def _add_route_headers(self, ex: Exchange, reply: Reply) -> None:
        assert ex.deployment is not None
        reply.headers += [
            (b"x-llm-proxy-model", (ex.served_alias or "").encode()),
            (b"x-llm-proxy-deployment", ex.deployment.label.encode()),
            (b"x-llm-proxy-attempts", str(ex.attempts).encode()),
            (b"x-llm-proxy-fallbacks", str(ex.fallbacks).encode()),
        ]

    def _give_up(self, ex: Exchange, budget: _Budget) -> ProxyError:
        if budget.last is None:
            return UpstreamUnavailable("No deployment could be tried within the attempt budget. Retry later.")
        err, verdict = budget.last
        if budget.pinned and err.status >= 500 and _PINNED not in err.message:
            err = err.reworded(f"{err.message} {_PINNED}")
        headers = {"x-llm-proxy-attempts": str(ex.attempts), "x-llm-proxy-fallbacks": str(ex.fallbacks)}
        if verdict.kind not in (Kind.TRANSIENT, Kind.RATE_LIMITED):
            headers["x-should-retry"] = "false"
        return err.with_headers(headers)


_PINNED = "The conversation's earlier state lives in that account, so it cannot continue anywhere else: retry later."


def _decrement(stats: DeploymentStats) -> Callable[[], None]:
    def done() -> None:
        stats.in_flight -= 1

    return done


def _asks_too_long_a_wait(err: ProxyError, cap_s: float) -> bool:
    """A deployment that asks us to come back later than the cap is out for this request."""
    asked = "retry-after" in err.headers or "retry-after-ms" in err.headers
    return asked and retry_after_s(err, cap_s) is None


def _sticky_key(ex: Exchange) -> str:
    named = ex.surface.end_user(ex.body) if ex.body is not None else None
    return named[1] if named is not None else (ex.tenant or "")


def _input_tokens(ex: Exchange) -> int:
    if ex.input_tokens_estimate is None:
        ex.input_tokens_estimate = ex.surface.input_tokens(ex.body or {}, None)
    return ex.input_tokens_estimate


def _context_error(alias: str, field: str) -> ProxyError:
    return InvalidRequest(
        f"The input is longer than the context window of every deployment of '{alias}'. Shorten the conversation.",
        param=field,
        code="context_length_exceeded",
    )


def _whole_answer(ex: Exchange, answer: ChatResponse | ChatEventStream) -> Reply:
    assert isinstance(answer, ChatResponse)  # `whole_answer` callers never ask for a stream
    usage = ex.surface.usage(answer.obj)
    if usage is not None:
        ex.usage = usage
    return JsonReply(answer.status, answer.body, [], answer.obj)
