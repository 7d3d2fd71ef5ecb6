"""Per-deployment circuit breaker: closed -> open -> half-open -> closed (or open again).

Guarantees: a deployment opens when, within the rolling window, at least `min_requests` calls
ended and the failure share reached `failure_ratio`, or after `consecutive_failures` failures in
a row; it stays open for `cooldown_s`; then at most `half_open_probes` calls are let through at
once, and the first probe's outcome closes or reopens it. Time comes from an injectable clock.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from enum import StrEnum

from proxy.config.models import BreakerPolicy

_BUCKETS = 10


class State(StrEnum):
    CLOSED = "closed"
    OPEN = "open"
    HALF_OPEN = "half_open"


class Breaker:
    """One deployment's breaker. `allow()` before a call; `record(ok)` after it, once."""

    __slots__ = (
        "_bucket_s",
        "_buckets",
        "_clock",
        "_consecutive",
        "_on_change",
        "_opened_at",
        "_probes",
        "name",
        "policy",
        "state",
    )

    def __init__(
        self,
        name: str,
        policy: BreakerPolicy,
        clock: Callable[[], float] = time.monotonic,
        on_change: Callable[[str, State], None] | None = None,
    ) -> None:
        self.name = name
        self.policy = policy
        self.state = State.CLOSED
        self._clock = clock
        self._on_change = on_change
        self._bucket_s = policy.window_s / _BUCKETS
        self._buckets: list[list[float]] = [[-1.0, 0, 0] for _ in range(_BUCKETS)]  # [slot, ok, failed]
        self._consecutive = 0
        self._opened_at = 0.0
        self._probes = 0

    def available(self) -> bool:
        """Whether a call may be tried now (no side effect)."""
        if not self.policy.enabled or self.state is State.CLOSED:
            return True
        if self.state is State.OPEN:
            return self._clock() - self._opened_at >= self.policy.cooldown_s
        return self._probes < self.policy.half_open_probes

    def allow(self) -> bool:
        """Claim a call slot; an open breaker past its cooldown turns half-open for probes."""
        if not self.available():
            return False
        if self.state is State.OPEN:
            self._set(State.HALF_OPEN)
        if self.state is State.HALF_OPEN:
            self._probes += 1
        return True

    def retry_after_s(self) -> float:
        """Seconds until an open breaker lets a probe through."""
        if self.state is not State.OPEN:
            return 0.0
        return max(self.policy.cooldown_s - (self._clock() - self._opened_at), 0.0)

    def record(self, ok: bool) -> None:
        if not self.policy.enabled:
            return
        if self.state is State.HALF_OPEN:
            self._probes = max(self._probes - 1, 0)
            self._reset_counts()
            self._open() if not ok else self._set(State.CLOSED)
            return
        self._count(ok)
        self._consecutive = 0 if ok else self._consecutive + 1
        if self.state is State.CLOSED and not ok and self._should_open():
            self._open()

    def _should_open(self) -> bool:
        if self._consecutive >= self.policy.consecutive_failures:
            return True
        ok, failed = self._totals()
        total = ok + failed
        return total >= self.policy.min_requests and failed / total >= self.policy.failure_ratio

    def _count(self, ok: bool) -> None:
        slot = self._clock() // self._bucket_s
        bucket = self._buckets[int(slot) % _BUCKETS]
        if bucket[0] != slot:
            bucket[0], bucket[1], bucket[2] = slot, 0, 0
        bucket[1 if ok else 2] += 1

    def _totals(self) -> tuple[float, float]:
        oldest = self._clock() // self._bucket_s - _BUCKETS + 1
        live = [b for b in self._buckets if b[0] >= oldest]
        return sum(b[1] for b in live), sum(b[2] for b in live)

    def _reset_counts(self) -> None:
        for bucket in self._buckets:
            bucket[0] = -1.0
        self._consecutive = 0

    def _open(self) -> None:
        self._opened_at = self._clock()
        self._reset_counts()
        self._set(State.OPEN)

    def _set(self, state: State) -> None:
        if state is not self.state:
            self.state = state
            if self._on_change is not None:
                self._on_change(self.name, state)
