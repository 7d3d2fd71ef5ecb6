"""Shipped list prices for common models, used when a deployment declares no prices of its own.

USD per million tokens: (input, cached input, output). Matched by the longest prefix of the
upstream model name, so dated snapshots (`gpt-4o-2024-08-06`) find their family. Prices change:
declare `input_cost_per_mtok` / `cached_input_cost_per_mtok` / `cache_write_cost_per_mtok` /
`output_cost_per_mtok` on a deployment to override; a model found nowhere costs 0 (and the log
line says so). Writing a prompt cache costs what Anthropic charges for its default 5-minute cache
(1.25x the input price) on Claude models and the input price elsewhere (OpenAI caches for free).
"""

from __future__ import annotations

import functools

Price = tuple[float, float, float]

DEFAULT_PRICES: dict[str, Price] = {
    "gpt-4o-mini": (0.15, 0.075, 0.60),
    "gpt-4o": (2.50, 1.25, 10.00),
    "gpt-4.1-nano": (0.10, 0.025, 0.40),
    "gpt-4.1-mini": (0.40, 0.10, 1.60),
    "gpt-4.1": (2.00, 0.50, 8.00),
    "gpt-5-nano": (0.05, 0.005, 0.40),
    "gpt-5-mini": (0.25, 0.025, 2.00),
    "gpt-5": (1.25, 0.125, 10.00),
    "o4-mini": (1.10, 0.275, 4.40),
    "o3": (2.00, 0.50, 8.00),
    "claude-opus-4": (15.00, 1.50, 75.00),
    "claude-sonnet-4": (3.00, 0.30, 15.00),
    "claude-3-7-sonnet": (3.00, 0.30, 15.00),
    "claude-haiku-4": (1.00, 0.10, 5.00),
    "claude-3-5-haiku": (0.80, 0.08, 4.00),
    "text-embedding-3-small": (0.02, 0.02, 0.0),
    "text-embedding-3-large": (0.13, 0.13, 0.0),
}
_BY_LENGTH = sorted(DEFAULT_PRICES, key=len, reverse=True)


@functools.lru_cache(maxsize=1024)  # a pure prefix scan, asked per request; models are few
def default_price(model: str) -> Price | None:
    for prefix in _BY_LENGTH:
        if model.startswith(prefix):
            return DEFAULT_PRICES[prefix]
    return None


CLAUDE_CACHE_WRITE_FACTOR = 1.25  # Anthropic's 5-minute cache write, per input token
WEB_SEARCH_USD = 0.01  # one search by Anthropic's web search server tool ($10 per 1,000)


def default_cache_write_price(model: str, input_price: float) -> float:
    """What writing one million tokens to the prompt cache costs when the deployment says nothing."""
    return input_price * CLAUDE_CACHE_WRITE_FACTOR if model.startswith("claude") else input_price


def cost_usd(
    price: Price,
    prompt_tokens: int,
    completion_tokens: int,
    cached_tokens: int = 0,
    *,
    cache_write_tokens: int = 0,
    cache_write_price: float | None = None,
) -> float:
    """Cached (read) and cache-written tokens are subsets of the prompt tokens, each billed at its
    own price (a write at the input price unless `cache_write_price` says otherwise)."""
    cached = min(max(cached_tokens, 0), prompt_tokens)
    written = min(max(cache_write_tokens, 0), prompt_tokens - cached)
    fresh_input = prompt_tokens - cached - written
    write_price = price[0] if cache_write_price is None else cache_write_price
    return (fresh_input * price[0] + cached * price[1] + written * write_price + completion_tokens * price[2]) / 1e6
