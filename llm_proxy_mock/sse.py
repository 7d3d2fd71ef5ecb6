"""What a stream is made of: SSE events, content chunks, and the plan `streaming.send_stream` sends."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from llm_proxy_mock.knobs import Knobs
from llm_proxy_mock.openai_wire import stream_error_event


@dataclass(frozen=True, slots=True)
class Named:
    """An event with an `event:` line before its `data:` line (the Anthropic style)."""

    name: bytes
    data: bytes


# A bare `bytes` event is a `data:`-only event (the OpenAI style).
Event = bytes | Named
# One content chunk: one event, or several that leave in a single write (block boundaries + a delta).
Chunk = Event | tuple[Event, ...]


@dataclass(frozen=True, slots=True)
class StreamPlan:
    """The events of one stream: `head` (e.g. the role chunk), content `body`, then `tail`
    (finish and usage chunks). `[DONE]` is added by `send_stream` when `done` is set, unless the
    `no_done` knob is; `error_event(knobs, sent)` is what `error_event_after` sends."""

    head: Sequence[Event]
    body: Sequence[Chunk]
    tail: Sequence[Event]
    done: bool = True
    error_event: Callable[[Knobs, int], Event] = stream_error_event


def frame(item: Chunk, newline: bytes) -> bytes:
    """The wire bytes of an event or content chunk, each event ended by a blank line."""
    if isinstance(item, tuple):
        return b"".join(frame(event, newline) for event in item)
    if isinstance(item, Named):
        return b"event: " + item.name + newline + b"data: " + item.data + newline + newline
    return b"data: " + item + newline + newline
