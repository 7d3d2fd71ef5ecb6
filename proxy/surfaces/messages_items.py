"""The texts of Anthropic Messages requests and answers, each as a `TextSlot` replaceable in place.

Guarantees: `input_slots` finds every text of a Messages request the model reads: `system` (a
string or its text blocks), each message's string content and text blocks, the content of every
`tool_result` (a string or its blocks), every string inside a `tool_use` block's `input` (the
arguments of calls made earlier), documents' text, title and context, and, failing closed, every
string of any other block (search results, server tools' calls and results, block kinds added
later) but the keys that hold no words (ids, types, media types, base64 `data`, signatures).
`answer_slots` finds every text of a Message an output guardrail reads: every block's but
thinking's. Images are binary, and thinking blocks are never read: their text is signed by the
upstream, so a rewrite would make the conversation unusable. A slot is only made for a non-empty
string, and rewriting it changes that string only, so every other field (`cache_control`, images,
signatures) reaches the upstream, or the caller, untouched; a rewritten string inside a tool's
`input` keeps the input valid JSON, since it is a value, never a fragment of JSON text. Walking is
iterative: no nesting the JSON parser accepts can exhaust the stack.
"""

from __future__ import annotations

from typing import Any

from proxy.core.surface import TextSlot

# Blocks the model reads but no guardrail may rewrite or needs to: images (binary), and thinking,
# which the upstream signs (a rewrite makes the conversation unusable).
_UNREAD = frozenset({"image", "thinking", "redacted_thinking"})
# Keys of a block (or of the objects in it) that never hold words the model reads: structure,
# binary or encrypted data, signatures. `data` only when base64 (a plain-text source's `data` is text).
_NOT_TEXT = frozenset(
    {
        "type",
        "id",
        "tool_use_id",
        "media_type",
        "file_id",
        "signature",
        "cache_control",
        "encrypted_content",
        "encrypted_index",
        "encrypted_stdout",
        "encrypted_stderr",
    }
)


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
        elif kind not in _UNREAD:
            _strings(block, None, slots)  # server tools' calls and results: every text they carry
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
    elif kind == "tool_use":
        _strings(block, "input", slots)
    elif kind == "tool_result":
        _result(block, slots)
    elif kind == "document":
        _document(block, slots)
    elif kind not in _UNREAD:
        _strings(block, None, slots)  # search results, server tools' blocks, new kinds: every text


def _document(block: dict[str, Any], slots: list[TextSlot]) -> None:
    """A document's title, context and, for a plain-text source, its text (a PDF is binary)."""
    source = block.get("source")
    if isinstance(source, dict) and source.get("type") == "text":
        _add(source, "data", slots)
    elif isinstance(source, dict) and source.get("type") == "content":
        _result(source, slots)
    for field in ("title", "context"):
        _add(block, field, slots)


def _result(block: dict[str, Any], slots: list[TextSlot]) -> None:
    """A tool result's content: a string, or its blocks (never nested results: read as any block)."""
    content = block.get("content")
    if isinstance(content, str):
        _add(block, "content", slots)
    for part in content if isinstance(content, list) else ():
        if isinstance(part, dict) and part.get("type") == "text":
            _add(part, "text", slots)
        elif isinstance(part, dict) and part.get("type") == "document":
            _document(part, slots)
        elif isinstance(part, dict) and part.get("type") not in _UNREAD:
            _strings(part, None, slots)


def _strings(holder: dict[str, Any], key: str | None, slots: list[TextSlot]) -> None:
    """Every non-empty string inside `holder[key]` (a tool's input: all of it), or, with `key`
    None, inside the block `holder` but for what holds no words (`_words`), however deep (walked
    without recursion, so no nesting the JSON parser accepts can hide one), in document order."""
    stack: list[tuple[dict[str, Any] | list[Any], str | int]] = []
    every = key is not None
    if key is None:
        stack.extend((holder, name) for name in reversed(list(holder)) if _words(holder, name))
    elif key in holder:
        stack.append((holder, key))
    while stack:
        container, at = stack.pop()
        value = container[at]  # type: ignore[index]
        if isinstance(value, str):
            if value:
                slots.append(TextSlot(container, at))
        elif isinstance(value, dict) and (every or value.get("type") not in _UNREAD):
            stack.extend((value, name) for name in reversed(list(value)) if every or _words(value, name))
        elif isinstance(value, list):
            stack.extend((value, index) for index in reversed(range(len(value))))


def _words(holder: dict[str, Any], name: str) -> bool:
    """Whether `holder[name]` may hold words the model reads (base64 `data` and the `_NOT_TEXT`
    keys do not)."""
    if name in _NOT_TEXT:
        return False
    return name != "data" or holder.get("type") != "base64"


def _add(holder: dict[str, Any], field: str, slots: list[TextSlot]) -> None:
    if isinstance(holder.get(field), str) and holder[field]:
        slots.append(TextSlot(holder, field))
