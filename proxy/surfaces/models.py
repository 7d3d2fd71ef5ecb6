"""The `/v1/models` surface: the model list and `/v1/models/{id}`, as the caller's key may see them.

Guarantees: the list names every model alias and router alias of the policy, in policy order, or,
for a key restricted to some models, only those it may use (built once per key, then served from
memory); an id the caller may not see gets the same 404 `model_not_found` as a chat request for it
(`proxy.config.key_access.model_not_found`), naming only the aliases the caller may use.
A caller that speaks Anthropic's API (the handler picks `ANTHROPIC_MODELS_SURFACE`) gets the same
aliases in Anthropic's shape (`{"data": [{"type": "model", "id", "display_name", "created_at"}],
"has_more", "first_id", "last_id"}`, paged by `limit`, `after_id` and `before_id`) and its errors
in Anthropic's envelope.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Any, ClassVar, Protocol
from urllib.parse import parse_qs

import orjson

from proxy.config.key_access import model_not_found
from proxy.config.policy import Policy
from proxy.core.asgi import Scope
from proxy.core.errors import InvalidRequest, ProxyError
from proxy.core.exchange import Exchange, JsonReply, Reply
from proxy.core.principal import Principal
from proxy.core.surface import Headers, Surface
from proxy.surfaces import anthropic_errors


class ModelsSurface(Surface):
    """`/v1/models[/{id}]`: no body; the model named is the path's id."""

    __slots__ = ()

    def requested(self, path: str, raw: bytes) -> tuple[str | None, bool]:
        return path.removeprefix("/v1/models").lstrip("/") or None, False


class AnthropicModelsSurface(ModelsSurface):
    """`/v1/models[/{id}]` asked by an Anthropic client: Anthropic's shapes and errors."""

    __slots__ = ()
    anthropic: ClassVar[bool] = True

    def render_error(self, err: ProxyError) -> tuple[int, Headers, bytes]:
        return anthropic_errors.render(err)


MODELS_SURFACE = ModelsSurface("models")
ANTHROPIC_MODELS_SURFACE = AnthropicModelsSurface("models")
_MAX_PAGE = 1000


class ModelListing:
    """The pre-rendered `/v1/models` bodies of one policy: the list under "" and one body per alias."""

    __slots__ = ("_by_key", "aliases", "full", "policy")

    def __init__(self, policy: Policy) -> None:
        self.policy = policy
        self.aliases = (*policy.models, *policy.routers)
        self.full = _listing(policy)
        self._by_key: dict[str, dict[str, bytes]] = {}

    def visible_to(self, access: Principal) -> dict[str, bytes]:
        """`full` narrowed to the aliases the key may use (built once per key)."""
        found = self._by_key.get(access.name)
        if found is None:
            found = _listing(self.policy, set(access.visible_models(self.aliases)))
            self._by_key[access.name] = found
        return found


class HasModelListing(Protocol):
    """What the models terminal needs of the live policy."""

    @property
    def model_listing(self) -> ModelListing: ...


async def models_terminal(rt: HasModelListing, ex: Exchange, scope: Scope) -> Reply:
    listing = rt.model_listing
    model_id = scope.get("path_params", {}).get("model_id", "")
    visible = listing.full if ex.access is None else listing.visible_to(ex.access)
    body = visible.get(model_id)
    if body is None:
        ex.alias = model_id
        raise model_not_found(model_id, ex.access, listing.aliases)  # as the access stage words it
    if ex.surface.anthropic:
        aliases = [alias for alias in listing.aliases if alias in visible]
        body = _anthropic_body(aliases, model_id, scope.get("query_string", b""))
    return JsonReply(200, body, [(b"content-type", b"application/json")])


def _anthropic_body(aliases: list[str], model_id: str, query: bytes) -> bytes:
    """One model, or a page of the list, as Anthropic's Models API answers."""
    if model_id:
        return orjson.dumps(_anthropic_entry(model_id))
    params = {k: v[-1] for k, v in parse_qs(query.decode("latin-1")).items()}
    limit = params.get("limit", "20")
    if not limit.isdigit() or not 1 <= int(limit) <= _MAX_PAGE:
        raise InvalidRequest(f"'limit' must be an integer from 1 to {_MAX_PAGE}.", param="limit")
    start, end = 0, len(aliases)
    if params.get("after_id") in aliases:
        start = aliases.index(params["after_id"]) + 1
    if params.get("before_id") in aliases:
        end = aliases.index(params["before_id"])
        start = max(start, end - int(limit)) if "after_id" not in params else start
    page = aliases[start:end][: int(limit)]
    entries = [_anthropic_entry(alias) for alias in page]
    more = start + len(page) < end if "before_id" not in params else start > 0
    first, last = (page[0], page[-1]) if page else (None, None)
    return orjson.dumps({"data": entries, "has_more": more, "first_id": first, "last_id": last})


def _anthropic_entry(alias: str) -> dict[str, Any]:
    return {"type": "model", "id": alias, "display_name": alias, "created_at": _STARTED}


_STARTED = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")  # aliases have no date of their own


def _listing(policy: Policy, visible: set[str] | None = None) -> dict[str, bytes]:
    created = int(time.time())
    owners = {**{a: m.owned_by for a, m in policy.models.items()}, **dict.fromkeys(policy.routers, "llm-policy-proxy")}
    entries = {
        alias: {"id": alias, "object": "model", "created": created, "owned_by": owner}
        for alias, owner in owners.items()
        if visible is None or alias in visible
    }
    out = {alias: orjson.dumps(entry) for alias, entry in entries.items()}
    out[""] = orjson.dumps({"object": "list", "data": list(entries.values())})
    return out
