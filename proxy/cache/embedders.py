"""The semantic layer's embedder and threshold, chosen by the policy."""

from __future__ import annotations

from typing import Any

from proxy.config.policy import Policy

# Chosen on the dev split by bench/cache_eval.py (see bench/CACHE_EVAL.md): with the content-word
# agreement check no grid value served a wrong answer, so each is the highest threshold whose
# paraphrase hit rate is within 2 points of the best. `upstream` was measured with all-MiniLM-L6-v2;
# another model's similarities are scaled differently. An operator's `threshold` overrides them.
DEFAULT_THRESHOLDS = {"ngram": 0.6, "local": 0.65, "upstream": 0.85}


def build_embedder(policy: Policy) -> tuple[Any | None, float]:
    """The embedder (None when the semantic layer is off) and the similarity a hit needs."""
    sem = policy.cache.semantic
    if not (policy.cache.enabled and sem.enabled):
        return None, 1.0
    threshold = sem.threshold if sem.threshold is not None else DEFAULT_THRESHOLDS[sem.embedder]
    if sem.embedder == "upstream":
        from proxy.cache.upstream_embed import UpstreamEmbedder

        assert sem.provider is not None
        return UpstreamEmbedder(policy.providers[sem.provider], sem.model, sem.timeout_s), threshold
    from proxy.cache.embed import LocalEmbedder, NgramEmbedder

    return (LocalEmbedder() if sem.embedder == "local" else NgramEmbedder()), threshold
