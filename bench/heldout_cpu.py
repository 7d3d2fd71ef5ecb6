"""CPU cost, median microseconds, in this process (one core):

- the default guardrail set (README's Guardrails example attach: input injection + PII, output PII +
  banned) on a chat request of about 2,000 tokens (bench/guardrails_cost.py's body): the guardrails
  stage's input checks, then the output guard on a whole answer of about 2,000 tokens;
- one semantic-cache lookup for a 2,000-token prompt, per embedder at its defaults: embed the
  prompt, the nearest neighbours in an in-process store partition holding `INDEXED` vectors, and
  the agreement signature (what the cache stage computes on every eligible miss).
"""

from __future__ import annotations

import asyncio
import contextlib
import statistics
import time
from collections.abc import Callable
from typing import Any

import orjson
from guardrails_cost import PARAGRAPH, chat_body
from heldout_banned import _Answer, completion
from heldout_cache import built
from heldout_common import InProcess

from proxy.cache.agreement import signature
from proxy.cache.store_factory import build_cache_store
from proxy.core.errors import GuardrailBlocked

INDEXED = 1000
COMMAND = "python bench/heldout_eval.py --only cpu"


def median_us(run: Callable[[], Any], repeat: int) -> float:
    run()  # warm-up
    samples = []
    for _ in range(repeat):
        start = time.process_time()
        run()
        samples.append(time.process_time() - start)
    return statistics.median(samples) * 1e6


def guardrails_cost(ip: InProcess, repeat: int = 40) -> dict[str, float]:
    body = chat_body()
    answer_text = (PARAGRAPH * 30)[:8000]
    obj = completion(answer_text)
    raw = orjson.dumps(obj)

    def input_check() -> None:
        ex = ip.exchange("default", orjson.loads(orjson.dumps(body["messages"])))
        with contextlib.suppress(GuardrailBlocked):  # a refusal still costs a full scan
            ip.loop.run_until_complete(ip.stage.on_request(ex))

    def output_check() -> None:
        _, guard = ip.output_guard("default", stream=False)
        guard.on_answer(_Answer(200, raw, obj))

    copy_only = median_us(lambda: orjson.loads(orjson.dumps(body["messages"])), repeat)
    chars = sum(len(m["content"]) for m in body["messages"])
    return {
        "request_chars": chars,
        "input_us": median_us(input_check, repeat) - copy_only,
        "output_us": median_us(output_check, repeat),
    }


def lookup_cost(embedder: str, repeat: int = 40) -> dict[str, float]:
    """Median us of each part of one lookup: embed, nearest, signature."""
    instance, _ = built(embedder)
    prompt = (PARAGRAPH * 20)[:8000]
    store = build_cache_store(None, max_entries=10_000, max_bytes=256 << 20, max_vectors_per_partition=20_000)
    loop = asyncio.new_event_loop()
    others = [f"{i} {PARAGRAPH[i % 50 :]}" for i in range(INDEXED)]
    vectors = loop.run_until_complete(instance.embed(others))
    for i, (text, vector) in enumerate(zip(others, vectors, strict=True)):
        loop.run_until_complete(store.add_vector("p", f"k{i}", vector, signature(text), 3600))

    vector = loop.run_until_complete(instance.embed([prompt]))[0]
    parts = {
        "embed": lambda: loop.run_until_complete(instance.embed([prompt])),
        "nearest": lambda: loop.run_until_complete(store.nearest("p", vector, 3)),
        "signature": lambda: signature(prompt),
    }
    try:
        return {name: median_us(run, repeat) for name, run in parts.items()}
    finally:
        loop.close()


def render(cost: dict[str, float], lookups: dict[str, dict[str, float]]) -> list[str]:
    lines = [
        "## CPU",
        "",
        f"Command: `{COMMAND}` (median of process CPU time, one core, this machine).",
        "",
        "| what | median us |",
        "|---|---:|",
        f"| default guardrail set, input checks, {cost['request_chars']:.0f} chars (~2,000 tokens) | "
        f"{cost['input_us']:.0f} |",
        f"| default guardrail set, output checks on a whole ~2,000-token answer | {cost['output_us']:.0f} |",
        f"| default guardrail set, both | {cost['input_us'] + cost['output_us']:.0f} |",
    ]
    lines += [
        f"| semantic lookup, `{name}`, 2,000-token prompt, {INDEXED} vectors indexed "
        f"({', '.join(f'{k} {v:.0f}' for k, v in parts.items())}) | {sum(parts.values()):.0f} |"
        for name, parts in lookups.items()
    ]
    return [*lines, ""]
