"""Answer filters: how a stage sees, and may change, the answer on its way to the caller.

A stage that must see the answer (output guardrails, the cache recorder, the answer capture for
logs and shadows) adds a filter to the Exchange from `on_request` (`Exchange.add_filter`); the
reply path (a surface's stream relay and its whole-answer path) knows only this list. Filters
run in the order they were added, i.e. the stage table's order. Every hook is optional (the
`AnswerFilter` base passes) and works on plain decoded objects and bytes:

- `on_event(obj, data)`: every decoded upstream stream event exactly as the upstream sent it,
  before the relay judges it (in-band errors and usage chunks the caller never gets included).
  Read-only: the cache recorder keeps these, so coalesced followers replay what upstream sent.
- `on_delta(chunk)`: each chunk the caller is about to get (the alias already shown). KEEP sends
  it as it came; CHANGED (the filter mutated it in place) has the relay re-encode it; DROP holds
  it back (nothing is sent for it); END makes it the last chunk (the answer was cut: the relay
  sends it, then `[DONE]`, and reads no more). A chunk one filter drops or ends is not shown to
  the filters after it. Raising a ProxyError ends the stream with an error event. A filter that
  must send events of its own before this one (a Responses stream's held-back text, released as a
  delta before the event that ends its part) puts them, as decoded objects, in a list under the
  chunk's `EMIT_BEFORE` key, which the relay removes before encoding the chunk.
- `on_done()`: the upstream sent `[DONE]`. `on_close()`: the stream is over, however it ended.
- `on_answer(answer)`: a whole (non-streamed) answer. PASS, after rewriting `answer.body` if the
  filter must; raise to refuse it; AGAIN asks for the call again (the reply path calls once more,
  never twice, and runs every filter over the new answer; that verdict is final: AGAIN on the
  second answer refuses it with an internal error, so a filter that asked refuses it itself).

Guarantees: a request nobody filters has `Exchange.filters is None`, so a stream pays one check
per chunk and nothing more; each hook calls only the filters that override it; filters receive
plain data, never the Exchange (so no per-request reference cycle is created).
"""

from __future__ import annotations

from enum import IntEnum
from typing import Any, Protocol, TypeVar

EMIT_BEFORE = "\x00emit_before"  # a chunk's key for the events a filter sends ahead of it (never sent itself)


class DeltaAction(IntEnum):
    """What the relay does with a stream chunk after the filters saw it."""

    KEEP = 0  # send the upstream's bytes
    CHANGED = 1  # re-encode the (mutated) chunk
    DROP = 2  # send nothing
    END = 3  # send the mutated chunk, then [DONE], and stop reading the upstream


class AnswerAction(IntEnum):
    """What the reply path does with a whole answer after a filter saw it."""

    PASS = 0  # go on (the filter may have rewritten the body)
    AGAIN = 1  # call the upstream once more (once per request); the new answer goes through every filter


class WholeAnswer(Protocol):
    """A non-streamed answer as filters see it (a surface's JSON reply satisfies this)."""

    status: int
    body: bytes  # what the caller gets; a filter that rewrites the answer replaces it

    @property
    def obj(self) -> dict[str, Any] | None:
        """The decoded answer as the caller gets it before any filter (the upstream's, its model
        shown as the alias; None when nothing was decoded, e.g. a replay); shared by every filter,
        so none may change it (a filter that rewrites the answer rewrites `body`)."""


class AnswerFilter:
    """Base of every answer filter: each hook passes; a filter overrides the hooks it needs."""

    __slots__ = ()

    def on_event(self, obj: dict[str, Any], data: bytes) -> None:
        return None

    def on_delta(self, chunk: dict[str, Any]) -> DeltaAction:
        return DeltaAction.KEEP

    def on_done(self) -> None:
        return None

    def on_close(self) -> None:
        return None

    def on_answer(self, answer: WholeAnswer) -> AnswerAction:
        return AnswerAction.PASS


F = TypeVar("F", bound=AnswerFilter)


def _overrides(f: AnswerFilter, hook: str) -> bool:
    return getattr(type(f), hook) is not getattr(AnswerFilter, hook)


class AnswerFilters:
    """One request's filters, in the order they were added; each hook fans out in that order."""

    __slots__ = ("_all", "_answers", "_closes", "_deltas", "_dones", "_events")

    def __init__(self) -> None:
        self._all: list[AnswerFilter] = []
        self._events: list[AnswerFilter] = []
        self._deltas: list[AnswerFilter] = []
        self._dones: list[AnswerFilter] = []
        self._closes: list[AnswerFilter] = []
        self._answers: list[AnswerFilter] = []

    def add(self, f: AnswerFilter) -> None:
        self._all.append(f)
        for hook, subscribed in (
            ("on_event", self._events),
            ("on_delta", self._deltas),
            ("on_done", self._dones),
            ("on_close", self._closes),
            ("on_answer", self._answers),
        ):
            if _overrides(f, hook):
                subscribed.append(f)

    def find(self, kind: type[F]) -> F | None:
        """The first filter of this kind (stages that share one filter find it here)."""
        for f in self._all:
            if isinstance(f, kind):
                return f
        return None

    def on_event(self, obj: dict[str, Any], data: bytes) -> None:
        for f in self._events:
            f.on_event(obj, data)

    def on_delta(self, chunk: dict[str, Any]) -> DeltaAction:
        action = DeltaAction.KEEP
        for f in self._deltas:
            step = f.on_delta(chunk)
            if step is DeltaAction.CHANGED:
                action = step
            elif step is not DeltaAction.KEEP:
                return step  # DROP or END: the filters after it never see this chunk
        return action

    def on_done(self) -> None:
        for f in self._dones:
            f.on_done()

    def on_close(self) -> None:
        for f in self._closes:
            f.on_close()

    def on_answer(self, answer: WholeAnswer) -> AnswerAction:
        for f in self._answers:
            if f.on_answer(answer) is AnswerAction.AGAIN:
                return AnswerAction.AGAIN  # the filters after it see the new answer instead
        return AnswerAction.PASS
