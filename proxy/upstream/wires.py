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
what the translation cannot carry with a 400 that says why.
"""

from __future__ import annotations

from typing import Protocol

from proxy.config.policy import Deployment
from proxy.core.errors import InvalidRequest
from proxy.core.exchange import Exchange
from proxy.upstream.first_event import settle_opening, settle_responses_opening
from proxy.upstream.providers.base import ChatEventStream, ChatResponse, Provider
from proxy.upstream.providers.validate import embeddings_list, response_object


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
        raise _untranslatable(ex)

    async def stream(self, provider: Provider, ex: Exchange, dep: Deployment, max_bytes: int) -> ChatEventStream:
        if provider.speaks("responses"):
            stream = await provider.call_stream(ex, dep, "responses")
            await settle_responses_opening(stream, max_bytes)
            return stream
        raise _untranslatable(ex)


def _untranslatable(ex: Exchange) -> InvalidRequest:
    return InvalidRequest(
        f"Model '{ex.served_alias or ex.alias}' does not speak the Responses API. Use /v1/chat/completions.",
        param="model",
    )


CHAT_WIRE = ChatWire()
RESPONSES_WIRE = ResponsesWire()
EMBEDDINGS_WIRE = EmbeddingsWire()
