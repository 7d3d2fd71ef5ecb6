"""The live policy of one app instance: what `proxy.compose` built for it, and its lifecycle.

Guarantees: a Runtime is started before it serves and closed once (a reload's replaced Runtime
when its last request has finished); closing releases only what a reload's successor did not take
over (store, evaluation log); buffered log lines and metric sums are flushed every
`FLUSH_EVERY_S` and on close; once superseded, its breakers no longer set the breaker gauge.
No module-level state: everything hangs off the Runtime.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import os

from prometheus_client import multiprocess

from proxy.config.policy import Policy
from proxy.core.pipeline import Pipeline
from proxy.core.request_ids import RequestIds
from proxy.experiments.prompts import PromptLibrary
from proxy.experiments.service import Experiments
from proxy.experiments.shadow import ShadowRunner
from proxy.guardrails.stored import StoredGuard
from proxy.metering.tokens import TokenCounter
from proxy.observability.evallog import EvalLog
from proxy.observability.logging import AccessLog
from proxy.observability.metrics import MULTIPROC_ENV, Metrics
from proxy.observability.secrets import SecretRedactor
from proxy.observability.tracing import RequestTracer
from proxy.stages import StageTable
from proxy.state.base import Store
from proxy.state.homes import Homes
from proxy.surfaces.models import ModelListing
from proxy.upstream.breaker import State
from proxy.upstream.call import Upstream
from proxy.upstream.health import TargetHealth

log = logging.getLogger("proxy.runtime")
STATE_VALUE = {State.CLOSED: 0.0, State.HALF_OPEN: 1.0, State.OPEN: 2.0}  # the breaker gauge's values

FLUSH_EVERY_S = 0.25


class BreakerGauge:
    """Hears every breaker transition of one policy: logs it, counts it and sets the breaker gauge,
    until a reload supersedes the policy (its breakers, still finishing requests, then leave the
    gauge to the successor's)."""

    __slots__ = ("_metrics", "superseded")

    def __init__(self, metrics: Metrics | None) -> None:
        self._metrics = metrics
        self.superseded = False

    def __call__(self, deployment: str, state: State) -> None:
        log.warning("deployment %s: circuit breaker %s", deployment, state.value)
        m = self._metrics
        if m is not None and not self.superseded:
            m.set(m.breaker_state, deployment, value=STATE_VALUE[state])
            m.inc(m.breaker_transitions, deployment, state.value)


@dataclasses.dataclass(eq=False, slots=True, kw_only=True)
class Runtime:
    """The live policy with its providers, pipelines, metrics and log (built by `proxy.compose.compose`)."""

    policy: Policy
    metrics: Metrics | None
    access_log: AccessLog
    eval_log: EvalLog | None
    tracer: RequestTracer | None  # None unless `tracing.enabled`
    store: Store  # limits, budgets, usage and experiment counters
    tokens: TokenCounter
    secrets: SecretRedactor  # the policy's secrets, never echoed to callers or logs
    health: TargetHealth  # breakers and balancer statistics of every deployment
    breaker_gauge: BreakerGauge
    upstream: Upstream
    homes: Homes  # which provider stores each Responses API object (response, conversation)
    experiments: Experiments
    prompts: PromptLibrary
    shadows: ShadowRunner | None
    stages: StageTable
    pipelines: dict[str, Pipeline]
    request_ids: RequestIds
    model_listing: ModelListing
    # For /admin/*: built with the policy, so a reload's new keys (and removed ones) apply at once.
    admin_digests: tuple[bytes, ...]
    completion_digests: tuple[bytes, ...]
    active: int = dataclasses.field(default=0, init=False)  # requests running on this Runtime
    draining: bool = dataclasses.field(default=False, init=False)  # /readyz says 503; requests still served
    closed: bool = dataclasses.field(default=False, init=False)  # released: requests get ShuttingDown
    _token_loading: asyncio.Task[None] | None = dataclasses.field(default=None, init=False)
    _flushing: asyncio.Task[None] | None = dataclasses.field(default=None, init=False)

    @property
    def stored_guard(self) -> StoredGuard:
        """The key's guardrails over stored Responses state (read and written by id)."""
        return self.stages.guardrails.stored

    def succeed(self, old: Runtime) -> None:
        """Called once this Runtime has replaced `old` (a reload): metrics label this policy's models,
        the breaker gauge shows this Runtime's breakers only, and `old`'s breakers, still finishing
        requests, no longer set it."""
        old.breaker_gauge.superseded = True
        if self.metrics is not None:
            self.metrics.set_models(frozenset(self.policy.models))  # a shared registry had old's until now
        if old.metrics is None:
            return
        states = {label: STATE_VALUE[b.state] for label, b in self.health.breakers.items()}
        if self.metrics is not old.metrics:
            states = {}  # a new registry: the old one's values (in shared files) go to 0
        old.metrics.relabel(old.metrics.breaker_state, lambda labels: states.get(labels[0]))

    @property
    def emergency(self) -> bool:
        return self.stages.budget.emergency

    async def start(self) -> None:
        # Awaited, within 2 s: a started Runtime's stores know their Redis Cluster, so its first requests
        # do not wait to learn it, and an outage delays start-up by 2 s at most (requests then degrade).
        cache_store = self.stages.cache.store
        await asyncio.gather(self.store.start(), *([cache_store.start()] if cache_store is not None else []))
        await self.upstream.start()
        await self.stages.guardrails.guardrails.start()
        await self.stages.cache.start()
        await self.experiments.start()
        self._flushing = asyncio.create_task(self._flush_regularly())
        if self.policy.limits.tokenizer == "tiktoken":
            # In the background: serving must not wait for a download; until then tokens are estimated.
            self._token_loading = asyncio.create_task(self.tokens.load())

    async def close(self, *, successor: Runtime | None = None) -> None:
        """Release everything; what a reload's `successor` took over stays open."""
        self.closed = True
        if successor is None and os.environ.get(MULTIPROC_ENV):
            multiprocess.mark_process_dead(os.getpid())  # type: ignore[no-untyped-call]
        if self._token_loading is not None:
            self._token_loading.cancel()
        if self._flushing is not None:
            self._flushing.cancel()
        self.flush()
        if self.shadows is not None:
            await self.shadows.close()  # before the upstream: shadow calls use its connections
        await self.experiments.close()
        await self.upstream.close()
        await self.stages.guardrails.guardrails.close()
        await self.stages.cache.close()
        if successor is None or successor.store is not self.store:
            await self.store.close()
        if self.eval_log is not None and (successor is None or successor.eval_log is not self.eval_log):
            await asyncio.to_thread(self.eval_log.close)  # writes what is still queued
        if self.tracer is not None:
            await asyncio.to_thread(self.tracer.shutdown)  # flushing may wait on the exporter

    def flush(self) -> None:
        """Buffered request log lines out; summed metric updates into prometheus-client (with several
        workers another worker's scrape reads this one's values from disk, so they must stay fresh)."""
        self.access_log.flush()
        if self.metrics is not None:
            self.metrics.flush()

    async def _flush_regularly(self) -> None:
        while True:
            await asyncio.sleep(FLUSH_EVERY_S)
            self.flush()

    def refresh_gauges(self) -> None:
        """Gauges read at scrape time rather than kept up to date on every request."""
        store = self.stages.cache.store
        if self.metrics is not None and store is not None:
            self.metrics.set(self.metrics.cache_store_up, store.name, value=float(store.healthy))
            self.metrics.set(self.metrics.cache_bytes, store.name, value=float(store.byte_count))

    @property
    def state_mode(self) -> str:
        return str(getattr(self.store, "mode", self.store.name))
