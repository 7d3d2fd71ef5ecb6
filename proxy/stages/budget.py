"""Budget stage: cost of every request, spend per key and end user, and what happens when it runs out.

Enforces: a key (or end user) whose recorded spend for the day or month has reached its budget is
refused (429 `insufficient_quota`, saying when the period resets) or moved to its cheaper
`downgrade_to` alias, by policy. Hooks: on_request checks spend (before the targets stage, so a
downgrade is served by the cheaper alias's deployments), reading every counter it needs in one store
call; once the global daily budget is spent, the proxy is in emergency mode: every request goes to
the emergency alias (`x-llm-proxy-emergency: on`; a repeat of an answer the cache holds for the
alias asked for is still served from it) and inputs over its size are refused, or, without an
emergency alias, every request is refused; on_response prices the request from real usage (the
deployment's prices, else the shipped table) into `ex.cost_usd` and adds it to the spend counters in
one store call; the same call adds the request to the usage counters (`proxy.metering.usage`:
requests, tokens and cost per day by key, user, model and key x model; kept whether or not a budget
is set, so `/admin/usage` can report). Config: `budgets`. On store failure: the store's
fail-open/closed policy applies (fail-closed: spend cannot be checked, so the request fails closed;
spend that cannot be recorded is dropped).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import ClassVar

from proxy.config.limits import Budget, BudgetsConfig
from proxy.core.errors import InvalidRequest, QuotaExceeded
from proxy.core.exchange import Exchange, Reply
from proxy.core.stage import Stage
from proxy.core.surface import uncountable
from proxy.metering.usage import UsageCounters
from proxy.state.base import Store

_GLOBAL = "llmp:{g}:spend"
_DAY_TTL_S = 2 * 86400.0
_MONTH_TTL_S = 32 * 86400.0


class BudgetStage(Stage):
    name: ClassVar[str] = "budget"
    endpoints: ClassVar[frozenset[str]] = frozenset({"chat", "responses", "embeddings", "messages"})

    def __init__(
        self,
        config: BudgetsConfig,
        store: Store,
        *,
        usage_counters: bool = True,
        on_emergency: Callable[[bool], None] | None = None,
    ) -> None:
        """`on_emergency(on)`: told each time the global daily budget becomes spent or renewed."""
        self.config = config
        self.usage = UsageCounters() if usage_counters else None
        self.store = store
        self._enabled = bool(config.keys) or config.users is not None or config.global_ is not None
        self.emergency = False  # last seen state of the global budget, for /readyz and metrics
        self.on_emergency = on_emergency

    async def on_request(self, ex: Exchange) -> Reply | None:
        if not self._enabled:
            return None
        budgets = self._budgets(ex)
        if (budgets or self.config.global_ is not None) and ex.surface.deferred(ex.body or {}):
            raise uncountable("background", "a budget")
        day, month = _periods()
        limits = [(f"{prefix}:d:{day}", budget.daily_usd) for _, prefix, budget in budgets]
        limits += [(f"{prefix}:m:{month}", budget.monthly_usd) for _, prefix, budget in budgets]
        if self.config.global_ is not None:
            limits.append((f"{_GLOBAL}:d:{day}", self.config.global_.daily_usd))
        read = [key for key, limit in limits if limit is not None]
        spent = dict(zip(read, await self.store.get_spends(read), strict=True)) if read else {}
        if self.config.global_ is not None:
            self._check_global(ex, spent[f"{_GLOBAL}:d:{day}"])
        for who, prefix, budget in budgets:
            exceeded = _exceeded(spent, prefix, budget, day, month)
            if exceeded is None:
                continue
            if budget.on_exceed == "downgrade" and budget.downgrade_to and budget.downgrade_to != ex.alias:
                ex.response_headers.append((b"x-llm-proxy-budget", f"downgraded from {ex.alias}".encode()))
                ex.alias = budget.downgrade_to
                continue
            raise QuotaExceeded(
                f"The {exceeded} budget of {who} is spent. It renews at the start of the next "
                f"{'day' if exceeded == 'daily' else 'month'} (UTC); ask the proxy's operator to raise it."
            )
        return None

    async def on_response(self, ex: Exchange) -> None:
        if ex.usage is None or ex.deployment is None:
            return
        usage, dep = ex.usage, ex.deployment
        ex.cost_usd = ex.usage_cost() or 0.0
        spend = self._enabled and ex.cost_usd > 0
        if not spend and self.usage is None:
            return
        day, month = _periods()
        spends: list[tuple[str, float, float]] = []
        members: list[tuple[str, str, float]] = []
        if spend and self.config.global_ is not None:
            spends.append((f"{_GLOBAL}:d:{day}", ex.cost_usd, _DAY_TTL_S))
        for _, prefix, _budget in self._budgets(ex) if spend else ():
            spends.append((f"{prefix}:d:{day}", ex.cost_usd, _DAY_TTL_S))
            spends.append((f"{prefix}:m:{month}", ex.cost_usd, _MONTH_TTL_S))
        if self.usage is not None:
            tokens = (usage.prompt_tokens, usage.completion_tokens)
            alias = ex.served_alias or ex.alias or dep.label
            tenant = ex.tenant or "anonymous"
            self.usage.record(
                day, tenant, ex.end_user, alias, tokens=tokens, cost_usd=ex.cost_usd, spends=spends, members=members
            )
        if spends or members:
            await self.store.apply(spends=spends, members=members)

    def _check_global(self, ex: Exchange, spent: float) -> None:
        gb = self.config.global_
        assert gb is not None
        spent_out = spent >= gb.daily_usd
        if spent_out != self.emergency:
            self.emergency = spent_out
            if self.on_emergency is not None:
                self.on_emergency(spent_out)
        if not spent_out:
            return
        if gb.emergency is None:
            raise QuotaExceeded("The proxy's daily budget is spent. It renews at 00:00 UTC; ask its operator.")
        limit = gb.emergency.max_input_tokens
        if limit is not None and ex.surface.input_tokens(ex.body or {}, None) > limit:
            raise InvalidRequest(
                f"The proxy is in emergency mode (daily budget spent) and accepts inputs of at most {limit} "
                "tokens. Shorten the request or retry after 00:00 UTC.",
                param=ex.surface.input_field,
                code="input_too_large",
            )
        ex.response_headers.append((b"x-llm-proxy-emergency", b"on"))
        ex.emergency_from, ex.alias = ex.alias, gb.emergency.downgrade_to

    def _budgets(self, ex: Exchange) -> list[tuple[str, str, Budget]]:
        found = []
        tenant = ex.tenant or "anonymous"
        key_budget = self.config.keys.get(tenant) or self.config.keys.get("*")
        if key_budget is not None:
            found.append((f"key '{tenant}'", f"llmp:{{k:{tenant}}}:spend", key_budget))
        if self.config.users is not None and ex.end_user is not None:
            found.append((f"user '{ex.end_user}'", f"llmp:{{u:{ex.end_user}}}:spend", self.config.users))
        return found


def _exceeded(spent: dict[str, float], prefix: str, budget: Budget, day: str, month: str) -> str | None:
    """Which period's budget (daily first) the recorded spend has reached, if any."""
    if budget.daily_usd is not None and spent[f"{prefix}:d:{day}"] >= budget.daily_usd:
        return "daily"
    if budget.monthly_usd is not None and spent[f"{prefix}:m:{month}"] >= budget.monthly_usd:
        return "monthly"
    return None


_period_cache: list[tuple[int, tuple[str, str]]] = [(-1, ("", ""))]


def _periods() -> tuple[str, str]:
    """(UTC day, UTC month) as YYYYMMDD and YYYYMM, formatted at most once a second."""
    second = int(time.time())
    cached_at, periods = _period_cache[0]
    if cached_at != second:
        now = time.gmtime(second)
        periods = (time.strftime("%Y%m%d", now), time.strftime("%Y%m", now))
        _period_cache[0] = (second, periods)
    return periods


async def daily_budget_left(config: BudgetsConfig, store: Store, tenant: str) -> tuple[float | None, float | None]:
    """USD left today of the key's daily budget and of the global one (None where there is none),
    read in one store call from the counters this stage keeps."""
    day = _periods()[0]
    key_budget = config.keys.get(tenant) or config.keys.get("*")
    wanted: list[tuple[str, float]] = []
    if key_budget is not None and key_budget.daily_usd is not None:
        wanted.append((f"llmp:{{k:{tenant}}}:spend:d:{day}", key_budget.daily_usd))
    if config.global_ is not None:
        wanted.append((f"{_GLOBAL}:d:{day}", config.global_.daily_usd))
    spent = await store.get_spends([key for key, _ in wanted]) if wanted else []
    left = {key: limit - used for (key, limit), used in zip(wanted, spent, strict=True)}
    key_left = left.get(f"llmp:{{k:{tenant}}}:spend:d:{day}")
    return key_left, left.get(f"{_GLOBAL}:d:{day}")
