"""OpenAI and every OpenAI-compatible server (vLLM, Ollama, TGI, Groq, ...).

Guarantees: the request body keeps every field the caller sent, except what the provider's
`quirks` say to rename or drop and `model`, which becomes the deployment's name; streams ask for
usage (unless `quirks.stream_usage` is off) so the proxy can account for it; response bytes and
stream events are passed on untouched; a 2xx answer must be a chat completion (a JSON object with
a `choices` list; an `error` object in it is the upstream's error), else UpstreamProtocolError;
every read is bounded (see `http` and `streams`); with an empty `api_key` in open mode the
caller's own `Authorization` is forwarded (bring your own key).
"""

from __future__ import annotations

from collections.abc import Coroutine
from typing import Any

import aiohttp
import orjson

from proxy.config.policy import Deployment, ProviderConfig
from proxy.core.errors import PermissionDenied
from proxy.core.exchange import Exchange, anthropic_shaped
from proxy.core.paths import join_under
from proxy.upstream.providers.base import ChatEventStream, ChatResponse, Check
from proxy.upstream.providers.http import (
    FORWARDED_REQUEST_HEADERS,
    HttpUpstream,
    response_headers,
)
from proxy.upstream.providers.streams import open_stream, post_json
from proxy.upstream.providers.upstream_errors import upstream_error
from proxy.upstream.providers.validate import chat_completion

_FORWARDED = frozenset(h.encode() for h in FORWARDED_REQUEST_HEADERS)
_MAX_TOKENS_FIELDS = ("max_tokens", "max_completion_tokens")


class OpenAIProvider:
    """A provider speaking the OpenAI wire format. Subclasses change URLs and auth only."""

    def __init__(self, name: str, config: ProviderConfig, *, open_mode: bool) -> None:
        self.name = name
        self.config = config
        self.http = HttpUpstream(config)
        self._static_headers = {"content-type": "application/json", **self._auth_headers(), **config.headers}
        self._byok = open_mode and not config.api_key

    def _auth_headers(self) -> dict[str, str]:
        key = self.config.api_key
        return {"authorization": f"Bearer {key.value}"} if key else {}

    def chat_url(self, dep: Deployment) -> str:
        return self.http.base_url + "/chat/completions"

    def api_url(self, dep: Deployment, api: str) -> str:
        """The URL of another OpenAI API (`responses`, `embeddings`) for this deployment."""
        return f"{self.http.base_url}/{api}"

    def speaks(self, api: str) -> bool:
        return api == "embeddings" or (api == "responses" and self.config.quirks.responses_api)

    def passthrough_url(self, path_qs: str) -> str:
        return join_under(self.http.base_url, path_qs)

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
            if ex.anthropic_key or anthropic_shaped(ex.authorization):  # Anthropic's: never to another provider
                raise PermissionDenied(
                    "This model is served by a provider this proxy holds no key for, and the key sent on "
                    "Anthropic's API is not forwarded to it. Use a model served by Anthropic, or ask the "
                    "proxy's operator to configure the provider's api_key."
                )
            headers["authorization"] = ex.authorization.decode("latin-1")
        if stream:
            headers["accept"] = "text/event-stream"
            headers["accept-encoding"] = "identity"  # compressed SSE would be buffered by codecs
        return headers

    def chat_body(self, ex: Exchange, dep: Deployment, request: dict[str, Any] | None = None) -> bytes:
        source = request if request is not None else ex.body
        assert source is not None
        body: dict[str, Any] = dict(source)
        body["model"] = dep.model
        quirks = self.config.quirks
        for name in quirks.drop_params:
            body.pop(name, None)
        if quirks.max_tokens_param is not None:
            for name in _MAX_TOKENS_FIELDS:
                if name != quirks.max_tokens_param and name in body:
                    body[quirks.max_tokens_param] = body.pop(name)
        if ex.stream and quirks.stream_usage:
            opts = body.get("stream_options")
            body["stream_options"] = (
                {**opts, "include_usage": True} if isinstance(opts, dict) else {"include_usage": True}
            )
        return orjson.dumps(body)

    # The four calls hand back their request's coroutine rather than await it in a frame of their own.
    def chat(
        self, ex: Exchange, dep: Deployment, body: dict[str, Any] | None = None
    ) -> Coroutine[Any, Any, ChatResponse]:
        return self._post_json(ex, dep, self.chat_url(dep), self.chat_body(ex, dep, body), chat_completion)

    def chat_stream(
        self, ex: Exchange, dep: Deployment, body: dict[str, Any] | None = None
    ) -> Coroutine[Any, Any, ChatEventStream]:
        return self._post_stream(ex, dep, self.chat_url(dep), self.chat_body(ex, dep, body))

    def call_json(self, ex: Exchange, dep: Deployment, api: str, check: Check) -> Coroutine[Any, Any, ChatResponse]:
        return self._post_json(ex, dep, self.api_url(dep, api), _native_body(ex, dep), check)

    def call_stream(self, ex: Exchange, dep: Deployment, api: str) -> Coroutine[Any, Any, ChatEventStream]:
        return self._post_stream(ex, dep, self.api_url(dep, api), _native_body(ex, dep))

    async def _post_json(self, ex: Exchange, dep: Deployment, url: str, body: bytes, check: Check) -> ChatResponse:
        timeouts = dep.timeouts or self.config.timeouts
        resp, raw = await post_json(self.http, url, body, self._headers(ex), timeouts=timeouts, to_error=upstream_error)
        return ChatResponse(resp.status, raw, response_headers(resp), check(raw))

    def _post_stream(
        self, ex: Exchange, dep: Deployment, url: str, body: bytes
    ) -> Coroutine[Any, Any, ChatEventStream]:
        timeouts = dep.timeouts or self.config.timeouts
        headers = self._headers(ex, stream=True)
        return open_stream(self.http, url, body, headers, timeouts=timeouts, to_error=upstream_error)

    async def passthrough(self, ex: Exchange, path_qs: str) -> aiohttp.ClientResponse:
        headers = self._headers(ex)
        for name, value in ex.headers:
            if name in (b"content-type", b"accept"):
                headers[name.decode("latin-1")] = value.decode("latin-1")
        if ex.method in ("GET", "HEAD", "DELETE") and not ex.raw_body:
            headers.pop("content-type", None)
        return await self.http.request(ex.method, self.passthrough_url(path_qs), ex.raw_body or None, headers)

    def switch_to_idle_timeout(self, resp: aiohttp.ClientResponse) -> None:
        self.http.switch_to_idle_timeout(resp)


def _native_body(ex: Exchange, dep: Deployment) -> bytes:
    """The caller's body as sent, with the deployment's model name (every other field untouched)."""
    assert ex.body is not None
    body = dict(ex.body)
    body["model"] = dep.model
    return orjson.dumps(body)
