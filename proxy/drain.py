"""Graceful drain: the first SIGTERM/SIGINT marks the runtime draining before uvicorn shuts down.

uvicorn installs its own handlers before the app's lifespan starts; we chain in front of them so
that `/readyz` turns 503 and requests arriving on open connections get 503 `shutting_down` while
uvicorn closes the listener and gives in-flight streams `server.drain_timeout_s` to finish.
"""

from __future__ import annotations

import logging
import signal
import threading
from types import FrameType
from typing import Any

log = logging.getLogger("proxy.drain")

_SIGNALS = (signal.SIGTERM, signal.SIGINT)


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
