"""Router stage: a request for a router alias (`model: auto`) gets the model its rules pick.

A router alias is a model name whose real model a classifier and rules choose per request (the
machinery is in `proxy.routers`); the chosen model's own targets are found later by the targets stage.

Enforces: the first rule whose conditions hold and whose model can serve the request decides
(capabilities declared by the model, the key's model permissions, and at least one deployment
whose breaker lets requests through); else the router's default; a request no allowed model can
serve is a 400 naming why. The classifier is asked only when a rule reaches a classifier
condition, budgets are read only for a budget condition; a classifier failure means "no label",
never a failed request. Runs after experiments and before budget, so budgets, limits, guardrails
and the cache all see the chosen model. Hooks: on_request. Config: `routers`,
`models.*.capabilities`. Visible as `x-llm-proxy-route: <router>/<rule> -> <model>`, `router` and
`route_rule` in the log line and `llm_proxy_router_decisions_total{router,rule,model}`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import ClassVar

from proxy.config.policy import Policy
from proxy.core.exchange import Exchange, Reply
from proxy.core.stage import Stage
from proxy.observability.metrics import Metrics
from proxy.routers.classifier import LlmClassifier, heuristic_labels
from proxy.routers.facts import RequestFacts, request_facts
from proxy.routers.rules import CompiledRouter, Decision, Unfit, unfit_target
from proxy.stages.budget import daily_budget_left
from proxy.state.base import Store, StoreUnavailable


class RouterStage(Stage):
    name: ClassVar[str] = "router"
    endpoints: ClassVar[frozenset[str]] = frozenset({"chat", "responses", "messages", "count_tokens"})

    def __init__(
        self,
        policy: Policy,
        store: Store,
        metrics: Metrics | None,
        *,
        available: Callable[[str], bool] | None = None,
        llm_classifiers: Mapping[str, LlmClassifier] | None = None,
    ) -> None:
        """`available(label)`: whether deployment `label`'s breaker lets a call through (None: all
        do); `llm_classifiers`: by router, for the routers whose classifier asks a model."""
        self.policy = policy
        self.routers = {name: CompiledRouter(name, cfg) for name, cfg in policy.routers.items()}
        self.groups = {k.name: k.group for k in policy.keys}  # ex.access is None for unrestricted keys
        self.store = store
        self.metrics = metrics
        self.available = available
        self.llm_classifiers: Mapping[str, LlmClassifier] = llm_classifiers or {}

    @property
    def active(self) -> bool:
        return bool(self.routers)

    async def on_request(self, ex: Exchange) -> Reply | None:
        router = self.routers.get(ex.alias or "")
        if router is None:
            return None
        assert ex.body is not None
        group = self.groups.get(ex.tenant) if ex.tenant is not None else None
        facts = request_facts(ex.surface.routing_body(ex.body), ex.headers, ex.tenant, group)
        sources = LiveSources(self, router, ex, facts)
        decision = await router.decide(facts, sources, lambda alias: self.unfit(alias, facts, ex))
        self._apply(ex, decision)
        return None

    def unfit(self, alias: str, facts: RequestFacts, ex: Exchange) -> Unfit | None:
        model = self.policy.models[alias]
        available = self.available
        healthy = available is None or any(available(d.label) for d in model.deployments)
        return unfit_target(model, alias, facts, ex.access, healthy)

    def _apply(self, ex: Exchange, decision: Decision) -> None:
        ex.route = (decision.router, decision.rule)
        ex.alias = decision.target
        ex.body["model"] = decision.target  # type: ignore[index]
        header = f"{decision.router}/{decision.rule} -> {decision.target}"
        ex.response_headers.append((b"x-llm-proxy-route", header.encode()))
        if self.metrics is not None:
            self.metrics.inc(self.metrics.router_decisions, decision.router, decision.rule, decision.target)


class LiveSources:
    """Classifier labels and budgets for one request, each fetched at most once."""

    __slots__ = ("_budget", "_ex", "_facts", "_labels", "_router", "_stage")

    def __init__(self, stage: RouterStage, router: CompiledRouter, ex: Exchange, facts: RequestFacts) -> None:
        self._stage, self._router, self._ex, self._facts = stage, router, ex, facts
        self._labels: tuple[frozenset[str] | None] | None = None
        self._budget: tuple[float | None, float | None] | None = None

    async def labels(self) -> frozenset[str] | None:
        if self._labels is None:
            self._labels = (await self._classify(),)
        return self._labels[0]

    async def _classify(self) -> frozenset[str] | None:
        config = self._router.config.classifier
        if config is None:
            return None
        if config.type == "heuristic":
            return heuristic_labels(self._facts.last_user, self._facts.turns)
        classifier = self._stage.llm_classifiers.get(self._router.name)
        if classifier is None:
            return None
        labels, outcome = await classifier.labels(self._facts.last_user)
        m = self._stage.metrics
        if m is not None:
            m.inc(m.router_classifier, self._router.name, outcome)
        return labels

    async def budget_left(self) -> tuple[float | None, float | None]:
        if self._budget is None:
            try:
                self._budget = await daily_budget_left(
                    self._stage.policy.budgets, self._stage.store, self._ex.tenant or "anonymous"
                )
            except StoreUnavailable:
                self._budget = (None, None)  # unknown: budget conditions do not hold
        return self._budget
