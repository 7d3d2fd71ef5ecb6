"""Turns the raw results of bench/run.py into the markdown report (RESULTS.md)."""

from __future__ import annotations

import datetime
import math
import os
import platform
import subprocess
from pathlib import Path
from typing import Any

CPU_RATIO_TARGET = 1.5


def _cpu_model() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def _git_revision(repo: Path) -> str:
    """`<short sha>` plus `+dirty` when tracked files have changes (what code was measured); `unknown` without git."""
    try:
        sha = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=repo, capture_output=True, check=True)
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"], cwd=repo, capture_output=True, check=True
        )
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return sha.stdout.decode().strip() + ("+dirty" if dirty.stdout.strip() else "")


def machine_info() -> dict[str, Any]:
    """Date, CPUs usable by this process (`nproc`), CPU model, Python and kernel; call before pinning."""
    return {
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "nproc": len(os.sched_getaffinity(0)),
        "cpu_model": _cpu_model(),
        "python": platform.python_version(),
        "kernel": platform.release(),
        "git": _git_revision(Path(__file__).resolve().parent.parent),
    }


def _num(value: float | None, digits: int = 2) -> str:
    if value is None or math.isnan(value):
        return "-"
    return f"{value:,.{digits}f}"


def _spread(values: list[float] | None, digits: int = 0) -> str:
    """` (min..max)` over the rounds, or nothing with a single round."""
    if not values or len(values) < 2:
        return ""
    return f" ({_num(min(values), digits)}..{_num(max(values), digits)})"


def _errors(row: dict[str, Any]) -> str:
    """Measured-phase errors; warm-up errors in parentheses when there were any, so none go unseen."""
    text = ", ".join(f"{kind}: {n}" for kind, n in row["errors"].items()) or "0"
    warm = sum(row["warmup_errors"].values())
    return f"{text} (+{warm} in warm-up)" if warm else text


def _rows(results: dict[str, Any], mode: str) -> list[dict[str, Any]]:
    return [row for target in ("direct", "bare", "proxy") for row in results[target]["rows"] if row["mode"] == mode]


def _find(results: dict[str, Any], target: str, mode: str, concurrency: int) -> dict[str, Any]:
    return next(r for r in results[target]["rows"] if r["mode"] == mode and r["concurrency"] == concurrency)


def _load_table(results: dict[str, Any], mode: str) -> list[str]:
    unit = "stream" if mode == "stream" else "req"
    lines = [
        f"| target | conns | ok | errors | {unit}s/s | p50 ms | p99 ms | added p50 ms | CPU µs/{unit} "
        "| CPU0 util | CPU1 util |",
        "|---|--:|--:|---|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for row in _rows(results, mode):
        direct = _find(results, "direct", mode, row["concurrency"])
        added = None if row["target"] == "direct" else row["p50_ms"] - direct["p50_ms"]
        cpu0 = None if row["cpu0_util"] is None else row["cpu0_util"] * 100
        lines.append(
            f"| {row['target']} | {row['concurrency']} | {row['ok']} | {_errors(row)} | {_num(row['per_s'], 0)} "
            f"| {_num(row['p50_ms'])} | {_num(row['p99_ms'])} | {_num(added, 3)} "
            f"| {_num(row['cpu_us_per_req'], 0)}{_spread(row['cpu_us_rounds'])} "
            f"| {_num(cpu0, 0)}% | {_num(row['cpu1_util'] * 100, 0)}% |"
        )
    return lines


def _ratio(a: float | None, b: float | None) -> float | None:
    return a / b if a is not None and b else None


def _ratio_table(results: dict[str, Any]) -> list[str]:
    lines = [
        f"| scenario | bare CPU µs | proxy CPU µs | proxy/bare CPU (target ≤ {CPU_RATIO_TARGET}x) "
        "| proxy/bare throughput |",
        "|---|--:|--:|--:|--:|",
    ]
    for bare in results["bare"]["rows"]:
        proxy = _find(results, "proxy", bare["mode"], bare["concurrency"])
        cpu_ratio = _ratio(proxy["cpu_us_per_req"], bare["cpu_us_per_req"])
        by_round = [p / b for p, b in zip(proxy["cpu_us_rounds"], bare["cpu_us_rounds"], strict=True)]
        verdict = "" if cpu_ratio is None else (" ok" if cpu_ratio <= CPU_RATIO_TARGET else " **over**")
        lines.append(
            f"| {bare['mode']} c={bare['concurrency']} | {_num(bare['cpu_us_per_req'], 0)} "
            f"| {_num(proxy['cpu_us_per_req'], 0)} | {_num(cpu_ratio)}x{_spread(by_round, 2)}{verdict} "
            f"| {_num(_ratio(proxy['per_s'], bare['per_s']))}x |"
        )
    return lines


def _ttft_table(results: dict[str, Any]) -> list[str]:
    lines = [
        "| target | ok | errors | p50 ms | p90 ms | added p50 ms | added p90 ms |",
        "|---|--:|---|--:|--:|--:|--:|",
    ]
    direct = results["direct"]["ttft"]
    for target in ("direct", "bare", "proxy"):
        row = results[target]["ttft"]
        if row is None:
            continue
        errors = ", ".join(f"{kind}: {n}" for kind, n in row["errors"].items()) or "0"
        added50 = None if target == "direct" else row["p50_ms"] - direct["p50_ms"]
        added90 = None if target == "direct" else row["p90_ms"] - direct["p90_ms"]
        lines.append(
            f"| {target} | {row['ok']} | {errors} | {_num(row['p50_ms'], 3)} | {_num(row['p90_ms'], 3)} "
            f"| {_num(added50, 3)} | {_num(added90, 3)} |"
        )
    return lines


def _header(results: dict[str, Any]) -> list[str]:
    m, s = results["machine"], results["settings"]
    tick_ms = 1e3 / results["clk_tck"]
    return [
        "# Bench results",
        "",
        f"{m['date']} · nproc {m['nproc']} · {m['cpu_model']} · Python {m['python']} · Linux {m['kernel']} "
        f"· git {m['git']} · `{results['command']}`",
        "",
        f"Target (bare pass-through or proxy) pinned to CPU {results['sut_cpu']}; mock upstream and load driver "
        f"on CPU {results['driver_cpu']}. {s['rounds']} round(s), every target restarted in each round; per "
        f"scenario and round: {s['warmup']} warm-up requests, then {s['requests']} measured (cap "
        f"{s['time_cap_s']:.0f} s). Rounds are pooled; (min..max) is the spread of the per-round values.",
        "",
        "CPU µs = the target's utime+stime over the measured phase ÷ completed requests (resolution ±1 clock "
        f"tick = {tick_ms:.0f} ms per phase). CPU1 util = (mock + driver CPU) ÷ wall time; near 100% means CPU 1, "
        "not the target, limited throughput and latency.",
    ]


def render(results: dict[str, Any]) -> str:
    """The whole report as markdown: header, non-stream, stream, proxy/bare ratios, SDK TTFT, sanity notes."""
    s = results["settings"]
    sections = [
        *_header(results),
        "",
        "## Non-stream chat completions",
        "",
        *_load_table(results, "chat"),
        "",
        "## Streaming chat completions (20 chunks, no delay)",
        "",
        *_load_table(results, "stream"),
        "",
        "## Proxy vs bare pass-through",
        "",
        *_ratio_table(results),
        "",
        f"## Time to first content token via the openai SDK ({s['ttft_count']} sequential streams each)",
        "",
        *_ttft_table(results),
        "",
        f"Proxy request-log JSON lines written during the run: {results['proxy'].get('log_json_lines', 0)} "
        "(logging.requests on).",
        "",
    ]
    return "\n".join(sections)
