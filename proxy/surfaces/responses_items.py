"""The texts of Responses API items, each as a `TextSlot` replaceable in place.

Guarantees: `input_slots` finds every text of a request the model reads: `instructions`, the
variables of a stored `prompt` (strings and text parts), a string `input`, and in each input item:
a message's string content and its text and refusal parts; the arguments and results of tool calls
made earlier (function, custom and MCP calls, shell and patch outputs, text parts of list outputs);
a reasoning item's summary and reasoning text (sent back by stateless agents, read by the model
like any other turn). `output_slots` finds every text of a response's `output` an output guardrail
reads: `output_text`, `refusal` and tool-call arguments. Both walk the items once; a slot is only
made for a non-empty string, and rewriting it changes that string only, so every other field
reaches the upstream (or the caller) untouched.
"""

from __future__ import annotations

from typing import Any

from proxy.core.surface import TextSlot

# Content part type -> the key holding its text (message, reasoning and tool-output parts alike).
_PART_TEXT = {
    "input_text": "text",
    "output_text": "text",
    "refusal": "refusal",
    "summary_text": "text",
    "reasoning_text": "text",
}
# Item type -> its fields the model reads: a string, or (outputs) a list of parts.
_ITEM_FIELDS: dict[str, tuple[str, ...]] = {
    "function_call": ("arguments",),
    "function_call_output": ("output",),
    "custom_tool_call": ("input",),
    "custom_tool_call_output": ("output",),
    "mcp_call": ("arguments", "output"),
    "mcp_approval_request": ("arguments",),
    "local_shell_call_output": ("output",),
    "shell_call_output": ("output",),
    "apply_patch_call_output": ("output",),
}
# What an answer's output guardrail reads: the texts and the calls' arguments, not reasoning.
_ANSWER_FIELDS: dict[str, tuple[str, ...]] = {"function_call": ("arguments",), "custom_tool_call": ("input",)}
_SHELL_STREAMS = ("stdout", "stderr")  # a shell call output's parts have no type


def is_message(item: dict[str, Any]) -> bool:
    """A message item: typed so, or (as the API allows) untyped with a `role`."""
    kind = item.get("type")
    return kind == "message" or (kind is None and "role" in item)


def input_slots(body: dict[str, Any]) -> list[TextSlot]:
    """Every text of a Responses request the model reads, in the order it reads them."""
    slots: list[TextSlot] = []
    _add(body, "instructions", slots)
    _prompt_variables(body.get("prompt"), slots)
    items = body.get("input")
    if isinstance(items, str):
        _add(body, "input", slots)
    elif isinstance(items, list):
        for item in items:
            if isinstance(item, dict):
                _item_slots(item, _ITEM_FIELDS, slots)
    return slots


def _prompt_variables(prompt: Any, slots: list[TextSlot]) -> None:
    """A stored prompt's variables: the upstream puts them into the prompt the model reads."""
    variables = prompt.get("variables") if isinstance(prompt, dict) else None
    if not isinstance(variables, dict):
        return
    for name, value in variables.items():
        if isinstance(value, str):
            _add(variables, name, slots)
        else:
            _parts([value], slots)


def output_slots(answer: dict[str, Any]) -> list[TextSlot]:
    """Every text of a response object's `output` that output guardrails read."""
    slots: list[TextSlot] = []
    items = answer.get("output")
    if isinstance(items, list):
        for item in items:
            if isinstance(item, dict) and item.get("type") != "reasoning":
                _item_slots(item, _ANSWER_FIELDS, slots)
    return slots


def _item_slots(item: dict[str, Any], fields: dict[str, tuple[str, ...]], slots: list[TextSlot]) -> None:
    if is_message(item):
        content = item.get("content")
        if isinstance(content, str):
            _add(item, "content", slots)
        else:
            _parts(content, slots)
        return
    kind = item.get("type")
    if kind == "reasoning":
        _parts(item.get("summary"), slots)
        _parts(item.get("content"), slots)
        return
    for key in fields.get(kind, ()) if isinstance(kind, str) else ():
        value = item.get(key)
        if isinstance(value, str):
            _add(item, key, slots)
        else:
            _parts(value, slots)


def _parts(parts: Any, slots: list[TextSlot]) -> None:
    if not isinstance(parts, list):
        return
    for part in parts:
        if not isinstance(part, dict):
            continue
        kind = part.get("type")
        if isinstance(kind, str):
            key = _PART_TEXT.get(kind)
            if key is not None:
                _add(part, key, slots)
        elif kind is None:
            for stream in _SHELL_STREAMS:
                _add(part, stream, slots)


def _add(container: dict[str, Any], key: str, slots: list[TextSlot]) -> None:
    value = container.get(key)
    if isinstance(value, str) and value:
        slots.append(TextSlot(container, key))
