"""`python bench/router_cost.py [--requests N] [--seed S]`: what a sample router policy saves.

A mixed workload (generated, seeded) of simple questions, complex reasoning asks, code tasks, long
documents to summarise and premium-tier users' requests goes through the real proxy twice, on the
mock upstream: once with everything sent to the premium model (`gpt-4o`), once with `model: auto`
and the sample router below (long inputs to `gpt-4.1`, premium tier, complex and code to `gpt-4o`,
the rest to `gpt-4o-mini`, using the built-in heuristic classifier). Answer lengths per kind are
set through the mock (one token per chunk), so both runs see the same tokens; cost is what the
proxy reports per request (`x-llm-proxy-cost-usd`, from the shipped price table). Prints the
total cost of each run, the saving, the share of requests per model and, per kind of prompt,
where the router sent it (the heuristic's misroutes). Writes nothing.
"""

from __future__ import annotations

import argparse
import random
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

import httpx
from procs import pick_cpus, running_mock, running_proxy

POLICY = """\
server: {{host: 127.0.0.1, port: {port}}}
providers:
  mock: {{type: openai, base_url: "{mock}/v1"}}
models:
  gpt-4o:
    deployments: [{{provider: mock, model: gpt-4o}}]
    capabilities: {{tools: true, vision: true, context_window: 128000}}
  gpt-4o-mini:
    deployments: [{{provider: mock, model: gpt-4o-mini}}]
    capabilities: {{tools: true, vision: true, context_window: 128000}}
  gpt-4.1:
    deployments: [{{provider: mock, model: gpt-4.1}}]
    capabilities: {{tools: true, context_window: 1000000}}
routers:
  auto:
    classifier: {{type: heuristic}}
    rules:
      - {{name: long-context, when: {{min_input_tokens: 20000}}, to: gpt-4.1}}
      - {{name: premium-tier, when: {{metadata: {{tier: [premium]}}}}, to: gpt-4o}}
      - {{name: hard, when: {{classifier: [complex, code]}}, to: gpt-4o}}
    default: gpt-4o-mini
logging: {{requests: false}}
"""
TOPICS = ["consensus protocols", "garbage collection", "TLS handshakes", "B-trees", "vector clocks", "CRDTs",
          "rate limiting", "query planners", "JIT compilers", "container networking"]  # fmt: skip
COUNTRIES = ["France", "Kenya", "Peru", "Japan", "Norway", "Chile", "Egypt", "Canada"]
CODE = "def f(xs):\n    return [x * 2 for x in xs]\n"
FILLER = "The quarterly report notes steady growth in every region, with costs held flat and churn down. "

# kind -> (share of requests, answer tokens)
MIX = {"simple": (0.50, 60), "complex": (0.22, 700), "code": (0.12, 500), "long": (0.06, 400), "premium": (0.10, 200)}


def prompt(kind: str, rng: random.Random) -> tuple[str, dict[str, str]]:
    """(last user message, metadata) of one generated request of `kind`."""
    topic, other = rng.sample(TOPICS, 2)
    if kind == "simple":
        asks = [
            f"What is the capital of {rng.choice(COUNTRIES)}?",
            "Thanks, that helps!",
            f"Define {topic} in a sentence.",
        ]
        return rng.choice(asks), {}
    if kind == "complex":
        return (
            f"Explain step by step how {topic} work, compare them with {other}, and evaluate the trade-offs "
            "for a team of five running them in production. What would you choose, and why?"
        ), {}
    if kind == "code":
        return "Refactor this Python function and add unit tests:\n```python\n" + CODE + "```", {}
    if kind == "long":
        return FILLER * rng.randint(1100, 1500) + "\nSummarise the document above in five bullet points.", {}
    return f"Tell me about {topic}.", {"tier": "premium"}


def workload(n: int, seed: int) -> list[tuple[str, dict[str, Any]]]:
    rng = random.Random(seed)
    kinds = rng.choices(list(MIX), weights=[share for share, _ in MIX.values()], k=n)
    out = []
    for kind in kinds:
        text, metadata = prompt(kind, rng)
        body: dict[str, Any] = {"messages": [{"role": "user", "content": text}], "mock": {"chunks": MIX[kind][1]}}
        if metadata:
            body["metadata"] = metadata
        out.append((kind, body))
    return out


Run = tuple[Counter[str], Counter[tuple[str, str]], int]


def run(url: str, model: str, load: list[tuple[str, dict[str, Any]]]) -> Run:
    """(cost USD per kind, (kind, served model) counts, errors) of sending `load` with `model`."""
    cost, served, errors = Counter[str](), Counter[tuple[str, str]](), 0
    with httpx.Client(base_url=url, timeout=30) as client:
        for kind, body in load:
            resp = client.post("/v1/chat/completions", json={**body, "model": model})
            if resp.status_code != 200:
                errors += 1
                continue
            cost[kind] += float(resp.headers.get("x-llm-proxy-cost-usd", "0"))
            served[(kind, resp.headers.get("x-llm-proxy-model", "?"))] += 1
    return cost, served, errors


def report(
    n: int, premium_by_kind: Counter[str], routed_by_kind: Counter[str], served: Counter[tuple[str, str]], errors: int
) -> str:
    premium, routed = sum(premium_by_kind.values()), sum(routed_by_kind.values())
    lines = [
        f"{n} requests; premium only (gpt-4o): ${premium:.4f}; routed (auto): ${routed:.4f}; "
        f"saved {1 - routed / premium:.1%}; errors {errors}",
        "",
        "| model | share of requests |",
        "|---|--:|",
    ]
    by_model = Counter[str]()
    for (_, model), count in served.items():
        by_model[model] += count
    lines += [f"| {m} | {c / n:.1%} |" for m, c in by_model.most_common()]
    lines += [
        "",
        "| kind of prompt | requests | routed to | cost premium-only | cost routed |",
        "|---|--:|---|--:|--:|",
    ]
    for kind in MIX:
        counts = {m: c for (k, m), c in served.items() if k == kind}
        where = ", ".join(f"{m} {c}" for m, c in sorted(counts.items(), key=lambda item: -item[1]))
        total = sum(counts.values())
        lines.append(f"| {kind} | {total} | {where} | ${premium_by_kind[kind]:.4f} | ${routed_by_kind[kind]:.4f} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    load = workload(args.requests, args.seed)
    sut_cpu, mock_cpu = pick_cpus()
    with tempfile.TemporaryDirectory(prefix="bench-router-") as tmp, running_mock(mock_cpu, Path(tmp)) as mock:

        def policy(port: int) -> str:
            return POLICY.format(port=port, mock=mock.base_url)

        with running_proxy(policy, sut_cpu, Path(tmp)) as sut:
            premium, _, errors_p = run(sut.base_url, "gpt-4o", load)
            routed, served, errors_r = run(sut.base_url, "auto", load)
    print(report(len(load), premium, routed, served, errors_p + errors_r))


if __name__ == "__main__":
    main()
