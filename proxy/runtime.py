"""Everything one app instance needs per process, built from a Policy (no module-level state)."""

from __future__ import annotations

import asyncio
import itertools
import logging
import os
import re
import secrets
import time
from collections.abc import Awaitable, Callable

import orjson
from prometheus_client import multiprocess

from proxy.config.key_access import KeyAccess, completion_digests
from proxy.config.policy import Policy
from proxy.core.pipeline import Pipeline
from proxy.experiments.shadow import ShadowRunner
from proxy.metering.tokens import TokenCounter
from proxy.observability.evallog import EvalLog
from proxy.observability.logging import AccessLog
from proxy.observability.metrics import MULTIPROC_ENV, Metrics
from proxy.observability.secrets import SecretRedactor, configured_secrets
from proxy.observability.tracing import build_tracer
from proxy.routers.classifier import LlmClassifier
from proxy.stages import build_pipelines, build_stages
from proxy.stages.budget import BudgetStage
from proxy.stages.cache import CacheStage
from proxy.stages.experiments import ExperimentsStage
from proxy.stages.guardrails import GuardrailsStage
from proxy.stages.observe import ObserveStage
from proxy.stages.router import RouterStage
from proxy.state import build_store, target_of
from proxy.state.base import Store
from proxy.surfaces.chat import CHAT_REPLAY
from proxy.upstream.breaker import State
from proxy.upstream.call import Upstream
from proxy.upstream.health import Router
from proxy.upstream.providers import build_providers
from proxy.upstream.side_call import side_call

log = logging.getLogger("proxy.runtime")
_STATE_VALUE = {State.CLOSED: 0.0, State.HALF_OPEN: 1.0, State.OPEN: 2.0}

FLUSH_EVERY_S = 0.25
_CALLER_REQUEST_ID = re.compile(rb"[A-Za-z0-9._:@/+=-]{1,128}")


class RequestIds:
    """Unique ids without a syscall per request: a random per-process prefix and a counter."""

    __slots__ = ("_counter", "_prefix")

    def __init__(self) -> None:
        self._prefix = "req_" + secrets.token_hex(6)
        self._counter = itertools.count(1)

    def next(self, caller_value: bytes | None) -> str:
        if caller_value is not None and _CALLER_REQUEST_ID.fullmatch(caller_value):
            return caller_value.decode("ascii")
        return f"{self._prefix}{next(self._counter):08x}"


class Runtime:
    """The live policy with its providers, pipelines, metrics and log."""

    def __init__(self, policy: Policy, access_log: AccessLog | None = None, *, reuse: Runtime | None = None) -> None:
        """`reuse`: the Runtime this one replaces on a reload; its limit/budget store, metrics and
        evaluation log carry over when the settings behind them did not change."""
        self.policy = policy
        self.active = 0  # requests running on this Runtime (a reload closes it when they are done)
        self.metrics = _metrics(policy, reuse)
        self.access_log = access_log or AccessLog(policy.logging.requests)
        ev = policy.logging.eval_log
        same_eval = reuse is not None and reuse.policy.logging.eval_log == ev
        self.eval_log: EvalLog | None = reuse.eval_log if reuse is not None and same_eval else _eval_log(policy)
        self.tracer = build_tracer(policy)  # None unless `tracing.enabled`
        state = policy.state
        self.store: Store
        if reuse is not None and reuse.policy.state == state:
            self.store = reuse.store
        else:
            self.store = build_store(
                target_of(state),
                fail_open=state.fail_open,
                retry_every_s=state.retry_every_s,
                on_mode_change=self._state_mode_changed,
            )
        self._state_mode_changed(self.state_mode)
        self.tokens = TokenCounter(d.model for m in policy.models.values() for d in m.deployments)
        self.secrets = SecretRedactor(configured_secrets(policy))  # never echoed to callers or logs
        stages = build_stages(
            policy, self.metrics, self.access_log, self.store, self.tokens, secrets=self.secrets, replay=CHAT_REPLAY
        )
        self.budget = next(s for s in stages if isinstance(s, BudgetStage))
        next(s for s in stages if isinstance(s, ObserveStage)).eval_log = self.eval_log
        self.budget.on_emergency = self._emergency_changed
        self.guardrails = next(s for s in stages if isinstance(s, GuardrailsStage)).guardrails
        self.cache = next(s for s in stages if isinstance(s, CacheStage))
        self.pipelines: dict[str, Pipeline] = build_pipelines(stages)
        self.router = Router(policy, on_state_change=self._breaker_changed, on_skip=self._skipped)
        self.upstream = Upstream(
            policy,
            build_providers(policy),
            self.router,
            on_retry=self._retried,
            on_fallback=self._fell_back,
        )
        exp_stage = next(s for s in stages if isinstance(s, ExperimentsStage))
        self.experiments = exp_stage.experiments
        self.prompts = exp_stage.library
        self.shadows: ShadowRunner | None = None
        if policy.shadows:
            self.shadows = ShadowRunner(policy.shadows, self.upstream, self.store, self.metrics)
            exp_stage.shadow_runner = self.shadows
        self._wire_router(next(s for s in stages if isinstance(s, RouterStage)))
        self.request_ids: RequestIds = reuse.request_ids if reuse is not None else RequestIds()
        self.models_list = _models_list(policy)
        # For /admin/*: built with the policy, so a reload's new keys (and removed ones) apply at once.
        self.admin_digests = tuple(k.digest().encode() for k in policy.admin_keys)
        self.completion_digests = completion_digests(policy.keys)
        self._models_by_key: dict[str, dict[str, bytes]] = {}
        self.draining = False  # shutting down: /readyz says 503, requests are still served
        self.closed = False  # released: requests are refused with ShuttingDown
        self.superseded = False  # a reload swapped in a successor
        self._token_loading: asyncio.Task[None] | None = None
        self._flushing: asyncio.Task[None] | None = None

    def _wire_router(self, stage: RouterStage) -> None:
        """Give the router stage the breakers and, for LLM classifiers, a way to call their model."""
        stage.health = self.router
        for name, config in self.policy.routers.items():
            classifier = config.classifier
            if classifier is not None and classifier.type == "llm" and classifier.model is not None:
                stage.llm_classifiers[name] = LlmClassifier(classifier, self._asker(name, classifier.model))

    def _asker(self, router: str, alias: str) -> Callable[[str], Awaitable[str | None]]:
        async def ask(prompt: str) -> str | None:
            body = {
                "model": alias,
                "messages": [{"role": "user", "content": prompt}],
                "max_tokens": 8,
                "temperature": 0,
            }
            answer = await side_call(
                self.upstream,
                alias,
                body,
                request_id=f"classify-{router}",
                tenant=None,
                authorization=None,
                timeout_s=60,
            )
            return None if answer.error else answer.text

        return ask

    def models_visible_to(self, access: KeyAccess) -> dict[str, bytes]:
        """`models_list` narrowed to the aliases the key may use (built once per key)."""
        found = self._models_by_key.get(access.name)
        if found is None:
            visible = set(access.visible_models([*self.policy.models, *self.policy.routers]))
            found = _models_list(self.policy, visible)
            self._models_by_key[access.name] = found
        return found

    def succeed(self, old: Runtime) -> None:
        """Called once this Runtime has replaced `old` (a reload): the breaker gauge shows this
        Runtime's breakers only, and `old`'s breakers, still finishing requests, no longer set it."""
        old.superseded = True
        if old.metrics is None:
            return
        states = {label: _STATE_VALUE[b.state] for label, b in self.router.breakers.items()}
        if self.metrics is not old.metrics:
            states = {}  # a new registry: the old one's values (in shared files) go to 0
        old.metrics.relabel(old.metrics.breaker_state, lambda labels: states.get(labels[0]))

    def _breaker_changed(self, deployment: str, state: State) -> None:
        log.warning("deployment %s: circuit breaker %s", deployment, state.value)
        if self.metrics is not None and not self.superseded:
            self.metrics.set(self.metrics.breaker_state, deployment, value=_STATE_VALUE[state])
            self.metrics.inc(self.metrics.breaker_transitions, deployment, state.value)

    def _state_mode_changed(self, mode: str) -> None:
        if mode not in {"memory", "redis"}:
            log.warning("shared state: %s mode (Redis unreachable)", mode)
        if self.metrics is not None:
            for known in ("memory", "redis", "local-fallback", "closed"):
                self.metrics.set(self.metrics.state_mode, known, value=1.0 if known == mode else 0.0)

    @property
    def emergency(self) -> bool:
        return self.budget.emergency

    def _emergency_changed(self, on: bool) -> None:
        log.warning("global daily budget %s: emergency mode %s", "spent" if on else "renewed", "on" if on else "off")
        if self.metrics is not None:
            self.metrics.emergency.set(1.0 if on else 0.0)

    def _skipped(self, deployment: str) -> None:
        if self.metrics is not None:
            self.metrics.inc(self.metrics.breaker_skips, deployment)

    def _retried(self, alias: str, reason: str) -> None:
        if self.metrics is not None:
            self.metrics.inc(self.metrics.retries, alias, reason)

    def _fell_back(self, alias: str, fallback: str) -> None:
        if self.metrics is not None:
            self.metrics.inc(self.metrics.fallbacks, alias, fallback)

    async def start(self) -> None:
        await self.upstream.start()
        await self.guardrails.start()
        await self.cache.start()
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
        await self.guardrails.close()
        await self.cache.close()
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
        store = self.cache.store
        if self.metrics is not None and store is not None:
            self.metrics.set(self.metrics.cache_store_up, store.name, value=float(getattr(store, "healthy", True)))
            self.metrics.set(self.metrics.cache_bytes, store.name, value=float(getattr(store, "byte_count", 0)))

    @property
    def state_mode(self) -> str:
        return str(getattr(self.store, "mode", self.store.name))


def _metrics(policy: Policy, reuse: Runtime | None) -> Metrics | None:
    if not policy.metrics.enabled:
        return None
    old = reuse.metrics if reuse is not None else None
    if old is not None and old.tenant_label == policy.metrics.tenant_label:
        old.set_models(frozenset(policy.models))  # counters keep counting across a reload
        return old
    return Metrics(frozenset(policy.models), tenant_label=policy.metrics.tenant_label)


def _eval_log(policy: Policy) -> EvalLog | None:
    ev = policy.logging.eval_log
    return EvalLog(ev.path, ev.max_bytes, ev.backups) if ev is not None else None


def _models_list(policy: Policy, visible: set[str] | None = None) -> dict[str, bytes]:
    created = int(time.time())
    owners = {**{a: m.owned_by for a, m in policy.models.items()}, **dict.fromkeys(policy.routers, "llm-policy-proxy")}
    entries = {
        alias: {"id": alias, "object": "model", "created": created, "owned_by": owner}
        for alias, owner in owners.items()
        if visible is None or alias in visible
    }
    out = {alias: orjson.dumps(entry) for alias, entry in entries.items()}
    out[""] = orjson.dumps({"object": "list", "data": list(entries.values())})
    return out
