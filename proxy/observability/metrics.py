"""Prometheus metrics, prefixed `llm_proxy_`, on a registry owned by the app (not the global one).

Guarantees: label values are bounded (model aliases from the policy, provider and deployment names,
status codes, fault domains; an unknown model is labelled `unknown`); never user ids, prompts or
keys; the tenant (key name) is a label of the request counter only when the policy enables it.
Labelled children are cached so a request costs dictionary lookups, not label resolution, and
counter, gauge and histogram updates are summed in plain dicts and applied to prometheus-client
(whose every update takes a lock) by `flush`: at every scrape and once a second, so a request
pays a dictionary add per update (measured: ~5% of a proxied request's CPU). With
`--workers N` the server sets PROMETHEUS_MULTIPROC_DIR before the workers start: every worker
writes its values there and `/metrics` adds them up: gauges count live workers only (things in
flight are summed, states take the maximum), and each scrape drops the gauge files of workers that
died without saying so (SIGKILL, OOM), so a replaced worker's in-flight requests do not linger.
"""

from __future__ import annotations

import os
from bisect import bisect_left
from collections.abc import Callable
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest, multiprocess

from proxy.observability.multiproc import sweep_dead_processes

# LLM calls take from tens of milliseconds to minutes.
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60, 120, 300, 600)
# The proxy's own share should sit in the tens to hundreds of microseconds.
OVERHEAD_BUCKETS = (
    0.00005,
    0.0001,
    0.0002,
    0.0004,
    0.0007,
    0.001,
    0.002,
    0.004,
    0.007,
    0.01,
    0.025,
    0.05,
    0.1,
)


class Metrics:
    """The first set of proxy metrics: traffic, latency, upstream latency, overhead, tokens, in-flight."""

    def __init__(self, model_labels: frozenset[str], *, tenant_label: bool = False) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self._models = model_labels
        self.tenant_label = tenant_label
        r = self.registry
        self.requests = Counter(
            "llm_proxy_requests",
            "Requests by endpoint, model alias, provider, deployment, HTTP status and fault domain",
            ["endpoint", "model", "provider", "deployment", "status", "fault", *(["tenant"] if tenant_label else [])],
            registry=r,
        )
        self.cost = Counter("llm_proxy_cost_usd", "What upstream calls cost, by model alias", ["model"], registry=r)
        self.chunk_gap = Histogram(
            "llm_proxy_inter_chunk_gap_seconds",
            "Time between consecutive reads of a streamed answer from the upstream",
            ["model"],
            buckets=(0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
            registry=r,
        )
        self.streams_in_flight = Gauge(
            "llm_proxy_in_flight_streams",
            "Streamed answers being sent now",
            registry=r,
            multiprocess_mode="livesum",
        )
        self.cache_store_up = Gauge(
            "llm_proxy_cache_store_up",
            "1 when the cache's store answers (always 1 in-process; Redis health otherwise)",
            ["store"],
            registry=r,
            multiprocess_mode="livemax",
        )
        self.cache_bytes = Gauge(
            "llm_proxy_cache_bytes",
            "Process memory the cache holds (entries and vector indexes), bounded by cache.max_bytes",
            ["store"],
            registry=r,
            multiprocess_mode="livesum",
        )
        self.duration = Histogram(
            "llm_proxy_request_duration_seconds",
            "Time from request arrival to the last byte sent",
            ["endpoint", "model"],
            buckets=LATENCY_BUCKETS,
            registry=r,
        )
        self.upstream_duration = Histogram(
            "llm_proxy_upstream_duration_seconds",
            "Time spent waiting on the upstream",
            ["provider"],
            buckets=LATENCY_BUCKETS,
            registry=r,
        )
        self.overhead = Histogram(
            "llm_proxy_overhead_seconds",
            "Request duration minus upstream wait: the proxy's own cost",
            ["endpoint"],
            buckets=OVERHEAD_BUCKETS,
            registry=r,
        )
        self.ttft = Histogram(
            "llm_proxy_time_to_first_token_seconds",
            "Time from request arrival to the first streamed chunk",
            ["model"],
            buckets=LATENCY_BUCKETS,
            registry=r,
        )
        self.tokens = Counter(
            "llm_proxy_tokens",
            "Tokens reported by upstreams",
            ["model", "kind"],
            registry=r,
        )
        self.in_flight = Gauge(
            "llm_proxy_in_flight_requests",
            "Requests being handled now",
            ["endpoint"],
            registry=r,
            multiprocess_mode="livesum",
        )
        self.retries = Counter(
            "llm_proxy_retries",
            "Attempts after the first of a request (fallbacks too), by alias tried and previous failure status",
            ["model", "reason"],
            registry=r,
        )
        self.fallbacks = Counter(
            "llm_proxy_fallbacks",
            "Requests moved to a fallback alias",
            ["model", "fallback"],
            registry=r,
        )
        self.breaker_state = Gauge(
            "llm_proxy_breaker_open",
            "Circuit breaker state per deployment: 0 closed, 1 half-open, 2 open",
            ["deployment"],
            registry=r,
            multiprocess_mode="livemax",
        )
        self.breaker_transitions = Counter(
            "llm_proxy_breaker_transitions",
            "Circuit breaker state changes",
            ["deployment", "state"],
            registry=r,
        )
        self.breaker_skips = Counter(
            "llm_proxy_breaker_skips",
            "Deployments passed over because their breaker was open",
            ["deployment"],
            registry=r,
        )
        self.limiter_rejections = Counter(
            "llm_proxy_limiter_rejections",
            "Requests refused by a rate or concurrency rule, by rule",
            ["rule"],
            registry=r,
        )
        self.budget_rejections = Counter(
            "llm_proxy_budget_rejections",
            "Requests refused because a budget is spent",
            registry=r,
        )
        self.state_mode = Gauge(
            "llm_proxy_state_backend",
            "1 for the shared-state mode in use (redis, local-fallback, closed, memory)",
            ["mode"],
            registry=r,
            multiprocess_mode="livemax",
        )
        self.emergency = Gauge(
            "llm_proxy_emergency_mode",
            "1 while the global daily budget is spent",
            registry=r,
            multiprocess_mode="livemax",
        )
        self.guardrail_verdicts = Counter(
            "llm_proxy_guardrail_verdicts",
            "Guardrail decisions by guardrail, phase and outcome (pass, flag, redact, block, error, would-*)",
            ["guardrail", "phase", "outcome"],
            registry=r,
        )
        self.guardrail_holdback = Histogram(
            "llm_proxy_guardrail_holdback_chars",
            "Most characters an output guardrail held back at once in a stream",
            buckets=(0, 16, 32, 64, 128, 256, 512, 1024, 4096),
            registry=r,
        )
        self.cache_lookups = Counter(
            "llm_proxy_cache_lookups",
            "Cache outcomes by alias: hit-exact, hit-semantic, miss, bypass",
            ["model", "outcome"],
            registry=r,
        )
        self.cache_saved_usd = Counter(
            "llm_proxy_cache_saved_usd",
            "What the answers served from the cache cost when they were first made",
            ["model"],
            registry=r,
        )
        self._experiment_metrics(r)
        self._children: dict[tuple[object, ...], Any] = {}
        self._pending: dict[tuple[Counter | Gauge, tuple[str, ...]], float] = {}
        self._pending_hist: dict[tuple[Histogram, tuple[str, ...]], list[float]] = {}
        self._bounds: dict[Histogram, list[float]] = {}

    def _experiment_metrics(self, r: CollectorRegistry) -> None:
        """Per experiment and variant, per shadow: names come from the policy, so labels stay bounded."""
        self.experiment_requests = Counter(
            "llm_proxy_experiment_requests",
            "Requests served by an experiment variant, by outcome (ok, error)",
            ["experiment", "variant", "outcome"],
            registry=r,
        )
        self.experiment_duration = Histogram(
            "llm_proxy_experiment_duration_seconds",
            "Duration of the successful requests of an experiment variant",
            ["experiment", "variant"],
            buckets=LATENCY_BUCKETS,
            registry=r,
        )
        self.experiment_cost = Counter(
            "llm_proxy_experiment_cost_usd", "What a variant's requests cost", ["experiment", "variant"], registry=r
        )
        self.experiment_feedback = Counter(
            "llm_proxy_experiment_feedback",
            "Ratings received through /v1/feedback, by label ('score' for a bare score)",
            ["experiment", "variant", "label"],
            registry=r,
        )
        self.experiment_feedback_score = Histogram(
            "llm_proxy_experiment_feedback_score",
            "Rating scores (0 worst .. 1 best) per variant",
            ["experiment", "variant"],
            buckets=(0.0, 0.25, 0.5, 0.75, 1.0),
            registry=r,
        )
        self.experiment_rolled_back = Gauge(
            "llm_proxy_experiment_rolled_back",
            "1 when a variant was sent back to control by a rollback rule",
            ["experiment", "variant"],
            registry=r,
            multiprocess_mode="livemax",
        )
        self.router_decisions = Counter(
            "llm_proxy_router_decisions",
            "Requests a router alias sent on, by router, the rule that decided ('default' if none) and model",
            ["router", "rule", "model"],
            registry=r,
        )
        self.router_classifier = Counter(
            "llm_proxy_router_classifier",
            "LLM classifier verdicts by outcome: ok, cached, timeout, error, unclear",
            ["router", "outcome"],
            registry=r,
        )
        self.shadow_requests = Counter(
            "llm_proxy_shadow_requests",
            "Shadow calls by outcome: ok, error, timeout, dropped (over max_in_flight)",
            ["shadow", "outcome"],
            registry=r,
        )
        self.shadow_duration = Histogram(
            "llm_proxy_shadow_duration_seconds", "Shadow call duration", ["shadow"], buckets=LATENCY_BUCKETS, registry=r
        )
        self.shadow_cost = Counter("llm_proxy_shadow_cost_usd", "What shadow calls cost", ["shadow"], registry=r)
        self.shadow_similarity = Histogram(
            "llm_proxy_shadow_similarity",
            "Similarity of the candidate's answer to the primary's (0 unrelated .. 1 same text)",
            ["shadow"],
            buckets=(0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99, 1.0),
            registry=r,
        )

    def set_models(self, model_labels: frozenset[str]) -> None:
        """A reloaded policy's aliases become the known model labels."""
        self._models = model_labels

    def relabel(self, metric: Gauge, value_of: Callable[[tuple[str, ...]], float | None]) -> None:
        """Set every label set `metric` has shown to `value_of(labels)`; where that is None (a reload
        removed the thing), zero it and drop it (with several workers it stays, at 0: prometheus-client
        cannot remove a label set from the files the workers share)."""
        shared = bool(os.environ.get(MULTIPROC_ENV))
        for key in [key for key in self._children if key[0] == id(metric)]:
            labels = tuple(str(part) for part in key[1:])
            value = value_of(labels)
            self.set(metric, *labels, value=0.0 if value is None else value)
            if value is None and not shared:
                del self._children[key]
                metric.remove(*labels)

    def model_label(self, alias: str | None) -> str:
        if alias is None:
            return "none"
        return alias if alias in self._models else "unknown"

    def _child(self, metric: Counter | Histogram | Gauge, labels: tuple[str, ...]) -> Any:
        if not labels:
            return metric
        key = (id(metric), *labels)
        found = self._children.get(key)
        if found is None:
            found = self._children[key] = metric.labels(*labels)
        return found

    def inc(self, metric: Counter | Gauge, *labels: str, amount: float = 1.0) -> None:
        key = (metric, labels)
        self._pending[key] = self._pending.get(key, 0.0) + amount

    def dec(self, metric: Gauge, *labels: str) -> None:
        self.inc(metric, *labels, amount=-1.0)

    def set(self, metric: Gauge, *labels: str, value: float) -> None:
        self._pending.pop((metric, labels), None)  # a set overrides what was added before it
        self._child(metric, labels).set(value)

    def observe(self, metric: Histogram, *labels: str, value: float) -> None:
        """Count `value` in its bucket (the first bound >= value, as prometheus-client does)."""
        bounds = self._bounds.get(metric)
        if bounds is None:
            bounds = self._bounds[metric] = list(metric._upper_bounds)
        key = (metric, labels)
        sums = self._pending_hist.get(key)
        if sums is None:
            sums = self._pending_hist[key] = [0.0] * (len(bounds) + 1)  # [sum, bucket counts...]
        sums[0] += value
        sums[1 + bisect_left(bounds, value)] += 1

    def flush(self) -> None:
        """Apply the summed updates to prometheus-client (at scrape time and once a second)."""
        pending, self._pending = self._pending, {}
        for (metric, labels), amount in pending.items():
            if amount:
                self._child(metric, labels).inc(amount)
        hists, self._pending_hist = self._pending_hist, {}
        for (histogram, labels), sums in hists.items():
            child = self._child(histogram, labels)
            # prometheus-client's own `observe` is two locked adds per value; a batch adds each bucket once.
            child._sum.inc(sums[0])
            for bucket, count in zip(child._buckets, sums[1:], strict=True):
                if count:
                    bucket.inc(count)

    def exposition(self) -> bytes:
        self.flush()
        directory = os.environ.get(MULTIPROC_ENV)
        if directory:
            sweep_dead_processes(directory)
            merged = CollectorRegistry()
            multiprocess.MultiProcessCollector(merged)  # type: ignore[no-untyped-call]
            return generate_latest(merged)
        return generate_latest(self.registry)


MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"
