"""Output guardrails on a Responses API stream: the output guard reading typed Responses events.

Guarantees (the whole-answer checks are the output guard's own, through the surface):
- each output text part (`response.output_text.delta`, and refusals) and each function call's
  arguments (`response.function_call_arguments.delta`, a custom tool call's
  `response.custom_tool_call_input.delta`) run through their own `TextChannel`, so a
  match split across deltas is caught while text older than the window flows on; a delta whose
  text is all held back is dropped;
- the text still held when a part ends is sent as one more delta just before the event that ends
  it (`.done`), and every event that repeats the whole text afterwards (`.done`, the part's and the
  item's `.done`, the final `response`) carries the text as the caller was shown it (redacted,
  restored), never the upstream's original; so does one that repeats a text whose `.done` never
  came (a `response.incomplete` or `.failed` cutting it short): what was shown of it so far;
- an enforced block makes the current event the last one the caller gets, with no text past what
  was already released; the relay then ends the stream with `response.incomplete` (reason
  `content_filter`);
- what the caller was shown of the texts still open is held (to rewrite their repeats) within
  `max_scan_chars`; an answer with more open text than that ends with an error event;
- a JSON answer requirement is checked on each output text part when it ends; a stream that
  fails it ends with an error event.
"""

from __future__ import annotations

from typing import Any

from proxy.core.errors import ScanTooLarge
from proxy.core.filters import EMIT_BEFORE, DeltaAction
from proxy.guardrails.output import OutputGuard

Key = tuple[int, int]
_TEXT_DELTAS = {"response.output_text.delta": "text", "response.refusal.delta": "refusal"}
_TEXT_DONES = {"response.output_text.done": "text", "response.refusal.done": "refusal"}
_CALL_DELTAS = frozenset({"response.function_call_arguments.delta", "response.custom_tool_call_input.delta"})
_CALL_DONES = {"response.function_call_arguments.done": "arguments", "response.custom_tool_call_input.done": "input"}
_CALL_FIELDS = {"function_call": "arguments", "custom_tool_call": "input"}  # an output item's call text
_ARGUMENTS = -1  # the content index of a call's arguments (a custom tool call's input) channel


class ResponsesOutputGuard(OutputGuard):
    """The output guard of a request on the Responses surface (streams as typed events)."""

    __slots__ = ("_final", "_room", "_shown_text")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._room = self._max_chars  # characters of open texts it may still hold
        self._shown_text: dict[Key, list[str]] = {}  # what the caller was sent of each text still open
        self._final: dict[Key, str] = {}  # texts whose shown form differs from the upstream's

    def on_delta(self, chunk: dict[str, Any]) -> DeltaAction:
        kind = chunk.get("type")
        if kind in _TEXT_DELTAS or kind in _CALL_DELTAS:
            return self._delta(chunk, _key(chunk, kind))
        if kind in _TEXT_DONES:
            return self._done(
                chunk, _key(chunk, kind), _TEXT_DONES[str(kind)], json=kind == "response.output_text.done"
            )
        if kind in _CALL_DONES:
            return self._done(chunk, _key(chunk, kind), _CALL_DONES[str(kind)], json=False)
        if self._shown_text:  # texts still open (no `.done` yet): an event repeating them gets what was shown
            self._final.update((key, "".join(parts)) for key, parts in self._shown_text.items())
        if self._final:
            return self._rewrite_whole(chunk)
        return DeltaAction.KEEP

    def _delta(self, event: dict[str, Any], key: Key) -> DeltaAction:
        text = event.get("delta")
        if type(text) is not str or not text or not self._guards:
            return DeltaAction.KEEP
        channel = self._channel(*key)
        out = self._pass(channel, text)
        self._keep(key, out)
        if channel.blocked is not None:
            event["delta"] = out
            return DeltaAction.END
        if not out:
            return DeltaAction.DROP
        if out == text:
            return DeltaAction.KEEP
        event["delta"] = out
        return DeltaAction.CHANGED

    def _done(self, event: dict[str, Any], key: Key, field: str, *, json: bool) -> DeltaAction:
        original = event.get(field)
        if json and self._json is not None and isinstance(original, str):
            self._check_json(self._json, original)
        if not self._guards:
            return DeltaAction.KEEP
        channel = self._channels.get(key)
        if channel is None:  # no delta was seen: the text comes whole
            channel = self._channel(*key)
            channel.feed(original if isinstance(original, str) else "")
        tail = channel.finish()
        if tail:
            self._keep(key, tail)
            delta_kind = event["type"].replace(".done", ".delta")
            extra = {k: v for k, v in event.items() if k not in (field, "type")}
            event[EMIT_BEFORE] = [{**extra, "type": delta_kind, "delta": tail}]
        shown = "".join(self._shown_text.pop(key, ()))  # the text is whole: no longer open
        self._room += len(shown)
        if channel.blocked is not None:
            event[field] = shown
            return DeltaAction.END
        if shown == original:
            self._final.pop(key, None)
            return DeltaAction.KEEP
        self._final[key] = event[field] = shown
        return DeltaAction.CHANGED

    def _keep(self, key: Key, text: str) -> None:
        """Hold what the caller was shown of an open text, within `max_scan_chars` in all (the
        events that end a text repeat it whole, so it is held until then); over that, the answer is
        refused rather than let a repeat carry text no guardrail saw."""
        self._room -= len(text)
        if self._room < 0:
            raise ScanTooLarge(
                f"The answer has more than the {self._max_chars} characters of open text the output guardrails "
                "may hold. Ask for a shorter answer (max_output_tokens)."
            )
        self._shown_text.setdefault(key, []).append(text)

    def _rewrite_whole(self, event: dict[str, Any]) -> DeltaAction:
        """Events that repeat whole texts (part, item, response) get the texts the caller was shown."""
        changed = False
        part = event.get("part")
        if isinstance(part, dict):
            changed = self._rewrite_part(part, event.get("output_index"), event.get("content_index"))
        item = event.get("item")
        if isinstance(item, dict):
            changed = self._rewrite_item(item, event.get("output_index")) or changed
        response = event.get("response")
        output = response.get("output") if isinstance(response, dict) else None
        if isinstance(output, list):
            for index, found in enumerate(output):
                if isinstance(found, dict):
                    changed = self._rewrite_item(found, index) or changed
        return DeltaAction.CHANGED if changed else DeltaAction.KEEP

    def _rewrite_item(self, item: dict[str, Any], index: Any) -> bool:
        if type(index) is not int:
            return False
        changed = False
        call_field = _CALL_FIELDS.get(str(item.get("type")))
        if call_field is not None and (index, _ARGUMENTS) in self._final:
            item[call_field] = self._final[(index, _ARGUMENTS)]
            changed = True
        content = item.get("content")
        if isinstance(content, list):
            for part_index, part in enumerate(content):
                if isinstance(part, dict):
                    changed = self._rewrite_part(part, index, part_index) or changed
        return changed

    def _rewrite_part(self, part: dict[str, Any], index: Any, part_index: Any) -> bool:
        if type(index) is not int or type(part_index) is not int:
            return False
        shown = self._final.get((index, part_index))
        field = "text" if part.get("type") == "output_text" else "refusal"
        if shown is None or not isinstance(part.get(field), str):
            return False
        part[field] = shown
        return True


def _key(event: dict[str, Any], kind: Any) -> Key:
    index = event.get("output_index", 0)
    index = index if type(index) is int else 0
    if kind in _CALL_DELTAS or kind in _CALL_DONES:
        return index, _ARGUMENTS
    part = event.get("content_index", 0)
    return index, part if type(part) is int else 0
