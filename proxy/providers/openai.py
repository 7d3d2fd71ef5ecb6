"""OpenAI and every OpenAI-compatible server (vLLM, Ollama, TGI, Groq, ...).

Guarantees: the request body keeps every field the caller sent (only `model` is swapped for the
deployment's name, and streams always ask for usage so the proxy can account for it); response
bytes and stream events are passed on untouched; with an empty `api_key` in open mode the caller's
own `Authorization` is forwarded (bring your own key).
"""

from __future__ import annotations

from collections.abc import AsyncGenerator
from typing import Any

import aiohttp
import orjson

from proxy.config import Deployment, ProviderConfig
from proxy.errors import UpstreamProtocolError
from proxy.exchange import Exchange
from proxy.providers.base import ChatEventStream, ChatResponse
from proxy.providers.http import FORWARDED_REQUEST_HEADERS, HttpUpstream, map_client_error, response_headers
from proxy.providers.upstream_errors import upstream_error
from proxy.sse import SSEEvent, SSEParser

_FORWARDED = frozenset(h.encode() for h in FORWARDED_REQUEST_HEADERS)


class OpenAIProvider:
    """A provider speaking the OpenAI wire format."""

    __slots__ = ("_byok", "_static_headers", "http", "name")

    def __init__(self, name: str, config: ProviderConfig, *, open_mode: bool) -> None:
        self.name = name
        self.http = HttpUpstream(config)
        headers = {"content-type": "application/json", **config.headers}
        if config.api_key:
            headers["authorization"] = f"Bearer {config.api_key.value}"
        self._static_headers = headers
        self._byok = open_mode and not config.api_key

    async def start(self) -> None:
        await self.http.start()

    async def close(self) -> None:
        await self.http.close()

    def _headers(self, ex: Exchange, *, stream: bool = False) -> dict[str, str]:
        headers = dict(self._static_headers)
        for name, value in ex.headers:
            if name in _FORWARDED:
                headers[name.decode("latin-1")] = value.decode("latin-1")
        if self._byok and ex.authorization:
            headers["authorization"] = ex.authorization.decode("latin-1")
        if stream:
            headers["accept"] = "text/event-stream"
            headers["accept-encoding"] = "identity"  # compressed SSE would be buffered by codecs
        return headers

    def _chat_body(self, ex: Exchange, dep: Deployment) -> bytes:
        assert ex.body is not None
        body: dict[str, Any] = dict(ex.body)
        body["model"] = dep.model
        if ex.stream:
            opts = body.get("stream_options")
            body["stream_options"] = (
                {**opts, "include_usage": True} if isinstance(opts, dict) else {"include_usage": True}
            )
        return orjson.dumps(body)

    async def chat(self, ex: Exchange, dep: Deployment) -> ChatResponse:
        url = self.http.base_url + "/chat/completions"
        resp = await self.http.request("POST", url, self._chat_body(ex, dep), self._headers(ex))
        try:
            body = await resp.read()
        except BaseException as exc:
            resp.close()
            raise map_client_error(exc, self.http.config.timeouts.first_byte_s) from exc
        if resp.status >= 400:
            raise upstream_error(resp.status, body, resp.headers)
        return ChatResponse(resp.status, body, response_headers(resp))

    async def chat_stream(self, ex: Exchange, dep: Deployment) -> ChatEventStream:
        url = self.http.base_url + "/chat/completions"
        resp = await self.http.request("POST", url, self._chat_body(ex, dep), self._headers(ex, stream=True))
        try:
            await _check_stream_status(resp)
            parser = SSEParser()
            first = await _first_events(resp, parser)
        except BaseException as exc:
            resp.close()
            raise map_client_error(exc, self.http.config.timeouts.first_byte_s) from exc
        self.http.switch_to_idle_timeout(resp)
        return ChatEventStream(resp.status, response_headers(resp), first, self._more(resp, parser))

    async def _more(self, resp: aiohttp.ClientResponse, parser: SSEParser) -> AsyncGenerator[list[SSEEvent], None]:
        content = resp.content
        try:
            while True:
                data = await content.readany()
                if not data:
                    tail = parser.close()
                    if tail:
                        yield tail
                    return
                events = parser.feed(data)
                if events:
                    yield events
        except (aiohttp.ClientError, OSError, TimeoutError) as exc:
            raise map_client_error(exc, self.http.idle_s) from exc
        finally:
            # A finished body lets the connection go back to the pool; anything else aborts it.
            if content.is_eof():
                resp.release()
            else:
                resp.close()

    async def passthrough(self, ex: Exchange, path_qs: str) -> aiohttp.ClientResponse:
        headers = self._headers(ex)
        for name, value in ex.headers:
            if name in (b"content-type", b"accept"):
                headers[name.decode("latin-1")] = value.decode("latin-1")
        if ex.method in ("GET", "HEAD", "DELETE") and not ex.raw_body:
            headers.pop("content-type", None)
        url = self.http.base_url + path_qs
        return await self.http.request(ex.method, url, ex.raw_body or None, headers)

    def switch_to_idle_timeout(self, resp: aiohttp.ClientResponse) -> None:
        self.http.switch_to_idle_timeout(resp)


async def _check_stream_status(resp: aiohttp.ClientResponse) -> None:
    if resp.status >= 400:
        raise upstream_error(resp.status, await resp.read(), resp.headers)
    ctype = resp.headers.get("content-type", "")
    if not ctype.startswith("text/event-stream"):
        body = (await resp.read())[:300].decode("utf-8", "replace")
        raise UpstreamProtocolError(
            f"The upstream answered a stream request with '{ctype or 'no content type'}' instead of an event "
            f"stream: {body}"
        )


async def _first_events(resp: aiohttp.ClientResponse, parser: SSEParser) -> list[SSEEvent]:
    while True:
        data = await resp.content.readany()
        if not data:
            tail = parser.close()
            if tail:
                return tail
            raise UpstreamProtocolError("The upstream closed the stream before sending any event. Try again.")
        events = parser.feed(data)
        if events:
            return events
