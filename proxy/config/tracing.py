"""Policy for optional OpenTelemetry tracing (the `otel` extra); off by default.

Cross-checks guarantee a sample ratio in [0, 1], an http(s) OTLP endpoint and, only when tracing
is enabled, that the OpenTelemetry packages are installed, so a missing extra is reported at
start-up (and by `llm-proxy check`) with the command that installs it. When tracing is off,
nothing here imports or even looks for OpenTelemetry.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from typing import Literal

INSTALL_HINT = "pip install 'llm-policy-proxy[otel]'"


@dataclass(frozen=True, slots=True, kw_only=True)
class TracingConfig:
    """One span per `/v1/*` request, children per pipeline stage and upstream attempt.

    `exporter`: `otlp` sends batches over OTLP/HTTP (protobuf) to `endpoint` from a background
    thread; `console` writes each finished span as one JSON line to stderr (stdout stays the JSON
    access log), synchronously, for debugging. `sample_ratio` is the share of new traces kept; a
    caller's W3C `traceparent` decides for requests that arrive inside a trace.
    """

    enabled: bool = False
    exporter: Literal["console", "otlp"] = "otlp"
    endpoint: str = "http://127.0.0.1:4318/v1/traces"
    service_name: str = "llm-policy-proxy"
    sample_ratio: float = 1.0


_REQUIRED = {
    "console": ("opentelemetry.sdk",),
    "otlp": ("opentelemetry.sdk", "opentelemetry.exporter.otlp.proto.http"),
}


def check_tracing(config: TracingConfig) -> list[str]:
    """Pass-2 checks for the `tracing` section."""
    problems: list[str] = []
    if not 0.0 <= config.sample_ratio <= 1.0:
        problems.append(f"tracing.sample_ratio: must be in [0, 1], got {config.sample_ratio}")
    if not config.service_name:
        problems.append("tracing.service_name: must not be empty")
    if config.exporter == "otlp" and not config.endpoint.startswith(("http://", "https://")):
        problems.append(f"tracing.endpoint: must start with http:// or https://, got '{config.endpoint}'")
    if config.enabled and not all(_installed(name) for name in _REQUIRED[config.exporter]):
        problems.append(f"tracing.enabled: the OpenTelemetry packages are not installed; run {INSTALL_HINT}")
    return problems


def _installed(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except ModuleNotFoundError:  # a parent package is missing
        return False
