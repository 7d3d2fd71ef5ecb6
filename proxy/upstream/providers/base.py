"""What the terminal upstream call needs from a provider, independent of its wire format."""

from __future__ import annotations

from collections.abc import AsyncGenerator
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


class Provider(Protocol):
    """A configured upstream. Errors before the first byte are raised as ProxyError subclasses."""

    name: str
    config: ProviderConfig

    async def start(self) -> None: ...

    async def close(self) -> None: ...

    async def chat(self, ex: Exchange, dep: Deployment) -> ChatResponse: ...

    async def chat_stream(self, ex: Exchange, dep: Deployment) -> ChatEventStream: ...

    async def passthrough(self, ex: Exchange, path_qs: str) -> aiohttp.ClientResponse: ...

    def switch_to_idle_timeout(self, resp: aiohttp.ClientResponse) -> None: ...
