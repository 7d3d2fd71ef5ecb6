"""Calls the proxy makes on its own account (shadow traffic, an LLM classifier): one chat
completion to an alias through the upstream layer, bypassing the request pipeline.

The upstream layer arrives as a `ChatUpstream` (anything with `whole_answer(ex) -> Reply`, in practice
`proxy.upstream.call.Upstream`), so feature packages make side calls without importing it.

Guarantees: never raises for an upstream failure, a timeout or a malformed answer; the outcome
says which (`ok`, `error`, `timeout`) with latency, usage, cost (from the serving deployment's
prices) and the first choice's text; retries, fallbacks and breakers apply as for any call to the
alias; nothing is taken from any caller's limits or budgets (those live in the pipeline).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from proxy.core.errors import ProxyError
from proxy.core.exchange import Exchange, JsonReply, Reply, Usage
from proxy.core.surface import Surface


class ChatUpstream(Protocol):
    """The terminal call: one chat completion of an Exchange, with retries, fallbacks and breakers,
    as a whole answer (usage recorded on the Exchange, the provider's parse kept on the reply)."""

    async def whole_answer(self, ex: Exchange) -> Reply: ...


@dataclass(slots=True)
class SideAnswer:
    """How one side call went."""

    error: bool
    latency_s: float | None
    usage: Usage | None
    cost_usd: float
    text: str
    reason: str  # ok | error | timeout


async def side_call(
    upstream: ChatUpstream,
    alias: str,
    body: dict[str, Any],
    *,
    request_id: str,
    tenant: str | None,
    authorization: bytes | None,
    timeout_s: float,
    surface: Surface,
    anthropic_key: bool = False,
    clock: Callable[[], float] = time.perf_counter,
) -> SideAnswer:
    """One non-streamed chat completion of `body` on `alias`, abandoned after `timeout_s`; `surface`
    reads the body (the chat surface, or the door of the request a shadow mirrors)."""
    sx = Exchange(
        request_id=request_id,
        endpoint="chat",
        method="POST",
        path="/v1/chat/completions",
        t_start=clock(),
        headers=[],
        authorization=authorization,
        anthropic_key=anthropic_key,
        body=body,
        tenant=tenant,
        alias=alias,
        surface=surface,
    )
    try:
        async with asyncio.timeout(timeout_s):
            reply = await upstream.whole_answer(sx)
    except TimeoutError:
        return SideAnswer(True, None, None, 0.0, "", "timeout")
    except ProxyError:
        return SideAnswer(True, clock() - sx.t_start, None, 0.0, "", "error")
    latency = clock() - sx.t_start
    if not isinstance(reply, JsonReply) or reply.status != 200:
        return SideAnswer(True, latency, None, 0.0, "", "error")
    usage, cost = sx.usage, 0.0
    if usage is not None and sx.deployment is not None:
        cost = usage.cost_usd(sx.deployment)
    text = surface.answer_text(reply.obj) if reply.obj is not None else None
    return SideAnswer(False, latency, usage, cost, text or "", "ok")
