"""What to do after a failed attempt: retry, rotate to another deployment, fall back, or give up.

Guarantees: only transient failures are retried (connect errors, timeouts, 408, 409, 5xx incl.
529, malformed upstream answers); 401/403 move the request off that deployment; 429 is a rate
limit, not a fault: it moves the request off that deployment, cools it for the `retry-after` it
announced (`rate_limit_cool_s`) and never counts against it; other 4xx end the request at once,
except "context length exceeded" and content-policy refusals, which are reported so the caller of
this module can use the matching fallback chain. Backoff is exponential with full jitter, and an
upstream's `retry-after(-ms)` is honoured up to a cap.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from enum import Enum

from proxy.config.models import RetryPolicy
from proxy.core.errors import ProxyError

_TRANSIENT = frozenset({408, 409, 500, 502, 503, 504, 529})
_ROTATE = frozenset({401, 403})
# How long a rate-limited deployment is passed over when its 429 did not say (capped like retry-after).
RATE_LIMIT_COOL_DEFAULT_S = 3.0
_CONTEXT_MARKERS = (
    "context_length_exceeded",
    "context length",
    "context window",
    "prompt is too long",
    "too many tokens",
)
_CONTENT_MARKERS = ("content_policy", "content_filter", "content management policy")


class Kind(Enum):
    TRANSIENT = "transient"  # retry (this deployment or another)
    ROTATE = "rotate"  # this deployment is unusable for this request; try another
    RATE_LIMITED = "rate_limited"  # this deployment asks us to slow down; try another, it is not broken
    CONTEXT = "context"  # input too long for this model
    CONTENT = "content"  # refused by the provider's content policy
    FATAL = "fatal"  # the caller's request is wrong; retrying cannot help


@dataclass(frozen=True, slots=True)
class Verdict:
    kind: Kind
    counts_against_deployment: bool  # feeds the circuit breaker


def classify(err: ProxyError) -> Verdict:
    status = err.status
    if status == 429:
        return Verdict(Kind.RATE_LIMITED, False)
    if status in _ROTATE:
        return Verdict(Kind.ROTATE, True)
    if status in _TRANSIENT or status >= 500:
        return Verdict(Kind.TRANSIENT, True)
    text = f"{err.code or ''} {err.type_} {err.message}".lower()
    if any(marker in text for marker in _CONTEXT_MARKERS):
        return Verdict(Kind.CONTEXT, False)
    if any(marker in text for marker in _CONTENT_MARKERS):
        return Verdict(Kind.CONTENT, False)
    return Verdict(Kind.FATAL, False)


def backoff_s(policy: RetryPolicy, retry_number: int, rng: random.Random) -> float:
    """Full jitter: uniform in [0, min(cap, base * 2**n)] for the n-th retry (n from 0)."""
    return rng.uniform(0.0, min(policy.backoff_cap_s, policy.backoff_base_s * (2**retry_number)))


def retry_after_s(err: ProxyError, cap_s: float) -> float | None:
    """The upstream's requested wait, if it sent one and it is within the cap."""
    seconds = _asked_s(err)
    if seconds is None or seconds > cap_s:
        return None
    return seconds


def rate_limit_cool_s(err: ProxyError, cap_s: float) -> float:
    """How long to pass over a deployment that answered 429: what it asked, else a default; capped."""
    asked = _asked_s(err)
    return min(asked if asked is not None else RATE_LIMIT_COOL_DEFAULT_S, cap_s)


def _asked_s(err: ProxyError) -> float | None:
    value = err.headers.get("retry-after-ms")
    seconds: float | None = None
    if value is not None:
        seconds = _number(value, 1000.0)
    if seconds is None and "retry-after" in err.headers:
        seconds = _number(err.headers["retry-after"], 1.0)
    return None if seconds is None or seconds < 0 else seconds


def _number(text: str, per_second: float) -> float | None:
    try:
        return float(text) / per_second
    except ValueError:
        return None  # an HTTP date: treat as absent rather than parse clocks of other machines
