"""Answer filters on their own and through the chat relay and reply path (unit tests, no sockets)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator
from typing import Any

import orjson
import pytest

from proxy.core.errors import GuardrailBlocked, InternalError
from proxy.core.exchange import Exchange, JsonReply, Reply, Usage
from proxy.core.filters import AnswerAction, AnswerFilter, AnswerFilters, DeltaAction, WholeAnswer
from proxy.core.sse import SSEEvent, SSEParser
from proxy.observability.capture import AnswerText
from proxy.surfaces.chat import filtered
from proxy.surfaces.chat_body import CHAT_SURFACE
from proxy.surfaces.relay import ChatRelay
from proxy.upstream.providers.base import ChatEventStream
from tests.support import new_exchange


class Probe(AnswerFilter):
    """Records what it saw under its name; answers each delta with `action` (or by `rule`)."""

    def __init__(self, name: str, seen: list[str], action: DeltaAction = DeltaAction.KEEP) -> None:
        self.name, self.seen, self.action = name, seen, action

    def on_event(self, obj: dict[str, Any], data: bytes) -> None:
        self.seen.append(f"{self.name}:event:{data.decode()}")

    def on_delta(self, chunk: dict[str, Any]) -> DeltaAction:
        self.seen.append(f"{self.name}:delta:{content(chunk)}")
        return self.action

    def on_done(self) -> None:
        self.seen.append(f"{self.name}:done")

    def on_close(self) -> None:
        self.seen.append(f"{self.name}:close")


class Shout(AnswerFilter):
    """Rewrites content to upper case in place."""

    def on_delta(self, chunk: dict[str, Any]) -> DeltaAction:
        delta = chunk["choices"][0]["delta"]
        if "content" not in delta:
            return DeltaAction.KEEP
        delta["content"] = delta["content"].upper()
        return DeltaAction.CHANGED


class CutAt(AnswerFilter):
    """Ends the answer at the chunk whose content is `word` (as the output guard's block does)."""

    def __init__(self, word: str) -> None:
        self.word = word

    def on_delta(self, chunk: dict[str, Any]) -> DeltaAction:
        choice = chunk["choices"][0] if chunk.get("choices") else None
        if choice is None or choice["delta"].get("content") != self.word:
            return DeltaAction.KEEP
        choice["delta"] = {}
        choice["finish_reason"] = "content_filter"
        return DeltaAction.END


def content(chunk: dict[str, Any]) -> str:
    choices = chunk.get("choices") or [{}]
    return str(choices[0].get("delta", {}).get("content", ""))


def chunk(text: str | None = None, *, finish: str | None = None) -> bytes:
    delta = {"content": text} if text is not None else {}
    obj = {"id": "c", "object": "chat.completion.chunk", "model": "m", "choices": [{"index": 0, "delta": delta}]}
    obj["choices"][0]["finish_reason"] = finish  # type: ignore[index]
    return b"data: " + orjson.dumps(obj) + b"\n\n"


USAGE = b'data: {"id":"c","choices":[],"usage":{"prompt_tokens":1,"completion_tokens":2,"total_tokens":3}}\n\n'
DONE = b"data: [DONE]\n\n"


def relay(raw: list[bytes], *filters: AnswerFilter) -> tuple[bytes, Exchange]:
    ex = new_exchange()
    ex.alias, ex.stream, ex.status, ex.response_started = "m", True, 200, True
    for f in filters:
        ex.add_filter(f)

    async def more() -> AsyncGenerator[list[SSEEvent], None]:
        for batch in raw[1:]:
            yield SSEParser().feed(batch)

    async def collect() -> bytes:
        stream = ChatEventStream(200, [], SSEParser().feed(raw[0]), more())
        return b"".join([out async for out in ChatRelay(ex, stream).events()])

    return asyncio.run(collect()), ex


def payloads(out: bytes) -> list[bytes]:
    return [e.data for e in SSEParser().feed(out) if e.data is not None]


def test_a_stream_nobody_filters_is_relayed_byte_for_byte_with_no_filter_list() -> None:
    raw = [chunk("Hel"), chunk("lo") + chunk(finish="stop"), USAGE + DONE]
    out, ex = relay(raw)
    assert ex.filters is None
    assert out == b"".join(raw[:2]) + DONE  # the usage chunk was not asked for


def test_filters_run_in_the_order_added_and_see_upstream_events_then_deltas() -> None:
    seen: list[str] = []
    raw = [chunk("a") + b'data: {"error":{"message":"x"}}\n\n']
    out, ex = relay(raw, Probe("one", seen), Probe("two", seen))
    first = chunk("a")[6:-2].decode()
    assert seen == [
        f"one:event:{first}",
        f"two:event:{first}",
        "one:delta:a",
        "two:delta:a",
        'one:event:{"error":{"message":"x"}}',  # every upstream event, even one the deltas never get
        'two:event:{"error":{"message":"x"}}',
        "one:close",
        "two:close",
    ]
    assert out == b"".join(raw) and ex.error is not None  # nothing changed: the upstream's bytes


def test_usage_chunks_reach_on_event_but_not_on_delta_unless_asked() -> None:
    seen: list[str] = []
    relay([chunk("a", finish="stop") + USAGE + DONE], Probe("p", seen))
    assert [s.split(":", 2)[1] for s in seen] == ["event", "delta", "event", "done", "close"]


def test_a_changed_chunk_is_re_encoded_and_the_others_keep_their_bytes() -> None:
    raw = [chunk("hi") + chunk(finish="stop") + DONE]
    out, _ = relay(raw, Shout())
    assert [content(orjson.loads(p)) for p in payloads(out)[:1]] == ["HI"]
    assert out.endswith(chunk(finish="stop") + DONE)


def test_a_dropped_chunk_is_not_sent_and_later_filters_never_see_it() -> None:
    seen: list[str] = []
    raw = [chunk("a") + chunk("b") + chunk(finish="stop") + DONE]
    out, _ = relay(raw, Probe("held", [], DeltaAction.DROP), Probe("after", seen))
    assert payloads(out) == [b"[DONE]"]
    assert not [s for s in seen if ":delta:" in s]


def test_a_cut_ends_the_stream_with_done_and_records_content_filter() -> None:
    seen: list[str] = []
    raw = [chunk("ok") + chunk("bad"), chunk("never") + chunk(finish="stop") + DONE]
    out, ex = relay(raw, CutAt("bad"), Probe("after", seen))
    sent = payloads(out)
    assert [content(orjson.loads(p)) for p in sent[:-1]] == ["ok", ""]
    assert orjson.loads(sent[1])["choices"][0]["finish_reason"] == "content_filter"
    assert sent[-1] == b"[DONE]" and ex.finish_reason == "content_filter" and ex.error is None
    assert "after:delta:bad" not in seen and "after:done" not in seen  # the upstream never said [DONE]


class Retry(AnswerFilter):
    """Asks for the call again once when the body says "bad"; rewrites "ok" to "OK"."""

    def __init__(self) -> None:
        self.asked = False

    def on_answer(self, answer: WholeAnswer) -> AnswerAction:
        if answer.body == b"bad" and not self.asked:
            self.asked = True
            return AnswerAction.AGAIN
        answer.body = answer.body.replace(b"ok", b"OK")
        return AnswerAction.PASS


class Keep(AnswerFilter):
    def __init__(self) -> None:
        self.bodies: list[bytes] = []

    def on_answer(self, answer: WholeAnswer) -> AnswerAction:
        self.bodies.append(answer.body)
        return AnswerAction.PASS


def test_whole_answers_pass_every_filter_in_order_and_a_call_again_adds_its_usage() -> None:
    ex = new_exchange()
    before, after = Keep(), Keep()
    for f in (before, Retry(), after):
        ex.add_filter(f)
    ex.usage = Usage(1, 2, 3)
    calls: list[int] = []

    async def again() -> Reply:
        calls.append(1)
        ex.usage = Usage(10, 20, 30)
        return JsonReply(200, b"ok now")

    reply = asyncio.run(filtered(ex, JsonReply(200, b"bad"), again))
    assert isinstance(reply, JsonReply) and reply.body == b"OK now" and calls == [1]
    assert before.bodies == [b"bad", b"ok now"] and after.bodies == [b"OK now"]
    assert ex.usage == Usage(11, 22, 33)


def test_hooks_call_only_the_filters_that_override_them_and_find_returns_the_first() -> None:
    filters = AnswerFilters()
    shout, keep = Shout(), Keep()
    filters.add(shout)
    filters.add(keep)
    assert filters.find(Keep) is keep and filters.find(CutAt) is None
    assert filters.on_answer(JsonReply(200, b"x")) is AnswerAction.PASS and keep.bodies == [b"x"]
    assert filters.on_delta({"choices": [{"delta": {"content": "a"}}]}) is DeltaAction.CHANGED
    assert (filters._events, filters._deltas, filters._answers) == ([], [shout], [keep])


def test_a_call_again_whose_answer_has_no_usage_counts_the_first_call_once() -> None:
    ex = Exchange(request_id="r", endpoint="chat", method="POST", path="/", t_start=0.0, headers=[])
    ex.add_filter(Retry())
    ex.usage = Usage(1, 2, 3)

    async def again() -> Reply:  # as `json_reply` does: usage is set only when the answer has some
        return JsonReply(200, b"ok now")

    reply = asyncio.run(filtered(ex, JsonReply(200, b"bad"), again))
    assert isinstance(reply, JsonReply) and reply.body == b"OK now"
    assert ex.usage == Usage(1, 2, 3)


def answer(text: str) -> JsonReply:
    obj = {"choices": [{"index": 0, "message": {"role": "assistant", "content": text}}]}
    return JsonReply(200, orjson.dumps(obj), [], obj)


def test_the_captured_answer_is_the_one_accepted_after_a_call_again() -> None:
    kept = AnswerText(CHAT_SURFACE, max_chars=100)
    kept.on_answer(answer("rejected"))
    kept.on_answer(answer("accepted"))
    assert "".join(kept.pieces) == "accepted"


class Never(AnswerFilter):
    """Asks for the call again on every answer (a filter that breaks the contract)."""

    def on_answer(self, answer: WholeAnswer) -> AnswerAction:
        return AnswerAction.AGAIN


def test_the_reply_path_calls_again_at_most_once_and_never_sends_a_rejected_answer() -> None:
    ex = Exchange(request_id="r", endpoint="chat", method="POST", path="/", t_start=0.0, headers=[])
    ex.add_filter(Never())
    calls: list[int] = []

    async def again() -> Reply:
        calls.append(1)
        if len(calls) > 3:
            raise AssertionError("called again without end")
        return JsonReply(200, b"still bad")

    with pytest.raises(InternalError):
        asyncio.run(filtered(ex, JsonReply(200, b"bad"), again))
    assert calls == [1]


def test_the_captured_answer_keeps_only_the_characters_its_readers_can_use() -> None:
    kept = AnswerText(CHAT_SURFACE, max_chars=10)
    kept.wants(25)  # a second reader (a shadow) that compares more
    for _ in range(100):
        kept.on_delta({"choices": [{"index": 0, "delta": {"content": "abcdef"}}]})
    assert "".join(kept.pieces) == ("abcdef" * 5)[:25]
    kept.on_answer(answer("x" * 1000))
    assert "".join(kept.pieces) == "x" * 25


class Refuse(AnswerFilter):
    """Refuses every whole answer, as an enforced output guardrail does."""

    def on_answer(self, answer: WholeAnswer) -> AnswerAction:
        raise GuardrailBlocked("banned", "output", "it contains banned:rm_rf_root.")


def test_a_whole_answer_an_output_filter_refuses_is_recorded_as_cut_by_a_content_filter() -> None:
    ex = new_exchange()
    ex.add_filter(Refuse())
    ex.finish_reason = "stop"  # what the upstream said, as json_reply records it

    async def again() -> Reply:
        raise AssertionError("a refusal is final")

    with pytest.raises(GuardrailBlocked):
        asyncio.run(filtered(ex, JsonReply(200, b"{}"), again))
    assert ex.finish_reason == "content_filter"
