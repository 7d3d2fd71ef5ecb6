"""Prometheus multiprocess mode (`--workers N`): the metric files of workers that died unannounced."""

from __future__ import annotations

import contextlib
import os
import re

from prometheus_client import multiprocess

_LIVE_GAUGE_FILE = re.compile(r"gauge_live(?:sum|all|min|max|mostrecent)_(\d+)\.db")


def sweep_dead_processes(directory: str) -> None:
    """Drop the live-gauge files of processes that are gone. A worker marks itself dead when it
    stops cleanly; one killed outright cannot, and the supervisor replacing it does not. (A pid
    reused by a new process before the next scrape keeps its files until that one exits.)"""
    try:
        names = os.listdir(directory)
    except OSError:
        return
    own = os.getpid()
    for pid in {int(m.group(1)) for name in names if (m := _LIVE_GAUGE_FILE.fullmatch(name))} - {own}:
        if not _alive(pid):
            with contextlib.suppress(FileNotFoundError):  # another worker's scrape swept it first
                multiprocess.mark_process_dead(pid, directory)  # type: ignore[no-untyped-call]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # a killed worker stays a zombie until its supervisor reaps it
        with open(f"/proc/{pid}/stat", "rb") as stat:
            return stat.read().rsplit(b")", 1)[1].split()[0] != b"Z"
    except (OSError, IndexError):
        return True
