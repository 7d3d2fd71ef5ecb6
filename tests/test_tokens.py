"""Input token counting: tiktoken's chat formula where an encoding is loaded, the estimate otherwise."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import pytest
import tiktoken

from proxy.metering.tokens import TokenCounter, estimate_input_tokens
from proxy.surfaces.chat_body import CHAT_SURFACE

BODY = {
    "messages": [
        {"role": "system", "content": "be brief"},
        {"role": "user", "name": "ann", "content": [{"type": "text", "text": "hello"}, {"type": "image_url"}]},
    ]
}


def input_tokens(counter: TokenCounter, model: str | None, body: dict[str, Any]) -> int:
    """What the chat surface counts for `model` with the encoding `counter` holds for it."""
    return CHAT_SURFACE.input_tokens(body, counter.encoding(model))


def byte_encoding() -> tiktoken.Encoding:
    """A real tiktoken Encoding whose tokens are single bytes: counts are easy to know."""
    return tiktoken.Encoding(
        name="bytes", pat_str=r"\S+|\s+", mergeable_ranks={bytes([i]): i for i in range(256)}, special_tokens={}
    )


def test_known_encoding_uses_the_chat_formula() -> None:
    counter = TokenCounter(["gpt-x"])
    counter.use("gpt-x", byte_encoding())
    # 3 priming + 2 messages x 3 + 1 name + len("be brief") + len("hello")
    assert input_tokens(counter, "gpt-x", BODY) == 3 + 6 + 1 + 8 + 5


def test_unknown_model_falls_back_to_the_estimate() -> None:
    counter = TokenCounter(["claude-sonnet-4-5"])
    assert input_tokens(counter, "claude-sonnet-4-5", BODY) == estimate_input_tokens(BODY)
    assert input_tokens(counter, None, BODY) == estimate_input_tokens(BODY)


def test_failed_load_keeps_estimating(monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    def unreachable(name: str) -> tiktoken.Encoding:
        raise ConnectionError("no network")

    monkeypatch.setattr(tiktoken, "get_encoding", unreachable)
    counter = TokenCounter(["gpt-4o-mini", "claude-x"])
    with caplog.at_level(logging.WARNING, logger="proxy.tokens"):
        asyncio.run(counter.load(timeout_s=1))
    assert "o200k_base unavailable" in caplog.text
    assert input_tokens(counter, "gpt-4o-mini", BODY) == estimate_input_tokens(BODY)


def test_successful_load_maps_models_to_their_encoding(monkeypatch: pytest.MonkeyPatch) -> None:
    loaded: list[str] = []

    def fake_get(name: str) -> tiktoken.Encoding:
        loaded.append(name)
        return byte_encoding()

    monkeypatch.setattr(tiktoken, "get_encoding", fake_get)
    counter = TokenCounter(["gpt-4o-mini", "gpt-4o", "gpt-4", "claude-x"])
    asyncio.run(counter.load())
    assert sorted(loaded) == ["cl100k_base", "o200k_base"]  # one load per encoding, none for Claude
    assert input_tokens(counter, "gpt-4o", BODY) == 23 and (
        input_tokens(counter, "claude-x", BODY) == estimate_input_tokens(BODY)
    )


TOOL_CONVERSATION: dict[str, Any] = {
    "messages": [
        {"role": "user", "content": "write the report"},
        {
            "role": "assistant",
            "content": None,
            "tool_calls": [{"id": "c1", "type": "function", "function": {"name": "save", "arguments": "x" * 6000}}],
        },
        {"role": "tool", "tool_call_id": "c1", "content": [{"type": "text", "text": "y" * 2000}]},
        {"role": "assistant", "content": None, "function_call": {"name": "old_style", "arguments": "z" * 4000}},
    ],
    "functions": [{"name": "old_style", "description": "d" * 800, "parameters": {"type": "object"}}],
}


def test_estimate_counts_earlier_tool_calls_results_and_legacy_functions() -> None:
    # 6,000 + 2,000 + 4,000 characters of arguments and results, 800+ of function definitions
    assert estimate_input_tokens(TOOL_CONVERSATION) >= (6000 + 2000 + 4000 + 800) // 4


def test_encoded_count_includes_tool_calls_and_legacy_functions() -> None:
    counter = TokenCounter(["gpt-x"])
    counter.use("gpt-x", byte_encoding())
    assert input_tokens(counter, "gpt-x", TOOL_CONVERSATION) >= 6000 + 2000 + 4000 + 800


def test_estimate_of_a_plain_chat_is_unchanged() -> None:
    assert estimate_input_tokens(BODY) == (len("be brief") + len("hello")) // 4 + 4 * 2
