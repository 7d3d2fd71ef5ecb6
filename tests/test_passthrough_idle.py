"""Pass-through stream idle bound, driven with scripted upstream reads (unit test of one module).

The mock upstream cannot send keep-alive comments alone on a pass-through endpoint, so the reads
are scripted here; tests/test_e2e_upstream.py covers the same bound over real sockets for a trickle.
"""

from __future__ import annotations

import asyncio
from typing import Any

from proxy.core.exchange import Exchange
from proxy.surfaces.passthrough import _pipe

IDLE_S = 0.1


class ScriptedBody:
    """`resp.content` and `resp` in one: each read waits `every_s`, then returns the next piece."""

    def __init__(self, pieces: list[bytes], every_s: float) -> None:
        self._pieces = list(pieces)
        self._every_s = every_s
        self.content = self

    async def readany(self) -> bytes:
        await asyncio.sleep(self._every_s)
        return self._pieces.pop(0) if self._pieces else b""

    def is_eof(self) -> bool:
        return not self._pieces

    def release(self) -> None:
        pass

    def close(self) -> None:
        pass


def pipe(pieces: list[bytes], every_s: float) -> bytes:
    ex = Exchange(request_id="r", endpoint="passthrough", method="POST", path="/", t_start=0.0, headers=[])
    ex.stream, ex.status, ex.response_started = True, 200, True
    body: Any = ScriptedBody(pieces, every_s)

    async def collect() -> bytes:
        return b"".join([out async for out in _pipe(ex, body, IDLE_S)])

    return asyncio.run(collect())


def test_keepalive_comments_alone_do_not_keep_a_stream_open() -> None:
    # 30 pings 20 ms apart: 0.6 s with no event, six times idle_s.
    out = pipe([b'data: {"a":1}\n\n'] + [b": ping\n\n"] * 30, every_s=0.02)
    assert b"did not answer in time" in out
    assert out.count(b": ping") < 15, "cut after about idle_s, not at the end of the pings"


def test_events_between_keepalive_comments_keep_a_stream_open() -> None:
    pieces = [b": ping\n\n", b'data: {"a":1}\n', b"\n", b": ping\r\n\r\n", b"event: x\ndata: 2\n\n"] * 6
    out = pipe(pieces, every_s=0.01)
    assert out == b"".join(pieces)
