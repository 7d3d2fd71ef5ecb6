"""Regression floors for the semantic cache's hit rule (bench/cache_eval.py, bench/CACHE_EVAL.md).

Runs the same evaluation as `python bench/cache_eval.py` (without timings) and checks, per embedder,
that the pinned default threshold (cache_eval.RECOMMENDED) still gives zero false hits on the hard
negatives with the agreement check, and that the paraphrase hit rate there stays above a floor set a
few points under what was measured. The ngram embedder always runs; the local one runs when
`wordllama` is installed and is reported as skipped otherwise.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

# bench/ scripts import each other as top-level modules. Appended, not prepended, so that nothing in
# bench/ shadows an installed module of the same name.
sys.path.append(str(Path(__file__).resolve().parent.parent / "bench"))

import cache_eval
from cache_eval_data import HARD_NEGATIVES, PARAPHRASES

from proxy.cache.embed import Embedder, LocalEmbedder, NgramEmbedder

# Measured 2026-11-29: paraphrase hit rate at the recommended threshold (with the agreement check).
PARAPHRASE_FLOORS = {
    "ngram": 0.72,  # measured 0.769 (100/130) at 0.85
    "local": 0.66,  # measured 0.708 (92/130) at 0.94
}
# The agreement check alone (no similarity): share of hard negatives it rejects, share of paraphrases it accepts.
AGREEMENT_REJECTS_FLOOR = 0.78  # measured 127/154 = 0.825
AGREEMENT_ACCEPTS_FLOOR = 0.92  # measured 124/130 = 0.954

HAS_WORDLLAMA = importlib.util.find_spec("wordllama") is not None


def make(key: str) -> Embedder:
    if key == "local" and not HAS_WORDLLAMA:
        pytest.skip("local embedder not installed (pip install wordllama); its rows are not measured")
    return NgramEmbedder() if key == "ngram" else LocalEmbedder()


@pytest.fixture(scope="module", params=["ngram", "local"])
def result(request: pytest.FixtureRequest) -> cache_eval.Result:
    key = str(request.param)
    return cache_eval.evaluate(key, make(key), timings=False)


def test_the_data_is_big_and_varied_enough() -> None:
    assert len(PARAPHRASES) >= 120 and len(HARD_NEGATIVES) >= 150
    for pairs in (PARAPHRASES, HARD_NEGATIVES):
        assert {d for d, _, _ in pairs} == {"support", "math", "coding", "finance", "travel", "trivia"}
        assert len({(a, b) for _, a, b in pairs}) == len(pairs), "duplicate pair"


def test_zero_false_hits_at_the_recommended_threshold(result: cache_eval.Result) -> None:
    threshold = cache_eval.RECOMMENDED[result.key]
    hits = result.negatives.hits(threshold)
    leaked = [result.negatives.pairs[k][1:] for k in range(len(hits)) if hits[k]]
    assert not leaked, f"{result.key} at {threshold}: hard negatives that would be served a wrong answer: {leaked}"


def test_paraphrase_hit_rate_stays_above_its_floor(result: cache_eval.Result) -> None:
    threshold = cache_eval.RECOMMENDED[result.key]
    rate = float(result.paraphrases.hits(threshold).mean())
    assert rate >= PARAPHRASE_FLOORS[result.key], f"{result.key} at {threshold}: {rate:.3f}"


def test_the_agreement_check_is_what_makes_a_low_threshold_safe(result: cache_eval.Result) -> None:
    row = result.row(cache_eval.RECOMMENDED[result.key])
    assert row.false_hits == 0 and row.false_hits_sim_only > 0


def test_agreement_check_alone() -> None:
    scored = cache_eval.score(NgramEmbedder(), PARAPHRASES)
    negatives = cache_eval.score(NgramEmbedder(), HARD_NEGATIVES)
    assert float((~negatives.agrees).mean()) >= AGREEMENT_REJECTS_FLOOR
    assert float(scored.agrees.mean()) >= AGREEMENT_ACCEPTS_FLOOR


def test_report_renders(result: cache_eval.Result) -> None:
    text = cache_eval.render([result], [])
    assert f"## {result.key}:" in text and "(recommended)" in text


def test_the_proxys_default_thresholds_are_at_least_the_evaluated_safe_ones() -> None:
    from proxy.cache.embedders import DEFAULT_THRESHOLDS

    for key, safe in cache_eval.RECOMMENDED.items():
        assert DEFAULT_THRESHOLDS[key] >= safe, key
