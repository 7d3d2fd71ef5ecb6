"""What the terminal upstream call needs from a provider, independent of its wire format."""

from __future__ import annotations

from collections.abc import AsyncGenerator, Callable
from dataclasses import dataclass
from typing import Any, Protocol

import aiohttp

from proxy.config.policy import Deployment, ProviderConfig
from proxy.core.exchange import Exchange, Headers
from proxy.core.sse import SSEEvent


@dataclass(slots=True)
class ChatResponse:
    """A non-streamed chat answer in OpenAI shape (status < 400); `obj` is `body` decoded by the
    provider that checked its shape (`providers.validate`), so the reply path never parses it again."""

    status: int
    body: bytes
    headers: Headers
    obj: dict[str, Any]


@dataclass(slots=True)
class ChatEventStream:
    """A streamed chat answer in OpenAI chunk shape whose first event has already arrived.

    `more` yields the events of each later upstream read; closing it (aclose) releases or aborts
    the upstream connection. It raises ProxyError subclasses on upstream failure or timeout.
    """

    status: int
    headers: Headers
    first: list[SSEEvent]
    more: AsyncGenerator[list[SSEEvent], None]


Check = Callable[[bytes], dict[str, Any]]  # a 2xx body decoded, or raise: it is not the answer asked for


class Provider(Protocol):
    """A configured upstream. Errors before the first byte are raised as ProxyError subclasses.

    `chat`/`chat_stream` send a chat completions request (the Exchange's body, or `body` when a
    surface translated its own request to chat); `speaks(api)` says whether the provider serves
    another OpenAI API natively (`responses`, `embeddings`), which `call_json`/`call_stream` then
    send: the Exchange's body as the caller sent it, with the deployment's model name.
    """

    name: str
    config: ProviderConfig

    async def start(self) -> None: ...

    async def close(self) -> None: ...

    async def chat(self, ex: Exchange, dep: Deployment, body: dict[str, Any] | None = None) -> ChatResponse: ...

    async def chat_stream(
        self, ex: Exchange, dep: Deployment, body: dict[str, Any] | None = None
    ) -> ChatEventStream: ...

    def speaks(self, api: str) -> bool: ...

    async def call_json(self, ex: Exchange, dep: Deployment, api: str, check: Check) -> ChatResponse: ...

    async def call_stream(self, ex: Exchange, dep: Deployment, api: str) -> ChatEventStream: ...

    async def passthrough(self, ex: Exchange, path_qs: str) -> aiohttp.ClientResponse: ...

    def switch_to_idle_timeout(self, resp: aiohttp.ClientResponse) -> None: ...
