"""The texts of Anthropic Messages requests and answers, each as a `TextSlot` replaceable in place.

Guarantees: `input_slots` finds every text of a Messages request the model reads: `system` (a
string or its text blocks), each message's string content and text blocks, the content of every
`tool_result` (a string or its text blocks), every string inside a `tool_use` block's `input` (the
arguments of calls made earlier), and plain-text documents. `answer_slots` finds every text of a
Message an output guardrail reads: text blocks and every string in a `tool_use` input. Thinking
blocks are never read: their text is signed by the upstream, so a rewrite would make the
conversation unusable, and reasoning is not the answer. A slot is only made for a non-empty string,
and rewriting it changes that string only, so every other field (`cache_control`, images,
signatures) reaches the upstream, or the caller, untouched; a rewritten string inside a tool's
`input` keeps the input valid JSON, since it is a value, never a fragment of JSON text.
"""

from __future__ import annotations

from typing import Any

from proxy.core.surface import TextSlot


def input_slots(body: dict[str, Any]) -> list[TextSlot]:
    """Every text of a Messages request the model reads, in the order it reads them."""
    slots: list[TextSlot] = []
    _content(body, "system", slots)
    messages = body.get("messages")
    for message in messages if isinstance(messages, list) else ():
        if isinstance(message, dict):
            _content(message, "content", slots)
    return slots


def answer_slots(message: dict[str, Any]) -> list[TextSlot]:
    """Every text of a Message that an output guardrail reads: text blocks and tool inputs."""
    slots: list[TextSlot] = []
    content = message.get("content")
    for block in content if isinstance(content, list) else ():
        if not isinstance(block, dict):
            continue
        kind = block.get("type")
        if kind == "text":
            _add(block, "text", slots)
        elif kind == "tool_use":
            _strings(block, "input", slots)
    return slots


def blocks_text(content: Any) -> str:
    """The text of a string content or of its text blocks, joined (images and the rest left out)."""
    if isinstance(content, str):
        return content
    if not isinstance(content, list):
        return ""
    return "".join(b["text"] for b in content if isinstance(b, dict) and isinstance(b.get("text"), str))


def _content(holder: dict[str, Any], field: str, slots: list[TextSlot]) -> None:
    """A string content, or each block of a list of content blocks."""
    content = holder.get(field)
    if isinstance(content, str):
        _add(holder, field, slots)
        return
    for block in content if isinstance(content, list) else ():
        if isinstance(block, dict):
            _block(block, slots)


def _block(block: dict[str, Any], slots: list[TextSlot]) -> None:
    kind = block.get("type")
    if kind == "text":
        _add(block, "text", slots)
    elif kind == "tool_result":
        _content(block, "content", slots)
    elif kind == "tool_use":
        _strings(block, "input", slots)
    elif kind == "document":
        source = block.get("source")
        if isinstance(source, dict) and source.get("type") == "text":
            _add(source, "data", slots)
        elif isinstance(source, dict) and source.get("type") == "content":
            _content(source, "content", slots)


def _strings(holder: dict[str, Any], key: str, slots: list[TextSlot]) -> None:
    """Every non-empty string inside `holder[key]`, however deep (walked without recursion, so
    no nesting the JSON parser accepts can hide one), in document order."""
    stack: list[tuple[dict[str, Any] | list[Any], str | int]] = [(holder, key)]
    while stack:
        container, at = stack.pop()
        value = container[at]  # type: ignore[index]
        if isinstance(value, str):
            if value:
                slots.append(TextSlot(container, at))
        elif isinstance(value, dict):
            stack.extend((value, name) for name in reversed(list(value)))
        elif isinstance(value, list):
            stack.extend((value, index) for index in reversed(range(len(value))))


def _add(holder: dict[str, Any], field: str, slots: list[TextSlot]) -> None:
    if isinstance(holder.get(field), str) and holder[field]:
        slots.append(TextSlot(holder, field))
