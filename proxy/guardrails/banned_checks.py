"""Exemption checks for the shipped banned-output rules: when a matched command is not a step to run.

Each check gets the whole text seen so far, the match's character span and the rule's name, and
answers True when the match is exempt. Guarantees:
- A check reads only the match and at most LOOKBEHIND characters before it (never after it), so a
  stream scanner that keeps LOOKBEHIND characters of released text decides exactly as a whole scan.
- Checks run RE2 patterns over bounded slices: the work per match is bounded, the detector stays
  linear in the text.

The exemptions:
- a command quoted in a sentence that warns against it ("never run `curl ... | sh`", "please don't
  follow the advice to run `sudo rm -rf /`"): a negated run-verb earlier in the same clause;
- SQL that names no table ("the DROP TABLE statement"), or wipes a table, database or schema the
  same answer created before (a temporary table, a migration's down step, a self-contained demo);
- a pipe-to-shell from an allow-listed installer (https, host and path prefix, no `-k`);
- a "fork bomb" whose function calls something other than itself.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from proxy.core.patterns import compile_linear

LOOKBEHIND = 3000  # how far back a table's CREATE is looked for; only kept, never held back
_CLAUSE = 160  # how far back a warning is looked for, within the match's clause

Check = Callable[[str, int, int], bool]

# A negated run-verb: "never run", "don't follow", "do not paste", "avoid", "instead of".
_APOSTROPHE = "[\u2019']"  # typeset or plain
_WARNING = compile_linear(
    rf"\b(?:never|don{_APOSTROPHE}?t|do\s+not|doesn{_APOSTROPHE}?t|shouldn{_APOSTROPHE}?t|should\s+not|must\s+not"
    rf"|won{_APOSTROPHE}?t|will\s+not)"
    r"(?:\s+(?:ever|just|blindly|simply|even|actually))?\s+"
    r"(?:run|running|use|using|execute|executing|type|typing|paste|pasting|follow|try|copy|enter)\b"
    r"|\bavoid(?:\s+(?:running|using|typing|pasting))?\s{0,2}[`\"']|\binstead\s+of\s+(?:running\s+)?[`\"']",
    ignore_case=True,
)
_CLAUSE_BREAK = compile_linear(r"[.!?;,:]\s|\n|```", ignore_case=False)

_SQL_NAME = compile_linear(
    r"(?:table|database|schema|from|dropdb)\s+(?:if\s+exists\s+)?(?:-{1,2}[\w-]+(?:[ =][\w.-]+)?\s+)*"
    r"[`\"\[]?([\w.$]+)",
    ignore_case=True,
)
_SQL_CREATE = compile_linear(
    r"\bcreate\s+(?:or\s+replace\s+)?(?:(?:global|local)\s+)?((?:temp|temporary)\s+)?(?:unlogged\s+)?"
    r"(?:table|database|schema)\s+(if\s+not\s+exists\s+)?[`\"\[]?([\w.$]+)|\bcreatedb\s+(?:-{1,2}[\w-]+\s+)*()()([\w-]+)",
    ignore_case=True,
)
# Words that follow "DROP TABLE" in prose, never as a table's name.
_PROSE_WORDS = frozenset(
    " ".join(
        (
            "statement statements command commands syntax clause keyword keywords privilege privileges",
            "permission permissions operation operations query queries utility tool and or the a an is are",
            "was on in to with without will can would which that this it removes deletes drops wipes",
        )
    ).split()
)

_FORK_NAMES = compile_linear(r"(?:function\s+)?([\w:.]+)\s*(?:\(\s*\))?\s*\{\s*([\w:.]+)\s*\|\s*([\w:.]+)\s*&")
_URL = compile_linear(r"(https?)://([^\s'\"|)`]+)", ignore_case=True)
_INSECURE = compile_linear(r"\s(?:-k|--insecure)\b|\s-[a-z]*k[a-z]*\s", ignore_case=False)


def warned_against(text: str, start: int, end: int) -> bool:
    """The match sits in a clause that tells the reader not to run it."""
    before = text[max(0, start - _CLAUSE) : start]
    breaks = [m.end() for m in _CLAUSE_BREAK.finditer(before)]
    clause = before[breaks[-1] :] if breaks else before
    return _WARNING.search(clause) is not None


def sql_not_destructive(text: str, start: int, end: int) -> bool:
    """No table is named (prose), or the answer itself created what it wipes, earlier on."""
    m = _SQL_NAME.search(text[start:end])
    if m is None:
        return True
    name = _plain_name(m.group(1))
    if name in _PROSE_WORDS:
        return True
    dropping = text[start : start + 4].lower() == "drop" or text[start : start + 6].lower() == "dropdb"
    for c in _SQL_CREATE.finditer(text[max(0, start - LOOKBEHIND) : start]):
        temporary, if_not_exists, created = c.group(1), c.group(2), c.group(3) or c.group(6)
        if created and _plain_name(created) == name and (temporary or (dropping and not if_not_exists)):
            return True
    return False


def _plain_name(name: str) -> str:
    return name.strip('`"[]').rstrip(".").lower()


def calls_another(text: str, start: int, end: int) -> bool:
    """`f(){ g|g& }` is not a fork bomb: the three names must be one."""
    m = _FORK_NAMES.search(text[start:end])
    return m is None or not (m.group(1) == m.group(2) == m.group(3))


def installer_check(allow: Sequence[str]) -> Check | None:
    """A check that exempts a pipe-to-shell from an allow-listed https source (None: no list).

    An entry is a host, or a host and path prefix (`raw.githubusercontent.com/Homebrew/install/`);
    the first URL in the match must start with it (a whole host, a path on a `/` boundary)."""
    entries = tuple(e.lower().rstrip("/") for e in allow if e.strip())
    if not entries:
        return None

    def allowed(text: str, start: int, end: int) -> bool:
        span = text[start:end]
        url = _URL.search(span)
        if url is None or url.group(1).lower() != "https" or _INSECURE.search(span):
            return False
        where = url.group(2).lower()
        return any(where == e or where.startswith(e + "/") for e in entries)

    return allowed


def any_of(checks: Sequence[Check]) -> Check | None:
    """One check that exempts when any of `checks` does (None when there are none)."""
    if not checks:
        return None
    if len(checks) == 1:
        return checks[0]
    return lambda text, start, end: any(check(text, start, end) for check in checks)


# Which rules have their own check (beyond the warning check every shipped rule gets).
RULE_CHECKS: dict[str, Check] = {
    "db_wipe.sql_drop": sql_not_destructive,
    "db_wipe.sql_truncate": sql_not_destructive,
    "db_wipe.sql_delete_all": sql_not_destructive,
    "db_wipe.dropdb": sql_not_destructive,
    "fork_bomb.shell": calls_another,
}
PIPE_RULES = ("pipe_to_shell.fetch_pipe", "pipe_to_shell.ps_pipe", "pipe_to_shell.subshell")
