"""Cache keys: the exact key of a request, and the semantic partition and query of an eligible one.

Guarantees: the exact key hashes the tenant, the namespace, the door (the endpoint: an answer is
never served to another door's request, however alike the two bodies), the resolved alias and the
fields the request's surface says can change the answer (`Surface.cache_fields`: for chat, every field but a
short deny-list); streamed and non-streamed requests share a key. A semantic partition hashes the
tenant, namespace, door, alias, the embedder's vector space and everything the surface pins
(`Surface.semantic_parts`: for chat, the system prompt, every earlier turn and the parameters), so a
semantic hit can differ from its entry only in the part the surface leaves free (chat: the last
user turn).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

import orjson

from proxy.core.surface import SemanticParts


def _digest(obj: Any) -> str:
    return hashlib.sha256(orjson.dumps(obj, option=orjson.OPT_SORT_KEYS)).hexdigest()


def exact_key(tenant: str, namespace: str, door: str, alias: str, fields: dict[str, Any]) -> str:
    """The exact-layer key (hex) of a request's `cache_fields` on `door`; equal only for requests that
    must get the same answer."""
    return "x" + _digest([tenant, namespace, door, alias, fields])


@dataclass(frozen=True, slots=True)
class SemanticQuery:
    partition: str
    text: str  # the only part a semantic hit may differ in (chat: the last user turn)


def semantic_query(
    tenant: str, namespace: str, door: str, alias: str, parts: SemanticParts | None, *, space: str = ""
) -> SemanticQuery | None:
    """The partition and text to embed, or None when a semantic hit would not be safe (`parts` None).

    `space` names the vector space (the embedder's `name`, which carries its version): vectors of
    another embedder, or of an older version of this one, live in other partitions and are never compared."""
    if parts is None:
        return None
    return SemanticQuery("s" + _digest([tenant, namespace, door, alias, space, *parts.pinned]), parts.text)
