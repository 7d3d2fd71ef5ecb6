"""Cheap input-size estimates, for decisions that must not wait for the upstream's count.

The estimate is about four characters per token over every text the model will read, plus a few
tokens per message for framing: close to tiktoken for English prose, and deliberately simple so it
costs microseconds. Exact counting (tiktoken) belongs to the token-accounting stage.
"""

from __future__ import annotations

from typing import Any

_CHARS_PER_TOKEN = 4
_PER_MESSAGE = 4


def estimate_input_tokens(body: dict[str, Any]) -> int:
    chars = 0
    messages = body.get("messages")
    count = 0
    if isinstance(messages, list):
        count = len(messages)
        for message in messages:
            if isinstance(message, dict):
                chars += _content_chars(message.get("content"))
    tools = body.get("tools")
    if isinstance(tools, list):
        chars += len(repr(tools))
    return chars // _CHARS_PER_TOKEN + _PER_MESSAGE * count


def _content_chars(content: Any) -> int:
    if isinstance(content, str):
        return len(content)
    if isinstance(content, list):
        return sum(len(p.get("text", "")) for p in content if isinstance(p, dict) and isinstance(p.get("text"), str))
    return 0
