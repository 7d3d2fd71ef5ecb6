"""Sans-I/O translation of a chat.completion.chunk stream into Responses API stream events (protocol.md section 9).

Guarantees: events have the exact Responses shapes and a `sequence_number` counting from 0 over
the whole stream; items open and close in the order the real API uses (the message closes before
a function call is added, each call closes before the next one is added), so the openai SDK's
stream helper accepts them; the terminal `response.completed` / `response.incomplete` carries
the full `output` and `usage`, built with the same builders as `to_response` (the item that was
open when the answer was cut short is the one marked incomplete, as there).
"""

from __future__ import annotations

from typing import Any

from proxy.upstream.translate.responses_answers import (
    function_call_item,
    incomplete_reason,
    logprobs,
    message_item,
    new_id,
    refusal_part,
    response_object,
    responses_usage,
    text_part,
)


class _Part:
    __slots__ = ("chunks", "kind", "logprobs")

    def __init__(self, kind: str) -> None:
        self.kind = kind  # "text" or "refusal"
        self.chunks: list[str] = []
        self.logprobs: list[dict[str, Any]] = []


class _Message:
    __slots__ = ("content", "id", "index", "part")

    def __init__(self, index: int) -> None:
        self.id = new_id("msg")
        self.index = index
        self.content: list[dict[str, Any]] = []  # closed parts
        self.part: _Part | None = None


class _Call:
    __slots__ = ("arguments", "call_id", "id", "index", "item", "name")

    def __init__(self, index: int, call_id: str, name: str) -> None:
        self.id = new_id("fc")
        self.index = index
        self.call_id = call_id
        self.name = name
        self.arguments: list[str] = []
        self.item: dict[str, Any] | None = None  # the finished item, once closed


class ChatToResponsesStream:
    """Chat completion chunks in, Responses stream event dicts out; one instance per stream.

    Call `start` first, `feed` per chunk, then `finish` at the end of the chat stream, or `error`
    for an in-band upstream error. Nothing is returned after `finish` or `error`.
    """

    __slots__ = (
        "_calls",
        "_created_at",
        "_ended",
        "_finish_reason",
        "_last_call",
        "_message",
        "_model",
        "_open_call",
        "_output",
        "_request",
        "_response_id",
        "_seq",
        "_service_tier",
        "_usage",
    )

    def __init__(self, *, request: dict[str, Any], response_id: str, created_at: int, model: str) -> None:
        self._request = request
        self._response_id = response_id
        self._created_at = created_at
        self._model = model
        self._seq = 0
        self._ended = False
        self._output: list[dict[str, Any]] = []  # finished items, in output order
        self._message: _Message | None = None
        self._open_call: _Call | None = None
        self._calls: dict[Any, _Call] = {}  # by chat tool-call index
        self._last_call: Any = None
        self._finish_reason: str | None = None
        self._usage: dict[str, Any] | None = None
        self._service_tier: Any = None

    def start(self) -> list[dict[str, Any]]:
        """`response.created` then `response.in_progress`, each with an empty in-progress snapshot."""
        return [
            self._event("response.created", response=self._snapshot()),
            self._event("response.in_progress", response=self._snapshot()),
        ]

    def feed(self, chunk: dict[str, Any]) -> list[dict[str, Any]]:
        """Events for one chat chunk; a chunk carrying an in-band `error` object is handed to `error`."""
        if self._ended:
            return []
        if chunk.get("error"):
            return self.error(chunk)
        if chunk.get("usage"):
            self._usage = chunk["usage"]
        if chunk.get("service_tier"):
            self._service_tier = chunk["service_tier"]
        choices = chunk.get("choices")
        if not choices:
            return []
        choice = choices[0]
        delta = choice.get("delta") or {}
        out: list[dict[str, Any]] = []
        if delta.get("content"):
            self._text("text", delta["content"], choice.get("logprobs"), out)
        if delta.get("refusal"):
            self._text("refusal", delta["refusal"], None, out)
        for call in delta.get("tool_calls") or ():
            self._tool_call(call, out)
        if choice.get("finish_reason"):
            self._finish_reason = choice["finish_reason"]
        return out

    def finish(self) -> list[dict[str, Any]]:
        """Closes what is open, then `response.completed` (or `response.incomplete` for a cut-short answer)."""
        if self._ended:
            return []
        self._ended = True
        out: list[dict[str, Any]] = []
        incomplete = incomplete_reason(self._finish_reason)
        if not self._output and self._message is None and self._open_call is None:
            # An empty answer still gets its message, as `to_response` gives it one.
            self._open_part("text", out)
        self._close_open(out, "incomplete" if incomplete else "completed")
        response = response_object(
            request=self._request,
            response_id=self._response_id,
            created_at=self._created_at,
            model=self._model,
            status="incomplete" if incomplete else "completed",
            output=self._output,
            usage=responses_usage(self._usage),
            incomplete=incomplete,
            service_tier=self._service_tier,
        )
        return [*out, self._event("response.incomplete" if incomplete else "response.completed", response=response)]

    def error(self, error: dict[str, Any]) -> list[dict[str, Any]]:
        """One `error` event for an upstream error (an error object, or `{"error": {...}}`); ends the stream."""
        if self._ended:
            return []
        self._ended = True
        inner = error.get("error")
        if isinstance(inner, dict):
            error = inner
        message = error.get("message") or "The upstream failed while streaming the answer."
        code = error.get("code") or error.get("type") or "server_error"
        return [self._event("error", code=code, message=message, param=error.get("param"))]

    # ------------------------------------------------------------ text and refusals

    def _text(self, kind: str, text: str, chat_logprobs: Any, out: list[dict[str, Any]]) -> None:
        message = self._message
        part = message.part if message is not None else None
        if message is None or part is None or part.kind != kind:
            message, part = self._open_part(kind, out)
        part.chunks.append(text)
        fields = {"item_id": message.id, "output_index": message.index, "content_index": len(message.content)}
        if kind == "refusal":
            out.append(self._event("response.refusal.delta", **fields, delta=text))
            return
        entries = logprobs(chat_logprobs.get("content")) if isinstance(chat_logprobs, dict) else []
        part.logprobs.extend(entries)
        out.append(self._event("response.output_text.delta", **fields, delta=text, logprobs=entries))

    def _open_part(self, kind: str, out: list[dict[str, Any]]) -> tuple[_Message, _Part]:
        message = self._message
        if message is None:
            self._close_open(out, "completed")
            message = self._message = _Message(len(self._output))
            added = message_item(message.id, [], "in_progress")
            out.append(self._event("response.output_item.added", output_index=message.index, item=added))
        elif message.part is not None:
            self._close_part(message, out)
        part = message.part = _Part(kind)
        empty = text_part("", []) if kind == "text" else refusal_part("")
        fields = {"item_id": message.id, "output_index": message.index, "content_index": len(message.content)}
        out.append(self._event("response.content_part.added", **fields, part=empty))
        return message, part

    def _close_part(self, message: _Message, out: list[dict[str, Any]]) -> None:
        part = message.part
        if part is None:
            return
        message.part = None
        text = "".join(part.chunks)
        fields = {"item_id": message.id, "output_index": message.index, "content_index": len(message.content)}
        if part.kind == "text":
            done = text_part(text, part.logprobs)
            out.append(self._event("response.output_text.done", **fields, text=text, logprobs=part.logprobs))
        else:
            done = refusal_part(text)
            out.append(self._event("response.refusal.done", **fields, refusal=text))
        out.append(self._event("response.content_part.done", **fields, part=done))
        message.content.append(done)

    # ------------------------------------------------------------ function calls

    def _tool_call(self, call: dict[str, Any], out: list[dict[str, Any]]) -> None:
        key = call.get("index")
        if not isinstance(key, int):  # some upstreams leave out the index: key by id, else the last call
            key = call.get("id") or self._last_call
        function = call.get("function") or {}
        state = self._calls.get(key)
        if state is None:
            self._close_open(out, "completed")
            state = _Call(len(self._output), call.get("id") or new_id("call"), function.get("name") or "")
            self._calls[key] = self._open_call = state
            self._last_call = key
            added = function_call_item(state.id, state.call_id, state.name, "", "in_progress")
            out.append(self._event("response.output_item.added", output_index=state.index, item=added))
        elif not state.name and function.get("name"):
            state.name = function["name"]
        arguments = function.get("arguments")
        if not arguments:
            return
        state.arguments.append(arguments)
        if state.item is not None:
            # A late piece for a call already closed: its events are out, but the final output stays whole.
            state.item["arguments"] += arguments
            return
        fields = {"item_id": state.id, "output_index": state.index}
        out.append(self._event("response.function_call_arguments.delta", **fields, delta=arguments))

    # ------------------------------------------------------------ closing

    def _close_open(self, out: list[dict[str, Any]], status: str) -> None:
        """Closes the open message or call (at most one is open); `status` is the closed item's."""
        message, call = self._message, self._open_call
        if message is not None:
            self._message = None
            self._close_part(message, out)
            item = message_item(message.id, message.content, status)
            out.append(self._event("response.output_item.done", output_index=message.index, item=item))
            self._output.append(item)
        elif call is not None:
            self._open_call = None
            arguments = "".join(call.arguments)
            fields = {"item_id": call.id, "output_index": call.index}
            out.append(self._event("response.function_call_arguments.done", **fields, arguments=arguments))
            call.item = function_call_item(call.id, call.call_id, call.name, arguments, status)
            out.append(self._event("response.output_item.done", output_index=call.index, item=dict(call.item)))
            self._output.append(call.item)

    def _snapshot(self) -> dict[str, Any]:
        return response_object(
            request=self._request,
            response_id=self._response_id,
            created_at=self._created_at,
            model=self._model,
            status="in_progress",
            output=[],
            usage=None,
        )

    def _event(self, type_: str, **fields: Any) -> dict[str, Any]:
        event = {"type": type_, "sequence_number": self._seq, **fields}
        self._seq += 1
        return event
