"""Operator-written detectors: named regexes (deny rules, banned output), keyword topics, allow rules.

Guarantees: every pattern runs in RE2 (linear time); all patterns of one detector are matched in
one pass over the text; findings carry the rule's name (`deny[0]`, `topic:weapons`,
`banned:<name>`), never the matched text; a finding lying inside a span matched by an allow
rule is dropped; `window` is the longest match any rule can make, plus one, for stream hold-back.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from proxy.config.guard_patterns import any_of, combined, rule_patterns
from proxy.core.patterns import Pattern, compile_linear, max_width
from proxy.guardrails.banned import BannedOutputDetector, shipped_detector
from proxy.guardrails.findings import Finding


class PatternDetector:
    """Named patterns scanned together; each finding's entity is `prefix + name`."""

    __slots__ = ("_combined", "_names", "allow", "window")

    def __init__(
        self,
        patterns: Mapping[str, str],
        *,
        prefix: str = "",
        ignore_case: bool = True,
        allow: Sequence[str] = (),
    ) -> None:
        self._names = {f"g{i}": prefix + name for i, name in enumerate(patterns)}
        self._combined: Pattern | None = (
            compile_linear(combined(patterns), ignore_case=ignore_case) if patterns else None
        )
        self.allow: Pattern | None = compile_linear(any_of(allow), ignore_case=ignore_case) if allow else None
        self.window = max((max_width(p) for p in patterns.values()), default=0) + 1

    def find(self, text: str) -> list[Finding]:
        if self._combined is None:
            return []
        found = [Finding(self._names[m.lastgroup], m.start(), m.end()) for m in self._combined.finditer(text)]
        if found and self.allow is not None:
            allowed = [m.span() for m in self.allow.finditer(text)]
            found = [f for f in found if not any(a <= f.start and f.end <= b for a, b in allowed)]
        return found


def operator_rules(
    deny: Sequence[str], topics: Mapping[str, Sequence[str]], allow: Sequence[str], ignore_case: bool
) -> PatternDetector:
    """A `rules` guardrail: deny regexes and keyword topics, exempted where an allow rule matches."""
    return PatternDetector(rule_patterns(deny, topics), ignore_case=ignore_case, allow=allow)


def banned_output(
    patterns: Mapping[str, str], ignore_case: bool, allow_hosts: Sequence[str] = ()
) -> PatternDetector | BannedOutputDetector:
    """A `banned_output` guardrail: the policy's patterns as they are, or, when it gives none, the
    shipped rules with their exemption checks (`allow_hosts`: installers whose pipe-to-shell passes)."""
    if patterns:
        return PatternDetector(patterns, prefix="banned:", ignore_case=ignore_case)
    return shipped_detector(tuple(allow_hosts))
