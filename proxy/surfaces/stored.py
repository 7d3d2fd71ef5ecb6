"""Stored Responses state: `/v1/responses/{id}...` and `/v1/conversations...`, and where each object lives.

A response an upstream stores (or a conversation) belongs to one provider account. Its home (the
provider, and the alias that made it, when a request of this proxy did) is remembered per tenant
in the state store (`proxy.state.homes`), so every call that reads or continues it reaches that
account from any replica. These calls are governed like the others: the key, its permissions and
request-rate limits apply (the pipeline), and the key's guardrails hold on the text they carry
(`proxy.guardrails.stored`): conversation items written are checked by the input guardrails, and
a stored response or conversation item read back by the output guardrails (of the alias that made
it when known), since that text never passed through the request that reads it.

Guarantees: in keys mode an id the proxy never saw for the caller's key is a 404 (another key's
object is unreachable, and nothing says it exists), and so is any call without an id but creating
a conversation and counting input tokens (an account-wide listing would show every key's
objects); a new conversation is created at the pass-through provider and remembered there;
`POST /v1/responses/input_tokens` (which stores nothing) goes to the pass-through provider, its
model checked against the key's and its input through the key's input guardrails; a stored answer
read back as a stream is refused when output guardrails apply (they read it whole, as JSON).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

import orjson

from proxy.config.policy import Policy
from proxy.core.asgi import Scope
from proxy.core.errors import InvalidRequest, ObjectNotFound
from proxy.core.exchange import Exchange, JsonReply, Reply
from proxy.core.surface import TextSlot
from proxy.guardrails.output import OutputGuard
from proxy.guardrails.stored import StoredGuard, item_list
from proxy.surfaces.passthrough import PassthroughSurface, passthrough_reply, path_and_query
from proxy.surfaces.responses_body import RESPONSES_SURFACE
from proxy.surfaces.responses_items import input_slots
from proxy.upstream.call import Upstream

# Stored responses and conversations: bodies the stages do not parse; access reads the model a JSON
# one names (`/v1/responses/input_tokens`), as on a pass-through.
STORED_SURFACE = PassthroughSurface("stored")
# The calls without an object id a key may make at the pass-through account (none reads another's state).
_SHARED_ACCOUNT_CALLS = frozenset({("POST", "/v1/conversations"), ("POST", "/v1/responses/input_tokens")})
_SEPARATOR = "\n"  # between provider and alias in a home record (neither name holds a newline)


@dataclass(frozen=True, slots=True)
class Home:
    """Where a stored object lives: its provider, and the alias whose request made it (if one did)."""

    provider: str
    alias: str | None = None


class HomesLike(Protocol):
    """Where stored objects live (`proxy.state.homes.Homes`): object id -> a record, per tenant."""

    async def record(self, tenant: str, object_id: str, deployment: str) -> None: ...

    async def find(self, tenant: str, object_id: str) -> str | None: ...


async def record_home(homes: HomesLike, tenant: str | None, object_id: str, home: Home) -> None:
    await homes.record(tenant or "anonymous", object_id, home.provider + _SEPARATOR + (home.alias or ""))


async def find_home(homes: HomesLike, tenant: str | None, object_id: str) -> Home | None:
    found = await homes.find(tenant or "anonymous", object_id)
    if found is None:
        return None
    provider, _, alias = found.partition(_SEPARATOR)
    return Home(provider, alias or None)


class HasStored(Protocol):
    """What the Responses and stored-state terminals need of the live policy."""

    @property
    def policy(self) -> Policy: ...

    @property
    def upstream(self) -> Upstream: ...

    @property
    def homes(self) -> HomesLike: ...

    @property
    def stored_guard(self) -> StoredGuard: ...


async def stored_terminal(rt: HasStored, ex: Exchange, scope: Scope) -> Reply:
    """Forwarded to the provider that stores the object, through the key's guardrails."""
    object_id = stored_object_id(ex.path)
    home = await find_home(rt.homes, ex.tenant, object_id) if object_id is not None else None
    if home is None:
        if object_id is not None and rt.policy.keys:
            raise ObjectNotFound(
                f"No stored response or conversation '{object_id}' is known to this proxy for your key "
                "(it was not created through this proxy, or its record expired)."
            )
        if object_id is None and rt.policy.keys and (ex.method, ex.path) not in _SHARED_ACCOUNT_CALLS:
            # e.g. a listing of the account's conversations: every key's, so none may read it
            raise ObjectNotFound(f"{ex.method} {ex.path} is not available through this proxy with a key.")
        home = Home(rt.policy.passthrough_provider)
    await _check_written(rt.stored_guard, ex)
    reader = rt.stored_guard.reader(ex.tenant, home.alias, RESPONSES_SURFACE) if _reads_text(ex) else None
    if reader is not None and b"stream=true" in scope.get("query_string", b""):
        raise InvalidRequest(
            "Stored answers are read as JSON here (output guardrails read them whole): leave out 'stream'.",
            param="stream",
        )
    provider = home.provider
    reply = await passthrough_reply(ex, rt.upstream.providers[provider], provider, path_and_query(scope))
    if reader is not None and isinstance(reply, JsonReply) and reply.status == 200:
        _guard_read(reader, reply)
    if object_id is None and ex.method == "POST" and isinstance(reply, JsonReply) and reply.status < 300:
        created = _created_id(reply.body)
        if created is not None:
            await record_home(rt.homes, ex.tenant, created, Home(provider))
    return reply


def stored_object_id(path: str) -> str | None:
    """The id in `/v1/responses/{id}...` or `/v1/conversations/{id}...` (None: none in the path, as
    in `POST /v1/conversations` and `POST /v1/responses/input_tokens`, which counts and stores nothing)."""
    parts = path.split("/")
    found = parts[3] if len(parts) > 3 and parts[3] else None
    return None if found == "input_tokens" and parts[2] == "responses" else found


def _reads_text(ex: Exchange) -> bool:
    """A call whose answer is stored model output: a response (read or cancelled), conversation items."""
    parts = ex.path.split("/")  # "", "v1", kind, id, ...
    if parts[2] == "responses":
        return (len(parts) == 4 and ex.method == "GET") or parts[4:] == ["cancel"]
    return ex.method == "GET" and len(parts) >= 5 and parts[4] == "items"


async def _check_written(guard: StoredGuard, ex: Exchange) -> None:
    """Text sent upstream pass the input guardrails: conversation items written (a new
    conversation's, or added ones) and the input whose tokens `/v1/responses/input_tokens` counts."""
    if ex.method != "POST" or not ex.raw_body:
        return
    try:
        body = orjson.loads(ex.raw_body)
    except orjson.JSONDecodeError:
        return  # the upstream refuses it
    slots = _written_slots(ex.path, body) if isinstance(body, dict) else []
    before = [slot.text for slot in slots]
    await guard.check_written(ex.tenant, slots, ex.request_id)
    if [slot.text for slot in slots] != before:
        ex.raw_body = orjson.dumps(body)  # forwarded redacted


def _written_slots(path: str, body: dict[str, Any]) -> list[TextSlot]:
    parts = path.split("/")  # "", "v1", kind, id, ...
    if parts[2] == "responses":
        return input_slots(body) if parts[3:] == ["input_tokens"] else []
    items = body.get("items")
    if (len(parts) == 3 or parts[4:] == ["items"]) and isinstance(items, list):
        return input_slots({"input": items})
    return []


def _guard_read(reader: OutputGuard, reply: JsonReply) -> None:
    """The output guardrails over a stored answer read back: redacted in the body, or refused."""
    try:
        obj = orjson.loads(reply.body)
    except orjson.JSONDecodeError:
        return
    view = JsonReply(200, orjson.dumps(item_list(obj)))
    unchanged = view.body
    reader.on_answer(view)
    if view.body == unchanged:
        return
    guarded = orjson.loads(view.body)
    if isinstance(obj, dict) and isinstance(obj.get("data"), list):
        obj["data"] = guarded["output"]
    elif isinstance(obj, dict) and "output" in obj:
        obj = guarded
    else:
        obj = guarded["output"][0]
    reply.body = orjson.dumps(obj)


def _created_id(body: bytes) -> str | None:
    try:
        obj = orjson.loads(body)
    except orjson.JSONDecodeError:
        return None
    found = obj.get("id") if isinstance(obj, dict) else None
    return found if isinstance(found, str) else None
