"""What the cache decided for one request, and the caller's per-request cache controls.

Controls: `Cache-Control: no-cache` skips the lookup (the fresh answer is still stored),
`no-store` keeps the answer out of the cache, the policy's TTL header asks for a shorter life
(never longer than the policy's), and the policy's namespace header splits the caller's partition
(a namespace too long is refused, never cut: see `proxy.cache.namespaces`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from proxy.cache.answer import Recorder
from proxy.cache.namespaces import check_namespace
from proxy.core.filters import AnswerAction, AnswerFilter, WholeAnswer

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

    from proxy.cache.coalesce import Flight
    from proxy.cache.keys import SemanticQuery

Headers = list[tuple[bytes, bytes]]


@dataclass(frozen=True, slots=True)
class Controls:
    lookup: bool = True
    store: bool = True
    ttl_s: float | None = None
    namespace: str = ""


def controls_from(headers: Headers, ttl_header: bytes, namespace_header: bytes | None) -> Controls:
    lookup = store = True
    ttl: float | None = None
    namespace = ""
    for name, value in headers:
        if name == b"cache-control":
            directives = {d.strip().lower() for d in value.decode("latin-1").split(",")}
            lookup = lookup and "no-cache" not in directives
            store = store and "no-store" not in directives
        elif name == ttl_header:
            ttl = _seconds(value)
        elif namespace_header is not None and name == namespace_header:
            namespace = check_namespace(value.decode("latin-1"), namespace_header.decode("latin-1"))
    return Controls(lookup, store, ttl, namespace)


def _seconds(value: bytes) -> float | None:
    try:
        seconds = float(value)
    except ValueError:
        return None
    return seconds if seconds > 0 else None


@dataclass(slots=True)
class CacheState(AnswerFilter):
    """The cache's view of one request, from lookup to storing its answer.

    On a miss it is also the request's answer filter for a whole answer (a stream's is `recorder`).
    """

    key: str
    controls: Controls
    ttl_s: float
    tenant: str = ""  # the partition's tenant part (see `proxy.cache.tenancy`)
    status: str = "miss"  # hit-exact | hit-semantic | miss | bypass
    similarity: float | None = None
    coalesced: bool = False
    saved_usd: float = 0.0
    saved_tokens: int = 0
    query: SemanticQuery | None = None
    vector: NDArray[np.float32] | None = None
    query_signature: bytes | None = None  # the agreement signature of `query`, once computed
    flight: Flight | None = None  # set on the leader of coalesced requests
    recorder: Recorder | None = None
    answer: dict[str, Any] | None = field(default=None, repr=False)  # the upstream's JSON answer, before guards

    def on_answer(self, answer: WholeAnswer) -> AnswerAction:
        self.answer = answer.obj  # the cache keeps the reply path's parse rather than making its own
        return AnswerAction.PASS
