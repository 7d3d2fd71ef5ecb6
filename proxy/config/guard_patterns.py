"""How an operator's guardrail patterns become one RE2 program: the strings the detectors compile.

Guarantees: `rule_patterns` names a `rules` guardrail's deny regexes and keyword topics as its
findings are named (`deny[0]`, `topic:weapons`); `combined` and `any_of` are the exact programs a
detector compiles, so `compile_together` refuses at `llm-proxy check` what would fail at start-up
(e.g. a group name repeated across patterns).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from proxy.core.patterns import compile_linear


def rule_patterns(deny: Sequence[str], topics: Mapping[str, Sequence[str]]) -> dict[str, str]:
    """A `rules` guardrail's patterns by finding name: deny regexes, then one alternation per topic."""
    named = {f"deny[{i}]": p for i, p in enumerate(deny)}
    named.update({f"topic:{name}": topic_pattern(words) for name, words in topics.items()})
    return named


def topic_pattern(keywords: Sequence[str]) -> str:
    """Keywords as one word-bounded alternation; inner spaces match any short run of whitespace."""
    words = sorted({" ".join(k.split()) for k in keywords if k.strip()}, key=len, reverse=True)
    alternatives = [r"\s{1,3}".join(_escape(part) for part in word.split(" ")) for word in words]
    return r"\b(?:" + "|".join(alternatives) + r")\b"


def _escape(text: str) -> str:
    return "".join("\\" + c if not c.isalnum() and c != "_" else c for c in text)


def combined(patterns: Mapping[str, str]) -> str:
    """All `patterns` as one alternation; group `g<i>` is the i-th pattern, whatever its name."""
    return "|".join(f"(?P<g{i}>{pattern})" for i, pattern in enumerate(patterns.values()))


def any_of(patterns: Sequence[str]) -> str:
    """An alternation that matches where any of `patterns` does (allow rules)."""
    return "|".join(f"(?:{p})" for p in patterns)


def compile_together(patterns: Mapping[str, str], allow: Sequence[str], ignore_case: bool) -> None:
    """Raise PatternError if `patterns`, or the `allow` rules, do not compile as one program each."""
    if patterns:
        compile_linear(combined(patterns), ignore_case=ignore_case)
    if allow:
        compile_linear(any_of(allow), ignore_case=ignore_case)
