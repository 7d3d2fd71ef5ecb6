"""Experiment counters and rollback decisions: the histogram arithmetic, the rules at their exact
thresholds, and round trips through the real stores (MemoryStore and a real redis-server)."""

from __future__ import annotations

import asyncio
import functools
import itertools
import math
import uuid
from bisect import bisect_left
from collections.abc import AsyncIterator, Callable, Coroutine, Iterable
from contextlib import asynccontextmanager
from typing import Any

import pytest

from proxy.config.experiments import RollbackRules
from proxy.experiments.rollback import (
    ROLLBACK_TTL_S,
    Rollback,
    decode_all,
    encode,
    load_rollbacks,
    rollback_key,
    rollback_reason,
)
from proxy.experiments.stats import (
    COUNTER_TTL_S,
    LATENCY_BOUNDS_S,
    ArmStats,
    ExperimentCounters,
    arm_key,
)
from proxy.state import MemoryStore, RedisStore, Store
from proxy.state.base import hash_tag


def run_async(fn: Callable[..., Coroutine[Any, Any, None]]) -> Callable[..., None]:
    """Run an async test body in a fresh event loop (no pytest plugin needed)."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> None:
        asyncio.run(fn(*args, **kwargs))

    return wrapper


def histogram(latencies: Iterable[float]) -> list[int]:
    counts = [0] * (len(LATENCY_BOUNDS_S) + 1)
    for latency in latencies:
        counts[bisect_left(LATENCY_BOUNDS_S, latency)] += 1
    return counts


def bucket_width(value: float) -> float:
    i = bisect_left(LATENCY_BOUNDS_S, value)
    return LATENCY_BOUNDS_S[i] - (LATENCY_BOUNDS_S[i - 1] if i else 0.0)


# --- the histogram and the report -----------------------------------------------------------


def test_bounds_are_log_spaced_from_10ms_to_about_600s() -> None:
    assert LATENCY_BOUNDS_S[0] == 0.01
    assert 500 <= LATENCY_BOUNDS_S[-1] <= 750
    ratios = [b / a for a, b in itertools.pairwise(LATENCY_BOUNDS_S)]
    assert all(1.2 < r < 1.3 for r in ratios)
    assert len(ArmStats().latency_counts) == len(LATENCY_BOUNDS_S) + 1


def test_quantiles_of_a_uniform_distribution() -> None:
    latencies = [0.1 + 0.9 * (i + 0.5) / 1000 for i in range(1000)]
    arm = ArmStats(latency_counts=histogram(latencies))
    p50, p95 = arm.latency_quantile(0.5), arm.latency_quantile(0.95)
    assert p50 is not None and p95 is not None
    assert abs(p50 - 0.55) <= bucket_width(0.55)
    assert abs(p95 - 0.955) <= bucket_width(0.955)
    assert arm.latency_quantile(1.0) == LATENCY_BOUNDS_S[bisect_left(LATENCY_BOUNDS_S, 1.0)]


def test_quantile_edges() -> None:
    assert ArmStats().latency_quantile(0.5) is None
    # Bucket 0 interpolates up from 0; the overflow bucket reports its lower bound.
    assert ArmStats(latency_counts=histogram([0.005] * 4)).latency_quantile(0.5) == pytest.approx(0.005)
    assert ArmStats(latency_counts=histogram([900.0, 1200.0])).latency_quantile(0.95) == LATENCY_BOUNDS_S[-1]
    assert ArmStats(latency_counts=histogram([0.005, 900.0])).latency_quantile(0.25) == pytest.approx(0.005)


def test_means_and_rates_are_none_without_data() -> None:
    arm = ArmStats()
    assert (arm.error_rate, arm.mean_feedback, arm.mean_similarity) == (None, None, None)
    arm = ArmStats(requests=4, errors=1, feedback_count=2, feedback_sum=1.5, similarity_count=4, similarity_sum=3.0)
    assert (arm.error_rate, arm.mean_feedback, arm.mean_similarity) == (0.25, 0.75, 0.75)


def test_as_dict_shape() -> None:
    empty = ArmStats().as_dict()
    assert empty == {
        "requests": 0,
        "errors": 0,
        "error_rate": None,
        "p50_ms": None,
        "p95_ms": None,
        "cost_usd": 0.0,
        "input_tokens": 0,
        "output_tokens": 0,
        "feedback": {"count": 0, "mean": None, "labels": {}},
    }
    arm = ArmStats(
        requests=3,
        errors=1,
        latency_counts=histogram([0.2, 0.3, 0.4]),
        cost_usd=0.1 + 0.2,
        feedback_count=3,
        feedback_sum=2.0,
        labels={"good": 2, "bad": 1},
        similarity_count=2,
        similarity_sum=1.7,
    )
    report = arm.as_dict()
    assert report["error_rate"] == 0.3333
    assert report["cost_usd"] == 0.3
    assert report["feedback"] == {"count": 3, "mean": 0.6667, "labels": {"bad": 1, "good": 2}}
    assert report["similarity"] == {"count": 2, "mean": 0.85}
    assert report["p50_ms"] == round(report["p50_ms"], 1) and 200 <= report["p50_ms"] <= 400


# --- the spend adds ---------------------------------------------------------------------------


def test_request_spends_send_only_non_zero_adds_under_the_experiment_tag() -> None:
    counters = ExperimentCounters()
    bare = counters.request_spends(
        "exp", "a", error=False, latency_s=None, cost_usd=0.0, input_tokens=0, output_tokens=0
    )
    assert bare == [(arm_key("exp", "a") + ":n", 1.0, COUNTER_TTL_S)]
    full = counters.request_spends(
        "exp", "b", error=True, latency_s=0.5, cost_usd=0.002, input_tokens=10, output_tokens=3
    )
    assert len(full) == 6
    assert {hash_tag(key) for key, _, _ in full} == {"x:exp"}
    assert all(ttl == COUNTER_TTL_S for _, _, ttl in full)
    again = counters.request_spends(
        "exp", "b", error=True, latency_s=0.5, cost_usd=0.002, input_tokens=10, output_tokens=3
    )
    assert all(k1 is k2 for (k1, _, _), (k2, _, _) in zip(full, again, strict=True))  # cached strings


def latency_bucket(latency_s: float) -> int:
    """The bucket index request_spends adds to, read back from its key name (`...:lat:<i>`)."""
    spends = ExperimentCounters().request_spends(
        "exp", "a", error=False, latency_s=latency_s, cost_usd=0.0, input_tokens=0, output_tokens=0
    )
    (key,) = [key for key, _, _ in spends if ":lat:" in key]
    prefix, index = key.rsplit(":lat:", 1)
    assert prefix == arm_key("exp", "a")
    return int(index)


@pytest.mark.parametrize(
    ("latency_s", "bucket"),
    [
        (0.0, 0),
        (0.005, 0),
        (LATENCY_BOUNDS_S[0], 0),
        (LATENCY_BOUNDS_S[3], 3),  # a bound belongs to the bucket it closes
        (LATENCY_BOUNDS_S[3] * 1.0001, 4),
        (LATENCY_BOUNDS_S[-1], len(LATENCY_BOUNDS_S) - 1),
        (1e9, len(LATENCY_BOUNDS_S)),  # the overflow bucket, the last index
    ],
)
def test_latency_lands_in_the_bucket_its_bound_closes(latency_s: float, bucket: int) -> None:
    assert latency_bucket(latency_s) == bucket
    expected = [0] * (len(LATENCY_BOUNDS_S) + 1)
    expected[bucket] = 1
    assert histogram([latency_s]) == expected  # the helper the other tests use agrees


def test_feedback_and_similarity_spends() -> None:
    counters = ExperimentCounters()
    assert counters.feedback_spends("e", "a", score=None, label=None) == []
    zero = counters.feedback_spends("e", "a", score=0.0, label="thumbs_down")
    assert [amount for _, amount, _ in zero] == [1.0, 1.0]  # the count and the label; no zero sum
    assert len(counters.feedback_spends("e", "a", score=None, label="good")) == 1
    assert len(counters.similarity_spends("e", "a", 0.0)) == 1
    assert len(counters.similarity_spends("e", "a", 0.8)) == 2


# --- the rules --------------------------------------------------------------------------------


def arm(
    requests: int = 0, errors: int = 0, latencies: list[float] | None = None, fb: tuple[int, float] = (0, 0.0)
) -> ArmStats:
    counts = histogram(latencies or [])
    return ArmStats(requests=requests, errors=errors, latency_counts=counts, feedback_count=fb[0], feedback_sum=fb[1])


ERRORS = RollbackRules(min_requests=100, error_rate_ratio=2.0, error_rate_floor=0.01)
SLOW = [0.1] * 90 + [5.0] * 10
P95 = (arm(latencies=SLOW).latency_quantile(0.95) or 0.0) * 1000.0
FEEDBACK = RollbackRules(feedback_drop=0.3, min_feedback=20)

RULE_CASES: list[tuple[str, RollbackRules, ArmStats, ArmStats, str | None]] = [
    # error rate: both arms need min_requests; the ratio and the floor are strict
    ("variant short of min_requests", ERRORS, arm(100, 1), arm(99, 50), None),
    ("control short of min_requests", ERRORS, arm(99, 1), arm(100, 50), None),
    ("at 2x control", ERRORS, arm(100, 1), arm(100, 2), None),
    ("one error over 2x", ERRORS, arm(100, 1), arm(100, 3), "error rate 3.0% over 2x control's 1.0%"),
    ("control clean, at the floor", ERRORS, arm(100, 0), arm(100, 1), None),
    ("control clean, over the floor", ERRORS, arm(100, 0), arm(100, 2), "error rate 2.0% over 2x control's 0.0%"),
    ("variant clean", ERRORS, arm(100, 0), arm(100, 0), None),
    ("at a 5% floor", RollbackRules(error_rate_ratio=2.0, error_rate_floor=0.05), arm(100, 1), arm(100, 5), None),
    (
        "over a 5% floor",
        RollbackRules(error_rate_ratio=2.0, error_rate_floor=0.05),
        arm(100, 1),
        arm(100, 6),
        "(and over the 5.0% floor)",
    ),
    # thresholds whose binary value is below their decimal must not trip at equality
    ("at 1.7x", RollbackRules(error_rate_ratio=1.7, error_rate_floor=0.0), arm(100, 10), arm(100, 17), None),
    ("over 1.7x", RollbackRules(error_rate_ratio=1.7, error_rate_floor=0.0), arm(100, 10), arm(100, 18), "over 1.7x"),
    ("at a 29% floor", RollbackRules(error_rate_ratio=1.0, error_rate_floor=0.29), arm(100, 0), arm(100, 29), None),
    (
        "over a 29% floor",
        RollbackRules(error_rate_ratio=1.0, error_rate_floor=0.29),
        arm(100, 0),
        arm(100, 30),
        "29.0% floor",
    ),
    ("different sizes, at 2x", ERRORS, arm(200, 3), arm(100, 3), None),
    ("different sizes, over", ERRORS, arm(200, 3), arm(100, 4), "across 100 requests"),
    # p95 latency: the variant alone needs min_requests; strict
    ("p95 short of min_requests", RollbackRules(p95_latency_ms=1.0), arm(0), arm(99, 0, SLOW[:99]), None),
    ("p95 at the limit", RollbackRules(p95_latency_ms=P95), arm(0), arm(100, 0, SLOW), None),
    ("p95 over the limit", RollbackRules(p95_latency_ms=P95 - 0.01), arm(0), arm(100, 0, SLOW), "p95 latency"),
    ("p95 in the overflow bucket", RollbackRules(p95_latency_ms=600_000), arm(0), arm(100, 0, [900.0] * 100), None),
    ("p95 over, overflow", RollbackRules(p95_latency_ms=599_999), arm(0), arm(100, 0, [900.0] * 100), "600000 ms"),
    ("p95 without latencies", RollbackRules(p95_latency_ms=1.0), arm(0), arm(100), None),
    # feedback: both need min_feedback ratings; the drop is strict
    ("variant short of ratings", FEEDBACK, arm(fb=(20, 20.0)), arm(fb=(19, 0.0)), None),
    ("control short of ratings", FEEDBACK, arm(fb=(19, 19.0)), arm(fb=(20, 0.0)), None),
    ("drop at the limit", FEEDBACK, arm(fb=(20, 20.0)), arm(fb=(20, 14.0)), None),
    ("drop over the limit", FEEDBACK, arm(fb=(20, 20.0)), arm(fb=(20, 13.0)), "is 0.350 below control's 1.000"),
    ("variant better", FEEDBACK, arm(fb=(20, 10.0)), arm(fb=(20, 20.0)), None),
    # unset rules never trip, whatever the figures
    (
        "no rules set",
        RollbackRules(min_requests=1, min_feedback=1),
        arm(100, 0, [0.1] * 100, (20, 20.0)),
        arm(100, 100, [900.0] * 100, (20, 0.0)),
        None,
    ),
]


@pytest.mark.parametrize(
    ("rules", "control", "variant", "expected"), [c[1:] for c in RULE_CASES], ids=[c[0] for c in RULE_CASES]
)
def test_rollback_rule(rules: RollbackRules, control: ArmStats, variant: ArmStats, expected: str | None) -> None:
    reason = rollback_reason(rules, control, variant)
    if expected is None:
        assert reason is None
    else:
        assert reason is not None and expected in reason


def test_error_reason_reads_as_a_sentence() -> None:
    reason = rollback_reason(RollbackRules(min_requests=100, error_rate_ratio=2.0), arm(100, 1), arm(120, 37))
    assert reason == "error rate 30.8% over 2x control's 1.0% (and over the 1.0% floor) across 120 requests"


def test_rules_apply_in_order() -> None:
    rules = RollbackRules(min_requests=10, error_rate_ratio=2.0, p95_latency_ms=1000, feedback_drop=0.1, min_feedback=5)
    control = arm(10, 0, [0.1] * 10, (5, 5.0))
    assert (rollback_reason(rules, control, arm(10, 10, [900.0] * 10, (5, 0.0))) or "").startswith("error rate")
    assert (rollback_reason(rules, control, arm(10, 0, [900.0] * 10, (5, 0.0))) or "").startswith("p95 latency")
    assert (rollback_reason(rules, control, arm(10, 0, [0.1] * 10, (5, 0.0))) or "").startswith("mean feedback")


# --- round trips through the real stores ------------------------------------------------------


StoreFactory = Callable[[], Store]


@pytest.fixture(params=["memory", "redis"])
def make_store(request: pytest.FixtureRequest) -> StoreFactory:
    if request.param == "memory":
        return MemoryStore
    url = request.getfixturevalue("redis_server").url
    return lambda: RedisStore(url)


class Spy:
    """Counts the reads a store is asked for, and passes everything through."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.calls: list[str] = []

    def __getattr__(self, name: str) -> Any:
        if name in ("get_spends", "get_members"):
            self.calls.append(name)
        return getattr(self.store, name)


@asynccontextmanager
async def opened(make_store: StoreFactory) -> AsyncIterator[Store]:
    store = make_store()
    try:
        yield store
    finally:
        await store.close()


def unique(name: str) -> str:
    return f"{name}-{uuid.uuid4().hex[:10]}"  # the Redis server is shared by the module's tests


def expected_arm(
    requests: list[dict[str, Any]], ratings: list[tuple[float | None, str | None]], sims: list[float]
) -> ArmStats:
    scored = [score for score, _ in ratings if score is not None]
    labels = [label for _, label in ratings if label is not None]
    return ArmStats(
        requests=len(requests),
        errors=sum(r["error"] for r in requests),
        latency_counts=histogram(r["latency_s"] for r in requests if r["latency_s"] is not None),
        cost_usd=sum(r["cost_usd"] for r in requests),
        input_tokens=sum(r["input_tokens"] for r in requests),
        output_tokens=sum(r["output_tokens"] for r in requests),
        feedback_count=len(scored),
        feedback_sum=sum(scored),
        labels={label: labels.count(label) for label in ("good", "bad", "meh")},
        similarity_count=len(sims),
        similarity_sum=sum(sims),
    )


def assert_same(got: ArmStats, want: ArmStats) -> None:
    for name in ("cost_usd", "feedback_sum", "similarity_sum"):
        assert math.isclose(getattr(got, name), getattr(want, name), rel_tol=1e-9, abs_tol=1e-12), name
        setattr(got, name, getattr(want, name))
    assert got == want


@run_async
async def test_counters_round_trip(make_store: StoreFactory) -> None:
    exp, counters = unique("exp"), ExperimentCounters()
    plan: dict[str, list[dict[str, Any]]] = {
        "control": [
            {
                "error": i % 10 == 0,
                "latency_s": 0.05 * (i + 1),
                "cost_usd": 0.0013,
                "input_tokens": 100 + i,
                "output_tokens": 7,
            }
            for i in range(40)
        ],
        "fast": [
            {
                "error": False,
                "latency_s": None if i % 2 else 0.01 * i,
                "cost_usd": 0.0,
                "input_tokens": 5,
                "output_tokens": 0,
            }
            for i in range(25)
        ],
    }
    ratings: dict[str, list[tuple[float | None, str | None]]] = {
        "control": [(1.0, "good"), (0.0, "bad"), (0.5, None), (None, "meh"), (0.1, "good")],
        "fast": [(0.2, None)] * 3,
    }
    sims: dict[str, list[float]] = {"control": [], "fast": [0.9, 0.0, 0.35]}
    spends: list[tuple[str, float, float]] = []
    for name, requests in plan.items():
        for request in requests:
            spends += counters.request_spends(exp, name, **request)
        for score, label in ratings[name]:
            spends += counters.feedback_spends(exp, name, score=score, label=label)
        for similarity in sims[name]:
            spends += counters.similarity_spends(exp, name, similarity)
    async with opened(make_store) as store:
        await store.apply(spends=spends[: len(spends) // 2])
        await store.apply(spends=spends[len(spends) // 2 :])
        spy = Spy(store)
        stats = await ExperimentCounters().read(spy, exp, ["control", "fast", "never"], ["good", "bad", "meh"])
    assert spy.calls == ["get_spends"]
    for name, requests in plan.items():
        assert_same(stats[name], expected_arm(requests, ratings[name], sims[name]))
    assert stats["never"] == ArmStats(labels={"good": 0, "bad": 0, "meh": 0})
    assert "similarity" not in stats["control"].as_dict() and stats["fast"].as_dict()["similarity"]["count"] == 3


@run_async
async def test_reading_unknown_experiments_gives_zeros(make_store: StoreFactory) -> None:
    async with opened(make_store) as store:
        assert await ExperimentCounters().read(store, unique("nothing"), ["a", "b"], []) == {
            "a": ArmStats(),
            "b": ArmStats(),
        }
        assert await ExperimentCounters().read(store, unique("nothing"), [], ["good"]) == {}
        assert await load_rollbacks(store, []) == {}


@run_async
async def test_rollbacks_round_trip(make_store: StoreFactory) -> None:
    exp, quiet = unique("exp"), unique("quiet")
    first = Rollback("b", "error rate 31.0% over 2x control's 1.0%", "2026-11-30T09:00:00Z")
    later = Rollback("b", "p95 latency 2500 ms over the 2000 ms limit", "2026-11-30T09:05:00Z")
    other = Rollback("c", "mean feedback fell", "2026-11-30T10:00:00Z")
    junk = ["not json", "[1, 2]", '{"variant": 1, "reason": "r", "at": "2026-11-30T09:00:00Z"}']
    junk += ['{"variant": "b", "reason": "r", "at": "yesterday"}', '{"variant": "b"}']
    members = [encode(rb) for rb in (later, first, other, first)] + junk
    async with opened(make_store) as store:
        await store.apply(members=[(rollback_key(exp), member, ROLLBACK_TTL_S) for member in members])
        spy = Spy(store)
        loaded = await load_rollbacks(spy, [exp, quiet])
    assert spy.calls == ["get_members"]
    assert loaded == {exp: {"b": first, "c": other}, quiet: {}}


def test_rollback_key_shares_the_counters_tag() -> None:
    assert hash_tag(rollback_key("e1")) == hash_tag(arm_key("e1", "a")) == "x:e1"


def test_decode_all() -> None:
    utc_offset = Rollback("a", "second", "2026-11-30T10:00:00+00:00")
    earlier_in_another_zone = Rollback("a", "first", "2026-11-30T10:30:00+01:00")  # 09:30 UTC
    members = {
        encode(utc_offset),
        encode(earlier_in_another_zone),
        "",
        "null",
        '{"at": 3}',
        encode(Rollback("", "r", "2026-11-30T10:00:00Z")),
    }
    assert decode_all(members) == {"a": earlier_in_another_zone}
    assert decode_all(set()) == {}
    encoded = encode(utc_offset)
    assert " " not in encoded.replace("second", "") and decode_all({encoded}) == {"a": utc_offset}
