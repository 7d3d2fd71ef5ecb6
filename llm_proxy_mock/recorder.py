"""In-memory log of the requests the mock received and what became of their responses."""

from __future__ import annotations

import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any

MAX_RECORDS = 1000


@dataclass(slots=True)
class Record:
    """One request as `/_mock/log` reports it; mutated while its response is being sent.

    `disconnected` is true when the client went away before the response was fully sent;
    `dropped` when the mock itself cut the connection (the `drop_after` knob). `script_step` is the
    index of the `/_mock/script` step this request took; `fault` is `fail` or `stall` when a random
    fault (`fail_rate`, `stall_rate`) hit it. `headers` holds every request header (names in lower
    case), so a test sees the credentials and protocol headers a proxy forwarded; `body` is the
    parsed JSON body and `body_text` the body exactly as sent (UTF-8, invalid bytes replaced), for
    byte-level checks and bodies that are not JSON.
    """

    id: str
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: Any = None
    body_text: str | None = None
    started_at: float = field(default_factory=time.time)
    chunk_sent_at: list[float] = field(default_factory=list)
    status: int | None = None
    finished: bool = False
    disconnected: bool = False
    disconnected_at: float | None = None
    dropped: bool = False
    script_step: int | None = None
    fault: str | None = None

    def mark_disconnected(self) -> None:
        """Note that the client went away (only the first time counts; no-op after a finish or drop)."""
        if not (self.finished or self.dropped or self.disconnected):
            self.disconnected = True
            self.disconnected_at = time.time()


class Recorder:
    """The last `MAX_RECORDS` records, oldest first."""

    __slots__ = ("_records",)

    def __init__(self, limit: int = MAX_RECORDS) -> None:
        self._records: deque[Record] = deque(maxlen=limit)

    def add(self, record: Record) -> None:
        """Keep `record` (the oldest one is forgotten when full)."""
        self._records.append(record)

    def select(self, record_id: str | None = None) -> list[Record]:
        """All records, or those whose id is `record_id`, oldest first."""
        if record_id is None:
            return list(self._records)
        return [r for r in self._records if r.id == record_id]

    def clear(self) -> int:
        """Forget every record; returns how many there were."""
        count = len(self._records)
        self._records.clear()
        return count
