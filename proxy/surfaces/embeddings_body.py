"""The embeddings request body, as the stages read it: the embeddings surface's adapter
(`proxy.core.surface`).

Guarantees: the body is checked once (`model`, the four forms of `input`, `encoding_format`,
`dimensions`, `user`; each error naming its field) and then read and changed only in place, so
fields the proxy does not know reach the upstream untouched. The answer never streams and has no
output tokens. Texts the guardrails scan are the string inputs, each replaceable in place; input
sent as token ids is opaque to them (`opaque_input` says so, and the guardrails stage decides).
The exact cache key covers every field but `model` (replaced by the resolved alias) and `user`:
the same input, model, `dimensions` and `encoding_format` always give the same bytes. There is no
semantic cache: a near-duplicate text must never get another text's vector. Input tokens are
counted per input: strings with the model's encoding (or the four-characters-a-token estimate),
token arrays by their length, exactly.
"""

from __future__ import annotations

from typing import Any

from proxy.core.errors import InvalidRequest
from proxy.core.json_body import check_model, json_kind, parse_json_object
from proxy.core.surface import Encoding, Headers, Surface, TextSlot
from proxy.metering.tokens import estimate_text_tokens

MAX_INPUTS = 2048  # OpenAI's limit on the items of one request
ENCODING_FORMATS = ("float", "base64")
NOT_IN_KEY = frozenset({"model", "user"})
TOKEN_IDS_OPAQUE = "The input is token ids, which guardrails cannot read; send the input as text."
_INPUT_FORMS = "a string, an array of strings, an array of token ids or an array of token-id arrays"


class EmbeddingsSurface(Surface):
    """`/v1/embeddings`: `{model, input, encoding_format?, dimensions?, user?}`, answered with a
    list of vectors (never streamed, never text)."""

    __slots__ = ()
    stream_format = "none"
    input_field = "input"

    def parse(self, raw: bytes, headers: Headers, *, templates: bool) -> dict[str, Any]:
        body = parse_json_object(raw, fields="'model' and 'input'")
        check_embeddings_body(body)
        return body

    def stream_flags(self, body: dict[str, Any]) -> tuple[bool, bool]:
        return False, False  # embeddings never stream, whatever the body says

    def end_user(self, body: dict[str, Any]) -> tuple[str, str] | None:
        user = body.get("user")
        return ("user", user) if isinstance(user, str) and user else None

    def text_slots(self, body: dict[str, Any]) -> list[TextSlot]:
        """The string input itself, or each string of a list of them."""
        value = body.get("input")
        if isinstance(value, str) and value:
            return [TextSlot(body, "input")]
        if not isinstance(value, list):
            return []
        return [TextSlot(value, i) for i, item in enumerate(value) if isinstance(item, str) and item]

    def opaque_input(self, body: dict[str, Any]) -> str | None:
        value = body.get("input")
        if isinstance(value, list) and any(not isinstance(item, str) for item in value):
            return TOKEN_IDS_OPAQUE
        return None

    def input_tokens(self, body: dict[str, Any], encoding: Encoding | None) -> int:
        total = 0
        for item in _inputs(body.get("input")):
            if isinstance(item, list):
                total += len(item)  # token ids: the count is exact, whatever the encoding
            elif encoding is None:
                total += estimate_text_tokens(item)
            else:
                total += len(encoding.encode_ordinary(item))
        return total

    def cache_fields(self, body: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in body.items() if k not in NOT_IN_KEY}

    def prompt_text(self, body: dict[str, Any]) -> str:
        """One line per input: the text, or `[N tokens]` for token ids."""
        return "\n".join(
            f"[{len(item)} tokens]" if isinstance(item, list) else item for item in _inputs(body.get("input"))
        )


EMBEDDINGS_SURFACE = EmbeddingsSurface("embeddings")


def _inputs(value: Any) -> list[str | list[int]]:
    """The inputs of a checked `input`, one per vector the answer holds."""
    if isinstance(value, str):
        return [value]
    if not isinstance(value, list) or not value:
        return []
    if all(isinstance(item, int) for item in value):
        return [value]  # one token array
    return [item for item in value if isinstance(item, str | list)]


def check_embeddings_body(body: dict[str, Any]) -> None:
    """Raise InvalidRequest naming the first field that is missing or of the wrong type."""
    check_model(body)
    check_input(body.get("input"))
    fmt = body.get("encoding_format")
    if fmt is not None and fmt not in ENCODING_FORMATS:
        raise InvalidRequest(
            f"'encoding_format' must be 'float' or 'base64', got {json_kind(fmt)}.", param="encoding_format"
        )
    dimensions = body.get("dimensions")
    if dimensions is not None and not (_is_int(dimensions) and dimensions >= 1):
        raise InvalidRequest(
            f"'dimensions' must be a positive integer, got {json_kind(dimensions)}.", param="dimensions"
        )
    user = body.get("user")
    if user is not None and not isinstance(user, str):
        raise InvalidRequest(f"'user' must be a string, got {json_kind(user)}.", param="user")


def check_input(value: Any) -> None:
    """`input` is one of its four forms: a string, strings, token ids, or token-id arrays."""
    if value is None:
        raise InvalidRequest("Missing required parameter: 'input'.", param="input", code="missing_required_parameter")
    if isinstance(value, str):
        if not value:
            raise InvalidRequest("'input' must not be an empty string.", param="input")
        return
    if not isinstance(value, list):
        raise InvalidRequest(f"'input' must be {_INPUT_FORMS}, got {json_kind(value)}.", param="input")
    if not value:
        raise InvalidRequest("'input' must not be an empty array.", param="input")
    first = value[0]
    if _is_int(first):
        _check_token_ids(value, "input")
        return
    if len(value) > MAX_INPUTS:
        raise InvalidRequest(
            f"'input' may hold at most {MAX_INPUTS} items, got {len(value)}. Split it over several requests.",
            param="input",
        )
    if not isinstance(first, str | list):
        raise InvalidRequest(
            f"'input[0]' must be a string, a token id or a token-id array, got {json_kind(first)}.", param="input[0]"
        )
    kind = type(first)
    for i, item in enumerate(value):
        _check_item(item, f"input[{i}]", kind)


def _check_item(item: Any, field: str, kind: type) -> None:
    """One item of a list input: of the same kind as the first (no mixing) and not empty."""
    if not isinstance(item, kind):
        expected = "a token-id array" if kind is list else "a string"
        raise InvalidRequest(
            f"'{field}' must be {expected} like the first item ('input' cannot mix forms), got {json_kind(item)}.",
            param=field,
        )
    if not item:
        raise InvalidRequest(f"'{field}' must not be empty.", param=field)
    if isinstance(item, list):
        _check_token_ids(item, field)


def _check_token_ids(ids: list[Any], field: str) -> None:
    for j, token in enumerate(ids):
        if not (_is_int(token) and token >= 0):
            raise InvalidRequest(
                f"'{field}[{j}]' must be a token id (an integer of at least 0), got {json_kind(token)}.",
                param=f"{field}[{j}]",
            )


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)
