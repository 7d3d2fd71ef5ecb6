"""The live routing state of a policy: one breaker and one stats record per deployment.

Guarantees: deployments are keyed by their label (shared across aliases that list the same one);
`choose` never returns a deployment that is ruled out for this request or whose breaker refuses a
call; `claim` takes the breaker slot (a half-open probe) that `release` must give back exactly once.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Collection, Sequence

from proxy.config import Policy
from proxy.config_models import Deployment, ModelConfig
from proxy.routing.balancer import DeploymentStats, pick
from proxy.routing.breaker import Breaker, State

StateListener = Callable[[str, State], None]


class Router:
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
        self._on_skip = on_skip
        self.breakers: dict[str, Breaker] = {}
        self.stats: dict[str, DeploymentStats] = {}
        for model in policy.models.values():
            for dep in model.deployments:
                if dep.label not in self.breakers:
                    self.breakers[dep.label] = Breaker(dep.label, model.breaker, clock, on_state_change)
                    self.stats[dep.label] = DeploymentStats()

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
        """Prefer deployments that have not failed this request yet."""
        fresh = [d for d in candidates if d.label not in failed]
        return pick(model.strategy, fresh or candidates, self.stats, key, self.rng)

    def all_open_retry_after_s(self, model: ModelConfig) -> float:
        waits = [self.breakers[d.label].retry_after_s() for d in model.deployments]
        return min(waits) if waits else 0.0

    def states(self) -> dict[str, str]:
        return {label: breaker.state.value for label, breaker in self.breakers.items()}
