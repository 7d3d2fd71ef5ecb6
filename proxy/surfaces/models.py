"""The `/v1/models` surface: the model list and `/v1/models/{id}`, as the caller's key may see them.

Guarantees: the list names every model alias and router alias of the policy, in policy order, or,
for a key restricted to some models, only those it may use (built once per key, then served from
memory); an id the caller may not see gets the same 404 `model_not_found` as a chat request for it
(`proxy.config.key_access.model_not_found`), naming only the aliases the caller may use.
"""

from __future__ import annotations

import time
from typing import Protocol

import orjson

from proxy.config.key_access import model_not_found
from proxy.config.policy import Policy
from proxy.core.asgi import Scope
from proxy.core.exchange import Exchange, JsonReply, Reply
from proxy.core.principal import Principal
from proxy.core.surface import Surface


class ModelsSurface(Surface):
    """`/v1/models[/{id}]`: no body; the model named is the path's id."""

    __slots__ = ()

    def requested(self, path: str, raw: bytes) -> tuple[str | None, bool]:
        return path.removeprefix("/v1/models").lstrip("/") or None, False


MODELS_SURFACE = ModelsSurface("models")


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
    body = listing.full.get(model_id) if ex.access is None else listing.visible_to(ex.access).get(model_id)
    if body is None:
        ex.alias = model_id
        raise model_not_found(model_id, ex.access, listing.aliases)  # as the access stage words it
    return JsonReply(200, body, [(b"content-type", b"application/json")])


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
