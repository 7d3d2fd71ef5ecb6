"""Evaluation log: one JSON line of quality data per request, written off the request path.

Guarantees: `EvalLog.submit` never blocks and never raises: it only appends to a bounded queue
and, when the queue is full, drops the record and counts it (`dropped`). A daemon thread serialises
and appends the records in batches to `path`, rotating by size (`path` -> `path.1` ... `path.N`,
the oldest dropped); with several worker processes on one path, lines are appended whole
(O_APPEND), one process rotates under a lock on the file and the others follow to the new one.
A failing sink (disk full, missing directory) is logged and counted (`failed`), never raised.
`close()` writes what is queued and stops the thread. `eval_record` never includes prompt or
answer text: ids, model, deployment, tokens, timings, outcome, guardrail verdicts, cache status.
"""

from __future__ import annotations

import collections
import datetime as dt
import fcntl
import logging
import os
import threading
import time
from typing import TYPE_CHECKING, Any

import orjson

if TYPE_CHECKING:
    from proxy.core.exchange import Exchange

log = logging.getLogger("proxy.evallog")

_FLUSH_EVERY_S = 0.2


class EvalLog:
    """A JSON-lines sink of per-request records with size-based rotation, written by its own thread."""

    def __init__(
        self, path: str, max_bytes: int = 50 * 1024 * 1024, backups: int = 5, *, queue_size: int = 10_000
    ) -> None:
        self.path = path
        self.max_bytes = max_bytes
        self.backups = backups
        self.queue_size = queue_size
        self.dropped = 0  # records refused because the queue was full
        self.written = 0
        self.failed = 0  # records lost to write errors
        self._queue: collections.deque[dict[str, Any]] = collections.deque()
        self._stop = threading.Event()
        self._fd: int | None = None
        self._last_error = 0.0
        self._open()
        self._thread = threading.Thread(target=self._run, name="eval-log", daemon=True)
        self._thread.start()

    def submit(self, record: dict[str, Any]) -> None:
        """Queue `record` (not to be changed afterwards); drop and count it if the queue is full."""
        if len(self._queue) >= self.queue_size or self._stop.is_set():
            self.dropped += 1
            return
        self._queue.append(record)

    def close(self, timeout_s: float = 5.0) -> None:
        """Write everything queued, stop the thread and close the file. Idempotent."""
        self._stop.set()
        if self._thread.is_alive() and self._thread is not threading.current_thread():
            self._thread.join(timeout_s)
        if self._fd is not None and not self._thread.is_alive():
            os.close(self._fd)
            self._fd = None

    def _run(self) -> None:
        while True:
            stopping = self._stop.wait(_FLUSH_EVERY_S)
            try:
                self._drain()
            except Exception:  # the thread must outlive any bug: log and carry on
                log.exception("eval log: writer failed")
            if stopping:
                return

    def _drain(self) -> None:
        while self._queue:
            lines: list[bytes] = []
            while self._queue and len(lines) < 1000:
                record = self._queue.popleft()
                try:
                    lines.append(orjson.dumps(record, option=orjson.OPT_APPEND_NEWLINE))
                except TypeError:
                    self._lost(1, "not serialisable")
            self._write(lines)

    def _write(self, lines: list[bytes]) -> None:
        size = self._refresh()
        if size is None:
            self._lost(len(lines), "cannot open")
            return
        chunk: list[bytes] = []
        for i, line in enumerate(lines):
            if size > 0 and size + len(line) > self.max_bytes:
                self._append(chunk)
                chunk = []
                size = self._rotate(len(line))
                if size is None:
                    self._lost(len(lines) - i, "cannot reopen after rotating")
                    return
            chunk.append(line)
            size += len(line)
        self._append(chunk)

    def _append(self, chunk: list[bytes]) -> None:
        if not chunk or self._fd is None:
            return
        data = b"".join(chunk)
        try:
            while data:
                data = data[os.write(self._fd, data) :]
        except OSError as exc:
            self._lost(len(chunk), f"write failed: {exc.strerror}")
            return
        self.written += len(chunk)

    def _refresh(self) -> int | None:
        """The current size of `path`, reopening it if another process rotated it away (or it was never open)."""
        if self._fd is not None:
            try:
                if os.stat(self.path).st_ino == os.fstat(self._fd).st_ino:
                    return os.fstat(self._fd).st_size
            except OSError:
                pass
        if not self._open():
            return None
        assert self._fd is not None
        return os.fstat(self._fd).st_size

    def _open(self) -> bool:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
        try:
            self._fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_CLOEXEC, 0o640)
        except OSError as exc:
            self._complain(f"cannot open {self.path}: {exc.strerror}")
            return False
        return True

    def _rotate(self, needed: int) -> int | None:
        """Shift `path` -> `path.1` -> ... under an exclusive lock on the current file, unless another
        process already did (the file was replaced, or emptied, since); then the size of the new `path`."""
        fd = self._fd
        assert fd is not None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            try:
                same = os.stat(self.path).st_ino == os.fstat(fd).st_ino
                if same and os.fstat(fd).st_size + needed > self.max_bytes:
                    self._shift()
            finally:
                fcntl.flock(fd, fcntl.LOCK_UN)
        except OSError as exc:
            self._complain(f"cannot rotate {self.path}: {exc.strerror}")
        if not self._open():
            return None
        assert self._fd is not None
        return os.fstat(self._fd).st_size

    def _shift(self) -> None:
        if self.backups == 0:
            os.truncate(self.path, 0)
            return
        for n in range(self.backups - 1, 0, -1):
            older = f"{self.path}.{n}"
            if os.path.exists(older):
                os.replace(older, f"{self.path}.{n + 1}")
        os.replace(self.path, f"{self.path}.1")

    def _lost(self, count: int, why: str) -> None:
        self.failed += max(count, 0)
        self._complain(f"{count} records lost ({why})")

    def _complain(self, message: str) -> None:
        now = time.monotonic()
        if now - self._last_error >= 60.0 or self._last_error == 0.0:  # at most once a minute
            self._last_error = now
            log.error("eval log: %s", message)


def eval_record(ex: Exchange) -> dict[str, Any]:
    """The quality record of a finished request: identifiers, model, outcome, tokens and timings, never
    prompt or answer text. `variant` is `<experiment>/<variant>` and `template` `<name>@<version>` when set."""
    dep, usage, exp = ex.deployment, ex.usage, ex.experiment
    assignment = exp.assignment if exp is not None else None
    return {
        "request_id": ex.request_id,
        "time": dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds"),
        "tenant": ex.tenant,
        "endpoint": ex.endpoint,
        "model": ex.alias,
        "served_model": ex.served_alias,
        "deployment": dep.label if dep is not None else None,
        "variant": f"{assignment.experiment}/{assignment.variant}" if assignment is not None else None,
        "template": exp.prompt_version if exp is not None else None,
        "stream": ex.stream,
        "input_tokens": usage.prompt_tokens if usage is not None else None,
        "output_tokens": usage.completion_tokens if usage is not None else None,
        "cost_usd": round(ex.cost_usd, 8) if ex.cost_usd is not None else None,
        "latency_ms": round((ex.t_end - ex.t_start) * 1000, 3),
        "ttft_ms": round(ex.ttft_s * 1000, 3) if ex.ttft_s is not None else None,
        "finish_reason": ex.finish_reason,
        "status": 499 if ex.client_gone else ex.status,
        "fault": ex.fault.value,
        "error_code": ex.error.code if ex.error is not None else None,
        "guardrails": [v.log_record() for v in ex.guardrail_verdicts],
        "cache": ex.cache.status if ex.cache is not None else None,
    }
