"""`python bench/usage_counters.py [--requests N] [--redis]`: CPU the usage counters add per request.

Calls the budget stage's `on_response` (where usage is counted) directly on finished Exchanges
(20 keys, 500 end users, one model), with and without `metrics.usage_counters`, without budgets
and with key + user budgets, on the in-process store; `--redis` adds the same against a
redis-server started here (client-side CPU only, one request at a time). Prints microseconds of
this process's CPU per request, best of three; writes nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import subprocess
import time

from procs import free_port

from proxy.config.limits import Budget, BudgetsConfig
from proxy.config.models import Deployment
from proxy.core.exchange import Exchange, Usage
from proxy.stages.budget import BudgetStage
from proxy.state.base import Store
from proxy.state.memory import MemoryStore
from proxy.state.redis import RedisStore

DEPLOYMENT = Deployment(provider="mock", model="gpt-4o-mini")
BUDGETS = {
    "no budgets": BudgetsConfig(),
    "key+user budgets": BudgetsConfig(keys={"*": Budget(daily_usd=1e9, monthly_usd=1e9)}, users=Budget(daily_usd=1e9)),
}


def finished(i: int) -> Exchange:
    ex = Exchange(
        request_id=f"r{i}", endpoint="chat", method="POST", path="/v1/chat/completions", t_start=0, headers=[]
    )
    ex.tenant, ex.end_user, ex.alias, ex.served_alias = (
        f"team-{i % 20}",
        f"user-{i % 500}",
        "gpt-4o-mini",
        "gpt-4o-mini",
    )
    ex.deployment = DEPLOYMENT
    ex.usage = Usage(prompt_tokens=120, completion_tokens=40, total_tokens=160)
    return ex


async def cpu_per_request(stage: BudgetStage, n: int) -> float:
    exchanges = [finished(i) for i in range(n)]
    for ex in exchanges[: min(n, 500)]:  # warm-up: connections, scripts, price lookups
        await stage.on_response(ex)
    started = time.process_time()
    for ex in exchanges:
        await stage.on_response(ex)
    return (time.process_time() - started) / n * 1e6


async def table(redis_url: str | None, n: int) -> list[str]:
    out = []
    for name, budgets in BUDGETS.items():
        cells = []
        for on in (False, True):
            store: Store = RedisStore(redis_url) if redis_url else MemoryStore()
            stage = BudgetStage(budgets, store, usage_counters=on)
            cells.append(min([await cpu_per_request(stage, n) for _ in range(3)]))
            await store.close()
        backend = "redis" if redis_url else "memory"
        out.append(f"| {backend} | {name} | {cells[0]:.1f} | {cells[1]:.1f} | {cells[1] - cells[0]:+.1f} |")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=100_000)
    parser.add_argument("--redis", action="store_true")
    args = parser.parse_args()
    rows = asyncio.run(table(None, args.requests))
    if args.redis:
        binary = shutil.which("redis-server")
        if binary is None:
            raise SystemExit("redis-server is not installed")
        port = free_port()
        server = subprocess.Popen(
            [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
        )
        try:
            time.sleep(0.3)
            rows += asyncio.run(table(f"redis://127.0.0.1:{port}/0", min(args.requests, 5000)))
        finally:
            server.terminate()
            server.wait(5)
    print("| store | budgets | counters off (µs) | counters on (µs) | added (µs) |")
    print("|---|---|---|---|---|")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
