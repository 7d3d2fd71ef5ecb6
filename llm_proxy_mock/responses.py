"""The Responses API (protocol.md §9): `POST /v1/responses`, JSON or typed SSE events, and the
stateful endpoints around it (retrieve, delete, cancel, input items, input token count).

What the answer says is `responses_answer`'s job; the stream is `responses_stream`'s. A response
whose request did not set `store: false` is kept in this mock process's `ResponseStore`, and so is
reachable by `previous_response_id` and `GET /v1/responses/{id}` here and nowhere else. A status
knob (429, 500, ...) answers before anything is stored. `background: true` answers `queued`; the
first later GET shows it `completed`, a cancel before that shows it `cancelled`.
Every route is also served under Azure's `/openai/v1` prefix.
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

from llm_proxy_mock.exchange import ApiError, Exchange, serve
from llm_proxy_mock.openai_wire import answer_model
from llm_proxy_mock.responses_answer import build_answer, output_limit
from llm_proxy_mock.responses_store import (
    RESPONSES,
    Conversation,
    ResponseStore,
    StoredResponse,
    input_as_items,
    list_page,
)
from llm_proxy_mock.responses_stream import stream_plan
from llm_proxy_mock.responses_wire import count_input_tokens, response_object
from llm_proxy_mock.streaming import send_stream

PREFIXES = ("/v1", "/openai/v1")


def _store(ex: Exchange) -> ResponseStore:
    return ex.request.app[RESPONSES]


def _model(ex: Exchange, payload: dict[str, Any]) -> str:
    if payload.get("model") is None:
        raise ApiError(400, "Missing required parameter: 'model'.", param="model", code="missing_required_parameter")
    return ex.model(payload)


def _chain(store: ResponseStore, payload: dict[str, Any]) -> Conversation | None:
    """Check `previous_response_id` and `conversation` (one at most, each must exist here); the
    conversation the answer joins, if any."""
    previous, conversation = payload.get("previous_response_id"), payload.get("conversation")
    if previous is not None and conversation is not None:
        raise ApiError(
            400,
            "Mutually exclusive parameters: send either 'previous_response_id' or 'conversation', not both.",
            param="conversation",
            code="mutually_exclusive_parameters",
        )
    if previous is not None and (not isinstance(previous, str) or previous not in store.responses):
        raise ApiError(
            400,
            f"Previous response with id '{previous}' not found.",
            param="previous_response_id",
            code="previous_response_not_found",
        )
    if conversation is None:
        return None
    conversation_id = conversation.get("id") if isinstance(conversation, dict) else conversation
    if not isinstance(conversation_id, str):
        raise ApiError(
            400,
            "Invalid 'conversation': expected a conversation id or {\"id\": ...}.",
            param="conversation",
            code="invalid_type",
        )
    return store.conversation(conversation_id, status=400, param="conversation")


def _queued(response: dict[str, Any], status: str = "queued") -> dict[str, Any]:
    """How a background response looks before it has run."""
    return {**response, "status": status, "completed_at": None, "output": [], "usage": None, "incomplete_details": None}


async def _create(ex: Exchange) -> web.StreamResponse:
    payload = ex.json_object()
    store = _store(ex)
    model = _model(ex, payload)
    input_items = input_as_items(payload.get("input"))
    conversation = _chain(store, payload)
    answer = build_answer(ex, payload, input_items, output_limit(payload), store.new_id)
    stream = payload.get("stream") is True
    early = await ex.preamble(stream=stream)
    if early is not None:
        return early
    response = response_object(
        payload,
        id_=store.new_id("resp"),
        created_at=ex.created,
        model=answer_model(model, ex.knobs),
        status=answer.status,
        output=[item.final for item in answer.items],
        usage_obj=answer.usage,
        conversation_id=conversation.id if conversation else None,
    )
    background = payload.get("background") is True and not stream
    listed_inputs = store.with_ids(input_items)
    if payload.get("store") is not False:
        store.keep(StoredResponse(response, listed_inputs, background=background, pending=background))
    if conversation is not None:
        conversation.items += listed_inputs + response["output"]
    if stream:
        return await send_stream(ex, stream_plan(response, answer.items))
    return await ex.send_json(_queued(response) if background else response)


async def _retrieve(ex: Exchange) -> web.StreamResponse:
    stored = _store(ex).response(ex.request.match_info["response_id"])
    early = await ex.preamble(stream=False)
    if early is not None:
        return early
    stored.pending = False
    return await ex.send_json(stored.response)


async def _delete(ex: Exchange) -> web.StreamResponse:
    response_id = ex.request.match_info["response_id"]
    store = _store(ex)
    store.response(response_id)
    early = await ex.preamble(stream=False)
    if early is not None:
        return early
    del store.responses[response_id]
    return await ex.send_json({"id": response_id, "object": "response", "deleted": True})


async def _cancel(ex: Exchange) -> web.StreamResponse:
    stored = _store(ex).response(ex.request.match_info["response_id"])
    if not stored.background:
        raise ApiError(400, "Only responses created with 'background': true can be cancelled.", code="invalid_request")
    early = await ex.preamble(stream=False)
    if early is not None:
        return early
    if stored.pending:
        stored.response, stored.pending = _queued(stored.response, "cancelled"), False
    return await ex.send_json(stored.response)


async def _input_items(ex: Exchange) -> web.StreamResponse:
    stored = _store(ex).response(ex.request.match_info["response_id"])
    page = list_page(stored.input_items, ex.request.query)
    early = await ex.preamble(stream=False)
    if early is not None:
        return early
    return await ex.send_json(page)


async def _input_tokens(ex: Exchange) -> web.StreamResponse:
    payload = ex.json_object()
    tokens = count_input_tokens(payload, input_as_items(payload.get("input")))
    early = await ex.preamble(stream=False)
    if early is not None:
        return early
    return await ex.send_json({"object": "response.input_tokens", "input_tokens": tokens})


async def create_response(request: web.Request) -> web.StreamResponse:
    """`POST /v1/responses`."""
    return await serve(request, _create, scripted=True)


async def retrieve_response(request: web.Request) -> web.StreamResponse:
    """`GET /v1/responses/{response_id}`: the stored response (404 when unknown here)."""
    return await serve(request, _retrieve)


async def delete_response(request: web.Request) -> web.StreamResponse:
    """`DELETE /v1/responses/{response_id}`: `{id, object: "response", deleted: true}`."""
    return await serve(request, _delete)


async def cancel_response(request: web.Request) -> web.StreamResponse:
    """`POST /v1/responses/{response_id}/cancel`: background responses only (else 400)."""
    return await serve(request, _cancel)


async def list_input_items(request: web.Request) -> web.StreamResponse:
    """`GET /v1/responses/{response_id}/input_items`: the stored input items, with ids, as a list page."""
    return await serve(request, _input_items)


async def count_tokens(request: web.Request) -> web.StreamResponse:
    """`POST /v1/responses/input_tokens`: `{object: "response.input_tokens", input_tokens}`."""
    return await serve(request, _input_tokens)


def add_responses_routes(app: web.Application) -> None:
    """Register the Responses routes under `/v1` and `/openai/v1` (the app must hold a RESPONSES store)."""
    for prefix in PREFIXES:
        base = prefix + "/responses"
        one = base + "/{response_id}"
        app.router.add_post(base, create_response)
        app.router.add_post(base + "/input_tokens", count_tokens)
        app.router.add_get(one, retrieve_response)
        app.router.add_delete(one, delete_response)
        app.router.add_post(one + "/cancel", cancel_response)
        app.router.add_get(one + "/input_items", list_input_items)
