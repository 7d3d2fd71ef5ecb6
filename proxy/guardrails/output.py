"""Output guardrails for one request, as an answer filter: on each stream chunk, or on a whole answer.

Guarantees:
- Streams: each choice's content, and each tool call's arguments, run through their own
  `TextChannel`, so a match split across chunks is still caught while text older than the window
  flows on; a chunk whose text is all held back is dropped, and the held text goes out with the
  choice's finish chunk. An enforced block turns the current chunk into the last one
  (`finish_reason: content_filter`): the filter ENDs the stream and the relay sends `[DONE]`.
- Whole answers: the same guardrails on every choice's content and tool arguments; a block raises
  GuardrailBlocked (400); redactions and restorations rewrite the body; once an answer is
  settled (passed or refused), `x-llm-proxy-guardrails` is rewritten with the output verdicts.
- JSON: when the request asked for `json_object`/`json_schema` and a `json_answer` guardrail is
  attached, the answer is checked; an invalid whole answer asks for the call again once
  (`on_invalid: retry`, enforced; the reply path adds the second call's usage to the first's) and
  is refused if the second is invalid too; a stream ends with an in-stream error instead of its
  finish chunk.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import orjson

from proxy.core.errors import GuardrailBlocked
from proxy.core.filters import AnswerAction, AnswerFilter, DeltaAction, WholeAnswer
from proxy.core.surface import Surface, TextSlot
from proxy.guardrails.json_answer import JsonRequirement, problem
from proxy.guardrails.redact import Redactor
from proxy.guardrails.scan import SpanGuard, TextChannel, scan_slots
from proxy.guardrails.verdict import Verdict, set_header

Headers = list[tuple[bytes, bytes]]


@dataclass(frozen=True, slots=True)
class JsonGuard:
    name: str
    enforce: bool
    retry: bool
    requirement: JsonRequirement


class OutputGuard(AnswerFilter):
    """Per-request output state, an answer filter: `on_delta` for streams, `on_answer` for whole answers.

    `headers` and `shown` are the request's answer headers and all its verdicts (input ones too),
    for `x-llm-proxy-guardrails`; the guard holds those lists, never the Exchange.
    """

    __slots__ = (
        "_channels",
        "_guards",
        "_headers",
        "_json",
        "_json_text",
        "_max_chars",
        "_redactor",
        "_retried",
        "_shown",
        "_surface",
        "_verdicts",
        "max_held",
    )

    def __init__(
        self,
        guards: Sequence[SpanGuard],
        json_guard: JsonGuard | None,
        verdicts: Mapping[str, Verdict],
        redactor: Redactor,
        max_chars: int,
        *,
        headers: Headers,
        shown: list[Verdict],
        surface: Surface,
    ) -> None:
        self._guards = guards
        self._json = json_guard
        self._verdicts = verdicts
        self._redactor = redactor
        self._max_chars = max_chars
        self._headers = headers
        self._shown = shown
        self._surface = surface
        self._channels: dict[tuple[int, int], TextChannel] = {}
        self._json_text: dict[int, list[str]] = {}
        self._retried = False
        self.max_held = 0

    # --- streams -------------------------------------------------------------------------------

    def on_delta(self, chunk: dict[str, Any]) -> DeltaAction:
        choices = chunk.get("choices")
        if type(choices) is not list or not choices:
            return DeltaAction.KEEP
        if len(choices) == 1 and self._json is None:
            fast = self._plain_content(chunk, choices[0])
            if fast is not None:
                return fast
        action = DeltaAction.KEEP
        for choice in choices:
            if type(choice) is not dict:
                continue
            index = choice.get("index", 0)
            delta = choice.get("delta")
            if type(delta) is not dict:
                delta = choice["delta"] = {}
            if self._feed(index, delta):
                action = DeltaAction.CHANGED
            if choice.get("finish_reason") and self._finish_choice(index, delta):
                action = DeltaAction.CHANGED
            blocked = self._blocked(index)
            if blocked is not None:
                return _end_blocked(choice, delta)
        if action is DeltaAction.CHANGED and _only_empty_deltas(chunk):
            return DeltaAction.DROP
        return action

    def _plain_content(self, chunk: dict[str, Any], choice: Any) -> DeltaAction | None:
        """The common chunk, one choice carrying only a piece of content: handled in a few steps."""
        delta = choice.get("delta") if type(choice) is dict else None
        if type(delta) is not dict or len(delta) != 1 or choice.get("finish_reason"):
            return None
        content = delta.get("content")
        if type(content) is not str or not self._guards or choice.get("logprobs") or chunk.get("usage"):
            return None
        channel = self._channel(choice.get("index", 0), -1)
        out = channel.feed(content)
        if channel.blocked is not None:
            return None  # the general path ends the stream
        self.max_held = max(self.max_held, channel.held)
        if not out:
            return DeltaAction.DROP
        if out == content:
            return DeltaAction.KEEP
        delta["content"] = out
        return DeltaAction.CHANGED

    def _channel(self, index: int, slot: int) -> TextChannel:
        key = (index, slot)
        channel = self._channels.get(key)
        if channel is None:
            channel = self._channels[key] = TextChannel(self._guards, self._verdicts, self._redactor)
        return channel

    def _feed(self, index: int, delta: dict[str, Any]) -> bool:
        changed = False
        content = delta.get("content")
        if type(content) is str and content:
            if self._json is not None:
                self._keep_for_json(index, content)
            if self._guards:
                delta["content"] = self._pass(self._channel(index, -1), content)
                changed = True
        calls = delta.get("tool_calls")
        if self._guards and type(calls) is list:
            for call in calls:
                function = call.get("function") if type(call) is dict else None
                if type(function) is dict and type(function.get("arguments")) is str and function["arguments"]:
                    channel = self._channel(index, int(call.get("index", 0)))
                    function["arguments"] = self._pass(channel, function["arguments"])
                    changed = True
        return changed

    def _pass(self, channel: TextChannel, text: str) -> str:
        out = channel.feed(text)
        self.max_held = max(self.max_held, channel.held)
        return out

    def _keep_for_json(self, index: int, content: str) -> None:
        pieces = self._json_text.setdefault(index, [])
        if sum(map(len, pieces)) + len(content) <= self._max_chars:
            pieces.append(content)

    def _finish_choice(self, index: int, delta: dict[str, Any]) -> bool:
        """Flush this choice's channels into its finish chunk; check its JSON."""
        changed = False
        for (choice, slot), channel in self._channels.items():
            if choice != index:
                continue
            tail = channel.finish()
            if not tail:
                continue
            changed = True
            if slot == -1:
                delta["content"] = (delta.get("content") or "") + tail
            else:
                delta.setdefault("tool_calls", []).append({"index": slot, "function": {"arguments": tail}})
        if self._json is not None:
            self._check_json(self._json, "".join(self._json_text.pop(index, [])))
        return changed

    def _blocked(self, index: int) -> tuple[str, str] | None:
        for (choice, _), channel in self._channels.items():
            if choice == index and channel.blocked is not None:
                return channel.blocked
        return None

    # --- whole answers -------------------------------------------------------------------------

    def on_answer(self, answer: WholeAnswer) -> AnswerAction:
        """Check a non-streamed answer; ask for the call again, once, if its JSON is invalid and policy says so."""
        try:
            if answer.status == 200:
                json_problem = self._check_reply(answer)
                if json_problem is not None:
                    assert self._json is not None
                    if self._json.retry and self._json.enforce and not self._retried:
                        self._retried = True  # the second answer's verdict is final: this guard refuses it
                        return AnswerAction.AGAIN
                    self._check_json(self._json, None, json_problem)
        finally:  # a refused answer's error carries the verdicts too
            set_header(self._headers, self._shown, output_pending=False)
        return AnswerAction.PASS

    def _check_reply(self, reply: WholeAnswer) -> str | None:
        """Apply span guardrails to the answer body; return the JSON problem, if any (unrecorded).

        The reply path's parse (`reply.obj`) is read, never changed (other filters share it); only
        an answer that must be rewritten is decoded again, into a copy of the guard's own. A replay
        has no parse: its body is decoded here and rewritten in place."""
        answer = reply.obj
        if answer is None:
            try:
                answer = orjson.loads(reply.body)
            except orjson.JSONDecodeError:
                return None
            if type(answer) is not dict:
                return None
            json_problem = self._json_problem(answer)
            if self._guards and self._scan(self._surface.answer_slots(answer)):
                reply.body = orjson.dumps(answer)
            return json_problem
        json_problem = self._json_problem(answer)
        if self._guards:
            texts = [TextSlot({"text": slot.text}, "text") for slot in self._surface.answer_slots(answer)]
            if self._scan(texts):
                reply.body = _rewritten(self._surface, reply.body, texts)
        return json_problem

    def _json_problem(self, answer: dict[str, Any]) -> str | None:
        if self._json is None:
            return None
        content = self._surface.answer_text(answer)
        return problem(self._json.requirement, content) if content is not None else None

    def _scan(self, slots: list[TextSlot]) -> bool:
        return scan_slots(slots, self._guards, self._verdicts, self._redactor, "output")

    def _check_json(self, guard: JsonGuard, content: str | None, found: str | None = None) -> None:
        verdict = self._verdicts[guard.name]
        if found is None and content is not None:
            found = problem(guard.requirement, content)
        if found is None:
            return
        verdict.escalate("block", "invalid_json")
        if guard.enforce:
            raise GuardrailBlocked(guard.name, "output", f"{found}. Retry, or relax the schema.")


def _rewritten(surface: Surface, body: bytes, texts: list[TextSlot]) -> bytes:
    """`body` with its answer's text slots replaced by `texts` (scanned copies of them, in order)."""
    private = orjson.loads(body)
    for slot, text in zip(surface.answer_slots(private), texts, strict=True):
        if slot.text != text.text:
            slot.replace(text.text)
    return orjson.dumps(private)


def _end_blocked(choice: dict[str, Any], delta: dict[str, Any]) -> DeltaAction:
    """Make this chunk the answer's last: cut by a content filter (the relay records the reason)."""
    delta.pop("tool_calls", None)
    if not delta.get("content"):
        delta.pop("content", None)
    choice["finish_reason"] = "content_filter"
    return DeltaAction.END


def _only_empty_deltas(chunk: dict[str, Any]) -> bool:
    if chunk.get("usage"):
        return False
    for choice in chunk["choices"]:
        if type(choice) is not dict or choice.get("finish_reason") or choice.get("logprobs"):
            return False
        delta = choice.get("delta") or {}
        if any(key != "content" for key in delta) or delta.get("content"):
            return False
    return True
