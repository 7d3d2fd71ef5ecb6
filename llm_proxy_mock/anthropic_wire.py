"""Pure builders for the Anthropic Messages wire format (protocol.md §6): blocks, usage, events, errors."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import orjson

from llm_proxy_mock.knobs import Knobs
from llm_proxy_mock.sse import Named

THINKING_TEXT = "The user wants a short answer, so I will keep it brief."
THINKING_PIECES = 3

# Error type per status (protocol.md §6); other 4xx are invalid_request_error, other 5xx api_error.
ERROR_TYPES: dict[int, str] = {
    400: "invalid_request_error",
    401: "authentication_error",
    402: "billing_error",
    403: "permission_error",
    404: "not_found_error",
    413: "request_too_large",
    429: "rate_limit_error",
    500: "api_error",
    504: "timeout_error",
    529: "overloaded_error",
}


def error_type(status: int) -> str:
    """Anthropic's `error.type` for an HTTP status."""
    return ERROR_TYPES.get(status, "api_error" if status >= 500 else "invalid_request_error")


def error_body(type_: str, message: str, request_id: str) -> bytes:
    """`{"type": "error", "error": {"type", "message"}, "request_id"}`."""
    return orjson.dumps({"type": "error", "error": {"type": type_, "message": message}, "request_id": request_id})


def knob_error_body(status: int, knobs: Knobs, request_id: str) -> bytes:
    """The error body for a `status` / `fail_status` answer; `error_type` and `error_message` override."""
    message = knobs.error_message or f"mock error: HTTP {status}"
    return error_body(knobs.error_type or error_type(status), message, request_id)


def stream_error_event(knobs: Knobs, sent: int) -> Named:
    """The mid-stream `event: error` sent after `sent` content chunks (overloaded_error unless `error_type`)."""
    message = knobs.error_message or f"mock stream error after {sent} chunks"
    error = {"type": knobs.error_type or "overloaded_error", "message": message}
    return event("error", error=error)


def event(type_: str, **fields: Any) -> Named:
    """An `event: <type>` whose data is `{"type": <type>, **fields}`."""
    return Named(type_.encode(), orjson.dumps({"type": type_, **fields}))


@dataclass(frozen=True, slots=True)
class Block:
    """One content block: its final form, its `content_block_start` form, and its stream deltas."""

    final: dict[str, Any]
    start: dict[str, Any]
    deltas: list[dict[str, Any]]


def thinking_block(pieces: list[str], signature: str) -> Block:
    """A thinking block streamed as `thinking_delta`s and one `signature_delta`."""
    deltas = [{"type": "thinking_delta", "thinking": p} for p in pieces]
    deltas.append({"type": "signature_delta", "signature": signature})
    final = {"type": "thinking", "thinking": "".join(pieces), "signature": signature}
    return Block(final, {"type": "thinking", "thinking": ""}, deltas)


def text_block(pieces: list[str]) -> Block:
    """A text block streamed as one `text_delta` per piece."""
    deltas = [{"type": "text_delta", "text": p} for p in pieces]
    return Block({"type": "text", "text": "".join(pieces)}, {"type": "text", "text": ""}, deltas)


def tool_use_block(id_: str, name: str, arguments: str, fragments: list[str]) -> Block:
    """A tool_use block streamed as `input_json_delta`s, the first one empty as Anthropic often sends."""
    deltas = [{"type": "input_json_delta", "partial_json": f} for f in ["", *fragments]]
    final = {"type": "tool_use", "id": id_, "name": name, "input": orjson.loads(arguments)}
    return Block(final, {"type": "tool_use", "id": id_, "name": name, "input": {}}, deltas)


def output_tokens(blocks: list[Block]) -> int:
    """A token estimate for the answer: one per non-empty text, thinking or JSON delta."""
    kinds = {"text_delta": "text", "thinking_delta": "thinking", "input_json_delta": "partial_json"}
    return sum(1 for b in blocks for d in b.deltas if d["type"] in kinds and d[kinds[d["type"]]])


def usage(input_tokens: int, output: int, knobs: Knobs) -> dict[str, int]:
    """The Messages `usage`; the cache counts are separate from (not part of) `input_tokens`."""
    return {
        "input_tokens": input_tokens,
        "output_tokens": output,
        "cache_creation_input_tokens": knobs.cache_creation_tokens,
        "cache_read_input_tokens": knobs.cache_read_tokens,
    }


def stream_events(message: dict[str, Any], blocks: list[Block]) -> tuple[list[Named], list[Named | tuple[Named, ...]]]:
    """The head events and content chunks of a Messages stream for the non-stream `message`.

    Head: `message_start` (empty content, output_tokens 1), the first `content_block_start`, `ping`.
    Each content chunk is one `content_block_delta`; the first delta of every later block carries
    the previous block's `content_block_stop` and its own `content_block_start` before it, and a
    `ping` after it (Anthropic sends pings anywhere in a stream, not only after the head).
    """
    usage_start = {**message["usage"], "output_tokens": 1}
    start = {**message, "content": [], "stop_reason": None, "stop_sequence": None, "usage": usage_start}
    head = [event("message_start", message=start), _block_start(0, blocks[0]), event("ping")]
    body: list[Named | tuple[Named, ...]] = []
    for i, block in enumerate(blocks):
        for j, delta in enumerate(block.deltas):
            chunk = event("content_block_delta", index=i, delta=delta)
            if i and not j:
                body.append((event("content_block_stop", index=i - 1), _block_start(i, block), chunk, event("ping")))
            else:
                body.append(chunk)
    return head, body


def stream_tail(message: dict[str, Any], last_index: int) -> list[Named]:
    """The last block's stop, `message_delta`, `message_stop`.

    `message_delta.usage` is cumulative and, as newer API versions send it, carries the input and
    cache counts as well as `output_tokens`: the final usage, to be replaced into (not added to)
    what `message_start` said.
    """
    delta = {"stop_reason": message["stop_reason"], "stop_sequence": message["stop_sequence"]}
    return [
        event("content_block_stop", index=last_index),
        event("message_delta", delta=delta, usage=message["usage"]),
        event("message_stop"),
    ]


def _block_start(index: int, block: Block) -> Named:
    return event("content_block_start", index=index, content_block=block.start)
