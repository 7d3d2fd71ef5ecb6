"""Side services (guardrail classifiers, embedding endpoints) cannot grow the proxy's memory.

Their answers used to be read whole (`resp.read()`); a compression bomb from the moderation or
embeddings endpoint is now cut at the side-call limit and counts as a failed call. Over a real
socket: the mock upstream pads its answer with 40 MB of spaces and gzips it (a ~40 KB download).
"""

from __future__ import annotations

import asyncio
import tracemalloc
from collections.abc import Awaitable, Callable

import pytest

from proxy.cache.upstream_embed import EmbedFailed, UpstreamEmbedder
from proxy.config.guardrails import GuardrailDef
from proxy.config.policy import ProviderConfig
from proxy.guardrails.classifier import ClassifierFailed, HttpClassifier
from tests.conftest import MockFactory
from tests.support import ServerProcess

BOMB_BYTES = 40 * 1024 * 1024


@pytest.fixture(scope="module")
def bomb(start_mock: MockFactory) -> ServerProcess:
    return start_mock("--pad-bytes", str(BOMB_BYTES), "--gzip")


def _peak_bytes(run: Callable[[], Awaitable[None]]) -> int:
    """The most Python memory held at once while `run` ran (a process-wide peak RSS would hide it
    behind whatever an earlier test reached)."""
    tracemalloc.start()
    try:
        asyncio.run(run())
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_a_moderation_bomb_is_a_failed_classifier_call(bomb: ServerProcess) -> None:
    async def run() -> None:
        classifier = HttpClassifier(GuardrailDef(type="classifier", url=bomb.url + "/v1/moderations", timeout_s=10))
        await classifier.start()
        try:
            with pytest.raises(ClassifierFailed, match="AnswerTooLarge"):
                await classifier.classify(["hello"], "req-1")
        finally:
            await classifier.close()

    assert _peak_bytes(run) < BOMB_BYTES / 2  # the 40 MB body was never held


def test_an_embeddings_bomb_is_a_failed_embed_call(bomb: ServerProcess) -> None:
    async def run() -> None:
        provider = ProviderConfig(type="openai", base_url=bomb.url + "/v1")
        embedder = UpstreamEmbedder(provider, "text-embedding-3-small", timeout_s=10)
        await embedder.start()
        try:
            with pytest.raises(EmbedFailed, match="AnswerTooLarge"):
                await embedder.embed(["hello"])
        finally:
            await embedder.close()

    assert _peak_bytes(run) < BOMB_BYTES / 2
