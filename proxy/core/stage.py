"""The Stage protocol: what a pipeline stage may do at each point of a request."""

from __future__ import annotations

from typing import ClassVar

from proxy.core.exchange import Exchange, Reply


class Stage:
    """Base for pipeline stages.

    `on_request` runs in table order and may answer the request itself (return a Reply) or refuse
    it (raise a ProxyError). `on_response` runs in reverse order for every stage whose
    `on_request` ran, always: on success, error or disconnect. A stage that must see the answer
    (its stream chunks or the whole answer) adds an answer filter to the Exchange from `on_request`
    (`Exchange.add_filter`, see `proxy.core.filters`) instead of a per-chunk hook on every
    request, so streams nobody filters pay nothing. `observe_only` stages never
    affect the answer: their crashes are logged and swallowed, where a gatekeeping stage's crash
    fails the request closed.
    """

    name: ClassVar[str] = "stage"
    observe_only: ClassVar[bool] = False
    endpoints: ClassVar[frozenset[str]] = frozenset(
        {"chat", "responses", "embeddings", "messages", "count_tokens", "stored", "models", "passthrough", "feedback"}
    )

    @property
    def active(self) -> bool:
        """False when the policy gives this stage nothing to do: it is left out of the pipelines."""
        return True

    async def on_request(self, ex: Exchange) -> Reply | None:
        return None

    async def on_response(self, ex: Exchange) -> None:
        return None
