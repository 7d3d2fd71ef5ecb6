"""Parse stage: the request body, parsed once and checked before any policy looks at it.

Enforces: the body fits `server.max_body_bytes` (413); for chat completions it is a UTF-8 JSON
object whose main fields have the types the OpenAI API documents, each error naming its field
(400). Unknown fields are kept for the upstream. Hooks: on_request. Config: `server.max_body_bytes`.
On failure: an OpenAI-shaped 400/413 that tells the caller which field to fix.
"""

from __future__ import annotations

from typing import Any, ClassVar

from proxy.config.chat_params import check_param_types
from proxy.core.errors import InvalidRequest
from proxy.core.exchange import Exchange, Reply
from proxy.core.json_body import json_kind, parse_json_object
from proxy.core.stage import Stage
from proxy.experiments.prompts import PROMPT_HEADER

_ROLES = frozenset({"system", "developer", "user", "assistant", "tool", "function"})


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


def _selects_template(ex: Exchange, body: dict[str, Any]) -> bool:
    return "prompt" in body or any(name == PROMPT_HEADER for name, _ in ex.headers)


def check_chat_body(body: dict[str, Any], *, messages_required: bool = True) -> None:
    """Raise InvalidRequest naming the first field whose type is wrong."""
    model = body.get("model")
    if model is None:
        raise InvalidRequest("Missing required parameter: 'model'.", param="model", code="missing_required_parameter")
    if not isinstance(model, str) or not model:
        raise InvalidRequest(f"'model' must be a non-empty string, got {json_kind(model)}.", param="model")
    if messages_required or body.get("messages") is not None:
        check_messages(body.get("messages"), allow_empty=not messages_required)
    check_param_types(body)
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
