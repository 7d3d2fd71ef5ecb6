"""Anthropic Messages API as an upstream: natively for the Messages door, translated for the others.

Guarantees: a request that came in on the Messages door (`speaks("messages")`, and its
`count_tokens`) goes as the caller sent it, with only the model renamed and the caller's
`anthropic-version` and `anthropic-beta` headers forwarded; its answer and stream events come back
as Anthropic sent them (checked to be a Message, resp. read as bounded SSE), errors keep Anthropic's
type. Every other surface reaches Anthropic through chat completions: requests are translated to Messages
(`anthropic_wire`), answers back (`anthropic_answers`) and stream events to chat chunks
(`anthropic_stream`), ending with `[DONE]` after `message_stop`; Anthropic errors become OpenAI
envelopes with their status (529 -> 503) and `retry-after`; an `error` event before any content
is raised as an HTTP error (so it can be retried), later ones become an in-stream error event;
a 2xx answer must be a Messages object (`validate.anthropic_message`) and every stream event a
JSON object, else UpstreamProtocolError; every read is bounded (see `http` and `streams`).
"""

from __future__ import annotations

import time
from collections.abc import AsyncGenerator
from typing import Any

import aiohttp
import orjson

from proxy.config.policy import Deployment, ProviderConfig
from proxy.core.errors import InternalError, ProxyError, RouteNotFound, UpstreamProtocolError
from proxy.core.exchange import Exchange
from proxy.core.sse import DONE, SSEEvent, SSEParser
from proxy.upstream.providers.base import ChatEventStream, ChatResponse, Check
from proxy.upstream.providers.http import HttpUpstream, map_client_error, response_headers
from proxy.upstream.providers.streams import (
    MAX_OPENING_EVENTS,
    check_stream_status,
    first_events,
    more_events,
    open_stream,
    post_json,
)
from proxy.upstream.providers.validate import anthropic_message
from proxy.upstream.translate.anthropic_answers import anthropic_error, from_anthropic_response
from proxy.upstream.translate.anthropic_stream import AnthropicStreamTranslator
from proxy.upstream.translate.anthropic_wire import ANTHROPIC_VERSION, to_anthropic_request


def _error(status: int, body: bytes, headers: Any) -> ProxyError:
    return anthropic_error(status, body, headers.get("retry-after"), headers.get("retry-after-ms"))


class AnthropicProvider:
    """A provider speaking Anthropic's Messages API."""

    def __init__(self, name: str, config: ProviderConfig, *, open_mode: bool) -> None:
        self.name = name
        self.config = config
        self.http = HttpUpstream(config)
        base = self.http.base_url
        self._url = base + ("/messages" if base.endswith("/v1") else "/v1/messages")
        headers = {"content-type": "application/json", "anthropic-version": ANTHROPIC_VERSION, **config.headers}
        if config.api_key:
            headers["x-api-key"] = config.api_key.value
        self._static_headers = headers
        self._byok = open_mode and not config.api_key

    async def start(self) -> None:
        await self.http.start()

    async def close(self) -> None:
        await self.http.close()

    def _headers(self, ex: Exchange, *, stream: bool) -> dict[str, str]:
        headers = dict(self._static_headers)
        if self._byok and ex.authorization:
            scheme, _, token = ex.authorization.decode("latin-1").partition(" ")
            headers["x-api-key"] = token.strip() if scheme.lower() == "bearer" else scheme
        if stream:
            headers["accept"] = "text/event-stream"
            headers["accept-encoding"] = "identity"
        return headers

    def speaks(self, api: str) -> bool:
        return api in _NATIVE  # every other surface reaches Anthropic through the chat translation

    def _native(self, ex: Exchange, dep: Deployment, api: str, *, stream: bool) -> tuple[str, bytes, dict[str, str]]:
        """(url, body, headers) of a Messages-door request sent as the caller sent it."""
        if api not in _NATIVE:
            raise InternalError(f"The Anthropic provider has no native '{api}' API.")
        assert ex.body is not None
        body = dict(ex.body)
        body["model"] = dep.model
        headers = self._headers(ex, stream=stream)
        for name, value in ex.headers:
            if name in _FORWARDED:
                headers[name.decode("latin-1")] = value.decode("latin-1")
        return self._url + _NATIVE[api], orjson.dumps(body), headers

    async def call_json(self, ex: Exchange, dep: Deployment, api: str, check: Check) -> ChatResponse:
        timeouts = dep.timeouts or self.config.timeouts
        url, body, headers = self._native(ex, dep, api, stream=False)
        resp, raw = await post_json(self.http, url, body, headers, timeouts=timeouts, to_error=_error)
        return ChatResponse(200, raw, _own_headers(resp), check(raw))

    async def call_stream(self, ex: Exchange, dep: Deployment, api: str) -> ChatEventStream:
        url, body, headers = self._native(ex, dep, api, stream=True)
        timeouts = dep.timeouts or self.config.timeouts
        stream = await open_stream(self.http, url, body, headers, timeouts=timeouts, to_error=_error)
        stream.headers = [h for h in stream.headers if _own(h)]
        return stream

    def _body(self, ex: Exchange, dep: Deployment, chat: dict[str, Any] | None) -> bytes:
        source = chat if chat is not None else ex.body
        assert source is not None
        request = to_anthropic_request(
            source, dep.model, default_max_tokens=self.config.default_max_tokens, stream=ex.stream
        )
        return orjson.dumps(request)

    async def chat(self, ex: Exchange, dep: Deployment, body: dict[str, Any] | None = None) -> ChatResponse:
        timeouts = dep.timeouts or self.config.timeouts
        request = self._body(ex, dep, body)
        headers = self._headers(ex, stream=False)
        resp, raw = await post_json(self.http, self._url, request, headers, timeouts=timeouts, to_error=_error)
        answer = from_anthropic_response(anthropic_message(raw), ex.alias or dep.model)
        return ChatResponse(200, orjson.dumps(answer), _own_headers(resp), answer)

    async def chat_stream(self, ex: Exchange, dep: Deployment, body: dict[str, Any] | None = None) -> ChatEventStream:
        timeouts = dep.timeouts or self.config.timeouts
        request = self._body(ex, dep, body)
        deadline = time.monotonic() + timeouts.first_byte_s
        resp = await self.http.request("POST", self._url, request, self._headers(ex, stream=True), timeouts)
        parser = SSEParser()
        translator = AnthropicStreamTranslator(ex.alias or dep.model, int(time.time()))
        cap = self.config.max_response_bytes
        try:
            await check_stream_status(resp, _error, cap)
            first: list[SSEEvent] = []
            for _ in range(MAX_OPENING_EVENTS):  # message_start, pings: read until there is a chunk to show
                first = _translate(translator, await first_events(resp, parser, cap, deadline, timeouts.first_byte_s))
                if first:
                    break
            else:
                raise UpstreamProtocolError("The Anthropic upstream sent no message in its opening events. Try again.")
        except BaseException as exc:
            resp.close()
            raise map_client_error(exc, timeouts.first_byte_s) from exc
        self.http.switch_to_idle_timeout(resp, timeouts.idle_s)
        more = _translated(translator, more_events(resp, parser, timeouts.idle_s, cap))
        return ChatEventStream(resp.status, _own_headers(resp), first, more)

    async def passthrough(self, ex: Exchange, path_qs: str) -> aiohttp.ClientResponse:
        raise RouteNotFound(f"{ex.path} is not available: this proxy's pass-through provider speaks Anthropic's API.")

    def switch_to_idle_timeout(self, resp: aiohttp.ClientResponse) -> None:
        self.http.switch_to_idle_timeout(resp)


# Native APIs: the path under /v1/messages; the caller's headers that say which API version it speaks.
_NATIVE = {"messages": "", "count_tokens": "/count_tokens"}
_FORWARDED = frozenset({b"anthropic-version", b"anthropic-beta"})


def _own_headers(resp: aiohttp.ClientResponse) -> list[tuple[bytes, bytes]]:
    """Anthropic's own headers minus those that describe its body (we send a different one) and
    its account's rate limits."""
    return [h for h in response_headers(resp) if _own(h)]


def _own(header: tuple[bytes, bytes]) -> bool:
    return header[0] != b"content-type" and not header[0].startswith(b"anthropic-")


def _translate(translator: AnthropicStreamTranslator, events: list[SSEEvent]) -> list[SSEEvent]:
    out: list[SSEEvent] = []
    for event in events:
        if not event.data:
            continue
        try:
            data = orjson.loads(event.data)
        except orjson.JSONDecodeError as exc:
            raise UpstreamProtocolError("The Anthropic upstream sent an event that is not JSON.") from exc
        if type(data) is not dict:
            raise UpstreamProtocolError("The Anthropic upstream sent an event that is not a JSON object.")
        kind = event.event.decode("latin-1") if event.event else str(data.get("type", ""))
        chunks = translator.feed(kind, data)
        out.extend(SSEEvent(data=orjson.dumps(chunk), obj=chunk) for chunk in chunks)
        if translator.finished:
            if not (chunks and "error" in chunks[-1]):
                out.append(SSEEvent(data=DONE))
            break
    return out


async def _translated(
    translator: AnthropicStreamTranslator, events: AsyncGenerator[list[SSEEvent], None]
) -> AsyncGenerator[list[SSEEvent], None]:
    try:
        async for batch in events:
            out = _translate(translator, batch)
            if out:
                yield out
            if translator.finished:
                return
    finally:
        await events.aclose()
