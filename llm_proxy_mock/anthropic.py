"""`POST /v1/messages`: the Anthropic Messages API (protocol.md §6), streamed or not.

The same knobs as for chat apply; `thinking`, `text_before_tools`, `stop_reason` and the cache
counts shape the blocks and usage. Blocks are sequential: `tool_calls=N` gives N tool_use blocks
one after another (no interleaving as in OpenAI streams).
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

from llm_proxy_mock import anthropic_wire as wire
from llm_proxy_mock.chat import text_pieces
from llm_proxy_mock.exchange import ApiError, Exchange, serve
from llm_proxy_mock.openai_wire import (
    MISSING_MODEL,
    TEXT_BEFORE_TOOLS,
    TOOL_NAME,
    answer_model,
    count_words,
    estimate_prompt_tokens,
    split_text,
    tool_call_arguments,
)
from llm_proxy_mock.streaming import StreamPlan, send_stream

ROLES = ("user", "assistant")


def _invalid(message: str) -> ApiError:
    return ApiError(400, message)


def validate(payload: dict[str, Any]) -> tuple[str, list[Any], int]:
    """`model`, `messages` and `max_tokens` as Anthropic checks them (400, or 404 for the missing model)."""
    model = payload.get("model")
    if not isinstance(model, str) or not model:
        raise _invalid("model: Field required" if model is None else "model: Input should be a valid string")
    messages = payload.get("messages")
    if not isinstance(messages, list):
        raise _invalid("messages: Field required" if messages is None else "messages: Input should be a valid list")
    max_tokens = payload.get("max_tokens")
    if isinstance(max_tokens, bool) or not isinstance(max_tokens, int):
        raise _invalid("max_tokens: Field required" if max_tokens is None else "max_tokens: Input should be an integer")
    if max_tokens < 1:
        raise _invalid("max_tokens: Input should be greater than or equal to 1")
    for i, message in enumerate(messages):
        if not isinstance(message, dict) or message.get("role") not in ROLES:
            raise _invalid(f"messages.{i}.role: Input should be 'user' or 'assistant'")
        if not isinstance(message.get("content"), str | list):
            raise _invalid(f"messages.{i}.content: Field required")
    if model == MISSING_MODEL:
        raise ApiError(404, f"model: {model}", param="model")
    return model, messages, max_tokens


def _system_tokens(system: Any) -> int:
    if isinstance(system, str):
        return count_words(system)
    if isinstance(system, list):
        return estimate_prompt_tokens([{"content": system}]) - 4
    return 0


def build_blocks(ex: Exchange, max_tokens: int) -> tuple[list[wire.Block], str]:
    """The answer's content blocks and its automatic stop reason."""
    knobs = ex.knobs
    blocks = []
    if knobs.thinking:
        pieces = split_text(wire.THINKING_TEXT, wire.THINKING_PIECES)
        blocks.append(wire.thinking_block(pieces, f"EqMockSignature{ex.serial:06d}=="))
    if knobs.tool_calls == 0:
        pieces, finish = text_pieces(knobs, max_tokens)
        blocks.append(wire.text_block(pieces))
        return blocks, "max_tokens" if finish == "length" else "end_turn"
    if knobs.text_before_tools:
        blocks.append(wire.text_block([TEXT_BEFORE_TOOLS]))
    for k in range(knobs.tool_calls):
        arguments = tool_call_arguments(k)
        fragments = [f for f in split_text(arguments, knobs.chunks) if f]
        blocks.append(wire.tool_use_block(f"toolu_{k}_mock{ex.serial:06d}", TOOL_NAME, arguments, fragments))
    return blocks, "tool_use"


def message_object(
    ex: Exchange, payload: dict[str, Any], model: str, messages: list[Any], max_tokens: int
) -> tuple[dict[str, Any], list[wire.Block]]:
    """The non-stream Message and the blocks it was built from."""
    blocks, auto_stop = build_blocks(ex, max_tokens)
    stop_reason = ex.knobs.stop_reason if ex.knobs.stop_reason is not None else auto_stop
    stop_sequence = None
    sequences = payload.get("stop_sequences")
    if stop_reason == "stop_sequence" and isinstance(sequences, list) and sequences and isinstance(sequences[0], str):
        stop_sequence = sequences[0]
    input_tokens = estimate_prompt_tokens(messages) + _system_tokens(payload.get("system"))
    message = {
        "id": f"msg_mock{ex.serial:06d}",
        "type": "message",
        "role": "assistant",
        "model": answer_model(model, ex.knobs),
        "content": [b.final for b in blocks],
        "stop_reason": stop_reason,
        "stop_sequence": stop_sequence,
        "usage": wire.usage(input_tokens, wire.output_tokens(blocks), ex.knobs),
    }
    return message, blocks


async def _messages(ex: Exchange) -> web.StreamResponse:
    payload = ex.json_object()
    model, messages, max_tokens = validate(payload)
    message, blocks = message_object(ex, payload, model, messages, max_tokens)
    stream = payload.get("stream") is True
    early = await ex.preamble(stream=stream)
    if early is not None:
        return early
    if not stream:
        return await ex.send_json(message)
    head, body = wire.stream_events(message, blocks)
    tail = wire.stream_tail(message, len(blocks) - 1)
    return await send_stream(ex, StreamPlan(head, body, tail, done=False, error_event=wire.stream_error_event))


async def messages(request: web.Request) -> web.StreamResponse:
    """`POST /v1/messages`."""
    return await serve(request, _messages, scripted=True, flavor="anthropic")
