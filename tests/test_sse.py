"""SSE parser: framing variants a real upstream may send, fed in every possible split."""

from __future__ import annotations

import pytest

from proxy.core.sse import SSEEvent, SSEParser, encode


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
