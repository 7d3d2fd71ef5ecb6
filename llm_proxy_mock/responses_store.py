"""The mock's Responses API state: stored responses and conversations, in memory, per mock process.

Ids carry a random token drawn when the app is built, so two mock processes never hand out the same
`resp_...` or `conv_...` id: a chain sent to the wrong mock is a 400, as it would be at a wrong
provider account. The store keeps the last `MAX_RESPONSES` responses (benchmarks create many).
"""

from __future__ import annotations

import itertools
import secrets
from collections import OrderedDict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from llm_proxy_mock.exchange import ApiError

MAX_RESPONSES = 10_000
DEFAULT_PAGE = 20
MAX_PAGE = 100

# Id prefix per item type (OpenAI's style); other item types get `item_`.
_ITEM_PREFIX = {"message": "msg", "function_call": "fc", "function_call_output": "fco", "reasoning": "rs"}


@dataclass(slots=True)
class StoredResponse:
    """One kept response: its final object, its input items (with ids), and whether it ran in the
    background and nobody has looked at it yet (then it still shows as `queued`)."""

    response: dict[str, Any]
    input_items: list[dict[str, Any]]
    background: bool = False
    pending: bool = False


@dataclass(slots=True)
class Conversation:
    """One conversation: its metadata and its items in order (oldest first)."""

    id: str
    created_at: int
    metadata: dict[str, Any]
    items: list[dict[str, Any]] = field(default_factory=list)

    def public(self) -> dict[str, Any]:
        """The `conversation` object the API answers."""
        return {"id": self.id, "object": "conversation", "created_at": self.created_at, "metadata": self.metadata}


@dataclass(slots=True)
class ResponseStore:
    """Responses (bounded, oldest forgotten first) and conversations of one mock process."""

    token: str = field(default_factory=lambda: secrets.token_hex(4))
    serials: Iterator[int] = field(default_factory=lambda: itertools.count(1))
    responses: OrderedDict[str, StoredResponse] = field(default_factory=OrderedDict)
    conversations: dict[str, Conversation] = field(default_factory=dict)

    def new_id(self, prefix: str) -> str:
        """A fresh id such as `resp_<token><serial>`, unique across mock processes."""
        return f"{prefix}_{self.token}{next(self.serials):06d}"

    def keep(self, stored: StoredResponse) -> None:
        """Store `stored` under its response id."""
        self.responses[stored.response["id"]] = stored
        while len(self.responses) > MAX_RESPONSES:
            self.responses.popitem(last=False)

    def response(self, response_id: str) -> StoredResponse:
        """The stored response `response_id`, else a 404."""
        stored = self.responses.get(response_id)
        if stored is None:
            raise ApiError(404, f"Response with id '{response_id}' not found.", code="not_found")
        return stored

    def conversation(self, conversation_id: str, *, status: int = 404, param: str | None = None) -> Conversation:
        """The conversation `conversation_id`, else an error with `status` (404, or 400 naming `param`)."""
        conversation = self.conversations.get(conversation_id)
        if conversation is None:
            code = "not_found" if status == 404 else "invalid_value"
            raise ApiError(status, f"Conversation with id '{conversation_id}' not found.", param=param, code=code)
        return conversation

    def with_ids(self, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Copies of input `items` as the API lists them: each with an id, messages with content parts."""
        return [self._item_with_id(item) for item in items]

    def _item_with_id(self, item: Mapping[str, Any]) -> dict[str, Any]:
        out = dict(item)
        if "role" in out and out.get("type", "message") == "message":
            out["type"] = "message"
            content = out.get("content")
            if isinstance(content, str):
                out["content"] = [_text_part(out["role"], content)]
        if not isinstance(out.get("id"), str):
            out["id"] = self.new_id(_ITEM_PREFIX.get(str(out.get("type")), "item"))
        out.setdefault("status", "completed")
        return out


def _text_part(role: Any, text: str) -> dict[str, Any]:
    if role == "assistant":
        return {"type": "output_text", "text": text, "annotations": []}
    return {"type": "input_text", "text": text}


def input_as_items(value: Any) -> list[dict[str, Any]]:
    """The request's `input` as a list of items (a string is one user message); None is no items.

    Anything else is a 400 naming `input` or the bad element.
    """
    if value is None:
        return []
    if isinstance(value, str):
        return [{"type": "message", "role": "user", "content": value}]
    if not isinstance(value, list):
        raise ApiError(
            400,
            f"Invalid type for 'input': expected a string or an array of input items, got {_json_type(value)}.",
            param="input",
            code="invalid_type",
        )
    for index, item in enumerate(value):
        if not isinstance(item, dict):
            raise ApiError(
                400,
                f"Invalid type for 'input[{index}]': expected an object, got {_json_type(item)}.",
                param=f"input[{index}]",
                code="invalid_type",
            )
    return list(value)


def _json_type(value: Any) -> str:
    names = {str: "a string", list: "an array", dict: "an object", bool: "a boolean", int: "an integer"}
    return names.get(type(value), "a number" if isinstance(value, float) else "null")


def list_page(items: list[dict[str, Any]], query: Mapping[str, str]) -> dict[str, Any]:
    """One page of `items` as `{object: "list", data, first_id, last_id, has_more}`, honouring the
    `order` (asc|desc, default desc), `after` (an item id) and `limit` (1..100, default 20) parameters."""
    order = query.get("order", "desc")
    if order not in ("asc", "desc"):
        raise ApiError(400, "Invalid 'order': expected 'asc' or 'desc'.", param="order", code="invalid_value")
    try:
        limit = int(query.get("limit", DEFAULT_PAGE))
    except ValueError:
        limit = 0
    if not 1 <= limit <= MAX_PAGE:
        raise ApiError(
            400, f"Invalid 'limit': expected an integer in 1..{MAX_PAGE}.", param="limit", code="invalid_value"
        )
    ordered = items if order == "asc" else items[::-1]
    after = query.get("after")
    if after is not None:
        ids = [item.get("id") for item in ordered]
        ordered = ordered[ids.index(after) + 1 :] if after in ids else []
    data = ordered[:limit]
    return {
        "object": "list",
        "data": data,
        "first_id": data[0]["id"] if data else None,
        "last_id": data[-1]["id"] if data else None,
        "has_more": len(ordered) > limit,
    }


RESPONSES = web.AppKey("mock_responses_store", ResponseStore)
