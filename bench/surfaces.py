"""`python bench/surfaces.py [--quick] [--rounds N]`: CPU per request of the governed surfaces, proxy vs bare.

One mock upstream, the bare pass-through (`bare_passthrough.py`, the Python floor) and the proxy on the
shipped default policy (`proxy/default_config.yaml`: open mode, request log and metrics on, its
OpenAI and Anthropic providers pointed at the mock) run side by side, the two targets pinned to one
CPU, the mock and this driver to the other. Per round and scenario - chat JSON (the baseline perf.py
measures), Responses JSON, a Responses stream of 20 text deltas, embeddings of 4 short strings, and
Anthropic Messages JSON and streams (20 text deltas) both native (a Claude alias, to the mock's
`/v1/messages`) and translated (a GPT alias, to its chat completions; the bare floor forwards the
same request to `/v1/messages` unparsed) - the same aiohttp closed loop (16 connections, a warm-up,
then a measured count capped in time) drives each target in turn, the order flipping every time so
both see the same machine noise. Every measured answer is checked (status 200 and the surface's own
shape; a stream must end in `response.completed`, resp. `message_stop`): one bad answer stops the
bench with the reason. At the end the proxy's metrics must count every request it was sent
under its surface's `endpoint` label, which shows each one went through the pipeline, not around it.

Prints a table (target CPU seconds per request from /proc, proxy/bare ratio paired per round,
throughput, p50/p99); a full run (no --quick) also writes bench/SURFACES.md.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import statistics
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp
import orjson
import uvloop
from load import HEADERS, LoadResult, new_session, percentile
from procs import Child, cpu_seconds, free_port, log_tail, pick_cpus, running, running_mock
from report import machine_info

BENCH = Path(__file__).resolve().parent
DEFAULT_POLICY = BENCH.parent / "proxy" / "default_config.yaml"
TARGETS = ("bare", "proxy")
CONCURRENCY = 16
STREAM_DELTAS = 20
EMBED_INPUTS = ["the quick brown fox", "jumps over the lazy dog", "retrieval augmented", "one more passage"]
PROMPT = "Say hello in one short sentence, please."

Check = Callable[[bytes], str | None]  # why an answer with status 200 is not a good one, or None


@dataclass(frozen=True, slots=True)
class Scenario:
    """One kind of request: where it goes, its body, how a good answer looks, and the `endpoint`
    label the proxy's metrics must count it under (proof it was governed, not passed through)."""

    name: str
    path: str
    body: bytes
    check: Check
    endpoint: str


def _json_check(expect: Callable[[dict[str, Any]], bool], what: str) -> Check:
    def check(payload: bytes) -> str | None:
        try:
            answer = orjson.loads(payload)
        except orjson.JSONDecodeError:
            return "non-JSON body"
        return None if isinstance(answer, dict) and expect(answer) else f"not {what}"

    return check


def _stream_check(payload: bytes) -> str | None:
    """A Responses stream is good when it has every text delta and ends with `response.completed`."""
    try:
        events = [orjson.loads(line[5:]) for line in payload.splitlines() if line.startswith(b"data:")]
    except orjson.JSONDecodeError:
        return "an event that is not JSON"
    types = [event.get("type") for event in events if isinstance(event, dict)]
    if not types or types[-1] != "response.completed":
        return "stream without a final response.completed"
    if types.count("response.output_text.delta") != STREAM_DELTAS:
        return f"stream without {STREAM_DELTAS} text deltas"
    return None


def _messages_stream_check(payload: bytes) -> str | None:
    """A Messages stream is good when it has every text delta and ends with `message_stop`."""
    names = [line[7:].strip() for line in payload.splitlines() if line.startswith(b"event:")]
    if not names or names[-1] != b"message_stop":
        return "stream without a final message_stop"
    deltas = payload.count(b'"type":"text_delta"')
    return None if deltas == STREAM_DELTAS else f"stream with {deltas} text deltas, not {STREAM_DELTAS}"


def _messages(name: str, model: str, *, stream: bool) -> Scenario:
    body: dict[str, Any] = {"model": model, "max_tokens": 64, "messages": [{"role": "user", "content": PROMPT}]}
    if stream:
        body.update(stream=True)
        return Scenario(name, "/v1/messages", orjson.dumps(body), _messages_stream_check, "messages")
    good = _json_check(lambda a: a.get("type") == "message" and bool(a.get("content")), "a message")
    return Scenario(name, "/v1/messages", orjson.dumps(body), good, "messages")


def scenarios() -> tuple[Scenario, ...]:
    mock = {"chunks": STREAM_DELTAS, "chunk_delay_ms": 0}
    return (
        Scenario(
            "chat JSON",
            "/v1/chat/completions",
            orjson.dumps({"model": "gpt-4o-mini", "messages": [{"role": "user", "content": PROMPT}], "max_tokens": 64}),
            _json_check(lambda a: a.get("object") == "chat.completion" and bool(a.get("choices")), "a completion"),
            "chat",
        ),
        Scenario(
            "responses JSON",
            "/v1/responses",
            orjson.dumps({"model": "gpt-4o-mini", "input": PROMPT, "max_output_tokens": 64}),
            _json_check(lambda a: a.get("status") == "completed" and bool(a.get("output")), "a completed response"),
            "responses",
        ),
        Scenario(
            "responses stream",
            "/v1/responses",
            orjson.dumps({"model": "gpt-4o-mini", "input": PROMPT, "stream": True, "mock": mock}),
            _stream_check,
            "responses",
        ),
        Scenario(
            "embeddings (4 inputs)",
            "/v1/embeddings",
            orjson.dumps({"model": "text-embedding-3-small", "input": EMBED_INPUTS}),
            _json_check(lambda a: len(a.get("data") or ()) == len(EMBED_INPUTS), f"{len(EMBED_INPUTS)} embeddings"),
            "embeddings",
        ),
        _messages("messages JSON, native", "claude-haiku-4-5", stream=False),
        _messages("messages stream, native", "claude-haiku-4-5", stream=True),
        _messages("messages JSON, translated", "gpt-4o-mini", stream=False),
        _messages("messages stream, translated", "gpt-4o-mini", stream=True),
    )


@dataclass(frozen=True, slots=True)
class Settings:
    rounds: int
    warmup: int  # requests before each measured window
    count: int  # requests in each measured window
    cap_s: float  # the most a measured window may last


@dataclass(slots=True)
class Run:
    """One measured window of one target on one scenario."""

    cpu_us: float
    rps: float
    p50_ms: float
    p99_ms: float
    ok: int  # good answers in the measured window
    sent: int  # good answers in the warm-up and the measured window


@dataclass(slots=True)
class _Phase(LoadResult):
    """A load phase's result, plus the first answer of each kind of failure (for the error message)."""

    samples: dict[str, bytes] = field(default_factory=dict)

    def fail(self, problem: str, payload: bytes) -> None:
        self.errors[problem] += 1
        self.samples.setdefault(problem, payload[:300])


class _Window:
    """Request slots of one phase: at most `count`, and none after `deadline` (perf_counter seconds)."""

    def __init__(self, count: int, cap_s: float) -> None:
        self.left = count
        self.deadline = time.perf_counter() + cap_s

    def take(self) -> bool:
        if self.left <= 0 or time.perf_counter() >= self.deadline:
            return False
        self.left -= 1
        return True


async def _worker(session: aiohttp.ClientSession, url: str, sc: Scenario, window: _Window, out: _Phase) -> None:
    while window.take():
        out.attempted += 1
        start = time.perf_counter()
        try:
            async with session.post(url, data=sc.body, headers=HEADERS) as resp:
                payload, status = await resp.read(), resp.status
        except (aiohttp.ClientError, TimeoutError) as exc:
            out.fail(type(exc).__name__, str(exc).encode())
            continue
        latency = time.perf_counter() - start
        problem = f"status {status}" if status != 200 else sc.check(payload)
        if problem is None:
            out.latencies_s.append(latency)
        else:
            out.fail(problem, payload)


async def _phase(session: aiohttp.ClientSession, url: str, sc: Scenario, count: int, cap_s: float) -> _Phase:
    """Closed loop: CONCURRENCY workers send `sc` back to back until `count` are sent or `cap_s` is up."""
    out, start, window = _Phase(), time.perf_counter(), _Window(count, cap_s)
    await asyncio.gather(*(_worker(session, url, sc, window, out) for _ in range(CONCURRENCY)))
    out.elapsed_s = time.perf_counter() - start
    return out


def _require_clean(phase: _Phase, where: str, log: Path) -> None:
    if phase.error_count or phase.ok != phase.attempted or phase.ok == 0:
        kinds = "\n  ".join(f"{n} x {kind}, e.g. {phase.samples[kind]!r}" for kind, n in phase.errors.most_common(5))
        raise SystemExit(
            f"{where}: {phase.error_count} of {phase.attempted} requests failed, a benchmark of errors is "
            f"worthless:\n  {kinds}\n--- target log tail ---\n{log_tail(log)}"
        )


async def _measure(target: Child, sc: Scenario, s: Settings, where: str) -> Run:
    """Warm `target` up on `sc`, then measure a window; every answer of both must be good."""
    url = target.base_url + sc.path
    async with new_session(CONCURRENCY) as session:
        warmup = await _phase(session, url, sc, s.warmup, s.cap_s)
        _require_clean(warmup, f"{where} (warm-up)", target.log_path)
        before = cpu_seconds(target.pid)
        run = await _phase(session, url, sc, s.count, s.cap_s)
        spent = cpu_seconds(target.pid) - before
    _require_clean(run, where, target.log_path)
    return Run(
        cpu_us=spent / run.ok * 1e6,
        rps=run.ok / run.elapsed_s,
        p50_ms=percentile(run.latencies_s, 50) * 1000,
        p99_ms=percentile(run.latencies_s, 99) * 1000,
        ok=run.ok,
        sent=warmup.ok + run.ok,
    )


@contextmanager
def _default_policy_env(mock_url: str) -> Iterator[None]:
    """The shipped default policy reads its upstreams from the environment: point them at the mock.
    The OpenAI provider gets a key of its own: a key sent on Anthropic's API is never forwarded to
    OpenAI, so the translated Messages scenarios need one; the Anthropic provider has none (callers
    bring theirs, as the bare pass-through forwards them)."""
    wanted = {
        "LLM_PROXY_UPSTREAM_URL": mock_url + "/v1",
        "LLM_PROXY_ANTHROPIC_URL": mock_url,
        "OPENAI_API_KEY": "sk-bench-upstream",
        "ANTHROPIC_API_KEY": "",
    }
    saved = {name: os.environ.get(name) for name in wanted}
    os.environ.update(wanted)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def _start_targets(stack: ExitStack, tmp: Path, sut_cpu: int, driver_cpu: int) -> dict[str, Child]:
    """The mock (on the driver's CPU), then the bare pass-through and the proxy (both on `sut_cpu`)."""
    # Every stream has STREAM_DELTAS deltas, even a translated one (whose body knobs do not reach the mock).
    mock = stack.enter_context(running_mock(driver_cpu, tmp, "--chunks", str(STREAM_DELTAS)))
    port = free_port()
    argv = [sys.executable, str(BENCH / "bare_passthrough.py"), "--port", str(port), "--upstream", mock.base_url]
    bare = stack.enter_context(running("bare", argv, port=port, cpu=sut_cpu, log_dir=tmp))
    port = free_port()
    argv = [sys.executable, "-m", "proxy", "serve", "--config", str(DEFAULT_POLICY), "--port", str(port)]
    with _default_policy_env(mock.base_url):
        proxy = stack.enter_context(running("proxy", argv, port=port, cpu=sut_cpu, log_dir=tmp))
    return {"bare": bare, "proxy": proxy}


def _governed_counts(proxy: Child) -> Counter[str]:
    """Requests the proxy's metrics count as answered 200, per `endpoint` label."""
    with urllib.request.urlopen(proxy.base_url + "/metrics", timeout=10) as resp:
        text = resp.read().decode()
    counts: Counter[str] = Counter()
    for labels, value in re.findall(r"^llm_proxy_requests_total\{([^}]*)\} (\S+)$", text, re.M):
        found = dict(re.findall(r'(\w+)="([^"]*)"', labels))
        if found.get("status") == "200":
            counts[found.get("endpoint", "?")] += round(float(value))
    return counts


def _check_governed(proxy: Child, results: dict[str, dict[str, list[Run]]]) -> None:
    """Every request sent to the proxy went through its pipeline under the surface's own endpoint."""
    sent: Counter[str] = Counter()
    for sc in scenarios():
        sent[sc.endpoint] += sum(run.sent for run in results[sc.name]["proxy"])
    counted = _governed_counts(proxy)
    wrong = {endpoint: (n, counted[endpoint]) for endpoint, n in sent.items() if counted[endpoint] != n}
    if wrong:
        raise SystemExit(f"the proxy's metrics do not count what was sent (endpoint: (sent, counted)): {wrong}")


def bench(s: Settings) -> dict[str, dict[str, list[Run]]]:
    """scenario -> target -> one Run per round."""
    sut_cpu, driver_cpu = pick_cpus()
    os.sched_setaffinity(0, {driver_cpu})
    results: dict[str, dict[str, list[Run]]] = {}
    with tempfile.TemporaryDirectory(prefix="bench-surfaces-") as tmp_name, ExitStack() as stack:
        targets = _start_targets(stack, Path(tmp_name), sut_cpu, driver_cpu)
        for rnd in range(s.rounds):
            for index, sc in enumerate(scenarios()):
                order = TARGETS if (rnd + index) % 2 == 0 else TARGETS[::-1]
                for name in order:
                    where = f"round {rnd + 1}, {sc.name}, {name}"
                    run = uvloop.run(_measure(targets[name], sc, s, where))
                    results.setdefault(sc.name, {}).setdefault(name, []).append(run)
                    print(f"  {where}: {run.cpu_us:.0f} us/req, {run.rps:.0f} req/s", file=sys.stderr, flush=True)
        _check_governed(targets["proxy"], results)
    return results


def _range(values: list[float], fmt: str) -> str:
    text = format(statistics.median(values), fmt)
    return text if len(values) < 2 else f"{text} ({min(values):{fmt}}..{max(values):{fmt}})"


def table(results: dict[str, dict[str, list[Run]]]) -> str:
    """The markdown table: medians over rounds, (min..max); the ratio is paired within each round."""
    lines = [
        "| scenario | bare us/req | proxy us/req | proxy/bare | bare req/s | proxy req/s "
        "| bare p50 / p99 ms | proxy p50 / p99 ms | requests checked |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for name, by_target in results.items():
        bare, proxy = by_target["bare"], by_target["proxy"]
        ratios = [p.cpu_us / b.cpu_us for b, p in zip(bare, proxy, strict=True)]
        cells = [
            name,
            _range([r.cpu_us for r in bare], ".0f"),
            _range([r.cpu_us for r in proxy], ".0f"),
            _range(ratios, ".2f") + "x",
            f"{statistics.median(r.rps for r in bare):.0f}",
            f"{statistics.median(r.rps for r in proxy):.0f}",
            f"{statistics.median(r.p50_ms for r in bare):.1f} / {statistics.median(r.p99_ms for r in bare):.1f}",
            f"{statistics.median(r.p50_ms for r in proxy):.1f} / {statistics.median(r.p99_ms for r in proxy):.1f}",
            f"{sum(r.ok for r in bare + proxy)}, all good",
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def report(text: str, machine: dict[str, Any], s: Settings, argv: str) -> str:
    command = f"python bench/surfaces.py {argv}".rstrip()
    return f"""# Governed surfaces: CPU per request, proxy on the default policy vs the bare pass-through

{machine["date"]} · {machine["nproc"]} CPUs ({machine["cpu_model"]}) · Python {machine["python"]} ·
Linux {machine["kernel"]} · git {machine["git"]} · `{command}`.

{s.rounds} rounds; per round, scenario and target: {s.warmup} warm-up requests, then {s.count} measured
(capped at {s.cap_s:g} s), {CONCURRENCY} connections, aiohttp closed loop. Targets on one CPU, the mock
and the driver on the other. CPU is the target's utime+stime from /proc over the measured window
(±1 tick of 10 ms); medians over rounds with (min..max); proxy/bare is paired within each round.

{text}

- **bare**: `bench/bare_passthrough.py`, forwards any `POST /v1/...` unparsed (the Python floor).
- **proxy**: `python -m proxy serve --config proxy/default_config.yaml`: open mode, request log and
  metrics on, every surface through the whole pipeline (no stage has anything configured to do
  beyond the defaults; Responses are stored upstream, so each new id is recorded to its deployment).
- Throughput and latency are bounded by the Python driver sharing a CPU with the mock: read them
  side by side, not as capacity.
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="2 short rounds, printed only (under a minute)")
    parser.add_argument("--rounds", type=int)
    args = parser.parse_args()
    machine = machine_info()  # before the driver pins itself to one CPU
    if args.quick:
        s = Settings(rounds=args.rounds or 2, warmup=300, count=3000, cap_s=15)
    else:
        s = Settings(rounds=args.rounds or 5, warmup=500, count=6000, cap_s=30)
    started = time.monotonic()
    text = table(bench(s))
    argv = " ".join(sys.argv[1:])
    print(report(text, machine, s, argv))
    print(f"({time.monotonic() - started:.0f} s)", file=sys.stderr)
    if not args.quick:
        (BENCH / "SURFACES.md").write_text(report(text, machine, s, argv))


if __name__ == "__main__":
    main()
