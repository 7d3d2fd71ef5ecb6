"""Usage: the token counts an upstream reported for one answer (OpenAI's shape and names)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(slots=True)
class Usage:
    """Token counts as the upstream reported them (OpenAI shape)."""

    prompt_tokens: int = 0
    completion_tokens: int = 0
    total_tokens: int = 0
    cached_tokens: int = 0

    @classmethod
    def from_openai(cls, usage: dict[str, Any]) -> Usage:
        return cls._read(usage, "prompt_tokens", "completion_tokens", "prompt_tokens_details")

    @classmethod
    def from_responses(cls, usage: dict[str, Any]) -> Usage:
        """A Responses API `usage`. Its `output_tokens` already include the reasoning tokens (and
        `input_tokens` the cached ones), so the details are never added on top."""
        return cls._read(usage, "input_tokens", "output_tokens", "input_tokens_details")

    @classmethod
    def _read(cls, usage: dict[str, Any], prompt: str, completion: str, prompt_details: str) -> Usage:
        details = usage.get(prompt_details) or {}
        return cls(
            prompt_tokens=_int(usage.get(prompt)),
            completion_tokens=_int(usage.get(completion)),
            total_tokens=_int(usage.get("total_tokens")),
            cached_tokens=_int(details.get("cached_tokens")) if isinstance(details, dict) else 0,
        )


def _int(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0
