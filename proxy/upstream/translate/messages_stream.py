"""Sans-I/O translation of a chat.completion.chunk stream into Messages stream events (protocol.md section 11).

Guarantees: each event is a dict whose `type` is its SSE event name, in the order Anthropic
sends them: `message_start`, then per block `content_block_start` / `content_block_delta`... /
`content_block_stop`, then `message_delta` (stop reason and the final usage) and `message_stop`.
Block indexes count 0, 1, 2, ... in the order blocks start, which is the position in `content`
the SDKs' accumulators give them. At most one block is open at a time. Text streams as it comes;
tool calls are gathered until the choice finishes and then sent as one `tool_use` block each, in
the order they began, the arguments in one `input_json_delta`: chat upstreams may interleave the
argument pieces of parallel calls, while a Messages client may take a tool's input as final at its
block's `content_block_stop`, so no block is closed before its input is whole; what is gathered is
bounded (`MAX_HELD_ARGUMENTS`, then an `error` event). A stream that ends without
a finish reason, or with an upstream error, ends with an `error` event instead, so the caller
sees a failure rather than a silently short answer. Tool ids go through `tool_id`, as in
`to_message`. Reasoning deltas are dropped (a `thinking` block needs a signature we cannot make).
"""

from __future__ import annotations

from typing import Any

from proxy.upstream.translate.messages_answers import message_usage, new_tool_id, stop_reason, tool_id

# What the gathered tool calls may hold before the stream fails: an upstream that never ends a
# call must not grow the proxy's memory without bound.
MAX_HELD_ARGUMENTS = 4 * 1024 * 1024


class ChatToMessagesStream:
    """Chat completion chunks in, Messages stream event dicts out; one instance per stream.

    Call `start` first, `feed` per chunk, then `finish` at the end of the chat stream ([DONE], or
    the upstream closed after a finish reason), or `failed` for an upstream error. Nothing is
    returned after `finish` or `failed`.
    """

    __slots__ = (
        "_blocks",
        "_calls",
        "_ended",
        "_finish_reason",
        "_held",
        "_last_call",
        "_message_id",
        "_model",
        "_open",
        "_open_is_text",
        "_pending",
        "_refused",
        "_usage",
    )

    def __init__(self, *, message_id: str, model: str) -> None:
        self._message_id = message_id
        self._model = model
        self._blocks = 0  # blocks started so far: the next block's index
        self._open: int | None = None  # index of the open block
        self._open_is_text = False
        self._calls: dict[Any, int] = {}  # chat tool-call key -> its place in `_pending`
        self._pending: list[dict[str, Any]] = []  # tool calls gathered until the choice finishes
        self._held = 0  # characters of arguments gathered (bounded: see MAX_HELD_ARGUMENTS)
        self._last_call: Any = None
        self._finish_reason: str | None = None
        self._refused = False
        self._usage: dict[str, Any] | None = None
        self._ended = False

    @property
    def usage(self) -> dict[str, int]:
        """The Messages usage from the chat usage seen so far (zeros before the usage chunk)."""
        return message_usage(self._usage)

    @property
    def stop_reason(self) -> str | None:
        """The Messages stop reason once the upstream sent a finish reason, else None."""
        if self._finish_reason is None:
            return None
        return "refusal" if self._refused else stop_reason(self._finish_reason)

    def start(self) -> list[dict[str, Any]]:
        """`message_start` with an empty message; the real usage follows in `message_delta`."""
        message: dict[str, Any] = {
            "id": self._message_id,
            "type": "message",
            "role": "assistant",
            "model": self._model,
            "content": [],
            "stop_reason": None,
            "stop_sequence": None,
            "usage": {"input_tokens": 0, "output_tokens": 0},
        }
        return [{"type": "message_start", "message": message}]

    def feed(self, chunk: dict[str, Any]) -> list[dict[str, Any]]:
        """Events for one chat chunk; a chunk carrying an in-band `error` object ends the stream with `failed`."""
        if self._ended:
            return []
        error = chunk.get("error")
        if error:
            message = error.get("message") if isinstance(error, dict) else None
            return self.failed(message if isinstance(message, str) and message else "The upstream failed.")
        if isinstance(chunk.get("usage"), dict):
            self._usage = chunk["usage"]
        choice = _first_choice(chunk.get("choices"))
        if choice is None:
            return []
        delta = choice.get("delta") or {}
        out: list[dict[str, Any]] = []
        for field in ("content", "refusal"):
            text = delta.get(field)
            if isinstance(text, str) and text:
                self._refused = self._refused or field == "refusal"
                self._text(text, out)
        for call in delta.get("tool_calls") or ():
            if isinstance(call, dict):
                self._tool_call(call, out)
        if self._held > MAX_HELD_ARGUMENTS:
            return out + self.failed(f"The model's tool calls exceed {MAX_HELD_ARGUMENTS} bytes of arguments.")
        reason = choice.get("finish_reason")
        if isinstance(reason, str) and reason:
            self._finish_reason = reason
            self._close(out)
            self._send_calls(out)
        return out

    def finish(self) -> list[dict[str, Any]]:
        """`message_delta` and `message_stop`; an `error` event when no finish reason was seen."""
        if self._ended:
            return []
        if self._finish_reason is None:
            return self.failed("The upstream ended the answer before it was complete.")
        self._ended = True
        out: list[dict[str, Any]] = []
        self._close(out)
        self._send_calls(out)
        usage = self.usage
        delta = {"stop_reason": self.stop_reason, "stop_sequence": None}
        out.append({"type": "message_delta", "delta": delta, "usage": usage})
        out.append({"type": "message_stop"})
        return out

    def failed(self, message: str, kind: str = "api_error") -> list[dict[str, Any]]:
        """One `error` event (`kind` is the Anthropic error type, e.g. overloaded_error); ends the stream."""
        if self._ended:
            return []
        self._ended = True
        return [{"type": "error", "error": {"type": kind, "message": message}}]

    # ------------------------------------------------------------ blocks

    def _text(self, text: str, out: list[dict[str, Any]]) -> None:
        if self._open is None or not self._open_is_text:
            self._close(out)
            self._start({"type": "text", "text": ""}, out, is_text=True)
        delta = {"type": "text_delta", "text": text}
        out.append({"type": "content_block_delta", "index": self._open, "delta": delta})

    def _tool_call(self, call: dict[str, Any], out: list[dict[str, Any]]) -> None:
        """Gather one piece of a tool call (sent whole by `_send_calls`)."""
        key = call.get("index")
        if not isinstance(key, int):  # some upstreams leave out the index: key by id, else the last call
            key = call.get("id") or self._last_call
        function = call.get("function") or {}
        place = self._calls.get(key)
        if place is None:
            raw_id, name = call.get("id"), function.get("name")
            block_id = tool_id(raw_id) if isinstance(raw_id, str) and raw_id else new_tool_id()
            place = self._calls[key] = len(self._pending)
            self._pending.append({"id": block_id, "name": name if isinstance(name, str) else "", "pieces": []})
            self._last_call = key
        arguments = function.get("arguments")
        if isinstance(arguments, str) and arguments:
            self._pending[place]["pieces"].append(arguments)
            self._held += len(arguments)

    def _send_calls(self, out: list[dict[str, Any]]) -> None:
        """Every gathered tool call as a whole `tool_use` block, in the order the calls began."""
        for found in self._pending:
            block = {"type": "tool_use", "id": found["id"], "name": found["name"], "input": {}}
            index = self._start(block, out, is_text=False)
            arguments = "".join(found["pieces"])
            if arguments:
                delta = {"type": "input_json_delta", "partial_json": arguments}
                out.append({"type": "content_block_delta", "index": index, "delta": delta})
            self._close(out)
        self._pending.clear()
        self._calls.clear()
        self._held = 0

    def _start(self, block: dict[str, Any], out: list[dict[str, Any]], *, is_text: bool) -> int:
        index = self._open = self._blocks
        self._blocks += 1
        self._open_is_text = is_text
        out.append({"type": "content_block_start", "index": index, "content_block": block})
        return index

    def _close(self, out: list[dict[str, Any]]) -> None:
        if self._open is not None:
            out.append({"type": "content_block_stop", "index": self._open})
            self._open = None


def _first_choice(choices: Any) -> dict[str, Any] | None:
    """Choice 0 (Messages has one answer; a request for more is refused before it gets here)."""
    if not isinstance(choices, list):
        return None
    for choice in choices:
        if isinstance(choice, dict) and choice.get("index", 0) == 0:
            return choice
    return None
