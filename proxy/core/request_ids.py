"""Request ids: unique per process without a syscall per request, or the caller's own when it is safe.

Guarantees: an id the caller sent in `x-request-id` is kept when it is 1-128 characters of a
conservative set (letters, digits, `._:@/+=-`), so it can be logged and echoed as is; otherwise the
id is a random per-process prefix and a counter (`req_<12 hex><8+ hex>`).
"""

from __future__ import annotations

import itertools
import re
import secrets

_CALLER_REQUEST_ID = re.compile(rb"[A-Za-z0-9._:@/+=-]{1,128}")


class RequestIds:
    """Unique ids without a syscall per request: a random per-process prefix and a counter."""

    __slots__ = ("_counter", "_prefix")

    def __init__(self) -> None:
        self._prefix = "req_" + secrets.token_hex(6)
        self._counter = itertools.count(1)

    def next(self, caller_value: bytes | None) -> str:
        if caller_value is not None and _CALLER_REQUEST_ID.fullmatch(caller_value):
            return caller_value.decode("ascii")
        return f"{self._prefix}{next(self._counter):08x}"
