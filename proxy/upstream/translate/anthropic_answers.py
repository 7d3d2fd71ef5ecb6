"""Anthropic answers, usage and errors in exact OpenAI shapes (protocol.md section 6).

Guarantees: no I/O and no shared state; `chat.completion` objects, usage with cache tokens folded
into `prompt_tokens` (cached_tokens = cache reads), finish reasons per the mapping table, and
errors as the OpenAI envelope with Anthropic's status (529 becomes 503) and retry headers.
"""

from __future__ import annotations

import time
from typing import Any

import orjson

from proxy.core.errors import UpstreamError

_MAX_MESSAGE = 2000
_FINISH = {
    **dict.fromkeys(("end_turn", "stop_sequence", "pause_turn"), "stop"),
    **dict.fromkeys(("max_tokens", "model_context_window_exceeded"), "length"),
    "tool_use": "tool_calls",
    "refusal": "content_filter",
}
ERROR_TYPES = {  # Anthropic's error type for each status (protocol.md section 6)
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


def from_anthropic_response(message: dict[str, Any], model: str, *, created: int | None = None) -> dict[str, Any]:
    """Anthropic Message -> OpenAI `chat.completion` object; `model` is what to show the caller.

    Text blocks are joined, tool_use blocks become tool_calls (arguments as compact JSON), thinking
    and server-tool blocks are dropped; content is None only when there is no text but tool calls.
    """
    texts: list[str] = []
    calls: list[dict[str, Any]] = []
    for block in message.get("content") or []:
        if block.get("type") == "text":
            texts.append(block.get("text") or "")
        elif block.get("type") == "tool_use":
            arguments = orjson.dumps(block.get("input") or {}).decode()
            function = {"name": block.get("name", ""), "arguments": arguments}
            calls.append({"id": block.get("id", ""), "type": "function", "function": function})
    content = "".join(texts) if texts or not calls else None
    reply: dict[str, Any] = {"role": "assistant", "content": content, "refusal": None}
    if calls:
        reply["tool_calls"] = calls
    reason = finish_reason(message.get("stop_reason"))
    choice = {"index": 0, "message": reply, "logprobs": None, "finish_reason": reason}
    return {
        "id": "chatcmpl-" + str(message.get("id", "")),
        "object": "chat.completion",
        "created": int(time.time()) if created is None else created,
        "model": model,
        "choices": [choice],
        "usage": openai_usage(message.get("usage") or {}),
    }


def openai_usage(usage: dict[str, Any]) -> dict[str, Any]:
    """Anthropic usage -> OpenAI usage: prompt = input + cache_read + cache_creation,
    `prompt_tokens_details.cached_tokens` = cache_read, `cache_write_tokens` = cache_creation.

    Missing or null counters count as 0, so the result always has every key.
    """
    read, write = _count(usage, "cache_read_input_tokens"), _count(usage, "cache_creation_input_tokens")
    prompt = _count(usage, "input_tokens") + read + write
    completion = _count(usage, "output_tokens")
    return {
        "prompt_tokens": prompt,
        "completion_tokens": completion,
        "total_tokens": prompt + completion,
        "prompt_tokens_details": {"cached_tokens": read, "cache_write_tokens": write},
    }


def _count(usage: dict[str, Any], key: str) -> int:
    value = usage.get(key)
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def finish_reason(stop_reason: str | None) -> str:
    """Anthropic stop_reason -> OpenAI finish_reason; unknown or missing reasons become "stop"."""
    return _FINISH.get(stop_reason or "", "stop")


def anthropic_error(status: int, body: bytes, retry_after: str | None, retry_after_ms: str | None) -> UpstreamError:
    """Anthropic error response -> UpstreamError in the OpenAI envelope.

    The status is kept except 529 -> 503; type and code are the Anthropic error type (from the body,
    else from the status); retry-after / retry-after-ms are copied into the error's headers.
    """
    error: Any = None
    try:
        obj = orjson.loads(body)
        error = obj.get("error") if isinstance(obj, dict) else None
    except orjson.JSONDecodeError:
        pass
    if not isinstance(error, dict):
        error = {"message": body.decode("utf-8", "replace").strip()}
    type_ = _str(error.get("type")) or ERROR_TYPES.get(
        status, "api_error" if status >= 500 else "invalid_request_error"
    )
    message = _str(error.get("message")) or f"The upstream returned HTTP {status} without a message."
    # The OpenAI SDK retries 503 as it does 529, but intermediaries understand 503.
    retry = {name: value for name, value in (("retry-after", retry_after), ("retry-after-ms", retry_after_ms)) if value}
    return UpstreamError(
        message[:_MAX_MESSAGE], code=type_, status=503 if status == 529 else status, type_=type_, headers=retry
    )


def stream_error(error: dict[str, Any]) -> dict[str, Any]:
    """An Anthropic `error` event's error object -> the OpenAI in-stream error dict.

    Always `{"error": {"message", "type", "param": None, "code"}}` with type = code = Anthropic type.
    """
    type_ = _str(error.get("type")) or "api_error"
    message = _str(error.get("message")) or f"The upstream stream failed with {type_}."
    return {"error": {"message": message[:_MAX_MESSAGE], "type": type_, "param": None, "code": type_}}


def _str(value: Any) -> str:
    return value if isinstance(value, str) else ""
