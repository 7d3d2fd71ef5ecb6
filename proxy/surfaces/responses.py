"""The Responses API surface (`/v1/responses`): the terminal call, the reply path, stored state.

It owns how a Responses answer is shaped for the caller (usage and finish reason recorded, the
alias shown back, JSON as one body, a stream through the ResponsesRelay) and where the state a
Response API call continues lives: a response or conversation an upstream stores belongs to one
provider account, so its id is remembered (tenant-scoped, `Homes`) and every call that continues
it (`previous_response_id`, `conversation`, and `GET/DELETE /v1/responses/{id}`, `/input_items`,
`/cancel`, `/v1/conversations/...`) goes to that provider only: never to another account, not even
as a fallback, and when it is down the caller is told so.

Guarantees: non-streamed upstream bytes are returned unchanged unless the alias must replace the
model name or an answer filter rewrote them; every whole answer goes through the answer filters
(at most one call again, as on chat); streams get SSE headers that stop intermediaries from
buffering; an id is remembered only for an answer the upstream really stores (a native call, with
`store` not false); in keys mode an id the proxy never saw for this key is a 404 (a 400 naming the
field when a new response continues it), never forwarded to a guessed account.
"""

from __future__ import annotations

from typing import Any

from proxy.cache.answer_responses import RESPONSES_CODEC
from proxy.core.asgi import Scope
from proxy.core.errors import InvalidRequest
from proxy.core.exchange import Exchange, JsonReply, Reply, StreamReply
from proxy.core.sse import SSEEvent
from proxy.surfaces.chat import SSE_HEADERS, EventReplay, answered, shaped_json, upstream_request_id
from proxy.surfaces.responses_relay import ResponsesRelay
from proxy.surfaces.stored import HasStored, Home, find_home, record_home
from proxy.upstream.providers.base import ChatEventStream, ChatResponse
from proxy.upstream.wires import RESPONSES_WIRE

_SSE_OWN = frozenset(name for name, _ in SSE_HEADERS)


async def responses_terminal(rt: HasStored, ex: Exchange, scope: Scope) -> Reply:
    await _pin(rt, ex)
    reply = await answered(rt.upstream, ex, RESPONSES_WIRE, responses_reply)
    await _remember(rt, ex)
    return reply


def responses_reply(ex: Exchange, answer: ChatResponse | ChatEventStream) -> Reply:
    """An upstream's Responses answer shaped for the caller (the render `Upstream.call` is given)."""
    ex.upstream_request_id = upstream_request_id(answer.headers)
    if isinstance(answer, ChatResponse):
        return _json_reply(ex, answer)
    ex.answer_id = _first_id(answer.first)
    headers = SSE_HEADERS + [h for h in answer.headers if h[0] not in _SSE_OWN]
    return StreamReply(answer.status, ResponsesRelay(ex, answer).events(), headers)


def _json_reply(ex: Exchange, resp: ChatResponse) -> JsonReply:
    return shaped_json(ex, resp, response_finish(resp.obj))


def response_finish(response: dict[str, Any]) -> str | None:
    """A response object's status as a finish reason (completed: stop; incomplete: its reason, with
    `length` for the output cap; None while it is not finished, or when it failed)."""
    status = response.get("status")
    if status != "incomplete":
        return "stop" if status == "completed" else None
    details = response.get("incomplete_details")
    reason = details.get("reason") if isinstance(details, dict) else None
    return "length" if reason == "max_output_tokens" else str(reason or "incomplete")


def _first_id(events: list[SSEEvent]) -> str | None:
    for event in events:
        response = event.obj.get("response") if event.obj is not None else None
        if isinstance(response, dict) and isinstance(response.get("id"), str):
            return str(response["id"])
    return None


def _continued(body: dict[str, Any]) -> tuple[str, str] | None:
    """(field, id) of the stored state a request continues, if any."""
    previous = body.get("previous_response_id")
    if isinstance(previous, str) and previous:
        return "previous_response_id", previous
    conversation = body.get("conversation")
    if isinstance(conversation, dict):
        conversation = conversation.get("id")
    if isinstance(conversation, str) and conversation:
        return "conversation", conversation
    return None


async def _pin(rt: HasStored, ex: Exchange) -> None:
    """A request that continues stored state goes only to the provider that stores it."""
    continued = _continued(ex.body or {})
    if continued is None:
        return
    field, object_id = continued
    home = await find_home(rt.homes, ex.tenant, object_id)
    if home is None and rt.policy.keys:
        # Another key's id (or one never made here) must not reach an account that may hold it.
        raise InvalidRequest(
            f"'{field}' names '{object_id}', which no response or conversation created through this proxy "
            "for your key has (or its record expired). Start again without it.",
            param=field,
            code="previous_response_not_found" if field == "previous_response_id" else "invalid_request",
        )
    if home is None:
        return  # open mode, not seen here: the upstream that gets it says whether it knows the id
    if not any(target.provider == home.provider for target in ex.targets):
        raise InvalidRequest(
            f"'{field}' names state stored by an upstream account that model '{ex.alias}' does not use. "
            "Send this request with the model of the earlier turn.",
            param=field,
        )
    ex.pinned = home.provider


async def _remember(rt: HasStored, ex: Exchange) -> None:
    """Remember where a stored answer lives (only native answers are stored upstream)."""
    dep, body = ex.deployment, ex.body or {}
    if ex.answer_id is None or dep is None or body.get("store") is False or ex.status >= 400:
        return
    if rt.upstream.providers[dep.provider].speaks("responses"):
        await record_home(rt.homes, ex.tenant, ex.answer_id, Home(dep.provider, ex.alias))


RESPONSES_REPLAY = EventReplay(RESPONSES_CODEC, ResponsesRelay)  # cached answers: as an upstream's would go
