"""The chat request parameters whose types the proxy checks, the check itself, and the messages check.

One table serves two readers: the chat surface checks a caller's request body with it, and the
experiments section checks the parameters a variant sets, so a policy can never make the proxy
send a value it would refuse from a caller. `check_messages` serves the chat surface and the
messages a prompt template renders. `check_field_types` runs the same check against another
protocol's table (the Responses surface's). A problem is an `InvalidRequest` naming the parameter.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from proxy.core.errors import InvalidRequest
from proxy.core.json_body import json_kind

_NUMBER = (int, float)
# Field -> (accepted types, human description). `None` is accepted for every optional field.
_FIELD_TYPES: dict[str, tuple[tuple[type, ...], str]] = {
    "stream": ((bool,), "a boolean"),
    "stream_options": ((dict,), "an object"),
    "n": ((int,), "an integer"),
    "max_tokens": ((int,), "an integer"),
    "max_completion_tokens": ((int,), "an integer"),
    "temperature": (_NUMBER, "a number"),
    "top_p": (_NUMBER, "a number"),
    "presence_penalty": (_NUMBER, "a number"),
    "frequency_penalty": (_NUMBER, "a number"),
    "seed": ((int,), "an integer"),
    "tools": ((list,), "an array"),
    "tool_choice": ((str, dict), "a string or an object"),
    "parallel_tool_calls": ((bool,), "a boolean"),
    "response_format": ((dict,), "an object"),
    "stop": ((str, list), "a string or an array of strings"),
    "user": ((str,), "a string"),
    "metadata": ((dict,), "an object"),
    "logit_bias": ((dict,), "an object"),
    "logprobs": ((bool,), "a boolean"),
    "top_logprobs": ((int,), "an integer"),
}
_POSITIVE_INTS = ("n", "max_tokens", "max_completion_tokens")
FieldTypes = Mapping[str, tuple[tuple[type, ...], str]]


def check_param_types(fields: Mapping[str, Any]) -> None:
    """Raise InvalidRequest naming the first known parameter of the wrong type, then the first
    count below 1; parameters the table does not know are left alone."""
    check_field_types(fields, _FIELD_TYPES, _POSITIVE_INTS)


def check_field_types(fields: Mapping[str, Any], table: FieldTypes, positive_ints: tuple[str, ...]) -> None:
    """`check_param_types` against another protocol's `table` (field -> accepted types, description)."""
    for name, value in fields.items():  # a body has a few fields; the table has twenty
        expected = table.get(name)
        if expected is None or value is None:
            continue
        types, description = expected
        if not isinstance(value, types) or (isinstance(value, bool) and bool not in types):
            raise InvalidRequest(f"'{name}' must be {description}, got {json_kind(value)}.", param=name)
    for name in positive_ints:
        value = fields.get(name)
        if isinstance(value, int) and value < 1:
            raise InvalidRequest(f"'{name}' must be at least 1, got {value}.", param=name)


_ROLES = frozenset({"system", "developer", "user", "assistant", "tool", "function"})


def check_messages(messages: Any, *, allow_empty: bool = False) -> None:
    """Raise InvalidRequest naming the first message that is not a valid chat message."""
    if messages is None:
        raise InvalidRequest(
            "Missing required parameter: 'messages'.", param="messages", code="missing_required_parameter"
        )
    if not isinstance(messages, list):
        raise InvalidRequest(f"'messages' must be an array, got {json_kind(messages)}.", param="messages")
    if not messages and not allow_empty:
        raise InvalidRequest("'messages' must contain at least one message.", param="messages")
    for i, msg in enumerate(messages):
        if not isinstance(msg, dict):
            raise InvalidRequest(f"'messages[{i}]' must be an object, got {json_kind(msg)}.", param=f"messages[{i}]")
        role = msg.get("role")
        if not isinstance(role, str) or role not in _ROLES:
            raise InvalidRequest(
                f"'messages[{i}].role' must be one of {', '.join(sorted(_ROLES))}, got {json_kind(role)}.",
                param=f"messages[{i}].role",
            )
        content = msg.get("content")
        if content is not None and not isinstance(content, str | list):
            raise InvalidRequest(
                f"'messages[{i}].content' must be a string, an array of content parts or null, "
                f"got {json_kind(content)}.",
                param=f"messages[{i}].content",
            )
