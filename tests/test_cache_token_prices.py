"""Prompt-cache tokens are priced on their own: reads at the cached price, writes at the write price."""

from __future__ import annotations

import pytest

from proxy.config.models import Deployment
from proxy.core.usage import Usage


def test_anthropic_usage_folds_cache_counts_into_the_prompt() -> None:
    usage = Usage.from_anthropic(
        {"input_tokens": 10, "output_tokens": 7, "cache_read_input_tokens": 300, "cache_creation_input_tokens": 50}
    )
    assert (usage.prompt_tokens, usage.completion_tokens, usage.total_tokens) == (360, 7, 367)
    assert (usage.cached_tokens, usage.cache_write_tokens) == (300, 50)


def test_translated_anthropic_usage_keeps_the_cache_writes() -> None:
    usage = Usage.from_openai(
        {
            "prompt_tokens": 360,
            "completion_tokens": 7,
            "total_tokens": 367,
            "prompt_tokens_details": {"cached_tokens": 300, "cache_write_tokens": 50},
        }
    )
    assert (usage.cached_tokens, usage.cache_write_tokens) == (300, 50)


@pytest.mark.parametrize(
    ("model", "declared_write", "expected"),
    [
        # Claude: 10 fresh x $3 + 300 read x $0.30 + 50 written x $3.75 (1.25x) + 7 out x $15, per million
        ("claude-sonnet-4-5", None, (10 * 3 + 300 * 0.30 + 50 * 3.75 + 7 * 15) / 1e6),
        # a declared write price wins
        ("claude-sonnet-4-5", 6.0, (10 * 3 + 300 * 0.30 + 50 * 6.0 + 7 * 15) / 1e6),
        # OpenAI models write their cache for free: written tokens cost the input price
        ("gpt-4o", None, (60 * 2.5 + 300 * 1.25 + 7 * 10) / 1e6),
    ],
)
def test_cost_prices_reads_and_writes_apart(model: str, declared_write: float | None, expected: float) -> None:
    dep = Deployment(provider="p", model=model, cache_write_cost_per_mtok=declared_write)
    usage = Usage.from_anthropic(
        {"input_tokens": 10, "output_tokens": 7, "cache_read_input_tokens": 300, "cache_creation_input_tokens": 50}
    )
    assert usage.cost_usd(dep) == pytest.approx(expected)


def test_counts_past_the_prompt_are_clamped() -> None:
    dep = Deployment(provider="p", model="claude-sonnet-4", input_cost_per_mtok=1, output_cost_per_mtok=0)
    # an upstream that reports more cached and written tokens than the prompt cannot make it cost more
    assert dep.cost_usd(100, 0, 80, cache_write_tokens=80) == pytest.approx((80 * 1 + 20 * 1.25) / 1e6)
