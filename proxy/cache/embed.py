"""Embedders for the semantic cache: text -> L2-normalised float32 rows, computed in-process.

Guarantees of every embedder here:

- `embed(texts)` returns a float32 matrix of shape (len(texts), dim); each row has L2 norm 1, or is
  all zeros when its text has nothing the embedder reads (whitespace only; for `NgramEmbedder`, no
  letter or digit at all), so a zero row never scores above 0 against anything. Rows are finite.
- Only the first `MAX_EMBED_CHARS` characters of a text are embedded (bounded CPU per text). Texts
  that differ only after that point embed the same; `proxy.cache.agreement` tells them apart.
- Deterministic: the same text gives the same vector in every process and on every run (no salted
  `hash()`), so vectors computed by one replica can be compared with another's.
- `embed` is `async` only to fit the `Embedder` protocol: it does its CPU work synchronously and
  never awaits, so it is cheap enough inline for one short text; a caller may run large batches in
  a thread.

`NgramEmbedder` needs numpy only. `LocalEmbedder` needs the optional `wordllama` package (a static
token-embedding model whose weights ship inside its wheel; no torch, no download at run time).
"""

from __future__ import annotations

import importlib
import unicodedata
from pathlib import Path
from typing import Any, Protocol

import numpy as np
from numpy.typing import NDArray

MAX_EMBED_CHARS = 4000
"""Characters of a text that are embedded; the rest is ignored."""

LOCAL_EXTRA_HINT = "pip install 'llm-policy-proxy[local-embed]'  (or: pip install wordllama)"


class Embedder(Protocol):
    """Turns texts into L2-normalised rows of width `dim`; `name` identifies the vector space."""

    name: str
    dim: int

    async def embed(self, texts: list[str]) -> NDArray[np.float32]: ...


def normalise_rows(m: NDArray[np.float32]) -> NDArray[np.float32]:
    """`m` (2-D) as float32 with every row scaled to L2 norm 1; zero or non-finite rows become zeros."""
    out = np.nan_to_num(np.asarray(m, dtype=np.float32), nan=0.0, posinf=0.0, neginf=0.0)
    if out.ndim != 2:
        raise ValueError(f"expected a 2-D matrix, got shape {out.shape}")
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    safe = np.where(norms > 0.0, norms, np.float32(1.0))
    result: NDArray[np.float32] = (out / safe).astype(np.float32, copy=False)
    return result


# --- character n-grams ----------------------------------------------------------------------------

# Function words and politeness removed before hashing, so "Hi! Could you please tell me what X is?"
# lands near "X". Negations and the question words that change the answer (how, why, who, when,
# where) are kept.
_FILLER_WORDS = """a an the is are was were be been being am do does did doing done to of in on at for by with
    as and or so it its this that these those there here i me my mine we our you your he she him her
    they them their please pls plz kindly thanks thank thx hi hello hey dear could would can will shall
    may might must should tell give show explain describe lets know just quick question really actually
    basically some any im ive id youre whats thats theres hows what which possible have has"""
_FILLER = frozenset(_FILLER_WORDS.split())
# Spellings of the same operator or small number, so "17 times 23" lands on "17 x 23" and "17*23".
_CANONICAL = {"times": "*", "multiplied": "*", "\u00d7": "*", "divided": "/", "\u00f7": "/", "plus": "+", "minus": "-"}
_CANONICAL |= {"percent": "%", "percentage": "%", "pct": "%"}
_SMALL_NUMBERS = """zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen
    sixteen seventeen eighteen nineteen twenty"""
_CANONICAL |= {w: str(i) for i, w in enumerate(_SMALL_NUMBERS.split())}
_OPERATORS = "+-*/%$=<>#\u00d7\u00f7"
_APOSTROPHES = str.maketrans("", "", "'\u2019")  # "what's" -> "whats", "hasn't" -> "hasnt"
_P = np.uint64(0x100000001B3)  # per-position multiplier of the polynomial window hash
_MIX1 = np.uint64(0xFF51AFD7ED558CCD)
_MIX2 = np.uint64(0xC4CEB9FE1A85EC53)


def _split_words(text: str) -> list[str]:
    """Casefolded letters/digit runs and single operators; digits and letters split ("5km" -> "5 km")."""
    folded = unicodedata.normalize("NFKC", text[:MAX_EMBED_CHARS]).casefold().translate(_APOSTROPHES)
    chars: list[str] = []
    prev = " "
    for c in folded:
        if c in _OPERATORS:
            chars += (" ", c, " ")
        elif not c.isalnum():
            chars.append(" ")
        else:
            if prev.isalnum() and prev.isdigit() != c.isdigit():
                chars.append(" ")
            chars.append(c)
        prev = c
    return "".join(chars).split()


def _ngram_text(text: str) -> str:
    """The words to hash: canonical spellings, filler removed (unless nothing else), space-padded."""
    words = [_CANONICAL.get(w, w) for w in _split_words(text)]
    for k in range(1, len(words) - 1):
        if words[k] == "x" and words[k - 1].isdigit() and words[k + 1].isdigit():
            words[k] = "*"
    kept = [w for w in words if w not in _FILLER] or words
    return f" {' '.join(kept)} " if kept else ""


def _mix(h: NDArray[np.uint64]) -> NDArray[np.uint64]:
    """A 64-bit finaliser (murmur3's): spreads the window hash over all bits."""
    with np.errstate(over="ignore"):
        h = h ^ (h >> np.uint64(33))
        h = h * _MIX1
        h = h ^ (h >> np.uint64(33))
        h = h * _MIX2
        return h ^ (h >> np.uint64(33))


class NgramEmbedder:
    """Signed feature hashing of character n-grams (sizes `ngram[0]..ngram[1]`) into `dim` buckets.

    Texts are casefolded, stripped of punctuation and filler words, digits split from letters
    ("5km" -> "5 km"), and operator and small-number spellings unified ("17 times 23" == "17*23",
    "ten" == "10") first; n-grams span word boundaries (so word order counts a little). Counts are
    damped (sign * log1p) before the row is normalised. Good at near-duplicates (case, punctuation,
    typos, polite prefixes, small reorders); it knows no synonyms.
    """

    VERSION = 1  # bumped whenever the same text would embed differently

    def __init__(self, dim: int = 512, ngram: tuple[int, int] = (3, 5)) -> None:
        low, high = ngram
        if dim <= 0 or low <= 0 or high < low:
            raise ValueError("dim must be positive and ngram a (low, high) range of positive sizes")
        self.dim = dim
        self.ngram = (low, high)
        self.name = f"ngram-v{self.VERSION}-{low}-{high}-d{dim}"

    async def embed(self, texts: list[str]) -> NDArray[np.float32]:
        """One normalised row per text (zeros for a text with no letters or digits)."""
        return self.embed_sync(texts)

    def embed_sync(self, texts: list[str]) -> NDArray[np.float32]:
        """`embed` without the coroutine, for callers already off the event loop."""
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            out[row] = self._vector(text)
        return normalise_rows(out)

    def _vector(self, text: str) -> NDArray[np.float32]:
        prepared = _ngram_text(text)
        if not prepared:
            return np.zeros(self.dim, dtype=np.float32)
        codes = np.frombuffer(prepared.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
        buckets, signs = [], []
        for n in range(self.ngram[0], self.ngram[1] + 1):
            if codes.size < n:
                break
            hashed = _mix(self._window_hash(codes, n) + np.uint64(n))
            buckets.append((hashed % np.uint64(self.dim)).astype(np.intp))
            signs.append(np.where(hashed >> np.uint64(63), -1.0, 1.0))
        if not buckets:  # shorter than the smallest n-gram: hash the whole text once
            hashed = _mix(self._window_hash(codes, codes.size))
            buckets, signs = [(hashed % np.uint64(self.dim)).astype(np.intp)], [np.ones(1)]
        counts = np.bincount(np.concatenate(buckets), weights=np.concatenate(signs), minlength=self.dim)
        return (np.sign(counts) * np.log1p(np.abs(counts))).astype(np.float32)

    @staticmethod
    def _window_hash(codes: NDArray[np.uint64], n: int) -> NDArray[np.uint64]:
        """Polynomial hash of every length-n window of `codes` (wrapping uint64 arithmetic)."""
        windows = np.lib.stride_tricks.sliding_window_view(codes, n)
        with np.errstate(over="ignore"):
            powers = _P ** np.arange(n, dtype=np.uint64)
            result: NDArray[np.uint64] = (windows * powers).sum(axis=1, dtype=np.uint64)
        return result


# --- local static-embedding model -----------------------------------------------------------------


class LocalEmbedder:
    """Mean-pooled static token embeddings from `wordllama` (its bundled `l2_supercat`, 256 dims).

    Loads only files inside the installed wheel (downloads disabled): it works offline, and a model
    whose weights are not in the wheel is refused with `RuntimeError`. The package is imported here,
    lazily, so the default install does not need it.
    """

    def __init__(self, model: str = "l2_supercat") -> None:
        try:
            package: Any = importlib.import_module("wordllama")
        except ImportError as exc:
            raise RuntimeError(f"LocalEmbedder needs the 'wordllama' package: {LOCAL_EXTRA_HINT}") from exc
        # The wheel keeps its files in weights/ and tokenizers/ beside the code, which is the layout
        # wordllama expects of a cache directory; pointing it there never touches the network.
        bundled = Path(package.__file__).resolve().parent
        try:
            self._model: Any = package.WordLlama.load(config=model, cache_dir=bundled, disable_download=True)
        except (FileNotFoundError, AttributeError, ValueError) as exc:
            raise RuntimeError(f"wordllama model {model!r} is not bundled in the installed wheel: {exc}") from exc
        self.dim = int(self._model.embedding.shape[1])
        self.name = f"wordllama-{model}-d{self.dim}"

    async def embed(self, texts: list[str]) -> NDArray[np.float32]:
        """One normalised row per text (zeros for an empty or whitespace-only text)."""
        return self.embed_sync(texts)

    def embed_sync(self, texts: list[str]) -> NDArray[np.float32]:
        """`embed` without the coroutine, for callers already off the event loop."""
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        todo = [i for i, text in enumerate(texts) if text.strip()]
        if todo:
            # Casefolded: the model's tokenizer is case-sensitive, and case rarely changes the answer.
            clipped = [texts[i][:MAX_EMBED_CHARS].casefold() for i in todo]
            out[todo] = np.asarray(self._model.embed(clipped, norm=False), dtype=np.float32)
        return normalise_rows(out)
