"""PII and secrets on one split: recall per entity category and flag rate per negative category, for
the hand-written set (bench/data_pii.py) and the Faker-based generator (bench/eval_pii.py).

Guarantees: a text counts as flagged when the `pii` guardrail at its defaults (credentials block,
personal data redacted), run by the proxy's guardrails stage on the `pii` alias, does anything to
it (its verdict is not `pass`): that is what a user sees as a 400 or a redacted request.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from heldout import Split
from heldout_common import InProcess, Missing, Rate, grouped, handwritten, rate, split, table


@dataclass(frozen=True, slots=True)
class Sample:
    source: str
    category: str
    positive: bool
    text: str


def handwritten_samples(which: Split, missing: Missing) -> list[Sample]:
    rows = handwritten("data_pii", missing)
    out = [Sample("bench/data_pii.py", str(c), bool(p), str(t)) for c, p, t in rows]
    return split(out, which, lambda s: s.text)


def generated_samples(which: Split, missing: Missing) -> list[Sample]:
    try:
        from eval_pii import all_negatives, all_positives

        positives, negatives = all_positives(), all_negatives()
    except Exception as exc:  # Faker missing or the generator changed: reported, not fatal
        missing.add(f"bench/eval_pii.py generator: not loaded ({type(exc).__name__}: {exc})")
        return []
    out = [Sample("bench/eval_pii.py", c.entity, True, c.text) for c in positives]
    out += [Sample("bench/eval_pii.py", f"{n.target} look-alike", False, n.text) for n in negatives]
    return split(out, which, lambda s: s.text)


def judge(ip: InProcess, text: str) -> bool:
    """The proxy's verdict: the `pii` guardrail blocked, redacted or flagged the message."""
    outcome = ip.request("pii", text)
    return outcome.blocked is not None or outcome.outcomes.get("pii/input", "pass") != "pass"


@dataclass(frozen=True, slots=True)
class Judged:
    sample: Sample
    flagged: bool


@dataclass(slots=True)
class PiiResult:
    judged: list[Judged]

    def part(self, source: str, positive: bool) -> list[Judged]:
        return [j for j in self.judged if j.sample.source == source and j.sample.positive == positive]

    def total(self, source: str, positive: bool) -> Rate:
        return rate(j.flagged for j in self.part(source, positive))

    def by_category(self, source: str, positive: bool) -> dict[str, Rate]:
        return grouped(self.part(source, positive), lambda j: j.sample.category, lambda j: j.flagged)


SOURCES = ("bench/data_pii.py", "bench/eval_pii.py")


def evaluate(ip: InProcess, which: Split, missing: Missing, *, generated: bool = True) -> PiiResult:
    samples = handwritten_samples(which, missing) + (generated_samples(which, missing) if generated else [])
    return PiiResult([Judged(s, judge(ip, s.text)) for s in samples])


def render(r: PiiResult) -> list[str]:
    lines = ["## PII and secrets", "", "| source | recall | negatives flagged |", "|---|---|---|"]
    lines += [f"| {s} | {r.total(s, True)} | {r.total(s, False)} |" for s in SOURCES]
    lines.append("")
    for source in SOURCES:
        lines += [f"### {source}: recall per entity", ""]
        lines += table(["entity", "recall"], list(r.by_category(source, True).items()))
        lines += ["", f"### {source}: flag rate per negative category", ""]
        lines += table(["category", "flagged"], list(r.by_category(source, False).items()))
        lines.append("")
    return lines


def as_json(r: PiiResult) -> dict[str, Any]:
    return {
        source: {
            "recall": [r.total(source, True).hits, r.total(source, True).n],
            "flagged": [r.total(source, False).hits, r.total(source, False).n],
            "recall_by_category": {k: [v.hits, v.n] for k, v in r.by_category(source, True).items()},
            "flagged_by_category": {k: [v.hits, v.n] for k, v in r.by_category(source, False).items()},
        }
        for source in SOURCES
    }
