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

import argparse
import os
import tempfile
from pathlib import Path

import uvloop
from load import drive, new_session
from procs import cpu_seconds, free_port, pick_cpus, running_mock, running_proxy

BASE = """\
server: {{host: 127.0.0.1, port: {port}}}
providers:
  mock: {{type: openai, base_url: "{mock}/v1"}}
models:
  gpt-4o-mini: {{deployments: [{{provider: mock, model: gpt-4o-mini}}]}}
"""
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
CONCURRENCY, WARMUP, REQUESTS = 16, 500, 3000


async def measure(url: str, pid: int, stream: bool) -> tuple[float, int]:
    """(CPU us per request of `pid`, errors) for the measured phase after a warm-up."""
    async with new_session(CONCURRENCY) as session:
        await drive(session, url, stream=stream, chunks=20, concurrency=CONCURRENCY, total=WARMUP, time_cap_s=20)
        before = cpu_seconds(pid)
        res = await drive(
            session, url, stream=stream, chunks=20, concurrency=CONCURRENCY, total=REQUESTS, time_cap_s=30
        )
        spent = cpu_seconds(pid) - before
    return spent / max(res.ok, 1) * 1e6, res.error_count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    rounds = parser.parse_args().rounds
    sut_cpu, driver_cpu = pick_cpus()
    os.sched_setaffinity(0, {driver_cpu})
    cpu: dict[tuple[str, bool], list[float]] = {(v, s): [] for v in VARIANTS for s in (False, True)}
    errors = 0
    with tempfile.TemporaryDirectory(prefix="bench-obs-") as tmp, running_mock(driver_cpu, Path(tmp)) as mock:
        for _ in range(rounds):
            for name, extra in VARIANTS.items():
                text = BASE + extra

                def policy(port: int, text: str = text) -> str:
                    return text.format(port=port, mock=mock.base_url, tmp=tmp, dead=free_port())

                with running_proxy(policy, sut_cpu, Path(tmp)) as sut:
                    for stream in (False, True):
                        url = sut.base_url + "/v1/chat/completions"
                        us, errs = uvloop.run(measure(url, sut.pid, stream))
                        cpu[(name, stream)].append(us)
                        errors += errs
    print(f"| variant ({rounds} rounds, c={CONCURRENCY}) | json CPU us/req | vs none | stream CPU us/req | vs none |")
    print("|---|--:|--:|--:|--:|")
    base = {s: sum(cpu[("none", s)]) / rounds for s in (False, True)}
    for name in VARIANTS:
        cells = []
        for stream in (False, True):
            mean = sum(cpu[(name, stream)]) / rounds
            cells += [f"{mean:.0f}", f"{mean / base[stream]:.2f}x"]
        print(f"| {name} | " + " | ".join(cells) + " |")
    print(f"\nerrors: {errors}")


if __name__ == "__main__":
    main()
