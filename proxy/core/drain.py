"""Graceful drain: nothing a client already sent is lost when a process stops (SIGTERM, or the
supervisor replacing a worker on SIGHUP with `--workers N`).

The first SIGTERM/SIGINT marks the runtime draining (so `/readyz` turns 503) in front of uvicorn's
own handler, which then closes the listener and waits up to `server.drain_timeout_s` for the open
connections. `DrainingHttpProtocol` makes that wait lossless for kept-alive connections: a request
in progress, or one arriving on an open connection during the drain, is served as usual, with
`connection: close` so the client's next request opens a connection to a live worker or replica.
uvicorn alone would close idle connections at once, under a request the client may have just sent.
"""

from __future__ import annotations

import logging
import signal
import threading
from types import FrameType
from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

log = logging.getLogger("proxy.drain")

_SIGNALS = (signal.SIGTERM, signal.SIGINT)
# How long a connection idle when the drain starts stays open for a request already on its way.
# An idle client's next request comes later and reconnects, as after any keep-alive timeout.
IDLE_GRACE_S = 1.0


def chain_drain_handlers(holder: Any) -> None:
    """Install the chained handlers; a no-op outside the main thread (e.g. an in-process test server).
    `holder.runtime` is read when the signal comes, so a reloaded Runtime is the one that drains."""
    if threading.current_thread() is not threading.main_thread():
        return
    for sig in _SIGNALS:
        previous = signal.getsignal(sig)

        def handler(signum: int, frame: FrameType | None, previous: Any = previous) -> None:
            runtime = holder.runtime
            if runtime is not None and not runtime.draining:
                runtime.draining = True
                log.info("signal %d: draining in-flight requests before exit", signum)
            if callable(previous):
                previous(signum, frame)

        signal.signal(sig, handler)


class DrainingHttpProtocol(HttpToolsProtocol):
    """uvicorn's httptools connection, except that a graceful shutdown closes each kept-alive
    connection only after a response that says `connection: close` (or after `IDLE_GRACE_S` idle),
    never under a request in flight on the wire."""

    draining = False

    def shutdown(self) -> None:
        self.draining = True
        if self.cycle is None or self.cycle.response_complete:
            # Idle: keep it open a moment for a request that may already be on its way. Data arriving
            # cancels this timer (as it does uvicorn's keep-alive timer) and the request is served.
            self._unset_keepalive_if_required()
            self.timeout_keep_alive_task = self.loop.call_later(
                min(IDLE_GRACE_S, self.timeout_keep_alive), self.timeout_keep_alive_handler
            )
        else:
            self.cycle.keep_alive = False  # the response in progress says `connection: close`

    def on_headers_complete(self) -> None:
        super().on_headers_complete()
        if self.draining and self.cycle is not None:
            self.cycle.keep_alive = False
