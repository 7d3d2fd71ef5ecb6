"""SSE parser: framing variants a real upstream may send, fed in every possible split."""

from __future__ import annotations

import time

import pytest

from proxy.core.sse import EventEnds, SSEEvent, SSEParser, encode


def parse_all(stream: bytes, split_every: int | None = None) -> list[SSEEvent]:
    parser = SSEParser()
    events: list[SSEEvent] = []
    step = split_every or len(stream) or 1
    for i in range(0, len(stream), step):
        events += parser.feed(stream[i : i + step])
    return events + parser.close()


CASES = [
    ("plain", b'data: {"a":1}\n\ndata: [DONE]\n\n', [b'{"a":1}', b"[DONE]"]),
    ("no space after colon", b'data:{"a":1}\n\n', [b'{"a":1}']),
    ("crlf", b'data: {"a":1}\r\n\r\ndata: {"b":2}\r\n\r\n', [b'{"a":1}', b'{"b":2}']),
    ("bare cr", b"data: x\r\rdata: y\r\r", [b"x", b"y"]),
    ("multi-line data joined with LF", b"data: a\ndata: b\n\n", [b"a\nb"]),
    ("comments dropped", b": keepalive\n\ndata: x\n\n: ping\n\n", [b"x"]),
    ("id and retry lines ignored", b"id: 7\nretry: 10\ndata: x\n\nid: 8\n\n", [b"x"]),
    ("event name kept, data parsed", b"event: message_start\ndata: {}\n\n", [b"{}"]),
    ("final event without blank line", b"data: a\n\ndata: b", [b"a", b"b"]),
]


@pytest.mark.parametrize(("name", "stream", "expected"), CASES, ids=[c[0] for c in CASES])
@pytest.mark.parametrize("split", [None, 1, 2, 3, 7])
def test_events_survive_any_split(name: str, stream: bytes, expected: list[bytes], split: int | None) -> None:
    assert [e.data for e in parse_all(stream, split)] == expected


def test_plain_event_keeps_upstream_bytes() -> None:
    events = SSEParser().feed(b'data: {"x": 1}\n\n')
    assert events[0].raw == b'data: {"x": 1}\n\n'


def test_events_with_extra_fields_are_not_forwarded_raw() -> None:
    events = SSEParser().feed(b"id: 1\ndata: x\n\n")
    assert events[0].raw is None and events[0].data == b"x"


def test_event_name_is_reported() -> None:
    events = SSEParser().feed(b"event: ping\ndata: {}\n\nevent: error\n\n")
    assert [(e.event, e.data) for e in events] == [(b"ping", b"{}"), (b"error", None)]


def test_encode_frames_one_event() -> None:
    assert encode(b"{}") == b"data: {}\n\n"
    assert encode(b"{}", b"error") == b"event: error\ndata: {}\n\n"


def test_event_fed_in_many_small_pieces_parses_like_one_read() -> None:
    stream = b"event: delta\ndata: " + b"x" * 5000 + b"\ndata: end\n\n" + b'data: {"a":1}\r\n\r\n' + b"data: last"
    whole = parse_all(stream)
    for step in (1, 13, 997):
        pieces = parse_all(stream, step)
        assert [(e.event, e.data, e.raw) for e in pieces] == [(e.event, e.data, e.raw) for e in whole]
    assert [e.data for e in whole] == [b"x" * 5000 + b"\nend", b'{"a":1}', b"last"]


def test_pending_counts_the_unfinished_event() -> None:
    parser = SSEParser()
    assert parser.feed(b"data: ab") == [] and parser.pending == 8
    assert parser.feed(b"cd\n") == [] and parser.pending == 11
    assert [e.data for e in parser.feed(b"\ndata: e")] == [b"abcd"]
    assert parser.pending == 7


def _cpu_to_feed_unfinished(pieces: int, limit_s: float = float("inf")) -> float:
    """CPU seconds to feed `pieces` reads of 8 KiB of one event that never finishes; stops early past `limit_s`."""
    parser = SSEParser()
    parser.feed(b"data: ")
    piece = b"x" * 8192
    t0 = time.process_time()
    for i in range(pieces):
        parser.feed(piece)
        if i % 256 == 255 and time.process_time() - t0 > limit_s:
            break
    assert parser.pending >= 6 + 8192 * min(pieces, 256)
    return time.process_time() - t0


def test_cpu_for_an_unfinished_event_grows_linearly() -> None:
    # Copying and rescanning the whole pending event on every read made this quadratic: 4x the
    # reads took ~16x the CPU, and an event up to the 32 MiB cap held the event loop for seconds.
    small = min(_cpu_to_feed_unfinished(1024) for _ in range(3))
    limit = 8 * small + 0.01  # quadratic would be ~16x; the slack only matters when both are tiny
    large = [_cpu_to_feed_unfinished(4096, limit) for _ in range(3)]
    assert min(large) < limit, (small, large)


ENDS = [
    ("comment only", [b": ping\n\n"], [False]),
    ("crlf comment then event", [b": ping\r\n\r\n", b"data: x\r\n\r\n"], [False, True]),
    ("comment split mid-line", [b": pi", b"ng\n", b"\n"], [False, False, False]),
    ("field in an earlier read", [b"data: x", b"xx", b"\n", b"\n: ping\n\n"], [False, False, False, True]),
    ("blank split across reads", [b"data: x\r\n\r", b"\n"], [False, True]),
    ("seen blank not counted twice", [b"data: 1\n\nd", b"ata: 2"], [True, False]),
    ("event after comment in one block", [b": c\nevent: e\n\n"], [True]),
]


@pytest.mark.parametrize(("name", "reads", "expected"), ENDS, ids=[c[0] for c in ENDS])
def test_event_ends_skip_comment_only_blocks(name: str, reads: list[bytes], expected: list[bool]) -> None:
    ends = EventEnds()
    assert [ends.feed(r) for r in reads] == expected
