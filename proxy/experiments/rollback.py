"""Automatic rollback of an experiment's variants: the rules, and the decision kept in the `Store`.

Guarantees: `rollback_reason` applies `RollbackRules` exactly as its docstring states, checking the
error rate, then p95 latency, then feedback, and returns the first broken rule as a sentence with
the figures; a rule left unset, or without enough requests or ratings yet, never trips, and a value
exactly at a threshold does not trip (only strictly over, beyond float rounding). A decision is a
JSON member of the experiment's index set `rollback_key(experiment)` under the experiment's hash
tag, so every replica sees it and it outlives restarts; `decode_all` keeps the earliest decision
per variant (two replicas may decide at once) and ignores members it cannot read.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import orjson

from proxy.config.experiments import RollbackRules
from proxy.config.loader import parse_time
from proxy.experiments.stats import ArmStats
from proxy.state.base import Store

ROLLBACK_TTL_S = 365 * 86400.0


@dataclass(frozen=True, slots=True)
class Rollback:
    """A variant sent back to control: why, and when (ISO 8601 UTC with 'Z')."""

    variant: str
    reason: str
    at: str


def rollback_reason(rules: RollbackRules, control: ArmStats, variant: ArmStats) -> str | None:
    """The first rule the variant breaks (error rate, then p95 latency, then feedback), or None."""
    errors = _error_rule(rules, control, variant)
    return errors or _latency_rule(rules, variant) or _feedback_rule(rules, control, variant)


def _over(value: float, limit: float) -> bool:
    # Rates and means are quotients of floats: a value that only differs from its threshold by
    # rounding is at the threshold, which does not trip.
    return value > limit and not math.isclose(value, limit, rel_tol=1e-9, abs_tol=1e-12)


def _error_rule(rules: RollbackRules, control: ArmStats, variant: ArmStats) -> str | None:
    ratio = rules.error_rate_ratio
    if ratio is None or min(control.requests, variant.requests) < rules.min_requests:
        return None
    rate, base = variant.errors / variant.requests, control.errors / control.requests
    if not (_over(rate, ratio * base) and _over(rate, rules.error_rate_floor)):
        return None
    return (
        f"error rate {rate:.1%} over {ratio:g}x control's {base:.1%} "
        f"(and over the {rules.error_rate_floor:.1%} floor) across {variant.requests} requests"
    )


def _latency_rule(rules: RollbackRules, variant: ArmStats) -> str | None:
    limit = rules.p95_latency_ms
    if limit is None or variant.requests < rules.min_requests:
        return None
    p95 = variant.latency_quantile(0.95)
    if p95 is None or not _over(p95 * 1000.0, limit):
        return None
    return f"p95 latency {p95 * 1000.0:.0f} ms over the {limit:g} ms limit across {variant.requests} requests"


def _feedback_rule(rules: RollbackRules, control: ArmStats, variant: ArmStats) -> str | None:
    drop = rules.feedback_drop
    if drop is None or min(control.feedback_count, variant.feedback_count) < rules.min_feedback:
        return None
    mine, theirs = variant.feedback_sum / variant.feedback_count, control.feedback_sum / control.feedback_count
    if not _over(theirs - mine, drop):
        return None
    return (
        f"mean feedback {mine:.3f} is {theirs - mine:.3f} below control's {theirs:.3f} "
        f"(more than the {drop:g} allowed) across {variant.feedback_count} ratings"
    )


def rollback_key(experiment: str) -> str:
    """The index set of the experiment's rollbacks (same hash tag as its counters)."""
    return f"llmp:{{x:{experiment}}}:rolled-back"


def encode(rollback: Rollback) -> str:
    """The set member for `rollback`: compact JSON, so the same decision twice is one member."""
    return orjson.dumps({"variant": rollback.variant, "reason": rollback.reason, "at": rollback.at}).decode()


def decode_all(members: set[str]) -> dict[str, Rollback]:
    """Variant -> its earliest rollback; members that are not such JSON objects are ignored."""
    earliest: dict[str, tuple[dt.datetime, Rollback]] = {}
    # Sorted so that a tie in time resolves the same way on every replica.
    for member in sorted(members):
        decoded = _decode(member)
        if decoded is None:
            continue
        when, rollback = decoded
        known = earliest.get(rollback.variant)
        if known is None or when < known[0]:
            earliest[rollback.variant] = (when, rollback)
    return {variant: rollback for variant, (_, rollback) in earliest.items()}


def _decode(member: str) -> tuple[dt.datetime, Rollback] | None:
    try:
        data: Any = orjson.loads(member)
    except orjson.JSONDecodeError:
        return None
    if not isinstance(data, dict):
        return None
    fields = (data.get("variant"), data.get("reason"), data.get("at"))
    if not all(isinstance(value, str) for value in fields):
        return None
    variant, reason, at = (str(value) for value in fields)
    when = parse_time(at)
    return None if when is None or not variant else (when, Rollback(variant, reason, at))


async def load_rollbacks(store: Store, experiments: Sequence[str]) -> dict[str, dict[str, Rollback]]:
    """Each experiment's rollbacks (variant -> earliest), in one `get_members`."""
    if not experiments:
        return {}
    found = await store.get_members([rollback_key(name) for name in experiments])
    return {name: decode_all(members) for name, members in zip(experiments, found, strict=True)}
