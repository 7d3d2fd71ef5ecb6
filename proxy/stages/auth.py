"""Auth stage: virtual keys.

Enforces: in keys mode (a non-empty `keys:` list) every request carries a known virtual key as
`Authorization: Bearer <key>` (or `api-key: <key>`), and the key's name becomes the tenant. Keys
are compared by SHA-256 digest, so the policy may hold only digests and lookups leak no timing
about the secret. Hooks: on_request. Config: `keys[].name`, `keys[].secret` / `keys[].secret_sha256`.
On failure: 401 with a message that never echoes the key. In open mode the tenant is `anonymous`.
An admin key (`admin_keys`, for `/admin/*`) is refused here in both modes, compared in constant time.
"""

from __future__ import annotations

import hashlib
import hmac
from typing import ClassVar

from proxy.config import KeyConfig
from proxy.errors import Unauthorized
from proxy.exchange import Exchange, Reply
from proxy.stage import Stage

OPEN_TENANT = "anonymous"
_ADMIN_KEY_MESSAGE = "Incorrect API key provided: this is an admin key; use a completion key for /v1 requests."


class AuthStage(Stage):
    name: ClassVar[str] = "auth"

    def __init__(self, keys: tuple[KeyConfig, ...], admin_keys: tuple[KeyConfig, ...] = ()) -> None:
        self._by_digest = {k.digest(): k.name for k in keys}
        self._admin_digests = tuple(k.digest().encode() for k in admin_keys)

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
        tenant = self._by_digest.get(digest)
        if tenant is None and is_one_of(digest, self._admin_digests):
            raise Unauthorized(_ADMIN_KEY_MESSAGE)
        if tenant is None:
            raise Unauthorized("Incorrect API key provided. Use a virtual key issued for this proxy.")
        ex.tenant = tenant
        return None


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
