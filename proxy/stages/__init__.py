"""Pipeline stages and the one table that fixes their order.

Order matters: `observe` is first so it sees every request (its on_response runs last); `auth`
precedes body parsing so unauthenticated callers get 401 before any body complaint; `routing`
needs the parsed model. Later stages (limits, guardrails, cache) slot in after routing.
"""

from __future__ import annotations

from proxy.config import Policy
from proxy.observability.logging import AccessLog
from proxy.observability.metrics import Metrics
from proxy.pipeline import Pipeline
from proxy.stage import Stage
from proxy.stages.auth import AuthStage
from proxy.stages.observe import ObserveStage
from proxy.stages.parse import ParseStage
from proxy.stages.routing import RoutingStage

ENDPOINTS = ("chat", "models", "passthrough")


def build_stages(policy: Policy, metrics: Metrics | None, access_log: AccessLog) -> list[Stage]:
    """The stage table, in order."""
    return [
        ObserveStage(metrics, access_log),
        AuthStage(policy.keys),
        ParseStage(),
        RoutingStage(policy.models),
    ]


def build_pipelines(stages: list[Stage]) -> dict[str, Pipeline]:
    """One pipeline per endpoint kind, each holding the stages that apply to it, in table order."""
    return {ep: Pipeline([s for s in stages if ep in s.endpoints]) for ep in ENDPOINTS}
