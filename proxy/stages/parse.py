"""Parse stage: the request body, parsed once and checked before any policy looks at it.

Enforces: the body fits `server.max_body_bytes` (413); for chat completions it is a UTF-8 JSON
object whose main fields have the types the OpenAI API documents, each error naming its field
(400). Unknown fields are kept for the upstream. Hooks: on_request. Config: `server.max_body_bytes`.
On failure: an OpenAI-shaped 400/413 that tells the caller which field to fix.
"""

from __future__ import annotations

from typing import Any, ClassVar

import orjson

from proxy.core.errors import InvalidRequest
from proxy.core.exchange import Exchange, Reply
from proxy.core.stage import Stage
from proxy.experiments.prompts import PROMPT_HEADER

_ROLES = frozenset({"system", "developer", "user", "assistant", "tool", "function"})
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


class ParseStage(Stage):
    """With `templates` (the policy has prompt templates), a request that selects one may leave out
    `messages`: the experiments stage renders them and checks the result."""

    name: ClassVar[str] = "parse"

    def __init__(self, *, templates: bool = False) -> None:
        self._templates = templates

    async def on_request(self, ex: Exchange) -> Reply | None:
        if ex.early_error is not None:
            raise ex.early_error
        if ex.endpoint == "chat":
            body = parse_json_object(ex.raw_body)
            check_chat_body(body, messages_required=not (self._templates and _selects_template(ex, body)))
            ex.body = body
            ex.alias = body["model"]
            ex.stream = body.get("stream") is True
            opts = body.get("stream_options")
            ex.include_usage = ex.stream and isinstance(opts, dict) and opts.get("include_usage") is True
        return None


def parse_json_object(raw: bytes) -> dict[str, Any]:
    """The body as a JSON object, or a 400 that says what is wrong with it."""
    if not raw.strip():
        raise InvalidRequest("The request body is empty. Send a JSON object with 'model' and 'messages'.")
    try:
        body = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise InvalidRequest(
            f"The request body is not valid JSON ({exc.msg} at position {exc.pos}). Send a UTF-8 JSON object.",
            code="invalid_json",
        ) from exc
    if not isinstance(body, dict):
        raise InvalidRequest(f"The request body must be a JSON object, not {_json_kind(body)}.", code="invalid_json")
    return body


def _selects_template(ex: Exchange, body: dict[str, Any]) -> bool:
    return "prompt" in body or any(name == PROMPT_HEADER for name, _ in ex.headers)


def check_chat_body(body: dict[str, Any], *, messages_required: bool = True) -> None:
    """Raise InvalidRequest naming the first field whose type is wrong."""
    model = body.get("model")
    if model is None:
        raise InvalidRequest("Missing required parameter: 'model'.", param="model", code="missing_required_parameter")
    if not isinstance(model, str) or not model:
        raise InvalidRequest(f"'model' must be a non-empty string, got {_json_kind(model)}.", param="model")
    if messages_required or body.get("messages") is not None:
        check_messages(body.get("messages"), allow_empty=not messages_required)
    for name, value in body.items():  # a body has a few fields; the table has twenty
        expected = _FIELD_TYPES.get(name)
        if expected is None or value is None:
            continue
        types, description = expected
        if not isinstance(value, types) or (isinstance(value, bool) and bool not in types):
            raise InvalidRequest(f"'{name}' must be {description}, got {_json_kind(value)}.", param=name)
    for name in _POSITIVE_INTS:
        value = body.get(name)
        if isinstance(value, int) and value < 1:
            raise InvalidRequest(f"'{name}' must be at least 1, got {value}.", param=name)
    options = body.get("stream_options")
    if isinstance(options, dict) and not isinstance(options.get("include_usage", False), bool):
        raise InvalidRequest("'stream_options.include_usage' must be a boolean.", param="stream_options.include_usage")


def check_messages(messages: Any, *, allow_empty: bool = False) -> None:
    """Raise InvalidRequest naming the first message that is not a valid chat message."""
    if messages is None:
        raise InvalidRequest(
            "Missing required parameter: 'messages'.", param="messages", code="missing_required_parameter"
        )
    if not isinstance(messages, list):
        raise InvalidRequest(f"'messages' must be an array, got {_json_kind(messages)}.", param="messages")
    if not messages and not allow_empty:
        raise InvalidRequest("'messages' must contain at least one message.", param="messages")
    for i, msg in enumerate(messages):
        if not isinstance(msg, dict):
            raise InvalidRequest(f"'messages[{i}]' must be an object, got {_json_kind(msg)}.", param=f"messages[{i}]")
        role = msg.get("role")
        if not isinstance(role, str) or role not in _ROLES:
            raise InvalidRequest(
                f"'messages[{i}].role' must be one of {', '.join(sorted(_ROLES))}, got {_json_kind(role)}.",
                param=f"messages[{i}].role",
            )
        content = msg.get("content")
        if content is not None and not isinstance(content, str | list):
            raise InvalidRequest(
                f"'messages[{i}].content' must be a string, an array of content parts or null, "
                f"got {_json_kind(content)}.",
                param=f"messages[{i}].content",
            )


def _json_kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return f"the number {value!r}"
    if isinstance(value, str):
        return f"the string {value[:40]!r}"
    if isinstance(value, dict):
        return "an object"
    return "an array" if isinstance(value, list) else type(value).__name__
