"""Policy for the response cache: the exact layer, the opt-in semantic layer, stores, controls.

Cross-checks guarantee positive sizes and TTLs, known keys and aliases in the scoping lists, a
threshold in (0, 1], and an upstream embedder that names a declared OpenAI-style provider.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from proxy.config.models import ModelConfig


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
    `namespace_header` lets a caller split its own partition further, into at most
    `max_namespaces_per_tenant` namespaces in use at once. Identical requests in flight wait for
    the first one when `coalesce` is on.

    Open mode (no `keys`): `open_mode: per_credential` puts each caller's credential (a keyed
    digest of its Authorization / api-key) in its own partition; `shared` puts every caller of an
    alias served only with providers' own api keys in one partition (an alias that forwards the
    caller's key stays per credential). A request without a credential is cached only with
    `anonymous: true`, in one partition for all such requests."""

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
    max_namespaces_per_tenant: int = 64
    open_mode: Literal["per_credential", "shared"] = "per_credential"
    anonymous: bool = False
    semantic: SemanticConfig = field(default_factory=SemanticConfig)


def check_cache(
    config: CacheConfig, key_names: set[str], aliases: set[str], openai_providers: set[str], providers: set[str]
) -> list[str]:
    """Pass-2 checks for the `cache` section."""
    problems: list[str] = []
    for name in ("ttl_s", "max_entries", "max_bytes", "max_vectors_per_partition", "max_namespaces_per_tenant"):
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


def operator_keyed_aliases(models: Mapping[str, ModelConfig], keyed_providers: set[str]) -> frozenset[str]:
    """Aliases served only with providers' own api keys: every deployment of the alias and of every
    alias it may fall back to (transitively) uses a provider in `keyed_providers`. In open mode an
    alias outside this set may forward the caller's own key upstream."""

    def keyed(alias: str, seen: frozenset[str]) -> bool:
        model = models.get(alias)
        if model is None or alias in seen:
            return model is not None
        targets = (*model.fallbacks, *model.context_window_fallbacks, *model.content_policy_fallbacks)
        return all(d.provider in keyed_providers for d in model.deployments) and all(
            keyed(t, seen | {alias}) for t in targets
        )

    return frozenset(alias for alias in models if keyed(alias, frozenset()))


def cache_warnings(config: CacheConfig, *, open_mode: bool, keyed_aliases: frozenset[str]) -> list[str]:
    """Where callers of an open-mode proxy can read answers cached for someone else's prompts."""
    if not config.enabled or not open_mode:
        return []
    warnings: list[str] = []
    names = ", ".join(sorted(keyed_aliases))
    if keyed_aliases and config.open_mode == "shared":
        warnings.append(
            f"cache.open_mode: shared: every caller of {names} (served with the providers' own api keys) "
            "shares one cache partition, so anyone who can reach the proxy reads answers cached for "
            "others' prompts; use keys to give callers their own partitions"
        )
    elif keyed_aliases:
        warnings.append(
            f"cache: in open mode, answers of {names} (served with the providers' own api keys) are "
            "partitioned by the caller's Authorization, which nothing checks: callers sending the same "
            "value (e.g. a placeholder key) share cached answers; use keys for verified tenants"
        )
    if config.anonymous:
        warnings.append(
            "cache.anonymous: requests without a credential share one cache partition, so each such "
            "caller reads answers cached for the others' prompts"
        )
    return warnings
