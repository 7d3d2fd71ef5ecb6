"""Pipeline stages and the one table that fixes their order.

Order matters: `observe` is first so it sees every request (its on_response runs last); `auth`
precedes body parsing so unauthenticated callers get 401 before any body complaint; `access`
checks the key's permissions on the parsed request and settles who the end user is;
`experiments` renders templates and applies the variant right after parsing, so every later stage
sees the request as it will be sent; `router` then picks the model for a router alias; `budget`
comes before `routing` because a spent budget may move the request to a cheaper alias; `limits`
counts against the alias that will really serve; `guardrails` come after limits so a flood of
requests is refused before any text is scanned; `cache` is last, so it keys the request as
redacted, never answers a request a guardrail refused, and its hits still get output guardrails.
"""

from __future__ import annotations

from proxy.cache.replay import Replayer
from proxy.config.policy import Policy
from proxy.core.pipeline import Pipeline
from proxy.core.stage import Stage
from proxy.experiments.service import Experiments
from proxy.metering.tokens import TokenCounter
from proxy.observability.logging import AccessLog
from proxy.observability.metrics import Metrics
from proxy.observability.secrets import SecretRedactor
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
from proxy.stages.targets import RoutingStage
from proxy.state.base import Store

ENDPOINTS = ("chat", "models", "passthrough", "feedback")


def build_stages(
    policy: Policy,
    metrics: Metrics | None,
    access_log: AccessLog,
    store: Store,
    counter: TokenCounter,
    *,
    secrets: SecretRedactor,
    replay: Replayer,
) -> list[Stage]:
    """The stage table, in order. `replay`: the chat surface's reply path, for cached answers."""
    return [
        ObserveStage(metrics, access_log, policy.logging, secrets),
        AuthStage(policy.keys, policy.admin_keys, policy.key_groups),
        ParseStage(templates=bool(policy.prompts)),
        AccessStage(policy, store),
        ExperimentsStage(policy, Experiments(policy, store, metrics)),
        RouterStage(policy, store, metrics),
        BudgetStage(policy.budgets, store, usage_counters=policy.metrics.usage_counters),
        RoutingStage(policy.models, policy.routers),
        LimitsStage(policy.limits, store, counter),
        GuardrailsStage(policy.guardrails, metrics),
        CacheStage(policy, metrics, replay),
    ]


def build_pipelines(stages: list[Stage]) -> dict[str, Pipeline]:
    """One pipeline per endpoint kind, each holding the stages that apply to it, in table order."""
    return {ep: Pipeline([s for s in stages if ep in s.endpoints and s.active]) for ep in ENDPOINTS}
