"""OpenAI's `x-ratelimit-*` response headers for the tightest applicable request and token limits.

Reset values use OpenAI's Go-style durations (`1s`, `6m0s`, `20ms`). Only the caller's own
counters are ever described.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from proxy.config.limits import LIMIT_FIELDS
from proxy.core.exchange import Headers
from proxy.state.base import BucketState


def ratelimit_headers(items: Sequence[tuple[float, str, BucketState]]) -> Headers:
    """`items`: (configured limit, limit field, state after the take) for every bucket taken."""
    headers: Headers = []
    for unit, suffix in (("requests", b"requests"), ("tokens", b"tokens")):
        mine = [i for i in items if LIMIT_FIELDS[i[1]][0] == unit or (unit == "tokens" and "tokens" in i[1])]
        if not mine:
            continue
        limit, _, state = min(mine, key=lambda i: i[2].remaining)
        headers += [
            (b"x-ratelimit-limit-" + suffix, str(int(limit)).encode()),
            (b"x-ratelimit-remaining-" + suffix, str(max(int(state.remaining), 0)).encode()),
            (b"x-ratelimit-reset-" + suffix, go_duration(state.reset_after_s).encode()),
        ]
    return headers


def go_duration(seconds: float) -> str:
    if seconds < 1:
        return f"{max(math.ceil(seconds * 1000), 0)}ms"
    whole = math.ceil(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}h{minutes}m{secs}s"
    return f"{minutes}m{secs}s" if minutes else f"{secs}s"
