"""A GCRA token bucket as plain data.

It lives in core because the limits stage's reservation on the Exchange holds the buckets it took;
the shared-state stores (`proxy.state`) take from and adjust them.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Bucket:
    """A GCRA token bucket: `rate_per_s` units per second sustained, at most `burst` units at once."""

    key: str  # full storage key; the caller puts a hash tag in it, e.g. "llmp:{team-a}:rpm:r0"
    rate_per_s: float
    burst: float  # capacity in units (>= 1); a full bucket admits `burst` units immediately
    cost: float  # units to take now (0 = just read the state)
