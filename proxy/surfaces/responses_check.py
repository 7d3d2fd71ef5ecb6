"""The check of a Responses API request body (`POST /v1/responses`) before any stage reads it.

Guarantees: every field a stage reads has the type the API documents, or the request is refused
with an `InvalidRequest` (400) whose `param` names the field to fix (`input[2].type`,
`text.format.type`, ...), like the chat surface's. `null` is accepted wherever the API makes a
field optional. Fields the proxy does not read are not checked: the upstream judges them.
"""

from __future__ import annotations

from typing import Any

from proxy.config.chat_params import FieldTypes, check_field_types
from proxy.core.errors import InvalidRequest
from proxy.core.json_body import check_model, json_kind

_NUMBER = (int, float)
_BOOLEAN = ((bool,), "a boolean")
_STRING = ((str,), "a string")
_OBJECT = ((dict,), "an object")
_FIELD_TYPES: FieldTypes = {
    "instructions": _STRING,
    "stream": _BOOLEAN,
    "store": _BOOLEAN,
    "background": _BOOLEAN,
    "parallel_tool_calls": _BOOLEAN,
    "max_output_tokens": ((int,), "an integer"),
    "temperature": (_NUMBER, "a number"),
    "top_p": (_NUMBER, "a number"),
    "tools": ((list,), "an array"),
    "text": _OBJECT,
    "previous_response_id": _STRING,
    "conversation": ((str, dict), "a string or an object"),
    "prompt": _OBJECT,
    "metadata": _OBJECT,
    "user": _STRING,
    "safety_identifier": _STRING,
}
_POSITIVE_INTS = ("max_output_tokens",)
# Any of these gives the model context from elsewhere, so `input` may be left out.
_CONTEXT_FIELDS = ("previous_response_id", "conversation", "prompt")


def check_responses_body(body: dict[str, Any]) -> None:
    """Raise InvalidRequest naming the first field of `body` that the API would not accept."""
    check_model(body)
    check_field_types(body, _FIELD_TYPES, _POSITIVE_INTS)
    if body.get("previous_response_id") is not None and body.get("conversation") is not None:
        raise InvalidRequest(
            "'conversation' cannot be used with 'previous_response_id': send one of them.", param="conversation"
        )
    _check_input(body)
    _check_tools(body.get("tools"))
    _check_text(body.get("text"))
    conversation = body.get("conversation")
    if isinstance(conversation, dict) and not isinstance(conversation.get("id"), str):
        raise InvalidRequest(
            f"'conversation.id' must be a string, got {json_kind(conversation.get('id'))}.", param="conversation.id"
        )


def _check_input(body: dict[str, Any]) -> None:
    items = body.get("input")
    if isinstance(items, list):
        _check_items(items)
    elif items is not None and not isinstance(items, str):
        raise InvalidRequest(f"'input' must be a string or an array of items, got {json_kind(items)}.", param="input")
    if (items is None or items == []) and all(body.get(field) is None for field in _CONTEXT_FIELDS):
        raise InvalidRequest(
            "Missing required parameter: 'input' (a string or an array of items), unless the request "
            "continues from 'previous_response_id' or 'conversation' or uses a stored 'prompt'.",
            param="input",
            code="missing_required_parameter",
        )


def _check_items(items: list[Any]) -> None:
    """Each item an object with a string `type`, or a message (untyped with a `role`), or an
    untyped item reference (an `id`), as the API allows."""
    for i, item in enumerate(items):
        _check_object(item, f"input[{i}]")
        kind = item.get("type")
        if kind is None and (isinstance(item.get("role"), str) or isinstance(item.get("id"), str)):
            continue
        if not isinstance(kind, str):
            raise InvalidRequest(
                f"'input[{i}].type' must be a string (e.g. 'message', 'function_call_output'), got {json_kind(kind)}.",
                param=f"input[{i}].type",
            )


def _check_tools(tools: Any) -> None:
    for i, tool in enumerate(tools if isinstance(tools, list) else ()):
        _check_object(tool, f"tools[{i}]")
        if not isinstance(tool.get("type"), str):
            raise InvalidRequest(
                f"'tools[{i}].type' must be a string (e.g. 'function'), got {json_kind(tool.get('type'))}.",
                param=f"tools[{i}].type",
            )


def _check_object(value: Any, param: str) -> None:
    if not isinstance(value, dict):
        raise InvalidRequest(f"'{param}' must be an object, got {json_kind(value)}.", param=param)


def _check_text(text: Any) -> None:
    fmt = text.get("format") if isinstance(text, dict) else None
    if fmt is None:
        return
    _check_object(fmt, "text.format")
    if not isinstance(fmt.get("type"), str):
        raise InvalidRequest(
            f"'text.format.type' must be a string (e.g. 'json_schema'), got {json_kind(fmt.get('type'))}.",
            param="text.format.type",
        )
