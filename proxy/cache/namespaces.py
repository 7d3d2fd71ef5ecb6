"""Cache namespaces: the caller's own split of its partition, checked and capped per tenant.

Guarantees: a namespace is used whole or refused, never cut (two long names that differ late
would otherwise share entries): one longer than `MAX_NAMESPACE_CHARS` gets 400. A tenant has at
most `limit` namespaces in use at once; a namespace is in use from its last request until the
policy's TTL has passed (after that none of its entries can be live). One more gets 400 naming
the limit. The default namespace (no header) never counts.

The record is per process and bounded: at most `max_tracked` (tenant, namespace) pairs in all,
each a 16-byte digest and a time; past that the least recently active tenant's record is dropped
(its namespaces no longer count until used again). With the default bounds it stays under a few
MB, besides the cache's `max_bytes`.
"""

from __future__ import annotations

import hashlib
import time
from collections import OrderedDict
from collections.abc import Callable

from proxy.core.errors import InvalidRequest

MAX_NAMESPACE_CHARS = 128


def check_namespace(value: str, header: str) -> str:
    """`value` if it is a usable namespace; InvalidRequest (400) if it is too long."""
    if len(value) > MAX_NAMESPACE_CHARS:
        raise InvalidRequest(
            f"The {header} header is {len(value)} characters long; a cache namespace may have at most "
            f"{MAX_NAMESPACE_CHARS}. Send a shorter name (or a digest of a long one).",
            param=header,
        )
    return value


class NamespaceLimit:
    """Namespaces in use per tenant, at most `limit` each; see the module docstring."""

    __slots__ = ("_clock", "_header", "_limit", "_max_tracked", "_tenants", "_tracked", "_window_s")

    def __init__(
        self,
        limit: int,
        window_s: float,
        header: str,
        *,
        max_tracked: int,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._limit = limit
        self._window_s = window_s
        self._header = header
        self._max_tracked = max_tracked
        self._clock = clock
        self._tenants: OrderedDict[str, OrderedDict[bytes, float]] = OrderedDict()
        self._tracked = 0

    @property
    def tracked(self) -> int:
        """(tenant, namespace) pairs recorded."""
        return self._tracked

    def use(self, tenant: str, namespace: str) -> None:
        """Record that `tenant` uses `namespace` now; InvalidRequest (400) if that is one too many."""
        if not namespace:
            return
        now = self._clock()
        digest = hashlib.blake2b(namespace.encode(), digest_size=16).digest()
        spaces = self._tenants.get(tenant)
        if spaces is None:
            spaces = self._tenants[tenant] = OrderedDict()
        self._tenants.move_to_end(tenant)
        if digest not in spaces:
            self._forget_idle(spaces, now)
            if len(spaces) >= self._limit:
                raise InvalidRequest(
                    f"This caller already uses {self._limit} cache namespaces, the most allowed at once. "
                    f"Reuse one of them in the {self._header} header, or send the request without it.",
                    param=self._header,
                )
            self._tracked += 1
        spaces[digest] = now
        spaces.move_to_end(digest)
        while self._tracked > self._max_tracked and len(self._tenants) > 1:
            _, dropped = self._tenants.popitem(last=False)
            self._tracked -= len(dropped)

    def _forget_idle(self, spaces: OrderedDict[bytes, float], now: float) -> None:
        while spaces:
            digest, last = next(iter(spaces.items()))
            if now - last < self._window_s:
                return
            del spaces[digest]
            self._tracked -= 1
