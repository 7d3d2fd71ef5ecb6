"""Pure builders for the OpenAI wire format: answer text, token estimates, chunks, errors.

Nothing here does I/O; every function is deterministic in its arguments.
"""

from __future__ import annotations

import re
from typing import Any

import orjson

from llm_proxy_mock.knobs import Knobs

SYSTEM_FINGERPRINT = "fp_mock"
DATED_SUFFIX = "-2024-07-18"
TOOL_NAME = "get_weather"
TEXT_BEFORE_TOOLS = "Let me look that up."
MISSING_MODEL = "does-not-exist"

_WORDISH = re.compile(r"\s*\S+\s*|\s+")

# Default error type and code per status when the knobs do not name them (real OpenAI values).
_DEFAULT_ERROR: dict[int, tuple[str, str | None]] = {
    400: ("invalid_request_error", None),
    401: ("invalid_request_error", "invalid_api_key"),
    404: ("invalid_request_error", "model_not_found"),
    429: ("requests", "rate_limit_exceeded"),
}


def default_content(chunks: int) -> str:
    """The answer when no `content` knob is given: `"chunk0 chunk1 ... chunk<N-1>"`."""
    return " ".join(f"chunk{i}" for i in range(chunks))


def split_text(text: str, parts: int) -> list[str]:
    """Cut `text` into exactly `parts` contiguous pieces whose concatenation is `text`.

    Cuts fall between words when there are at least `parts` words, otherwise between characters;
    pieces are empty only when `text` has fewer than `parts` characters (then the last ones are).
    """
    words = _WORDISH.findall(text)
    units = words if len(words) >= parts else list(text)
    if len(units) < parts:
        return units + [""] * (parts - len(units))
    bounds = [len(units) * i // parts for i in range(parts + 1)]
    return ["".join(units[bounds[i] : bounds[i + 1]]) for i in range(parts)]


def answer_model(request_model: str, knobs: Knobs) -> str:
    """The `model` the answer carries: echoed, or with a snapshot date when `dated_model` is set."""
    return request_model + DATED_SUFFIX if knobs.dated_model else request_model


def count_words(text: str) -> int:
    """A token estimate for `text`: its whitespace-separated word count."""
    return len(text.split())


def _content_words(content: Any) -> int:
    if isinstance(content, str):
        return count_words(content)
    if isinstance(content, list):
        return sum(
            count_words(part["text"]) if isinstance(part, dict) and isinstance(part.get("text"), str) else 1
            for part in content
        )
    return 0


def estimate_prompt_tokens(messages: list[Any]) -> int:
    """Prompt token estimate: 4 per message + the words of its text content (non-text parts count 1)."""
    return sum(4 + (_content_words(m.get("content")) if isinstance(m, dict) else 0) for m in messages)


def usage(prompt_tokens: int, completion_tokens: int, cached: int = 0, cache_write: int = 0) -> dict[str, Any]:
    """A chat `usage` object with the detail blocks OpenAI sends (`cached` is part of `prompt_tokens`;
    `cache_write_tokens` is only present when non-zero)."""
    prompt_details: dict[str, int] = {"cached_tokens": cached}
    if cache_write:
        prompt_details["cache_write_tokens"] = cache_write
    return {
        "prompt_tokens": prompt_tokens,
        "completion_tokens": completion_tokens,
        "total_tokens": prompt_tokens + completion_tokens,
        "prompt_tokens_details": prompt_details,
        "completion_tokens_details": {"reasoning_tokens": 0},
    }


_SAFE = {"filtered": False, "severity": "safe"}
AZURE_FILTER_CHUNK = orjson.dumps(
    {
        "id": "",
        "object": "",
        "created": 0,
        "model": "",
        "choices": [],
        "prompt_filter_results": [
            {
                "prompt_index": 0,
                "content_filter_results": {
                    "hate": _SAFE,
                    "jailbreak": {"filtered": False, "detected": False},
                    "self_harm": _SAFE,
                    "sexual": _SAFE,
                    "violence": _SAFE,
                },
            }
        ],
    }
)


def tool_call_id(index: int, serial: int) -> str:
    """The id of tool call `index` in the answer to request number `serial`."""
    return f"call_{index}_mock{serial:06d}"


def tool_call_arguments(index: int) -> str:
    """The JSON arguments string of tool call `index`."""
    return f'{{"city": "City{index}", "unit": "celsius"}}'


def error_envelope(message: str, type_: str, param: str | None, code: str | None) -> bytes:
    """The OpenAI error envelope `{"error": {message, type, param, code}}`."""
    return orjson.dumps({"error": {"message": message, "type": type_, "param": param, "code": code}})


def knob_error_body(status: int, knobs: Knobs) -> tuple[bytes, str]:
    """Body and content type of the error answer the `status` knob asks for, in `error_format` shape."""
    default_type, default_code = _DEFAULT_ERROR.get(
        status, ("server_error", None) if status >= 500 else ("invalid_request_error", None)
    )
    message = knobs.error_message or f"mock error: HTTP {status}"
    type_ = knobs.error_type or default_type
    code = knobs.error_code if knobs.error_code is not None else default_code
    fmt = knobs.error_format
    if fmt == "text":
        return message.encode(), "text/plain; charset=utf-8"
    if fmt == "flat":
        body: dict[str, Any] = {"object": "error", "message": message, "type": type_, "param": None, "code": status}
    elif fmt == "string":
        body = {"error": message}
    elif fmt == "detail":
        body = {"detail": message}
    else:
        return error_envelope(message, type_, None, code), "application/json"
    return orjson.dumps(body), "application/json"


def stream_error_event(knobs: Knobs, sent: int) -> bytes:
    """The in-band error event payload (`{"error": {...}}`) sent after `sent` content chunks."""
    message = knobs.error_message or f"mock stream error after {sent} chunks"
    return error_envelope(message, "server_error", None, "mock_stream_error")


class ChunkEncoder:
    """Encodes the chunks of one stream; `id`, `created`, `model` (and `object`) are the same on each.

    Only the varying part is serialised per chunk; the constant prefix is encoded once.
    """

    __slots__ = ("_prefix", "_suffix")

    def __init__(
        self, *, object_: str, id_: str, created: int, model: str, usage_null: bool, fingerprint: bool = True
    ) -> None:
        head: dict[str, Any] = {"id": id_, "object": object_, "created": created, "model": model}
        if fingerprint:
            head["system_fingerprint"] = SYSTEM_FINGERPRINT
        self._prefix = orjson.dumps(head)[:-1] + b',"choices":'
        self._suffix = b',"usage":null}' if usage_null else b"}"

    def choice(self, choice: dict[str, Any]) -> bytes:
        """A chunk whose only choice is `choice`."""
        return self._prefix + b"[" + orjson.dumps(choice) + b"]" + self._suffix

    def chat_delta(self, delta: dict[str, Any], finish_reason: str | None = None) -> bytes:
        """A chat chunk with choice 0 carrying `delta`."""
        return self.choice({"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish_reason})

    def usage_chunk(self, usage_obj: dict[str, Any]) -> bytes:
        """The final `choices: []` chunk carrying the filled `usage`."""
        return self._prefix + b"[]," + orjson.dumps({"usage": usage_obj})[1:]
