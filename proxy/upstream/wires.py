"""Wires: how a surface's request reaches a deployment, natively or through the chat translation.

The terminal call (`proxy.upstream.call`) picks deployments, retries and falls back; a wire does
one attempt on one deployment for one surface: it sends the request in the form that deployment
speaks and hands back the answer in the surface's own shape, checked before the caller's status is
committed: a whole answer must be an answer of the API asked for, and a stream's opening events are
held until the first one with content, so an upstream that fails before producing anything is a
failed attempt (retried, falling back) rather than a broken stream.

Guarantees: chat goes to every provider's chat path; embeddings go only to a provider that serves
them natively (any other deployment refuses with a 400 that names the model, never silently
translated); a Responses request goes natively where the provider speaks the Responses API and is
otherwise translated to chat completions (`proxy.upstream.translate.responses_*`), which refuses
what the translation cannot carry with a 400 that says why; so does a Messages request (natively to
Anthropic, translated by `proxy.upstream.translate.messages_*` elsewhere, asking for a reasoning
effort only of a model that takes one).
"""

from __future__ import annotations

import time
from collections.abc import AsyncGenerator
from typing import Any, Protocol

import orjson

from proxy.config.policy import Deployment
from proxy.core.errors import InvalidRequest
from proxy.core.exchange import Exchange
from proxy.core.sse import DONE, SSEEvent
from proxy.upstream.first_event import settle_messages_opening, settle_opening, settle_responses_opening
from proxy.upstream.providers.base import ChatEventStream, ChatResponse, Provider
from proxy.upstream.providers.validate import anthropic_message, embeddings_list, response_object
from proxy.upstream.translate.messages_answers import new_message_id, to_message
from proxy.upstream.translate.messages_request import takes_reasoning_effort
from proxy.upstream.translate.messages_request import to_chat_request as messages_to_chat
from proxy.upstream.translate.messages_stream import ChatToMessagesStream
from proxy.upstream.translate.responses_answers import new_id, to_response
from proxy.upstream.translate.responses_request import to_chat_request
from proxy.upstream.translate.responses_stream import ChatToResponsesStream


class Wire(Protocol):
    """One attempt of a surface's request on one deployment."""

    async def whole(self, provider: Provider, ex: Exchange, dep: Deployment) -> ChatResponse:
        """The whole answer, in the surface's shape, checked."""
        ...

    async def stream(self, provider: Provider, ex: Exchange, dep: Deployment, max_bytes: int) -> ChatEventStream:
        """The stream, in the surface's event shape, its opening settled (first content in `first`;
        at most `max_bytes` of opening events held)."""
        ...


class ChatWire:
    """Chat completions: every provider speaks them (Anthropic through its own translation)."""

    __slots__ = ()

    async def whole(self, provider: Provider, ex: Exchange, dep: Deployment) -> ChatResponse:
        return await provider.chat(ex, dep)

    async def stream(self, provider: Provider, ex: Exchange, dep: Deployment, max_bytes: int) -> ChatEventStream:
        stream = await provider.chat_stream(ex, dep)
        await settle_opening(stream, max_bytes)
        return stream


class EmbeddingsWire:
    """Embeddings: only providers that serve them natively (never streamed)."""

    __slots__ = ()

    async def whole(self, provider: Provider, ex: Exchange, dep: Deployment) -> ChatResponse:
        if not provider.speaks("embeddings"):
            raise InvalidRequest(
                f"Model '{ex.served_alias or ex.alias}' cannot create embeddings: its deployment serves only chat. "
                "Use a model the proxy declares for embeddings.",
                param="model",
            )
        return await provider.call_json(ex, dep, "embeddings", embeddings_list)

    async def stream(self, provider: Provider, ex: Exchange, dep: Deployment, max_bytes: int) -> ChatEventStream:
        raise InvalidRequest("Embeddings are never streamed.", param="stream")


class ResponsesWire:
    """The Responses API: natively where the provider speaks it, else through chat completions."""

    __slots__ = ()

    async def whole(self, provider: Provider, ex: Exchange, dep: Deployment) -> ChatResponse:
        if provider.speaks("responses"):
            return await provider.call_json(ex, dep, "responses", response_object)
        assert ex.body is not None
        answer = await provider.chat(ex, dep, to_chat_request(ex.body, stream=False))
        response = to_response(
            answer.obj, request=ex.body, response_id=new_id("resp"), created_at=int(time.time()), model=_shown(ex)
        )
        return ChatResponse(answer.status, orjson.dumps(response), answer.headers, response)

    async def stream(self, provider: Provider, ex: Exchange, dep: Deployment, max_bytes: int) -> ChatEventStream:
        if provider.speaks("responses"):
            stream = await provider.call_stream(ex, dep, "responses")
            await settle_responses_opening(stream, max_bytes)
            return stream
        assert ex.body is not None
        translator = ChatToResponsesStream(
            request=ex.body, response_id=new_id("resp"), created_at=int(time.time()), model=_shown(ex)
        )
        request = to_chat_request(ex.body, stream=True)
        return await _translated_stream(provider, ex, dep, request, translator=translator, max_bytes=max_bytes)


class MessagesWire:
    """Anthropic's Messages API: natively to Anthropic, else through chat completions."""

    __slots__ = ()

    async def whole(self, provider: Provider, ex: Exchange, dep: Deployment) -> ChatResponse:
        if provider.speaks("messages"):
            return await provider.call_json(ex, dep, "messages", anthropic_message)
        answer = await provider.chat(ex, dep, _as_chat(ex, dep, stream=False))
        message = to_message(answer.obj, message_id=new_message_id(), model=_shown(ex))
        return ChatResponse(answer.status, orjson.dumps(message), answer.headers, message)

    async def stream(self, provider: Provider, ex: Exchange, dep: Deployment, max_bytes: int) -> ChatEventStream:
        if provider.speaks("messages"):
            stream = await provider.call_stream(ex, dep, "messages")
            await settle_messages_opening(stream, max_bytes)
            return stream
        translator = ChatToMessagesStream(message_id=new_message_id(), model=_shown(ex))
        request = _as_chat(ex, dep, stream=True)
        return await _translated_stream(provider, ex, dep, request, translator=translator, max_bytes=max_bytes)


def _as_chat(ex: Exchange, dep: Deployment, *, stream: bool) -> dict[str, Any]:
    assert ex.body is not None
    return messages_to_chat(ex.body, stream=stream, reasoning=takes_reasoning_effort(dep.model))


def _shown(ex: Exchange) -> str:
    return ex.alias or ""


def _events(objs: list[dict[str, Any]]) -> list[SSEEvent]:
    return [SSEEvent(data=orjson.dumps(obj), obj=obj) for obj in objs]


class Translator(Protocol):
    """A stream translator from chat chunks to a surface's events (Responses, Messages)."""

    def start(self) -> list[dict[str, Any]]: ...

    def feed(self, chunk: dict[str, Any]) -> list[dict[str, Any]]: ...

    def finish(self) -> list[dict[str, Any]]: ...


async def _translated_stream(
    provider: Provider,
    ex: Exchange,
    dep: Deployment,
    request: dict[str, Any],
    *,
    translator: Translator,
    max_bytes: int,
) -> ChatEventStream:
    """The chat stream of `request`, its opening settled as chat's, as the surface's events."""
    chat = await provider.chat_stream(ex, dep, request)
    await settle_opening(chat, max_bytes)
    first = _events(translator.start()) + _translated_batch(translator, chat.first)
    return ChatEventStream(chat.status, chat.headers, first, _translated(translator, chat.more))


def _translated_batch(translator: Translator, batch: list[SSEEvent]) -> list[SSEEvent]:
    """Chat events as the surface's events: each chunk fed, `[DONE]` finishing the answer."""
    out: list[dict[str, Any]] = []
    for event in batch:
        if not event.data:
            continue
        if event.data == DONE:
            out += translator.finish()
            break
        chunk = event.obj if event.obj is not None else orjson.loads(event.data)
        if isinstance(chunk, dict):
            out += translator.feed(chunk)
    return _events(out)


async def _translated(
    translator: Translator, chat: AsyncGenerator[list[SSEEvent], None]
) -> AsyncGenerator[list[SSEEvent], None]:
    try:
        async for batch in chat:
            events = _translated_batch(translator, batch)
            if events:
                yield events
    finally:
        await chat.aclose()


CHAT_WIRE = ChatWire()
RESPONSES_WIRE = ResponsesWire()
EMBEDDINGS_WIRE = EmbeddingsWire()
MESSAGES_WIRE = MessagesWire()
