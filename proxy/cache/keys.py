"""Cache keys: the exact key of a request, and the semantic partition and query of an eligible one.

Guarantees: the exact key hashes the tenant, the namespace, the resolved alias and every request
field except a short deny-list of fields that cannot change the answer (a new field the API adds
is part of the key until proven harmless); streamed and non-streamed requests share a key. A
semantic partition hashes the tenant, namespace, alias, the system prompt, every earlier turn and
the parameters, so a semantic hit can differ from its entry only in the last user turn.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

import orjson

# Fields that change how the answer is delivered, billed or logged, never what it says.
NOT_IN_KEY = frozenset(
    {
        "model",  # replaced by the resolved alias
        "stream",
        "stream_options",
        "user",
        "safety_identifier",
        "metadata",
        "store",
        "service_tier",
        "prompt_cache_key",
        "prompt_cache_retention",
    }
)
_SAMPLING_SAFE = (None, 0, 0.0)


def _digest(obj: Any) -> str:
    return hashlib.sha256(orjson.dumps(obj, option=orjson.OPT_SORT_KEYS)).hexdigest()


def exact_key(tenant: str, namespace: str, alias: str, body: dict[str, Any]) -> str:
    """The exact-layer key (hex); equal only for requests that must get the same answer."""
    fields = {k: v for k, v in body.items() if k not in NOT_IN_KEY}
    return "x" + _digest([tenant, namespace, alias, fields])


@dataclass(frozen=True, slots=True)
class SemanticQuery:
    partition: str
    text: str  # the last user turn, the only part a semantic hit may differ in


def semantic_query(
    tenant: str, namespace: str, alias: str, body: dict[str, Any], *, max_turns: int, any_temperature: bool
) -> SemanticQuery | None:
    """The partition and text to embed, or None when a semantic hit would not be safe."""
    if not _safe(body, any_temperature):
        return None
    messages = body.get("messages")
    if not isinstance(messages, list) or not messages:
        return None
    last = messages[-1]
    text = _plain_text(last) if isinstance(last, dict) and last.get("role") == "user" else None
    if text is None:
        return None
    system = [m for m in messages[:-1] if isinstance(m, dict) and m.get("role") in ("system", "developer")]
    earlier = [m for m in messages[:-1] if not (isinstance(m, dict) and m.get("role") in ("system", "developer"))]
    if len(earlier) + 1 > max_turns or any(not isinstance(m, dict) or m.get("role") == "tool" for m in earlier):
        return None
    params = {k: v for k, v in body.items() if k not in NOT_IN_KEY and k != "messages"}
    return SemanticQuery("s" + _digest([tenant, namespace, alias, system, earlier, params]), text)


def _safe(body: dict[str, Any], any_temperature: bool) -> bool:
    if body.get("tools") or body.get("functions") or body.get("n", 1) not in (1, None):
        return False
    return any_temperature or body.get("temperature") in _SAMPLING_SAFE


def _plain_text(message: dict[str, Any]) -> str | None:
    """A user turn's text, when it is only text."""
    content = message.get("content")
    if isinstance(content, str):
        return content
    if isinstance(content, list) and all(isinstance(p, dict) and p.get("type") == "text" for p in content):
        return "\n".join(str(p.get("text", "")) for p in content)
    return None
