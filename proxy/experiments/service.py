"""The live experiments of a policy: assignment, per-variant counters, rollback and feedback.

Guarantees: a unit keeps its variant while the variant is live; a rolled-back variant's units get
the control (the decision is stored with its reason and, on Redis, shared by every replica within
`REFRESH_S` and kept across restarts); counters count only requests that reached a model (refusals
by the caller's own mistakes or limits are left out), errors being upstream or proxy failures; a
variant is checked against its rules after each of its requests and trips on the first request
that breaks one, not before. Store failures never fail a request: counting is skipped and logged.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import time
from collections.abc import Callable

from proxy.config.experiments import Experiment, storage_id
from proxy.config.policy import Policy
from proxy.core.errors import Fault
from proxy.core.exchange import Assignment, Exchange
from proxy.experiments.assign import Assigner
from proxy.experiments.rollback import ROLLBACK_TTL_S, Rollback, encode, load_rollbacks, rollback_key, rollback_reason
from proxy.experiments.stats import ArmStats, ExperimentCounters
from proxy.observability.metrics import Metrics
from proxy.state.base import Store, StoreUnavailable

log = logging.getLogger("proxy.experiments")

REFRESH_S = 2.0  # how stale another replica's rollback may be here
_COUNTED_FAULTS = frozenset({Fault.NONE, Fault.UPSTREAM, Fault.PROXY})


def request_key(tenant: str | None, request_id: str) -> str:
    """Where a request's assignment is remembered for feedback, under its tenant (never shared)."""
    return f"llmp:{{t:{tenant or '-'}}}:exp-req:{request_id}"


def feedback_key(tenant: str | None, request_id: str) -> str:
    return f"llmp:{{t:{tenant or '-'}}}:exp-fb:{request_id}"


class Experiments:
    """The policy's experiments with their assigners, rollback decisions and counters."""

    def __init__(
        self,
        policy: Policy,
        store: Store,
        metrics: Metrics | None,
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.config = policy.experiments
        self.labels = policy.feedback.labels
        self.window_s = policy.feedback.window_s
        self.store = store
        self.metrics = metrics
        self.counters = ExperimentCounters()
        self.by_model = {e.model: n for n, e in self.config.items() if e.model is not None}
        self.by_prompt = {e.prompt: n for n, e in self.config.items() if e.prompt is not None}
        self.rollbacks: dict[str, dict[str, Rollback]] = {name: {} for name in self.config}
        self._assigners = {name: Assigner(name, exp) for name, exp in self.config.items()}
        self.ids = {name: storage_id(name, exp) for name, exp in self.config.items()}
        self._clock = clock
        self._refreshed_at = -REFRESH_S
        self._refreshing: asyncio.Task[None] | None = None

    def __bool__(self) -> bool:
        return bool(self.config)

    async def start(self) -> None:
        await self.refresh()

    async def close(self) -> None:
        if self._refreshing is not None:
            self._refreshing.cancel()

    async def refresh(self) -> None:
        """Read the stored rollback decisions (made here, by another replica or before a restart)."""
        self._refreshed_at = self._clock()
        if not self.config:
            return
        try:
            stored = await load_rollbacks(self.store, list(self.ids.values()))
        except StoreUnavailable:
            log.warning("experiments: rollback decisions not refreshed (shared state unavailable)")
            return
        for name, sid in self.ids.items():
            for rollback in stored.get(sid, {}).values():
                self._apply_rollback(name, rollback)

    def assign(self, name: str, unit: str) -> Assignment:
        """The unit's variant, or control when that variant was rolled back."""
        if self._clock() - self._refreshed_at >= REFRESH_S and self._refreshing is None:
            self._refreshed_at = self._clock()
            self._refreshing = asyncio.create_task(self._refresh_in_background())
        variant = self._assigners[name].variant(unit)
        if variant in self.rollbacks[name]:
            return Assignment(name, self.config[name].control_name, rolled_back_from=variant)
        return Assignment(name, variant)

    async def _refresh_in_background(self) -> None:
        try:
            await self.refresh()
        finally:
            self._refreshing = None

    async def record(self, ex: Exchange, assignment: Assignment) -> None:
        """Count an ended request for its variant, remember it for feedback, then check the rules."""
        if ex.fault not in _COUNTED_FAULTS or (ex.client_gone and ex.error is None):
            return
        name, variant = assignment.experiment, assignment.variant
        error = ex.fault is not Fault.NONE
        latency = None if error or ex.client_gone else ex.t_end - ex.t_start
        usage = ex.usage
        spends = self.counters.request_spends(
            self.ids[name],
            variant,
            error=error,
            latency_s=latency,
            cost_usd=ex.cost_usd or 0.0,
            input_tokens=usage.prompt_tokens if usage is not None else 0,
            output_tokens=usage.completion_tokens if usage is not None else 0,
        )
        members = [(request_key(ex.tenant, ex.request_id), f"{name}\x1f{variant}", self.window_s)]
        self._observe(name, variant, error, latency, ex.cost_usd)
        try:
            await self.store.apply(spends=spends, members=members)
            await self._check(name, variant)
        except StoreUnavailable:
            log.warning("experiment %s: request not counted (shared state unavailable)", name)

    async def rate(self, name: str, variant: str, score: float | None, label: str | None) -> None:
        """Count one rating for the variant, then check its rules (a feedback rule may now trip)."""
        spends = self.counters.feedback_spends(self.ids[name], variant, score=score, label=label)
        m = self.metrics
        if m is not None:
            m.inc(m.experiment_feedback, name, variant, label or "score")
            if score is not None:
                m.observe(m.experiment_feedback_score, name, variant, value=score)
        await self.store.apply(spends=spends)
        try:
            await self._check(name, variant)
        except StoreUnavailable:  # the rating is counted; the next request or rating checks the rules
            log.warning("experiment %s: rules not checked after a rating (shared state unavailable)", name)

    def _observe(self, name: str, variant: str, error: bool, latency: float | None, cost: float | None) -> None:
        m = self.metrics
        if m is None:
            return
        m.inc(m.experiment_requests, name, variant, "error" if error else "ok")
        if latency is not None:
            m.observe(m.experiment_duration, name, variant, value=latency)
        if cost:
            m.inc(m.experiment_cost, name, variant, amount=cost)

    async def _check(self, name: str, variant: str) -> None:
        exp = self.config[name]
        control = exp.control_name
        if variant == control or variant in self.rollbacks[name] or not _has_rules(exp):
            return
        latency_for = (variant,) if exp.rollback.p95_latency_ms is not None else ()
        arms = await self.counters.read(self.store, self.ids[name], [control, variant], [], latency_for=latency_for)
        reason = rollback_reason(exp.rollback, arms[control], arms[variant])
        if reason is None:
            return
        rollback = Rollback(variant=variant, reason=reason, at=_now_iso())
        await self.store.apply(members=[(rollback_key(self.ids[name]), encode(rollback), ROLLBACK_TTL_S)])
        self._apply_rollback(name, rollback)

    def _apply_rollback(self, name: str, rollback: Rollback) -> None:
        known = self.rollbacks.get(name)
        if known is None or rollback.variant in known or rollback.variant not in self.config[name].variants:
            return
        known[rollback.variant] = rollback
        log.warning("experiment %s: variant %s rolled back to control: %s", name, rollback.variant, rollback.reason)
        if self.metrics is not None:
            self.metrics.set(self.metrics.experiment_rolled_back, name, rollback.variant, value=1.0)

    async def read(self, name: str) -> dict[str, ArmStats]:
        """Every variant's counters (for the admin report)."""
        exp = self.config[name]
        return await self.counters.read(self.store, self.ids[name], list(exp.variants), list(self.labels))


def _has_rules(exp: Experiment) -> bool:
    r = exp.rollback
    return r.error_rate_ratio is not None or r.p95_latency_ms is not None or r.feedback_drop is not None


def _now_iso() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
