"""The chat completions body, as the stages read it: the chat surface's adapter (`proxy.core.surface`).

Guarantees: the body is checked once (types of the fields the OpenAI API documents, each error
naming its field) and then read and changed only in place, so every field the proxy does not know
reaches the upstream untouched. The exact cache key covers every field but a short deny-list of
fields that cannot change the answer (a new field the API adds is part of the key until proven
harmless); a semantic hit may differ from its entry only in the last user turn. Texts the
guardrails scan cover every message of every role, text parts, refusals and tool-call arguments
(`proxy.guardrails.request_text`); tokens are counted as `proxy.metering.tokens` documents.
"""

from __future__ import annotations

from typing import Any

from proxy.config.chat_params import check_messages, check_param_types
from proxy.core.errors import InvalidRequest
from proxy.core.json_body import check_model, parse_json_object
from proxy.core.surface import AnswerFormat, Encoding, Headers, SemanticParts, Surface, TextSlot, named_user
from proxy.experiments.prompts import PROMPT_HEADER
from proxy.guardrails.request_text import answer_slots, text_slots
from proxy.metering.tokens import count_tokens, estimate_input_tokens

# Fields that change how the answer is delivered, billed or logged, never what it says.
NOT_IN_KEY = frozenset(
    {
        "model",  # replaced by the resolved alias
        "stream",
        "stream_options",
        "user",
        "safety_identifier",
        "metadata",
        "store",
        "service_tier",
        "prompt_cache_key",
        "prompt_cache_retention",
    }
)
SAMPLING_SAFE = (None, 0, 0.0)  # temperatures a semantic hit may serve (any other asks for variety)
_MAX_FIELDS = ("max_completion_tokens", "max_tokens")
USER_FIELDS = ("safety_identifier", "user")  # the body fields naming the end user, in order


class ChatSurface(Surface):
    """`/v1/chat/completions`: a chat completion request body (`messages`, `model`, parameters)."""

    __slots__ = ()

    def parse(self, raw: bytes, headers: Headers, *, templates: bool) -> dict[str, Any]:
        """With `templates` (the policy has prompt templates), a request that selects one may leave
        out `messages`: the experiments stage renders them and checks the result."""
        body = parse_json_object(raw)
        check_chat_body(body, messages_required=not (templates and _selects_template(headers, body)))
        return body

    def stream_flags(self, body: dict[str, Any]) -> tuple[bool, bool]:
        stream = body.get("stream") is True
        opts = body.get("stream_options")
        return stream, stream and isinstance(opts, dict) and opts.get("include_usage") is True

    def end_user(self, body: dict[str, Any]) -> tuple[str, str] | None:
        return named_user(body, USER_FIELDS)

    def text_slots(self, body: dict[str, Any]) -> list[TextSlot]:
        return text_slots(body)

    def answer_format(self, body: dict[str, Any]) -> AnswerFormat | None:
        fmt = body.get("response_format")
        if not isinstance(fmt, dict):
            return None
        if fmt.get("type") == "json_object":
            return AnswerFormat("json_object")
        if fmt.get("type") != "json_schema":
            return None
        spec = fmt.get("json_schema")
        schema = spec.get("schema") if isinstance(spec, dict) else None
        return AnswerFormat("json_schema", schema if isinstance(schema, dict) else None)

    def cache_fields(self, body: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in body.items() if k not in NOT_IN_KEY}

    def semantic_parts(self, body: dict[str, Any], *, max_turns: int, any_temperature: bool) -> SemanticParts | None:
        """The system prompt, every earlier turn and the parameters pinned; the last user turn free."""
        if not _safe(body, any_temperature):
            return None
        messages = body.get("messages")
        if not isinstance(messages, list) or not messages:
            return None
        last = messages[-1]
        text = _plain_text(last) if isinstance(last, dict) and last.get("role") == "user" else None
        if text is None:
            return None
        system = [m for m in messages[:-1] if isinstance(m, dict) and m.get("role") in ("system", "developer")]
        earlier = [m for m in messages[:-1] if not (isinstance(m, dict) and m.get("role") in ("system", "developer"))]
        if len(earlier) + 1 > max_turns or any(not isinstance(m, dict) or m.get("role") == "tool" for m in earlier):
            return None
        params = {k: v for k, v in body.items() if k not in NOT_IN_KEY and k != "messages"}
        return SemanticParts([system, earlier, params], text)

    def input_tokens(self, body: dict[str, Any], encoding: Encoding | None) -> int:
        return estimate_input_tokens(body) if encoding is None else count_tokens(encoding, body)

    def requested_output(self, body: dict[str, Any]) -> int | None:
        for name in _MAX_FIELDS:
            value = body.get(name)
            if isinstance(value, int) and not isinstance(value, bool):
                return value
        return None

    def cap_output(self, body: dict[str, Any], cap: int) -> None:
        if self.requested_output(body) is None:
            body["max_completion_tokens" if "max_completion_tokens" in body else "max_tokens"] = cap
            return
        for name in _MAX_FIELDS:
            if name in body:
                body[name] = cap

    def answer_text(self, answer: dict[str, Any]) -> str | None:
        """The first choice's message content."""
        choices = answer.get("choices")
        if type(choices) is not list or not choices or type(choices[0]) is not dict:
            return None
        message = choices[0].get("message")
        content = message.get("content") if type(message) is dict else None
        return content if type(content) is str else None

    def answer_slots(self, answer: dict[str, Any]) -> list[TextSlot]:
        return answer_slots(answer)

    def prompt_text(self, body: dict[str, Any]) -> str:
        """One line per message: `role: text` (text parts joined; images and tool calls left out)."""
        lines = []
        for message in body.get("messages") or ():
            if isinstance(message, dict):
                content = message.get("content")
                text = content if isinstance(content, str) else _parts_text(content)
                lines.append(f"{message.get('role', '?')}: {text}")
        return "\n".join(lines)


CHAT_SURFACE = ChatSurface("chat")


def _selects_template(headers: Headers, body: dict[str, Any]) -> bool:
    return "prompt" in body or any(name == PROMPT_HEADER for name, _ in headers)


def check_chat_body(body: dict[str, Any], *, messages_required: bool = True) -> None:
    """Raise InvalidRequest naming the first field whose type is wrong."""
    check_model(body)
    if messages_required or body.get("messages") is not None:
        check_messages(body.get("messages"), allow_empty=not messages_required)
    check_param_types(body)
    options = body.get("stream_options")
    if isinstance(options, dict) and not isinstance(options.get("include_usage", False), bool):
        raise InvalidRequest("'stream_options.include_usage' must be a boolean.", param="stream_options.include_usage")


def _safe(body: dict[str, Any], any_temperature: bool) -> bool:
    if body.get("tools") or body.get("functions") or body.get("n", 1) not in (1, None):
        return False
    return any_temperature or body.get("temperature") in SAMPLING_SAFE


def _plain_text(message: dict[str, Any]) -> str | None:
    """A user turn's text, when it is only text."""
    content = message.get("content")
    if isinstance(content, str):
        return content
    if isinstance(content, list) and all(isinstance(p, dict) and p.get("type") == "text" for p in content):
        return "\n".join(str(p.get("text", "")) for p in content)
    return None


def _parts_text(content: Any) -> str:
    if not isinstance(content, list):
        return ""
    return " ".join(str(p.get("text", "")) for p in content if isinstance(p, dict) and p.get("type") == "text")
