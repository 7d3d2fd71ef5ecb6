"""Semantic cache on one split: paraphrase hit rate per category and wrong answers per negative
category, for each embedder (`ngram`, `local`) at its documented default threshold.

Guarantees: the embedder and threshold are the ones the proxy builds from a policy that enables
the semantic layer with only `embedder:` set (`build_embedder`); a pair hits when the similarity of
its two texts reaches that threshold and the agreement check passes (the cache stage's rule, scored
with bench/cache_eval.py's machinery). An embedder that cannot be built is reported, never skipped.
Pairs: bench/data_cache_pairs.py `(category, same_answer, first, second)` and the older
bench/cache_eval_data.py (paraphrases and hard negatives); the split is keyed on the FIRST text.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import cache_eval
from heldout import Split
from heldout_common import Missing, Rate, build_policy, grouped, handwritten, rate, split, table

from proxy.cache.embedders import build_embedder

EMBEDDERS = ("ngram", "local")


@dataclass(frozen=True, slots=True)
class Pair:
    source: str
    category: str
    same_answer: bool
    first: str
    second: str


def pairs(which: Split, missing: Missing) -> list[Pair]:
    rows = handwritten("data_cache_pairs", missing)
    out = [Pair("bench/data_cache_pairs.py", str(c), bool(s), str(a), str(b)) for c, s, a, b in rows]
    try:
        from cache_eval_data import HARD_NEGATIVES, PARAPHRASES

        out += [Pair("bench/cache_eval_data.py", f"{d} paraphrase", True, a, b) for d, a, b in PARAPHRASES]
        out += [Pair("bench/cache_eval_data.py", f"{d} hard negative", False, a, b) for d, a, b in HARD_NEGATIVES]
    except Exception as exc:  # reported, not fatal
        missing.add(f"bench/cache_eval_data.py: not loaded ({type(exc).__name__}: {exc})")
    return split(out, which, lambda p: p.first)


@dataclass(frozen=True, slots=True)
class Judged:
    pair: Pair
    similarity: float
    agree: bool
    hit: bool


@dataclass(slots=True)
class EmbedderResult:
    embedder: str
    threshold: float
    judged: list[Judged]

    def total(self, same: bool) -> Rate:
        return rate(j.hit for j in self.judged if j.pair.same_answer == same)

    def by_category(self, same: bool) -> dict[str, Rate]:
        mine = [j for j in self.judged if j.pair.same_answer == same]
        return grouped(mine, lambda j: f"{j.pair.category} [{j.pair.source.removeprefix('bench/')}]", lambda j: j.hit)


def built(embedder: str) -> tuple[Any, float]:
    """The embedder and threshold the proxy builds for `embedder:` at its defaults."""
    instance, threshold = build_embedder(build_policy(embedder=embedder))
    assert instance is not None
    return instance, threshold


def evaluate_one(embedder: str, items: list[Pair]) -> EmbedderResult:
    instance, threshold = built(embedder)
    rows = [cache_eval.Pair(p.category, p.same_answer, p.first, p.second) for p in items]
    scored = cache_eval.score(embedder, instance, rows)
    judged = [
        Judged(p, float(sim), bool(ok), bool(sim >= threshold and ok))
        for p, sim, ok in zip(items, scored.sims, scored.agrees, strict=True)
    ]
    return EmbedderResult(embedder, threshold, judged)


def evaluate(which: Split, missing: Missing, embedders: tuple[str, ...] = EMBEDDERS) -> list[EmbedderResult]:
    items = pairs(which, missing)
    out = []
    for name in embedders:
        try:
            out.append(evaluate_one(name, items))
        except Exception as exc:  # e.g. the local-embed extra is not installed
            missing.add(f"semantic cache, `{name}` embedder: not evaluated ({type(exc).__name__}: {exc})")
    return out


def render(results: list[EmbedderResult]) -> list[str]:
    lines = ["## Semantic cache", "", "| embedder | default threshold | paraphrase hits | wrong answers |"]
    lines.append("|---|---|---|---|")
    lines += [f"| {r.embedder} | {r.threshold} | {r.total(True)} | {r.total(False)} |" for r in results]
    lines.append("")
    for r in results:
        lines += [f"### `{r.embedder}` at {r.threshold}: paraphrase hits per category", ""]
        lines += table(["category", "hits"], list(r.by_category(True).items()))
        lines += ["", f"### `{r.embedder}` at {r.threshold}: wrong answers per negative category", ""]
        lines += table(["category", "wrong answers"], list(r.by_category(False).items()))
        lines.append("")
    return lines


def as_json(results: list[EmbedderResult]) -> dict[str, Any]:
    return {
        r.embedder: {
            "threshold": r.threshold,
            "paraphrase_hits": [r.total(True).hits, r.total(True).n],
            "wrong_answers": [r.total(False).hits, r.total(False).n],
            "hits_by_category": {k: [v.hits, v.n] for k, v in r.by_category(True).items()},
            "wrong_by_category": {k: [v.hits, v.n] for k, v in r.by_category(False).items()},
        }
        for r in results
    }
