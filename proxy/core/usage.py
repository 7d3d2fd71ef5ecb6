"""Usage: the token counts an upstream reported for one answer (OpenAI's shape and names).

`prompt_tokens` is every input token, whatever it cost: `cached_tokens` (read from a prompt cache)
and `cache_write_tokens` (written to one, Anthropic's `cache_creation_input_tokens`) are parts of
it, each billed at its own price, never added on top."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from proxy.core.target import Target


@dataclass(slots=True)
class Usage:
    """Token counts as the upstream reported them (OpenAI shape)."""

    prompt_tokens: int = 0
    completion_tokens: int = 0
    total_tokens: int = 0
    cached_tokens: int = 0
    cache_write_tokens: int = 0
    web_searches: int = 0  # an upstream's own web searches (Anthropic's server tool), billed per search

    @classmethod
    def from_openai(cls, usage: dict[str, Any]) -> Usage:
        return cls._read(usage, "prompt_tokens", "completion_tokens", "prompt_tokens_details")

    @classmethod
    def from_responses(cls, usage: dict[str, Any]) -> Usage:
        """A Responses API `usage`. Its `output_tokens` already include the reasoning tokens (and
        `input_tokens` the cached ones), so the details are never added on top."""
        return cls._read(usage, "input_tokens", "output_tokens", "input_tokens_details")

    @classmethod
    def from_anthropic(cls, usage: dict[str, Any]) -> Usage:
        """An Anthropic Messages `usage`: its cache counts are separate from `input_tokens`, so the
        prompt is the three together (cache reads as cached tokens, cache writes as written)."""
        fresh = _int(usage.get("input_tokens"))
        read = _int(usage.get("cache_read_input_tokens"))
        write = _int(usage.get("cache_creation_input_tokens"))
        output = _int(usage.get("output_tokens"))
        prompt = fresh + read + write
        tools = usage.get("server_tool_use")
        searches = _int(tools.get("web_search_requests")) if isinstance(tools, dict) else 0
        return cls(prompt, output, prompt + output, read, cache_write_tokens=write, web_searches=searches)

    @classmethod
    def _read(cls, usage: dict[str, Any], prompt: str, completion: str, prompt_details: str) -> Usage:
        details = usage.get(prompt_details) or {}
        return cls(
            prompt_tokens=_int(usage.get(prompt)),
            completion_tokens=_int(usage.get(completion)),
            total_tokens=_int(usage.get("total_tokens")),
            cached_tokens=_int(details.get("cached_tokens")) if isinstance(details, dict) else 0,
            cache_write_tokens=_int(details.get("cache_write_tokens")) if isinstance(details, dict) else 0,
        )

    def cost_usd(self, target: Target) -> float:
        """What these tokens cost at `target`'s prices."""
        return target.cost_usd(
            self.prompt_tokens,
            self.completion_tokens,
            self.cached_tokens,
            cache_write_tokens=self.cache_write_tokens,
            web_searches=self.web_searches,
        )


def _int(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0
