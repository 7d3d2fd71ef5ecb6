"""Answers as the cache keeps them, recorded from a stream or a JSON body, and replayed as either.

Guarantees: a recorded stream becomes the same `chat.completion` the non-streamed call returns
(content, refusal, tool calls with their arguments, finish reasons, usage); only a stream that
ended with `[DONE]` (or a finish reason on every choice) and no error is complete; a replayed
stream is a correct OpenAI chunk sequence (role chunk, content chunks, tool calls, finish, usage
when asked) that the relay then sends on like an upstream's; replayed usage bills zero tokens.
The recorder is an answer filter that sees each event as the upstream sent it (before any output
guardrail) and keeps its bytes, so callers coalesced on this request can follow it live; it keeps
at most `max_bytes` of them (the cache's own budget, which no entry may exceed): a larger stream
stops being recorded there and ends its recording incomplete, so it is never stored and its
followers end as they do when a leader fails.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncGenerator
from dataclasses import dataclass, field
from typing import Any

import orjson

from proxy.core.filters import AnswerFilter
from proxy.core.sse import DONE, SSEEvent

ZERO_USAGE = {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0}
_PIECE = 48  # characters per replayed content chunk


@dataclass(slots=True)
class _Choice:
    content: list[str] = field(default_factory=list)
    refusal: list[str] = field(default_factory=list)
    tools: dict[int, dict[str, Any]] = field(default_factory=dict)
    finish_reason: str | None = None


class Recorder(AnswerFilter):
    """Keeps a stream's events as the upstream sent them (before any output guardrail), at most
    `max_bytes` of them, for the cache and for followers; subclasses read each event of their
    protocol (`read`) and build the whole answer (`answer`)."""

    def __init__(self, *, max_bytes: int) -> None:
        self.events: list[bytes] = []
        self._room = max_bytes  # bytes of events it may still keep
        self.closed = False
        self.complete = False
        self._changed = asyncio.Event()

    def add(self, obj: dict[str, Any], data: bytes) -> None:
        if self.closed:
            return  # cut short: too large to keep
        self._room -= len(data)
        if self._room < 0:
            self.discard()
            self.close()  # incomplete: not stored; followers end as when the leader fails
            return
        self.events.append(data)
        self.read(obj)
        self._notify()

    def read(self, obj: dict[str, Any]) -> None:
        """Take in one event of the stream."""

    def discard(self) -> None:
        """Forget what was read: the stream is too large to keep."""

    def done(self) -> None:
        """The upstream sent `[DONE]`."""
        if self.closed:
            return  # cut short: stays incomplete
        self.complete = self.finished()
        self.close()

    def finished(self) -> bool:
        """Whether what was read is a whole answer."""
        return False

    def close(self) -> None:
        self.closed = True
        self._notify()

    # As an answer filter: every upstream event, the upstream's [DONE], the end of the stream.
    def on_event(self, obj: dict[str, Any], data: bytes) -> None:
        self.add(obj, data)

    def on_done(self) -> None:
        self.done()

    def on_close(self) -> None:
        self.close()

    def _notify(self) -> None:
        self._changed.set()
        self._changed = asyncio.Event()

    def answer(self) -> dict[str, Any]:
        """The recorded stream as the whole answer the non-streamed call returns."""
        raise NotImplementedError

    async def follow(self) -> AsyncGenerator[list[SSEEvent], None]:
        """The recorded events so far and then as they arrive, until the stream closes."""
        sent = 0
        while True:
            changed = self._changed
            if sent < len(self.events):
                batch, sent = self.events[sent:], len(self.events)
                yield [SSEEvent(data=data) for data in batch]
                continue
            if self.closed:
                if self.complete and self.ends_with_done:
                    yield [SSEEvent(data=DONE)]
                return
            await changed.wait()

    ends_with_done = True  # the protocol's streams end with `[DONE]`


class StreamRecorder(Recorder):
    """A chat completion stream's chunks, accumulated into a `chat.completion`."""

    def __init__(self, *, max_bytes: int) -> None:
        super().__init__(max_bytes=max_bytes)
        self._choices: dict[int, _Choice] = {}
        self._usage: dict[str, Any] | None = None
        self._head: dict[str, Any] = {}

    def read(self, obj: dict[str, Any]) -> None:
        if not self._head:
            self._head = {k: obj[k] for k in ("id", "created", "model", "system_fingerprint") if k in obj}
        if isinstance(obj.get("usage"), dict):
            self._usage = obj["usage"]
        for choice in obj.get("choices") or ():
            if isinstance(choice, dict):
                self._add_choice(choice)

    def discard(self) -> None:
        self._choices.clear()

    def _add_choice(self, choice: dict[str, Any]) -> None:
        acc = self._choices.setdefault(int(choice.get("index", 0)), _Choice())
        delta = choice.get("delta") or {}
        if isinstance(delta.get("content"), str):
            acc.content.append(delta["content"])
        if isinstance(delta.get("refusal"), str):
            acc.refusal.append(delta["refusal"])
        for call in delta.get("tool_calls") or ():
            _add_tool_call(acc.tools, call)
        if choice.get("finish_reason"):
            acc.finish_reason = choice["finish_reason"]

    def finished(self) -> bool:
        return bool(self._choices) and all(c.finish_reason for c in self._choices.values())

    def answer(self) -> dict[str, Any]:
        """The recorded stream as a `chat.completion` object."""
        choices = [_message_choice(i, c) for i, c in sorted(self._choices.items())]
        out = {"id": self._head.get("id", ""), "object": "chat.completion", "created": self._head.get("created", 0)}
        out.update(model=self._head.get("model", ""), choices=choices)
        if self._usage is not None:
            out["usage"] = self._usage
        return out


def _add_tool_call(tools: dict[int, dict[str, Any]], call: Any) -> None:
    if not isinstance(call, dict):
        return
    entry = tools.setdefault(int(call.get("index", len(tools))), {"type": "function", "function": {"arguments": ""}})
    if call.get("id"):
        entry["id"] = call["id"]
    function = call.get("function") or {}
    if function.get("name"):
        entry["function"]["name"] = function["name"]
    if isinstance(function.get("arguments"), str):
        entry["function"]["arguments"] += function["arguments"]


def _message_choice(index: int, c: _Choice) -> dict[str, Any]:
    message: dict[str, Any] = {"role": "assistant", "content": "".join(c.content) if c.content else None}
    if c.refusal:
        message["refusal"] = "".join(c.refusal)
    if c.tools:
        message["tool_calls"] = [c.tools[i] for i in sorted(c.tools)]
    return {"index": index, "message": message, "finish_reason": c.finish_reason}


@dataclass(frozen=True, slots=True)
class CachedAnswer:
    """What one cache entry holds: the answer and what it cost the first time."""

    answer: dict[str, Any]
    prompt_tokens: int
    completion_tokens: int
    cost_usd: float

    def dumps(self) -> bytes:
        return orjson.dumps([1, self.answer, self.prompt_tokens, self.completion_tokens, self.cost_usd])

    @classmethod
    def loads(cls, raw: bytes) -> CachedAnswer | None:
        try:
            version, answer, prompt, completion, cost = orjson.loads(raw)
        except (orjson.JSONDecodeError, ValueError, TypeError):
            return None
        return cls(answer, prompt, completion, cost) if version == 1 and isinstance(answer, dict) else None


def cacheable(answer: dict[str, Any]) -> bool:
    """A whole, normal answer: choices present, each finished, none cut by a content filter."""
    choices = answer.get("choices")
    if not isinstance(choices, list) or not choices:
        return False
    reasons = [c.get("finish_reason") if isinstance(c, dict) else None for c in choices]
    return all(r in ("stop", "tool_calls", "length", "function_call") for r in reasons)


def replay_json(answer: dict[str, Any], alias: str) -> bytes:
    out = dict(answer)
    out.update(id="chatcmpl-cache-" + str(answer.get("id", ""))[-24:], model=alias, usage=dict(ZERO_USAGE))
    out["created"] = int(time.time())
    return orjson.dumps(out)


def replay_chunks(answer: dict[str, Any], alias: str, include_usage: bool) -> list[dict[str, Any]]:
    """The chunk sequence of a stream that would have produced `answer`."""
    head: dict[str, Any] = {"id": "chatcmpl-cache-" + str(answer.get("id", ""))[-24:]}
    head.update(object="chat.completion.chunk", created=int(time.time()), model=alias)
    chunks: list[dict[str, Any]] = []
    for choice in answer.get("choices") or ():
        chunks += [{**head, "choices": [c]} for c in _choice_deltas(choice)]
    if include_usage:
        chunks.append({**head, "choices": [], "usage": dict(ZERO_USAGE)})
    return chunks


def _choice_deltas(choice: dict[str, Any]) -> list[dict[str, Any]]:
    index = choice.get("index", 0)
    message = choice.get("message") or {}
    content = message.get("content")
    deltas: list[dict[str, Any]] = [{"role": "assistant", "content": "" if content else None}]
    if isinstance(content, str):
        deltas += [{"content": content[i : i + _PIECE]} for i in range(0, len(content), _PIECE)]
    if isinstance(message.get("refusal"), str):
        deltas.append({"refusal": message["refusal"]})
    for i, call in enumerate(message.get("tool_calls") or ()):
        deltas.append({"tool_calls": [{"index": i, **call}]})
    out = [{"index": index, "delta": d, "finish_reason": None} for d in deltas]
    out.append({"index": index, "delta": {}, "finish_reason": choice.get("finish_reason") or "stop"})
    return out


async def replay_events(chunks: list[dict[str, Any]]) -> AsyncGenerator[list[SSEEvent], None]:
    yield [SSEEvent(data=orjson.dumps(c), obj=c) for c in chunks] + [SSEEvent(data=DONE)]
