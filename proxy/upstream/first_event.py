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

from collections.abc import Callable
from typing import Any, Literal

import orjson

from proxy.core.errors import UpstreamProtocolError
from proxy.core.sse import DONE, SSEEvent
from proxy.upstream.providers.base import ChatEventStream
from proxy.upstream.providers.streams import MAX_OPENING_EVENTS
from proxy.upstream.providers.validate import in_band_error, not_an_answer

Opening = Literal["preamble", "content", "error", "bad"]


async def settle_opening(stream: ChatEventStream, max_bytes: int) -> None:
    """Read until the first content-bearing chat chunk; raise if the upstream failed before it."""
    await _settle(stream, max_bytes, _opening_kind, "a chat completion stream")


async def settle_responses_opening(stream: ChatEventStream, max_bytes: int) -> None:
    """The same for a Responses stream: `response.created`/`in_progress`/`queued` are its preamble,
    an `error` event or `response.failed` before anything else is a failed attempt."""
    await _settle(stream, max_bytes, _responses_opening_kind, "a Responses event stream")


async def settle_messages_opening(stream: ChatEventStream, max_bytes: int) -> None:
    """The same for an Anthropic Messages stream: `message_start`, `ping` and block starts are its
    preamble, an `error` event before the first delta is a failed attempt (Anthropic's overloaded
    error typically comes right after `message_start`)."""
    await _settle(stream, max_bytes, _messages_opening_kind, "a Messages event stream")


async def _settle(
    stream: ChatEventStream, max_bytes: int, kind_of: Callable[[SSEEvent, bool], Opening], what: str
) -> None:
    checked = held = 0
    while True:
        for event in stream.first[checked:]:
            verdict = kind_of(event, held == 0)
            if verdict == "content":
                return
            if verdict == "error":
                await stream.more.aclose()
                assert event.obj is not None
                raise in_band_error(_error_of(event.obj))
            if verdict == "bad":
                await stream.more.aclose()
                raise not_an_answer(what)
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


def _decoded(event: SSEEvent) -> dict[str, Any] | None:
    """The event's JSON object, decoded once and kept on the event for the relay."""
    obj = event.obj
    if obj is None:
        try:
            decoded = orjson.loads(event.data or b"")
        except orjson.JSONDecodeError:
            return None
        if type(decoded) is not dict:
            return None
        obj = event.obj = decoded
    return obj


def _error_of(obj: dict[str, Any]) -> Any:
    """The error object of an opening that failed: a chat chunk's `error`, a Responses `error`
    event itself, an Anthropic `error` event's `error`, or a failed response's `error`."""
    if obj.get("type") == "error":
        error = obj.get("error")
        return error if isinstance(error, dict) and obj.get("message") is None else obj
    if obj.get("type") == "response.failed":
        response = obj.get("response")
        error = response.get("error") if isinstance(response, dict) else None
        return error if isinstance(error, dict) else {"message": "The upstream failed the response."}
    return obj["error"]


_RESPONSES_PREAMBLE = frozenset({"response.created", "response.in_progress", "response.queued"})


def _responses_opening_kind(event: SSEEvent, first: bool) -> Opening:
    if not event.data:
        return "preamble"
    obj = _decoded(event)
    kind = obj.get("type") if obj is not None else None
    if type(kind) is not str:
        return "bad"
    if kind in ("error", "response.failed"):
        return "error"
    return "preamble" if kind in _RESPONSES_PREAMBLE else "content"


_MESSAGES_PREAMBLE = frozenset({"message_start", "ping", "content_block_start"})


def _messages_opening_kind(event: SSEEvent, first: bool) -> Opening:
    if not event.data:
        return "preamble"
    obj = _decoded(event)
    kind = obj.get("type") if obj is not None else None
    if type(kind) is not str or (first and kind != "message_start" and kind not in ("ping", "error")):
        return "bad"
    if kind == "error":
        return "error"
    return "preamble" if kind in _MESSAGES_PREAMBLE else "content"


def _opening_kind(event: SSEEvent, first: bool) -> Opening:
    """Classify an opening chat event."""
    data = event.data
    if not data:
        return "preamble"
    if data == DONE:
        return "bad" if first else "content"
    obj = _decoded(event)
    if obj is None:
        return "bad"
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
