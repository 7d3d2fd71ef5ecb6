"""What every held-out judgment shares: the policy the proxy is run with, the proxy's own guardrail
stage built from it, the hand-written data modules, and rates and tables.

Guarantees:
- Detectors are built exactly as the proxy builds them: the policy text below is read by the
  proxy's config loader (`load_policy`) and turned into the guardrails stage (`GuardrailsStage`),
  every guardrail at its documented defaults; `--http` serves the very same policy text.
- A hand-written data module that is not there (or does not import) is reported as missing, with
  the reason, never skipped silently.
- `split(...)` is `bench/heldout.py`'s rule on the text (on the FIRST text of a pair).
"""

from __future__ import annotations

import asyncio
import importlib
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from heldout import Split, select

from proxy.config.policy import Policy, load_policy
from proxy.core.errors import GuardrailBlocked
from proxy.core.exchange import Exchange
from proxy.core.verdict import Verdict
from proxy.guardrails.output import OutputGuard
from proxy.stages.guardrails import GuardrailsStage
from proxy.surfaces.chat_body import CHAT_SURFACE

T = TypeVar("T")
BENCH_DIR = Path(__file__).resolve().parent

# One alias per judgment, each with only that judgment's guardrails attached (at their defaults),
# plus the README's default set on `default` (input injection + PII, output PII + banned) for CPU.
ALIASES = ("inj", "pii", "banned", "cache", "default")
GUARDRAILS = """
guardrails:
  define:
    injection: {type: prompt_injection}
    pii: {type: pii}
    leaks: {type: pii}
    banned: {type: banned_output}
  attach:
    - {models: [inj], input: [injection]}
    - {models: [pii], input: [pii]}
    - {models: [banned], output: [banned]}
    - {models: [default], input: [injection, pii], output: [leaks, banned]}
"""


def policy_text(upstream_url: str, *, embedder: str = "ngram", threshold: float | None = None) -> str:
    """The policy of every judgment; `threshold` overrides only the injection guardrail's."""
    models = "\n".join(
        f"  {alias}:\n    deployments: [{{provider: mock, model: {alias}}}]\n    retry: {{max_attempts: 1}}"
        for alias in ALIASES
    )
    guardrails = GUARDRAILS
    if threshold is not None:
        tuned = f"{{type: prompt_injection, threshold: {threshold}}}"
        guardrails = guardrails.replace("{type: prompt_injection}", tuned)
    return f"""
providers:
  mock: {{type: openai, base_url: "{upstream_url}/v1"}}
models:
{models}
cache:
  enabled: true
  models: [cache]
  semantic: {{enabled: true, models: [cache], embedder: {embedder}}}
{guardrails}"""


def load(text: str) -> Policy:
    """The policy as the proxy reads it from a file."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "policy.yaml"
        path.write_text(text, encoding="utf-8")
        return load_policy(path, {})


def build_policy(*, embedder: str = "ngram", threshold: float | None = None) -> Policy:
    return load(policy_text("http://127.0.0.1:9", embedder=embedder, threshold=threshold))


@dataclass(frozen=True, slots=True)
class Outcome:
    """What the guardrails did to one request: refused (and by whom), and every verdict's outcome."""

    blocked: str | None
    outcomes: dict[str, str]


class InProcess:
    """The proxy's guardrails stage for one policy, driven with chat requests in this process."""

    def __init__(self, policy: Policy) -> None:
        self.stage = GuardrailsStage(policy.guardrails, None)
        self.loop = asyncio.new_event_loop()

    def close(self) -> None:
        self.loop.close()

    def exchange(self, alias: str, messages: list[dict[str, Any]], *, stream: bool = False) -> Exchange:
        body = {"model": alias, "messages": messages, "stream": stream}
        return Exchange(
            request_id="heldout", endpoint="chat", method="POST", path="/v1/chat/completions", t_start=0.0,
            headers=[], body=body, alias=alias, stream=stream, surface=CHAT_SURFACE,
        )  # fmt: skip

    def request(self, alias: str, text: str) -> Outcome:
        """One user message through the input guardrails of `alias`."""
        ex = self.exchange(alias, [{"role": "user", "content": text}])
        try:
            self.loop.run_until_complete(self.stage.on_request(ex))
        except GuardrailBlocked as err:
            return Outcome(str(err.message), _outcomes(ex.guardrail_verdicts))
        return Outcome(None, _outcomes(ex.guardrail_verdicts))

    def output_guard(self, alias: str, *, stream: bool) -> tuple[Exchange, OutputGuard]:
        ex = self.exchange(alias, [{"role": "user", "content": "Answer the question."}], stream=stream)
        self.loop.run_until_complete(self.stage.on_request(ex))
        guard = ex.find_filter(OutputGuard)
        assert guard is not None, f"no output guard on alias {alias}"
        return ex, guard


def _outcomes(verdicts: Iterable[Verdict]) -> dict[str, str]:
    return {f"{v.guardrail}/{v.phase}": v.shown for v in verdicts}


# --- data ------------------------------------------------------------------------------------


@dataclass(slots=True)
class Missing:
    """Sources that could not be loaded, with the reason (printed in every report)."""

    notes: list[str] = field(default_factory=list)

    def add(self, note: str) -> None:
        if note not in self.notes:
            self.notes.append(note)


def handwritten(module: str, missing: Missing) -> list[tuple[Any, ...]]:
    """`bench/<module>.py`'s SAMPLES (or PAIRS), or [] with a note when the module is not there."""
    try:
        loaded = importlib.import_module(module)
        samples = getattr(loaded, "SAMPLES", None) or loaded.PAIRS
    except Exception as exc:  # a missing or broken module is reported, not fatal
        missing.add(f"bench/{module}.py: not loaded ({type(exc).__name__}: {exc})")
        return []
    return [tuple(s) for s in samples]


def split(items: Iterable[T], which: Split, key: Callable[[T], str]) -> list[T]:
    return select(items, which, key)


# --- rates and tables ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Rate:
    """`hits` of `n` (recall, flag rate, hit rate: the row says which)."""

    hits: int
    n: int

    @property
    def value(self) -> float:
        return self.hits / self.n if self.n else 0.0

    def __str__(self) -> str:
        return f"{100 * self.value:.1f}% ({self.hits}/{self.n})" if self.n else "n/a (0)"


def rate(flags: Iterable[bool]) -> Rate:
    values = list(flags)
    return Rate(sum(values), len(values))


def grouped(items: Sequence[T], group: Callable[[T], str], flag: Callable[[T], bool]) -> dict[str, Rate]:
    """A rate per group, groups in first-seen order."""
    out: dict[str, list[bool]] = {}
    for item in items:
        out.setdefault(group(item), []).append(flag(item))
    return {name: rate(values) for name, values in out.items()}


def table(header: Sequence[str], rows: Iterable[Sequence[object]]) -> list[str]:
    """A markdown table, or "(none)" when there is no row."""
    body = ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    if not body:
        return ["(none)"]
    return ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|", *body]
