"""Markdown for bench/perf.py: the measured table, then each goal of the performance issue, met or not."""

from __future__ import annotations

import math
import statistics
from typing import Any

Runs = dict[str, dict[str, list[float]]]
TARGETS = ("direct", "bare", "default", "full")
DESCRIBE = {
    "direct": "the driver talks to the mock (no gateway)",
    "bare": "60-line starlette + aiohttp pass-through (the Python floor)",
    "default": "proxy: virtual key, rate-limit rule, metrics, request log",
    "full": "default + input/output guardrails + exact cache (miss path) + 2 deployments with breakers",
}


def med(runs: Runs, target: str, metric: str) -> float:
    values = runs.get(target, {}).get(metric, [])
    return statistics.median(values) if values else math.nan


def spread(runs: Runs, target: str, metric: str, fmt: str) -> str:
    values = runs.get(target, {}).get(metric, [])
    if not values:
        return "-"
    mid = format(statistics.median(values), fmt)
    return mid if len(values) == 1 else f"{mid} ({format(min(values), fmt)}..{format(max(values), fmt)})"


def render(runs: Runs, single: dict[str, Any], settings: dict[str, Any], machine: dict[str, Any], argv: str) -> str:
    lines = [
        "# Performance results",
        "",
        f"{machine['date']} · nproc {machine['nproc']} · {machine['cpu_model']} · Python {machine['python']} · "
        f"Linux {machine['kernel']} · git {machine['git']} · `python bench/perf.py {argv}`".rstrip(),
        "",
        f"Targets pinned to CPU 0, mock upstream and drivers (wrk, hey, the openai SDK, aiohttp) on CPU 1; "
        f"{settings['rounds']} round(s), every target restarted per round, {settings['seconds']:g} s measured per "
        "closed-loop run after a warm-up; median (min..max) over rounds. CPU us = the target's utime+stime "
        "over the run / requests (10 ms tick resolution). Added = target minus direct in the same round set.",
        "",
        *[f"- **{t}**: {DESCRIBE[t]}" for t in TARGETS],
        "",
        *_closed_loop_table(runs),
        "",
        *_single_tables(single),
        "",
        *_goals(runs, single),
    ]
    return "\n".join(lines) + "\n"


def _closed_loop_table(runs: Runs) -> list[str]:
    lines = [
        "## Closed loop (wrk)",
        "",
        "| target | json c=16 req/s | CPU us/req | vs bare | p50 / p99 ms | json c=1 p50 ms | added p50 ms | "
        "stream c=16 streams/s | CPU us/stream | vs bare | errors |",
        "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for t in TARGETS:
        cpu_ratio = med(runs, t, "json16.cpu_us") / med(runs, "bare", "json16.cpu_us")
        stream_ratio = med(runs, t, "stream16.cpu_us") / med(runs, "bare", "stream16.cpu_us")
        added = med(runs, t, "json1.p50_ms") - med(runs, "direct", "json1.p50_ms")
        errors = sum(sum(runs.get(t, {}).get(f"{s}.errors", [])) for s in ("json16", "json1", "stream16"))
        lines.append(
            f"| {t} | {spread(runs, t, 'json16.rps', ',.0f')} | {spread(runs, t, 'json16.cpu_us', '.0f')} | "
            f"{_x(cpu_ratio)} | {med(runs, t, 'json16.p50_ms'):.2f} / {med(runs, t, 'json16.p99_ms'):.2f} | "
            f"{spread(runs, t, 'json1.p50_ms', '.3f')} | {'-' if t == 'direct' else f'{added:.3f}'} | "
            f"{spread(runs, t, 'stream16.rps', ',.0f')} | {spread(runs, t, 'stream16.cpu_us', '.0f')} | "
            f"{_x(stream_ratio)} | {errors:.0f} |"
        )
    return lines


def _x(ratio: float) -> str:
    return "-" if math.isnan(ratio) else f"{ratio:.2f}x"


def _single_tables(single: dict[str, Any]) -> list[str]:
    lines = [
        "## Time to first token, fixed rate",
        "",
        "| target | SDK TTFT p50 ms | added | fixed-rate req/s | p50 ms | p99 ms | added p99 ms | errors |",
        "|---|--:|--:|--:|--:|--:|--:|--:|",
    ]
    ttft = single.get("ttft_p50_ms", {})
    fixed = single.get("fixed_rate", {})
    for t in TARGETS:
        f = fixed.get(t, {})
        added_ttft = ttft.get(t, math.nan) - ttft.get("direct", math.nan)
        added_p99 = f.get("p99_ms", math.nan) - fixed.get("direct", {}).get("p99_ms", math.nan)
        lines.append(
            f"| {t} | {ttft.get(t, math.nan):.2f} | {'-' if t == 'direct' else f'{added_ttft:.2f}'} | "
            f"{f.get('rps', math.nan):,.0f} | {f.get('p50_ms', math.nan):.2f} | {f.get('p99_ms', math.nan):.2f} | "
            f"{'-' if t == 'direct' else f'{added_p99:.2f}'} | {f.get('errors', 0):.0f} |"
        )
    slow = single.get("slow_streams")
    if slow:
        lines += ["", f"Slow streams (default policy): {slow['streams']} open at once (20 chunks 0.5 s apart): "
                  f"{slow['ok']} completed, {slow['errors']} errors, proxy peak RSS {slow['peak_rss_mb']:.0f} MB, "
                  f"{slow['seconds']:.1f} s."]  # fmt: skip
    soak = single.get("soak")
    if soak:
        lines += ["", f"Soak (full policy, {soak['rate']} req/s, 90% JSON / 10% streams, {soak['seconds']:.0f} s): "
                  f"{soak['ok']} ok, {soak['errors']} errors; RSS {soak['rss_start_mb']:.0f} MB at 5 s, "
                  f"{soak['rss_end_mb']:.0f} MB at the end, max {soak['rss_max_mb']:.0f} MB; second half slope "
                  f"{soak['second_half_slope_mb_per_min']:+.2f} MB/min, "
                  f"spread {soak['second_half_spread_mb']:.1f} MB."]  # fmt: skip
    return lines


def _goals(runs: Runs, single: dict[str, Any]) -> list[str]:
    bare_cpu = med(runs, "bare", "json16.cpu_us")
    fixed = single.get("fixed_rate", {})
    ttft = single.get("ttft_p50_ms", {})
    slow = single.get("slow_streams", {})
    soak = single.get("soak", {})
    nan = math.nan
    added_p50 = med(runs, "default", "json1.p50_ms") - med(runs, "direct", "json1.p50_ms")
    added_p99 = fixed.get("default", {}).get("p99_ms", nan) - fixed.get("direct", {}).get("p99_ms", nan)
    stream_share = med(runs, "default", "stream16.rps") / med(runs, "bare", "stream16.rps")
    rows = [
        ("default policy CPU/request <= 1.2x bare", med(runs, "default", "json16.cpu_us") / bare_cpu, 1.2, "x"),
        ("full policy CPU/request <= 1.6x bare", med(runs, "full", "json16.cpu_us") / bare_cpu, 1.6, "x"),
        ("added p50 at 1 connection < 0.6 ms", added_p50, 0.6, "ms"),
        ("1,000 req/s: added p99 < 5 ms", added_p99, 5.0, "ms"),
        ("1,000 req/s: zero errors", float(fixed.get("default", {}).get("errors", nan)), 0.0, ""),
        ("added time to first token < 1 ms", ttft.get("default", nan) - ttft.get("direct", nan), 1.0, "ms"),
        ("20-chunk stream throughput >= 80% of bare", stream_share, 0.8, "ratio>="),
        ("2,000 slow streams: RSS < 300 MB", float(slow.get("peak_rss_mb", nan)), 300.0, "MB"),
        ("2,000 slow streams: no errors", float(slow.get("errors", nan)), 0.0, ""),
        ("soak: zero errors", float(soak.get("errors", nan)), 0.0, ""),
    ]
    lines = ["## Goals", "", "| goal | measured | met |", "|---|--:|---|"]
    for name, value, limit, unit in rows:
        lines.append(f"| {name} | {_shown(value, unit)} | {_verdict(value, limit, unit)} |")
    return lines


def _shown(value: float, unit: str) -> str:
    if unit in ("", "ratio>="):
        return f"{value:.0f}" if unit == "" else f"{value:.2f}"
    return f"{value:.2f}x" if unit == "x" else f"{value:.2f} {unit}"


def _verdict(value: float, limit: float, unit: str) -> str:
    if math.isnan(value):
        return "not run"
    if unit == "ratio>=":
        return "yes" if value >= limit else "no"
    return "yes" if (value < limit if unit in ("ms", "MB") else value <= limit) else "no"
