"""`POST /v1/messages` (streamed or not) and `POST /v1/messages/count_tokens`: the Anthropic
Messages API (protocol.md §6, §11).

Requests are checked as Anthropic checks them (see `anthropic_request`). The same knobs as for
chat apply; `thinking` (or a request that turns thinking on), `text_before_tools`, `stop_reason`
and the cache counts shape the blocks and usage. count_tokens answers the same input estimate
the answer's `usage.input_tokens` carries. Blocks are sequential: `tool_calls=N` gives N tool_use blocks
one after another (no interleaving as in OpenAI streams).
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

from llm_proxy_mock import anthropic_request as req
from llm_proxy_mock import anthropic_wire as wire
from llm_proxy_mock.chat import text_pieces
from llm_proxy_mock.exchange import Exchange, serve
from llm_proxy_mock.openai_wire import TEXT_BEFORE_TOOLS, TOOL_NAME, answer_model, split_text, tool_call_arguments
from llm_proxy_mock.streaming import StreamPlan, send_stream


def validate(payload: dict[str, Any]) -> tuple[str, list[Any], int]:
    """`model`, `messages`, `max_tokens` and the blocks as Anthropic checks them (400, or 404 for the missing model)."""
    model, messages = req.check_model_and_messages(payload)
    max_tokens = req.check_max_tokens(payload)
    req.check_body(payload, messages, max_tokens)
    return model, messages, max_tokens


def build_blocks(ex: Exchange, max_tokens: int, thinking: bool = False) -> tuple[list[wire.Block], str]:
    """The answer's content blocks and its automatic stop reason; a thinking block first when the
    `thinking` knob or the request (`thinking`) asks for one."""
    knobs = ex.knobs
    blocks = []
    if knobs.thinking or thinking:
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
    blocks, auto_stop = build_blocks(ex, max_tokens, req.wants_thinking(payload))
    stop_reason = ex.knobs.stop_reason if ex.knobs.stop_reason is not None else auto_stop
    stop_sequence = None
    sequences = payload.get("stop_sequences")
    if stop_reason == "stop_sequence" and isinstance(sequences, list) and sequences and isinstance(sequences[0], str):
        stop_sequence = sequences[0]
    input_tokens = req.input_tokens(payload, messages)
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


async def _count_tokens(ex: Exchange) -> web.StreamResponse:
    payload = ex.json_object()
    _, messages = req.check_model_and_messages(payload)
    req.check_body(payload, messages, None)
    tokens = req.input_tokens(payload, messages)
    early = await ex.preamble(stream=False)
    if early is not None:
        return early
    return await ex.send_json({"input_tokens": tokens})


async def count_tokens(request: web.Request) -> web.StreamResponse:
    """`POST /v1/messages/count_tokens`: `{"input_tokens": N}`, the estimate `/v1/messages` reports."""
    return await serve(request, _count_tokens, flavor="anthropic")
