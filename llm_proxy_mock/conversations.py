"""The Conversations API (protocol.md §9, stateful endpoints), kept in this mock process's store.

`POST /v1/conversations` `{items?, metadata?}`, `GET|POST|DELETE /v1/conversations/{id}`,
`GET|POST /v1/conversations/{id}/items`, `GET|DELETE /v1/conversations/{id}/items/{item_id}`.
A response created with `conversation` appends its input and output items (see `responses`).
Unknown ids are 404 envelopes; every request is recorded like the other endpoints.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web

from llm_proxy_mock.exchange import ApiError, Exchange, Handler, serve
from llm_proxy_mock.responses import PREFIXES
from llm_proxy_mock.responses_store import RESPONSES, Conversation, ResponseStore, input_as_items, list_page


def _store(ex: Exchange) -> ResponseStore:
    return ex.request.app[RESPONSES]


def _conversation(ex: Exchange) -> Conversation:
    return _store(ex).conversation(ex.request.match_info["conversation_id"])


def _metadata(payload: dict[str, Any]) -> dict[str, Any] | None:
    value = payload.get("metadata")
    if value is not None and not isinstance(value, dict):
        raise ApiError(400, "Invalid 'metadata': expected an object.", param="metadata", code="invalid_type")
    return value


def _items_field(payload: dict[str, Any]) -> list[dict[str, Any]]:
    try:
        return input_as_items(payload.get("items"))
    except ApiError as exc:
        raise ApiError(400, exc.message.replace("'input", "'items"), param="items", code=exc.code) from None


def _item_list(items: list[dict[str, Any]]) -> dict[str, Any]:
    return list_page(items, {"order": "asc", "limit": str(max(1, len(items)))})


async def _answer(ex: Exchange, make: Callable[[], Any]) -> web.StreamResponse:
    """Apply the knobs, then change the state and answer with what `make` returns (so a status knob changes nothing)."""
    early = await ex.preamble(stream=False)
    return early if early is not None else await ex.send_json(make())


async def _create(ex: Exchange) -> web.StreamResponse:
    payload = ex.json_object() if ex.body is not None else {}
    metadata = _metadata(payload) or {}
    store = _store(ex)
    items = store.with_ids(_items_field(payload))
    early = await ex.preamble(stream=False)
    if early is not None:
        return early
    conversation = Conversation(store.new_id("conv"), ex.created, metadata, items)
    store.conversations[conversation.id] = conversation
    return await ex.send_json(conversation.public())


async def _retrieve(ex: Exchange) -> web.StreamResponse:
    conversation = _conversation(ex)
    return await _answer(ex, conversation.public)


async def _update(ex: Exchange) -> web.StreamResponse:
    conversation = _conversation(ex)
    metadata = _metadata(ex.json_object())

    def update() -> dict[str, Any]:
        if metadata is not None:
            conversation.metadata = metadata
        return conversation.public()

    return await _answer(ex, update)


async def _delete(ex: Exchange) -> web.StreamResponse:
    conversation = _conversation(ex)
    store = _store(ex)

    def delete() -> dict[str, Any]:
        store.conversations.pop(conversation.id, None)
        return {"id": conversation.id, "object": "conversation.deleted", "deleted": True}

    return await _answer(ex, delete)


async def _add_items(ex: Exchange) -> web.StreamResponse:
    conversation = _conversation(ex)
    payload = ex.json_object()
    if not isinstance(payload.get("items"), list):
        raise ApiError(400, "Missing required parameter: 'items'.", param="items", code="missing_required_parameter")
    items = _store(ex).with_ids(_items_field(payload))

    def add() -> dict[str, Any]:
        conversation.items += items
        return _item_list(items)

    return await _answer(ex, add)


async def _list_items(ex: Exchange) -> web.StreamResponse:
    page = list_page(_conversation(ex).items, ex.request.query)
    return await _answer(ex, lambda: page)


def _find_item(ex: Exchange, conversation: Conversation) -> dict[str, Any]:
    item_id = ex.request.match_info["item_id"]
    for item in conversation.items:
        if item.get("id") == item_id:
            return item
    raise ApiError(404, f"Item with id '{item_id}' not found.", code="not_found")


async def _get_item(ex: Exchange) -> web.StreamResponse:
    item = _find_item(ex, _conversation(ex))
    return await _answer(ex, lambda: item)


async def _delete_item(ex: Exchange) -> web.StreamResponse:
    conversation = _conversation(ex)
    item = _find_item(ex, conversation)

    def delete() -> dict[str, Any]:
        conversation.items.remove(item)
        return conversation.public()

    return await _answer(ex, delete)


def _route(handler: Handler) -> Callable[[web.Request], Awaitable[web.StreamResponse]]:
    async def route(request: web.Request) -> web.StreamResponse:
        return await serve(request, handler)

    return route


def add_conversation_routes(app: web.Application) -> None:
    """Register the Conversations routes under `/v1` and `/openai/v1` (the app must hold a RESPONSES store)."""
    for prefix in PREFIXES:
        base = prefix + "/conversations"
        one = base + "/{conversation_id}"
        item = one + "/items/{item_id}"
        app.router.add_post(base, _route(_create))
        app.router.add_get(one, _route(_retrieve))
        app.router.add_post(one, _route(_update))
        app.router.add_delete(one, _route(_delete))
        app.router.add_post(one + "/items", _route(_add_items))
        app.router.add_get(one + "/items", _route(_list_items))
        app.router.add_get(item, _route(_get_item))
        app.router.add_delete(item, _route(_delete_item))
