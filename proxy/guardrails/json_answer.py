"""JSON answers checked against what the request asked for (chat's `response_format`, read by its surface).

Guarantees: `json_object` answers must parse to a JSON object; `json_schema` answers must also
validate against the request's schema (jsonschema, the draft the schema declares, 2020-12 by
default; formats not asserted). Problems are described by location and failed keyword only, never
by the answer's content. A schema that is itself invalid is not checked here (the upstream refuses
it). Validators are cached per schema, bounded.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

import orjson
from jsonschema import exceptions as schema_errors
from jsonschema.protocols import Validator
from jsonschema.validators import Draft202012Validator, validator_for

from proxy.core.surface import AnswerFormat

_CACHE_SIZE = 256


@dataclass(frozen=True, slots=True)
class JsonRequirement:
    """What the caller asked the answer to be: any JSON object, or one matching `validator`'s schema."""

    kind: str  # "json_object" or "json_schema"
    validator: Validator | None


class ValidatorCache:
    """Compiled validators keyed by the schema's canonical bytes, least recently used evicted."""

    def __init__(self, size: int = _CACHE_SIZE) -> None:
        self._size = size
        self._items: OrderedDict[bytes, Validator | None] = OrderedDict()

    def get(self, schema: dict[str, Any]) -> Validator | None:
        key = orjson.dumps(schema, option=orjson.OPT_SORT_KEYS)
        if key in self._items:
            self._items.move_to_end(key)
            return self._items[key]
        validator = _compile(schema)
        self._items[key] = validator
        if len(self._items) > self._size:
            self._items.popitem(last=False)
        return validator


def _compile(schema: dict[str, Any]) -> Validator | None:
    cls = validator_for(schema, default=Draft202012Validator)
    try:
        cls.check_schema(schema)
    except schema_errors.SchemaError:
        return None
    validator: Validator = cls(schema)
    return validator


def requirement(fmt: AnswerFormat | None, cache: ValidatorCache) -> JsonRequirement | None:
    """The request's JSON requirement (its surface reads `fmt` from the body), or None for free text."""
    if fmt is None:
        return None
    if fmt.kind == "json_object":
        return JsonRequirement("json_object", None)
    return JsonRequirement("json_schema", cache.get(fmt.schema) if fmt.schema is not None else None)


def problem(req: JsonRequirement, content: str) -> str | None:
    """Why `content` does not meet `req`, in words that quote no content; None when it does."""
    try:
        value = orjson.loads(content)
    except orjson.JSONDecodeError:
        return "the answer is not valid JSON"
    if req.kind == "json_object" or req.validator is None:
        return None if isinstance(value, dict) else "the answer is JSON but not an object"
    error = schema_errors.best_match(req.validator.iter_errors(value))
    if error is None:
        return None
    path = "$" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in error.absolute_path)
    return f"the answer does not match the requested schema at {path} (fails '{error.validator}')"
