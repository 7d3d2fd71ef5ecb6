"""Sans-I/O server-sent events parser: bytes in, complete events out.

Guarantees: events split across reads, several events in one read, LF/CRLF/CR line endings,
`data:` with or without the space, multi-line data, comments, `event:`/`id:`/`retry:` fields are
all handled per the SSE spec. A plain single-line `data:` event keeps its exact upstream bytes in
`raw`, so the relay can forward it without re-encoding.
"""

from __future__ import annotations

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


def completes_event(previous: bytes, data: bytes) -> bool:
    """Whether `data`, read right after `previous`, ends an event: a blank line in it, or one split
    across the two reads. For streams passed on as bytes, where no parser runs."""
    if any(blank in data for blank in _BLANK_LINES):
        return True
    joint = previous[-3:] + data[:3]
    return any(blank in joint for blank in _BLANK_LINES)
