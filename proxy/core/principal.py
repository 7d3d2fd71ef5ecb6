"""What the stages read of an authenticated key's permissions, as a protocol.

`proxy.config.key_access.KeyAccess` implements it; the Exchange holds the caller's permissions
through this protocol, so core never imports the config.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol


class KeyLimits(Protocol):
    """The size and stream limits among a key's permissions (unset: not limited)."""

    @property
    def max_body_bytes(self) -> int | None: ...

    @property
    def max_streams(self) -> int | None: ...


class Principal(Protocol):
    """A key with permissions: what it may call, which models it may use, which headers it may send."""

    @property
    def name(self) -> str: ...

    @property
    def permissions(self) -> KeyLimits: ...

    @property
    def override_headers(self) -> frozenset[bytes] | None: ...  # request header names; None: any

    def may_use_model(self, model: str) -> bool: ...

    def may_call(self, path: str) -> bool: ...

    def visible_models(self, aliases: Iterable[str]) -> list[str]: ...
