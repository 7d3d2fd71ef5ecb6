"""What the mock answers to `POST /v1/responses`: output items and usage, from the chat mock's knobs.

The same words as chat (`chunks`, `content`), cut by `max_output_tokens` as chat is by `max_tokens`
(then status `incomplete`); `tool_calls=N` gives N `function_call` items naming the first function
tool, unless the input ends with a `function_call_output` (a tool round trip's second leg is
answered with text, so agent loops end); `text_before_tools`, the cache token knobs, and
`reasoning_tokens` (a reasoning item, tokens counted in `output_tokens`) apply as named.
With a JSON `text.format` and no `content` knob the text is a JSON object (matching the schema).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import orjson

from llm_proxy_mock.chat import text_pieces
from llm_proxy_mock.exchange import ApiError, Exchange
from llm_proxy_mock.knobs import Knobs
from llm_proxy_mock.openai_wire import (
    TEXT_BEFORE_TOOLS,
    TOOL_NAME,
    default_content,
    split_text,
    tool_call_arguments,
    tool_call_id,
)
from llm_proxy_mock.responses_stream import PlannedItem
from llm_proxy_mock.responses_wire import (
    count_input_tokens,
    function_call_item,
    function_tools,
    message_item,
    reasoning_item,
    schema_instance,
    text_format,
    usage,
)

NewId = Callable[[str], str]
ENCRYPTED_INCLUDE = "reasoning.encrypted_content"


@dataclass(frozen=True, slots=True)
class ResponseAnswer:
    """The output items (final form and stream deltas), the status and the usage of one answer."""

    items: list[PlannedItem]
    status: str
    usage: dict[str, Any]


def output_limit(payload: dict[str, Any]) -> int | None:
    """`max_output_tokens` (an integer >= 1, else 400), or None."""
    value = payload.get("max_output_tokens")
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ApiError(
            400,
            "Invalid 'max_output_tokens': expected an integer >= 1.",
            param="max_output_tokens",
            code="invalid_value",
        )
    return value


def answer_text(knobs: Knobs, payload: dict[str, Any]) -> str:
    """The `content` knob, else the default words, as a JSON object when `text.format` asks for JSON."""
    if knobs.content is not None:
        return knobs.content
    words = default_content(knobs.chunks)
    fmt = text_format(payload)
    if fmt is None:
        return words
    if fmt["type"] == "json_schema" and isinstance(fmt.get("schema"), dict):
        return orjson.dumps(schema_instance(fmt["schema"], words)).decode()
    return orjson.dumps({"answer": words}).decode()


def _arguments(tool: dict[str, Any] | None, index: int) -> str:
    # A tool that declares its parameters gets arguments that fit them, so SDK-side parsing works.
    params = tool.get("parameters") if tool else None
    if isinstance(params, dict) and params.get("properties"):
        return orjson.dumps(schema_instance(params, f"value{index}")).decode()
    return tool_call_arguments(index)


def _wants_tool_calls(knobs: Knobs, input_items: list[dict[str, Any]]) -> bool:
    return knobs.tool_calls > 0 and not (input_items and input_items[-1].get("type") == "function_call_output")


def _tool_call_items(ex: Exchange, payload: dict[str, Any], new_id: NewId) -> list[PlannedItem]:
    knobs = ex.knobs
    tools = function_tools(payload)
    tool = tools[0] if tools else None
    name = tool["name"] if tool else TOOL_NAME
    items = []
    if knobs.text_before_tools:
        items.append(PlannedItem(message_item(new_id("msg"), TEXT_BEFORE_TOOLS, "completed"), [TEXT_BEFORE_TOOLS]))
    for k in range(knobs.tool_calls):
        arguments = _arguments(tool, k)
        fragments = [f for f in split_text(arguments, knobs.chunks) if f]
        call_id = tool_call_id(k, ex.serial)
        items.append(PlannedItem(function_call_item(new_id("fc"), call_id, name, arguments), fragments))
    return items


def build_answer(
    ex: Exchange, payload: dict[str, Any], input_items: list[dict[str, Any]], limit: int | None, new_id: NewId
) -> ResponseAnswer:
    """The answer the knobs describe for this request (see the module docstring)."""
    knobs = ex.knobs
    items: list[PlannedItem] = []
    if knobs.reasoning_tokens:
        include = payload.get("include")
        encrypted = isinstance(include, list) and ENCRYPTED_INCLUDE in include
        items.append(PlannedItem(reasoning_item(new_id("rs"), encrypted), []))
    status = "completed"
    if _wants_tool_calls(knobs, input_items):
        items += _tool_call_items(ex, payload, new_id)
    else:
        pieces, finish = text_pieces(dataclasses.replace(knobs, content=answer_text(knobs, payload)), limit)
        status = "incomplete" if finish == "length" else "completed"
        items.append(PlannedItem(message_item(new_id("msg"), "".join(pieces), status), pieces))
    cached, cache_write = knobs.cache_read_tokens, knobs.cache_creation_tokens
    input_tokens = count_input_tokens(payload, input_items) + cached + cache_write
    output_tokens = sum(len(item.deltas) for item in items) + knobs.reasoning_tokens
    usage_obj = usage(
        input_tokens, output_tokens, cached=cached, cache_write=cache_write, reasoning=knobs.reasoning_tokens
    )
    return ResponseAnswer(items, status, usage_obj)
