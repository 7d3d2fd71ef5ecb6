"""Run the same proxy on several policies and compare their CPU per request (non-streamed and streamed).

One mock upstream for all; per round and policy a fresh proxy pinned to one CPU (mock and driver on
the other), 16 connections, a warm-up then the measured requests; the table is the mean over rounds,
relative to the first policy.
"""

from __future__ import annotations

import argparse
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

import uvloop
from load import drive, new_session
from procs import cpu_seconds, pick_cpus, running_mock, running_proxy

CONCURRENCY, WARMUP, REQUESTS = 16, 500, 3000
# The policy every comparison starts from: one alias on the mock (a str.format template, braces doubled).
BASE_POLICY = """\
server: {{host: 127.0.0.1, port: {port}}}
providers:
  mock: {{type: openai, base_url: "{mock}/v1"}}
models:
  gpt-4o-mini: {{deployments: [{{provider: mock, model: gpt-4o-mini}}]}}
"""

# Fills a policy text's fields: (text, proxy port, mock base URL, temporary directory) -> policy.
Render = Callable[[str, int, str, str], str]


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


def fill(text: str, port: int, mock: str, tmp: str) -> str:
    """The plain Render: a policy text needing only the proxy's port and the mock's URL."""
    return text.format(port=port, mock=mock)


def cli(doc: str, policies: dict[str, str], title: str, render: Render = fill) -> None:
    """`--rounds N` from the command line, then the comparison's table on stdout."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    print(compare(policies, render, parser.parse_args().rounds, title))


def compare(policies: dict[str, str], render: Render, rounds: int, title: str) -> str:
    """A markdown table of CPU us per request for each policy text, and the errors seen."""
    sut_cpu, driver_cpu = pick_cpus()
    os.sched_setaffinity(0, {driver_cpu})
    cpu: dict[tuple[str, bool], list[float]] = {(p, s): [] for p in policies for s in (False, True)}
    errors = 0
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp, running_mock(driver_cpu, Path(tmp)) as mock:
        for _ in range(rounds):
            for name, text in policies.items():

                def policy(port: int, text: str = text) -> str:
                    return render(text, port, mock.base_url, tmp)

                with running_proxy(policy, sut_cpu, Path(tmp)) as sut:
                    for stream in (False, True):
                        us, errs = uvloop.run(measure(sut.base_url + "/v1/chat/completions", sut.pid, stream))
                        cpu[(name, stream)].append(us)
                        errors += errs
    first = next(iter(policies))
    head = f"| {title} ({rounds} rounds, c={CONCURRENCY}) | json CPU us/req | vs {first} "
    lines = [head + f"| stream CPU us/req | vs {first} |", "|---|--:|--:|--:|--:|"]
    base = {s: sum(cpu[(first, s)]) / rounds for s in (False, True)}
    for name in policies:
        cells = []
        for stream in (False, True):
            mean = sum(cpu[(name, stream)]) / rounds
            cells += [f"{mean:.0f}", f"{mean / base[stream]:.2f}x"]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + f"\n\nerrors: {errors}"
