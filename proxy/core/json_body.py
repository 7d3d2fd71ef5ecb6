"""A request body as a JSON object, and how a JSON value is named in the 400s about it.

Guarantees: `parse_json_object` returns a dict or raises `InvalidRequest` saying what is wrong
(empty, not JSON with the position, not an object); `check_model` refuses a body without a
non-empty `model` string, in the same words on every surface; `json_kind` names a value the way
every such message does (`the string 'abc'`, `an array`), cut to 40 characters so no message
echoes a prompt.
"""

from __future__ import annotations

from typing import Any

import orjson

from proxy.core.errors import InvalidRequest


def parse_json_object(raw: bytes, *, fields: str = "'model' and 'messages'") -> dict[str, Any]:
    """The body as a JSON object, or a 400 that says what is wrong with it (`fields`: what an
    empty body should have held)."""
    if not raw.strip():
        raise InvalidRequest(f"The request body is empty. Send a JSON object with {fields}.")
    try:
        body = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise InvalidRequest(
            f"The request body is not valid JSON ({exc.msg} at position {exc.pos}). Send a UTF-8 JSON object.",
            code="invalid_json",
        ) from exc
    if not isinstance(body, dict):
        raise InvalidRequest(f"The request body must be a JSON object, not {json_kind(body)}.", code="invalid_json")
    return body


def check_model(body: dict[str, Any]) -> None:
    """Raise InvalidRequest unless `model` is a non-empty string."""
    model = body.get("model")
    if model is None:
        raise InvalidRequest("Missing required parameter: 'model'.", param="model", code="missing_required_parameter")
    if not isinstance(model, str) or not model:
        raise InvalidRequest(f"'model' must be a non-empty string, got {json_kind(model)}.", param="model")


def json_kind(value: Any) -> str:
    """`value` as a message names it: its JSON type, with numbers and strings (cut) shown."""
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
