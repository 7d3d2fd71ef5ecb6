"""Experiments stage: prompt templates, A/B variants and shadow sampling.

Enforces: a request that selects a prompt template gets its messages rendered server-side
(template messages first, then the caller's own); a bad selection or variable is a 400, an
unknown template or version a 404. A request whose alias (or unpinned template) is the target of
an experiment, from a key the experiment covers, is assigned a variant sticky by end user (the
end user the access stage settled; the key when there is none) or by key, and gets the
variant's alias, parameters and template version. A sampled share of an alias's requests is
mirrored to its shadow once answered. Runs after parse and before budget, so budgets, limits,
guardrails and the cache all see the request as the variant will send it.
Templates and shadows are chat only: rendering a template inserts chat `messages` (so this stage
reads the chat body directly), and on the Responses API a body's `prompt` is the API's own stored
prompt, never a template of this proxy (a template asked for by header there is refused); variants
(alias and parameters) apply to chat and Responses requests alike.
Hooks: on_request (select, render, assign, sample); on_response (count, check rollback rules,
start the shadow). Config: `prompts`, `experiments`, `shadows`.
Headers: `x-llm-proxy-experiment: <experiment>/<variant>`, `x-llm-proxy-prompt: <template>@<version>`.
On failure: a refusal names the field to fix; counting and shadows never fail a request.
"""

from __future__ import annotations

import random
from typing import Any, ClassVar

from proxy.config.chat_params import check_messages
from proxy.config.policy import Policy
from proxy.core.errors import InvalidRequest
from proxy.core.exchange import Exchange, Reply
from proxy.core.stage import Stage
from proxy.experiments.prompts import PROMPT_HEADER, PromptLibrary, PromptRequest, prompt_request
from proxy.experiments.service import Experiments
from proxy.experiments.shadow import MAX_COMPARED_CHARS, ShadowRunner
from proxy.observability.capture import capture_answer, captured_answer


class ExperimentsStage(Stage):
    name: ClassVar[str] = "experiments"
    endpoints: ClassVar[frozenset[str]] = frozenset({"chat", "responses", "messages"})

    def __init__(
        self,
        policy: Policy,
        experiments: Experiments,
        library: PromptLibrary,
        shadow_runner: ShadowRunner | None,
        *,
        rng: random.Random | None = None,
    ) -> None:
        """`shadow_runner`: None when the policy has no shadows (then none is sampled)."""
        self.library = library
        self.experiments = experiments
        self.shadows = policy.shadows
        self._shadow_by_model = {s.model: n for n, s in policy.shadows.items()}
        self._rng = rng or random.Random()
        self.shadow_runner = shadow_runner

    @property
    def active(self) -> bool:
        return bool(self.library) or bool(self.experiments) or bool(self.shadows)

    async def on_request(self, ex: Exchange) -> Reply | None:
        body = ex.body
        assert body is not None
        chat = ex.endpoint == "chat"
        if self.library and not chat and any(name == PROMPT_HEADER for name, _ in ex.headers):
            raise InvalidRequest(
                f"Prompt templates ('{PROMPT_HEADER.decode()}') apply to /v1/chat/completions only.",
                param=PROMPT_HEADER.decode(),
            )
        selected = prompt_request(ex.headers, body) if self.library and chat else None
        version = self._assign(ex, body, selected)
        if selected is not None:
            self._render(ex, body, selected, version)
        if chat:
            self._sample_shadow(ex)
        return None

    def _assign(self, ex: Exchange, body: dict[str, Any], selected: PromptRequest | None) -> int | None:
        """Put the request in its experiment's variant; the template version it pins, if any."""
        exps = self.experiments
        pinned = selected.version if selected is not None else None
        name = None
        if selected is not None and pinned is None:  # pinning a version opts out of the template's experiment
            name = exps.by_prompt.get(selected.name)
        if name is None:
            name = exps.by_model.get(ex.alias or "")
        if name is None:
            return pinned
        exp = exps.config[name]
        if exp.keys and ex.tenant not in exp.keys:
            return pinned
        unit = ex.end_user if exp.assign_by == "user" else None
        assignment = exps.assign(name, f"u:{unit}" if unit is not None else f"k:{ex.tenant}")
        ex.experiment_state().assignment = assignment
        ex.response_headers.append((b"x-llm-proxy-experiment", f"{name}/{assignment.variant}".encode()))
        variant = exp.variants[assignment.variant]
        if variant.model is not None:
            ex.alias = variant.model
        body.update(variant.params)
        return variant.prompt_version if variant.prompt_version is not None else pinned

    def _render(self, ex: Exchange, body: dict[str, Any], selected: PromptRequest, pinned: int | None) -> None:
        version = self.library.version_of(selected.name, pinned)
        messages = self.library.render(selected, version) + list(body.get("messages") or [])
        try:
            check_messages(messages)
        except InvalidRequest as err:
            raise InvalidRequest(f"After rendering prompt '{selected.name}' version {version}: {err.message}") from err
        body["messages"] = messages
        prompt_version = ex.experiment_state().prompt_version = f"{selected.name}@{version}"
        ex.response_headers.append((b"x-llm-proxy-prompt", prompt_version.encode()))

    def _sample_shadow(self, ex: Exchange) -> None:
        name = self._shadow_by_model.get(ex.alias or "")
        if name is None or self.shadow_runner is None:
            return
        shadow = self.shadows[name]
        if (shadow.keys and ex.tenant not in shadow.keys) or self._rng.random() >= shadow.sample:
            return
        ex.experiment_state().shadow = name
        capture_answer(ex, MAX_COMPARED_CHARS)  # the primary's text, to compare the candidate's with

    async def on_response(self, ex: Exchange) -> None:
        state = ex.experiment
        if state is None:
            return
        if state.assignment is not None:
            await self.experiments.record(ex, state.assignment)
        if state.shadow is not None and self.shadow_runner is not None and _answered(ex):
            self.shadow_runner.submit(state.shadow, ex, "".join(captured_answer(ex) or ()))


def _answered(ex: Exchange) -> bool:
    """A complete, successful answer the caller received (only those are worth comparing with)."""
    return ex.status == 200 and ex.error is None and not ex.client_gone and ex.finish_reason is not None
