"""`Homes`: which deployment holds an object stored upstream (a response, a conversation).

An upstream keeps a response created with `store` on (and a conversation) in its own provider
account, so every follow-up call on it must reach the deployment that created it. `Homes` keeps
"object id -> deployment label" in the shared `Store`, so any replica answers alike.

Guarantees:
- Tenant-scoped: a record is keyed by tenant and object id (`llmp:{k:<tenant>}:home:<id>`, one hash
  tag per tenant, so it is safe on Redis Cluster). Another tenant's id is simply unknown: `find`
  answers None, exactly as for an id that never existed.
- Ids are checked before they reach a key: only ASCII letters, digits, `_` and `-`, 1 to 128 of
  them. Anything else is unknown to `find` (the store is not touched) and not recorded by `record`.
  Since an id holds no `}` or `:`, distinct (tenant, id) pairs never share a key.
- A record lives `ttl_s` (default 30 days, the Responses API's storage period); an in-process store
  may forget the oldest records early to stay bounded (see `MemoryStore`).
- `record` never raises for a store failure: it logs a warning (the follow-up calls will then not
  find the object). `find` raises `StoreUnavailable` only when the store does (fail-closed mode);
  a fail-open store answers from its local fallback.
"""

from __future__ import annotations

import logging
import re

from proxy.state.base import Store, StoreUnavailable

log = logging.getLogger("proxy.state")

STORED_FOR_S = 30 * 24 * 3600.0

_ID = re.compile(r"[A-Za-z0-9_-]{1,128}")


def valid_object_id(object_id: str) -> bool:
    """Whether `object_id` may name a stored object: ASCII letters, digits, `_`, `-`; 1 to 128 chars."""
    return _ID.fullmatch(object_id) is not None


class Homes:
    """Where each tenant's stored upstream objects live, shared across replicas through `store`."""

    __slots__ = ("_store", "ttl_s")

    def __init__(self, store: Store, *, ttl_s: float = STORED_FOR_S) -> None:
        if not ttl_s > 0:
            raise ValueError("ttl_s must be > 0")
        self._store = store
        self.ttl_s = ttl_s

    async def record(self, tenant: str, object_id: str, deployment: str) -> None:
        """Remember that `tenant`'s `object_id` lives on `deployment`; never raises for the store."""
        if not valid_object_id(object_id):
            # The id came from an upstream's answer: a key must not be built from it.
            log.warning("not recording where an upstream object lives: malformed id %r", object_id[:200])
            return
        try:
            await self._store.remember(_key(tenant, object_id), deployment, self.ttl_s)
        except StoreUnavailable as exc:
            log.warning("could not record that %s lives on %s: %s", object_id, deployment, exc)

    async def find(self, tenant: str, object_id: str) -> str | None:
        """The deployment label holding `tenant`'s `object_id`, or None if unknown, expired, malformed or
        another tenant's. Raises `StoreUnavailable` if the store does (fail-closed)."""
        if not valid_object_id(object_id):
            return None
        return await self._store.recall(_key(tenant, object_id))


def _key(tenant: str, object_id: str) -> str:
    return f"llmp:{{k:{tenant}}}:home:{object_id}"
