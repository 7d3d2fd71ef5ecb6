"""The embeddings surface (`/v1/embeddings`): the terminal call and the reply path.

Guarantees: the request goes through the same terminal call as chat (deployments of the alias,
retries, breakers, fallbacks) on the embeddings wire, which only providers that serve embeddings
natively take; the upstream's bytes reach the caller unchanged unless the alias must replace the
model name; usage (`prompt_tokens`) is recorded for limits, budgets and metrics; cached answers
(embeddings are deterministic, so the exact cache is safe) are sent as JSON through the same
answer filters.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator
from typing import ClassVar

import orjson

from proxy.cache.codec import EMBEDDINGS_CODEC, AnswerCodec
from proxy.core.asgi import Scope
from proxy.core.exchange import Exchange, Headers, JsonReply, Reply
from proxy.core.sse import SSEEvent
from proxy.surfaces.chat import CHAT_REPLAY, JSON_CONTENT_TYPE, HasUpstream, answered, upstream_request_id
from proxy.upstream.providers.base import ChatEventStream, ChatResponse
from proxy.upstream.wires import EMBEDDINGS_WIRE


async def embeddings_terminal(rt: HasUpstream, ex: Exchange, scope: Scope) -> Reply:
    return await answered(rt.upstream, ex, EMBEDDINGS_WIRE, embeddings_reply)


def embeddings_reply(ex: Exchange, answer: ChatResponse | ChatEventStream) -> Reply:
    assert isinstance(answer, ChatResponse)  # the embeddings wire never streams
    ex.upstream_request_id = upstream_request_id(answer.headers)
    headers: Headers = [JSON_CONTENT_TYPE, *(h for h in answer.headers if h[0] != b"content-type")]
    obj, body = answer.obj, answer.body
    usage = ex.surface.usage(obj)
    if usage is not None:
        ex.usage = usage
    if "model" in obj and obj["model"] != ex.alias:
        obj["model"] = ex.alias
        body = orjson.dumps(obj)
    return JsonReply(answer.status, body, headers, obj)


class JsonReplay:
    """Cached embeddings (`proxy.cache.replay.Replayer`): the stored bytes, through the answer filters."""

    __slots__ = ()
    codec: ClassVar[AnswerCodec] = EMBEDDINGS_CODEC

    async def json(self, ex: Exchange, body: bytes) -> Reply:
        return await CHAT_REPLAY.json(ex, body)  # the same whole-answer path: bytes through the filters

    def stream(self, ex: Exchange, events: AsyncGenerator[list[SSEEvent], None]) -> Reply:
        raise TypeError("embeddings never stream")


JSON_REPLAY = JsonReplay()
