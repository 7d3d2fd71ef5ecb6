"""Anthropic's Messages API as a front door (`/v1/messages`, `/v1/messages/count_tokens`).

It owns how a Messages answer is shaped for the caller: usage (Anthropic's counts, cache reads
and writes priced on their own) and the stop reason recorded, the alias shown back as `model`,
JSON as one body, a stream through the MessagesRelay; cached answers take the same path.

Guarantees: a non-streamed upstream body is returned unchanged unless the alias must replace the
model name or an answer filter rewrote it; every whole answer, upstream or cached, goes through
the answer filters (at most one call again, as on chat); streams get SSE headers that stop
intermediaries from buffering. `count_tokens` is answered by the Anthropic deployment that would
serve the model first (natively, as the caller sent it), else counted here with the deployment's
tokenizer (tiktoken for OpenAI models; the estimate every limit uses otherwise).
"""

from __future__ import annotations

from typing import Any, Protocol

import orjson

from proxy.cache.answer_messages import MESSAGES_CODEC
from proxy.core.asgi import Scope
from proxy.core.exchange import Exchange, JsonReply, Reply, StreamReply
from proxy.metering.tokens import TokenCounter
from proxy.surfaces.chat import JSON_CONTENT_TYPE, SSE_HEADERS, EventReplay, answered, shaped_json, upstream_request_id
from proxy.surfaces.messages_relay import MessagesRelay
from proxy.upstream.call import Upstream
from proxy.upstream.providers.base import ChatEventStream, ChatResponse
from proxy.upstream.providers.validate import not_an_answer
from proxy.upstream.translate.anthropic_answers import finish_reason
from proxy.upstream.wires import MESSAGES_WIRE

_SSE_OWN = frozenset(name for name, _ in SSE_HEADERS)


class HasUpstreamAndTokens(Protocol):
    """What the Messages terminals need of the live policy."""

    @property
    def upstream(self) -> Upstream: ...

    @property
    def tokens(self) -> TokenCounter: ...


async def messages_terminal(rt: HasUpstreamAndTokens, ex: Exchange, scope: Scope) -> Reply:
    return await answered(rt.upstream, ex, MESSAGES_WIRE, messages_reply)


def messages_reply(ex: Exchange, answer: ChatResponse | ChatEventStream) -> Reply:
    """An upstream's Messages answer shaped for the caller (the render `Upstream.call` is given)."""
    ex.upstream_request_id = upstream_request_id(answer.headers)
    if isinstance(answer, ChatResponse):
        return _json_reply(ex, answer)
    headers = SSE_HEADERS + [h for h in answer.headers if h[0] not in _SSE_OWN]
    return StreamReply(answer.status, MessagesRelay(ex, answer).events(), headers)


def _json_reply(ex: Exchange, resp: ChatResponse) -> JsonReply:
    stop = resp.obj.get("stop_reason")
    return shaped_json(ex, resp, finish_reason(stop) if isinstance(stop, str) else None)


async def count_tokens_terminal(rt: HasUpstreamAndTokens, ex: Exchange, scope: Scope) -> Reply:
    """`{"input_tokens": N}` from the first deployment of the model: asked of Anthropic's API when
    that deployment is Anthropic's, counted here otherwise."""
    assert ex.body is not None and ex.alias is not None
    dep = rt.upstream.policy.models[ex.alias].deployments[0]
    provider = rt.upstream.providers[dep.provider]
    if provider.speaks("count_tokens"):
        answer = await provider.call_json(ex, dep, "count_tokens", _token_count)
        return JsonReply(200, orjson.dumps({"input_tokens": answer.obj["input_tokens"]}), [JSON_CONTENT_TYPE])
    count = ex.surface.input_tokens(ex.body, rt.tokens.encoding(dep.model))
    return JsonReply(200, orjson.dumps({"input_tokens": count}), [JSON_CONTENT_TYPE])


def _token_count(body: bytes) -> dict[str, Any]:
    """Anthropic's count_tokens answer, decoded; raises if it is not one."""
    try:
        obj = orjson.loads(body)
    except orjson.JSONDecodeError:
        raise not_an_answer("a token count") from None
    count = obj.get("input_tokens") if isinstance(obj, dict) else None
    if not isinstance(count, int) or isinstance(count, bool):
        raise not_an_answer("a token count")
    return {"input_tokens": count}


MESSAGES_REPLAY = EventReplay(MESSAGES_CODEC, MessagesRelay)  # cached answers: as an upstream's would go
