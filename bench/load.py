"""Load generation: closed-loop aiohttp load at fixed concurrency, and time to first token via the openai SDK."""

from __future__ import annotations

import asyncio
import math
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import aiohttp
import openai
import orjson

MODEL = "gpt-4o-mini"
MESSAGES = [{"role": "user", "content": "Say hello."}]
HEADERS = {"content-type": "application/json", "authorization": "Bearer sk-bench"}
REQUEST_TIMEOUT_S = 30.0
DONE_MARKER = b"data: [DONE]"


def chat_body(*, stream: bool, chunks: int) -> bytes:
    """A chat-completion request body for the mock, `chunks` content chunks, no artificial delay."""
    body: dict[str, Any] = {"model": MODEL, "messages": MESSAGES, "mock": {"chunks": chunks, "chunk_delay_ms": 0}}
    if stream:
        body["stream"] = True
    return orjson.dumps(body)


def percentile(values: Sequence[float], p: float) -> float:
    """Nearest-rank percentile (p in 0..100) of `values`; NaN when empty."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[rank - 1]


@dataclass(slots=True)
class LoadResult:
    """What one load phase did: latencies of good answers only; every failure is counted by kind in `errors`."""

    attempted: int = 0
    latencies_s: list[float] = field(default_factory=list)
    errors: Counter[str] = field(default_factory=Counter)
    elapsed_s: float = 0.0

    def merge(self, other: LoadResult) -> None:
        """Pool `other` into this result (as if both phases had been one)."""
        self.attempted += other.attempted
        self.latencies_s.extend(other.latencies_s)
        self.errors.update(other.errors)
        self.elapsed_s += other.elapsed_s

    @property
    def ok(self) -> int:
        """Requests answered 200 with a complete body."""
        return len(self.latencies_s)

    @property
    def error_count(self) -> int:
        """Requests that failed in any way (status, transport, truncated stream)."""
        return sum(self.errors.values())


def _problem(status: int, payload: bytes, *, stream: bool, chunks: int) -> str | None:
    """Why an answer is not a good one, or None. A stream must end in [DONE] after at least `chunks` events."""
    if status != 200:
        return f"status {status}"
    if stream:
        if not payload.rstrip().endswith(DONE_MARKER) or payload.count(b"data: ") <= chunks:
            return "incomplete stream"
    elif not payload.startswith(b"{"):
        return "non-JSON body"
    return None


class _Tickets:
    """Hands out at most `total` request slots, and none after `deadline` (perf_counter seconds)."""

    def __init__(self, total: int, deadline: float) -> None:
        self.left = total
        self.deadline = deadline

    def take(self) -> bool:
        if self.left <= 0 or time.perf_counter() >= self.deadline:
            return False
        self.left -= 1
        return True


async def _worker(
    session: aiohttp.ClientSession, url: str, tickets: _Tickets, result: LoadResult, *, stream: bool, chunks: int
) -> None:
    body = chat_body(stream=stream, chunks=chunks)
    while tickets.take():
        result.attempted += 1
        start = time.perf_counter()
        try:
            async with session.post(url, data=body, headers=HEADERS) as resp:
                payload = await resp.read()
                status = resp.status
        except (aiohttp.ClientError, TimeoutError) as exc:
            result.errors[type(exc).__name__] += 1
            continue
        latency = time.perf_counter() - start
        problem = _problem(status, payload, stream=stream, chunks=chunks)
        if problem is None:
            result.latencies_s.append(latency)
        else:
            result.errors[problem] += 1


def new_session(concurrency: int) -> aiohttp.ClientSession:
    """A client session that keeps at most `concurrency` connections open and reuses them."""
    timeout = aiohttp.ClientTimeout(total=REQUEST_TIMEOUT_S)
    return aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=concurrency), timeout=timeout)


async def drive(
    session: aiohttp.ClientSession,
    url: str,
    *,
    stream: bool,
    chunks: int,
    concurrency: int,
    total: int,
    time_cap_s: float,
) -> LoadResult:
    """Closed loop: `concurrency` workers send chat requests back to back until `total` are sent or `time_cap_s` is up.

    Latency is measured from just before the request is sent to the last byte of the answer.
    """
    result = LoadResult()
    start = time.perf_counter()
    tickets = _Tickets(total, start + time_cap_s)
    await asyncio.gather(
        *(_worker(session, url, tickets, result, stream=stream, chunks=chunks) for _ in range(concurrency))
    )
    result.elapsed_s = time.perf_counter() - start
    return result


async def _one_ttft(client: openai.AsyncOpenAI, chunks: int) -> float:
    """Seconds from create() to the first chunk carrying content; reads the stream to its end (keeps the connection)."""
    start = time.perf_counter()
    ttft = math.nan
    stream = await client.chat.completions.create(
        model=MODEL,
        messages=[{"role": "user", "content": "Say hello."}],
        stream=True,
        extra_body={"mock": {"chunks": chunks, "chunk_delay_ms": 0}},
    )
    async for chunk in stream:
        if math.isnan(ttft) and chunk.choices and chunk.choices[0].delta.content:
            ttft = time.perf_counter() - start
    if math.isnan(ttft):
        raise ValueError("stream ended without a content chunk")
    return ttft


async def sdk_ttft(base_url: str, *, count: int, warmup: int, chunks: int) -> LoadResult:
    """`count` sequential streamed chat completions through AsyncOpenAI (no retries); latencies are TTFTs."""
    result = LoadResult()
    async with openai.AsyncOpenAI(base_url=base_url + "/v1", api_key="sk-bench", max_retries=0) as client:
        for index in range(warmup + count):
            measured = index >= warmup
            result.attempted += measured
            try:
                ttft = await _one_ttft(client, chunks)
            except (openai.OpenAIError, ValueError) as exc:
                if measured:
                    result.errors[type(exc).__name__] += 1
                continue
            if measured:
                result.latencies_s.append(ttft)
    return result
