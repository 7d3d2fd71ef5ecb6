"""The shipped banned-output detector: rules for runnable harmful steps, with exemption checks.

Guarantees:
- The rules (data/banned_output.yaml, category -> rule -> RE2 pattern) are one RE2 program,
  searched over the UTF-8 text: linear time. A capture-free copy of it finds where a match is, with
  a DFA cache big enough to stay on RE2's fast path; the grouped program is then run anchored at
  that place only, to tell which rule matched (the same match: same alternation, same order).
  A match is a finding `banned:<category>` unless a check (banned_checks) exempts it; after an
  exempt match the search goes on one character later, so every place where a rule matches is
  judged, whatever text came before it.
- Checks read the match and at most `lookbehind` characters before it, never after it; `window`
  is the longest match any rule can make, plus one.
- Hence streams decide as whole texts do: `find_from(text, start)` reports the findings that start
  at or after `start` exactly as `find` on the whole text would, provided `text` holds at least
  `lookbehind` characters before `start` (or all of them) and every match it reports starts at
  least `window` characters before the end of `text`, or `text` is complete (the scanner's job).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from importlib import resources

import yaml

from proxy.config.guard_patterns import any_of as any_of_patterns
from proxy.config.guard_patterns import combined
from proxy.core.patterns import Pattern, compile_linear, max_width
from proxy.guardrails.banned_checks import LOOKBEHIND, PIPE_RULES, RULE_CHECKS, Check, installer_check
from proxy.guardrails.banned_checks import warned_against as _warned_against
from proxy.guardrails.findings import Finding

Rules = Mapping[str, Mapping[str, str]]

# The shipped rules' DFA outgrows RE2's default cache (8 MB) on answers dense with matches and then
# runs on the NFA, ~10x slower per match; 32 MB holds it. Allocated as states are built, not upfront.
_SPAN_MEM = 32 << 20


@functools.cache
def shipped_rules() -> dict[str, dict[str, str]]:
    """The shipped rules, category -> rule name -> pattern (read once per process; do not mutate)."""
    text = (resources.files("proxy.guardrails") / "data" / "banned_output.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    return {str(cat): {str(k): str(v) for k, v in rules.items()} for cat, rules in data.items()}


def _any_exempts(checks: tuple[Check, ...]) -> Check:
    """One check that exempts when any of `checks` does."""
    if len(checks) == 1:
        return checks[0]
    return lambda text, start, end: any(check(text, start, end) for check in checks)


@functools.cache
def shipped_detector(allow_hosts: tuple[str, ...] = ()) -> BannedOutputDetector:
    """The shipped rules' detector for one allow list, built once per process: compiling its two RE2
    programs takes tens of milliseconds, and a policy reload must not pay that on the event loop
    again. Immutable after construction, so every guardrail and thread may share it."""
    return BannedOutputDetector(allow_hosts=allow_hosts)


class BannedOutputDetector:
    """Runnable harmful steps in an answer (see the module docstring). `allow_hosts`: installer
    sources whose pipe-to-shell one-liners pass (a host, or host/path prefix; https only)."""

    __slots__ = ("_checks", "_entities", "_regex", "_spans", "lookbehind", "window")

    def __init__(self, rules: Rules | None = None, *, allow_hosts: Sequence[str] = ()) -> None:
        rules = shipped_rules() if rules is None else rules
        flat = {f"{cat}.{name}": pattern for cat, named in rules.items() for name, pattern in named.items()}
        self._regex: Pattern = compile_linear(combined(flat), ignore_case=True)
        self._spans: Pattern = compile_linear(any_of_patterns(list(flat.values())), ignore_case=True, max_mem=_SPAN_MEM)
        index = self._regex.groupindex
        installer = installer_check(allow_hosts)
        self._entities: dict[int, str] = {}
        self._checks: dict[int, Check] = {}
        for i, rule in enumerate(flat):
            group = index[f"g{i}"]
            self._entities[group] = "banned:" + rule.split(".", 1)[0]
            own = [c for c in (RULE_CHECKS.get(rule), installer if rule in PIPE_RULES else None) if c is not None]
            self._checks[group] = _any_exempts((_warned_against, *own))
        self.window = max((max_width(p) for p in flat.values()), default=0) + 1
        self.lookbehind = LOOKBEHIND

    def find(self, text: str) -> list[Finding]:
        return self.find_from(text, 0)

    def find_from(self, text: str, start: int) -> list[Finding]:
        """The findings starting at or after `start`; the text before it is context only."""
        lo = max(0, start - self.window - 1)  # a match that could reach `start` begins after lo
        data = text[lo:].encode("utf-8", "surrogatepass")
        ascii_only = len(data) == len(text) - lo
        cursor = [0, lo]  # (byte, char) of the last converted offset: conversion walks forward once
        found: list[Finding] = []
        pos, n = 0, len(data)
        while pos < n:
            where = self._spans.search(data, pos)
            if where is None:
                break
            m = self._regex.match(data, where.start())
            b_start, b_end = m.span()
            s = lo + b_start if ascii_only else _char_at(data, b_start, cursor)
            if s >= start:
                e = lo + b_end if ascii_only else s + len(data[b_start:b_end].decode("utf-8", "surrogatepass"))
                group = m.lastindex
                if not self._checks[group](text, s, e):
                    found.append(Finding(self._entities[group], s, e))
                    pos = max(b_end, _next_char(data, b_start))
                    continue
            pos = _next_char(data, b_start)  # exempt or before `start`: judge the next place too
        return found


def _next_char(data: bytes, pos: int) -> int:
    pos += 1
    while pos < len(data) and data[pos] & 0xC0 == 0x80:
        pos += 1
    return pos


def _char_at(data: bytes, byte: int, cursor: list[int]) -> int:
    """The character offset of `byte`, converting from the cursor on (offsets only grow)."""
    if byte > cursor[0]:
        cursor[1] += len(data[cursor[0] : byte].decode("utf-8", "surrogatepass"))
        cursor[0] = byte
    return cursor[1]
