"""`python bench/observability.py [--rounds N]`: what observability costs the proxy per request.

The same proxy and mock, one variant at a time, the proxy pinned to CPU 0 (mock and this driver on
CPU 1), 16 connections, non-streamed and streamed (20 chunks):
- none: metrics off, request log off;
- default: metrics and the JSON request log (to a file);
- no tracing: default + tenant label + the evaluation log;
- full, 10% / all traced: that + OpenTelemetry tracing with 10% / every request sampled, batched
  OTLP export to an address nobody listens on (span building and export attempts are paid, not a
  collector's work).
Prints a markdown table of CPU us per request; writes nothing.
"""

from __future__ import annotations

from compare import BASE_POLICY as BASE
from compare import cli
from procs import free_port

VARIANTS = {
    "none": "metrics: {{enabled: false}}\nlogging: {{requests: false}}\n",
    "default": "logging: {{requests: true}}\n",
    "no tracing": (
        "metrics: {{tenant_label: true}}\nlogging: {{requests: true, eval_log: {{path: '{tmp}/eval.jsonl'}}}}\n"
    ),
    "full, 10% traced": (
        "metrics: {{tenant_label: true}}\n"
        "logging: {{requests: true, eval_log: {{path: '{tmp}/eval.jsonl'}}}}\n"
        "tracing: {{enabled: true, sample_ratio: 0.1, endpoint: 'http://127.0.0.1:{dead}/v1/traces'}}\n"
    ),
    "full, all traced": (
        "metrics: {{tenant_label: true}}\n"
        "logging: {{requests: true, eval_log: {{path: '{tmp}/eval.jsonl'}}}}\n"
        "tracing: {{enabled: true, exporter: otlp, endpoint: 'http://127.0.0.1:{dead}/v1/traces'}}\n"
    ),
}


def main() -> None:
    def render(text: str, port: int, mock: str, tmp: str) -> str:
        return text.format(port=port, mock=mock, tmp=tmp, dead=free_port())

    cli(__doc__ or "", {name: BASE + extra for name, extra in VARIANTS.items()}, "variant", render)


if __name__ == "__main__":
    main()
