"""Runs the app under uvicorn (uvloop + httptools), one process or `--workers N`.

On SIGTERM the listener closes and in-flight requests and streams get `server.drain_timeout_s`
to finish (see drain.py for the readiness side).
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import uvicorn
from starlette.applications import Starlette

from proxy.app import create_app
from proxy.config import Policy, load_policy
from proxy.observability.logging import configure_logging
from proxy.observability.metrics import MULTIPROC_ENV

CONFIG_ENV = "LLM_PROXY_CONFIG"


def app_from_env() -> Starlette:
    """App factory for worker processes: the policy path comes from $LLM_PROXY_CONFIG."""
    policy = load_policy(os.environ[CONFIG_ENV], os.environ)
    configure_logging(policy.logging.level)
    return create_app(policy)


@contextlib.contextmanager
def _multiprocess_metrics_dir() -> Iterator[None]:
    """Workers write metric values under one directory that `/metrics` merges (Prometheus
    multiprocess mode); a fresh directory per run unless the operator set one."""
    if os.environ.get(MULTIPROC_ENV):
        yield
        return
    with tempfile.TemporaryDirectory(prefix="llm-proxy-metrics-") as tmp:
        os.environ[MULTIPROC_ENV] = tmp
        try:
            yield
        finally:
            del os.environ[MULTIPROC_ENV]


def serve(policy: Policy, path: Path, *, host: str | None, port: int | None, workers: int | None) -> None:
    configure_logging(policy.logging.level)
    workers = workers or policy.server.workers
    options: dict[str, Any] = {
        "host": host if host is not None else policy.server.host,
        "port": port if port is not None else policy.server.port,
        "loop": "uvloop",
        "http": "httptools",
        "access_log": False,
        "server_header": False,
        "timeout_graceful_shutdown": policy.server.drain_timeout_s,
        "log_level": policy.logging.level,
        "lifespan": "on",
    }
    if workers > 1:
        os.environ[CONFIG_ENV] = str(path.resolve())
        with _multiprocess_metrics_dir():
            uvicorn.run("proxy.server:app_from_env", factory=True, workers=workers, **options)
    else:
        uvicorn.Server(uvicorn.Config(create_app(policy), **options)).run()
