"""Composition: everything one policy needs, built in dependency order and handed over at construction.

Guarantees: each part receives its collaborators in its constructor and nothing is patched in
afterwards; the order below is the order of the dependencies (the upstream exists before the
shadows and LLM classifiers that call through it, and those before the stages that use them). On a
reload, the limit/budget store, the metrics and the evaluation log of the Runtime being replaced
carry over when the settings behind them did not change, and so do its request ids and its access
log (handed in by the reload as it is, sink and `logging.requests` setting included).

Three names, three ideas: a *router* is a router alias (a model name whose model a classifier and
rules choose: `proxy.routers`, the router stage); the *targets* of a model alias are the deployments
that may serve it (the targets stage); *health* is their breakers and balancer statistics
(`proxy.upstream.health`), which the upstream call and the router stage consult.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Awaitable, Callable

from proxy.config.key_access import completion_digests
from proxy.config.policy import Policy
from proxy.core.request_ids import RequestIds
from proxy.experiments.prompts import PromptLibrary
from proxy.experiments.service import Experiments
from proxy.experiments.shadow import ShadowRunner
from proxy.experiments.side_call import side_call
from proxy.metering.tokens import TokenCounter
from proxy.observability.evallog import EvalLog
from proxy.observability.logging import AccessLog
from proxy.observability.metrics import Metrics
from proxy.observability.secrets import SecretRedactor, configured_secrets
from proxy.observability.tracing import build_tracer
from proxy.routers.classifier import LlmClassifier
from proxy.runtime import BreakerGauge, Runtime
from proxy.stages import build_pipelines, build_stages
from proxy.state import build_store, target_of
from proxy.state.base import Store
from proxy.state.homes import Homes
from proxy.surfaces.chat import CHAT_REPLAY
from proxy.surfaces.chat_body import CHAT_SURFACE
from proxy.surfaces.embeddings import JSON_REPLAY
from proxy.surfaces.messages import MESSAGES_REPLAY
from proxy.surfaces.models import ModelListing
from proxy.surfaces.responses import RESPONSES_REPLAY
from proxy.upstream.call import Upstream
from proxy.upstream.health import TargetHealth
from proxy.upstream.providers import build_providers

log = logging.getLogger("proxy.runtime")  # the name operators know these warnings by


def compose(policy: Policy, access_log: AccessLog | None = None, *, reuse: Runtime | None = None) -> Runtime:
    """The Runtime of `policy`, not yet started. `reuse`: the Runtime this one replaces on a reload."""
    metrics = _metrics(policy, reuse)
    store = _store(policy, reuse, metrics)
    access_log = access_log or AccessLog(policy.logging.requests)
    eval_log = _eval_log(policy, reuse)
    tracer = build_tracer(policy)  # None unless `tracing.enabled`
    tokens = TokenCounter(d.model for m in policy.models.values() for d in m.deployments)
    secrets = SecretRedactor(configured_secrets(policy))
    breaker_gauge = BreakerGauge(metrics)
    health = TargetHealth(
        policy,
        on_state_change=breaker_gauge,
        on_skip=functools.partial(metrics.inc, metrics.breaker_skips) if metrics is not None else None,
    )
    upstream = Upstream(
        policy,
        build_providers(policy),
        health,
        on_retry=functools.partial(metrics.inc, metrics.retries) if metrics is not None else None,
        on_fallback=functools.partial(metrics.inc, metrics.fallbacks) if metrics is not None else None,
    )
    experiments = Experiments(policy, store, metrics)
    prompts = PromptLibrary(policy.prompts)
    shadows = ShadowRunner(policy.shadows, upstream, store, metrics) if policy.shadows else None
    stages = build_stages(
        policy,
        metrics=metrics,
        access_log=access_log,
        eval_log=eval_log,
        store=store,
        tokens=tokens,
        secrets=secrets,
        experiments=experiments,
        prompts=prompts,
        shadows=shadows,
        available=health.available,
        llm_classifiers=_llm_classifiers(policy, upstream),
        on_emergency=_emergency_reporter(metrics),
        replays={
            "chat": CHAT_REPLAY,
            "responses": RESPONSES_REPLAY,
            "embeddings": JSON_REPLAY,
            "messages": MESSAGES_REPLAY,
        },
    )
    return Runtime(
        policy=policy,
        metrics=metrics,
        access_log=access_log,
        eval_log=eval_log,
        tracer=tracer,
        store=store,
        tokens=tokens,
        secrets=secrets,
        health=health,
        breaker_gauge=breaker_gauge,
        upstream=upstream,
        homes=Homes(store),
        experiments=experiments,
        prompts=prompts,
        shadows=shadows,
        stages=stages,
        pipelines=build_pipelines(stages.in_order()),
        request_ids=reuse.request_ids if reuse is not None else RequestIds(),
        model_listing=ModelListing(policy),
        admin_digests=tuple(k.digest().encode() for k in policy.admin_keys),
        completion_digests=completion_digests(policy.keys),
    )


def _metrics(policy: Policy, reuse: Runtime | None) -> Metrics | None:
    if not policy.metrics.enabled:
        return None
    old = reuse.metrics if reuse is not None else None
    if old is not None and old.tenant_label == policy.metrics.tenant_label:
        return old  # counters keep counting across a reload; its model labels change in Runtime.succeed
    return Metrics(frozenset(policy.models), tenant_label=policy.metrics.tenant_label)


def _store(policy: Policy, reuse: Runtime | None, metrics: Metrics | None) -> Store:
    """The limit/budget store (the replaced Runtime's, if its settings are the same), its mode in
    the `state_mode` gauge from the start."""
    report = _state_mode_reporter(metrics)
    state = policy.state
    if reuse is not None and reuse.policy.state == state:
        store = reuse.store
    else:
        store = build_store(
            target_of(state), fail_open=state.fail_open, retry_every_s=state.retry_every_s, on_mode_change=report
        )
    report(str(getattr(store, "mode", store.name)))
    return store


def _eval_log(policy: Policy, reuse: Runtime | None) -> EvalLog | None:
    ev = policy.logging.eval_log
    if reuse is not None and reuse.policy.logging.eval_log == ev:
        return reuse.eval_log
    return EvalLog(ev.path, ev.max_bytes, ev.backups) if ev is not None else None


def _state_mode_reporter(metrics: Metrics | None) -> Callable[[str], None]:
    def mode_changed(mode: str) -> None:
        if mode not in {"memory", "redis"}:
            log.warning("shared state: %s mode (Redis unreachable)", mode)
        if metrics is not None:
            for known in ("memory", "redis", "local-fallback", "closed"):
                metrics.set(metrics.state_mode, known, value=1.0 if known == mode else 0.0)

    return mode_changed


def _emergency_reporter(metrics: Metrics | None) -> Callable[[bool], None]:
    def emergency_changed(on: bool) -> None:
        log.warning("global daily budget %s: emergency mode %s", "spent" if on else "renewed", "on" if on else "off")
        if metrics is not None:
            metrics.emergency.set(1.0 if on else 0.0)

    return emergency_changed


def _llm_classifiers(policy: Policy, upstream: Upstream) -> dict[str, LlmClassifier]:
    """For each router whose classifier asks a model: that classifier, calling through `upstream`."""
    found = {}
    for name, config in policy.routers.items():
        classifier = config.classifier
        if classifier is not None and classifier.type == "llm" and classifier.model is not None:
            found[name] = LlmClassifier(classifier, _asker(upstream, name, classifier.model))
    return found


def _asker(upstream: Upstream, router: str, alias: str) -> Callable[[str], Awaitable[str | None]]:
    async def ask(prompt: str) -> str | None:
        body = {
            "model": alias,
            "messages": [{"role": "user", "content": prompt}],
            "max_tokens": 8,
            "temperature": 0,
        }
        answer = await side_call(
            upstream,
            alias,
            body,
            request_id=f"classify-{router}",
            tenant=None,
            authorization=None,
            timeout_s=60,
            surface=CHAT_SURFACE,
        )
        return None if answer.error else answer.text

    return ask
