"""Sans-I/O translation of an Anthropic Messages event stream into OpenAI chat.completion.chunk dicts.

Guarantees: chunks have the exact OpenAI shape; tool calls are numbered 0, 1, ... in the order
their blocks start, whatever text or thinking blocks come between (Anthropic block indices count
those too); no chunk carries two tool-call entries with the same index; thinking is dropped; the
final usage folds cache reads and writes into `prompt_tokens`.
"""

from __future__ import annotations

from typing import Any

from proxy.upstream.translate.anthropic_answers import finish_reason, openai_usage, stream_error

# Counters message_delta may update; its usage is cumulative, so a newer value replaces the old one.
_USAGE_KEYS = ("input_tokens", "output_tokens", "cache_read_input_tokens", "cache_creation_input_tokens")


class AnthropicStreamTranslator:
    """Anthropic SSE events in, OpenAI chat.completion.chunk dicts out.

    One instance per upstream stream. Events after `message_stop` or `error` are ignored.
    """

    __slots__ = ("_created", "_finished", "_id", "_model", "_tool_index", "_usage", "stop_reason")

    def __init__(self, model: str, created: int) -> None:
        self._model = model
        self._created = created
        self._id = "chatcmpl-"
        self._finished = False
        self._tool_index: dict[int, int] = {}
        self._usage: dict[str, Any] = {}
        self.stop_reason: str | None = None

    @property
    def finished(self) -> bool:
        """True after message_stop or error."""
        return self._finished

    @property
    def usage(self) -> dict[str, Any]:
        """The OpenAI usage for what has been seen so far (for accounting on truncated streams too)."""
        return openai_usage(self._usage)

    def feed(self, event_type: str, data: dict[str, Any]) -> list[dict[str, Any]]:
        """Translate one event (event_type is the SSE `event:` name, equal to data["type"]); returns 0..n OpenAI chunks.

        An `error` event returns [{"error": {...}}] (the relay forwards it and ends the stream).
        `message_stop` returns the final usage chunk ({"choices": [], "usage": {...}}, always: the
        caller decides whether to forward it). ping, content_block_stop and unknown events give [].
        """
        if self._finished:
            return []
        if event_type == "message_start":
            return self._message_start(data.get("message") or {})
        if event_type == "content_block_start":
            return self._block_start(data.get("index"), data.get("content_block") or {})
        if event_type == "content_block_delta":
            return self._block_delta(data.get("index"), data.get("delta") or {})
        if event_type == "message_delta":
            self._take_usage(data.get("usage"))
            self.stop_reason = (data.get("delta") or {}).get("stop_reason")
            return [self._chunk({}, finish_reason(self.stop_reason))]
        if event_type == "message_stop":
            self._finished = True
            return [self._usage_chunk()]
        if event_type == "error":
            self._finished = True
            error = data.get("error")
            return [stream_error(error if isinstance(error, dict) else {})]
        return []

    def _message_start(self, message: dict[str, Any]) -> list[dict[str, Any]]:
        self._id = "chatcmpl-" + str(message.get("id", ""))
        self._take_usage(message.get("usage"))
        return [self._chunk({"role": "assistant", "content": ""})]

    def _block_start(self, index: Any, block: dict[str, Any]) -> list[dict[str, Any]]:
        kind = block.get("type")
        if kind == "text" and block.get("text"):
            return [self._chunk({"content": block["text"]})]
        if kind != "tool_use" or not isinstance(index, int):
            return []
        k = len(self._tool_index)
        self._tool_index[index] = k
        function = {"name": block.get("name", ""), "arguments": ""}
        call = {"index": k, "id": block.get("id", ""), "type": "function", "function": function}
        return [self._chunk({"tool_calls": [call]})]

    def _block_delta(self, index: Any, delta: dict[str, Any]) -> list[dict[str, Any]]:
        kind = delta.get("type")
        if kind == "text_delta" and delta.get("text"):
            return [self._chunk({"content": delta["text"]})]
        if kind == "input_json_delta" and delta.get("partial_json") and index in self._tool_index:
            call = {"index": self._tool_index[index], "function": {"arguments": delta["partial_json"]}}
            return [self._chunk({"tool_calls": [call]})]
        return []  # thinking, signature and citation deltas have no OpenAI counterpart

    def _take_usage(self, usage: Any) -> None:
        if isinstance(usage, dict):
            self._usage.update({k: usage[k] for k in _USAGE_KEYS if usage.get(k) is not None})

    def _chunk(self, delta: dict[str, Any], finish: str | None = None) -> dict[str, Any]:
        choice = {"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish}
        return {**self._head(), "choices": [choice]}

    def _usage_chunk(self) -> dict[str, Any]:
        return {**self._head(), "choices": [], "usage": self.usage}

    def _head(self) -> dict[str, Any]:
        return {"id": self._id, "object": "chat.completion.chunk", "created": self._created, "model": self._model}
