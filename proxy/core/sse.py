"""Sans-I/O server-sent events parser: bytes in, complete events out.

Guarantees: events split across reads, several events in one read, LF/CRLF/CR line endings,
`data:` with or without the space, multi-line data, comments, `event:`/`id:`/`retry:` fields are
all handled per the SSE spec. A plain single-line `data:` event keeps its exact upstream bytes in
`raw`, so the relay can forward it without re-encoding.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

DONE = b"[DONE]"


@dataclass(slots=True)
class SSEEvent:
    """One dispatched event. `raw` is set only when the upstream framing can be forwarded as is;
    `obj` holds `data` already decoded as a JSON object by whoever decoded it first, so later
    readers (opening check, relay) never parse the same event twice."""

    data: bytes | None
    event: bytes | None = None
    raw: bytes | None = None
    obj: dict[str, Any] | None = None


class SSEParser:
    """Incremental parser; `feed` returns the events completed by this read, `close` the rest.

    An unfinished event is held as the list of its reads (which hold no blank line) plus their
    total length: a read is searched alone (and its first byte against the held last one) and the
    pieces are joined once, when the event completes, so an event fed in n reads costs O(size),
    not O(n * size)."""

    __slots__ = ("_crlf", "_parts", "_size")

    def __init__(self) -> None:
        self._parts: list[bytes] = []
        self._size = 0
        self._crlf = False

    @property
    def pending(self) -> int:
        """Bytes held of an event that has not finished yet."""
        return self._size

    def feed(self, data: bytes) -> list[SSEEvent]:
        if self._crlf or b"\r" in data:
            self._crlf = True
            data = self._normalize(data)
        parts = self._parts
        if parts:
            size = self._size
            if data[:1] == b"\n" and parts[-1][-1:] == b"\n":
                end = size - 1  # the blank line is split across the reads
            else:
                end = data.find(b"\n\n")
                if end < 0:
                    if data:
                        parts.append(data)
                        self._size = size + len(data)
                    return []
                end += size
            parts.append(data)
            buf = b"".join(parts)
            parts.clear()
        else:
            buf = data
            end = buf.find(b"\n\n")
        events: list[SSEEvent] = []
        start = 0
        while end >= 0:
            event = _parse_block(buf[start:end], buf, start, end + 2)
            if event is not None:
                events.append(event)
            start = end + 2
            end = buf.find(b"\n\n", start)
        self._size = len(buf) - start
        if self._size:
            parts.append(buf[start:] if start else buf)
        return events

    def close(self) -> list[SSEEvent]:
        """At end of input: a final event without its blank line is still an event."""
        rest = b"".join(self._parts).rstrip(b"\r\n")
        self._parts.clear()
        self._size = 0
        if not rest:
            return []
        event = _parse_block(rest, None, 0, 0)
        return [event] if event is not None else []

    def _normalize(self, data: bytes) -> bytes:
        # A CR at the end of one read may pair with an LF at the start of the next.
        parts = self._parts
        if parts and parts[-1].endswith(b"\r"):
            held = parts[-1][:-1]
            if held:
                parts[-1] = held
            else:
                parts.pop()
            self._size -= 1
            data = b"\r" + data
        pending_cr = data.endswith(b"\r")
        if pending_cr:
            data = data[:-1]
        data = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
        return data + b"\r" if pending_cr else data


def _parse_block(block: bytes, buf: bytes | None, start: int, stop: int) -> SSEEvent | None:
    if block.startswith(b"data: ") and b"\n" not in block:
        raw = buf[start:stop] if buf is not None else block + b"\n\n"
        return SSEEvent(data=block[6:], raw=raw)
    return _parse_fields(block)


def _parse_fields(block: bytes) -> SSEEvent | None:
    data_lines: list[bytes] = []
    event: bytes | None = None
    for line in block.split(b"\n"):
        if not line or line.startswith(b":"):
            continue
        name, sep, value = line.partition(b":")
        if sep and value.startswith(b" "):
            value = value[1:]
        if name == b"data":
            data_lines.append(value)
        elif name == b"event":
            event = value
    if not data_lines and event is None:
        return None  # comment-only or id/retry-only block: nothing to dispatch
    return SSEEvent(data=b"\n".join(data_lines) if data_lines else None, event=event)


def encode(data: bytes, event: bytes | None = None) -> bytes:
    """Frame one event; chat streams never carry `id:` and normally no `event:`."""
    if event is None:
        return b"data: " + data + b"\n\n"
    return b"event: " + event + b"\ndata: " + data + b"\n\n"


_BLANK_LINES = (b"\n\n", b"\r\r", b"\r\n\r\n")
_FIELD_LINE = re.compile(rb"[\r\n][^:\r\n]")  # a line that is not a comment, after the first


class EventEnds:
    """For streams passed on as bytes, where no parser runs: `feed` says whether a read ended an
    event, i.e. a blank line (in the read, or split across reads) closing a block with at least
    one line that is not a comment. A keep-alive `: ping` block ends nothing, as the parser drops
    it. Each read is scanned in C (find, one regex search) with no copy of it."""

    __slots__ = ("_fields", "_tail")

    def __init__(self) -> None:
        self._tail = b""  # the stream's last bytes (up to 3), for blank lines and line starts across reads
        self._fields = False  # the unfinished block has a line that is not a comment

    def feed(self, data: bytes) -> bool:
        tail = self._tail
        line_start = not tail or tail[-1] in b"\r\n"
        crlf = data.rfind(b"\r\n\r\n")
        end = max(data.rfind(b"\n\n") + 2, data.rfind(b"\r\r") + 2, crlf + 4 if crlf >= 0 else 0)
        if end < 2:  # none in the read: one may still end in its first bytes
            end = _split_blank_end(tail, data)
        self._tail = data[-3:] if len(data) >= 3 else (tail + data)[-3:]
        if end < 0:  # the block goes on
            self._fields = self._fields or _has_field(data, 0, len(data), line_start)
            return False
        ended = self._fields or _has_field(data, 0, end, line_start)
        self._fields = _has_field(data, end, len(data), True)
        return ended


def _split_blank_end(tail: bytes, data: bytes) -> int:
    """Where in `data` a blank line that began in `tail` ends, or -1."""
    joint = tail + data[:3]
    end = -1
    for blank in _BLANK_LINES:
        at = joint.find(blank, max(0, len(tail) - len(blank) + 1))
        if at >= 0:
            end = max(end, at + len(blank) - len(tail))
    return end


def _has_field(data: bytes, lo: int, hi: int, line_start: bool) -> bool:
    if lo >= hi:
        return False
    if line_start and data[lo] not in b":\r\n":
        return True
    return _FIELD_LINE.search(data, lo, hi) is not None
