"""Anthropic's Messages API body (`POST /v1/messages`), as the stages read it: its surface adapter.

Guarantees: the body is checked once (`model`, `max_tokens`, `messages` and the types of the
fields the stages read, each refusal naming its field) and then read and changed only in place, so
every field the proxy does not know (`cache_control`, `thinking`, documents, betas' fields) reaches
an Anthropic upstream untouched. Texts the guardrails scan are those of
`proxy.surfaces.messages_items`; tokens are counted with the same helpers and overheads as chat
(`proxy.metering.tokens`), `system` counting as one message. Usage is Anthropic's, whose cache
counts are outside `input_tokens` (`Usage.from_anthropic` folds them in, each priced on its own).
Every refusal on this door is Anthropic's error envelope (`{"type": "error", "error": {"type",
"message"}}`) with the status its type has there (a 503 of the proxy is Anthropic's 529
`overloaded_error`, which the Anthropic SDKs and Claude Code retry), and a stream that fails
after its first byte ends with an `event: error`, never an OpenAI-shaped one.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any, ClassVar

import orjson

from proxy.core.errors import InvalidRequest, ProxyError
from proxy.core.json_body import check_model, json_kind, parse_json_object
from proxy.core.surface import AnswerFormat, Encoding, Headers, SemanticParts, Surface, TextSlot
from proxy.core.usage import Usage
from proxy.metering.tokens import count_texts, estimate_texts
from proxy.surfaces import anthropic_errors
from proxy.surfaces.chat_body import NOT_IN_KEY, SAMPLING_SAFE
from proxy.surfaces.messages_items import answer_slots, blocks_text, input_slots
from proxy.upstream.translate.messages_request import to_chat_request

_ROLES = ("user", "assistant")
_PLAIN_USER = re.compile(r"[A-Za-z0-9._:@+/=-]{1,64}")  # longer ids are hashed: a policy may cap their length


def check_messages_body(body: dict[str, Any], *, needs_max_tokens: bool = True) -> None:
    """Refuse (400, naming the field) a body the stages cannot read as a Messages request."""
    check_model(body)
    max_tokens = body.get("max_tokens")
    if needs_max_tokens and (isinstance(max_tokens, bool) or not isinstance(max_tokens, int) or max_tokens < 1):
        what = "Missing required parameter" if max_tokens is None else f"got {json_kind(max_tokens)}"
        raise InvalidRequest(f"'max_tokens' must be a positive integer ({what}).", param="max_tokens")
    messages = body.get("messages")
    if not isinstance(messages, list) or not messages:
        raise InvalidRequest("'messages' must be a non-empty array of messages.", param="messages")
    for i, message in enumerate(messages):
        if not isinstance(message, dict) or message.get("role") not in _ROLES:
            raise InvalidRequest(f"messages.{i}.role must be 'user' or 'assistant'.", param=f"messages.{i}.role")
        content = message.get("content")
        blocks = content if isinstance(content, list) else ()
        if not isinstance(content, str | list) or not all(
            isinstance(b, dict) and isinstance(b.get("type"), str) for b in blocks
        ):
            raise InvalidRequest(
                f"messages.{i}.content must be a string or an array of content blocks, each with a 'type'.",
                param=f"messages.{i}.content",
            )
    system = body.get("system")
    if system is not None and not isinstance(system, str | list):
        raise InvalidRequest("'system' must be a string or an array of text blocks.", param="system")
    for field, kinds in (("stream", bool), ("tools", list), ("stop_sequences", list), ("metadata", dict)):
        value = body.get(field)
        if value is not None and not isinstance(value, kinds):
            raise InvalidRequest(f"'{field}' has the wrong type ({json_kind(value)}).", param=field)


class MessagesSurface(Surface):
    """`/v1/messages`: an Anthropic Messages request body (`model`, `max_tokens`, `messages`, `system`)."""

    __slots__ = ()
    stream_format: ClassVar[str] = "messages"
    anthropic: ClassVar[bool] = True
    answer_headers: ClassVar[frozenset[bytes]] = frozenset({b"anthropic-beta", b"anthropic-version"})  # in cache keys
    input_field: ClassVar[str] = "messages"
    output_field: ClassVar[str] = "max_tokens"

    def parse(self, raw: bytes, headers: Headers, *, templates: bool) -> dict[str, Any]:
        """`templates` is not used: prompt templates are defined on chat messages."""
        body = parse_json_object(raw, fields="'model', 'max_tokens' and 'messages'")
        check_messages_body(body)
        return body

    def stream_flags(self, body: dict[str, Any]) -> tuple[bool, bool]:
        """A Messages stream always carries its usage (`message_start`, `message_delta`)."""
        stream = body.get("stream") is True
        return stream, stream

    def end_user(self, body: dict[str, Any]) -> tuple[str, str] | None:
        """`metadata.user_id`, as the stable id of the person behind it (see `claude_code_user`)."""
        metadata = body.get("metadata")
        user = metadata.get("user_id") if isinstance(metadata, dict) else None
        return ("metadata.user_id", claude_code_user(user)) if isinstance(user, str) and user else None

    def text_slots(self, body: dict[str, Any]) -> list[TextSlot]:
        return input_slots(body)

    def answer_format(self, body: dict[str, Any]) -> AnswerFormat | None:
        config = body.get("output_config")
        fmt = config.get("format") if isinstance(config, dict) else None
        if not isinstance(fmt, dict) or fmt.get("type") != "json_schema":
            return None
        schema = fmt.get("schema")
        return AnswerFormat("json_schema", schema if isinstance(schema, dict) else None)

    def cache_fields(self, body: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in body.items() if k not in NOT_IN_KEY}

    def semantic_parts(self, body: dict[str, Any], *, max_turns: int, any_temperature: bool) -> SemanticParts | None:
        """The system prompt, every earlier turn and the parameters pinned; the last user text free.
        Not for tools, thinking, or sampling that asks for variety."""
        if body.get("tools") or body.get("thinking") not in (None, {"type": "disabled"}):
            return None
        if not any_temperature and body.get("temperature") not in SAMPLING_SAFE:
            return None
        messages = body["messages"]
        last = messages[-1]
        text = _user_text(last)
        if text is None or len(messages) > max_turns:
            return None
        params = {k: v for k, v in body.items() if k not in NOT_IN_KEY and k not in ("messages", "system")}
        return SemanticParts([body.get("system"), messages[:-1], params], text)

    def input_tokens(self, body: dict[str, Any], encoding: Encoding | None) -> int:
        """Every text of `text_slots` and the tool definitions; `system` and each message count as
        one message of chat's formula."""
        texts = [slot.text for slot in input_slots(body)]
        messages = body.get("messages")
        count = (len(messages) if isinstance(messages, list) else 0) + (1 if body.get("system") else 0)
        tools = [body["tools"]] if isinstance(body.get("tools"), list) and body["tools"] else []
        return estimate_texts(texts, count, tools) if encoding is None else count_texts(encoding, texts, count, tools)

    def requested_output(self, body: dict[str, Any]) -> int | None:
        value = body.get("max_tokens")
        return value if isinstance(value, int) and not isinstance(value, bool) else None

    def cap_output(self, body: dict[str, Any], cap: int) -> None:
        body["max_tokens"] = cap
        thinking = body.get("thinking")
        budget = thinking.get("budget_tokens") if isinstance(thinking, dict) else None
        if isinstance(budget, int) and budget >= cap:  # the API wants the thinking budget below max_tokens
            raise InvalidRequest(
                f"'thinking.budget_tokens' ({budget}) must be below the {cap} output tokens this key may ask for. "
                "Lower the thinking budget.",
                param="thinking.budget_tokens",
            )

    def prompt_text(self, body: dict[str, Any]) -> str:
        """`system: ...`, then one line per message: `role: text`, `tool: result` for tool results,
        `assistant: name(input)` for tool calls."""
        lines = []
        system = body.get("system")
        if system:
            lines.append(f"system: {blocks_text(system)}")
        for message in body.get("messages") or ():
            if isinstance(message, dict):
                lines.extend(_message_lines(message))
        return "\n".join(lines)

    def routing_body(self, body: dict[str, Any]) -> dict[str, Any]:
        """The chat completions translation of the request; for one it cannot carry, its texts as
        one user message with its tools and output cap."""
        try:
            return to_chat_request(body, stream=False, reasoning=False)
        except InvalidRequest:
            text = "\n".join(slot.text for slot in input_slots(body))
            view: dict[str, Any] = {"model": body.get("model"), "messages": [{"role": "user", "content": text}]}
            view.update({k: body[k] for k in ("tools", "metadata") if k in body})
            view["max_completion_tokens"] = body.get("max_tokens")
            return view

    def usage(self, answer: dict[str, Any]) -> Usage | None:
        found = answer.get("usage")
        return Usage.from_anthropic(found) if type(found) is dict else None

    def answer_text(self, answer: dict[str, Any]) -> str | None:
        """The text blocks of a Message, joined; None when it has none (e.g. only tool calls)."""
        content = answer.get("content")
        texts = [
            b["text"]
            for b in (content if isinstance(content, list) else ())
            if isinstance(b, dict) and b.get("type") == "text" and isinstance(b.get("text"), str)
        ]
        return "".join(texts) if texts else None

    def answer_slots(self, answer: dict[str, Any]) -> list[TextSlot]:
        return answer_slots(answer)

    def render_error(self, err: ProxyError) -> tuple[int, Headers, bytes]:
        """Anthropic's envelope, with the status its error type has there."""
        return anthropic_errors.render(err)

    def error_event(self, err: ProxyError) -> bytes:
        """`err` as the `event: error` the Anthropic SDKs raise (and Claude Code reports)."""
        return anthropic_errors.error_event(err)


class CountTokensSurface(MessagesSurface):
    """`/v1/messages/count_tokens`: a Messages body without `max_tokens`, answered with its input
    tokens; nothing is generated, so nothing streams and no output is asked for."""

    __slots__ = ()
    stream_format: ClassVar[str] = "none"
    generates: ClassVar[bool] = False

    def parse(self, raw: bytes, headers: Headers, *, templates: bool) -> dict[str, Any]:
        body = parse_json_object(raw, fields="'model' and 'messages'")
        check_messages_body(body, needs_max_tokens=False)
        return body

    def stream_flags(self, body: dict[str, Any]) -> tuple[bool, bool]:
        return False, False

    def requested_output(self, body: dict[str, Any]) -> int | None:
        return 0

    def cap_output(self, body: dict[str, Any], cap: int) -> None:
        return None

    def cacheable(self, body: dict[str, Any]) -> bool:
        return False


MESSAGES_SURFACE = MessagesSurface("messages")
COUNT_TOKENS_SURFACE = CountTokensSurface("count_tokens")


def claude_code_user(user_id: str) -> str:
    """The stable part of a `metadata.user_id`: Claude Code sends one per session, either
    `user_<hash>_account_<uuid>_session_<uuid>` or (since 2.1.78) a JSON object with `device_id`,
    `account_uuid` and `session_id`; the end user (per-user limits, budgets, logs) is the account,
    else the device, never the session. An id that is not such a plain token is hashed, since
    the end user must be a sane id and the caller cannot change what Claude Code sends."""
    if user_id.startswith("{"):
        try:
            fields = orjson.loads(user_id)
        except orjson.JSONDecodeError:
            fields = None
        if isinstance(fields, dict):
            found = fields.get("account_uuid") or fields.get("device_id")
            user_id = found if isinstance(found, str) and found else user_id
    user_id = user_id.split("_session_", 1)[0]
    if _PLAIN_USER.fullmatch(user_id):
        return user_id
    return "sha256:" + hashlib.sha256(user_id.encode()).hexdigest()[:40]


def _user_text(message: Any) -> str | None:
    """A user message's text, when it is only text."""
    if not isinstance(message, dict) or message.get("role") != "user":
        return None
    content = message.get("content")
    if isinstance(content, str):
        return content
    if isinstance(content, list) and all(isinstance(b, dict) and b.get("type") == "text" for b in content):
        return "\n".join(str(b.get("text", "")) for b in content)
    return None


def _message_lines(message: dict[str, Any]) -> list[str]:
    role = str(message.get("role", "?"))
    content = message.get("content")
    if isinstance(content, str):
        return [f"{role}: {content}"]
    lines: list[str] = []
    for block in content if isinstance(content, list) else ():
        if not isinstance(block, dict):
            continue
        kind = block.get("type")
        if kind == "text":
            lines.append(f"{role}: {block.get('text', '')}")
        elif kind == "tool_use":
            lines.append(f"{role}: {block.get('name', '?')}({orjson.dumps(block.get('input')).decode()})")
        elif kind == "tool_result":
            lines.append(f"tool: {blocks_text(block.get('content'))}")
        else:
            lines.append(f"{role}: [{kind}]")
    return lines
