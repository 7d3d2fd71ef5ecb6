"""Runs the app under uvicorn (uvloop + httptools), one process or `--workers N`.

On SIGTERM the listener closes and in-flight requests and streams, and requests arriving on open
connections, get `server.drain_timeout_s` to finish (see drain.py). With `--workers N` a SIGHUP
makes uvicorn's supervisor start new workers and drain the old ones the same way.
"""

from __future__ import annotations

import contextlib
import logging
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import uvicorn

from proxy.app import create_app
from proxy.config.loader import ConfigError
from proxy.config.policy import Policy, load_policy
from proxy.core.asgi import AsgiApp
from proxy.core.http_protocol import LIMITS_ENV, GuardedHttpToolsProtocol, HeadLimits
from proxy.observability.logging import configure_logging
from proxy.observability.metrics import MULTIPROC_ENV

CONFIG_ENV = "LLM_PROXY_CONFIG"
GOOD_COPY_ENV = "LLM_PROXY_LAST_GOOD_CONFIG"
log = logging.getLogger("proxy.server")


def app_from_env() -> AsgiApp:
    """App factory for worker processes: the policy path comes from $LLM_PROXY_CONFIG.

    The supervisor restarts workers on SIGHUP, so a worker is where a multi-worker reload happens:
    a valid policy becomes the new last-good copy; an invalid one is logged and the worker starts
    on the last-good copy instead (the old policy keeps serving)."""
    path = Path(os.environ[CONFIG_ENV])
    good = Path(os.environ[GOOD_COPY_ENV]) if os.environ.get(GOOD_COPY_ENV) else None
    try:
        policy = load_policy(path, os.environ)
    except ConfigError as exc:
        if good is None:
            raise
        configure_logging("info")
        log.error("policy %s refused; this worker keeps the last good policy:\n%s", path, exc)
        return create_app(load_policy(good, os.environ), config_path=path)
    configure_logging(policy.logging.level)
    if good is not None:
        _save_good_copy(path, good)
    return create_app(policy, config_path=path)


def _save_good_copy(path: Path, good: Path) -> None:
    tmp = good.with_suffix(f".{os.getpid()}.tmp")
    try:
        tmp.write_bytes(path.read_bytes())
        tmp.replace(good)  # atomic: another worker never reads half a file
    except OSError:
        log.warning("could not keep a copy of the last good policy at %s", good)


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
    srv = policy.server
    os.environ[LIMITS_ENV] = HeadLimits(srv.max_header_bytes, srv.max_headers, srv.header_timeout_s).to_env()
    options: dict[str, Any] = {
        "host": host if host is not None else policy.server.host,
        "port": port if port is not None else policy.server.port,
        "loop": "uvloop",
        "http": GuardedHttpToolsProtocol,  # httptools with bounded heads, drained without dropping requests
        "access_log": False,
        "server_header": False,
        "timeout_graceful_shutdown": policy.server.drain_timeout_s,
        "log_level": policy.logging.level,
        "lifespan": "on",
        # The peer address must be the real one: identity.trusted_proxies decides whom to believe,
        # and uvicorn would otherwise take X-Forwarded-For from any loopback client.
        "proxy_headers": False,
    }
    if workers > 1:
        if not policy.state.shared:
            log.warning(
                "%d workers without Redis in `state`: rate limits, budgets and the cache are per worker process "
                "(each enforces its own copy) and start empty when SIGHUP restarts the workers; "
                "set state.redis_url (or redis_sentinel, redis_cluster) to share them and keep them across restarts",
                workers,
            )
        os.environ[CONFIG_ENV] = str(path.resolve())
        with _multiprocess_metrics_dir(), tempfile.TemporaryDirectory(prefix="llm-proxy-policy-") as keep:
            os.environ[GOOD_COPY_ENV] = str(Path(keep) / "last-good.yaml")
            _save_good_copy(path, Path(os.environ[GOOD_COPY_ENV]))
            uvicorn.run("proxy.server:app_from_env", factory=True, workers=workers, **options)
    else:
        uvicorn.Server(uvicorn.Config(create_app(policy, config_path=path), **options)).run()
