"""The typed SSE events of a streamed Responses answer, in the real order (protocol.md §9):

`response.created`, `response.in_progress`, then per output item `output_item.added`, its deltas
(`content_part.added`, `output_text.delta`*, `output_text.done`, `content_part.done` for a message;
`function_call_arguments.delta`*/`.done` for a function call), `output_item.done`, and finally
`response.completed` (or `response.incomplete`) carrying the full output and usage. No `[DONE]`.

Each delta is one content chunk for the stream knobs (`error_event_after`, `drop_after`, ...); the
structural events before a delta leave in the same write. `sequence_number` counts every event,
including the `error` event `error_event_after` sends.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import orjson

from llm_proxy_mock.knobs import Knobs
from llm_proxy_mock.responses_wire import output_text_part
from llm_proxy_mock.sse import Named, StreamPlan

ERROR_CODE = "server_error"


@dataclass(frozen=True, slots=True)
class PlannedItem:
    """One output item: its final form and what a stream sends of it in deltas (text pieces or
    argument fragments; none for a reasoning item)."""

    final: dict[str, Any]
    deltas: list[str]


class _Events:
    """Events in order, numbered as they are added; `is_delta[i]` marks the content chunks."""

    def __init__(self) -> None:
        self.events: list[Named] = []
        self.is_delta: list[bool] = []

    def add(self, type_: str, *, chunk: bool = False, **fields: Any) -> None:
        data = {"type": type_, "sequence_number": len(self.events), **fields}
        self.events.append(Named(type_.encode(), orjson.dumps(data)))
        self.is_delta.append(chunk)


def _message_events(ev: _Events, index: int, item: PlannedItem) -> None:
    final = item.final
    where = {"item_id": final["id"], "output_index": index}
    ev.add("response.output_item.added", output_index=index, item={**final, "status": "in_progress", "content": []})
    part = {**where, "content_index": 0}
    ev.add("response.content_part.added", **part, part=output_text_part(""))
    for piece in item.deltas:
        ev.add("response.output_text.delta", chunk=True, **part, delta=piece, logprobs=[])
    text = "".join(item.deltas)
    ev.add("response.output_text.done", **part, text=text, logprobs=[])
    ev.add("response.content_part.done", **part, part=output_text_part(text))
    ev.add("response.output_item.done", output_index=index, item=final)


def _function_call_events(ev: _Events, index: int, item: PlannedItem) -> None:
    final = item.final
    where = {"item_id": final["id"], "output_index": index}
    ev.add("response.output_item.added", output_index=index, item={**final, "status": "in_progress", "arguments": ""})
    for fragment in item.deltas:
        ev.add("response.function_call_arguments.delta", chunk=True, **where, delta=fragment)
    ev.add("response.function_call_arguments.done", **where, arguments=final["arguments"])
    ev.add("response.output_item.done", output_index=index, item=final)


def _events(response: dict[str, Any], items: list[PlannedItem]) -> _Events:
    ev = _Events()
    snapshot = {**response, "status": "in_progress", "completed_at": None, "output": [], "usage": None}
    snapshot["incomplete_details"] = None
    ev.add("response.created", response=snapshot)
    ev.add("response.in_progress", response=snapshot)
    for index, item in enumerate(items):
        kind = item.final["type"]
        if kind == "message":
            _message_events(ev, index, item)
        elif kind == "function_call":
            _function_call_events(ev, index, item)
        else:
            ev.add("response.output_item.added", output_index=index, item=item.final)
            ev.add("response.output_item.done", output_index=index, item=item.final)
    terminal = "response.incomplete" if response["status"] == "incomplete" else "response.completed"
    ev.add(terminal, response=response)
    return ev


def stream_plan(response: dict[str, Any], items: list[PlannedItem]) -> StreamPlan:
    """The stream of `response` (its final form) built from `items`: head = the events before the
    first delta, one body chunk per delta (with the structural events just before it), tail = the rest."""
    ev = _events(response, items)
    deltas = [i for i, is_delta in enumerate(ev.is_delta) if is_delta]
    first = deltas[0] if deltas else len(ev.events)
    head = ev.events[:first]
    body: list[tuple[Named, ...]] = []
    start = first
    for i in deltas:
        body.append(tuple(ev.events[start : i + 1]))
        start = i + 1
    tail = ev.events[start:]
    # The sequence number the error event takes after n content chunks: everything sent so far.
    sent_before = [len(head)]
    for chunk in body:
        sent_before.append(sent_before[-1] + len(chunk))

    def error_event(knobs: Knobs, sent: int) -> Named:
        message = knobs.error_message or f"mock stream error after {sent} chunks"
        data = {"type": "error", "code": ERROR_CODE, "message": message, "param": None}
        return Named(b"error", orjson.dumps({**data, "sequence_number": sent_before[sent]}))

    return StreamPlan(head, body, tail, done=False, error_event=error_event)
