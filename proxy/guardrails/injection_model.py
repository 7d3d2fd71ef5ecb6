"""A learned prompt-injection scorer: a logistic model over hashed character n-grams, numpy only.

Guarantees:
- Features are fixed by this module alone: the UTF-8 bytes of a normalised view (`normalize.views`),
  every byte 3-, 4- and 5-gram and every word and pair of adjacent words (a word: a run of ASCII letters
  and digits or non-ASCII bytes) hashed into 2**DIM_BITS buckets by seeded multiplicative hashes, each
  occurrence weighted 1/sqrt(the number of features in its window, or MIN_FEATURES if that is more): a
  short text carries little evidence, so its score stays near the prior instead of swinging on a few
  n-grams ("Answer the question." must not read as an attack because attacks often say it). Training
  (`bench/train_injection_model.py`) and scoring share these functions, so a shipped weight file means
  the same thing at both ends.
- A view longer than WINDOW bytes is scored window by window (every STRIDE bytes) and its best window
  counts: an instruction planted in a long document is judged on its own, not diluted by the document.
  The best of many windows is higher by chance alone, so it is discounted by LONG_DISCOUNT times the log
  of the number of non-overlapping windows the view holds (a multiple-comparison correction: without
  it, the longer a benign document, the likelier one of its windows looks like an attack).
- `score` is linear in the text (a few vectorised passes and one cumulative sum per view) and allocates
  only arrays the size of the text; it never raises on any text. `InjectionModel` is immutable after
  loading and may be shared by all threads.
- The weights ship in `data/injection_model.npz` with the metadata of the run that made them; a file of
  another feature version is refused at load time (ValueError), never scored with the wrong features.
"""

from __future__ import annotations

from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

FEATURE_VERSION = 4
DIM_BITS = 18
NGRAMS = (3, 4, 5)
WINDOW = 256  # bytes of a view judged together
STRIDE = 64  # bytes between window starts in a long view
LONG_DISCOUNT = 0.5
MIN_FEATURES = 256  # the weight of a text with fewer features is scaled as if it had this many (~80 bytes)
_PRIME = np.uint32(0x01000193)
_MIX = np.uint32(0x85EBCA6B)
_WORD_PRIME = 0x2545F491  # odd, so it has an inverse modulo 2**32: a word's hash is a difference of prefix sums
_WORD_INVERSE = pow(_WORD_PRIME, -1, 1 << 32)
_PAIR = np.uint32(0x9E3779B1)
# ASCII letters and digits, and every byte of a multi-byte character, make words; the rest separates them.
_WORD_BYTE = np.zeros(256, dtype=bool)
_WORD_BYTE[[*range(48, 58), *range(65, 91), *range(97, 123), *range(128, 256)]] = True

Indices = npt.NDArray[np.uint32]
Floats = npt.NDArray[np.float32]


def view_bytes(view: str) -> npt.NDArray[np.uint32]:
    """The bytes the features are read from, widened so the hash arithmetic wraps at 32 bits."""
    return np.frombuffer(view.encode("utf-8", "replace"), dtype=np.uint8).astype(np.uint32)


def all_ngram_buckets(data: npt.NDArray[np.uint32]) -> list[Indices]:
    """The buckets of every n-gram for each n in NGRAMS: one running hash, extended a byte at a time,
    so the longer n-grams reuse the shorter ones' work."""
    out: list[Indices] = []
    state = np.full(len(data), np.uint32(0x9E3779B1), dtype=np.uint32)
    with np.errstate(over="ignore"):
        for k in range(NGRAMS[-1]):
            starts = len(data) - k
            if starts <= 0:
                break
            state = (state[:starts] ^ data[k : k + starts]) * _PRIME
            if k + 1 in NGRAMS:
                out.append(_mixed(state, k + 1))
    while len(out) < len(NGRAMS):
        out.append(np.zeros(0, dtype=np.uint32))
    return out


def _mixed(hashed: Indices, salt: int) -> Indices:
    with np.errstate(over="ignore"):
        hashed = (hashed ^ np.uint32(salt)) * _MIX
        hashed ^= hashed >> np.uint32(15)
        hashed = hashed * _PRIME
        hashed ^= hashed >> np.uint32(13)
    return (hashed >> np.uint32(32 - DIM_BITS)).astype(np.uint32)


_POWER_TABLES: list[tuple[Indices, Indices]] = [(np.zeros(0, np.uint32), np.zeros(0, np.uint32))]


def _powers(length: int) -> tuple[Indices, Indices]:
    """P**i and P**-i (mod 2**32) for i in 1..length, from a table kept for the process (grown by
    doubling, replaced whole, so a reader on another thread sees either table, both correct)."""
    powers, inverse = _POWER_TABLES[0]
    if len(powers) < length:
        size = max(length, 2 * len(powers), 4096)
        with np.errstate(over="ignore"):
            powers = np.cumprod(np.full(size, _WORD_PRIME, dtype=np.uint32), dtype=np.uint32)
            inverse = np.cumprod(np.full(size, _WORD_INVERSE, dtype=np.uint32), dtype=np.uint32)
        powers.setflags(write=False)
        inverse.setflags(write=False)
        _POWER_TABLES[0] = (powers, inverse)
    return powers[:length], inverse[:length]


def word_buckets(data: npt.NDArray[np.uint32]) -> tuple[npt.NDArray[np.intp], Indices, Indices]:
    """Each word's start offset, its bucket, and the bucket of it with the next word (one fewer)."""
    is_word = _WORD_BYTE[data]
    edges = np.flatnonzero(np.diff(np.concatenate(([False], is_word, [False])).astype(np.int8)))
    starts, ends = edges[0::2], edges[1::2]
    if len(starts) == 0:
        empty = np.zeros(0, dtype=np.uint32)
        return starts, empty, empty
    powers, inverse_powers = _powers(len(data))
    with np.errstate(over="ignore"):
        prefix = np.concatenate(([np.uint32(0)], np.cumsum(data * inverse_powers, dtype=np.uint32)))
        words = (prefix[ends] - prefix[starts]) * powers[ends - 1]
        pairs = words[:-1] * _PAIR + words[1:]
    return starts, _mixed(words, 0x51ED27), _mixed(pairs, 0x7A1C0E)


def window_features(view: str, stride: int = STRIDE) -> list[Indices]:
    """The n-gram buckets of each window of `view` (one window when it is short), windows `stride` bytes
    apart: what training reads (it may take fewer, wider-spaced windows than scoring does)."""
    data = view_bytes(view)
    if len(data) < NGRAMS[0]:
        return []  # as `logit` reads it: too short to say anything, the bias alone
    per_n = all_ngram_buckets(data)
    word_starts, words, pairs = word_buckets(data)
    if len(data) <= WINDOW:
        return [np.concatenate([*per_n, words, pairs])]
    last = len(data) - WINDOW
    windows = []
    for s in [*range(0, last, stride), last]:
        first, stop = np.searchsorted(word_starts, (s, s + WINDOW))
        grams = [b[s : s + WINDOW] for b in per_n]
        windows.append(np.concatenate([*grams, words[first:stop], pairs[first : min(stop, len(pairs))]]))
    return windows


def scale(features: int | npt.NDArray[np.float64]) -> Any:
    """The weight of each occurrence in a window of `features` features."""
    return 1.0 / np.sqrt(np.maximum(features, MIN_FEATURES))


class InjectionModel:
    """Logistic weights over the hashed n-grams; `probability(views)` is the best window's P(injection)."""

    __slots__ = ("_bias", "_weights", "metadata")

    def __init__(self, weights: Floats, bias: float, metadata: dict[str, Any] | None = None) -> None:
        if weights.shape != (1 << DIM_BITS,):
            raise ValueError(f"expected {1 << DIM_BITS} weights, got {weights.shape}")
        self._weights = weights.astype(np.float32)
        self._weights.setflags(write=False)
        self._bias = float(bias)
        self.metadata = dict(metadata or {})

    @classmethod
    def load(cls, path: str | Path | None = None) -> InjectionModel:
        """The weights in `path`, or the shipped ones; ValueError when the file's features differ from ours."""
        source = resources.files("proxy.guardrails") / "data" / "injection_model.npz" if path is None else Path(path)
        with source.open("rb") as raw, np.load(raw, allow_pickle=False) as saved:
            version = int(saved["feature_version"])
            if version != FEATURE_VERSION or int(saved["dim_bits"]) != DIM_BITS:
                raise ValueError(f"injection model has feature version {version}; this proxy reads {FEATURE_VERSION}")
            metadata = {key: saved[key].item() for key in saved.files if key.startswith("meta_")}
            return cls(saved["weights"].astype(np.float32), float(saved["bias"]), metadata)

    @property
    def weights(self) -> Floats:
        """The read-only weight of each bucket."""
        return self._weights

    @property
    def bias(self) -> float:
        return self._bias

    def logit(self, view: str) -> float:
        """The best window's logit for one view."""
        data = view_bytes(view)
        if len(data) < NGRAMS[0]:
            return self._bias
        contributions = np.zeros(len(data), dtype=np.float64)
        counts = np.zeros(len(data), dtype=np.float64)
        for buckets in all_ngram_buckets(data):
            contributions[: len(buckets)] += self._weights[buckets]
            counts[: len(buckets)] += 1.0
        word_starts, words, pairs = word_buckets(data)
        contributions[word_starts] += self._weights[words]
        counts[word_starts] += 1.0
        contributions[word_starts[: len(pairs)]] += self._weights[pairs]
        counts[word_starts[: len(pairs)]] += 1.0
        if len(data) <= WINDOW:
            return self._bias + float(contributions.sum()) * float(scale(counts.sum()))
        summed = np.concatenate(([0.0], np.cumsum(contributions)))
        counted = np.concatenate(([0.0], np.cumsum(counts)))
        last = len(data) - WINDOW
        starts = np.append(np.arange(0, last, STRIDE), last)
        totals = summed[starts + WINDOW] - summed[starts]
        sizes = counted[starts + WINDOW] - counted[starts]
        discount = LONG_DISCOUNT * float(np.log(len(data) / WINDOW))
        return self._bias + float(np.max(totals * scale(sizes))) - discount

    def probability(self, views: Sequence[str]) -> float:
        """P(injection) of the most suspicious window of any view; 0.0 when there are no views."""
        if not views:
            return 0.0
        best = max(self.logit(view) for view in views)
        return float(1.0 / (1.0 + np.exp(-best)))
