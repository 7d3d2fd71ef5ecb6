"""Policy for model aliases: deployments, routing strategy, retries, circuit breakers, fallbacks.

Cross-checks here guarantee that every deployment names a declared provider, deployment names are
unique per alias, every fallback names a declared alias and no fallback chain loops back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from proxy.config.pricing import WEB_SEARCH_USD, Price, cost_usd, default_cache_write_price, default_price

Strategy = Literal["weighted", "least_inflight", "lowest_latency", "lowest_cost", "sticky"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Timeouts:
    """Connect, wait for the first byte, gap between stream chunks, whole call."""

    connect_s: float = 5.0
    first_byte_s: float = 60.0
    idle_s: float = 60.0
    total_s: float = 600.0


@dataclass(frozen=True, slots=True, kw_only=True)
class Deployment:
    """One upstream model behind an alias. `name` (default `provider/model`) is shown to callers."""

    provider: str
    model: str
    name: str = ""
    weight: float = 1.0
    priority: int = 0
    timeouts: Timeouts | None = None
    input_cost_per_mtok: float | None = None
    cached_input_cost_per_mtok: float | None = None
    cache_write_cost_per_mtok: float | None = None
    output_cost_per_mtok: float | None = None
    context_window: int | None = None

    @property
    def label(self) -> str:
        return self.name or f"{self.provider}/{self.model}"

    @property
    def price(self) -> Price:
        """Declared prices, else the shipped list price of the upstream model, else zero."""
        shipped = default_price(self.model) or (0.0, 0.0, 0.0)
        given_in = self.input_cost_per_mtok
        inp = given_in if given_in is not None else shipped[0]
        cached = self.cached_input_cost_per_mtok
        if cached is None:
            cached = shipped[1] if given_in is None else inp
        out = self.output_cost_per_mtok if self.output_cost_per_mtok is not None else shipped[2]
        return (inp, cached, out)

    @property
    def cache_write_price(self) -> float:
        """USD per million tokens written to the prompt cache (declared, else the model's default)."""
        declared = self.cache_write_cost_per_mtok
        return declared if declared is not None else default_cache_write_price(self.model, self.price[0])

    def cost_usd(
        self,
        prompt_tokens: int,
        completion_tokens: int,
        cached_tokens: int = 0,
        *,
        cache_write_tokens: int = 0,
        web_searches: int = 0,
    ) -> float:
        tokens = cost_usd(
            self.price,
            prompt_tokens,
            completion_tokens,
            cached_tokens,
            cache_write_tokens=cache_write_tokens,
            cache_write_price=self.cache_write_price if cache_write_tokens else None,
        )
        return tokens + web_searches * WEB_SEARCH_USD


@dataclass(frozen=True, slots=True, kw_only=True)
class RetryPolicy:
    """Attempts per alias (the first try included), backoff with full jitter, overall deadline."""

    max_attempts: int = 3
    backoff_base_s: float = 0.2
    backoff_cap_s: float = 4.0
    retry_after_cap_s: float = 20.0
    deadline_s: float = 120.0


@dataclass(frozen=True, slots=True, kw_only=True)
class BreakerPolicy:
    """Open after `failure_ratio` of at least `min_requests` in `window_s`, or `consecutive_failures`."""

    enabled: bool = True
    window_s: float = 30.0
    min_requests: int = 10
    failure_ratio: float = 0.5
    consecutive_failures: int = 5
    cooldown_s: float = 15.0
    half_open_probes: int = 1


@dataclass(frozen=True, slots=True, kw_only=True)
class Capabilities:
    """What an alias can serve, as data (unset: not known, assumed yes). A router never sends a
    request needing tools, images or a JSON response format to an alias declaring `false`, nor one
    whose estimated input or asked output exceeds `context_window` / `max_output_tokens`."""

    tools: bool | None = None
    vision: bool | None = None
    json_schema: bool | None = None
    context_window: int | None = None
    max_output_tokens: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ModelConfig:
    deployments: tuple[Deployment, ...]
    capabilities: Capabilities = field(default_factory=Capabilities)
    owned_by: str = "llm-policy-proxy"
    strategy: Strategy = "weighted"
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    breaker: BreakerPolicy = field(default_factory=BreakerPolicy)
    fallbacks: tuple[str, ...] = ()
    context_window_fallbacks: tuple[str, ...] = ()
    content_policy_fallbacks: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class RoutingConfig:
    """Limits across a whole request, fallbacks included."""

    max_total_attempts: int = 8


def check_models(models: dict[str, ModelConfig], provider_names: set[str]) -> list[str]:
    problems: list[str] = []
    for alias, model in models.items():
        path = f"models.{alias}"
        if not model.deployments:
            problems.append(f"{path}.deployments: at least one deployment is required")
        problems += _check_deployments(path, model.deployments, provider_names)
        problems += _check_retry(f"{path}.retry", model.retry)
        problems += _check_breaker(f"{path}.breaker", model.breaker)
        for kind in ("fallbacks", "context_window_fallbacks", "content_policy_fallbacks"):
            for i, target in enumerate(getattr(model, kind)):
                if target not in models:
                    problems.append(f"{path}.{kind}[{i}]: unknown model alias '{target}'")
                elif target == alias:
                    problems.append(f"{path}.{kind}[{i}]: an alias cannot fall back to itself")
    problems += _check_cycles(models)
    return problems


def _check_deployments(path: str, deployments: tuple[Deployment, ...], provider_names: set[str]) -> list[str]:
    problems = []
    seen: set[str] = set()
    for i, dep in enumerate(deployments):
        where = f"{path}.deployments[{i}]"
        if dep.provider not in provider_names:
            declared = ", ".join(sorted(provider_names)) or "none"
            problems.append(f"{where}.provider: unknown provider '{dep.provider}' (declared: {declared})")
        if dep.label in seen:
            problems.append(f"{where}.name: duplicate deployment name '{dep.label}' (set distinct names)")
        seen.add(dep.label)
        if dep.weight <= 0:
            problems.append(f"{where}.weight: must be positive")
        if dep.context_window is not None and dep.context_window < 1:
            problems.append(f"{where}.context_window: must be positive")
    return problems


def _check_retry(path: str, retry: RetryPolicy) -> list[str]:
    problems = []
    if retry.max_attempts < 1:
        problems.append(f"{path}.max_attempts: must be at least 1")
    if retry.backoff_base_s < 0 or retry.backoff_cap_s < retry.backoff_base_s:
        problems.append(f"{path}: need 0 <= backoff_base_s <= backoff_cap_s")
    if retry.deadline_s <= 0:
        problems.append(f"{path}.deadline_s: must be positive")
    return problems


def _check_breaker(path: str, breaker: BreakerPolicy) -> list[str]:
    problems = []
    if not 0 < breaker.failure_ratio <= 1:
        problems.append(f"{path}.failure_ratio: must be in (0, 1]")
    if breaker.window_s <= 0 or breaker.cooldown_s <= 0:
        problems.append(f"{path}: window_s and cooldown_s must be positive")
    if breaker.min_requests < 1 or breaker.consecutive_failures < 1 or breaker.half_open_probes < 1:
        problems.append(f"{path}: min_requests, consecutive_failures and half_open_probes must be at least 1")
    return problems


def _check_cycles(models: dict[str, ModelConfig]) -> list[str]:
    """A fallback chain that returns to an alias on its own path would loop: reject it by name."""
    problems = []
    for start in models:
        stack: list[tuple[str, tuple[str, ...]]] = [(start, (start,))]
        while stack:
            alias, path = stack.pop()
            model = models.get(alias)
            if model is None:
                continue
            for target in (*model.fallbacks, *model.context_window_fallbacks, *model.content_policy_fallbacks):
                if target == start and len(path) > 1:
                    problems.append(f"models.{start}.fallbacks: cycle {' -> '.join((*path, target))}")
                    stack.clear()
                    break
                if target not in path:
                    stack.append((target, (*path, target)))
    return problems
