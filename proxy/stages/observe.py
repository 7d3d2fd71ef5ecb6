"""Observe stage: metrics and the per-request log line.

Enforces nothing (observe-only). Hooks: `on_request` counts the request in flight; `on_response`
records status, fault domain, durations (total, upstream wait, proxy overhead, time to first
token) and tokens, then writes one JSON log line (with the prompt and answer, redacted, only when
`logging.capture_*` asks). No secret of the policy is ever written: captured text, the error
message and a caller-chosen path have them replaced by `[SECRET]`. Config: `logging`, `metrics`.
On failure: logged and swallowed by the pipeline; the caller's answer is unaffected.
"""

from __future__ import annotations

from typing import Any, ClassVar

from proxy.config.policy import LoggingConfig
from proxy.core.errors import QuotaExceeded, RateLimited
from proxy.core.exchange import Exchange, Reply
from proxy.core.stage import Stage
from proxy.observability.capture import Capture, capture_answer, captured_answer
from proxy.observability.evallog import EvalLog, eval_record
from proxy.observability.logging import AccessLog
from proxy.observability.metrics import Metrics
from proxy.observability.secrets import SecretRedactor

_MESSAGE_CHARS = 300
_SCAN_CHARS = 2048  # scanned before the cut, so a secret that straddles it is still found whole


class ObserveStage(Stage):
    name: ClassVar[str] = "observe"
    observe_only: ClassVar[bool] = True

    def __init__(
        self,
        metrics: Metrics | None,
        access_log: AccessLog,
        logging: LoggingConfig | None = None,
        secrets: SecretRedactor | None = None,
        *,
        eval_log: EvalLog | None = None,
    ) -> None:
        """`eval_log`: the evaluation log each request is also written to (`logging.eval_log`)."""
        self.metrics = metrics
        self.access_log = access_log
        cfg = logging or LoggingConfig()
        self._prompts, self._answers = cfg.capture_prompts, cfg.capture_responses
        self._secrets = secrets if secrets is not None and secrets.active else None
        self._capture = Capture(cfg.capture_max_chars, secrets) if self._prompts or self._answers else None
        self.eval_log = eval_log

    async def on_request(self, ex: Exchange) -> Reply | None:
        if self.metrics is not None:
            self.metrics.inc(self.metrics.in_flight, ex.endpoint)
        if self._answers:
            assert self._capture is not None
            capture_answer(ex, self._capture.kept_chars)
        return None

    async def on_response(self, ex: Exchange) -> None:
        total = ex.t_end - ex.t_start
        overhead = max(total - ex.upstream_s, 0.0)
        if self.metrics is not None:
            self._record_metrics(ex, total, overhead)
        record = _record(ex, total, overhead)
        if self._secrets is not None:
            _scrub(ex, record, self._secrets)
        if self._capture is not None:
            self._add_capture(ex, record)
        self.access_log.write(record)
        if self.eval_log is not None:
            self.eval_log.submit(eval_record(ex))

    def _add_capture(self, ex: Exchange, record: dict[str, Any]) -> None:
        assert self._capture is not None
        if self._prompts and ex.body is not None:
            record["prompt"] = self._capture.bounded(ex.surface.prompt_text(ex.body))
        pieces = captured_answer(ex) if self._answers else None
        if pieces:
            record["response"] = self._capture.bounded("".join(pieces))

    def _record_metrics(self, ex: Exchange, total: float, overhead: float) -> None:
        m = self.metrics
        assert m is not None
        model = m.model_label(ex.alias)
        m.dec(m.in_flight, ex.endpoint)
        status = "499" if ex.client_gone else str(ex.status)
        dep = ex.deployment.label if ex.deployment is not None else ""
        labels = (ex.endpoint, model, ex.provider or "", dep, status, ex.fault.value)
        m.inc(m.requests, *labels, *((ex.tenant or "",) if m.tenant_label else ()))
        m.observe(m.duration, ex.endpoint, model, value=total)
        m.observe(m.overhead, ex.endpoint, value=overhead)
        if ex.provider is not None:
            m.observe(m.upstream_duration, ex.provider, value=ex.upstream_s)
        if ex.ttft_s is not None:
            m.observe(m.ttft, model, value=ex.ttft_s)
        if isinstance(ex.error, RateLimited):
            m.inc(m.limiter_rejections, ex.error.rule or "unknown")
        elif isinstance(ex.error, QuotaExceeded):
            m.inc(m.budget_rejections)
        if ex.usage is not None:
            m.inc(m.tokens, model, "prompt", amount=ex.usage.prompt_tokens)
            m.inc(m.tokens, model, "completion", amount=ex.usage.completion_tokens)
            m.inc(m.tokens, model, "cached", amount=ex.usage.cached_tokens)
        if ex.cost_usd:
            m.inc(m.cost, model, amount=ex.cost_usd)
        for gap in ex.read_gaps:
            m.observe(m.chunk_gap, model, value=gap)


def _record(ex: Exchange, total: float, overhead: float) -> dict[str, Any]:
    dep = ex.deployment
    record: dict[str, Any] = {
        "request_id": ex.request_id,
        "endpoint": ex.endpoint,
        "method": ex.method,
        "path": ex.path,
        "tenant": ex.tenant,
        "model": ex.alias,
        "provider": ex.provider,
        "upstream_model": dep.model if dep else None,
        "status": 499 if ex.client_gone else ex.status,
        "fault": ex.fault.value,
        "stream": ex.stream,
        "duration_ms": round(total * 1000, 3),
        "upstream_ms": round(ex.upstream_s * 1000, 3),
        "overhead_ms": round(overhead * 1000, 3),
    }
    if ex.ttft_s is not None:
        record["ttft_ms"] = round(ex.ttft_s * 1000, 3)
    if dep is not None:
        record["deployment"] = dep.label
        record["served_model"] = ex.served_alias
        record["attempts"] = ex.attempts
        record["fallbacks"] = ex.fallbacks
    if ex.usage is not None:
        record["prompt_tokens"] = ex.usage.prompt_tokens
        record["completion_tokens"] = ex.usage.completion_tokens
        record["cached_tokens"] = ex.usage.cached_tokens
    if ex.cost_usd is not None:
        record["cost_usd"] = round(ex.cost_usd, 8)
    if ex.end_user is not None:
        record["user_set"] = True  # the id itself stays out of logs shared across tenants
    if ex.finish_reason is not None:
        record["finish_reason"] = ex.finish_reason
    if ex.client_gone:
        record["client_disconnected"] = True
    if ex.error is not None:
        record["error"] = {"code": ex.error.code, "message": ex.error.message[:_MESSAGE_CHARS]}
    if ex.upstream_request_id:
        record["upstream_request_id"] = ex.upstream_request_id
    _policy_outcomes(ex, record)
    return record


def _scrub(ex: Exchange, record: dict[str, Any], secrets: SecretRedactor) -> None:
    """The policy's secrets out of what the caller or an upstream wrote: the error message (an
    upstream's may quote a key), a refused model's name and a path the caller chose (pass-through,
    models)."""
    if ex.error is not None:
        record["error"]["message"] = secrets.redact(ex.error.message[:_SCAN_CHARS])[:_MESSAGE_CHARS]
        if ex.alias is not None:
            record["model"] = secrets.redact(ex.alias)
    if ex.endpoint != "chat":
        record["path"] = secrets.redact(ex.path)


def _policy_outcomes(ex: Exchange, record: dict[str, Any]) -> None:
    """Cache and guardrail outcomes: kinds and counts only, never content."""
    if ex.cache is not None:
        record["cache"] = ex.cache.status
        if ex.cache.similarity is not None:
            record["cache_similarity"] = round(ex.cache.similarity, 4)
        if ex.cache.coalesced:
            record["cache_coalesced"] = True
        if ex.cache.saved_usd or ex.cache.saved_tokens:
            record["cache_saved_usd"] = round(ex.cache.saved_usd, 8)
            record["cache_saved_tokens"] = ex.cache.saved_tokens
    if ex.guardrail_verdicts:
        record["guardrails"] = [v.log_record() for v in ex.guardrail_verdicts]
    exp = ex.experiment
    if exp is not None and exp.assignment is not None:
        record["experiment"] = exp.assignment.experiment
        record["variant"] = exp.assignment.variant
        if exp.assignment.rolled_back_from is not None:
            record["rolled_back_from"] = exp.assignment.rolled_back_from
    if ex.route is not None:
        record["router"], record["route_rule"] = ex.route
    if exp is not None and exp.prompt_version is not None:
        record["prompt"] = exp.prompt_version
    if exp is not None and exp.shadow is not None:
        record["shadow"] = exp.shadow
