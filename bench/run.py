"""`python bench/run.py [--quick]`: direct-to-mock vs bare pass-through vs proxy, measured in one run.

Writes bench/RESULTS.md (markdown tables, also printed) and bench/results.json (raw numbers).
"""

from __future__ import annotations

import argparse
import asyncio
import math
import os
import shlex
import sys
import tempfile
from collections import Counter, defaultdict
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import asdict, dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import Any

import orjson
import uvloop
from load import LoadResult, drive, new_session, percentile, sdk_ttft
from procs import CLK_TCK, Child, cpu_seconds, free_port, pick_cpus, running, self_cpu_seconds
from report import machine_info, render

BENCH_DIR = Path(__file__).resolve().parent
CHAT_PATH = "/v1/chat/completions"
CHUNKS = 20
CHAT_CONCURRENCY = (1, 16, 64)
STREAM_CONCURRENCY = 16
TARGETS = ("direct", "bare", "proxy")
POLICY = """\
server: {{host: 127.0.0.1, port: {port}}}
providers:
  mock: {{type: openai, base_url: "{mock}/v1"}}
models:
  gpt-4o-mini: {{deployments: [{{provider: mock, model: gpt-4o-mini}}]}}
keys: []
logging: {{requests: true}}
"""


@dataclass(frozen=True, slots=True)
class Settings:
    """How much load each scenario gets per round: `requests` measured after `warmup`, cut at `time_cap_s`.

    Every target is started afresh in each of `rounds` rounds; the rounds are pooled in the report.
    """

    requests: int
    warmup: int
    time_cap_s: float
    ttft_count: int
    ttft_warmup: int
    rounds: int


FULL = Settings(requests=3000, warmup=500, time_cap_s=20.0, ttft_count=100, ttft_warmup=10, rounds=3)
QUICK = Settings(requests=800, warmup=200, time_cap_s=20.0, ttft_count=100, ttft_warmup=10, rounds=1)

Snapshot = tuple[float, float]
Measured = tuple[LoadResult, LoadResult, Snapshot]


@dataclass(frozen=True, slots=True)
class Placement:
    """Where things run: the mock, and this process (the driver), on `driver_cpu`; the target on `sut_cpu`."""

    sut_cpu: int
    driver_cpu: int
    mock: Child
    log_dir: Path


@dataclass(slots=True)
class Pool:
    """One scenario pooled over rounds: requests, warm-up errors, CPU seconds, and CPU µs/request of each round."""

    res: LoadResult = field(default_factory=LoadResult)
    warmup_errors: Counter[str] = field(default_factory=Counter)
    sut_cpu_s: float = 0.0
    cpu1_s: float = 0.0
    cpu_us_rounds: list[float] = field(default_factory=list)

    def add(self, measured: Measured) -> None:
        """Pool one round's measured phase (and remember its warm-up errors)."""
        res, warm, (sut_cpu, cpu1) = measured
        self.res.merge(res)
        self.warmup_errors.update(warm.errors)
        self.sut_cpu_s += sut_cpu
        self.cpu1_s += cpu1
        self.cpu_us_rounds.append(sut_cpu / res.ok * 1e6 if res.ok else math.nan)


def _cpu_snapshot(sut: Child | None, mock: Child) -> Snapshot:
    """(CPU seconds of the target so far, CPU seconds of the mock plus this driver process so far)."""
    return (cpu_seconds(sut.pid) if sut else 0.0), cpu_seconds(mock.pid) + self_cpu_seconds()


def _row(key: tuple[str, str, int], pool: Pool) -> dict[str, Any]:
    """One scenario's pooled numbers; the target's CPU figures are None for `direct` (there is no target process)."""
    target, mode, concurrency = key
    res, has_sut = pool.res, target != "direct"
    elapsed = res.elapsed_s or math.nan
    return {
        "target": target,
        "mode": mode,
        "concurrency": concurrency,
        "attempted": res.attempted,
        "ok": res.ok,
        "errors": dict(res.errors),
        "warmup_errors": dict(pool.warmup_errors),
        "elapsed_s": res.elapsed_s,
        "per_s": res.ok / elapsed,
        "p50_ms": percentile(res.latencies_s, 50) * 1e3,
        "p90_ms": percentile(res.latencies_s, 90) * 1e3,
        "p99_ms": percentile(res.latencies_s, 99) * 1e3,
        "cpu_ticks": round(pool.sut_cpu_s * CLK_TCK),  # the resolution of cpu_us_per_req is ±1 tick per round
        "cpu_us_per_req": (pool.sut_cpu_s / res.ok * 1e6) if has_sut and res.ok else None,
        "cpu_us_rounds": pool.cpu_us_rounds if has_sut else None,
        "cpu0_util": pool.sut_cpu_s / elapsed if has_sut else None,
        "cpu1_util": pool.cpu1_s / elapsed,
    }


async def _measure(
    base_url: str, *, stream: bool, concurrency: int, settings: Settings, snap: Callable[[], Snapshot]
) -> Measured:
    """Warm up, then load with CPU snapshots taken just around the measured phase (same connections for both)."""
    url = base_url + CHAT_PATH
    async with new_session(concurrency) as session:
        phase = partial(drive, session, url, stream=stream, chunks=CHUNKS, concurrency=concurrency)
        warm = await phase(total=settings.warmup, time_cap_s=settings.time_cap_s)
        before = snap()
        res = await phase(total=settings.requests, time_cap_s=settings.time_cap_s)
        after = snap()
    return res, warm, (after[0] - before[0], after[1] - before[1])


class Bench:
    """Runs the scenarios against one target at a time and pools what every round measured."""

    def __init__(self, settings: Settings, place: Placement, runner: asyncio.Runner) -> None:
        self.settings, self.place, self.runner = settings, place, runner
        self.pools: dict[tuple[str, str, int], Pool] = defaultdict(Pool)
        self.ttft: dict[str, LoadResult] = defaultdict(LoadResult)
        self.log_lines = 0

    def run_target(self, target: str, sut: Child | None) -> None:
        """Chat at each concurrency, stream at STREAM_CONCURRENCY, then SDK TTFT, against the running `target`."""
        base_url = sut.base_url if sut else self.place.mock.base_url

        def snap() -> Snapshot:
            return _cpu_snapshot(sut, self.place.mock)

        plan = [("chat", c) for c in CHAT_CONCURRENCY] + [("stream", STREAM_CONCURRENCY)]
        for mode, concurrency in plan:
            load = _measure(
                base_url, stream=mode == "stream", concurrency=concurrency, settings=self.settings, snap=snap
            )
            measured = self.runner.run(load)
            self.pools[target, mode, concurrency].add(measured)
            print(_progress(target, mode, concurrency, measured[0]), file=sys.stderr, flush=True)
        s = self.settings
        self.ttft[target].merge(
            self.runner.run(sdk_ttft(base_url, count=s.ttft_count, warmup=s.ttft_warmup, chunks=CHUNKS))
        )

    def results(self) -> dict[str, Any]:
        """Per target: pooled scenario rows and the pooled TTFT summary."""
        out: dict[str, Any] = {target: {"rows": [], "ttft": _ttft_row(self.ttft[target])} for target in TARGETS}
        for key, pool in self.pools.items():
            out[key[0]]["rows"].append(_row(key, pool))
        out["proxy"]["log_json_lines"] = self.log_lines
        return out


def _ttft_row(res: LoadResult) -> dict[str, Any]:
    p50, p90 = percentile(res.latencies_s, 50) * 1e3, percentile(res.latencies_s, 90) * 1e3
    return {"attempted": res.attempted, "ok": res.ok, "errors": dict(res.errors), "p50_ms": p50, "p90_ms": p90}


def _progress(target: str, mode: str, concurrency: int, res: LoadResult) -> str:
    """One stderr line per finished scenario, so a long run shows signs of life."""
    rate = res.ok / res.elapsed_s if res.elapsed_s else math.nan
    p50 = percentile(res.latencies_s, 50) * 1e3
    return f"  {target:>6} {mode:>6} c={concurrency:<3} {rate:8.0f}/s  p50 {p50:.2f} ms  errors {res.error_count}"


def _server(target: str, place: Placement) -> AbstractContextManager[Child | None]:
    """A context running the target server (nothing for `direct`), pinned to the SUT CPU."""
    if target == "direct":
        return nullcontext(None)
    port = free_port()
    if target == "bare":
        argv = [
            sys.executable,
            str(BENCH_DIR / "bare_passthrough.py"),
            "--port",
            str(port),
            "--upstream",
            place.mock.base_url,
        ]
    else:
        policy = place.log_dir / "policy.yaml"
        policy.write_text(POLICY.format(port=port, mock=place.mock.base_url))
        argv = [sys.executable, "-m", "proxy", "serve", "--config", str(policy), "--port", str(port)]
    return running(target, argv, port=port, cpu=place.sut_cpu, log_dir=place.log_dir)


def _log_lines(child: Child) -> int:
    """JSON lines in a server's output (the proxy's per-request log), to prove request logging was on."""
    return sum(1 for line in child.log_path.read_bytes().splitlines() if line.startswith(b"{"))


def run_all(settings: Settings, sut_cpu: int, driver_cpu: int) -> dict[str, Any]:
    """Start the mock, then each target in turn (only one at a time), and measure every scenario against it.

    The caller has already pinned this process (the driver) to `driver_cpu`. Odd rounds visit the targets in
    reverse order, so slow drift of the machine does not always favour the same target.
    """
    with (
        tempfile.TemporaryDirectory(prefix="bench-") as tmp,
        asyncio.Runner(loop_factory=uvloop.new_event_loop) as runner,
    ):
        mock_port = free_port()
        mock_argv = [sys.executable, "-m", "proxy", "mock-upstream", "--port", str(mock_port)]
        with running("mock", mock_argv, port=mock_port, cpu=driver_cpu, log_dir=Path(tmp)) as mock:
            bench = Bench(settings, Placement(sut_cpu, driver_cpu, mock, Path(tmp)), runner)
            for round_no in range(settings.rounds):
                for target in TARGETS if round_no % 2 == 0 else TARGETS[::-1]:
                    print(f"round {round_no + 1}/{settings.rounds}, {target}:", file=sys.stderr, flush=True)
                    with _server(target, bench.place) as sut:
                        bench.run_target(target, sut)
                    if target == "proxy" and sut is not None:  # counted once stopped: its stdout is flushed then
                        bench.log_lines += _log_lines(sut)
    results = bench.results()
    results |= {"settings": asdict(settings), "sut_cpu": sut_cpu, "driver_cpu": driver_cpu, "clk_tck": CLK_TCK}
    return results


def main() -> None:
    """Parse flags, pin this process to the driver CPU, run everything, write the report files."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer requests per scenario, one round (a smoke run)")
    parser.add_argument("--rounds", type=int, help=f"rounds to pool (default {FULL.rounds}, --quick {QUICK.rounds})")
    args = parser.parse_args()
    settings = QUICK if args.quick else FULL
    if args.rounds:
        settings = replace(settings, rounds=args.rounds)
    machine = machine_info()
    sut_cpu, driver_cpu = pick_cpus()
    os.sched_setaffinity(0, {driver_cpu})
    results = run_all(settings, sut_cpu, driver_cpu)
    results["machine"] = machine
    results["command"] = shlex.join(["python", *sys.argv])
    report = render(results)
    print(report)
    (BENCH_DIR / "RESULTS.md").write_text(report)
    (BENCH_DIR / "results.json").write_bytes(orjson.dumps(results, option=orjson.OPT_INDENT_2) + b"\n")


if __name__ == "__main__":
    main()
