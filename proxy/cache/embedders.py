"""The semantic layer's embedder and threshold, chosen by the policy."""

from __future__ import annotations

from typing import Any

from proxy.config.policy import Policy

# bench/cache_eval.py saw zero false hits on its hard negatives (agreement check on) from 0.85
# (ngram) and 0.94 (local); the defaults keep a margin above those. The upstream embedder cannot be
# evaluated offline: its default is deliberately strict. An operator's `threshold` overrides them.
DEFAULT_THRESHOLDS = {"ngram": 0.87, "local": 0.95, "upstream": 0.95}


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
