"""The Stage protocol: what a pipeline stage may do at each point of a request."""

from __future__ import annotations

from typing import Any, ClassVar

from proxy.exchange import Exchange, Reply


class Stage:
    """Base for pipeline stages.

    `on_request` runs in table order and may answer the request itself (return a Reply) or refuse
    it (raise a ProxyError). `on_chunk` sees each parsed stream chunk and returns it (possibly
    changed, `changed=True` makes the relay re-encode it) or None to drop it. `on_response` runs in
    reverse order for every stage whose `on_request` ran, always: on success, error or disconnect.
    `observe_only` stages never affect the answer: their crashes are logged and swallowed, where a
    gatekeeping stage's crash fails the request closed.
    """

    name: ClassVar[str] = "stage"
    observe_only: ClassVar[bool] = False
    endpoints: ClassVar[frozenset[str]] = frozenset({"chat", "models", "passthrough"})
    has_chunk_hook: ClassVar[bool] = False

    async def on_request(self, ex: Exchange) -> Reply | None:
        return None

    def on_chunk(self, ex: Exchange, chunk: dict[str, Any]) -> dict[str, Any] | None:
        return chunk

    async def on_response(self, ex: Exchange) -> None:
        return None
