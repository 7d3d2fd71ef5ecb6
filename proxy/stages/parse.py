"""Parse stage: the request body, parsed once and checked before any policy looks at it.

Enforces: the body fits `server.max_body_bytes` (413); the request's surface checks the body
against its protocol (for chat completions: a UTF-8 JSON object whose main fields have the types
the OpenAI API documents, each error naming its field; 400) and names the model and the stream
flag. Unknown fields are kept for the upstream. Hooks: on_request. Config: `server.max_body_bytes`.
On failure: a 400/413 in the surface's protocol that tells the caller which field to fix.
"""

from __future__ import annotations

from typing import ClassVar

from proxy.core.exchange import Exchange, Reply
from proxy.core.stage import Stage


class ParseStage(Stage):
    """With `templates` (the policy has prompt templates), a chat request that selects one may leave
    out `messages`: the experiments stage renders them and checks the result."""

    name: ClassVar[str] = "parse"

    def __init__(self, *, templates: bool = False) -> None:
        self._templates = templates

    async def on_request(self, ex: Exchange) -> Reply | None:
        if ex.early_error is not None:
            raise ex.early_error
        surface = ex.surface
        body = surface.parse(ex.raw_body, ex.headers, templates=self._templates)
        if body is not None:
            ex.body = body
            ex.alias = surface.model(body)
            ex.stream, ex.include_usage = surface.stream_flags(body)
        return None
