"""The semantic cache's in-process embedders (proxy/cache/embed.py).

Every embedder: float32 rows of shape (n, dim), L2 norm 1 or all-zero for empty text, finite,
deterministic across instances and processes, bounded input. NgramEmbedder always runs; the
LocalEmbedder rows run when `wordllama` is installed, and its missing-package error always runs.
"""

from __future__ import annotations

import asyncio
import importlib
import os
import subprocess
import sys
import time
from typing import Any

import numpy as np
import pytest

from proxy.cache.embed import MAX_EMBED_CHARS, Embedder, LocalEmbedder, NgramEmbedder, normalise_rows

HAS_WORDLLAMA = importlib.util.find_spec("wordllama") is not None
needs_wordllama = pytest.mark.skipif(not HAS_WORDLLAMA, reason="wordllama (the local-embed extra) is not installed")

TEXT_200 = (
    "Hi there! Could you please explain how I can rotate the API key for my team's production project "
    "without downtime, and whether the old key keeps working for 24 hours after I create the new one?"
)[:200]


def make(kind: str) -> Embedder:
    return NgramEmbedder() if kind == "ngram" else LocalEmbedder()


KINDS = ["ngram", pytest.param("local", marks=needs_wordllama)]


def vectors(embedder: Embedder, texts: list[str]) -> np.ndarray[Any, Any]:
    return asyncio.run(embedder.embed(texts))


def cosine(embedder: Embedder, a: str, b: str) -> float:
    rows = vectors(embedder, [a, b])
    return float(rows[0] @ rows[1])


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(
    "texts",
    [
        [],
        ["hello"],
        ["", "   ", "\n\t"],
        ["What is 17 x 23?", "", "¿Dónde está la estación?", "\u6771\u4eac\u306e\u5929\u6c17\u306f\uff1f", "🙂🙂"],
        [TEXT_200] * 32,
    ],
)
def test_rows_are_float32_unit_or_zero(kind: str, texts: list[str]) -> None:
    embedder = make(kind)
    rows = vectors(embedder, texts)
    assert rows.dtype == np.float32 and rows.shape == (len(texts), embedder.dim)
    assert np.isfinite(rows).all()
    norms = np.linalg.norm(rows, axis=1)
    for text, norm in zip(texts, norms, strict=True):
        readable = any(c.isalnum() for c in text) if kind == "ngram" else bool(text.strip())
        expected = 1.0 if readable else 0.0
        assert norm == pytest.approx(expected, abs=1e-5), text


@pytest.mark.parametrize("kind", KINDS)
def test_same_text_same_vector_across_instances(kind: str) -> None:
    first, second = vectors(make(kind), [TEXT_200]), vectors(make(kind), [TEXT_200])
    assert np.array_equal(first, second)


def test_ngram_vectors_do_not_depend_on_the_process_hash_seed() -> None:
    code = (
        "import numpy as np; from proxy.cache.embed import NgramEmbedder;"
        "print(NgramEmbedder().embed_sync(['Rotate the API key for Acme'])[0].tobytes().hex())"
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", code],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("1", "2")
    }
    assert len(outputs) == 1 and next(iter(outputs))


@pytest.mark.parametrize("kind", KINDS)
def test_only_the_first_max_chars_are_embedded(kind: str) -> None:
    embedder = make(kind)
    head = ("word " * MAX_EMBED_CHARS)[:MAX_EMBED_CHARS]
    rows = vectors(embedder, [head + " tail one", head + " something else entirely"])
    assert np.array_equal(rows[0], rows[1])


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("What is the capital of France?", "what is the capital of france"),
        ("What is the capital of France?", "Hi! Could you please tell me what the capital of France is??"),
        ("What is 17 times 23?", "what's 17 x 23"),
        ("What is 17 times 23?", "17*23"),
        ("How far is 5km?", "how far is 5 km"),
        ("What's fifteen percent of 80?", "what is 15 % of 80"),
    ],
)
def test_ngram_ignores_case_punctuation_filler_and_spelling_of_operators(a: str, b: str) -> None:
    assert cosine(NgramEmbedder(), a, b) == pytest.approx(1.0, abs=1e-6)


@pytest.mark.parametrize(
    ("a", "near", "far"),
    [
        ("How do I reset my password?", "how do i reset my pasword", "What is the boiling point of water?"),
        ("Reverse a list in Python", "reverse a python list", "Book a flight to Lisbon"),
    ],
)
@pytest.mark.parametrize("kind", KINDS)
def test_near_duplicates_score_higher_than_unrelated_text(kind: str, a: str, near: str, far: str) -> None:
    embedder = make(kind)
    assert cosine(embedder, a, near) > cosine(embedder, a, far) + 0.2


@pytest.mark.parametrize(("dim", "ngram"), [(0, (3, 5)), (512, (0, 3)), (512, (5, 3)), (-1, (3, 3))])
def test_ngram_refuses_bad_parameters(dim: int, ngram: tuple[int, int]) -> None:
    with pytest.raises(ValueError):
        NgramEmbedder(dim=dim, ngram=ngram)


@pytest.mark.parametrize(("dim", "ngram"), [(64, (1, 1)), (128, (2, 4)), (1024, (3, 6))])
def test_ngram_dimensions_and_names(dim: int, ngram: tuple[int, int]) -> None:
    embedder = NgramEmbedder(dim=dim, ngram=ngram)
    assert vectors(embedder, ["ab", "a"]).shape == (2, dim)
    assert embedder.name == f"ngram-v{NgramEmbedder.VERSION}-{ngram[0]}-{ngram[1]}-d{dim}"


@pytest.mark.parametrize(
    ("matrix", "expected"),
    [
        ([[3.0, 4.0]], [[0.6, 0.8]]),
        ([[0.0, 0.0], [0.0, 2.0]], [[0.0, 0.0], [0.0, 1.0]]),
        ([[np.nan, 1.0]], [[0.0, 1.0]]),
        ([[np.inf, 0.0]], [[0.0, 0.0]]),
        (np.zeros((0, 3)), np.zeros((0, 3))),
    ],
)
def test_normalise_rows(matrix: Any, expected: Any) -> None:
    out = normalise_rows(np.asarray(matrix, dtype=np.float32))
    assert out.dtype == np.float32
    np.testing.assert_allclose(out, np.asarray(expected, dtype=np.float32), atol=1e-6)


def test_normalise_rows_wants_a_matrix() -> None:
    with pytest.raises(ValueError):
        normalise_rows(np.ones(3, dtype=np.float32))


def test_local_embedder_without_its_package_says_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    real = importlib.import_module

    def fake(name: str, package: str | None = None) -> Any:
        if name == "wordllama":
            raise ImportError("No module named 'wordllama'")
        return real(name, package)

    monkeypatch.setattr(importlib, "import_module", fake)
    with pytest.raises(RuntimeError, match=r"local-embed"):
        LocalEmbedder()


@needs_wordllama
def test_local_embedder_refuses_a_model_not_in_its_wheel() -> None:
    with pytest.raises(RuntimeError, match="not bundled"):
        LocalEmbedder(model="l3_supercat")
    with pytest.raises(RuntimeError):
        LocalEmbedder(model="no_such_model")


@needs_wordllama
def test_local_embedder_ignores_case() -> None:
    assert cosine(LocalEmbedder(), "What Is A Race Condition?", "what is a race condition?") == pytest.approx(1.0)


@pytest.mark.parametrize("kind", KINDS)
def test_one_short_text_is_cheap_enough_to_embed_inline(kind: str) -> None:
    embedder = make(kind)

    async def per_call() -> float:
        await embedder.embed([TEXT_200])
        start = time.perf_counter()
        for _ in range(20):
            await embedder.embed([TEXT_200])
        return (time.perf_counter() - start) / 20

    assert asyncio.run(per_call()) < 0.005  # measured ~0.2 ms (ngram), ~0.1 ms (local)
