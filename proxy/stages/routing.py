"""Routing stage: model alias -> ordered deployment targets.

Enforces: the requested model is an alias declared in `models:`; the upstream later sees the
deployment's own model name and the caller sees the alias back. Hooks: on_request (chat only).
Config: `models.<alias>.deployments`. On failure: 404 `model_not_found` naming the aliases
the caller can use instead.
"""

from __future__ import annotations

from typing import ClassVar

from proxy.config import ModelConfig
from proxy.errors import ModelNotFound
from proxy.exchange import Exchange, Reply
from proxy.stage import Stage


class RoutingStage(Stage):
    name: ClassVar[str] = "routing"
    endpoints: ClassVar[frozenset[str]] = frozenset({"chat"})

    def __init__(self, models: dict[str, ModelConfig]) -> None:
        self._targets = {alias: m.deployments for alias, m in models.items()}
        self._known = ", ".join(sorted(models)) or "none configured"

    async def on_request(self, ex: Exchange) -> Reply | None:
        alias = ex.alias
        targets = self._targets.get(alias) if alias is not None else None
        if targets is None:
            raise ModelNotFound(
                f"The model '{alias}' does not exist on this proxy. Available models: {self._known} "
                "(GET /v1/models lists them).",
                param="model",
            )
        ex.targets = targets
        return None
