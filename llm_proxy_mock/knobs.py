"""The mock's behaviour knobs: one frozen `Knobs` value per request.

A knob's value comes from, in order of precedence: the request body's `"mock": {...}` object,
an `x-mock-<knob-name-with-dashes>` header, the server-wide default (a CLI flag), the field default.
"""

from __future__ import annotations

import argparse
import dataclasses
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

ErrorFormat = Literal["openai", "flat", "string", "detail", "text"]
ERROR_FORMATS: tuple[str, ...] = ("openai", "flat", "string", "detail", "text")
HEADER_PREFIX = "x-mock-"


@dataclass(frozen=True, slots=True)
class Knobs:
    """How the mock answers one request. Every field is validated (see `KNOB_SPECS`)."""

    id: str | None = None
    chunks: int = 5
    content: str | None = None
    chunk_delay_ms: float = 0.0
    ttfb_ms: float = 0.0
    first_chunk_ms: float = 0.0
    status: int = 200
    retry_after: str | None = None
    retry_after_ms: str | None = None
    error_message: str | None = None
    error_type: str | None = None
    error_code: str | None = None
    error_format: ErrorFormat = "openai"
    drop_after: int | None = None
    stall_after: int | None = None
    stall_ms: float | None = None
    error_event_after: int | None = None
    no_done: bool = False
    tool_calls: int = 0
    keepalive: bool = False
    crlf: bool = False
    dated_model: bool = False
    gzip: bool = False
    usage_on_every_chunk: bool = False
    stop_reason: str | None = None
    cache_read_tokens: int = 0
    cache_creation_tokens: int = 0
    thinking: bool = False
    reasoning_tokens: int = 0
    text_before_tools: bool = False
    azure_filter_chunk: bool = False
    fail_rate: float = 0.0
    fail_status: int = 500
    stall_rate: float = 0.0
    pad_bytes: int = 0
    raw_body: str | None = None
    raw_content_type: str = "application/json"
    role_chunks: int = 0
    trickle_ms: float | None = None


class KnobError(ValueError):
    """A knob name is unknown or its value is invalid; `param` names it (e.g. `mock.chunks`)."""

    def __init__(self, message: str, param: str, code: str) -> None:
        super().__init__(message)
        self.message = message
        self.param = param
        self.code = code


Kind = Literal["int", "float", "bool", "str"]


@dataclass(frozen=True, slots=True)
class KnobSpec:
    """Type and constraints of one knob; `check` returns an error text or None."""

    kind: Kind
    optional: bool
    help: str
    check: Callable[[Any], str | None] | None = None


def _at_least(low: float) -> Callable[[Any], str | None]:
    return lambda v: None if v >= low else f"must be >= {low:g}"


def _between(low: int, high: int) -> Callable[[Any], str | None]:
    return lambda v: None if low <= v <= high else f"must be between {low} and {high}"


def _status(v: Any) -> str | None:
    return None if v == 200 or 400 <= v <= 599 else "must be 200 or 400..599"


def _rate(v: Any) -> str | None:
    return None if 0.0 <= v <= 1.0 else "must be between 0 and 1"


def _error_status(v: Any) -> str | None:
    return None if 400 <= v <= 599 else "must be 400..599"


def _error_format(v: Any) -> str | None:
    return None if v in ERROR_FORMATS else f"must be one of {', '.join(ERROR_FORMATS)}"


KNOB_SPECS: Mapping[str, KnobSpec] = {
    "id": KnobSpec("str", True, "record id in /_mock/log (default: mock-<serial>)"),
    "chunks": KnobSpec("int", False, "content chunks per answer (default 5)", _between(1, 100_000)),
    "content": KnobSpec("str", True, "answer text, split into `chunks` pieces"),
    "chunk_delay_ms": KnobSpec("float", False, "sleep between consecutive content chunks", _at_least(0)),
    "ttfb_ms": KnobSpec("float", False, "sleep before the response headers", _at_least(0)),
    "first_chunk_ms": KnobSpec("float", False, "stream: sleep after headers, before the first event", _at_least(0)),
    "status": KnobSpec("int", False, "if >= 400, answer with this status and an error body", _status),
    "retry_after": KnobSpec("str", True, "error answers: `retry-after` header value"),
    "retry_after_ms": KnobSpec("str", True, "error answers: `retry-after-ms` header value"),
    "error_message": KnobSpec("str", True, "error answers and error events: the message"),
    "error_type": KnobSpec("str", True, "error answers: error.type"),
    "error_code": KnobSpec("str", True, "error answers: error.code"),
    "error_format": KnobSpec("str", False, "error body shape: " + "|".join(ERROR_FORMATS), _error_format),
    "drop_after": KnobSpec("int", True, "close the TCP connection after this many content chunks", _at_least(0)),
    "stall_after": KnobSpec("int", True, "stop after this many content chunks until the client leaves", _at_least(0)),
    "stall_ms": KnobSpec("float", True, "end a stall after this long and carry on", _at_least(0)),
    "error_event_after": KnobSpec(
        "int", True, "stream: send an error event after this many content chunks", _at_least(0)
    ),
    "no_done": KnobSpec("bool", False, "stream: omit `data: [DONE]`"),
    "tool_calls": KnobSpec("int", False, "answer with this many parallel tool calls", _between(0, 128)),
    "keepalive": KnobSpec("bool", False, "stream: `: keepalive` comment before each content chunk"),
    "crlf": KnobSpec("bool", False, "stream: frame events with CRLF line endings"),
    "dated_model": KnobSpec("bool", False, "answer with model + '-2024-07-18'"),
    "gzip": KnobSpec("bool", False, "non-stream: gzip the body, send content-encoding: gzip"),
    "usage_on_every_chunk": KnobSpec("bool", False, 'stream: `"usage": null` on every chunk'),
    "stop_reason": KnobSpec(
        "str", True, "Anthropic stop_reason, any string (default: end_turn, tool_use with tools, max_tokens if cut)"
    ),
    "cache_read_tokens": KnobSpec(
        "int", False, "usage: cache_read_input_tokens (OpenAI: cached_tokens, part of prompt_tokens)", _at_least(0)
    ),
    "cache_creation_tokens": KnobSpec(
        "int", False, "usage: cache_creation_input_tokens (OpenAI: cache_write_tokens)", _at_least(0)
    ),
    "thinking": KnobSpec("bool", False, "Anthropic: a thinking block before the other blocks"),
    "reasoning_tokens": KnobSpec(
        "int", False, "Responses: a reasoning item and this many reasoning tokens (part of output_tokens)", _at_least(0)
    ),
    "text_before_tools": KnobSpec("bool", False, "tool answers: a short text before the tool calls"),
    "azure_filter_chunk": KnobSpec("bool", False, "chat stream: Azure's prompt_filter_results chunk first"),
    "fail_rate": KnobSpec("float", False, "probability (seeded, see --seed) of answering fail_status", _rate),
    "fail_status": KnobSpec("int", False, "the status fail_rate answers with (default 500)", _error_status),
    "stall_rate": KnobSpec("float", False, "probability (seeded) of stalling before the headers (see stall_ms)", _rate),
    "pad_bytes": KnobSpec(
        "int", False, "non-stream: append this many spaces to the body (before gzip: a compression bomb)", _at_least(0)
    ),
    "raw_body": KnobSpec(
        "str", True, "answer 200 with exactly this body (stream or not); stall_after: 0 stalls after it"
    ),
    "raw_content_type": KnobSpec("str", False, "the content type of raw_body (default application/json)"),
    "role_chunks": KnobSpec(
        "int", False, "chat stream: this many extra role-only chunks before the content", _at_least(0)
    ),
    "trickle_ms": KnobSpec(
        "float", True, "stream: at stall_after, send one byte of a never-finished event every trickle_ms", _at_least(1)
    ),
}

_TRUE = frozenset({"1", "true", "yes", "on"})
_FALSE = frozenset({"0", "false", "no", "off"})
_NULL = frozenset({"", "null", "none"})


def _fail(name: str, problem: str) -> KnobError:
    return KnobError(f"Invalid value for mock knob '{name}': {problem}", f"mock.{name}", "invalid_mock_knob")


def _validated(name: str, spec: KnobSpec, value: Any) -> Any:
    if value is not None and spec.check is not None and (problem := spec.check(value)) is not None:
        raise _fail(name, problem)
    return value


def parse_text(name: str, text: str) -> Any:
    """Convert a header or CLI string into knob `name`'s typed, validated value."""
    spec = KNOB_SPECS[name]
    raw = text.strip()
    if spec.optional and raw.lower() in _NULL:
        return None
    try:
        if spec.kind == "int":
            return _validated(name, spec, int(raw))
        if spec.kind == "float":
            return _validated(name, spec, float(raw))
    except ValueError:
        raise _fail(name, f"expected {spec.kind}, got {text!r}") from None
    if spec.kind == "bool":
        if raw.lower() in _TRUE:
            return True
        if raw.lower() in _FALSE:
            return False
        raise _fail(name, f"expected a boolean, got {text!r}")
    return _validated(name, spec, text)


def parse_json(name: str, value: Any) -> Any:
    """Convert a JSON value from the body's `mock` object into knob `name`'s typed, validated value."""
    spec = KNOB_SPECS[name]
    if value is None:
        if spec.optional:
            return None
        raise _fail(name, "must not be null")
    is_number = isinstance(value, int | float) and not isinstance(value, bool)
    if spec.kind == "int" and isinstance(value, int) and not isinstance(value, bool):
        return _validated(name, spec, value)
    if spec.kind == "float" and is_number:
        return _validated(name, spec, float(value))
    if spec.kind == "bool" and isinstance(value, bool):
        return value
    if spec.kind == "str" and (isinstance(value, str) or is_number):
        return _validated(name, spec, value if isinstance(value, str) else str(value))
    raise _fail(name, f"expected {spec.kind}, got {type(value).__name__}")


def _unknown(name: str, origin: str) -> KnobError:
    return KnobError(
        f"Unknown mock knob '{name}' (from {origin}); known knobs: {', '.join(KNOB_SPECS)}",
        f"mock.{name}",
        "unknown_mock_knob",
    )


def resolve(defaults: Knobs, headers: Iterable[tuple[str, str]], body_mock: Any) -> Knobs:
    """The knobs for one request: body `mock` object > `x-mock-*` headers > `defaults`.

    Raises KnobError for an unknown knob name, a badly typed value, or a `mock` that is not an object.
    """
    changes: dict[str, Any] = {}
    for key, text in headers:
        lowered = key.lower()
        if lowered.startswith(HEADER_PREFIX):
            name = lowered[len(HEADER_PREFIX) :].replace("-", "_")
            if name not in KNOB_SPECS:
                raise _unknown(name, f"header {lowered}")
            changes[name] = parse_text(name, text)
    if body_mock is not None:
        if not isinstance(body_mock, dict):
            raise KnobError("'mock' must be a JSON object of knobs", "mock", "invalid_mock_knob")
        changes.update(parse_object(body_mock, "body field mock"))
    return dataclasses.replace(defaults, **changes) if changes else defaults


def parse_object(obj: dict[str, Any], origin: str) -> dict[str, Any]:
    """The typed, validated knobs of a JSON object such as the body's `mock` (KnobError if invalid)."""
    changes: dict[str, Any] = {}
    for name, value in obj.items():
        if name not in KNOB_SPECS:
            raise _unknown(name, origin)
        changes[name] = parse_json(name, value)
    return changes


def add_knob_arguments(parser: argparse.ArgumentParser) -> None:
    """One `--<knob-name>` flag per knob (dest `knob_<name>`, default None = keep the built-in default)."""
    group = parser.add_argument_group("mock knob defaults (overridable per request)")
    for name, spec in KNOB_SPECS.items():
        flag = "--" + name.replace("_", "-")
        if spec.kind == "bool":
            group.add_argument(flag, dest=f"knob_{name}", action="store_true", default=None, help=spec.help)
        else:
            group.add_argument(
                flag,
                dest=f"knob_{name}",
                type=_argparse_type(name),
                default=None,
                metavar=spec.kind.upper(),
                help=spec.help,
            )


def _argparse_type(name: str) -> Callable[[str], Any]:
    def convert(text: str) -> Any:
        try:
            return parse_text(name, text)
        except KnobError as exc:
            raise argparse.ArgumentTypeError(exc.message) from None

    convert.__name__ = name
    return convert


def knobs_from_namespace(ns: argparse.Namespace) -> Knobs:
    """The server-wide default knobs from flags added by `add_knob_arguments` (absent flags keep defaults)."""
    given = {name: getattr(ns, f"knob_{name}") for name in KNOB_SPECS if getattr(ns, f"knob_{name}", None) is not None}
    return dataclasses.replace(Knobs(), **given)
