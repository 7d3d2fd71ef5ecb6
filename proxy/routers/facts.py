"""What a router rule can look at in a chat request, read once from the parsed body and headers.

Guarantees: pure (no I/O, no clock), so live routing and `llm-proxy route` (the dry run) see the
same facts for the same request; input size is the 4-characters-a-token estimate, the same in both
(an exact tokenizer may or may not have loaded in a live process); malformed parts of a body the
parse stage let through count as absent, never raise.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from proxy.core.exchange import Headers
from proxy.metering.tokens import estimate_input_tokens

_IMAGE_PARTS = frozenset({"image_url", "input_image", "image"})
_JSON_FORMATS = frozenset({"json_object", "json_schema"})
_CREDENTIALS = frozenset({b"authorization", b"api-key", b"cookie"})  # never a routing fact


@dataclass(frozen=True, slots=True)
class RequestFacts:
    input_tokens: int
    output_tokens: int | None  # max_completion_tokens / max_tokens asked for
    tools: bool
    images: bool
    json: bool
    metadata: dict[str, str]
    headers: dict[str, str]  # lower-case names
    key: str | None
    group: str | None
    last_user: str
    turns: int


def request_facts(body: dict[str, Any], headers: Headers, key: str | None, group: str | None) -> RequestFacts:
    messages = body.get("messages")
    messages = messages if isinstance(messages, list) else []
    metadata = body.get("metadata")
    fmt = body.get("response_format")
    output = body.get("max_completion_tokens", body.get("max_tokens"))
    return RequestFacts(
        input_tokens=estimate_input_tokens(body),
        output_tokens=output if isinstance(output, int) and not isinstance(output, bool) else None,
        tools=bool(body.get("tools")) or bool(body.get("functions")),
        images=any(_has_image(m) for m in messages),
        json=isinstance(fmt, dict) and fmt.get("type") in _JSON_FORMATS,
        metadata={k: v for k, v in metadata.items() if isinstance(v, str)} if isinstance(metadata, dict) else {},
        headers={n.decode("latin-1"): v.decode("latin-1") for n, v in headers if n not in _CREDENTIALS},
        key=key,
        group=group,
        last_user=_last_user_text(messages),
        turns=len(messages),
    )


def _has_image(message: Any) -> bool:
    content = message.get("content") if isinstance(message, dict) else None
    return isinstance(content, list) and any(
        isinstance(part, dict) and part.get("type") in _IMAGE_PARTS for part in content
    )


def _last_user_text(messages: list[Any]) -> str:
    for message in reversed(messages):
        if isinstance(message, dict) and message.get("role") == "user":
            content = message.get("content")
            if isinstance(content, str):
                return content
            if isinstance(content, list):
                texts = (p.get("text") for p in content if isinstance(p, dict))
                return "\n".join(t for t in texts if isinstance(t, str))
            return ""
    return ""
