"""Every piece of text in a chat request that input guardrails must read, and a way to rewrite it.

Guarantees: covers every message of every role (system, developer, user, assistant, tool): string
contents, text parts of array contents, refusals, tool-call and legacy function-call arguments;
a slot can be rewritten in place (redaction) without touching anything else in the body.
Stages reach these through the chat surface (`proxy.surfaces.chat_body`); the output guard reads
`answer_slots` of a whole chat answer.
"""

from __future__ import annotations

from typing import Any

from proxy.core.surface import TextSlot


def text_slots(body: dict[str, Any]) -> list[TextSlot]:
    """All text slots of a chat completion request body, in message order."""
    slots: list[TextSlot] = []
    messages = body.get("messages")
    if not isinstance(messages, list):
        return slots
    for message in messages:
        if isinstance(message, dict):
            _message_slots(message, slots)
    return slots


def _message_slots(message: dict[str, Any], slots: list[TextSlot]) -> None:
    _add(message, "content", slots)
    _add(message, "refusal", slots)
    content = message.get("content")
    if isinstance(content, list):
        for part in content:
            if isinstance(part, dict) and part.get("type") in ("text", "input_text"):
                _add(part, "text", slots)
    calls = message.get("tool_calls")
    if isinstance(calls, list):
        for call in calls:
            if isinstance(call, dict) and isinstance(call.get("function"), dict):
                _add(call["function"], "arguments", slots)
    function_call = message.get("function_call")
    if isinstance(function_call, dict):
        _add(function_call, "arguments", slots)


def _add(container: dict[str, Any], key: str, slots: list[TextSlot]) -> None:
    if isinstance(container.get(key), str) and container[key]:
        slots.append(TextSlot(container, key))


def answer_slots(answer: dict[str, Any]) -> list[TextSlot]:
    """Text slots of a non-streamed chat completion, every choice's message."""
    slots: list[TextSlot] = []
    choices = answer.get("choices")
    if isinstance(choices, list):
        for choice in choices:
            if isinstance(choice, dict) and isinstance(choice.get("message"), dict):
                _message_slots(choice["message"], slots)
    return slots
