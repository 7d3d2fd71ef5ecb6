"""Circuit breaker transitions on a fake clock; retry classification and backoff bounds."""

from __future__ import annotations

import random

import pytest

from proxy.config.models import BreakerPolicy, RetryPolicy
from proxy.core.errors import InvalidRequest, UpstreamError, UpstreamTimeout, UpstreamUnreachable
from proxy.upstream.breaker import Breaker, State
from proxy.upstream.retry import Kind, backoff_s, classify, retry_after_s


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def make(**policy: float) -> tuple[Breaker, Clock, list[State]]:
    clock = Clock()
    changes: list[State] = []
    breaker = Breaker("d", BreakerPolicy(**policy), clock, lambda _name, state: changes.append(state))  # type: ignore[arg-type]
    return breaker, clock, changes


def test_closed_open_half_open_closed() -> None:
    breaker, clock, changes = make(consecutive_failures=3, cooldown_s=10, min_requests=100)
    for _ in range(3):
        assert breaker.allow()
        breaker.record(False)
    assert breaker.state is State.OPEN and not breaker.allow()
    assert breaker.retry_after_s() == pytest.approx(10)
    clock.now += 9.9
    assert not breaker.available()
    clock.now += 0.2
    assert breaker.allow() and breaker.state is State.HALF_OPEN
    assert not breaker.allow(), "only one probe at a time"
    breaker.record(True)
    assert breaker.state is State.CLOSED and breaker.allow()
    assert changes == [State.OPEN, State.HALF_OPEN, State.CLOSED]


def test_failed_probe_reopens() -> None:
    breaker, clock, changes = make(consecutive_failures=1, cooldown_s=5)
    breaker.allow()
    breaker.record(False)
    clock.now += 5
    assert breaker.allow()
    breaker.record(False)
    assert breaker.state is State.OPEN and changes == [State.OPEN, State.HALF_OPEN, State.OPEN]


def test_failure_ratio_needs_minimum_volume_within_window() -> None:
    breaker, _, _ = make(min_requests=10, failure_ratio=0.5, consecutive_failures=100, window_s=10)
    for i in range(9):
        breaker.record(i % 2 == 0)  # 5 ok, 4 failed
    assert breaker.state is State.CLOSED
    breaker.record(False)  # 10 calls, 5 failed
    assert breaker.state is State.OPEN


def test_old_failures_leave_the_window() -> None:
    breaker, clock, _ = make(min_requests=4, failure_ratio=0.5, consecutive_failures=100, window_s=10)
    breaker.record(False)
    breaker.record(False)
    clock.now += 30
    breaker.record(True)
    breaker.record(True)
    breaker.record(False)
    assert breaker.state is State.CLOSED  # 1 of 3 in the window


@pytest.mark.parametrize(
    ("err", "kind", "counts"),
    [
        (UpstreamUnreachable("x"), Kind.TRANSIENT, True),
        (UpstreamTimeout("x"), Kind.TRANSIENT, True),
        (UpstreamError("x", status=429), Kind.RATE_LIMITED, False),  # a rate limit is not an outage
        (UpstreamError("x", status=529), Kind.TRANSIENT, True),
        (UpstreamError("x", status=401), Kind.ROTATE, True),
        (UpstreamError("x", status=403), Kind.ROTATE, True),
        (UpstreamError("bad field", status=400), Kind.FATAL, False),
        (UpstreamError("x", status=400, code="context_length_exceeded"), Kind.CONTEXT, False),
        (UpstreamError("prompt is too long: 210000 tokens", status=400), Kind.CONTEXT, False),
        (UpstreamError("x", status=400, code="content_filter"), Kind.CONTENT, False),
        (InvalidRequest("x"), Kind.FATAL, False),
    ],
)
def test_classify(err: UpstreamError, kind: Kind, counts: bool) -> None:
    verdict = classify(err)
    assert verdict.kind is kind and verdict.counts_against_deployment is counts


def test_backoff_is_full_jitter_within_cap() -> None:
    policy = RetryPolicy(backoff_base_s=0.1, backoff_cap_s=1.0)
    rng = random.Random(1)
    for n, ceiling in [(0, 0.1), (1, 0.2), (3, 0.8), (10, 1.0)]:
        samples = [backoff_s(policy, n, rng) for _ in range(200)]
        assert all(0 <= s <= ceiling for s in samples)
        assert max(samples) > ceiling * 0.8


def test_retry_after_headers() -> None:
    assert retry_after_s(UpstreamError("x", status=429, headers={"retry-after": "2"}), 20) == 2
    assert (
        retry_after_s(UpstreamError("x", status=429, headers={"retry-after-ms": "150", "retry-after": "9"}), 20) == 0.15
    )
    assert retry_after_s(UpstreamError("x", status=429, headers={"retry-after": "600"}), 20) is None
    assert (
        retry_after_s(UpstreamError("x", status=429, headers={"retry-after": "Wed, 21 Oct 2015 07:28:00 GMT"}), 20)
        is None
    )
    assert retry_after_s(UpstreamError("x", status=429), 20) is None
