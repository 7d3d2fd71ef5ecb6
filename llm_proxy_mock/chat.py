"""`POST /v1/chat/completions`: a deterministic text or parallel-tool-call answer, streamed or not."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from aiohttp import web

from llm_proxy_mock.exchange import ApiError, Exchange, serve
from llm_proxy_mock.knobs import Knobs
from llm_proxy_mock.openai_wire import (
    AZURE_FILTER_CHUNK,
    SYSTEM_FINGERPRINT,
    TEXT_BEFORE_TOOLS,
    TOOL_NAME,
    ChunkEncoder,
    answer_model,
    default_content,
    estimate_prompt_tokens,
    split_text,
    tool_call_arguments,
    tool_call_id,
    usage,
)
from llm_proxy_mock.streaming import StreamPlan, send_stream


@dataclass(frozen=True, slots=True)
class ToolCall:
    """One tool call of the answer, with its arguments cut into stream fragments."""

    id: str
    arguments: str
    fragments: list[str]


@dataclass(frozen=True, slots=True)
class Answer:
    """What the mock answers: text `pieces` (one per content chunk) or `tool_calls`."""

    pieces: list[str]
    tool_calls: list[ToolCall]
    finish_reason: str
    prompt_tokens: int
    completion_tokens: int
    cached_tokens: int = 0
    cache_write_tokens: int = 0

    def usage(self) -> dict[str, Any]:
        """The OpenAI `usage` object of this answer."""
        return usage(self.prompt_tokens, self.completion_tokens, self.cached_tokens, self.cache_write_tokens)


def token_limit(payload: dict[str, Any]) -> int | None:
    """`max_completion_tokens`, else `max_tokens`, else None; a non-positive or non-integer value is a 400."""
    for name in ("max_completion_tokens", "max_tokens"):
        value = payload.get(name)
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ApiError(400, f"Invalid '{name}': expected an integer >= 1.", param=name, code="invalid_value")
        return value
    return None


def text_pieces(knobs: Knobs, limit: int | None) -> tuple[list[str], str]:
    """The answer text cut into `chunks` pieces, truncated to `limit` pieces (finish `length`)."""
    text = knobs.content if knobs.content is not None else default_content(knobs.chunks)
    pieces = split_text(text, knobs.chunks)
    if limit is not None and limit < len(pieces):
        return pieces[:limit], "length"
    return pieces, "stop"


def build_answer(ex: Exchange, messages: list[Any], limit: int | None) -> Answer:
    """The answer the knobs describe for this request (`text_before_tools` puts text before tool calls;
    the cache knobs' tokens are added to `prompt_tokens`, as OpenAI's cached tokens are part of it)."""
    knobs = ex.knobs
    cache = (knobs.cache_read_tokens, knobs.cache_creation_tokens)
    prompt_tokens = estimate_prompt_tokens(messages) + sum(cache)
    if knobs.tool_calls > 0:
        calls = []
        for k in range(knobs.tool_calls):
            arguments = tool_call_arguments(k)
            fragments = [f for f in split_text(arguments, knobs.chunks) if f]
            calls.append(ToolCall(tool_call_id(k, ex.serial), arguments, fragments))
        pieces = [TEXT_BEFORE_TOOLS] if knobs.text_before_tools else []
        completion_tokens = sum(len(c.fragments) for c in calls) + len(pieces)
        return Answer(pieces, calls, "tool_calls", prompt_tokens, completion_tokens, *cache)
    pieces, finish_reason = text_pieces(knobs, limit)
    return Answer(pieces, [], finish_reason, prompt_tokens, len(pieces), *cache)


def completion_object(ex: Exchange, model: str, answer: Answer) -> dict[str, Any]:
    """The non-stream `chat.completion` object."""
    message: dict[str, Any] = {"role": "assistant", "content": "".join(answer.pieces), "refusal": None}
    if answer.tool_calls:
        message["content"] = message["content"] or None
        message["tool_calls"] = [
            {"id": c.id, "type": "function", "function": {"name": TOOL_NAME, "arguments": c.arguments}}
            for c in answer.tool_calls
        ]
    return {
        "id": f"chatcmpl-mock{ex.serial:06d}",
        "object": "chat.completion",
        "created": ex.created,
        "model": model,
        "choices": [{"index": 0, "message": message, "logprobs": None, "finish_reason": answer.finish_reason}],
        "usage": answer.usage(),
        "system_fingerprint": SYSTEM_FINGERPRINT,
    }


def _tool_call_deltas(calls: list[ToolCall]) -> list[dict[str, Any]]:
    # First every call's opening fragment, then the argument fragments interleaved across calls
    # (call 0 piece 0, call 1 piece 0, call 0 piece 1, ...), one entry per chunk.
    deltas: list[dict[str, Any]] = [
        {"tool_calls": [{"index": k, "id": c.id, "type": "function", "function": {"name": TOOL_NAME, "arguments": ""}}]}
        for k, c in enumerate(calls)
    ]
    rounds = max(len(c.fragments) for c in calls)
    for r in range(rounds):
        for k, c in enumerate(calls):
            if r < len(c.fragments):
                deltas.append({"tool_calls": [{"index": k, "function": {"arguments": c.fragments[r]}}]})
    return deltas


def stream_plan(ex: Exchange, model: str, answer: Answer, include_usage: bool) -> StreamPlan:
    """The chunk sequence of protocol.md §2: role chunk, content chunks, finish chunk, usage chunk
    (after Azure's prompt-filter chunk when `azure_filter_chunk` is set)."""
    enc = ChunkEncoder(
        object_="chat.completion.chunk",
        id_=f"chatcmpl-mock{ex.serial:06d}",
        created=ex.created,
        model=model,
        usage_null=include_usage or ex.knobs.usage_on_every_chunk,
    )
    head = [AZURE_FILTER_CHUNK] if ex.knobs.azure_filter_chunk else []
    role = enc.chat_delta({"role": "assistant", "content": "" if answer.pieces else None})
    head += [role] * (1 + ex.knobs.role_chunks)
    body = [enc.chat_delta({"content": piece}) for piece in answer.pieces]
    if answer.tool_calls:
        body += [enc.chat_delta(d) for d in _tool_call_deltas(answer.tool_calls)]
    tail = [enc.chat_delta({}, answer.finish_reason)]
    if include_usage:
        tail.append(enc.usage_chunk(answer.usage()))
    return StreamPlan(head, body, tail)


def wants_usage(payload: dict[str, Any]) -> bool:
    """Whether `stream_options.include_usage` is true."""
    options = payload.get("stream_options")
    return isinstance(options, dict) and options.get("include_usage") is True


async def _chat(ex: Exchange) -> web.StreamResponse:
    payload = ex.json_object()
    model = ex.model(payload)
    messages = payload.get("messages")
    if not isinstance(messages, list):
        raise ApiError(
            400, "Missing required parameter: 'messages'.", param="messages", code="missing_required_parameter"
        )
    answer = build_answer(ex, messages, token_limit(payload))
    stream = payload.get("stream") is True
    early = await ex.preamble(stream=stream)
    if early is not None:
        return early
    model = answer_model(model, ex.knobs)
    if stream:
        return await send_stream(ex, stream_plan(ex, model, answer, wants_usage(payload)))
    return await ex.send_json(completion_object(ex, model, answer))


async def chat_completions(request: web.Request) -> web.StreamResponse:
    """`POST /v1/chat/completions` (and the Azure chat paths)."""
    return await serve(request, _chat, scripted=True)
