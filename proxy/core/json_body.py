"""A request body as a JSON object, and how a JSON value is named in the 400s about it.

Guarantees: `parse_json_object` returns a dict or raises `InvalidRequest` saying what is wrong
(empty, not JSON with the position, not an object); `json_kind` names a value the way every such
message does (`the string 'abc'`, `an array`), cut to 40 characters so no message echoes a prompt.
"""

from __future__ import annotations

from typing import Any

import orjson

from proxy.core.errors import InvalidRequest


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
        raise InvalidRequest(f"The request body must be a JSON object, not {json_kind(body)}.", code="invalid_json")
    return body


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
