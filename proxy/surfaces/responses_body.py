"""The Responses API body (`POST /v1/responses`), as the stages read it: its surface adapter.

Guarantees: the body is checked once (`proxy.surfaces.responses_check`) and then read and changed
only in place, so every field the proxy does not know (built-in tools, `reasoning`, `include`, ...)
reaches the upstream untouched. Texts the guardrails scan cover `instructions` and every input
item the model reads (`proxy.surfaces.responses_items`); tokens are counted with the same helpers
and overheads as chat (`proxy.metering.tokens`), one item counting as one message.

The cache: a response the upstream stores has an id the caller may chain on (`previous_response_id`,
retrieval, `/input_items`), which a copy served from the cache would not have upstream; a request
that continues a stored response or conversation depends on state the key cannot see. So only a
request with `store: false` that continues nothing and does not run in the background is
`cacheable`. Its exact key covers every field but a short deny-list of fields that cannot change the
answer; a semantic hit may differ from its entry only in the last user text.
"""

from __future__ import annotations

from typing import Any, ClassVar

from proxy.core.errors import InvalidRequest, ProxyError
from proxy.core.json_body import parse_json_object
from proxy.core.surface import (
    AnswerFormat,
    Encoding,
    Headers,
    SemanticParts,
    Surface,
    TextSlot,
    named_user,
)
from proxy.core.usage import Usage
from proxy.metering.tokens import count_texts, estimate_texts, tool_definitions
from proxy.surfaces.chat_body import NOT_IN_KEY as CHAT_NOT_IN_KEY
from proxy.surfaces.chat_body import SAMPLING_SAFE, USER_FIELDS
from proxy.surfaces.responses_check import check_responses_body
from proxy.surfaces.responses_items import input_slots, is_message, output_slots
from proxy.surfaces.responses_relay import error_event
from proxy.upstream.translate.responses_request import to_chat_request

# Chat's fields that change how the answer is delivered, billed, stored or logged, never what it
# says, and `background` (always false in a cacheable request). `include` stays in the key: it adds
# output (encrypted reasoning, logprobs, search results), and so does `prompt_cache_options` (its
# `prewarm` asks for no output at all); `instructions` and `prompt` are what the model reads.
NOT_IN_KEY = CHAT_NOT_IN_KEY | {"background"}
_TOOL_OUTPUTS = frozenset({"function_call_output", "custom_tool_call_output"})


class ResponsesSurface(Surface):
    """`/v1/responses`: a Responses API request body (`model`, `input`, `instructions`, parameters)."""

    __slots__ = ()
    stream_format: ClassVar[str] = "responses"
    input_field: ClassVar[str] = "input"
    output_field: ClassVar[str] = "max_output_tokens"

    def parse(self, raw: bytes, headers: Headers, *, templates: bool) -> dict[str, Any]:
        """`templates` is not used: the API's own `prompt` (a stored prompt) may stand in for
        `input`, and the upstream renders it."""
        body = parse_json_object(raw, fields="'model' and 'input'")
        check_responses_body(body)
        return body

    def stream_flags(self, body: dict[str, Any]) -> tuple[bool, bool]:
        """A Responses stream always ends with the usage, in `response.completed`."""
        stream = body.get("stream") is True
        return stream, stream

    def end_user(self, body: dict[str, Any]) -> tuple[str, str] | None:
        return named_user(body, USER_FIELDS)

    def text_slots(self, body: dict[str, Any]) -> list[TextSlot]:
        return input_slots(body)

    def answer_format(self, body: dict[str, Any]) -> AnswerFormat | None:
        text = body.get("text")
        fmt = text.get("format") if isinstance(text, dict) else None
        kind = fmt.get("type") if isinstance(fmt, dict) else None
        if kind == "json_object":
            return AnswerFormat("json_object")
        if kind != "json_schema" or not isinstance(fmt, dict):
            return None
        schema = fmt.get("schema")  # flat here, unlike chat's `json_schema.schema`
        return AnswerFormat("json_schema", schema if isinstance(schema, dict) else None)

    def cacheable(self, body: dict[str, Any]) -> bool:
        """Only a request the upstream does not store, continuing nothing stored, in the foreground.
        A stored `prompt` without a `version` is its latest version, which may change upstream."""
        if body.get("store") is not False or body.get("background") is True:
            return False
        if body.get("previous_response_id") is not None or body.get("conversation") is not None:
            return False
        prompt = body.get("prompt")
        return prompt is None or (isinstance(prompt, dict) and prompt.get("version") is not None)

    def cache_fields(self, body: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in body.items() if k not in NOT_IN_KEY}

    def semantic_parts(self, body: dict[str, Any], *, max_turns: int, any_temperature: bool) -> SemanticParts | None:
        """Every earlier item and the parameters (`instructions` among them) pinned; the last user
        text free. Not for tools, unsafe sampling, or a request that may not use the cache."""
        if body.get("tools") or not self.cacheable(body):
            return None
        if not any_temperature and body.get("temperature") not in SAMPLING_SAFE:
            return None
        params = {k: v for k, v in body.items() if k not in NOT_IN_KEY and k != "input"}
        items = body.get("input")
        if isinstance(items, str):
            return SemanticParts([[], [], params], items)
        if not isinstance(items, list) or not items or not isinstance(items[-1], dict):
            return None
        text = _user_text(items[-1])
        earlier = items[:-1]
        if text is None or not all(isinstance(i, dict) and is_message(i) for i in earlier):
            return None
        system = [i for i in earlier if i.get("role") in ("system", "developer")]
        turns = [i for i in earlier if i.get("role") not in ("system", "developer")]
        if len(turns) + 1 > max_turns:
            return None
        return SemanticParts([system, turns, params], text)

    def input_tokens(self, body: dict[str, Any], encoding: Encoding | None) -> int:
        """Every text of `text_slots` and the tool definitions; `instructions`, a string `input`
        and each input item count as one message of chat's formula."""
        texts = [slot.text for slot in input_slots(body)]
        count = _item_count(body)
        tools = tool_definitions(body)
        return estimate_texts(texts, count, tools) if encoding is None else count_texts(encoding, texts, count, tools)

    def requested_output(self, body: dict[str, Any]) -> int | None:
        value = body.get("max_output_tokens")  # reasoning tokens included
        return value if isinstance(value, int) and not isinstance(value, bool) else None

    def cap_output(self, body: dict[str, Any], cap: int) -> None:
        body["max_output_tokens"] = cap

    def deferred(self, body: dict[str, Any]) -> bool:
        return body.get("background") is True

    def routing_body(self, body: dict[str, Any]) -> dict[str, Any]:
        """The chat completions translation of the request; for one it cannot carry (stored state,
        built-in tools), its texts as one user message with its tools and output cap."""
        try:
            return to_chat_request(body, stream=False)
        except InvalidRequest:
            text = "\n".join(slot.text for slot in self.text_slots(body) if isinstance(slot.text, str))
            view: dict[str, Any] = {"model": body.get("model"), "messages": [{"role": "user", "content": text}]}
            view.update({k: body[k] for k in ("tools", "metadata") if k in body})
            if isinstance(body.get("max_output_tokens"), int):
                view["max_completion_tokens"] = body["max_output_tokens"]
            return view

    def error_event(self, err: ProxyError) -> bytes:
        """`err` as a Responses `error` event (the SDKs yield it and end the stream)."""
        return error_event(err)

    def prompt_text(self, body: dict[str, Any]) -> str:
        """`instructions: ...`, then one line per input item: `role: text` for a message, `tool:
        output` for a tool's result, `assistant: name(arguments)` for a call, `type:` otherwise."""
        lines = []
        instructions = body.get("instructions")
        if isinstance(instructions, str):
            lines.append(f"instructions: {instructions}")
        items = body.get("input")
        if isinstance(items, str):
            lines.append(f"user: {items}")
        for item in items if isinstance(items, list) else ():
            if isinstance(item, dict):
                lines.append(_item_line(item))
        return "\n".join(lines)

    def usage(self, answer: dict[str, Any]) -> Usage | None:
        """The `usage` of a response object, or of the `response` a terminal stream event
        (`response.completed`, `.incomplete`, `.failed`) carries."""
        found = answer.get("usage")
        if found is None and type(answer.get("response")) is dict:
            found = answer["response"].get("usage")
        return Usage.from_responses(found) if type(found) is dict else None

    def answer_text(self, answer: dict[str, Any]) -> str | None:
        """The `output_text` of the response's message items, joined (as the SDK's `output_text`);
        None when there is none (e.g. only function calls)."""
        texts = [
            part["text"]
            for item in _list(answer.get("output"))
            if type(item) is dict and item.get("type") == "message"
            for part in _list(item.get("content"))
            if type(part) is dict and part.get("type") == "output_text" and type(part.get("text")) is str
        ]
        return "".join(texts) if texts else None

    def answer_slots(self, answer: dict[str, Any]) -> list[TextSlot]:
        return output_slots(answer)


RESPONSES_SURFACE = ResponsesSurface("responses")


def _list(value: Any) -> list[Any]:
    return value if type(value) is list else []


def _item_count(body: dict[str, Any]) -> int:
    """The messages `input_tokens` counts: `instructions`, then a string `input` or each item."""
    items = body.get("input")
    count = len(items) if isinstance(items, list) else 1 if isinstance(items, str) else 0
    return count + 1 if isinstance(body.get("instructions"), str) else count


def _user_text(item: dict[str, Any]) -> str | None:
    """A user message's text, when it is only text."""
    if not is_message(item) or item.get("role") != "user":
        return None
    content = item.get("content")
    if isinstance(content, str):
        return content
    if isinstance(content, list) and all(isinstance(p, dict) and p.get("type") == "input_text" for p in content):
        return "\n".join(str(p.get("text", "")) for p in content)
    return None


def _item_line(item: dict[str, Any]) -> str:
    kind = item.get("type")
    if is_message(item):
        content = item.get("content")
        return f"{item.get('role', '?')}: {content if isinstance(content, str) else _parts_text(content)}"
    if kind in _TOOL_OUTPUTS:
        output = item.get("output")
        return f"tool: {output if isinstance(output, str) else _parts_text(output)}"
    if kind in ("function_call", "custom_tool_call"):
        return f"assistant: {item.get('name', '?')}({item.get('arguments', item.get('input', ''))})"
    return f"{kind or 'item_reference'}:"


def _parts_text(parts: Any) -> str:
    """The texts of message or tool-output parts (images and files left out)."""
    return " ".join(
        p["text"]
        for p in _list(parts)
        if type(p) is dict and p.get("type") in ("input_text", "output_text") and type(p.get("text")) is str
    )
