"""Banned output on one split: block/pass accuracy per category, for whole answers and for the same
answers streamed in small chunks through the real output-guard stream path, and where they differ.

Guarantees: both verdicts come from the output guard the proxy's guardrails stage adds for the
`banned` alias (`banned_output` at its defaults): a whole answer is blocked when `on_answer` refuses
it (the 400 a user gets); a stream is blocked when a chunk ends it with `content_filter`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import orjson
from heldout import Split
from heldout_common import InProcess, Missing, Rate, grouped, handwritten, rate, split, table

from proxy.core.errors import GuardrailBlocked
from proxy.core.filters import DeltaAction

CHUNK_CHARS = 6  # about a token or two per chunk, as a model streams


@dataclass(frozen=True, slots=True)
class Sample:
    category: str
    should_block: bool
    text: str


def samples(which: Split, missing: Missing) -> list[Sample]:
    rows = handwritten("data_banned_output", missing)
    return split([Sample(str(c), bool(b), str(t)) for c, b, t in rows], which, lambda s: s.text)


@dataclass(slots=True)
class _Answer:
    """A whole answer as the reply path hands it to filters."""

    status: int
    body: bytes
    obj: dict[str, Any] | None


def completion(text: str) -> dict[str, Any]:
    return {
        "id": "c",
        "object": "chat.completion",
        "model": "banned",
        "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}],
    }


def judge_whole(ip: InProcess, text: str) -> bool:
    _, guard = ip.output_guard("banned", stream=False)
    obj = completion(text)
    try:
        guard.on_answer(_Answer(200, orjson.dumps(obj), obj))
    except GuardrailBlocked:
        return True
    return False


def chunk(delta: dict[str, Any], finish: str | None = None) -> dict[str, Any]:
    choice = {"index": 0, "delta": delta, "finish_reason": finish}
    return {"id": "c", "object": "chat.completion.chunk", "choices": [choice]}


def judge_stream(ip: InProcess, text: str, size: int = CHUNK_CHARS) -> bool:
    _, guard = ip.output_guard("banned", stream=True)
    pieces = [chunk({"content": text[i : i + size]}) for i in range(0, len(text), size)]
    for obj in [chunk({"role": "assistant", "content": ""}), *pieces, chunk({}, "stop")]:
        action = guard.on_delta(obj)
        if action is DeltaAction.END or obj["choices"][0].get("finish_reason") == "content_filter":
            return True
    return False


@dataclass(frozen=True, slots=True)
class Judged:
    sample: Sample
    whole: bool
    stream: bool


@dataclass(slots=True)
class BannedResult:
    judged: list[Judged]

    def accuracy(self, mode: str) -> Rate:
        return rate(getattr(j, mode) == j.sample.should_block for j in self.judged)

    def per_category(self, mode: str) -> dict[str, tuple[Rate, Rate]]:
        """category -> (dangerous blocked, harmless passed)."""
        blocked = grouped([j for j in self.judged if j.sample.should_block], _cat, lambda j: getattr(j, mode))
        passed = grouped([j for j in self.judged if not j.sample.should_block], _cat, lambda j: not getattr(j, mode))
        return {c: (blocked.get(c, Rate(0, 0)), passed.get(c, Rate(0, 0))) for c in {**blocked, **passed}}

    def differ(self) -> list[Judged]:
        return [j for j in self.judged if j.whole != j.stream]


def _cat(j: Judged) -> str:
    return j.sample.category


def evaluate(ip: InProcess, which: Split, missing: Missing) -> BannedResult:
    return BannedResult([Judged(s, judge_whole(ip, s.text), judge_stream(ip, s.text)) for s in samples(which, missing)])


def render(r: BannedResult) -> list[str]:
    lines = [
        "## Banned output",
        "",
        f"Accuracy: whole answers {r.accuracy('whole')}, streamed in {CHUNK_CHARS}-character chunks "
        f"{r.accuracy('stream')}; whole and stream differ on {len(r.differ())} answers.",
        "",
    ]
    rows = []
    whole, stream = r.per_category("whole"), r.per_category("stream")
    for category, (blocked, passed) in whole.items():
        s_blocked, s_passed = stream[category]
        rows.append((category, blocked, passed, s_blocked, s_passed))
    header = ["category", "dangerous blocked (whole)", "harmless passed (whole)", "blocked (stream)", "passed (stream)"]
    lines += table(header, rows)
    diffs = grouped(r.differ(), _cat, lambda j: j.whole)
    lines += ["", "Where whole and stream differ (category: whole blocked, of those that differ):", ""]
    lines += table(["category", "whole blocked"], list(diffs.items()))
    return [*lines, ""]


def as_json(r: BannedResult) -> dict[str, Any]:
    return {
        "accuracy_whole": [r.accuracy("whole").hits, r.accuracy("whole").n],
        "accuracy_stream": [r.accuracy("stream").hits, r.accuracy("stream").n],
        "differ": len(r.differ()),
        "per_category": {
            mode: {c: {"blocked": [b.hits, b.n], "passed": [p.hits, p.n]} for c, (b, p) in r.per_category(mode).items()}
            for mode in ("whole", "stream")
        },
    }
