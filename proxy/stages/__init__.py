"""Pipeline stages and the one table that fixes their order.

Order matters: `observe` is first so it sees every request (its on_response runs last); `auth`
precedes body parsing so unauthenticated callers get 401 before any body complaint; `access` checks
the key's permissions on the parsed request and settles who the end user is; `experiments` renders
templates and applies the variant right after parsing, so every later stage sees the request as it
will be sent; `router` then picks the model for a router alias; `budget` comes before `targets`
(named "routing") because a spent budget may move the request to a cheaper alias; `limits` counts
against the alias that will really serve; `guardrails` come after limits so a flood of requests is
refused before any text is scanned; `cache` is last, so it keys the request as redacted, never
answers a request a guardrail refused, and its hits still get output guardrails.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping

from proxy.cache.replay import Replayer
from proxy.config.policy import Policy
from proxy.core.pipeline import Pipeline
from proxy.core.stage import Stage
from proxy.experiments.prompts import PromptLibrary
from proxy.experiments.service import Experiments
from proxy.experiments.shadow import ShadowRunner
from proxy.metering.tokens import TokenCounter
from proxy.observability.evallog import EvalLog
from proxy.observability.logging import AccessLog
from proxy.observability.metrics import Metrics
from proxy.observability.secrets import SecretRedactor
from proxy.routers.classifier import LlmClassifier
from proxy.stages.access import AccessStage
from proxy.stages.auth import AuthStage
from proxy.stages.budget import BudgetStage
from proxy.stages.cache import CacheStage
from proxy.stages.experiments import ExperimentsStage
from proxy.stages.guardrails import GuardrailsStage
from proxy.stages.limits import LimitsStage
from proxy.stages.observe import ObserveStage
from proxy.stages.parse import ParseStage
from proxy.stages.router import RouterStage
from proxy.stages.targets import TargetsStage
from proxy.state.base import Store

ENDPOINTS = (
    "chat",
    "responses",
    "embeddings",
    "messages",
    "count_tokens",
    "stored",
    "models",
    "passthrough",
    "feedback",
)


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class StageTable:
    """The stages of one policy. The field order is the pipeline order; the names let the runtime
    start and close the stages that hold resources without searching the list for them."""

    observe: ObserveStage
    auth: AuthStage
    parse: ParseStage
    access: AccessStage
    experiments: ExperimentsStage
    router: RouterStage
    budget: BudgetStage
    targets: TargetsStage
    limits: LimitsStage
    guardrails: GuardrailsStage
    cache: CacheStage

    def in_order(self) -> list[Stage]:
        return [getattr(self, field.name) for field in dataclasses.fields(self)]


def build_stages(
    policy: Policy,
    *,
    metrics: Metrics | None,
    access_log: AccessLog,
    eval_log: EvalLog | None,
    store: Store,
    tokens: TokenCounter,
    secrets: SecretRedactor,
    experiments: Experiments,
    prompts: PromptLibrary,
    shadows: ShadowRunner | None,
    available: Callable[[str], bool],
    llm_classifiers: Mapping[str, LlmClassifier],
    on_emergency: Callable[[bool], None],
    replays: Mapping[str, Replayer],
) -> StageTable:
    """The stage table, in order, from collaborators built beforehand (see `proxy.compose`):
    `available(label)` tells whether a deployment's breaker takes calls; `on_emergency` hears the
    global budget's emergency mode turn on and off; `replays` are the surfaces' reply paths for
    cached answers, by endpoint."""
    return StageTable(
        observe=ObserveStage(metrics, access_log, policy.logging, secrets, eval_log=eval_log),
        auth=AuthStage(policy.keys, policy.admin_keys, policy.key_groups),
        parse=ParseStage(templates=bool(policy.prompts)),
        access=AccessStage(policy, store),
        experiments=ExperimentsStage(policy, experiments, prompts, shadows),
        router=RouterStage(policy, store, metrics, available=available, llm_classifiers=llm_classifiers),
        budget=BudgetStage(
            policy.budgets, store, usage_counters=policy.metrics.usage_counters, on_emergency=on_emergency
        ),
        targets=TargetsStage(policy.models, policy.routers),
        limits=LimitsStage(policy.limits, store, tokens, policy.models),
        guardrails=GuardrailsStage(policy.guardrails, metrics),
        cache=CacheStage(policy, metrics, replays),
    )


def build_pipelines(stages: list[Stage]) -> dict[str, Pipeline]:
    """One pipeline per endpoint kind, each holding the stages that apply to it, in table order."""
    return {ep: Pipeline([s for s in stages if ep in s.endpoints and s.active]) for ep in ENDPOINTS}
