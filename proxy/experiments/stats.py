"""Per-arm counters of experiments and shadows, kept as `Store` spend totals.

Guarantees: one request, one rating or one shadow comparison is a handful of spend adds
(`ExperimentCounters.*_spends`) that the caller sends in a `Store.apply` it makes anyway, so the
totals are shared by every replica through Redis and outlive restarts. Every counter of an
experiment shares the hash tag `{x:<experiment>}`: one Redis Cluster slot, one script per apply.
Only non-zero amounts are sent (a missing counter reads 0), and reading all arms of an experiment
is one `get_spends`. Latencies go into a fixed log-spaced histogram (`LATENCY_BOUNDS_S`), so
quantiles are estimates within one bucket (about 25% of the value) and cost no per-sample storage.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from proxy.state.base import Store

_FIRST_S, _LAST_S, _STEPS = 0.01, 600.0, 49
_RATIO = (_LAST_S / _FIRST_S) ** (1 / _STEPS)  # ~1.2517
# Upper bounds (inclusive); one overflow bucket beyond the last. Rounded so every replica and the
# report agree on the same literal values.
LATENCY_BOUNDS_S: tuple[float, ...] = tuple(round(_FIRST_S * _RATIO**i, 6) for i in range(_STEPS + 1))
COUNTER_TTL_S = 90 * 86400.0
_BUCKETS = len(LATENCY_BOUNDS_S) + 1


def _zero_buckets() -> list[int]:
    return [0] * _BUCKETS


@dataclass(slots=True)
class ArmStats:
    """One arm's totals."""

    requests: int = 0
    errors: int = 0
    latency_counts: list[int] = field(default_factory=_zero_buckets)  # one per bucket, overflow last
    cost_usd: float = 0.0
    input_tokens: int = 0
    output_tokens: int = 0
    feedback_count: int = 0  # ratings with a score (/v1/feedback gives every label its configured score)
    feedback_sum: float = 0.0
    labels: dict[str, int] = field(default_factory=dict)
    similarity_count: int = 0  # shadows: answers compared
    similarity_sum: float = 0.0

    @property
    def error_rate(self) -> float | None:
        return self.errors / self.requests if self.requests else None

    @property
    def mean_feedback(self) -> float | None:
        return self.feedback_sum / self.feedback_count if self.feedback_count else None

    @property
    def mean_similarity(self) -> float | None:
        return self.similarity_sum / self.similarity_count if self.similarity_count else None

    def latency_quantile(self, q: float) -> float | None:
        """The `q` quantile in seconds, interpolated linearly inside its bucket; None without latencies."""
        total = sum(self.latency_counts)
        if not total:
            return None
        rank = min(max(q, 0.0), 1.0) * total
        seen = 0
        for i, count in enumerate(self.latency_counts):
            if count and seen + count >= rank:
                lower = LATENCY_BOUNDS_S[i - 1] if i else 0.0
                if i == len(LATENCY_BOUNDS_S):
                    return lower  # the overflow bucket has no upper bound to interpolate towards
                return lower + (LATENCY_BOUNDS_S[i] - lower) * (rank - seen) / count
            seen += count
        return None  # not reached: the last non-empty bucket always holds the rank

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready report of the arm."""
        report: dict[str, Any] = {
            "requests": self.requests,
            "errors": self.errors,
            "error_rate": _round(self.error_rate, 4),
            "p50_ms": _round(self.latency_quantile(0.5), 1, 1000.0),
            "p95_ms": _round(self.latency_quantile(0.95), 1, 1000.0),
            "cost_usd": round(self.cost_usd, 8),
            "input_tokens": self.input_tokens,
            "output_tokens": self.output_tokens,
            "feedback": {
                "count": self.feedback_count,
                "mean": _round(self.mean_feedback, 4),
                "labels": dict(sorted(self.labels.items())),
            },
        }
        if self.similarity_count:
            report["similarity"] = {"count": self.similarity_count, "mean": _round(self.mean_similarity, 4)}
        return report


def _round(value: float | None, digits: int, scale: float = 1.0) -> float | None:
    return None if value is None else round(value * scale, digits)


def arm_key(experiment: str, arm: str) -> str:
    """Where the arm's counters hang off; the tag `{x:<experiment>}` keeps an experiment in one slot."""
    return f"llmp:{{x:{experiment}}}:{arm}"


# Counters besides the latency buckets, in the order of `_ArmKeys`' fields (and of `_stats`).
_SUFFIXES = ("n", "err", "usd", "in", "out", "fb:n", "fb:sum", "sim:n", "sim:sum")


@dataclass(frozen=True, slots=True)
class _ArmKeys:
    """The key strings of one arm's counters."""

    base: str
    requests: str
    errors: str
    cost: str
    input_tokens: str
    output_tokens: str
    feedback_count: str
    feedback_sum: str
    similarity_count: str
    similarity_sum: str
    latency: tuple[str, ...]  # one per bucket

    @classmethod
    def of(cls, base: str) -> _ArmKeys:
        n, err, usd, tin, tout, fbn, fbs, simn, sims = (f"{base}:{suffix}" for suffix in _SUFFIXES)
        latency = tuple(f"{base}:lat:{i}" for i in range(_BUCKETS))
        return cls(base, n, err, usd, tin, tout, fbn, fbs, simn, sims, latency)

    def label(self, label: str) -> str:
        return f"{self.base}:fb:l:{label}"

    def read_keys(self, labels: Sequence[str], *, latency: bool = True) -> list[str]:
        """The arm's counters (the latency buckets only with `latency`), in the order `_stats` consumes them."""
        scalars = [self.requests, self.errors, self.cost, self.input_tokens, self.output_tokens]
        scalars += [self.feedback_count, self.feedback_sum, self.similarity_count, self.similarity_sum]
        return [*scalars, *(self.latency if latency else ()), *(self.label(label) for label in labels)]


class ExperimentCounters:
    """Builds the spend adds one request / one rating / one shadow comparison makes, and reads arms back."""

    __slots__ = ("_keys",)

    def __init__(self) -> None:
        # (experiment, arm) -> key strings: formatting them again on every request would be wasted work.
        self._keys: dict[tuple[str, str], _ArmKeys] = {}

    def _arm(self, experiment: str, arm: str) -> _ArmKeys:
        keys = self._keys.get((experiment, arm))
        if keys is None:
            if len(self._keys) > 10_000:  # arms come from config; this only bounds a misuse
                self._keys.clear()
            keys = self._keys[(experiment, arm)] = _ArmKeys.of(arm_key(experiment, arm))
        return keys

    def request_spends(
        self,
        experiment: str,
        arm: str,
        *,
        error: bool,
        latency_s: float | None,
        cost_usd: float,
        input_tokens: int,
        output_tokens: int,
    ) -> list[tuple[str, float, float]]:
        """One request's adds; a request without a latency (e.g. the caller left) adds no bucket."""
        keys = self._arm(experiment, arm)
        spends: list[tuple[str, float, float]] = [(keys.requests, 1.0, COUNTER_TTL_S)]
        if error:
            spends.append((keys.errors, 1.0, COUNTER_TTL_S))
        if latency_s is not None:
            spends.append((keys.latency[bisect_left(LATENCY_BOUNDS_S, latency_s)], 1.0, COUNTER_TTL_S))
        amounts = ((keys.cost, cost_usd), (keys.input_tokens, input_tokens), (keys.output_tokens, output_tokens))
        for key, amount in amounts:
            if amount:
                spends.append((key, float(amount), COUNTER_TTL_S))
        return spends

    def feedback_spends(
        self, experiment: str, arm: str, *, score: float | None, label: str | None
    ) -> list[tuple[str, float, float]]:
        """One rating's adds: a score counts towards the mean, a label towards its own count."""
        keys = self._arm(experiment, arm)
        spends: list[tuple[str, float, float]] = []
        if score is not None:
            spends.append((keys.feedback_count, 1.0, COUNTER_TTL_S))
            if score:
                spends.append((keys.feedback_sum, float(score), COUNTER_TTL_S))
        if label is not None:
            spends.append((keys.label(label), 1.0, COUNTER_TTL_S))
        return spends

    def similarity_spends(self, experiment: str, arm: str, similarity: float) -> list[tuple[str, float, float]]:
        """One shadow comparison's adds (`similarity` of the candidate's answer to the primary's)."""
        keys = self._arm(experiment, arm)
        spends = [(keys.similarity_count, 1.0, COUNTER_TTL_S)]
        if similarity:
            spends.append((keys.similarity_sum, float(similarity), COUNTER_TTL_S))
        return spends

    async def read(
        self,
        store: Store,
        experiment: str,
        arms: Sequence[str],
        labels: Sequence[str],
        *,
        latency_for: Collection[str] | None = None,
    ) -> dict[str, ArmStats]:
        """Each arm's totals (zeros for an arm never counted), in one `get_spends`. Latency buckets are
        read for the arms in `latency_for` only (None: every arm); the others report no latencies."""
        if not arms:
            return {}
        with_latency = [latency_for is None or arm in latency_for for arm in arms]
        wanted = [
            key
            for arm, lat in zip(arms, with_latency, strict=True)
            for key in self._arm(experiment, arm).read_keys(labels, latency=lat)
        ]
        values = iter(await store.get_spends(wanted))
        return {arm: _stats(values, labels, lat) for arm, lat in zip(arms, with_latency, strict=True)}


def _stats(values: Iterator[float], labels: Sequence[str], latency: bool) -> ArmStats:
    """An arm's totals from the next values of `values`, in `_ArmKeys.read_keys` order."""
    n, err, usd, tin, tout, fbn, fbs, simn, sims = (next(values) for _ in range(len(_SUFFIXES)))
    return ArmStats(
        requests=round(n),
        errors=round(err),
        latency_counts=[round(next(values)) for _ in range(_BUCKETS)] if latency else [0] * _BUCKETS,
        cost_usd=usd,
        input_tokens=round(tin),
        output_tokens=round(tout),
        feedback_count=round(fbn),
        feedback_sum=fbs,
        labels={label: round(next(values)) for label in labels},
        similarity_count=round(simn),
        similarity_sum=sims,
    )
