"""`python bench/guardrails_cost.py [--rounds N]`: CPU cost of the default guardrail set.

The default set is what README's guardrails example attaches: prompt injection and PII (redact,
with restore) on the input; PII leaks and banned patterns on the output. Measured in-process,
single-threaded, pinned to one CPU when `taskset` is there:
- input: the guardrails stage's checks on a chat request of about 2,000 tokens (8,000+ characters
  over a system prompt, four turns and a tool result; two emails and a phone number in it);
- stream: the output guard on a 500-chunk streamed answer (about 2,000 characters, one email),
  per stream and per chunk, next to what the relay does anyway per chunk (parse + re-encode);
- pii: the PII detector alone (default settings) on the request's text, as it is and with 40 of
  its sentences replaced by number-heavy ones (bare 9- and 10-digit numbers, versions, dates),
  each number a candidate the context and version checks must judge.
Prints a markdown table (best round, microseconds); writes nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import time
from collections.abc import Callable
from typing import Any

import orjson

from proxy.config.policy import parse_policy
from proxy.core.exchange import Exchange
from proxy.guardrails.output import OutputGuard
from proxy.guardrails.pii import PiiDetector
from proxy.stages.guardrails import GuardrailsStage
from proxy.surfaces.chat_body import CHAT_SURFACE

POLICY = {
    "providers": {"p": {"type": "openai", "base_url": "http://127.0.0.1:9/v1"}},
    "models": {"m": {"deployments": [{"provider": "p", "model": "m"}]}},
    "guardrails": {
        "define": {
            "injection": {"type": "prompt_injection"},
            "pii": {"type": "pii", "restore": True},
            "leaks": {"type": "pii"},
            "banned": {"type": "banned_output"},
        },
        "attach": [{"input": ["injection", "pii"], "output": ["leaks", "banned"]}],
    },
}

PARAGRAPH = (
    "Our quarterly revenue grew 17 percent to $4.2 million, driven by the enterprise plan and by "
    "renewals in the EMEA region. Churn fell to 2.1 percent after the onboarding changes shipped "
    "in version 3.4.1 on 2024-05-17. Please summarise the risks for the board, list three actions, "
    "and keep the tone factual. "
)


def chat_body() -> dict[str, Any]:
    """About 2,000 tokens of ordinary business text with a little PII in it."""
    turns = [PARAGRAPH * 7, PARAGRAPH * 6 + " Mail ana.lopez@acme-mail.com.", PARAGRAPH * 6, PARAGRAPH * 6]
    return {
        "model": "m",
        "messages": [
            {"role": "system", "content": "You are a careful analyst. " + PARAGRAPH * 2},
            {"role": "user", "content": turns[0]},
            {"role": "assistant", "content": turns[1]},
            {"role": "user", "content": turns[2] + " Call me on +44 20 7946 0958 or bob@corp.io."},
            {"role": "tool", "tool_call_id": "c1", "content": turns[3]},
        ],
    }


NUMBERS = "Order 4155552671 shipped; build 10.0.19045.3693 on 2024-03-15, v1.2.3.4, ref 287654321. "


def stream_chunks() -> list[dict[str, Any]]:
    text = (PARAGRAPH * 8)[:1960] + " write to carol@corp.io"
    size = len(text) // 500 + 1
    pieces = [text[i : i + size] for i in range(0, len(text), size)][:500]
    chunks = [_chunk({"content": p}, None) for p in pieces]
    chunks[-1]["choices"][0]["finish_reason"] = "stop"
    return chunks


def _chunk(delta: dict[str, Any], finish: str | None) -> dict[str, Any]:
    return {
        "id": "c",
        "object": "chat.completion.chunk",
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
    }


def exchange(body: dict[str, Any], stream: bool) -> Exchange:
    return Exchange(
        request_id="r", endpoint="chat", method="POST", path="/v1/chat/completions", t_start=0.0, headers=[],
        body=body, alias="m", stream=stream, surface=CHAT_SURFACE,
    )  # fmt: skip


def best(run: Callable[[], None], rounds: int, inner: int) -> float:
    times = []
    for _ in range(rounds):
        t0 = time.process_time()
        for _ in range(inner):
            run()
        times.append((time.process_time() - t0) / inner)
    return min(times) * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {0})
    policy = parse_policy(POLICY, {})
    stage = GuardrailsStage(policy.guardrails, None)
    body, chunks = chat_body(), stream_chunks()
    raw_chunks = [orjson.dumps(c) for c in chunks]
    chars = sum(len(m["content"]) for m in body["messages"])
    loop = asyncio.new_event_loop()

    def input_check() -> None:
        loop.run_until_complete(stage.on_request(exchange(orjson.loads(orjson.dumps(body)), stream=False)))

    def parse_only() -> None:
        orjson.loads(orjson.dumps(body))

    def guarded_stream() -> None:
        ex = exchange({"model": "m", "messages": []}, stream=True)
        loop.run_until_complete(stage.on_request(ex))
        guard = ex.find_filter(OutputGuard)
        assert guard is not None
        for raw in raw_chunks:
            obj = orjson.loads(raw)
            guard.on_delta(obj)
            orjson.dumps(obj)

    def relay_only() -> None:
        for raw in raw_chunks:
            orjson.dumps(orjson.loads(raw))

    rows = [
        (f"input, {chars} chars (~{chars // 4} tokens)", best(input_check, args.rounds, 50) - best(parse_only, 3, 50)),
        ("stream, 500 chunks: output guard", best(guarded_stream, args.rounds, 5) - best(relay_only, 3, 5)),
    ]
    print("| what | CPU us | per chunk us |")
    print("|---|---:|---:|")
    print(f"| {rows[0][0]} | {rows[0][1]:.0f} | |")
    print(f"| {rows[1][0]} | {rows[1][1]:.0f} | {rows[1][1] / 500:.1f} |")
    print(f"| (relay's own parse + encode per chunk, for scale) | | {best(relay_only, 3, 5) / 500:.1f} |")
    text = "\n".join(m["content"] for m in body["messages"])
    numbers = text[: len(text) - len(NUMBERS) * 20] + NUMBERS * 20
    pii = PiiDetector()
    for name, sample in (("text", text), ("number-heavy text", numbers)):
        cost = best(lambda t=sample: pii.find(t), args.rounds, 100)
        print(f"| pii scan alone, {name}, {len(sample)} chars | {cost:.0f} | |")


if __name__ == "__main__":
    main()
