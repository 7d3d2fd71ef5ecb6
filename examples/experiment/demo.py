"""Run the README's experiment demo: two mock upstreams, the proxy on `config.yaml`, a few hundred users.

Starts mock A (fast), mock B (the candidate: slower, failing on `--fail-rate` of its calls) and the
proxy on free loopback ports, sends `--users` users' requests through the openai SDK, rates a
third of the answers through `/v1/feedback`, then prints the per-variant report of
`GET /admin/experiments` (and the raw JSON with `--json`). Everything stops when it ends.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

import httpx
import openai

HERE = Path(__file__).resolve().parent
ADMIN_KEY = "demo-admin-key-change-me"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def server(args: list[str], port: int, env: dict[str, str] | None = None) -> Iterator[str]:
    """A `llm-proxy` child process on `port`, stopped on exit; yields its base URL."""
    url = f"http://127.0.0.1:{port}"
    log = tempfile.NamedTemporaryFile(prefix="demo-", suffix=".log", delete=False)  # noqa: SIM115
    proc = subprocess.Popen(
        [sys.executable, "-m", "proxy", *args, "--port", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
        env={**os.environ, **(env or {})},
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(url + "/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"{args[0]} did not start:\n{Path(log.name).read_text()[-2000:]}")
            time.sleep(0.05)
        yield url
    finally:
        proc.terminate()
        proc.wait(10)


def drive(proxy: str, users: int) -> tuple[int, int, int]:
    """Each user asks twice; every third answer is rated. Returns (answers, errors, ratings)."""
    client = openai.OpenAI(base_url=proxy + "/v1", api_key="demo", max_retries=0)
    answers = errors = ratings = 0
    for i in range(users):
        for turn in range(2):
            try:
                raw = client.chat.completions.with_raw_response.create(
                    model="gpt-4o-mini",
                    messages=[{"role": "user", "content": f"How do I reset my password? ({turn})"}],
                    user=f"user-{i}",
                )
            except openai.APIError:
                errors += 1
                continue
            answers += 1
            if (i + turn) % 3 == 0:
                # Scripted users: they like control's answers three times in four and never the candidate's.
                liked = raw.headers.get("x-llm-proxy-experiment", "").endswith("/control") and i % 4 != 0
                body = {"request_id": raw.headers["x-request-id"], "label": "thumbs_up" if liked else "thumbs_down"}
                ratings += httpx.post(proxy + "/v1/feedback", json=body, timeout=5).status_code == 200
    return answers, errors, ratings


def table(report: dict[str, Any]) -> str:
    lines = []
    for exp in report["experiments"]:
        lines.append(f"experiment {exp['name']} on {exp['target']}")
        head = ("variant", "share", "now", "reqs", "err%", "p50ms", "p95ms", "rated", "mean")
        lines.append("  {:<10} {:>6} {:>6} {:>5} {:>6} {:>7} {:>7} {:>5} {:>5}  rollback".format(*head))
        for v in exp["variants"]:
            s = v["stats"]
            fb = s["feedback"]
            rolled = v["rolled_back"]["reason"] if v["rolled_back"] else "-"
            lines.append(
                f"  {v['name']:<10} {v['share']:>6.0%} {v['effective_share']:>6.0%} {s['requests']:>5} "
                f"{_pct(s['error_rate']):>6} {_num(s['p50_ms']):>7} {_num(s['p95_ms']):>7} {fb['count']:>5} "
                f"{_num(fb['mean']):>5}  {rolled}"
            )
    for sh in report["shadows"]:
        c = sh["candidate_stats"]
        sim = c.get("similarity", {}).get("mean")
        lines.append(
            f"shadow {sh['name']}: {sh['model']} -> {sh['candidate']}: {c['requests']} calls, "
            f"errors {_pct(c['error_rate'])}, p50 {_num(c['p50_ms'])} ms, mean similarity {_num(sim)}"
        )
    return "\n".join(lines)


def _pct(x: float | None) -> str:
    return "-" if x is None else f"{x:.1%}"


def _num(x: float | None) -> str:
    return "-" if x is None else f"{x:.3g}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=150)
    parser.add_argument("--fail-rate", type=float, default=0.3, help="share of mock B's calls that fail")
    parser.add_argument("--json", action="store_true", help="also print the raw /admin/experiments JSON")
    args = parser.parse_args()
    ports = {name: free_port() for name in ("a", "b")}
    env = {f"MOCK_{n.upper()}_URL": f"http://127.0.0.1:{p}/v1" for n, p in ports.items()}
    with ExitStack() as stack:
        stack.enter_context(
            server(["mock-upstream", "--content", "Use the reset link on the sign-in page."], ports["a"])
        )
        flags = ["--content", "Use the password reset link on the sign-in page.", "--ttfb-ms", "25"]
        stack.enter_context(server(["mock-upstream", *flags, "--fail-rate", str(args.fail_rate)], ports["b"]))
        proxy = stack.enter_context(server(["serve", "--config", str(HERE / "config.yaml")], free_port(), env))
        answers, errors, ratings = drive(proxy, args.users)
        time.sleep(0.5)  # let the last shadow calls finish
        report = httpx.get(proxy + "/admin/experiments", headers={"authorization": f"Bearer {ADMIN_KEY}"}).json()
    print(f"{answers} answers, {errors} errors, {ratings} ratings\n")
    print(table(report))
    if args.json:
        import json

        print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
