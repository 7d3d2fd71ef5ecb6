"""Auth stage: virtual keys, their expiry and rotation.

Enforces: in keys mode (a non-empty `keys:` list) every request carries a known virtual key as
`Authorization: Bearer <key>` (or `api-key: <key>`), and the key's name becomes the tenant. Keys
are compared by SHA-256 digest, so the policy may hold only digests and lookups leak no timing
about the secret. A key past `expires` is refused; during a rotation the `previous` secret works
until its `valid_until`, then is refused with a message saying it was replaced. The key's resolved
permissions go on the Exchange for the access stage. Hooks: on_request. Config: `keys`,
`key_groups`. On failure: 401 with a message that never echoes the key or names it. In open mode
the tenant is `anonymous`. An admin key (`admin_keys`, for `/admin/*`) is refused here in both
modes, compared in constant time.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

from proxy.config.access import Permissions
from proxy.config.key_access import KeyAccess, resolve
from proxy.config.loader import parse_time
from proxy.config.policy import KeyConfig, secret_digest
from proxy.core.errors import Unauthorized
from proxy.core.exchange import Exchange, Reply
from proxy.core.stage import Stage

OPEN_TENANT = "anonymous"
_ADMIN_KEY_MESSAGE = "Incorrect API key provided: this is an admin key; use a completion key for /v1 requests."


@dataclass(frozen=True, slots=True)
class _Entry:
    """One accepted secret: the key it opens and, for a rotated-out secret, until when."""

    access: KeyAccess
    valid_until: float | None = None
    valid_until_text: str | None = None
    restricted: KeyAccess | None = None  # `access`, when it restricts anything (what the Exchange carries)

    def __post_init__(self) -> None:
        object.__setattr__(self, "restricted", None if self.access.unrestricted else self.access)

    @property
    def timed(self) -> bool:
        return self.valid_until is not None or self.access.expires_at is not None


class AuthStage(Stage):
    name: ClassVar[str] = "auth"

    def __init__(
        self,
        keys: tuple[KeyConfig, ...],
        admin_keys: tuple[KeyConfig, ...] = (),
        groups: dict[str, Permissions] | None = None,
        *,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._by_digest: dict[str, _Entry] = {}
        for key in keys:
            access = resolve(key, groups or {})
            self._by_digest[key.digest()] = _Entry(access)
            prev = key.previous
            if prev is not None:
                until = parse_time(prev.valid_until)
                digest = secret_digest(prev.secret, prev.secret_sha256)
                stamp = until.timestamp() if until is not None else 0.0
                self._by_digest[digest] = _Entry(access, stamp, prev.valid_until)
        self._admin_digests = tuple(k.digest().encode() for k in admin_keys)
        self._clock = clock

    async def on_request(self, ex: Exchange) -> Reply | None:
        if not self._by_digest:
            if self._admin_digests:
                token = bearer_token(ex.authorization)
                if token is not None and is_one_of(hashlib.sha256(token).hexdigest(), self._admin_digests):
                    raise Unauthorized(_ADMIN_KEY_MESSAGE)
            ex.tenant = OPEN_TENANT
            return None
        token = bearer_token(ex.authorization)
        if token is None:
            raise Unauthorized(
                "Missing API key. Send your virtual key as 'Authorization: Bearer <key>' "
                "(the OpenAI SDK does this with api_key=...)."
            )
        digest = hashlib.sha256(token).hexdigest()
        entry = self._by_digest.get(digest)
        if entry is None and is_one_of(digest, self._admin_digests):
            raise Unauthorized(_ADMIN_KEY_MESSAGE)
        if entry is None:
            raise Unauthorized("Incorrect API key provided. Use a virtual key issued for this proxy.")
        if entry.timed:
            self._check_time(entry)
        ex.tenant = entry.access.name
        ex.access = entry.restricted
        return None

    def _check_time(self, entry: _Entry) -> None:
        now = self._clock()
        if entry.valid_until is not None and now >= entry.valid_until:
            raise Unauthorized(
                f"This API key was replaced by a new one and stopped working at {entry.valid_until_text}. "
                "Use the new key.",
                code="api_key_rotated",
            )
        expires_at = entry.access.expires_at
        if expires_at is not None and now >= expires_at:
            raise Unauthorized(
                f"This API key expired at {entry.access.expires}. Ask the proxy's operator for a new key.",
                code="api_key_expired",
            )


def bearer_token(header: bytes | None) -> bytes | None:
    """The credential in `Bearer <token>` (or a bare `api-key` value); None if absent or empty."""
    if not header:
        return None
    scheme, _, rest = header.partition(b" ")
    token = rest.strip() if scheme.lower() == b"bearer" else header.strip()
    return token or None


def is_one_of(digest: str, digests: tuple[bytes, ...]) -> bool:
    """Whether `digest` (hex) is in `digests`, comparing with every one in constant time."""
    found = False
    for candidate in digests:
        found |= hmac.compare_digest(digest.encode(), candidate)
    return found
