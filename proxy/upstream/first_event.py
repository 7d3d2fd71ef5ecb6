"""Peeking at a stream's opening: an error before any content is a failed attempt, not a stream.

Upstreams answer 200 and may still fail before producing anything: OpenAI-compatible servers
put `{"error": ...}` in an event, Anthropic sends `message_start` and then an `overloaded_error`.
Before the caller has seen a byte, such a failure must become a real HTTP error so that retries
and fallbacks can still happen. So the opening events that carry no content (the role chunk,
Azure's prompt-filter chunk) are held back together with the first event that does, which costs
no time to first token.

Guarantees: every opening event must be a chat chunk (a JSON object with a `choices` list), and
`[DONE]` cannot come first; otherwise the attempt fails with UpstreamProtocolError (502). What is
held is bounded: at most `MAX_OPENING_EVENTS` events and `max_bytes` of event data (one O(1)
check per event), after which the attempt fails the same way rather than buffer an upstream
that never gets to the point.
"""

from __future__ import annotations

from typing import Any, Literal

import orjson

from proxy.core.errors import UpstreamProtocolError
from proxy.core.sse import DONE, SSEEvent
from proxy.upstream.providers.base import ChatEventStream
from proxy.upstream.providers.streams import MAX_OPENING_EVENTS
from proxy.upstream.providers.validate import in_band_error, not_an_answer

Opening = Literal["preamble", "content", "error", "bad"]


async def settle_opening(stream: ChatEventStream, max_bytes: int) -> None:
    """Read until the first content-bearing event; raise if the upstream failed before it."""
    checked = held = 0
    while True:
        for event in stream.first[checked:]:
            verdict = _opening_kind(event, first=held == 0)
            if verdict == "content":
                return
            if verdict == "error":
                await stream.more.aclose()
                assert event.obj is not None
                raise in_band_error(event.obj["error"])
            if verdict == "bad":
                await stream.more.aclose()
                raise not_an_answer("a chat completion stream")
            held += len(event.data or b"") + 1
        checked = len(stream.first)
        if checked > MAX_OPENING_EVENTS or held > max_bytes:
            await stream.more.aclose()
            raise UpstreamProtocolError(
                f"The upstream sent {checked} events ({held} bytes) without any content. Try again later."
            )
        try:
            stream.first.extend(await stream.more.__anext__())
        except StopAsyncIteration:
            return


def _opening_kind(event: SSEEvent, *, first: bool) -> Opening:
    """Classify an opening event, keeping its decoded object on the event for the relay."""
    data = event.data
    if not data:
        return "preamble"
    if data == DONE:
        return "bad" if first else "content"
    obj = event.obj
    if obj is None:
        try:
            decoded = orjson.loads(data)
        except orjson.JSONDecodeError:
            return "bad"
        if type(decoded) is not dict:
            return "bad"
        obj = event.obj = decoded
    if obj.get("error"):
        return "error"
    if type(obj.get("choices")) is not list:
        return "bad"
    return "preamble" if _is_preamble(obj) else "content"


def _is_preamble(chunk: dict[str, Any]) -> bool:
    if chunk.get("usage"):
        return False
    for choice in chunk["choices"]:
        if not isinstance(choice, dict) or choice.get("finish_reason"):
            return False
        delta = choice.get("delta") or {}
        if not isinstance(delta, dict) or any(k != "role" and v not in (None, "") for k, v in delta.items()):
            return False
    return True
