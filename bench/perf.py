"""`python bench/perf.py [--quick] [--rounds N] [--soak-s S]`: every performance goal of the project, one command.

Targets, one at a time, each pinned to CPU 0 (the mock upstream and the load drivers on CPU 1):
direct (the driver talks to the mock), bare (`bare_passthrough.py`, the Python floor), proxy with
the default policy (a virtual key, a rate-limit rule, metrics, the request log) and proxy with
the full policy (that + input and output guardrails, the exact cache on its miss path - every
request body is unique -, two weighted deployments with breakers). Load comes from C/Go drivers
(Debian's `wrk` for closed-loop runs, `hey` for the fixed-rate ones; installed with apt-get
when missing), the openai SDK for time to first token, and an aiohttp client for 2,000 slow
streams. Rounds restart every target; the report gives medians and (min..max).

Writes bench/RESULTS.md (tables, also printed) and bench/results.json (raw numbers).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp
import uvloop
from load import sdk_ttft
from procs import Child, cpu_seconds, free_port, pick_cpus, running
from report import machine_info

BENCH = Path(__file__).resolve().parent
KEY = "sk-bench"
DEFAULT_POLICY = """\
server: {{host: 127.0.0.1, port: {port}}}
providers:
  mock: {{type: openai, base_url: "{mock}/v1"}}
models:
  gpt-4o-mini:
    deployments: [{{provider: mock, model: gpt-4o-mini}}]
keys: [{{name: bench, secret: {key}}}]
limits:
  rules: [{{name: per-key, scope: key, requests_per_minute: 10000000, tokens_per_minute: 1000000000}}]
logging: {{requests: true}}
"""
FULL_EXTRA = """\
guardrails:
  define:
    injection: {{type: prompt_injection}}
    pii: {{type: pii}}
    banned: {{type: banned_output}}
  attach:
    - {{input: [injection, pii], output: [pii, banned]}}
cache: {{enabled: true}}
"""
FULL_MODELS = """\
  gpt-4o-mini:
    deployments:
      - {{provider: mock, model: gpt-4o-mini, weight: 3}}
      - {{provider: mock, model: gpt-4o-mini-b, weight: 1}}
"""
TARGETS = ("direct", "bare", "default", "full")
JSON_LUA = """
counter = 0
nonce = ""
init = function(args)
  nonce = args[1] or ""
end
request = function()
  counter = counter + 1
  local text = "Say hello in one short sentence, please. Request " .. nonce .. "-" .. counter .. "."
  local body = '{"model":"gpt-4o-mini","stream":%s,"messages":[{"role":"user","content":"' .. text .. '"}]'
  body = body .. ',"max_tokens":64%s}'
  return wrk.format("POST", nil, {["Content-Type"]="application/json", ["Authorization"]="Bearer %s"}, body)
end
"""


@dataclass
class Settings:
    seconds: float  # measured time per closed-loop run
    warmup_s: float
    rounds: int
    ttft_count: int
    fixed_rate: int
    fixed_s: float
    slow_streams: int
    soak_s: float
    soak_rate: int


@dataclass
class Results:
    settings: dict[str, Any]
    runs: dict[str, dict[str, list[float]]] = field(default_factory=dict)  # target -> metric -> per round
    single: dict[str, Any] = field(default_factory=dict)

    def add(self, target: str, metric: str, value: float) -> None:
        self.runs.setdefault(target, {}).setdefault(metric, []).append(value)


def ensure_tools() -> None:
    """wrk and hey from Debian when they are missing (the bench machines run as root)."""
    missing = [tool for tool in ("wrk", "hey") if shutil.which(tool) is None]
    if missing:
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "update", "-q"], env=env, capture_output=True, check=False)
        subprocess.run(["apt-get", "install", "-y", "-q", *missing], env=env, capture_output=True, check=True)


def lua(path: Path, *, stream: bool) -> Path:
    extra = ',"stream_options":{"include_usage":true},"mock":{"chunks":20}' if stream else ""
    path.write_text(JSON_LUA % ("true" if stream else "false", extra, KEY))
    return path


def wrk(url: str, script: Path, *, conns: int, seconds: float, cpu: int) -> dict[str, float]:
    """Requests/s, p50 and p99 (ms) and the request count of one closed-loop wrk run."""
    cmd = ["taskset", "-c", str(cpu), "wrk", "-t1", f"-c{conns}", f"-d{seconds:g}s", "--latency", "-s", str(script)]
    # A nonce per run keeps every body unique across runs too, so the full policy's cache only misses.
    nonce = f"{time.monotonic_ns():x}"
    out = subprocess.run([*cmd, url + "/v1/chat/completions", "--", nonce], capture_output=True, text=True, check=True)
    out = out.stdout
    count = int(re.search(r"(\d+) requests in", out).group(1))  # type: ignore[union-attr]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    bad = int(errors.group(1)) if errors else 0
    bad += sum(int(g) for g in socket_errors.groups()) if socket_errors else 0
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),  # type: ignore[union-attr]
        "p50_ms": _wrk_ms(out, "50%"),
        "p99_ms": _wrk_ms(out, "99%"),
        "count": count,
        "errors": bad,
    }


def _wrk_ms(out: str, pct: str) -> float:
    value, unit = re.search(rf"{re.escape(pct)}\s+([\d.]+)(us|ms|s)\b", out).groups()  # type: ignore[union-attr]
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def hey(url: str, body: Path, *, rate: int, seconds: float, cpu: int, stream: bool = False) -> dict[str, float]:
    """A fixed-rate run: `rate` requests/s spread over workers that each send at their own pace."""
    workers = max(1, rate // 20)
    cmd = ["taskset", "-c", str(cpu), "hey", "-z", f"{seconds:g}s", "-c", str(workers), "-q", f"{rate / workers:g}"]
    cmd += ["-m", "POST", "-T", "application/json", "-H", f"Authorization: Bearer {KEY}", "-D", str(body)]
    cmd += ["-H", "Cache-Control: no-cache"]  # hey repeats one body: keep the full policy off its cache hits
    out = subprocess.run([*cmd, url + "/v1/chat/completions"], capture_output=True, text=True, check=True).stdout
    statuses = dict(re.findall(r"\[(\d{3})\]\s+(\d+) responses", out))
    ok = int(statuses.pop("200", 0))
    failed = sum(int(v) for v in statuses.values()) + len(re.findall(r"^\s+\[\d+\]\s+Get|dial tcp|EOF", out, re.M))
    p99 = re.search(r"99%+ in ([\d.]+) secs", out)
    p50 = re.search(r"50%+ in ([\d.]+) secs", out)
    return {
        "ok": ok,
        "errors": failed,
        "rps": ok / seconds,
        "p50_ms": float(p50.group(1)) * 1000 if p50 else float("nan"),
        "p99_ms": float(p99.group(1)) * 1000 if p99 else float("nan"),
    }


@contextmanager
def target(name: str, mock: Child, cpu: int, log_dir: Path) -> Iterator[tuple[str, int | None]]:
    """(base URL, pid to account CPU to) of a running target; direct is the mock itself (no pid)."""
    if name == "direct":
        yield mock.base_url, None
        return
    port = free_port()
    if name == "bare":
        argv = [sys.executable, str(BENCH / "bare_passthrough.py"), "--port", str(port), "--upstream", mock.base_url]
    else:
        text = (
            DEFAULT_POLICY
            if name == "default"
            else DEFAULT_POLICY.replace(
                "  gpt-4o-mini:\n    deployments: [{{provider: mock, model: gpt-4o-mini}}]\n", FULL_MODELS
            )
            + FULL_EXTRA
        )
        policy = log_dir / f"{name}.yaml"
        policy.write_text(text.format(port=port, mock=mock.base_url, key=KEY))
        argv = [sys.executable, "-m", "proxy", "serve", "--config", str(policy), "--port", str(port)]
    with running(name, argv, port=port, cpu=cpu, log_dir=log_dir) as child:
        yield child.base_url, child.pid


def closed_loop(
    results: Results, name: str, url: str, pid: int | None, *, scripts: dict[str, Path], s: Settings, cpu: int
) -> None:
    for scenario, script, conns in (
        ("json16", scripts["json"], 16),
        ("json1", scripts["json"], 1),
        ("stream16", scripts["stream"], 16),
    ):
        wrk(url, script, conns=conns, seconds=s.warmup_s, cpu=cpu)
        before = cpu_seconds(pid) if pid is not None else 0.0
        run = wrk(url, script, conns=conns, seconds=s.seconds, cpu=cpu)
        spent = cpu_seconds(pid) - before if pid is not None else 0.0
        for metric in ("rps", "p50_ms", "p99_ms", "errors"):
            results.add(name, f"{scenario}.{metric}", run[metric])
        if pid is not None:
            results.add(name, f"{scenario}.cpu_us", spent / max(run["count"], 1) * 1e6)


def slow_streams(url: str, pid: int, count: int) -> dict[str, float]:
    """`count` streams open at once (20 chunks, 0.5 s apart): errors and the target's peak RSS."""
    peak = 0.0

    async def one(session: aiohttp.ClientSession, i: int) -> bool:
        body = {"model": "gpt-4o-mini", "stream": True, "messages": [{"role": "user", "content": f"slow {i}"}]}
        body["mock"] = {"chunks": 20, "chunk_delay_ms": 500}
        async with session.post(
            url + "/v1/chat/completions", json=body, headers={"authorization": f"Bearer {KEY}"}
        ) as resp:
            text = await resp.text()
            return resp.status == 200 and text.rstrip().endswith("data: [DONE]")

    async def watch(stop: asyncio.Event) -> None:
        nonlocal peak
        while not stop.is_set():
            peak = max(peak, rss_mb(pid))
            await asyncio.sleep(0.25)

    async def main() -> list[bool | BaseException]:
        connector = aiohttp.TCPConnector(limit=0)
        async with aiohttp.ClientSession(connector=connector, timeout=aiohttp.ClientTimeout(total=120)) as session:
            stop = asyncio.Event()
            watcher = asyncio.create_task(watch(stop))
            done = await asyncio.gather(*(one(session, i) for i in range(count)), return_exceptions=True)
            stop.set()
            await watcher
            return done

    started = time.monotonic()
    done = uvloop.run(main())
    ok = sum(1 for d in done if d is True)
    return {
        "streams": count,
        "ok": ok,
        "errors": count - ok,
        "peak_rss_mb": peak,
        "seconds": time.monotonic() - started,
    }


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def soak(url: str, pid: int, s: Settings, bodies: dict[str, Path], cpu: int) -> dict[str, Any]:
    """Mixed traffic (90% non-streamed, 10% streamed) at `soak_rate` for `soak_s`; RSS every 5 s."""
    samples: list[tuple[float, float]] = []
    procs = [
        _hey_process(url, bodies["json"], int(s.soak_rate * 0.9), s.soak_s, cpu),
        _hey_process(url, bodies["stream"], max(1, int(s.soak_rate * 0.1)), s.soak_s, cpu),
    ]
    start = time.monotonic()
    while any(p.poll() is None for p in procs):
        samples.append((time.monotonic() - start, rss_mb(pid)))
        time.sleep(5)
    outs = [p.communicate()[0] for p in procs]
    statuses = [dict(re.findall(r"\[(\d{3})\]\s+(\d+) responses", out)) for out in outs]
    ok = sum(int(st.get("200", 0)) for st in statuses)
    errors = sum(int(v) for st in statuses for k, v in st.items() if k != "200")
    half = [rss for t, rss in samples if t >= s.soak_s / 2]
    slope = _slope([(t, rss) for t, rss in samples if t >= s.soak_s / 2])
    return {
        "seconds": s.soak_s,
        "rate": s.soak_rate,
        "ok": ok,
        "errors": errors,
        "rss_start_mb": samples[1][1] if len(samples) > 1 else float("nan"),
        "rss_end_mb": samples[-1][1] if samples else float("nan"),
        "rss_max_mb": max((r for _, r in samples), default=float("nan")),
        "second_half_slope_mb_per_min": slope * 60,
        "second_half_spread_mb": (max(half) - min(half)) if half else float("nan"),
    }


def _hey_process(url: str, body: Path, rate: int, seconds: float, cpu: int) -> subprocess.Popen[str]:
    workers = max(1, rate // 20)
    cmd = ["taskset", "-c", str(cpu), "hey", "-z", f"{seconds:g}s", "-c", str(workers), "-q", f"{rate / workers:g}"]
    cmd += ["-m", "POST", "-T", "application/json", "-H", f"Authorization: Bearer {KEY}", "-D", str(body)]
    cmd += ["-H", "Cache-Control: no-cache"]
    return subprocess.Popen([*cmd, url + "/v1/chat/completions"], stdout=subprocess.PIPE, text=True)


def _slope(points: list[tuple[float, float]]) -> float:
    if len(points) < 3:
        return float("nan")
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    den = sum((x - mx) ** 2 for x in xs)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / den if den else float("nan")


def write_bodies(tmp: Path) -> dict[str, Path]:
    msgs = [{"role": "user", "content": "Say hello in one short sentence, please."}]
    bodies = {
        "json": {"model": "gpt-4o-mini", "messages": msgs, "max_tokens": 64},
        "stream": {"model": "gpt-4o-mini", "messages": msgs, "stream": True, "mock": {"chunks": 20}},
    }
    out = {}
    for name, body in bodies.items():
        out[name] = tmp / f"{name}.json"
        out[name].write_text(json.dumps(body))
    return out


def measure(s: Settings) -> Results:
    ensure_tools()
    results = Results(settings=s.__dict__)
    sut_cpu, driver_cpu = pick_cpus()
    os.sched_setaffinity(0, {driver_cpu})
    with tempfile.TemporaryDirectory(prefix="bench-perf-") as tmp_name:
        tmp = Path(tmp_name)
        scripts = {"json": lua(tmp / "json.lua", stream=False), "stream": lua(tmp / "stream.lua", stream=True)}
        bodies = write_bodies(tmp)
        mock_port = free_port()
        mock_argv = [sys.executable, "-m", "proxy", "mock-upstream", "--port", str(mock_port)]
        with running("mock", mock_argv, port=mock_port, cpu=driver_cpu, log_dir=tmp) as mock:
            for _ in range(s.rounds):
                for name in TARGETS:
                    with target(name, mock, sut_cpu, tmp) as (url, pid):
                        closed_loop(results, name, url, pid, scripts=scripts, s=s, cpu=driver_cpu)
            for name in TARGETS:
                with target(name, mock, sut_cpu, tmp) as (url, pid):
                    ttft = uvloop.run(sdk_ttft(url, count=s.ttft_count, warmup=10, chunks=20))
                    results.single.setdefault("ttft_p50_ms", {})[name] = statistics.median(ttft.latencies_s) * 1000
                    results.single.setdefault("fixed_rate", {})[name] = hey(
                        url, bodies["json"], rate=s.fixed_rate, seconds=s.fixed_s, cpu=driver_cpu
                    )
            with target("default", mock, sut_cpu, tmp) as (url, pid):
                assert pid is not None
                results.single["slow_streams"] = slow_streams(url, pid, s.slow_streams)
            if s.soak_s > 0:
                with target("full", mock, sut_cpu, tmp) as (url, pid):
                    assert pid is not None
                    results.single["soak"] = soak(url, pid, s, bodies, driver_cpu)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="short runs (about 4 minutes; no 10-minute soak)")
    parser.add_argument("--rounds", type=int)
    parser.add_argument("--soak-s", type=float, help="soak length in seconds (default 600, --quick 60)")
    parser.add_argument("--render", action="store_true", help="only re-render RESULTS.md from results.json")
    args = parser.parse_args()
    if args.render:
        saved = json.loads((BENCH / "results.json").read_text())
        write_report(saved["runs"], saved["single"], saved["settings"], saved["machine"], saved.get("argv", ""))
        return
    machine = machine_info()  # before the driver pins itself to one CPU
    s = Settings(
        seconds=3 if args.quick else 6,
        warmup_s=1 if args.quick else 2,
        rounds=args.rounds or (1 if args.quick else 3),
        ttft_count=50 if args.quick else 200,
        fixed_rate=1000,
        fixed_s=5 if args.quick else 15,
        slow_streams=2000,
        soak_s=args.soak_s if args.soak_s is not None else (60 if args.quick else 600),
        soak_rate=500,
    )
    results = measure(s)
    argv = " ".join(sys.argv[1:])
    raw = {"runs": results.runs, "single": results.single, "settings": results.settings, "machine": machine}
    (BENCH / "results.json").write_text(json.dumps(raw | {"argv": argv}, indent=1))
    write_report(results.runs, results.single, results.settings, machine, argv)


def write_report(
    runs: dict[str, dict[str, list[float]]],
    single: dict[str, Any],
    settings: dict[str, Any],
    machine: dict[str, Any],
    argv: str,
) -> None:
    from perf_report import render

    text = render(runs, single, settings, machine, argv)
    (BENCH / "RESULTS.md").write_text(text)
    print(text)


if __name__ == "__main__":
    main()
