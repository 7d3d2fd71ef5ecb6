"""Picking one deployment of an alias for the next attempt.

Guarantees: only deployments whose breaker lets a call through and that this request has not
ruled out are candidates; the lowest `priority` tier with a candidate is used; within it the
alias's strategy decides: `weighted` random (default), `least_inflight`, `lowest_latency` (EWMA
of time to first byte, power of two choices), `lowest_cost`, or `sticky` (rendezvous hashing of
the caller, so a user keeps hitting the same deployment and its prompt cache).
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Callable, Sequence

from proxy.config.models import Deployment, Strategy

_EWMA_ALPHA = 0.3


class DeploymentStats:
    """Live numbers about one deployment, shared by every alias that lists it."""

    __slots__ = ("cool_until", "ewma_ttfb_s", "in_flight")

    def __init__(self) -> None:
        self.in_flight = 0
        self.ewma_ttfb_s: float | None = None
        self.cool_until = 0.0  # rate-limited until then (clock of the TargetHealth): passed over if possible

    def observe_ttfb(self, seconds: float) -> None:
        prev = self.ewma_ttfb_s
        self.ewma_ttfb_s = seconds if prev is None else prev + _EWMA_ALPHA * (seconds - prev)


Picker = Callable[[Sequence[Deployment], dict[str, DeploymentStats], str, random.Random], Deployment]


def pick(
    strategy: Strategy,
    candidates: Sequence[Deployment],
    stats: dict[str, DeploymentStats],
    sticky_key: str,
    rng: random.Random,
) -> Deployment | None:
    if not candidates:
        return None
    tier = min(d.priority for d in candidates)
    pool = [d for d in candidates if d.priority == tier]
    if len(pool) == 1:
        return pool[0]
    return _PICKERS[strategy](pool, stats, sticky_key, rng)


def _weighted(
    pool: Sequence[Deployment], stats: dict[str, DeploymentStats], key: str, rng: random.Random
) -> Deployment:
    return rng.choices(pool, weights=[d.weight for d in pool])[0]


def _least_inflight(
    pool: Sequence[Deployment], stats: dict[str, DeploymentStats], key: str, rng: random.Random
) -> Deployment:
    fewest = min(stats[d.label].in_flight for d in pool)
    return rng.choice([d for d in pool if stats[d.label].in_flight == fewest])


def _lowest_latency(
    pool: Sequence[Deployment], stats: dict[str, DeploymentStats], key: str, rng: random.Random
) -> Deployment:
    a, b = rng.sample(list(pool), 2)
    # Unmeasured deployments count as fastest so that each gets tried.
    return a if (stats[a.label].ewma_ttfb_s or 0.0) <= (stats[b.label].ewma_ttfb_s or 0.0) else b


def _lowest_cost(
    pool: Sequence[Deployment], stats: dict[str, DeploymentStats], key: str, rng: random.Random
) -> Deployment:
    cheapest = min(d.price[0] + d.price[2] for d in pool)
    return rng.choice([d for d in pool if d.price[0] + d.price[2] == cheapest])


def _sticky(pool: Sequence[Deployment], stats: dict[str, DeploymentStats], key: str, rng: random.Random) -> Deployment:
    def score(dep: Deployment) -> int:
        digest = hashlib.blake2b(f"{key}\x00{dep.label}".encode(), digest_size=8).digest()
        return int.from_bytes(digest, "big")

    return max(pool, key=score)


_PICKERS: dict[str, Picker] = {
    "weighted": _weighted,
    "least_inflight": _least_inflight,
    "lowest_latency": _lowest_latency,
    "lowest_cost": _lowest_cost,
    "sticky": _sticky,
}
