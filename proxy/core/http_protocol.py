"""uvicorn's httptools protocol with bounds on request heads and OpenAI-shaped parse errors.

Guarantees, per connection: the head of a request (request line and headers) may hold at most
`max_header_bytes` and `max_headers` lines and must arrive complete within `header_timeout_s` of
the connection opening or of its first byte (so a caller trickling header lines cannot keep a
connection and its buffers forever; uvicorn's keep-alive timer stops at the first byte). A head
over a limit is answered 431, a late one 408, and a request the parser refuses (an unknown
method, a malformed line) 400, each as the OpenAI error envelope with `connection: close`,
instead of uvicorn's plain text. uvicorn has no such settings for httptools, hence this subclass.

Worker processes get the limits through `LLM_PROXY_HTTP_LIMITS` (set by `serve`), because
uvicorn builds the protocol from its own pickled config and passes nothing else along.
"""

from __future__ import annotations

import asyncio
import os
import secrets
from dataclasses import dataclass
from typing import Any

from proxy.core.drain import DrainingHttpProtocol
from proxy.core.errors import envelope

LIMITS_ENV = "LLM_PROXY_HTTP_LIMITS"
_REASONS = {400: b"Bad Request", 408: b"Request Timeout", 431: b"Request Header Fields Too Large"}


@dataclass(frozen=True, slots=True)
class HeadLimits:
    """Bounds on one request's head."""

    max_header_bytes: int = 32 * 1024
    max_headers: int = 100
    header_timeout_s: float = 10.0

    def to_env(self) -> str:
        return f"{self.max_header_bytes},{self.max_headers},{self.header_timeout_s}"

    @classmethod
    def from_env(cls, value: str | None) -> HeadLimits:
        if not value:
            return cls()
        size, count, timeout = value.split(",")
        return cls(int(size), int(count), float(timeout))


class HeadTooLarge(Exception):
    """Raised from a parser callback to stop parsing a head over a limit."""


class GuardedHttpToolsProtocol(DrainingHttpProtocol):
    """The draining httptools protocol (drain.py) plus the head limits above (see the module docstring)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._limits = HeadLimits.from_env(os.environ.get(LIMITS_ENV))
        self._in_head = True
        self._head_bytes = 0
        self._refusal: tuple[int, str, str] | None = None
        self._head_timer: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm_head_timer()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm_head_timer()
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        if self._in_head and not self.transport.is_closing():
            self._head_bytes += len(data)
            if self._head_bytes > self._limits.max_header_bytes:
                self._refuse(431, "request_header_fields_too_large", self._too_large())

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._in_head = True
        self._head_bytes = 0
        if self._head_timer is None:
            self._arm_head_timer()

    def on_headers_complete(self) -> None:
        # Counted once here rather than per header line: the byte bound already caps what is held.
        if len(self.headers) > self._limits.max_headers:
            self._refusal = (431, "request_header_fields_too_large", self._too_large())
            raise HeadTooLarge
        self._in_head = False
        self._disarm_head_timer()
        super().on_headers_complete()

    def send_400_response(self, msg: str) -> None:
        """uvicorn's answer to anything the parser refuses, here in the OpenAI envelope."""
        refusal = self._refusal or (400, "invalid_http_request", "The request is not valid HTTP/1.1.")
        self._refuse(*refusal)

    def _too_large(self) -> str:
        limits = self._limits
        return (
            f"The request headers are too large (at most {limits.max_headers} headers and "
            f"{limits.max_header_bytes} bytes). Send fewer or smaller headers."
        )

    def _arm_head_timer(self) -> None:
        self._head_timer = self.loop.call_later(self._limits.header_timeout_s, self._head_timed_out)

    def _disarm_head_timer(self) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None

    def _head_timed_out(self) -> None:
        self._head_timer = None
        if not self._in_head or self.transport.is_closing():
            return
        if self._head_bytes == 0:
            self.transport.close()  # a connection that never sent a byte: nobody to answer
            return
        message = f"The request headers did not arrive within {self._limits.header_timeout_s:g}s. Send them at once."
        self._refuse(408, "request_timeout", message)

    def _refuse(self, status: int, code: str, message: str) -> None:
        self._disarm_head_timer()
        self._in_head = False
        body = envelope(message, "invalid_request_error", code)
        head = [
            b"HTTP/1.1 %d %s" % (status, _REASONS[status]),
            b"content-type: application/json",
            b"content-length: %d" % len(body),
            b"x-request-id: req_" + secrets.token_hex(10).encode(),
            b"connection: close",
        ]
        self.transport.write(b"\r\n".join(head) + b"\r\n\r\n" + body)
        self.transport.close()
