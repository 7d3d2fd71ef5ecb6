"""Targets stage: a model alias -> its targets, the ordered deployments that may serve it.

Enforces: the requested model is an alias declared in `models:`; the upstream later walks the
targets (see `proxy.upstream.health` for their breakers) and sends each the deployment's own model
name, and the caller sees the alias back. Reports itself as stage "routing" (span names, crash
messages and their tests predate the rename). Hooks: on_request (chat, responses, embeddings, messages, count_tokens).
Config: `models.<alias>.deployments`. On failure: 404 `model_not_found` in the words of the
access stage's refusal (`proxy.config.key_access.model_not_found`), naming only the aliases the caller may use.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from proxy.config.key_access import model_not_found
from proxy.config.policy import ModelConfig
from proxy.core.exchange import Exchange, Reply
from proxy.core.stage import Stage


class TargetsStage(Stage):
    name: ClassVar[str] = "routing"  # external: the span `stage routing`, kept through the rename
    endpoints: ClassVar[frozenset[str]] = frozenset({"chat", "responses", "embeddings", "messages", "count_tokens"})

    def __init__(self, models: dict[str, ModelConfig], routers: Iterable[str] = ()) -> None:
        self._targets = {alias: m.deployments for alias, m in models.items()}
        self._aliases = [*models, *routers]  # what /v1/models lists, in the same order

    async def on_request(self, ex: Exchange) -> Reply | None:
        alias = ex.alias
        targets = self._targets.get(alias) if alias is not None else None
        if targets is None:
            raise model_not_found(str(alias), ex.access, self._aliases)
        ex.targets = targets
        return None
