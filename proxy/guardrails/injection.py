"""Prompt-injection / jailbreak detection: weighted RE2 rules over normalised views of the input.

Guarantees:

- Rules are data (`data/injection_rules.yaml`, or an operator's own set) and are validated before use
  (`proxy.config.injection_rules`): unique ids, weight in (0, 1], a pattern RE2 compiles; `ValueError`
  names the offending rule.
- Matching is linear in the text whatever it holds: a literal prefilter (RE2's FilteredRE2) picks the rules
  whose required words all occur, and only those are searched, each with RE2. Should the prefilter run out
  of memory on some input, every rule is searched instead, so a verdict is never silently empty.
- A verdict names the rules that matched, never the matched text. Score = 1 - prod(1 - weight) over the
  distinct matched rules, so one strong rule flags alone and weak ones add up.
- With a learned model (`injection_model.InjectionModel`, the shipped one by default in policies), its
  probability for the most suspicious window of any view is one more weight in that product, named
  `learned` among the verdict's rules when it counts (MODEL_NAMED or more): rules catch the phrasings
  they know exactly, the model the ones nobody wrote a rule for.
- `InjectionDetector` is immutable after `__init__`; `scan` may be called from any number of threads.
- Only `text[:max_chars]` is scanned (see `proxy.guardrails.normalize.views`); the caller decides what to
  do with longer input.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import re2

from proxy.config.injection_rules import Rule, read_rules, rules_from_yaml, validate_rules
from proxy.core.patterns import Pattern, compile_linear
from proxy.guardrails.injection_model import InjectionModel
from proxy.guardrails.normalize import views

# Memory per compiled rule in the prefilter; past it RE2 reports failure instead of slowing down.
_FILTER_MAX_MEM = 8 << 20
_CANARY = "\n\x02canary\x02"
LEARNED_RULE = "learned"
MODEL_NAMED = 0.2  # a model probability below this is noise: not named among the verdict's rules


@dataclass(frozen=True, slots=True)
class InjectionVerdict:
    """The outcome of one scan: no text, only the score and the ids of the rules that matched."""

    score: float  # 0..1
    rules: tuple[str, ...]  # ids of matched rules, in rule-set order
    flagged: bool  # score >= threshold


def load_rules(source: str | Path | None = None) -> tuple[Rule, ...]:
    """Load and validate rules from a YAML file (`source` is its path, never YAML text), or the shipped set.

    The YAML is a list of mappings with id, category, weight, pattern and optional description; unknown
    fields are refused. Raises ValueError naming the rule id and the problem. To extend the shipped set,
    concatenate: `load_rules() + load_rules(path)` (ids must stay unique across both).
    """
    if source is not None:
        return read_rules(Path(source))
    return rules_from_yaml((resources.files("proxy.guardrails") / "data" / "injection_rules.yaml").read_text("utf-8"))


@functools.cache
def shipped_model() -> InjectionModel:
    """The learned scorer shipped with the proxy, loaded once per process."""
    return InjectionModel.load()


class _RuleMatcher:
    """Finds which of many patterns occur in a text, cheaply for benign text and linearly for any text.

    A combined RE2 set is fast on ordinary text but its DFA can blow up on text packed with partial
    matches of many rules. So RE2's FilteredRE2 first finds the literal atoms (words) each pattern needs,
    in one pass of a literal-only set whose DFA stays small; only the patterns whose atoms are all present
    are then searched, each on its own (linear time, NFA fallback built in).
    """

    __slots__ = ("_canary", "_filter", "_patterns")

    def __init__(self, patterns: Sequence[str]) -> None:
        self._patterns: tuple[Pattern, ...] = tuple(compile_linear(p, ignore_case=True) for p in patterns)
        options = re2.Options()
        options.case_sensitive = False
        options.log_errors = False
        options.max_mem = _FILTER_MAX_MEM
        self._filter = re2.Filter()
        for pattern in patterns:
            self._filter.Add(pattern, options)
        # The canary's atom sits at the very end of every text the filter sees, and views never contain
        # control characters; if it is not reported, the atom pass gave up early (out of memory) and every
        # pattern is searched instead, so a verdict is never silently empty.
        self._canary = self._filter.Add(re2.escape(_CANARY), options)
        self._filter.Compile()

    def matches(self, text: str) -> set[int]:
        """Indices of the patterns that occur in `text`."""
        candidates = self._filter.Match(text + _CANARY, potential=True) or []
        if self._canary not in candidates:
            candidates = range(len(self._patterns))
        patterns = self._patterns
        return {i for i in candidates if i != self._canary and patterns[i].search(text) is not None}


class InjectionDetector:
    """Scores text for prompt injection / jailbreak attempts with a validated rule set.

    `threshold` in (0, 1]: a verdict is flagged when its score reaches it. `rules`: an operator's rules
    (validated here), or None for the shipped set. `max_chars`: only that much of the text is scanned.
    Immutable after construction, so one instance can serve all threads.
    """

    __slots__ = ("_matcher", "_max_chars", "_model", "_rules", "_threshold")

    def __init__(
        self,
        *,
        threshold: float = 0.5,
        rules: Sequence[Rule] | None = None,
        max_chars: int = 200_000,
        model: InjectionModel | None = None,
    ) -> None:
        if not 0 < threshold <= 1:
            raise ValueError(f"threshold {threshold} is outside (0, 1]")
        if max_chars < 1:
            raise ValueError("max_chars must be positive")
        self._threshold = threshold
        self._max_chars = max_chars
        self._rules = load_rules() if rules is None else validate_rules(rules)
        self._matcher = _RuleMatcher([rule.pattern for rule in self._rules])
        self._model = model

    @property
    def rules(self) -> tuple[Rule, ...]:
        """The validated rules this detector applies, in order."""
        return self._rules

    @property
    def threshold(self) -> float:
        """The score at or above which a verdict is flagged."""
        return self._threshold

    def scan(self, text: str) -> InjectionVerdict:
        """Score `text[:max_chars]`: every rule is tried on every normalised view, each counts once."""
        matched: set[int] = set()
        seen = views(text, max_chars=self._max_chars)
        for view in seen:
            matched |= self._matcher.matches(view)
        ordered = sorted(matched)
        weights = [self._rules[index].weight for index in ordered]
        names = [self._rules[index].id for index in ordered]
        if self._model is not None and (learned := self._model.probability(seen)) >= MODEL_NAMED:
            weights.append(learned)
            names.append(LEARNED_RULE)
        score = combine_weights(weights)
        return InjectionVerdict(score=score, rules=tuple(names), flagged=score >= self._threshold)


def combine_weights(weights: Iterable[float]) -> float:
    """1 - prod(1 - w): independent signals, each pushing the score towards 1; 0 when there are none."""
    remaining = 1.0
    for weight in weights:
        remaining *= 1.0 - weight
    return min(1.0, max(0.0, 1.0 - remaining))
