"""Chat completion answers as Anthropic Messages `message` objects (protocol.md section 11).

Guarantees: no I/O and no shared state beyond fresh random ids; the objects parse as the
anthropic SDK's `Message`; `content` holds a text block (only when there is text), then one
`tool_use` block per tool call, with ids matching `^[a-zA-Z0-9_-]+$` (`tool_id`, shared with the
stream translation so both paths name a call alike); usage counters missing from the chat answer
count as 0, and cached prompt tokens are reported apart from `input_tokens`, as Anthropic does.

A tool call's arguments become the block's `input`: empty arguments give `{}`; arguments that
are not a JSON object (a cut-short answer, a model's mistake) are kept whole as
`{"_raw_arguments": "<the string>"}`, so nothing is lost, the caller's tool rejects the input
as it would any invalid one, and the model sees its own text when the call is sent back.
"""

from __future__ import annotations

import secrets
from typing import Any

import orjson

from proxy.upstream.translate.anthropic_wire import sanitize_tool_id

RAW_ARGUMENTS = "_raw_arguments"
_STOP_REASONS = {"stop": "end_turn", "length": "max_tokens", "tool_calls": "tool_use", "content_filter": "refusal"}


def new_message_id() -> str:
    """A fresh `msg_…` id (24 random url-safe characters)."""
    return "msg_" + secrets.token_urlsafe(18)


def new_tool_id() -> str:
    """A fresh `toolu_…` id, for a tool call the upstream sent without one."""
    return "toolu_" + secrets.token_urlsafe(18)


def tool_id(raw: str) -> str:
    """A tool id matching `^[a-zA-Z0-9_-]+$`; the same input always gives the same output, and
    distinct inputs never collide (an id that needed changes gets a digest of the original)."""
    return sanitize_tool_id(raw)


def stop_reason(finish_reason: Any) -> str:
    """Chat finish_reason -> Messages stop_reason; an unknown or missing reason is `end_turn`."""
    return _STOP_REASONS.get(finish_reason, "end_turn") if isinstance(finish_reason, str) else "end_turn"


def message_usage(usage: dict[str, Any] | None) -> dict[str, int]:
    """Chat usage -> Messages usage: cached prompt tokens are read from the cache, the rest is input."""
    usage = usage or {}
    details = usage.get("prompt_tokens_details")
    cached = _count(details if isinstance(details, dict) else {}, "cached_tokens")
    return {
        "input_tokens": max(_count(usage, "prompt_tokens") - cached, 0),
        "output_tokens": _count(usage, "completion_tokens"),
        "cache_read_input_tokens": cached,
        "cache_creation_input_tokens": 0,
    }


def _count(obj: dict[str, Any], key: str) -> int:
    value = obj.get(key)
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def tool_input(arguments: Any) -> dict[str, Any]:
    """A tool call's `arguments` string -> a `tool_use` block's `input` (see the module docstring)."""
    if not isinstance(arguments, str) or not arguments.strip():
        return {}
    try:
        value = orjson.loads(arguments)
    except orjson.JSONDecodeError:
        value = None
    return value if isinstance(value, dict) else {RAW_ARGUMENTS: arguments}


def to_message(answer: dict[str, Any], *, message_id: str, model: str) -> dict[str, Any]:
    """A chat.completion answer -> the Messages `message`; `model` is what to show the caller.

    Only the first choice is read (a Messages request asks for one answer). A refusal (OpenAI's
    `message.refusal`) becomes the text, with `stop_reason: "refusal"`.
    """
    choices = answer.get("choices") or [{}]
    choice = choices[0] if isinstance(choices[0], dict) else {}
    message = choice.get("message") or {}
    text, refusal = message.get("content"), message.get("refusal")
    content: list[dict[str, Any]] = []
    joined = "".join(t for t in (text, refusal) if isinstance(t, str))
    if joined:
        content.append({"type": "text", "text": joined})
    for call in message.get("tool_calls") or []:
        function = call.get("function") or {}
        raw_id = call.get("id")
        block_id = tool_id(raw_id) if isinstance(raw_id, str) and raw_id else new_tool_id()
        name = function.get("name") or ""
        content.append(
            {"type": "tool_use", "id": block_id, "name": name, "input": tool_input(function.get("arguments"))}
        )
    return {
        "id": message_id,
        "type": "message",
        "role": "assistant",
        "model": model,
        "content": content,
        "stop_reason": "refusal" if refusal else stop_reason(choice.get("finish_reason")),
        "stop_sequence": None,
        "usage": message_usage(answer.get("usage")),
    }
