"""Token limits with reconciliation: over 20 s (fake clock), admitted real tokens = rate x time + burst."""

from __future__ import annotations

import asyncio

import pytest
import yaml

from proxy.config.policy import parse_policy
from proxy.core.errors import RateLimited
from proxy.core.exchange import Exchange, Usage
from proxy.metering.tokens import TokenCounter
from proxy.stages.limits import LimitsStage
from proxy.state.memory import MemoryStore
from proxy.surfaces.chat_body import CHAT_SURFACE
from tests.support import new_exchange

POLICY = """
providers: {p: {type: openai, base_url: "http://127.0.0.1:1/v1"}}
models: {m: {deployments: [{provider: p, model: m}]}}
limits:
  rules:
    - {name: tpm, scope: key, tokens_per_minute: 600}
    - {name: rpm, scope: key, requests_per_minute: 600, burst: 0.1}
"""


class Clock:
    now = 1000.0

    def __call__(self) -> float:
        return self.now


def exchange(i: int) -> Exchange:
    ex = new_exchange(request_id=f"r{i}", surface=CHAT_SURFACE)
    ex.tenant, ex.alias = "team", "m"
    ex.body = {"model": "m", "messages": [{"role": "user", "content": "x" * 40}], "max_tokens": 20}
    return ex


async def offer(duration_s: float, every_s: float) -> tuple[int, int]:
    """Offer requests every `every_s`; each reserves ~34 tokens and really uses 10. (admitted, real tokens)."""
    policy = parse_policy(yaml.safe_load(POLICY), {})
    clock = Clock()
    stage = LimitsStage(policy.limits, MemoryStore(clock=clock), TokenCounter([]))
    admitted = used = 0
    for i in range(int(duration_s / every_s)):
        ex = exchange(i)
        try:
            await stage.on_request(ex)
        except RateLimited:
            clock.now += every_s
            continue
        admitted += 1
        ex.usage = Usage(prompt_tokens=6, completion_tokens=4, total_tokens=10)
        ex.deployment = policy.models["m"].deployments[0]
        await stage.on_response(ex)
        used += 10
        clock.now += every_s
    return admitted, used


def test_token_limit_with_reconciliation_admits_rate_times_time_plus_burst() -> None:
    admitted, used = asyncio.run(offer(duration_s=20.0, every_s=0.02))  # 50/s offered, far above
    expected = 600 / 60 * 20 + 600  # 10 tokens/s for 20 s plus one minute's tokens at once
    reservation = 14 + 20  # estimated input (40 chars / 4 + 4 per message) + max_tokens
    # Exact up to one reservation: the last request must fit its reservation before its real
    # 10 tokens are kept, so at most one reservation's worth of the limit can stay unused.
    assert expected - reservation <= used <= expected, (admitted, used)


def test_request_limit_admits_twice_offered_rate_plus_burst_within_two_percent() -> None:
    async def run() -> int:
        policy = parse_policy(yaml.safe_load(POLICY.replace("tokens_per_minute: 600", "tokens_per_minute: 1e9")), {})
        clock = Clock()
        stage = LimitsStage(policy.limits, MemoryStore(clock=clock), TokenCounter([]))
        admitted = 0
        for i in range(400):  # 20/s offered for 20 s: twice the 600/min limit
            try:
                await stage.on_request(exchange(i))
                admitted += 1
            except RateLimited:
                pass
            clock.now += 0.05
        return admitted

    assert asyncio.run(run()) == pytest.approx(200 + 60, rel=0.02)
