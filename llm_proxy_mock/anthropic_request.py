"""What the mock checks in an Anthropic Messages request body, and its input-token estimate.

The checks are a subset of what the real API rejects with a 400 (protocol.md §6, §11), chosen so
that a proxy forwarding natively or translating gets caught when it sends something Anthropic
would refuse: malformed `system` blocks, image and document sources, `tool_use`/`tool_result`
blocks, a `tool_result` naming no `tool_use` of the previous assistant turn, more than four
`cache_control` breakpoints, and a `thinking` budget out of range. Unknown block types and extra
fields pass, as new API features add them faster than a mock could follow.
"""

from __future__ import annotations

from typing import Any

from llm_proxy_mock.exchange import ApiError
from llm_proxy_mock.openai_wire import MISSING_MODEL, count_words, estimate_prompt_tokens

ROLES = ("user", "assistant")
IMAGE_TYPES = ("image/jpeg", "image/png", "image/gif", "image/webp")
THINKING_TYPES = ("enabled", "disabled", "adaptive")
MIN_THINKING_BUDGET = 1024
MAX_CACHE_BREAKPOINTS = 4
CACHE_TTLS = ("5m", "1h")
# Required string fields per source type of an image or document block.
IMAGE_SOURCES: dict[str, tuple[str, ...]] = {"base64": ("media_type", "data"), "url": ("url",), "file": ("file_id",)}
DOCUMENT_SOURCES: dict[str, tuple[str, ...]] = {
    "base64": ("media_type", "data"),
    "text": ("media_type", "data"),
    "url": ("url",),
    "file": ("file_id",),
    "content": (),
}
# Required fields per block type: (field, Python type, type name in the message).
BLOCK_FIELDS: dict[str, tuple[tuple[str, type, str], ...]] = {
    "text": (("text", str, "a valid string"),),
    "tool_use": (("id", str, "a valid string"), ("name", str, "a valid string"), ("input", dict, "a valid dictionary")),
    "tool_result": (("tool_use_id", str, "a valid string"),),
    "thinking": (("thinking", str, "a valid string"), ("signature", str, "a valid string")),
    "redacted_thinking": (("data", str, "a valid string"),),
}


def invalid(message: str) -> ApiError:
    """A 400 `invalid_request_error` with `message`."""
    return ApiError(400, message)


def check_model_and_messages(payload: dict[str, Any]) -> tuple[str, list[Any]]:
    """`model` and `messages` as Anthropic checks them (400, or 404 for the missing model)."""
    model = payload.get("model")
    if not isinstance(model, str) or not model:
        raise invalid("model: Field required" if model is None else "model: Input should be a valid string")
    messages = payload.get("messages")
    if not isinstance(messages, list):
        raise invalid("messages: Field required" if messages is None else "messages: Input should be a valid list")
    for i, message in enumerate(messages):
        if not isinstance(message, dict) or message.get("role") not in ROLES:
            raise invalid(f"messages.{i}.role: Input should be 'user' or 'assistant'")
        if not isinstance(message.get("content"), str | list):
            raise invalid(f"messages.{i}.content: Field required")
    if model == MISSING_MODEL:
        raise ApiError(404, f"model: {model}", param="model")
    return model, messages


def check_max_tokens(payload: dict[str, Any]) -> int:
    """`max_tokens`: a required integer >= 1."""
    max_tokens = payload.get("max_tokens")
    if isinstance(max_tokens, bool) or not isinstance(max_tokens, int):
        raise invalid("max_tokens: Field required" if max_tokens is None else "max_tokens: Input should be an integer")
    if max_tokens < 1:
        raise invalid("max_tokens: Input should be greater than or equal to 1")
    return max_tokens


def check_body(payload: dict[str, Any], messages: list[Any], max_tokens: int | None) -> None:
    """The block-level checks; `max_tokens` is None on count_tokens (no budget ceiling there)."""
    breakpoints = _check_system(payload.get("system"))
    for i, message in enumerate(messages):
        content = message["content"]
        if isinstance(content, list):
            breakpoints += sum(_check_block(block, f"messages.{i}.content.{j}") for j, block in enumerate(content))
    tools = payload.get("tools")
    if isinstance(tools, list):
        breakpoints += sum(1 for t in tools if isinstance(t, dict) and t.get("cache_control") is not None)
    if breakpoints > MAX_CACHE_BREAKPOINTS:
        raise invalid(
            f"A maximum of {MAX_CACHE_BREAKPOINTS} blocks with cache_control may be provided. Found {breakpoints}."
        )
    _check_tool_results(messages)
    check_thinking(payload.get("thinking"), max_tokens)


def _check_system(system: Any) -> int:
    if system is None or isinstance(system, str):
        return 0
    if not isinstance(system, list):
        raise invalid("system: Input should be a valid string or a valid list")
    for i, block in enumerate(system):
        if not isinstance(block, dict) or block.get("type") != "text":
            raise invalid(f"system.{i}.type: Input should be 'text'")
        if not isinstance(block.get("text"), str):
            raise invalid(f"system.{i}.text: Field required")
    return sum(_check_cache_control(block, f"system.{i}") for i, block in enumerate(system))


def _check_block(block: Any, where: str) -> int:
    """Check one content block; 1 if it carries a cache_control breakpoint."""
    if not isinstance(block, dict) or not isinstance(block.get("type"), str):
        raise invalid(f"{where}.type: Field required")
    kind = block["type"]
    for field, type_, name in BLOCK_FIELDS.get(kind, ()):
        value = block.get(field)
        if not isinstance(value, type_):
            raise invalid(
                f"{where}.{kind}.{field}: " + ("Field required" if value is None else f"Input should be {name}")
            )
    if kind == "image":
        _check_source(block.get("source"), f"{where}.image.source", IMAGE_SOURCES, IMAGE_TYPES)
    elif kind == "document":
        _check_source(block.get("source"), f"{where}.document.source", DOCUMENT_SOURCES, None)
    elif kind == "tool_result" and not isinstance(block.get("content"), str | list | None):
        raise invalid(f"{where}.tool_result.content: Input should be a valid string or a valid list")
    return _check_cache_control(block, where)


def _check_source(
    source: Any, where: str, kinds: dict[str, tuple[str, ...]], media_types: tuple[str, ...] | None
) -> None:
    if not isinstance(source, dict):
        raise invalid(f"{where}: Field required")
    kind = source.get("type")
    if kind not in kinds:
        expected = ", ".join(f"'{k}'" for k in kinds)
        raise invalid(
            f"{where}: Input tag '{kind}' found using 'type' does not match any of the expected tags: {expected}"
        )
    for field in kinds[kind]:
        if not isinstance(source.get(field), str):
            raise invalid(f"{where}.{kind}.{field}: Field required")
    if media_types is not None and kind == "base64" and source["media_type"] not in media_types:
        allowed = ", ".join(f"'{t}'" for t in media_types)
        raise invalid(f"{where}.base64.media_type: Input should be {allowed}")


def _check_cache_control(block: dict[str, Any], where: str) -> int:
    control = block.get("cache_control")
    if control is None:
        return 0
    if not isinstance(control, dict) or control.get("type") != "ephemeral":
        raise invalid(f"{where}.cache_control.type: Input should be 'ephemeral'")
    if control.get("ttl") is not None and control["ttl"] not in CACHE_TTLS:
        raise invalid(f"{where}.cache_control.ttl: Input should be '5m' or '1h'")
    return 1


def _check_tool_results(messages: list[Any]) -> None:
    """Every `tool_result` names a `tool_use` of the assistant turn just before its user turn.

    Consecutive messages of one role are one turn (the API merges them).
    """
    offered: set[str] = set()  # the tool_use ids of the previous assistant turn
    current: set[str] = set()  # those of the turn being read
    role = None
    for i, message in enumerate(messages):
        if message["role"] != role:
            offered, current, role = (current if role == "assistant" else set()), set(), message["role"]
        content = message["content"]
        for j, block in enumerate(content if isinstance(content, list) else ()):
            if block["type"] == "tool_use":
                current.add(block["id"])
            elif block["type"] == "tool_result" and block["tool_use_id"] not in offered:
                raise invalid(
                    f"messages.{i}.content.{j}: unexpected `tool_use_id` found in `tool_result` blocks: "
                    f"{block['tool_use_id']}. Each `tool_result` block must have a corresponding `tool_use` "
                    "block in the previous message."
                )


def check_thinking(thinking: Any, max_tokens: int | None) -> None:
    """`thinking`: enabled (budget_tokens >= 1024 and below max_tokens), disabled or adaptive."""
    if thinking is None:
        return
    kind = thinking.get("type") if isinstance(thinking, dict) else None
    if kind not in THINKING_TYPES:
        expected = ", ".join(f"'{t}'" for t in THINKING_TYPES)
        raise invalid(
            f"thinking: Input tag '{kind}' found using 'type' does not match any of the expected tags: {expected}"
        )
    if kind != "enabled":
        return
    budget = thinking.get("budget_tokens")
    if isinstance(budget, bool) or not isinstance(budget, int):
        raise invalid("thinking.enabled.budget_tokens: Field required")
    if budget < MIN_THINKING_BUDGET:
        raise invalid(f"thinking.enabled.budget_tokens: Input should be greater than or equal to {MIN_THINKING_BUDGET}")
    if max_tokens is not None and max_tokens <= budget:
        raise invalid("`max_tokens` must be greater than `thinking.budget_tokens`.")


def wants_thinking(payload: dict[str, Any]) -> bool:
    """True when the request turns extended thinking on (`enabled` or `adaptive`)."""
    thinking = payload.get("thinking")
    return isinstance(thinking, dict) and thinking.get("type") in ("enabled", "adaptive")


def input_tokens(payload: dict[str, Any], messages: list[Any]) -> int:
    """The input-token estimate both `/v1/messages` (usage.input_tokens) and count_tokens give:
    the messages' estimate plus the system's words (tools are not counted)."""
    return estimate_prompt_tokens(messages) + _system_tokens(payload.get("system"))


def _system_tokens(system: Any) -> int:
    if isinstance(system, str):
        return count_words(system)
    if isinstance(system, list):
        return estimate_prompt_tokens([{"content": system}]) - 4
    return 0
