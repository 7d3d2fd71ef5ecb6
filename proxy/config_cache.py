"""Policy for the response cache: the exact layer, the opt-in semantic layer, stores, controls.

Cross-checks guarantee positive sizes and TTLs, known keys and aliases in the scoping lists, a
threshold in (0, 1], and an upstream embedder that names a declared OpenAI-style provider.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal


@dataclass(frozen=True, slots=True, kw_only=True)
class SemanticConfig:
    """The semantic layer, for `keys` x `models` (empty: all), only where it is safe by policy.

    A request is eligible when its temperature is 0 or unset (unless `any_temperature`), n is 1,
    it has no tools and no tool messages, and at most `max_turns` messages besides the system
    prompt. `embedder`: ngram (built in, near-duplicates), local (the `local-embed` extra) or
    upstream (`provider`'s embeddings endpoint with `model`, bounded by `timeout_s`; a failure
    bypasses the semantic layer). `threshold` defaults to the embedder's evaluated value.
    """

    enabled: bool = False
    keys: tuple[str, ...] = ()
    models: tuple[str, ...] = ()
    embedder: Literal["ngram", "local", "upstream"] = "ngram"
    threshold: float | None = None
    provider: str | None = None
    model: str = "text-embedding-3-small"
    timeout_s: float = 1.0
    max_turns: int = 4
    any_temperature: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class CacheConfig:
    """The exact layer for `keys` x `models` (empty: all). Entries live `ttl_s` (a request may ask
    for less, never more, with `ttl_header`); the in-process store keeps at most `max_entries`
    answers and `max_bytes`; with `state.redis_url` set, entries are shared through Redis.
    `namespace_header` lets a caller split its own partition further. Identical requests in
    flight wait for the first one when `coalesce` is on."""

    enabled: bool = False
    keys: tuple[str, ...] = ()
    models: tuple[str, ...] = ()
    ttl_s: float = 3600.0
    max_entries: int = 10_000
    max_bytes: int = 256 * 1024 * 1024
    max_vectors_per_partition: int = 20_000
    ttl_header: str = "x-llm-proxy-cache-ttl"
    namespace_header: str | None = None
    coalesce: bool = True
    semantic: SemanticConfig = field(default_factory=SemanticConfig)


def check_cache(
    config: CacheConfig, key_names: set[str], aliases: set[str], openai_providers: set[str], providers: set[str]
) -> list[str]:
    """Pass-2 checks for the `cache` section."""
    problems: list[str] = []
    for name in ("ttl_s", "max_entries", "max_bytes", "max_vectors_per_partition"):
        if getattr(config, name) <= 0:
            problems.append(f"cache.{name}: must be positive")
    sem = config.semantic
    for path, scope in (("cache", config), ("cache.semantic", sem)):
        problems += [f"{path}.keys: unknown key '{k}'" for k in scope.keys if k not in key_names]
        problems += [f"{path}.models: unknown model alias '{m}'" for m in scope.models if m not in aliases]
    if sem.threshold is not None and not 0 < sem.threshold <= 1:
        problems.append("cache.semantic.threshold: must be in (0, 1]")
    if sem.timeout_s <= 0:
        problems.append("cache.semantic.timeout_s: must be positive")
    if sem.max_turns < 1:
        problems.append("cache.semantic.max_turns: must be at least 1")
    if sem.embedder == "upstream":
        if sem.provider is None:
            problems.append("cache.semantic.provider: the upstream embedder needs a provider")
        elif sem.provider not in providers:
            problems.append(f"cache.semantic.provider: unknown provider '{sem.provider}'")
        elif sem.provider not in openai_providers:
            problems.append(f"cache.semantic.provider: '{sem.provider}' has no OpenAI-style embeddings endpoint")
    return problems
