"""`--http`: the in-process verdicts checked against a live proxy, through its HTTP interface.

Starts the project's mock upstream and a real proxy (`python -m proxy serve`) on the same policy
text the in-process judgments load (bench/heldout_common.py), then sends about `PER_JUDGMENT`
samples per judgment with the openai SDK and compares each live verdict with the in-process one:
- injection: 400 `content_policy_violation` vs 200 on the `inj` alias;
- PII: 400, or a `pii/input` verdict other than pass in `x-llm-proxy-guardrails`, on `pii`;
- banned output: the mock answers with the sample text (its `content` knob); a whole answer is
  refused with 400, a stream (in `chunks` pieces) ends with `finish_reason: content_filter`;
- semantic cache (`ngram`): the first text, then the second, each pair under its own credential
  (its own partition); a hit is `x-cache: hit-*` on the second.
Returns report lines; a line with MISMATCH names the judgment and sample index (never the text).
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import heldout_banned
import heldout_cache
import heldout_injection
import heldout_pii
import openai
from heldout import Split
from heldout_common import InProcess, Missing, build_policy, policy_text
from procs import pick_cpus, running_mock, running_proxy

PER_JUDGMENT = 20
T = TypeVar("T")


def spread(items: Sequence[T], n: int = PER_JUDGMENT) -> list[T]:
    """`n` items spread evenly over `items` (all of them when there are fewer)."""
    if len(items) <= n:
        return list(items)
    return [items[i * len(items) // n] for i in range(n)]


def _balanced(items: Sequence[T], positive: Callable[[T], bool]) -> list[T]:
    half = PER_JUDGMENT // 2
    return spread([i for i in items if positive(i)], half) + spread([i for i in items if not positive(i)], half)


def _client(base_url: str, key: str = "heldout-bench") -> openai.OpenAI:
    return openai.OpenAI(base_url=base_url + "/v1", api_key=key, max_retries=0, timeout=30)


def _ask(client: openai.OpenAI, model: str, text: str, **extra: Any) -> tuple[int, dict[str, str]]:
    """(status, headers) of one chat request; a 400 content_policy_violation is returned, not raised."""
    try:
        raw = client.chat.completions.with_raw_response.create(
            model=model, messages=[{"role": "user", "content": text}], temperature=0, **extra
        )
        return raw.http_response.status_code, dict(raw.headers)
    except openai.BadRequestError as err:
        if err.code != "content_policy_violation":
            raise
        return 400, dict(err.response.headers)


def _pii_live(status: int, headers: dict[str, str]) -> bool:
    shown = headers.get("x-llm-proxy-guardrails", "")
    return status == 400 or ("pii/input=" in shown and "pii/input=pass" not in shown)


def _stream_blocked(client: openai.OpenAI, text: str) -> bool:
    pieces = max(1, len(text) // heldout_banned.CHUNK_CHARS)
    try:
        stream = client.chat.completions.create(
            model="banned",
            messages=[{"role": "user", "content": "Answer."}],
            stream=True,
            extra_body={"mock": {"content": text, "chunks": min(pieces, 100_000)}},
        )
        return any(c.choices and c.choices[0].finish_reason == "content_filter" for c in stream)
    except openai.BadRequestError as err:
        if err.code != "content_policy_violation":
            raise
        return True


def _compare(name: str, pairs: list[tuple[bool, bool]]) -> list[str]:
    wrong = [i for i, (live, local) in enumerate(pairs) if live != local]
    verdict = "MISMATCH at samples " + ", ".join(map(str, wrong)) if wrong else "all equal"
    return [f"| {name} | {len(pairs)} | {sum(live for live, _ in pairs)} | {verdict} |"]


def _checks(base: str, ip: InProcess, which: Split, missing: Missing) -> list[str]:
    client = _client(base)
    rows: list[str] = []
    inj = _balanced(
        heldout_injection.handwritten_samples(which, missing)
        + heldout_injection.public_samples(heldout_injection.public_sources(missing), which),
        lambda s: s.positive,
    )
    rows += _compare(
        "injection (inj, 400 vs 200)",
        [(_ask(client, "inj", s.text)[0] == 400, heldout_injection.judge(ip, s.text)) for s in inj],
    )
    pii = _balanced(heldout_pii.handwritten_samples(which, missing) or heldout_pii.generated_samples(which, missing),
                    lambda s: s.positive)  # fmt: skip
    rows += _compare(
        "PII (pii, 400 or pii/input != pass)",
        [(_pii_live(*_ask(client, "pii", s.text)), heldout_pii.judge(ip, s.text)) for s in pii],
    )
    banned = _balanced(heldout_banned.samples(which, missing), lambda s: s.should_block)
    rows += _compare(
        "banned output, whole (400 vs 200)",
        [
            (_ask(client, "banned", "Answer.", extra_body={"mock": {"content": s.text}})[0] == 400,
             heldout_banned.judge_whole(ip, s.text))
            for s in banned
        ],
    )  # fmt: skip
    rows += _compare(
        "banned output, stream (content_filter)",
        [(_stream_blocked(client, s.text), heldout_banned.judge_stream(ip, s.text)) for s in banned],
    )
    pairs = _balanced(heldout_cache.pairs(which, Missing()), lambda p: p.same_answer)
    local = heldout_cache.evaluate_one("ngram", pairs)
    live = []
    for i, pair in enumerate(pairs):
        own = _client(base, f"heldout-pair-{i}")
        _ask(own, "cache", pair.first)
        live.append(_ask(own, "cache", pair.second)[1].get("x-cache", "").startswith("hit"))
    hits = list(zip(live, [j.hit for j in local.judged], strict=True))
    rows += _compare("semantic cache, ngram (x-cache hit-*)", hits)
    return rows


def cross_check(which: Split, missing: Missing) -> list[str]:
    """Start the mock and the proxy, run every check, stop both; the report's lines."""
    sut_cpu, mock_cpu = pick_cpus()
    ip = InProcess(build_policy())
    with tempfile.TemporaryDirectory() as tmp, running_mock(mock_cpu, Path(tmp)) as mock:
        text = policy_text(mock.base_url)
        with running_proxy(lambda _port: text, sut_cpu, Path(tmp)) as proxy:
            rows = _checks(proxy.base_url, ip, which, missing)
    ip.close()
    header = ["| judgment | samples | blocked / flagged / hit live | live vs in-process |", "|---|---|---|---|"]
    return ["Command: `python bench/heldout_eval.py --http` (samples spread over the split, half each label).", "",
            *header, *rows]  # fmt: skip
