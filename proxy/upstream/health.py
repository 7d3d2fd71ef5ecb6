"""Target health: one circuit breaker and one balancer stats record per deployment of a policy.

"Health" is the live state of the targets (the deployments a model alias resolves to): the upstream
call consults it to pick a target, the router stage to pass over a model none of whose targets can
take a call. Guarantees: deployments are keyed by their label (shared across aliases that list the
same one); `choose` never returns a deployment that is ruled out for this request or whose breaker refuses a
call, and passes over a deployment cooling after a rate limit while another candidate can serve
(cooling never makes a deployment unavailable: a rate limit is not an outage).
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Collection, Sequence

from proxy.config.models import Deployment, ModelConfig
from proxy.config.policy import Policy
from proxy.upstream.balancer import DeploymentStats, pick
from proxy.upstream.breaker import Breaker, State

StateListener = Callable[[str, State], None]


class TargetHealth:
    """Breakers and load statistics for every deployment of a policy."""

    def __init__(
        self,
        policy: Policy,
        *,
        clock: Callable[[], float] = time.monotonic,
        rng: random.Random | None = None,
        on_state_change: StateListener | None = None,
        on_skip: Callable[[str], None] | None = None,
    ) -> None:
        self.rng = rng or random.Random()
        self._clock = clock
        self._on_skip = on_skip
        self.breakers: dict[str, Breaker] = {}
        self.stats: dict[str, DeploymentStats] = {}
        for model in policy.models.values():
            for dep in model.deployments:
                if dep.label not in self.breakers:
                    self.breakers[dep.label] = Breaker(dep.label, model.breaker, clock, on_state_change)
                    self.stats[dep.label] = DeploymentStats()

    def available(self, label: str) -> bool:
        """Whether the breaker of deployment `label` lets a call through now."""
        return self.breakers[label].available()

    def candidates(self, model: ModelConfig, ruled_out: Collection[str], priority: int | None) -> list[Deployment]:
        found = []
        for dep in model.deployments:
            if dep.label in ruled_out or (priority is not None and dep.priority != priority):
                continue
            if self.breakers[dep.label].available():
                found.append(dep)
            elif self._on_skip is not None:
                self._on_skip(dep.label)
        return found

    def choose(
        self, model: ModelConfig, candidates: Sequence[Deployment], failed: Collection[str], key: str
    ) -> Deployment | None:
        """Prefer deployments that have not failed this request yet, then those not cooling."""
        pool = [d for d in candidates if d.label not in failed] or candidates
        now = self._clock()
        warm = [d for d in pool if self.stats[d.label].cool_until <= now]
        return pick(model.strategy, warm or pool, self.stats, key, self.rng)

    def cool(self, label: str, seconds: float) -> None:
        """Pass over this deployment for `seconds` while another can serve (it answered 429)."""
        stats = self.stats[label]
        stats.cool_until = max(stats.cool_until, self._clock() + seconds)

    def all_open_retry_after_s(self, model: ModelConfig, priority: int | None = None) -> float:
        """Seconds until the first paused deployment (of the `priority` tier, if given) takes a call."""
        waits = [
            breaker.retry_after_s()
            for d in model.deployments
            if priority is None or d.priority == priority
            if not (breaker := self.breakers[d.label]).available()
        ]
        return min(waits) if waits else 0.0

    def states(self) -> dict[str, str]:
        return {label: breaker.state.value for label, breaker in self.breakers.items()}
