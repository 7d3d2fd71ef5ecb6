"""Policy for rate limits, concurrency, request size and budgets (the shared-state backend: `proxy.config.state`).

Cross-checks guarantee positive limits, rules that name declared keys and aliases, and downgrade
targets that are declared aliases.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Scope = Literal["key", "user", "model", "key_model", "global"]
OnExceed = Literal["reject", "downgrade"]

# Limit field -> (what it counts, period in seconds).
LIMIT_FIELDS: dict[str, tuple[str, float]] = {
    "requests_per_minute": ("requests", 60.0),
    "requests_per_hour": ("requests", 3600.0),
    "requests_per_day": ("requests", 86400.0),
    "input_tokens_per_minute": ("input_tokens", 60.0),
    "input_tokens_per_day": ("input_tokens", 86400.0),
    "output_tokens_per_minute": ("output_tokens", 60.0),
    "output_tokens_per_day": ("output_tokens", 86400.0),
    "tokens_per_minute": ("tokens", 60.0),
    "tokens_per_day": ("tokens", 86400.0),
}


@dataclass(frozen=True, slots=True, kw_only=True)
class RateRule:
    """One rule: which requests it counts (scope + filters) and its limits; every match must pass.

    `scope` decides whose counter a request lands in: each key, each end user, each model alias,
    each key x model pair, or one counter for everything. `keys`/`models` narrow which requests
    the rule applies to (empty: all). Request limits admit a burst of `burst` x the limit at once;
    token limits admit up to one period's tokens at once, then refill continuously.
    """

    name: str
    scope: Scope = "key"
    keys: tuple[str, ...] = ()
    models: tuple[str, ...] = ()
    requests_per_minute: float | None = None
    requests_per_hour: float | None = None
    requests_per_day: float | None = None
    input_tokens_per_minute: float | None = None
    input_tokens_per_day: float | None = None
    output_tokens_per_minute: float | None = None
    output_tokens_per_day: float | None = None
    tokens_per_minute: float | None = None
    tokens_per_day: float | None = None
    max_concurrent: int | None = None
    burst: float = 0.1


@dataclass(frozen=True, slots=True, kw_only=True)
class SizeLimit:
    """Per alias or key: the largest input to accept and how to treat a too-large max output."""

    max_input_tokens: int | None = None
    max_output_tokens: int | None = None
    on_output_over: Literal["clamp", "reject"] = "clamp"


@dataclass(frozen=True, slots=True, kw_only=True)
class LimitsConfig:
    rules: tuple[RateRule, ...] = ()
    user_header: str | None = None  # end-user id from this header; else the body's safety_identifier/user
    default_output_tokens: int = 1024  # reserved when the request sets no max tokens
    tokenizer: Literal["tiktoken", "estimate"] = "tiktoken"  # tiktoken where the model's encoding loads
    sizes_by_model: dict[str, SizeLimit] = field(default_factory=dict)
    sizes_by_key: dict[str, SizeLimit] = field(default_factory=dict)


@dataclass(frozen=True, slots=True, kw_only=True)
class Budget:
    daily_usd: float | None = None
    monthly_usd: float | None = None
    on_exceed: OnExceed = "reject"
    downgrade_to: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Emergency:
    """What the proxy does once the global daily budget is spent: everything goes to one cheap
    alias, and inputs over `max_input_tokens` are refused."""

    downgrade_to: str
    max_input_tokens: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class GlobalBudget:
    daily_usd: float
    emergency: Emergency | None = None  # None: refuse everything (insufficient_quota) once spent


@dataclass(frozen=True, slots=True, kw_only=True)
class BudgetsConfig:
    keys: dict[str, Budget] = field(default_factory=dict)  # by key name; "*" for every key
    users: Budget | None = None  # every end user
    global_: GlobalBudget | None = field(default=None, metadata={"yaml": "global"})


def check_limits(limits: LimitsConfig, budgets: BudgetsConfig, keys: set[str], models: set[str]) -> list[str]:
    problems: list[str] = []
    names: set[str] = set()
    for i, rule in enumerate(limits.rules):
        path = f"limits.rules[{i}]"
        if rule.name in names:
            problems.append(f"{path}.name: duplicate rule name '{rule.name}'")
        names.add(rule.name)
        values = [getattr(rule, f) for f in LIMIT_FIELDS if getattr(rule, f) is not None]
        if not values and rule.max_concurrent is None:
            problems.append(f"{path}: sets no limit (e.g. requests_per_minute, tokens_per_minute, max_concurrent)")
        if any(v <= 0 for v in values) or (rule.max_concurrent is not None and rule.max_concurrent < 1):
            problems.append(f"{path}: limits must be positive")
        if not 0 < rule.burst <= 1:
            problems.append(f"{path}.burst: must be in (0, 1] (a fraction of the limit)")
        problems += [f"{path}.keys: unknown key '{k}'" for k in rule.keys if k not in keys]
        problems += [f"{path}.models: unknown model alias '{m}'" for m in rule.models if m not in models]
    problems += [f"limits.sizes_by_model.{m}: unknown model alias" for m in limits.sizes_by_model if m not in models]
    problems += [f"limits.sizes_by_key.{k}: unknown key" for k in limits.sizes_by_key if k not in keys]
    for name, budget in budgets.keys.items():
        if name != "*" and name not in keys:
            problems.append(f"budgets.keys.{name}: unknown key")
        problems += _check_budget(f"budgets.keys.{name}", budget, models)
    if budgets.users is not None:
        problems += _check_budget("budgets.users", budgets.users, models)
    gb = budgets.global_
    if gb is not None:
        if gb.daily_usd <= 0:
            problems.append("budgets.global.daily_usd: must be positive")
        if gb.emergency is not None and gb.emergency.downgrade_to not in models:
            problems.append("budgets.global.emergency.downgrade_to: unknown model alias")
    return problems


def _check_budget(path: str, budget: Budget, models: set[str]) -> list[str]:
    problems = []
    if budget.daily_usd is None and budget.monthly_usd is None:
        problems.append(f"{path}: set daily_usd and/or monthly_usd")
    if budget.on_exceed == "downgrade" and budget.downgrade_to not in models:
        problems.append(f"{path}.downgrade_to: on_exceed downgrade needs a declared model alias")
    return problems
