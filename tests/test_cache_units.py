"""Cache keys, semantic eligibility, stream recording/replay round trips and flights."""

from __future__ import annotations

import asyncio
from typing import Any

import orjson
import pytest

from proxy.cache.answer import CachedAnswer, StreamRecorder, cacheable, replay_chunks
from proxy.cache.coalesce import Flights, wait_for
from proxy.cache.keys import exact_key, semantic_query
from proxy.cache.request import controls_from
from proxy.surfaces.chat_body import CHAT_SURFACE

BODY: dict[str, Any] = {"model": "m", "messages": [{"role": "user", "content": "hi"}], "temperature": 0}


def key(body: dict[str, Any], tenant: str = "t", namespace: str = "", alias: str = "a") -> str:
    return exact_key(tenant, namespace, "chat", alias, CHAT_SURFACE.cache_fields(body))


def test_delivery_fields_do_not_change_the_key_but_everything_else_does() -> None:
    base = key(BODY)
    for harmless in ({"stream": True}, {"stream_options": {"include_usage": True}}, {"user": "u"}, {"metadata": {}}):
        assert key({**BODY, **harmless}) == base, harmless
    assert key({**BODY, "model": "other-spelling"}) == base  # the alias counts, not the name sent
    for changed in ({"temperature": 1}, {"seed": 1}, {"n": 2}, {"stop": "x"}, {"brand_new_param": True}):
        assert key({**BODY, **changed}) != base, changed
    assert key(BODY, tenant="u") != base and key(BODY, namespace="n") != base and key(BODY, alias="b") != base


def query(body: dict[str, Any], **kw: Any) -> Any:
    parts = CHAT_SURFACE.semantic_parts(body, max_turns=kw.get("max_turns", 4), any_temperature=False)
    return semantic_query("t", "", "chat", "a", parts)


def test_vectors_of_another_embedder_or_version_live_in_another_partition() -> None:
    parts = CHAT_SURFACE.semantic_parts(BODY, max_turns=4, any_temperature=False)
    spaces = ("ngram-v1-3-5-d512", "ngram-v2-3-5-d512", "upstream-all-MiniLM-L6-v2")
    partitions = {q.partition for s in spaces if (q := semantic_query("t", "", "chat", "a", parts, space=s))}
    assert len(partitions) == len(spaces)


def test_semantic_layer_only_for_safe_requests() -> None:
    assert query(BODY) is not None
    assert query({**BODY, "temperature": 0.7}) is None
    assert query({**BODY, "n": 2}) is None
    assert query({**BODY, "tools": [{"type": "function"}]}) is None
    tool_turn = [{"role": "tool", "content": "x"}, {"role": "user", "content": "hi"}]
    assert query({**BODY, "messages": tool_turn}) is None
    many = [{"role": "user", "content": str(i)} for i in range(6)]
    assert query({**BODY, "messages": many}) is None
    assert query({**BODY, "messages": [{"role": "assistant", "content": "x"}]}) is None


def test_partition_pins_everything_but_the_last_user_turn() -> None:
    def with_system(text: str, last: str) -> Any:
        return query({**BODY, "messages": [{"role": "system", "content": text}, {"role": "user", "content": last}]})

    a, b, c = with_system("be brief", "one"), with_system("be brief", "two"), with_system("be verbose", "one")
    assert a.partition == b.partition != c.partition
    assert (a.text, b.text) == ("one", "two")
    assert query({**BODY, "max_tokens": 5}).partition != query(BODY).partition


def test_cache_control_headers() -> None:
    c = controls_from([(b"cache-control", b"no-cache, No-Store"), (b"x-ttl", b"30")], b"x-ttl", None)
    assert (c.lookup, c.store, c.ttl_s) == (False, False, 30.0)
    c = controls_from([(b"x-ns", b"blue"), (b"x-ttl", b"-3")], b"x-ttl", b"x-ns")
    assert (c.lookup, c.store, c.ttl_s, c.namespace) == (True, True, None, "blue")


ANSWER: dict[str, Any] = {
    "id": "chatcmpl-1",
    "object": "chat.completion",
    "created": 1,
    "model": "a",
    "choices": [
        {"index": 0, "message": {"role": "assistant", "content": "x" * 130}, "finish_reason": "stop"},
        {
            "index": 1,
            "message": {
                "role": "assistant",
                "content": None,
                "tool_calls": [{"id": "c1", "type": "function", "function": {"name": "f", "arguments": '{"a": 1}'}}],
            },
            "finish_reason": "tool_calls",
        },
    ],
}


def record(chunks: list[dict[str, Any]], done: bool = True) -> StreamRecorder:
    rec = StreamRecorder(max_bytes=1 << 20)
    for chunk in chunks:
        rec.add(chunk, orjson.dumps(chunk))
    if done:
        rec.done()
    else:
        rec.close()
    return rec


def test_replayed_chunks_record_back_into_the_same_answer() -> None:
    rec = record(replay_chunks(ANSWER, "a", include_usage=True))
    assert rec.complete
    again = rec.answer()
    assert [c["message"] for c in again["choices"]] == [c["message"] for c in ANSWER["choices"]]
    assert [c["finish_reason"] for c in again["choices"]] == ["stop", "tool_calls"]
    assert again["usage"]["total_tokens"] == 0


def test_an_unfinished_or_filtered_stream_is_not_cacheable() -> None:
    chunks = replay_chunks(ANSWER, "a", include_usage=False)
    assert not record(chunks, done=False).complete
    assert not record(chunks[:-1]).complete  # [DONE] without every finish reason
    filtered = {**ANSWER, "choices": [{**ANSWER["choices"][0], "finish_reason": "content_filter"}]}
    assert not cacheable(filtered) and cacheable(ANSWER)


def test_cached_answer_round_trips_and_rejects_garbage() -> None:
    entry = CachedAnswer(ANSWER, 10, 20, 0.5)
    assert CachedAnswer.loads(entry.dumps()) == entry
    assert CachedAnswer.loads(b"not json") is None and CachedAnswer.loads(b"[2, {}, 0, 0, 0]") is None


def test_flights_lead_follow_and_land() -> None:
    async def scenario() -> None:
        flights = Flights()
        flight, leader = flights.join("k")
        again, follower = flights.join("k")
        assert leader and not follower and again is flight
        waiter = asyncio.create_task(wait_for(flight, 5))
        entry = CachedAnswer(ANSWER, 1, 2, 0.0)
        flights.land("k", flight, entry)
        assert await waiter == entry and flights.in_flight == 0
        failed, leader = flights.join("k")
        assert leader
        flights.land("k", failed, None)
        assert await wait_for(failed, 1) is None

    asyncio.run(scenario())


@pytest.mark.parametrize("closed_early", [False, True])
def test_followers_see_the_leaders_events_live(closed_early: bool) -> None:
    async def scenario() -> list[bytes | None]:
        rec = StreamRecorder(max_bytes=1 << 20)
        seen: list[bytes | None] = []

        async def follow() -> None:
            async for batch in rec.follow():
                seen.extend(ev.data for ev in batch)

        task = asyncio.create_task(follow())
        for chunk in replay_chunks(ANSWER, "a", include_usage=False)[:3]:
            await asyncio.sleep(0.01)
            rec.add(chunk, orjson.dumps(chunk))
        rec.close() if closed_early else rec.done()
        await asyncio.wait_for(task, 2)
        return seen

    seen = asyncio.run(scenario())
    assert len(seen) == 3  # three chunks; no [DONE] since no choice finished


def followed(feed: Any, max_bytes: int) -> tuple[StreamRecorder, list[bytes | None]]:
    """A recorder fed by `feed(rec)` while a follower reads it; what the follower got."""

    async def scenario() -> tuple[StreamRecorder, list[bytes | None]]:
        rec = StreamRecorder(max_bytes=max_bytes)
        seen: list[bytes | None] = []

        async def follow() -> None:
            async for batch in rec.follow():
                seen.extend(ev.data for ev in batch)

        task = asyncio.create_task(follow())
        await asyncio.sleep(0)
        feed(rec)
        await asyncio.wait_for(task, 2)
        return rec, seen

    return asyncio.run(scenario())


def test_a_stream_larger_than_the_cache_is_not_kept_and_followers_end_as_if_the_leader_failed() -> None:
    chunks = replay_chunks(ANSWER, "a", include_usage=True)
    data = [orjson.dumps(c) for c in chunks]
    room = sum(map(len, data[:3]))

    def too_large(rec: StreamRecorder) -> None:
        for chunk, raw in zip(chunks, data, strict=True):
            rec.add(chunk, raw)
        rec.done()

    def failed_after_three(rec: StreamRecorder) -> None:
        for chunk, raw in zip(chunks[:3], data[:3], strict=True):
            rec.add(chunk, raw)
        rec.close()

    big, seen = followed(too_large, room)
    assert not big.complete and big.closed and len(big.events) == 3
    assert sum(map(len, big.events)) <= room
    _, seen_on_failure = followed(failed_after_three, 10 * room)
    assert seen == seen_on_failure == data[:3]  # no [DONE]: the follower's stream ends cut short
