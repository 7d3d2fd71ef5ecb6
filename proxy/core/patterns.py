"""Linear-time regular expressions for every guardrail pattern, built-in or from the policy.

Guarantees: every pattern is compiled by RE2 (google-re2), whose matching time is linear in the
input whatever the pattern, so no rule, operator-written or ours, can be made to backtrack
catastrophically; syntax RE2 refuses (backreferences, lookaround) is reported as `PatternError`
with the reason, so `llm-proxy check` can name the offending rule. RE2 never logs to stderr here.
"""

from __future__ import annotations

import importlib
from typing import Any

import re2

Pattern = Any  # re2._re2._Regexp has no public type; its API is `re`'s (search, finditer, sub).

# A pattern's compiled program may not exceed this; RE2 refuses bigger ones instead of slowing down.
_MAX_PROGRAM_BYTES = 8 << 20


class PatternError(ValueError):
    """A pattern RE2 cannot compile; the message says why."""


def compile_linear(pattern: str, *, ignore_case: bool = False, max_mem: int = _MAX_PROGRAM_BYTES) -> Pattern:
    """Compile `pattern` for linear-time matching; `ignore_case` matches Unicode case-insensitively.
    `max_mem` bounds the program and its DFA cache together (a DFA that fills its cache falls back
    to RE2's slower NFA, still linear): raise it only for a known, trusted program."""
    options = re2.Options()
    options.log_errors = False
    options.max_mem = max_mem
    options.case_sensitive = not ignore_case
    try:
        return re2.compile(pattern, options)
    except re2.error as exc:
        reason = exc.args[0] if exc.args else "invalid pattern"
        if isinstance(reason, bytes):
            reason = reason.decode("utf-8", "replace")
        raise PatternError(str(reason)) from None


# Hold-back for a pattern whose longest match cannot be bounded (e.g. `\s+`): write bounded
# quantifiers (`\s{1,4}`) to keep a stream's hold-back short.
UNBOUNDED_WIDTH = 1024


def max_width(pattern: str) -> int:
    """The longest text `pattern` can match, capped at UNBOUNDED_WIDTH (also when it can't be told)."""
    try:
        # The stdlib's own regex parser computes match widths; RE2 syntax is close enough for that.
        sre_parser: Any = importlib.import_module("re._parser")
        width = sre_parser.parse(pattern).getwidth()[1]
    except Exception:
        return UNBOUNDED_WIDTH
    return min(int(width), UNBOUNDED_WIDTH)
