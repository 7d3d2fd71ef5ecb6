"""Peeking at a stream's opening: an error before any content is a failed attempt, not a stream.

Upstreams answer 200 and may still fail before producing anything: OpenAI-compatible servers
put `{"error": ...}` in an event, Anthropic sends `message_start` and then an `overloaded_error`.
Before the caller has seen a byte, such a failure must become a real HTTP error so that retries
and fallbacks can still happen. So the opening events that carry no content (the role chunk,
Azure's prompt-filter chunk) are held back together with the first event that does, which costs
no time to first token.
"""

from __future__ import annotations

from typing import Any

import orjson

from proxy.errors import ProxyError, UpstreamError
from proxy.providers.base import ChatEventStream
from proxy.sse import DONE, SSEEvent


async def settle_opening(stream: ChatEventStream) -> None:
    """Read until the first content-bearing event; raise if the upstream failed before it."""
    checked = 0
    while True:
        for event in stream.first[checked:]:
            verdict = _opening_kind(event)
            if verdict == "error":
                await stream.more.aclose()
                assert event.obj is not None
                raise in_band_error(event.obj["error"])
            if verdict == "content":
                return
        checked = len(stream.first)
        try:
            stream.first.extend(await stream.more.__anext__())
        except StopAsyncIteration:
            return


def _opening_kind(event: SSEEvent) -> str:
    """Classify an opening event, keeping its decoded object on the event for the relay."""
    data = event.data
    if not data:
        return "preamble"
    if data == DONE:
        return "content"
    obj = event.obj
    if obj is None:
        try:
            decoded = orjson.loads(data)
        except orjson.JSONDecodeError:
            return "content"
        if not isinstance(decoded, dict):
            return "content"
        obj = event.obj = decoded
    if obj.get("error"):
        return "error"
    return "preamble" if _is_preamble(obj) else "content"


def _is_preamble(chunk: dict[str, Any]) -> bool:
    choices = chunk.get("choices")
    if not isinstance(choices, list) or chunk.get("usage"):
        return False
    for choice in choices:
        if not isinstance(choice, dict) or choice.get("finish_reason"):
            return False
        delta = choice.get("delta") or {}
        if not isinstance(delta, dict) or any(k != "role" and v not in (None, "") for k, v in delta.items()):
            return False
    return True


def in_band_error(error: Any) -> ProxyError:
    """An in-stream error object as an HTTP error; its type picks the status the SDKs expect."""
    if not isinstance(error, dict):
        return UpstreamError(str(error), status=502)
    kind = f"{error.get('type') or ''} {error.get('code') or ''}".lower()
    status = 429 if "rate_limit" in kind else 503 if "overloaded" in kind else 502
    err = UpstreamError(str(error.get("message") or "The upstream failed before answering."), status=status)
    if isinstance(error.get("code"), str):
        err.code = error["code"]
    if isinstance(error.get("type"), str):
        err.type_ = error["type"]
    return err
