"""Whose cache partition a request is in: the part of every cache key that says who may read it.

Keys mode: the virtual key's name. Open mode has no verified tenants, so the credential the caller
brings decides: a keyed digest of it (BLAKE2b under the store's partition secret; the credential
itself is never kept), so only a caller with the same Authorization / api-key value reads the
entries. This matters most where the provider has no api key of its own and the caller's key is
forwarded upstream: a cached answer was paid for and authorised by that key, and must not reach a
caller without it. A request without any credential is not cached unless the policy opts in
(`cache.anonymous`), and then all such requests share one partition. With `cache.open_mode:
shared`, aliases served only with providers' own keys share one partition for every caller (the
operator's explicit choice; `llm-proxy check` warns); aliases that may forward the caller's key
stay per credential whatever the setting.

The three kinds of partition names carry distinct prefixes, so they never collide.
"""

from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable

SHARED = "o:shared"
ANONYMOUS = "o:anonymous"


class Tenancy:
    """The partition rule of one policy; `partition` applies it to one request."""

    __slots__ = ("_anonymous", "_keys_mode", "_shared_aliases")

    def __init__(self, *, keys_mode: bool, shared_aliases: frozenset[str], anonymous: bool) -> None:
        self._keys_mode = keys_mode
        self._shared_aliases = shared_aliases
        self._anonymous = anonymous

    async def partition(
        self, tenant: str | None, alias: str, credential: bytes | None, secret: Callable[[], Awaitable[bytes]]
    ) -> str | None:
        """The partition's tenant part, or None: this request must neither read nor write the cache.

        `tenant` is the authenticated key name (keys mode), `credential` the caller's bearer token;
        `secret` (the store's partition secret) is fetched only to digest a credential, and what it
        raises is the caller's to handle."""
        if self._keys_mode:
            return "k:" + (tenant or "")
        if alias in self._shared_aliases:
            return SHARED
        if credential is None:
            return ANONYMOUS if self._anonymous else None
        key = await secret()
        digest = hashlib.blake2b(credential, key=key[:64], digest_size=16, person=b"llmproxy-cache")
        return "c:" + digest.hexdigest()
