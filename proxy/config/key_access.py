"""Each virtual key's resolved access: effective permissions (key over group), expiry, rotation.

Guarantees: a permission the key leaves unset comes from its group, one the group leaves unset does
not restrict; model and endpoint globs are matched case-sensitively (aliases and paths are); the
models a key may see are computed from the policy's aliases only, so nothing reveals an alias the
key may not use. `model_not_found` is the one refusal for a model, whether it does not exist or the
key may not use it: same status, code and sentence, listing only the models the caller may use.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from fnmatch import fnmatchcase
from typing import Any

from proxy.config.access import Permissions
from proxy.config.loader import parse_time
from proxy.config.policy import KeyConfig, secret_digest
from proxy.core.errors import ModelNotFound
from proxy.core.principal import Principal


@dataclass(frozen=True, slots=True)
class KeyAccess:
    """What one key may do, and until when. `unrestricted` when no permission is set at all."""

    name: str
    permissions: Permissions
    expires: str | None  # ISO 8601, as written in the policy
    expires_at: float | None  # epoch seconds
    group: str | None
    override_headers: frozenset[bytes] | None  # `permissions.override_headers`, as request header names

    @property
    def unrestricted(self) -> bool:
        return self.permissions == Permissions()

    def may_use_model(self, model: str) -> bool:
        patterns = self.permissions.models
        return patterns is None or any(fnmatchcase(model, p) for p in patterns)

    def may_call(self, path: str) -> bool:
        patterns = self.permissions.endpoints
        return patterns is None or any(fnmatchcase(path, p) for p in patterns)

    def visible_models(self, aliases: Iterable[str]) -> list[str]:
        return [a for a in aliases if self.may_use_model(a)]


def model_not_found(model: str, access: Principal | None, aliases: Sequence[str]) -> ModelNotFound:
    """The refusal of `model` for a caller with `access` (None: open mode) among the policy's `aliases`:
    it reads the same whether the model does not exist or is not the caller's, and lists only the
    aliases the caller may use, so the answer tells nothing about other models."""
    visible = list(aliases) if access is None else access.visible_models(aliases)
    listed = f" Models you can use: {', '.join(visible)} (GET /v1/models lists them)." if visible else ""
    return ModelNotFound(f"The model '{model}' does not exist or you do not have access to it.{listed}", param="model")


def completion_digests(keys: Sequence[KeyConfig]) -> tuple[bytes, ...]:
    """The digest of every secret that is a completion key's: current ones and previous ones, in or
    past their rotation (the admin API tells all of them apart from unknown keys: 403, not 401)."""
    digests = [key.digest() for key in keys]
    digests += [secret_digest(k.previous.secret, k.previous.secret_sha256) for k in keys if k.previous is not None]
    return tuple(d.encode() for d in digests)


def resolve(key: KeyConfig, groups: dict[str, Permissions]) -> KeyAccess:
    """The key's effective permissions: its own fields over its group's."""
    own = key.own_permissions()
    group = groups.get(key.group or "", Permissions())
    merged = {f.name: _first(getattr(own, f.name), getattr(group, f.name)) for f in fields(Permissions)}
    expires_at = parse_time(key.expires) if key.expires else None
    return KeyAccess(
        name=key.name,
        permissions=Permissions(**merged),
        expires=key.expires,
        expires_at=expires_at.timestamp() if expires_at is not None else None,
        group=key.group,
        override_headers=_header_names(merged["override_headers"]),
    )


def _header_names(names: tuple[str, ...] | None) -> frozenset[bytes] | None:
    return None if names is None else frozenset(n.lower().encode("latin-1") for n in names)


def _first(mine: Any, inherited: Any) -> Any:
    return mine if mine is not None else inherited
