"""Surfaces: what a front door (chat completions, models, pass-through, ...) gives the stages.

A surface is an adapter over the body the caller sent, never a conversion into one canonical
request: the stages read the body, and change it, only through these methods, each of which works
on the original body in place, so fields the proxy does not know pass through untouched. Stages
that govern more than one protocol (guardrails, cache, limits, budget, access, logs) thus never
name a protocol's fields.

A surface holds no per-request state: one object per front door (a module-level singleton), set on
the Exchange when the handler makes it. Every method takes the parsed body (or the raw pieces it
needs) and returns plain data. The base class is the surface of a door whose body the stages do
not read: nothing applies (no texts, no model, no tokens), and errors are rendered as the OpenAI
envelope, which is also what every surface renders unless its protocol has another.

What a surface guarantees:
- `parse` checks the raw body against its protocol (an InvalidRequest naming the field to fix) and
  returns it as the stages read it, or None when the stages do not read this door's body.
- `model`, `stream_flags`: the model asked for, and whether the answer streams (and carries usage).
- `requested`: for a body the stages do not parse, the model it names and whether it streams, as
  far as the door can tell (access checks these on every door).
- `end_user`: the body field naming the end user, and its value.
- `text_slots`: every text the model reads that a guardrail must scan, each replaceable in place.
- `opaque_input`: why a guardrail cannot read this request's input at all (e.g. embeddings sent as
  token ids), or None; the guardrails stage refuses such a request when an input guardrail applies.
- `answer_format`: the JSON answer the request asks for, if its protocol has such a request.
- `cache_fields` / `semantic_parts`: what the exact cache key hashes (every field that can change
  the answer, with the request headers named in `answer_headers`), and what a semantic hit must
  share and may differ in (None: not safe); `cacheable`: whether the request may be answered from
  (and stored in) the cache at all (e.g. a Responses request that the upstream stores, or that
  continues a stored one, may not).
- `input_tokens`: the input's token count with an encoding (tiktoken's), else the cheap estimate.
- `requested_output` / `cap_output`: the output tokens asked for, and lowering (or setting) them.
- `prompt_text`: the prompt as the request log captures it (before redaction and cutting).
- `routing_body`: the request as a chat completions body, as far as router rules read it (their
  facts are defined on chat's fields).
- `render_error` / `error_event`: an error as this protocol's reply (status, headers, body) and as
  an in-stream event; `usage`: the token counts in an answer object; `answer_text`: an answer
  object's text (what logs capture, shadows compare and the JSON-answer check reads);
  `answer_slots`: every text of a whole answer an output guardrail reads, each replaceable.
- `deferred`: whether the answer comes later, without usage (a Responses `background` run), so its
  spend and tokens cannot be counted when it is made.
- `input_field` / `output_field`: the body fields a refusal about the input's size or the output
  tokens asked for names (chat: `messages`, `max_tokens`).
- `anthropic`: the door is one an Anthropic client calls (its errors are Anthropic's, and the key a
  caller sends there is never forwarded to a non-Anthropic provider).
- `stream_format`: how the answer streams ("chat": chat completion chunks and `[DONE]`;
  "responses": typed Responses events; "messages": Anthropic Messages events; "none": it never
  streams).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar, Protocol

import orjson

from proxy.core.errors import InvalidRequest, ProxyError
from proxy.core.sse import encode
from proxy.core.usage import Usage

JSON_CONTENT_TYPE = (b"content-type", b"application/json")


@dataclass(slots=True)
class TextSlot:
    """`container[key]` is a string the guardrails read (and may rewrite in place): a field of an
    object (a dict and its key) or an element of an array (a list and its index)."""

    container: dict[str, Any] | list[Any]
    key: str | int

    @property
    def text(self) -> str:
        match self.container, self.key:
            case dict() as fields, str() as name:
                value: str = fields[name]
            case list() as items, int() as index:
                value = items[index]
            case _:
                raise TypeError(_MISMATCH)
        return value

    def replace(self, text: str) -> None:
        match self.container, self.key:
            case dict() as fields, str() as name:
                fields[name] = text
            case list() as items, int() as index:
                items[index] = text
            case _:
                raise TypeError(_MISMATCH)


_MISMATCH = "a TextSlot is a dict with a str key or a list with an int index"


@dataclass(frozen=True, slots=True)
class AnswerFormat:
    """The JSON answer a request asks for: any JSON object, or one matching `schema`."""

    kind: str  # "json_object" or "json_schema"
    schema: dict[str, Any] | None = None  # json_schema only; None when the request gave none usable


@dataclass(frozen=True, slots=True)
class SemanticParts:
    """What a semantic cache hit must share with its entry (`pinned`) and may differ in (`text`)."""

    pinned: list[Any]  # e.g. the system prompt, every earlier turn, the parameters
    text: str  # e.g. the last user turn: what is embedded


class Encoding(Protocol):
    """A tokenizer (tiktoken's `Encoding`, or a deployment's own)."""

    def encode_ordinary(self, text: str) -> list[int]: ...


Headers = list[tuple[bytes, bytes]]


class Surface:
    """The base surface: a door whose body the stages do not read. Subclasses override what applies."""

    __slots__ = ("name",)
    content_type: ClassVar[tuple[bytes, bytes]] = JSON_CONTENT_TYPE
    stream_format: ClassVar[str] = "chat"
    anthropic: ClassVar[bool] = False  # an Anthropic client's door: a key sent here is an Anthropic key
    generates: ClassVar[bool] = True  # the upstream makes an answer (False: it only reads, e.g. counting tokens)
    answer_headers: ClassVar[frozenset[bytes]] = frozenset()  # request headers that can change the answer
    input_field: ClassVar[str] = "messages"
    output_field: ClassVar[str] = "max_tokens"

    def __init__(self, name: str) -> None:
        self.name = name  # the endpoint kind it serves (the pipeline's key)

    def parse(self, raw: bytes, headers: Headers, *, templates: bool) -> dict[str, Any] | None:
        """The checked body (`templates`: the policy has prompt templates), or None when not read."""
        return None

    def model(self, body: dict[str, Any]) -> str | None:
        """The model the checked body names (every OpenAI body calls it `model`)."""
        model = body.get("model")
        return model if isinstance(model, str) else None

    def stream_flags(self, body: dict[str, Any]) -> tuple[bool, bool]:
        """(the answer streams, the stream ends with usage the caller asked for)."""
        return False, False

    def requested(self, path: str, raw: bytes) -> tuple[str | None, bool]:
        """For a body the stages do not parse: (the model it names, whether it asks to stream)."""
        return None, False

    def end_user(self, body: dict[str, Any]) -> tuple[str, str] | None:
        """(field, value) of the body field that names the end user, if any."""
        return None

    def text_slots(self, body: dict[str, Any]) -> list[TextSlot]:
        return []

    def opaque_input(self, body: dict[str, Any]) -> str | None:
        """Why a guardrail cannot read this request's input (e.g. token ids), or None when it can."""
        return None

    def answer_format(self, body: dict[str, Any]) -> AnswerFormat | None:
        return None

    def cache_fields(self, body: dict[str, Any]) -> dict[str, Any]:
        return body

    def cacheable(self, body: dict[str, Any]) -> bool:
        return True

    def deferred(self, body: dict[str, Any]) -> bool:
        return False

    def semantic_parts(self, body: dict[str, Any], *, max_turns: int, any_temperature: bool) -> SemanticParts | None:
        return None

    def input_tokens(self, body: dict[str, Any], encoding: Encoding | None) -> int:
        return 0

    def requested_output(self, body: dict[str, Any]) -> int | None:
        return None

    def cap_output(self, body: dict[str, Any], cap: int) -> None:
        """Lower the output tokens asked for to `cap` (or ask for `cap` when nothing was asked)."""
        return None

    def prompt_text(self, body: dict[str, Any]) -> str:
        return ""

    def routing_body(self, body: dict[str, Any]) -> dict[str, Any]:
        return body

    def usage(self, answer: dict[str, Any]) -> Usage | None:
        found = answer.get("usage")
        return Usage.from_openai(found) if type(found) is dict else None

    def answer_text(self, answer: dict[str, Any]) -> str | None:
        """The answer's text (None when it has none, e.g. only tool calls)."""
        return None

    def answer_slots(self, answer: dict[str, Any]) -> list[TextSlot]:
        """Every text of a whole answer that output guardrails read, each replaceable in place."""
        return []

    def render_error(self, err: ProxyError) -> tuple[int, Headers, bytes]:
        """(status, headers, body) of `err` as this protocol's error reply (here: the OpenAI envelope)."""
        headers = [(k.encode("latin-1"), v.encode("latin-1")) for k, v in err.headers.items()]
        headers.append(self.content_type)
        return err.status, headers, err.body()

    def error_event(self, err: ProxyError) -> bytes:
        """`err` as one SSE event that ends a stream already under way."""
        return encode(orjson.dumps({"error": err.error_object()}))


def named_user(body: dict[str, Any], fields: tuple[str, ...]) -> tuple[str, str] | None:
    """(field, value) of the first of `fields` that names the end user with a non-empty string."""
    for field in fields:
        user = body.get(field)
        if isinstance(user, str) and user:
            return field, user
    return None


def uncountable(field: str, what: str) -> InvalidRequest:
    """The refusal of a deferred request where `what` (a budget, a token limit) must count its usage."""
    return InvalidRequest(
        f"'{field}' runs are not allowed here: {what} applies to this request and counts the answer's usage, "
        f"which a '{field}' run does not return. Send the request without '{field}'.",
        param=field,
    )


OPENAI = Surface("openai")  # errors outside any door (routing, the app's own refusals)
