"""Access stage: what the authenticated key may do, and who the end user is.

Enforces, for every pass-through call (a `/v1/*` path no governed surface serves): the path is
one `passthrough.allow` admits (unset: none in keys mode, all in open mode), else 403. For a key
with permissions (`keys[]` / `key_groups`): the endpoint path is one it may call (403), the body
is within its `max_body_bytes` (413), it sends no override header it may not use (403 naming the
header), the model is one of its patterns (404 that reads exactly like an unknown model and lists
only the models this key can use, so nothing reveals other aliases), and it has at most
`max_streams` streamed answers open at once (429; 403 when streaming is off for it).
For every caller, `GET /v1/models/{id}` of an id that is no alias gets that same 404.
For every request whose body the stages read (chat, responses, embeddings): the end user is the
trusted identity header (from `identity.trusted_proxies` only, when set) or else the body field its
surface names (chat, responses: `safety_identifier`/`user`; embeddings: `user`), and must be a
sane id (400 naming the field). Hooks: on_request; on_response (gives the stream slot back).
Config: `keys`, `key_groups`, `identity`, `limits.user_header`, `passthrough.allow`.
"""

from __future__ import annotations

import ipaddress
import re
from typing import Any, ClassVar

from proxy.config.key_access import model_not_found
from proxy.config.policy import Policy, override_header_names
from proxy.core.errors import BodyTooLarge, InvalidRequest, PermissionDenied, RateLimited
from proxy.core.exchange import Exchange, Reply
from proxy.core.principal import Principal
from proxy.core.stage import Stage
from proxy.state.base import Store

_USER_CHARS = re.compile(r"[A-Za-z0-9._:@+/=-]+")
_STREAM_LEASE_TTL_S = 3600.0  # a crashed replica's stream slots come back after this
IpNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


class AccessStage(Stage):
    name: ClassVar[str] = "access"

    def __init__(self, policy: Policy, store: Store) -> None:
        self._store = store
        self._aliases = [*policy.models, *policy.routers]
        self._known = frozenset(self._aliases)
        self._override_headers = frozenset(h.encode("latin-1") for h in override_header_names(policy))
        identity = policy.identity
        header = identity.user_header or policy.limits.user_header
        self._user_header = header.lower().encode() if header else None
        self._trusted: tuple[IpNetwork, ...] = tuple(
            ipaddress.ip_network(net, strict=False) for net in identity.trusted_proxies
        )
        self._max_user = identity.max_user_length
        self._passthrough = policy.passthrough
        self._keys_mode = bool(policy.keys)

    async def on_request(self, ex: Exchange) -> Reply | None:
        if ex.endpoint == "passthrough" and not self._passthrough.admits(ex.path, keys_mode=self._keys_mode):
            raise PermissionDenied(
                f"This proxy does not forward {ex.method} {ex.path}: the path is not in the policy's "
                "passthrough.allow list. Ask the proxy's operator to allow it."
            )
        access = ex.access
        if access is not None:
            await self._enforce(ex, access)
        if ex.body is not None:  # a body the stages read: the policy may count by end user
            ex.end_user = self._end_user(ex, ex.body)
        elif ex.endpoint == "models":
            self._check_model_id(ex, access)
        return None

    def _check_model_id(self, ex: Exchange, access: Principal | None) -> None:
        """`/v1/models/{id}` of an id that is no alias: the same refusal as a chat request for it."""
        model_id, _ = ex.surface.requested(ex.path, ex.raw_body)
        if model_id is not None and model_id not in self._known:
            ex.alias = model_id
            raise model_not_found(model_id, access, self._aliases)

    async def on_response(self, ex: Exchange) -> None:
        if ex.access is not None and ex.stream_slot is not None:
            await self._store.release(ex.stream_slot, ex.request_id)

    async def _enforce(self, ex: Exchange, access: Principal) -> None:
        perms = access.permissions
        if not access.may_call(ex.path):
            raise PermissionDenied(f"This key may not call {ex.method} {ex.path}.")
        if perms.max_body_bytes is not None and len(ex.raw_body) > perms.max_body_bytes:
            raise BodyTooLarge(
                f"The request body is {len(ex.raw_body)} bytes; this key may send at most {perms.max_body_bytes}."
            )
        if access.override_headers is not None:
            self._check_headers(ex, access.override_headers)
        model, streamed = _model_and_stream(ex)
        if model is not None and not access.may_use_model(model):
            raise model_not_found(model, access, self._aliases)
        if streamed and perms.max_streams is not None:
            await self._take_stream_slot(ex, access.name, perms.max_streams)

    def _check_headers(self, ex: Exchange, permitted: frozenset[bytes]) -> None:
        for name, _ in ex.headers:
            if name in self._override_headers and name not in permitted:
                header = name.decode("latin-1")
                what = ", ".join(sorted(h.decode("latin-1") for h in permitted)) or "none"
                raise PermissionDenied(
                    f"This key may not use the request header '{header}' (headers it may use: {what}).",
                    param=header,
                )

    async def _take_stream_slot(self, ex: Exchange, key: str, limit: int) -> None:
        if limit == 0:
            raise PermissionDenied("This key may not stream answers; send the request with stream=false.")
        slot = f"llmp:{{k:{key}}}:streams"
        if not await self._store.acquire(slot, limit, ex.request_id, _STREAM_LEASE_TTL_S):
            raise RateLimited(
                f"This key may have at most {limit} streamed answers open at once; retry when one has finished.",
                rule="max_streams",
                headers={"retry-after": "1"},
            )
        ex.stream_slot = slot

    def _end_user(self, ex: Exchange, body: dict[str, Any]) -> str | None:
        if self._user_header is not None and self._trusted_peer(ex.client_ip):
            for name, value in ex.headers:
                if name == self._user_header and value:
                    return self._valid(value.decode("latin-1"), self._user_header.decode())
        named = ex.surface.end_user(body)
        return self._valid(named[1], named[0]) if named is not None else None

    def _trusted_peer(self, ip: str | None) -> bool:
        if not self._trusted:
            return True
        if ip is None:
            return False
        try:
            address = ipaddress.ip_address(ip)
        except ValueError:
            return False
        return any(address in net for net in self._trusted)

    def _valid(self, user: str, field: str) -> str:
        if len(user) > self._max_user or not _USER_CHARS.fullmatch(user):
            raise InvalidRequest(
                f"'{field}' must be 1 to {self._max_user} characters of letters, digits and . _ : @ + / = - "
                "(send a stable id or a hash of one, not a display name).",
                param=field,
            )
        return user


def _model_and_stream(ex: Exchange) -> tuple[str | None, bool]:
    """The model the request names and whether it asks for a streamed answer: as parsed, or as its
    surface reads them from a body the stages do not parse (a models path id, a pass-through JSON
    body; multipart uploads name none and are governed by `endpoints` alone)."""
    if ex.body is not None:
        return ex.alias, ex.stream
    return ex.surface.requested(ex.path, ex.raw_body)
