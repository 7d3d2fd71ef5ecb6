"""Policy reload: SIGHUP (and, optionally, a watch on the file) swaps the live policy atomically.

Guarantees: the new policy is loaded and fully checked before anything changes; an invalid one is
refused with every problem logged, and the old policy keeps serving; a valid one gets a fresh
Runtime (providers, stages, target health) that is started before it is swapped in, so each request runs
entirely under the policy it started with (one that fails or is cancelled while starting is closed, and
nothing of it reaches the old Runtime); the old Runtime is closed once its in-flight requests
and streams have finished (or after `server.drain_timeout_s`). Rate-limit and budget counters and
the metrics survive a reload when their backing settings are unchanged, and the breaker gauge
follows the new Runtime's breakers; server settings (host, port, workers) need a restart and say
so. With `--workers N` the supervisor restarts the workers on SIGHUP instead (each loads the file
afresh, with in-memory counters empty; old workers drain as on SIGTERM, see drain.py); the file
watch works in place, per worker.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import os
import signal
from collections.abc import Callable
from pathlib import Path

from proxy.compose import compose
from proxy.config.loader import ConfigError
from proxy.config.policy import Policy, load_policy
from proxy.runtime import Runtime

log = logging.getLogger("proxy.reload")
WATCH_ENV = "LLM_PROXY_WATCH_CONFIG"
WATCH_INTERVAL_S = 0.5


class Reloader:
    """Owns the swap from one Runtime to the next for one app."""

    def __init__(self, path: Path, get: Callable[[], Runtime | None], put: Callable[[Runtime], None]) -> None:
        self.path = path
        self._get, self._put = get, put
        self._lock = asyncio.Lock()
        self._digest = _digest(path)
        self._tasks: set[asyncio.Task[None]] = set()

    def install(self) -> None:
        """SIGHUP reloads; with LLM_PROXY_WATCH_CONFIG=1 the file is also polled for changes."""
        loop = asyncio.get_running_loop()
        try:
            loop.add_signal_handler(signal.SIGHUP, self._spawn)
        except (NotImplementedError, RuntimeError, ValueError):  # not the main thread, or no SIGHUP here
            log.info("SIGHUP reload unavailable in this process")
        if os.environ.get(WATCH_ENV, "") in ("1", "true", "yes"):
            self._keep(loop.create_task(self._watch()))

    def _spawn(self) -> None:
        self._keep(asyncio.get_running_loop().create_task(self._reload_quietly("SIGHUP")))

    async def _reload_quietly(self, why: str) -> None:
        await self.reload(why)

    def _keep(self, task: asyncio.Task[None]) -> None:
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def close(self) -> None:
        """Stop watching and reloading; a replaced Runtime still being retired is closed now."""
        tasks = list(self._tasks)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    async def _watch(self) -> None:
        while True:
            await asyncio.sleep(WATCH_INTERVAL_S)
            digest = await asyncio.to_thread(_digest, self.path)  # file I/O and hashing off the loop
            if digest is not None and digest != self._digest:
                await self.reload("file change")

    async def reload(self, why: str) -> bool:
        """Load, check and swap in the policy file; False (old policy kept) if it is invalid."""
        async with self._lock:
            self._digest = _digest(self.path)
            old = self._get()
            if old is None:
                return False
            try:
                policy = load_policy(self.path, os.environ)
            except ConfigError as exc:
                log.error("policy reload (%s) refused; the current policy stays:\n%s", why, exc)
                return False
            _warn_restart_only(old.policy, policy)
            try:
                new = compose(policy, old.access_log, reuse=old)
            except Exception:
                log.exception("policy reload (%s) failed while building; the current policy stays", why)
                return False
            try:
                await new.start()
            except BaseException as exc:  # cancelled too (shutdown): what it started is released either way
                await new.close(successor=old)  # what it shares with the old Runtime stays open
                if not isinstance(exc, Exception):
                    raise
                log.exception("policy reload (%s) failed while starting; the current policy stays", why)
                return False
            self._put(new)
            new.succeed(old)
            log.info(
                "policy reloaded (%s): %d model aliases, %d providers", why, len(policy.models), len(policy.providers)
            )
            self._keep(asyncio.get_running_loop().create_task(_retire(old, new, policy.server.drain_timeout_s)))
            return True


async def _retire(old: Runtime, new: Runtime, timeout_s: float) -> None:
    """Close the replaced Runtime once nothing runs on it any more."""
    deadline = asyncio.get_running_loop().time() + timeout_s
    try:
        # Polling: an Event would cost every request a check on the way out; a reload is rare.
        while old.active and asyncio.get_running_loop().time() < deadline:  # noqa: ASYNC110
            await asyncio.sleep(0.05)
    finally:  # shutdown may cut the wait short; the old pools, tracer and logs are closed all the same
        await old.close(successor=new)


def _warn_restart_only(old: Policy, new: Policy) -> None:
    if old.server != new.server:
        log.warning("policy reload: server settings (host, port, workers, ...) change only on restart")


def _digest(path: Path) -> bytes | None:
    try:
        return hashlib.sha256(path.read_bytes()).digest()
    except OSError:
        return None
