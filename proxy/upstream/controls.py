"""Per-request narrowing of the routing policy through headers; never a widening.

`x-llm-proxy-fallback: off` disables fallback chains; `x-llm-proxy-max-attempts: N` lowers the
attempt budget (it cannot raise it above the policy); `x-llm-proxy-priority: N` restricts the
request to deployments of that priority tier.
"""

from __future__ import annotations

from dataclasses import dataclass

from proxy.core.errors import InvalidRequest
from proxy.core.exchange import Headers

_PREFIX = b"x-llm-proxy-"


@dataclass(frozen=True, slots=True)
class Controls:
    fallback: bool = True
    max_attempts: int | None = None
    priority: int | None = None


NO_CONTROLS = Controls()


def controls_from_headers(headers: Headers) -> Controls:
    found: dict[bytes, bytes] = {}
    for name, value in headers:
        if name.startswith(_PREFIX):
            found[name[len(_PREFIX) :]] = value.strip()
    if not found:
        return NO_CONTROLS
    fallback = found.get(b"fallback", b"on").lower() not in (b"off", b"false", b"0", b"no")
    return Controls(fallback, _positive(found, b"max-attempts"), _int(found, b"priority"))


def _int(found: dict[bytes, bytes], name: bytes) -> int | None:
    raw = found.get(name)
    if raw is None:
        return None
    try:
        return int(raw)
    except ValueError:
        raise InvalidRequest(
            f"Header x-llm-proxy-{name.decode()} must be an integer, got {raw.decode('latin-1')!r}."
        ) from None


def _positive(found: dict[bytes, bytes], name: bytes) -> int | None:
    value = _int(found, name)
    if value is not None and value < 1:
        raise InvalidRequest(f"Header x-llm-proxy-{name.decode()} must be at least 1.")
    return value
