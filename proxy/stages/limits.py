"""Limits stage: request size limits, rate limits (requests, tokens), concurrency caps.

Enforces: inputs over `max_input_tokens` are refused (400) and `max_tokens` over
`max_output_tokens` is clamped or refused; all matching rules' GCRA buckets take their cost and
their concurrency slots are held together or not at all, in one store call (429 naming the rule and
the caller's own scope, with `retry-after` and `retry-after-ms`; a full bucket is reported before
a full concurrency cap); concurrency slots are held until the answer ends. Hooks: on_request
reserves (input estimate + max output tokens, both as the request's surface reads them),
on_response releases slots and reconciles the token buckets with the upstream's real usage in one
store call. Pass-through calls (an opaque body: no tokens to count) take from request buckets and
hold concurrency slots only; a rule naming `models`, or counting per model, applies to one only when
its JSON body names a declared alias. Config: `limits`. On store failure: the
store's fail-open/closed policy applies (see proxy/state/resilient.py); a crash here fails the
request closed.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any, ClassVar

from proxy.config.limits import LIMIT_FIELDS, LimitsConfig, RateRule, SizeLimit
from proxy.core.buckets import Bucket
from proxy.core.errors import InvalidRequest, RateLimited
from proxy.core.exchange import Exchange, Reply, Reservation
from proxy.core.stage import Stage
from proxy.core.surface import Surface, uncountable
from proxy.metering.ratelimit_headers import ratelimit_headers
from proxy.metering.tokens import TokenCounter
from proxy.state.base import BucketState, Slot, Store

LEASE_TTL_S = 900.0  # longer than any call may last (providers' total_s), so a crashed replica's slots return


class LimitsStage(Stage):
    name: ClassVar[str] = "limits"
    endpoints: ClassVar[frozenset[str]] = frozenset(
        {"chat", "responses", "embeddings", "messages", "count_tokens", "passthrough", "stored"}
    )

    def __init__(self, config: LimitsConfig, store: Store, counter: TokenCounter, aliases: Iterable[str] = ()) -> None:
        """`aliases`: the policy's model aliases, the only model names a pass-through call counts under."""
        self.config = config
        self.store = store
        self.counter = counter
        self._active = bool(config.rules or config.sizes_by_model or config.sizes_by_key)
        self._aliases = frozenset(aliases)
        self._by_model = any(rule.models or rule.scope in ("model", "key_model") for rule in config.rules)

    @property
    def active(self) -> bool:
        return self._active

    async def on_request(self, ex: Exchange) -> Reply | None:
        if not self._active:
            return None
        if ex.body is None or not ex.surface.generates:  # pass-through, count_tokens: requests and concurrency only
            model, input_tokens, output_tokens = (self._named_model(ex) if ex.body is None else ex.alias), 0, 0
            planned, slots = self._plan(ex, model, None)
        else:
            assert ex.alias is not None
            model = ex.alias
            input_tokens = self._input_tokens(ex)
            self._check_sizes(ex, input_tokens)
            output_tokens = ex.surface.requested_output(ex.body) or self.config.default_output_tokens
            costs = {"requests": 1.0, "input_tokens": input_tokens, "output_tokens": output_tokens}
            costs["tokens"] = input_tokens + output_tokens
            planned, slots = self._plan(ex, model, costs)
            if ex.surface.deferred(ex.body) and any("tokens" in f for _, f, _ in planned):
                raise uncountable("background", "a token limit")
        if not planned and not slots:
            return None
        buckets = [bucket for _, _, bucket in planned]
        answer = await self.store.take(buckets, [slot for _, slot in slots])
        states, slot_states = answer[: len(buckets)], answer[len(buckets) :]
        refused = [(rule, f, st) for (rule, f, _), st in zip(planned, states, strict=True) if not st.allowed]
        if refused:
            raise _rate_limited(ex, model, *max(refused, key=lambda r: r[2].retry_after_s))
        for (rule, _), state in zip(slots, slot_states, strict=True):
            if not state.allowed:
                raise _too_many_concurrent(ex, model, rule)
        ex.reservation = Reservation(buckets, [slot.key for _, slot in slots], input_tokens, output_tokens)
        ex.response_headers += ratelimit_headers(
            [(_limit_of(rule, f), f, st) for (rule, f, _), st in zip(planned, states, strict=True)]
        )
        return None

    async def on_response(self, ex: Exchange) -> None:
        reservation = ex.reservation
        if reservation is not None:
            ex.reservation = None
            await self._settle(ex, reservation, _corrections(ex, reservation))

    async def _settle(self, ex: Exchange, reservation: Reservation, corrections: dict[str, float]) -> None:
        """Release concurrency slots and move each bucket by the difference between reserved and real."""
        releases = [(key, ex.request_id) for key in reservation.leases]
        adjusts = []
        for bucket in reservation.buckets:
            delta = corrections.get(LIMIT_FIELDS[bucket_field(bucket)][0], 0)
            if delta:
                adjusts.append(Bucket(bucket.key, bucket.rate_per_s, bucket.burst, delta))
        if releases or adjusts:
            await self.store.apply(releases=releases, adjusts=adjusts)

    def _input_tokens(self, ex: Exchange) -> int:
        """Counted for the model the first target runs (tiktoken where known), once per request."""
        if ex.input_tokens_estimate is None:
            model = ex.targets[0].model if ex.targets else None
            ex.input_tokens_estimate = ex.surface.input_tokens(ex.body or {}, self.counter.encoding(model))
        return ex.input_tokens_estimate

    def _check_sizes(self, ex: Exchange, input_tokens: int) -> None:
        assert ex.body is not None
        for size in (self.config.sizes_by_model.get(ex.alias or ""), self.config.sizes_by_key.get(ex.tenant or "")):
            if size is not None:
                _apply_size(ex.surface, ex.body, size, input_tokens)

    def _named_model(self, ex: Exchange) -> str | None:
        """The alias a pass-through JSON body names, when some rule counts by model (read only then)."""
        if not self._by_model:
            return None
        model, _ = ex.surface.requested(ex.path, ex.raw_body)
        return model if model in self._aliases else None  # never a caller-chosen name as a counter key

    def _plan(
        self, ex: Exchange, model: str | None, costs: dict[str, float] | None
    ) -> tuple[list[tuple[RateRule, str, Bucket]], list[tuple[RateRule, Slot]]]:
        """The buckets to take from and the concurrency slots to hold, for every matching rule
        (`costs` by unit; None: an opaque body, so the request buckets alone, each costing 1)."""
        planned: list[tuple[RateRule, str, Bucket]] = []
        slots: list[tuple[RateRule, Slot]] = []
        for rule in self.config.rules:
            prefix = _counter_prefix(rule, ex, model)
            if prefix is None:
                continue
            for field, (unit, period) in LIMIT_FIELDS.items():
                limit = getattr(rule, field)
                if limit is not None and (costs is not None or unit == "requests"):
                    cost = costs[unit] if costs is not None else 1.0
                    capacity = max(limit * rule.burst, 1.0) if unit == "requests" else float(limit)
                    planned.append((rule, field, Bucket(f"{prefix}:{field}", limit / period, capacity, cost)))
            if rule.max_concurrent is not None:
                slot = Slot(f"{prefix}:concurrent", rule.max_concurrent, ex.request_id, LEASE_TTL_S)
                slots.append((rule, slot))
        return planned, slots


def bucket_field(bucket: Bucket) -> str:
    return bucket.key.rsplit(":", 1)[1]


def _counter_prefix(rule: RateRule, ex: Exchange, model: str | None) -> str | None:
    """The counter a request for `model` lands in for this rule; None when the rule does not apply
    (a rule that names or counts by models does not apply to a request that names none)."""
    tenant = ex.tenant or "anonymous"
    by_model = bool(rule.models) or rule.scope in ("model", "key_model")
    if (rule.keys and tenant not in rule.keys) or (by_model and model is None):
        return None
    alias = model or ""
    if rule.models and alias not in rule.models:
        return None
    if rule.scope == "key":
        return f"llmp:{{k:{tenant}}}:{rule.name}"
    if rule.scope == "key_model":
        return f"llmp:{{k:{tenant}}}:{rule.name}:{alias}"
    if rule.scope == "model":
        return f"llmp:{{m:{alias}}}:{rule.name}"
    if rule.scope == "user":
        return None if ex.end_user is None else f"llmp:{{u:{ex.end_user}}}:{rule.name}"
    return f"llmp:{{g}}:{rule.name}"


def _apply_size(surface: Surface, body: dict[str, Any], size: SizeLimit, input_tokens: int) -> None:
    if size.max_input_tokens is not None and input_tokens > size.max_input_tokens:
        raise InvalidRequest(
            f"The input is about {input_tokens} tokens; this model accepts at most {size.max_input_tokens} here. "
            "Shorten the conversation.",
            param=surface.input_field,
            code="input_too_large",
        )
    cap = size.max_output_tokens
    asked = surface.requested_output(body)
    if cap is None or asked is None or asked <= cap:
        if cap is not None and asked is None:
            surface.cap_output(body, cap)
        return
    if size.on_output_over == "reject":
        raise InvalidRequest(
            f"{surface.output_field} {asked} is above the {cap} allowed here. Ask for at most {cap}.",
            param=surface.output_field,
            code="max_tokens_too_large",
        )
    surface.cap_output(body, cap)


def _corrections(ex: Exchange, r: Reservation) -> dict[str, float]:
    """Real minus reserved tokens; an answer that never reached an upstream used none."""
    if ex.usage is not None:
        used_in, used_out = ex.usage.prompt_tokens, ex.usage.completion_tokens
    elif ex.deployment is None or (ex.error is not None and not ex.response_started):
        used_in, used_out = 0, 0
    else:
        return {}  # a cut stream without usage: keep the reservation, the safe side
    d_in, d_out = float(used_in - r.input_tokens), float(used_out - r.output_tokens)
    return {"input_tokens": d_in, "output_tokens": d_out, "tokens": d_in + d_out}


def _limit_of(rule: RateRule, field: str) -> float:
    value = rule.max_concurrent if field == "max_concurrent" else getattr(rule, field)
    return float(value or 0)


def _too_many_concurrent(ex: Exchange, model: str | None, rule: RateRule) -> RateLimited:
    return RateLimited(
        f"Rate limit '{rule.name}': at most {rule.max_concurrent} requests at once are allowed for "
        f"{_scope(rule, ex, model)}. Retry when one of them has finished.",
        rule=rule.name,
        type_="requests",
        headers={"retry-after": "1", "retry-after-ms": "1000"},
    )


def _scope(rule: RateRule, ex: Exchange, model: str | None) -> str:
    return {
        "key": f"key '{ex.tenant}'",
        "key_model": f"key '{ex.tenant}' on model '{model}'",
        "model": f"model '{model}'",
        "user": f"user '{ex.end_user}'",
        "global": "all traffic",
    }[rule.scope]


def _rate_limited(ex: Exchange, model: str | None, rule: RateRule, field: str, state: BucketState) -> RateLimited:
    scope = _scope(rule, ex, model)
    wait = max(state.retry_after_s, 0.001)
    what = field.replace("_", " ").replace(" per ", "/")
    return RateLimited(
        f"Rate limit '{rule.name}' reached for {scope}: {_limit_of(rule, field):g} {what}. Retry after {wait:.2f}s.",
        rule=rule.name,
        type_="tokens" if "tokens" in field else "requests",
        headers={"retry-after": str(math.ceil(wait)), "retry-after-ms": str(math.ceil(wait * 1000))},
    )
