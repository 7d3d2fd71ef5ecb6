"""Responses API answers as the cache keeps and replays them (the Responses answer codec).

Guarantees: a recorded stream's answer is the `response` its `response.completed` event carries
(the whole output and usage, as the API puts it there), so only a stream that completed is kept;
a kept response replays as JSON (a new `resp_` id, the alias as model, zero usage) or as a stream
with the API's full event skeleton in its real order (created, in_progress, then per output item:
added, its parts with text deltas and their done events, done; then completed carrying the whole
response), sequence numbers counting from 0, which the SDK's stream helper accepts; a completed
response whose output a content filter cut (status incomplete) is never kept.
"""

from __future__ import annotations

import secrets
import time
from typing import Any

import orjson

from proxy.cache.answer import Recorder

_PIECE = 48  # characters per replayed text delta
ZERO_USAGE: dict[str, Any] = {
    "input_tokens": 0,
    "input_tokens_details": {"cached_tokens": 0},
    "output_tokens": 0,
    "output_tokens_details": {"reasoning_tokens": 0},
    "total_tokens": 0,
}


class ResponsesRecorder(Recorder):
    """A Responses stream's events; the whole answer is its `response.completed` response."""

    ends_with_done = False  # a Responses stream ends with its terminal event

    def __init__(self, *, max_bytes: int) -> None:
        super().__init__(max_bytes=max_bytes)
        self._response: dict[str, Any] | None = None

    def read(self, obj: dict[str, Any]) -> None:
        if obj.get("type") == "response.completed" and isinstance(obj.get("response"), dict):
            self._response = obj["response"]
            self.complete = True

    def discard(self) -> None:
        self._response = None
        self.complete = False

    def done(self) -> None:
        self.close()

    def finished(self) -> bool:
        return self._response is not None

    def answer(self) -> dict[str, Any]:
        assert self._response is not None
        return self._response


class ResponsesCodec:
    """The cache's view of Responses API answers."""

    __slots__ = ()

    def recorder(self, max_bytes: int) -> Recorder:
        return ResponsesRecorder(max_bytes=max_bytes)

    def cacheable(self, answer: dict[str, Any]) -> bool:
        return answer.get("status") == "completed" and isinstance(answer.get("output"), list)

    def json_bytes(self, answer: dict[str, Any], alias: str) -> bytes:
        return orjson.dumps(replayed(answer, alias))

    def stream_events(self, answer: dict[str, Any], alias: str) -> list[dict[str, Any]]:
        return response_events(replayed(answer, alias))

    def zero_usage(self, obj: dict[str, Any]) -> bool:
        response = obj.get("response")
        if not isinstance(response, dict) or not isinstance(response.get("usage"), dict):
            return False
        response["usage"] = dict(ZERO_USAGE)
        return True


def replayed(answer: dict[str, Any], alias: str) -> dict[str, Any]:
    """A kept response as this replay's: its own id and time, the alias, zero usage."""
    out = dict(answer)
    out.update(id="resp_cache" + secrets.token_hex(12), model=alias, usage=dict(ZERO_USAGE))
    out["created_at"] = int(time.time())
    return out


def response_events(response: dict[str, Any]) -> list[dict[str, Any]]:
    """The event sequence of a stream that produces `response`, numbered from 0."""
    opening = {**response, "status": "in_progress", "output": [], "usage": None}
    events: list[dict[str, Any]] = [
        {"type": "response.created", "response": opening},
        {"type": "response.in_progress", "response": opening},
    ]
    for index, item in enumerate(response.get("output") or ()):
        if isinstance(item, dict):
            events += _item_events(index, item)
    events.append({"type": "response.completed", "response": response})
    for number, event in enumerate(events):
        event["sequence_number"] = number
    return events


def _item_events(index: int, item: dict[str, Any]) -> list[dict[str, Any]]:
    item_id = item.get("id", "")
    kind = item.get("type")
    if kind == "message":
        started = {**item, "status": "in_progress", "content": []}
        events = [{"type": "response.output_item.added", "output_index": index, "item": started}]
        for part_index, part in enumerate(item.get("content") or ()):
            if isinstance(part, dict):
                events += _part_events(index, str(item_id), part_index, part)
    elif kind == "function_call":
        arguments = str(item.get("arguments", ""))
        started = {**item, "status": "in_progress", "arguments": ""}
        where = {"item_id": item_id, "output_index": index}
        events = [
            {"type": "response.output_item.added", "output_index": index, "item": started},
            {"type": "response.function_call_arguments.delta", **where, "delta": arguments},
            {"type": "response.function_call_arguments.done", **where, "arguments": arguments},
        ]
    else:
        events = [{"type": "response.output_item.added", "output_index": index, "item": item}]
    events.append({"type": "response.output_item.done", "output_index": index, "item": item})
    return events


def _part_events(index: int, item_id: str, part_index: int, part: dict[str, Any]) -> list[dict[str, Any]]:
    where = {"item_id": item_id, "output_index": index, "content_index": part_index}
    kind = part.get("type")
    field, prefix = ("text", "response.output_text") if kind == "output_text" else ("refusal", "response.refusal")
    text = str(part.get(field, ""))
    empty = {**part, field: ""}
    events: list[dict[str, Any]] = [{"type": "response.content_part.added", **where, "part": empty}]
    if kind in ("output_text", "refusal"):
        extra: dict[str, Any] = {"logprobs": []} if kind == "output_text" else {}
        for at in range(0, len(text), _PIECE):
            events.append({"type": f"{prefix}.delta", **where, "delta": text[at : at + _PIECE], **extra})
        events.append({"type": f"{prefix}.done", **where, field: text, **extra})
    events.append({"type": "response.content_part.done", **where, "part": part})
    return events


RESPONSES_CODEC = ResponsesCodec()
