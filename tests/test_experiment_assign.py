"""Sticky weighted assignment, the experiments policy checks and the service's rollback handling (units)."""

from __future__ import annotations

import asyncio
import math
from collections import Counter
from typing import Any

import orjson
import pytest

from proxy.config.experiments import Experiment, Variant
from proxy.config.loader import ConfigError
from proxy.config.policy import Policy, parse_policy
from proxy.core.errors import Fault
from proxy.core.exchange import Exchange, Usage
from proxy.experiments.assign import Assigner, unit_point
from proxy.experiments.feedback import FeedbackExists, FeedbackUnavailable, record_feedback
from proxy.experiments.service import Experiments
from proxy.state.base import StoreUnavailable
from proxy.state.memory import MemoryStore
from tests.support import new_exchange

USERS = [f"u:user-{i}" for i in range(10_000)]


def experiment(**weights: float) -> Experiment:
    return Experiment(model="m", variants={name: Variant(weight=w) for name, w in weights.items()})


def within_bounds(count: int, n: int, p: float, sigmas: float = 4.5) -> bool:
    """Binomial count within `sigmas` standard deviations of its mean (false alarm ~1e-5)."""
    return abs(count - n * p) <= sigmas * math.sqrt(n * p * (1 - p))


@pytest.mark.parametrize(
    "weights",
    [{"control": 90, "candidate": 10}, {"a": 50, "b": 30, "c": 20}, {"a": 1, "b": 1}, {"a": 0.2, "b": 0.05}],
)
def test_shares_match_weights_over_10000_users(weights: dict[str, float]) -> None:
    counts = Counter(Assigner("exp", experiment(**weights)).variant(u) for u in USERS)
    total = sum(weights.values())
    for name, weight in weights.items():
        assert within_bounds(counts[name], len(USERS), weight / total), (name, counts)


def test_assignment_is_sticky_across_instances_and_calls() -> None:
    exp = experiment(control=90, candidate=10)
    first = [Assigner("exp", exp).variant(u) for u in USERS]
    again = Assigner("exp", exp)
    assert [again.variant(u) for u in USERS] == first
    assert [again.variant(u) for u in USERS] == first


def test_zero_weight_variant_gets_nobody() -> None:
    counts = Counter(Assigner("exp", experiment(a=1, off=0, b=1)).variant(u) for u in USERS)
    assert counts["off"] == 0 and counts["a"] + counts["b"] == len(USERS)


def test_experiments_hash_independently() -> None:
    one, two = Assigner("one", experiment(a=50, b=50)), Assigner("two", experiment(a=50, b=50))
    both_b = sum(one.variant(u) == "b" and two.variant(u) == "b" for u in USERS)
    assert within_bounds(both_b, len(USERS), 0.25)


def test_raising_a_weight_only_moves_users_into_that_variant() -> None:
    before = Assigner("exp", experiment(control=90, candidate=10))
    after = Assigner("exp", experiment(control=80, candidate=20))
    moved = [(before.variant(u), after.variant(u)) for u in USERS if before.variant(u) != after.variant(u)]
    assert moved and all(pair == ("control", "candidate") for pair in moved)


def test_unit_points_are_uniform() -> None:
    points = [unit_point("exp", u) for u in USERS]
    assert all(0 <= p < 1 for p in points)
    deciles = Counter(int(p * 10) for p in points)
    assert all(within_bounds(deciles[d], len(USERS), 0.1) for d in range(10)), deciles


# --- policy checks ---------------------------------------------------------------------------------

BASE: dict[str, Any] = {
    "providers": {"p": {"type": "openai", "base_url": "http://127.0.0.1:1/v1"}},
    "models": {
        "a": {"deployments": [{"provider": "p", "model": "a"}]},
        "b": {"deployments": [{"provider": "p", "model": "b"}]},
    },
    "keys": [{"name": "team-a", "secret_sha256": "0" * 64}],
    "prompts": {
        "t": {"versions": {1: {"created": "2026-11-01T00:00:00Z", "messages": [{"role": "system", "content": "x"}]}}}
    },
}


def policy(**sections: Any) -> Policy:
    return parse_policy({**BASE, **sections}, {})


def problems(**sections: Any) -> list[str]:
    with pytest.raises(ConfigError) as err:
        policy(**sections)
    return err.value.problems


def test_a_valid_experiment_section_loads() -> None:
    p = policy(
        experiments={
            "e": {
                "model": "a",
                "variants": {"c": {"weight": 9}, "v": {"weight": 1, "model": "b", "params": {"temperature": 0.1}}},
            }
        },
        shadows={"s": {"model": "a", "candidate": "b", "sample": 0.5}},
    )
    assert p.experiments["e"].control_name == "c" and p.shadows["s"].sample == 0.5


@pytest.mark.parametrize(
    ("section", "expected"),
    [
        ({"e": {"variants": {"c": {"weight": 1}, "v": {"weight": 1}}}}, "experiments.e: give exactly one of model"),
        (
            {"e": {"model": "a", "prompt": "t", "variants": {"c": {"weight": 1}, "v": {"weight": 1}}}},
            "give exactly one",
        ),
        (
            {"e": {"model": "nope", "variants": {"c": {"weight": 1}, "v": {"weight": 1}}}},
            "experiments.e.model: unknown model alias 'nope'",
        ),
        (
            {"e": {"prompt": "nope", "variants": {"c": {"weight": 1}, "v": {"weight": 1}}}},
            "unknown prompt template 'nope'",
        ),
        (
            {"e": {"model": "a", "variants": {"c": {"weight": 1}}}},
            "experiments.e.variants: an experiment needs at least two",
        ),
        (
            {"e": {"model": "a", "variants": {"c": {"weight": 0}, "v": {"weight": 0}}}},
            "weights must add up to more than 0",
        ),
        (
            {"e": {"model": "a", "variants": {"c": {"weight": -1}, "v": {"weight": 2}}}},
            "experiments.e.variants.c.weight: must not be negative",
        ),
        (
            {"e": {"model": "a", "variants": {"c": {"weight": 1}, "v": {"weight": 1, "model": "zz"}}}},
            "variants.v.model: unknown model alias 'zz'",
        ),
        (
            {"e": {"model": "a", "variants": {"c": {"weight": 1}, "v": {"weight": 1, "params": {"messages": []}}}}},
            "variants.v.params.messages: not a parameter",
        ),
        (
            {
                "e": {
                    "model": "a",
                    "variants": {"c": {"weight": 1}, "v": {"weight": 1, "params": {"temperature": "hot"}}},
                }
            },
            "'temperature' must be a number",
        ),
        (
            {"e": {"model": "a", "variants": {"c": {"weight": 1}, "v": {"weight": 1, "prompt_version": 1}}}},
            "only an experiment on a prompt has versions",
        ),
        (
            {"e": {"prompt": "t", "variants": {"c": {"weight": 1}, "v": {"weight": 1, "prompt_version": 7}}}},
            "the template has no version 7",
        ),
        (
            {"e": {"model": "a", "control": "x", "variants": {"c": {"weight": 1}, "v": {"weight": 1}}}},
            "experiments.e.control: no variant named 'x'",
        ),
        (
            {"e": {"model": "a", "keys": ["ghost"], "variants": {"c": {"weight": 1}, "v": {"weight": 1}}}},
            "experiments.e.keys: unknown key 'ghost'",
        ),
        (
            {
                "e": {
                    "model": "a",
                    "rollback": {"min_requests": 0},
                    "variants": {"c": {"weight": 1}, "v": {"weight": 1}},
                }
            },
            "rollback.min_requests: must be at least 1",
        ),
        (
            {
                "e": {"model": "a", "variants": {"c": {"weight": 1}, "v": {"weight": 1}}},
                "f": {"model": "a", "variants": {"c": {"weight": 1}, "v": {"weight": 1}}},
            },
            "experiments.f: model 'a' is already the target of experiments.e",
        ),
    ],
)
def test_bad_experiments_are_refused_with_their_path(section: dict[str, Any], expected: str) -> None:
    assert any(expected in p for p in problems(experiments=section)), problems(experiments=section)


@pytest.mark.parametrize(
    ("section", "expected"),
    [
        ({"s": {"model": "a", "candidate": "a"}}, "shadows.s.candidate: must differ from model"),
        ({"s": {"model": "a", "candidate": "zz"}}, "shadows.s.candidate: unknown model alias 'zz'"),
        ({"s": {"model": "a", "candidate": "b", "sample": 0}}, "shadows.s.sample: must be in (0, 1]"),
        ({"s": {"model": "a", "candidate": "b", "max_in_flight": 0}}, "shadows.s.max_in_flight: must be at least 1"),
    ],
)
def test_bad_shadows_are_refused_with_their_path(section: dict[str, Any], expected: str) -> None:
    assert any(expected in p for p in problems(shadows=section))


def test_feedback_labels_are_checked() -> None:
    found = problems(feedback={"labels": {"Thumbs Up": 1.0, "meh": 2.0}})
    assert any("feedback.labels.Thumbs Up: use 1-64 lowercase" in p for p in found)
    assert any("feedback.labels.meh: the score must be in [0, 1]" in p for p in found)


# --- service: counting and rollback ----------------------------------------------------------------


def answered(request_id: str, *, fault: Fault = Fault.NONE, latency: float = 0.05) -> Exchange:
    ex = new_exchange(request_id=request_id)
    ex.tenant, ex.fault, ex.t_end = "team-a", fault, latency
    ex.status = 200 if fault is Fault.NONE else 502
    ex.usage = Usage(prompt_tokens=3, completion_tokens=2, total_tokens=5)
    return ex


def test_a_failing_variant_trips_at_min_requests_and_sends_its_users_to_control() -> None:
    asyncio.run(_trips_at_min_requests())


async def _trips_at_min_requests() -> None:
    p = policy(
        experiments={
            "e": {
                "model": "a",
                "variants": {"c": {"weight": 1}, "v": {"weight": 1, "model": "b"}},
                "rollback": {"min_requests": 5, "error_rate_ratio": 2.0},
            }
        }
    )
    exps = Experiments(p, MemoryStore(), None)
    await exps.start()
    control_user = next(u for u in USERS if exps.assign("e", u).variant == "c")
    variant_user = next(u for u in USERS if exps.assign("e", u).variant == "v")
    for i in range(5):
        await exps.record(answered(f"c{i}"), exps.assign("e", control_user))
    for i in range(4):
        await exps.record(answered(f"v{i}", fault=Fault.UPSTREAM), exps.assign("e", variant_user))
        assert exps.rollbacks["e"] == {}, f"tripped after {i + 1} requests"
    await exps.record(answered("v4", fault=Fault.UPSTREAM), exps.assign("e", variant_user))
    assert "error rate 100.0%" in exps.rollbacks["e"]["v"].reason
    moved = exps.assign("e", variant_user)
    assert (moved.variant, moved.rolled_back_from) == ("c", "v")

    later = Experiments(p, exps.store, None)  # a restart on the same store keeps the decision
    await later.start()
    assert later.assign("e", variant_user).variant == "c"

    raw = {**BASE["models"]}
    revised = policy(
        models=raw,
        experiments={
            "e": {
                "model": "a",
                "revision": 2,
                "variants": {"c": {"weight": 1}, "v": {"weight": 1, "model": "b"}},
                "rollback": {"min_requests": 5, "error_rate_ratio": 2.0},
            }
        },
    )
    fresh = Experiments(revised, exps.store, None)  # a new revision starts afresh on the same store
    await fresh.start()
    assert fresh.assign("e", variant_user).variant == "v"
    assert (await fresh.read("e"))["v"].requests == 0


def test_refusals_of_the_caller_are_not_counted() -> None:
    asyncio.run(_refusals_not_counted())


async def _refusals_not_counted() -> None:
    p = policy(experiments={"e": {"model": "a", "variants": {"c": {"weight": 1}, "v": {"weight": 1}}}})
    exps = Experiments(p, MemoryStore(), None)
    assignment = exps.assign("e", "u:x")
    await exps.record(answered("r1", fault=Fault.CALLER), assignment)
    await exps.record(answered("r2", fault=Fault.POLICY), assignment)
    await exps.record(answered("r3"), assignment)
    arms = await exps.read("e")
    assert arms[assignment.variant].requests == 1


class FlakyStore(MemoryStore):
    """Refuses the next `apply` once `fail_next` is set (the shared state going away for a moment)."""

    fail_next = False

    async def apply(self, **kwargs: Any) -> None:
        if self.fail_next:
            self.fail_next = False
            raise StoreUnavailable("down")
        await super().apply(**kwargs)


def test_a_rating_refused_for_a_store_failure_can_be_sent_again() -> None:
    async def run() -> None:
        p = policy(experiments={"e": {"model": "a", "variants": {"c": {"weight": 1}, "v": {"weight": 1}}}})
        store = FlakyStore()
        exps = Experiments(p, store, None)
        await exps.record(answered("r1"), exps.assign("e", "u:x"))
        body = b'{"request_id": "r1", "label": "thumbs_up"}'
        store.fail_next = True
        with pytest.raises(FeedbackUnavailable):
            await record_feedback(exps, "team-a", body)
        assert orjson.loads(await record_feedback(exps, "team-a", body))["label"] == "thumbs_up"
        with pytest.raises(FeedbackExists):
            await record_feedback(exps, "team-a", body)
        assert sum(arm.feedback_count for arm in (await exps.read("e")).values()) == 1

    asyncio.run(run())


def test_the_highest_digest_still_falls_below_one(monkeypatch: pytest.MonkeyPatch) -> None:
    class TopDigest:
        def digest(self) -> bytes:
            return b"\xff" * 8

    monkeypatch.setattr("proxy.experiments.assign.hashlib.blake2b", lambda *a, **k: TopDigest())
    assert unit_point("exp", "anyone") < 1.0
    assert Assigner("exp", experiment(a=1, b=1)).variant("anyone") == "b"
