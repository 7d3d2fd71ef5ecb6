"""The terminal call: send the exchange to its target and shape the answer for the caller.

Guarantees: the caller's status is decided only after the upstream's headers and, for streams,
its first event; errors before that point are raised as ProxyErrors (OpenAI-shaped HTTP errors);
time spent waiting on the upstream is added to `ex.upstream_s`. Retries, fallback across targets
and circuit breakers belong here (next stage of work); today the first target is called.
"""

from __future__ import annotations

import time
from collections.abc import Sequence

from proxy.chat import json_reply, upstream_request_id
from proxy.exchange import Exchange, Headers, Reply, StreamReply
from proxy.providers.base import Provider
from proxy.relay import ChatRelay
from proxy.stage import Stage

SSE_HEADERS: Headers = [
    (b"content-type", b"text/event-stream; charset=utf-8"),
    (b"cache-control", b"no-cache"),
    (b"x-accel-buffering", b"no"),
]
_SSE_OWN = frozenset(name for name, _ in SSE_HEADERS)


class Upstream:
    """Owns the providers for the lifetime of the app."""

    __slots__ = ("providers",)

    def __init__(self, providers: dict[str, Provider]) -> None:
        self.providers = providers

    async def start(self) -> None:
        for provider in self.providers.values():
            await provider.start()

    async def close(self) -> None:
        for provider in self.providers.values():
            await provider.close()

    async def chat(self, ex: Exchange, chunk_stages: Sequence[Stage]) -> Reply:
        dep = ex.targets[0]
        ex.deployment = dep
        ex.provider = dep.provider
        provider = self.providers[dep.provider]
        t0 = time.perf_counter()
        try:
            if ex.stream:
                stream = await provider.chat_stream(ex, dep)
            else:
                return json_reply(ex, await provider.chat(ex, dep))
        finally:
            ex.upstream_s += time.perf_counter() - t0
        ex.upstream_request_id = upstream_request_id(stream.headers)
        headers = SSE_HEADERS + [h for h in stream.headers if h[0] not in _SSE_OWN and h[0] != b"content-type"]
        return StreamReply(stream.status, ChatRelay(ex, stream, chunk_stages).events(), headers)
