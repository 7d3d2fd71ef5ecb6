"""Exemption checks for the shipped banned-output rules: when a matched command is not a step to run.

Each check gets the whole text seen so far, the match's character span and the rule's name, and
answers True when the match is exempt. Guarantees:
- A check reads only the match and at most LOOKBEHIND characters before it (never after it), so a
  stream scanner that keeps LOOKBEHIND characters of released text decides exactly as a whole scan.
- Checks run RE2 patterns over bounded slices: the work per match is bounded, the detector stays
  linear in the text.

The exemptions:
- a command that is the object of a warning ("never run `curl ... | sh`", "do not run `rm -rf /`:
  it deletes everything"): a negated run-verb right before it, with at most an opening quote,
  "the command"/"this" or `sudo` between (a warning elsewhere in the sentence covers nothing); a
  warning label right before it ("Warning: `...`", "Don't do this: `...`"); a name for harm
  ("a fork bomb like `...`"); or, within 300 characters after a refusal ("I can't help with
  that."), a sentence whose subject it is ("Running `...` would ...": no imperative between);
- SQL in prose ("the DROP TABLE privilege,": a prose word where the name goes, no `;`, not in
  code), or SQL whose every wiped table, database or schema the same code created before, in a real
  statement (a temporary table, a migration's down step, a self-contained demo);
- a pipe-to-shell from an allow-listed installer (one https URL under a host and path prefix, no
  traversal, certificates checked);
- a "fork bomb" whose function calls something other than itself.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from proxy.core.patterns import compile_linear

LOOKBEHIND = 3000  # how far back a table's CREATE is looked for; only kept, never held back

Check = Callable[[str, int, int], bool]

# A warning whose object is the match itself: "never run `", "do not run the command ", "avoid running '",
# "instead of `", ending right where the match starts (an optional `sudo` may sit between).
_APOSTROPHE = "[\u2019']"  # typeset or plain
_WARNING = compile_linear(
    r"(?:"
    rf"\b(?:never|don{_APOSTROPHE}?t|do\s+not|doesn{_APOSTROPHE}?t|shouldn{_APOSTROPHE}?t|should\s+not|must\s+not"
    rf"|won{_APOSTROPHE}?t|will\s+not)"
    r"(?:\s+(?:ever|just|blindly|simply|even|actually))?\s+"
    r"(?:run|running|use|using|execute|executing|type|typing|paste|pasting|follow|try|copy|enter"
    # "don't follow the forum advice to run `...`": the advice's object is still the match
    r"|(?:follow|take|heed)\s+(?:the|this|that|any)\s+(?:[\w-]{1,20}\s+){0,2}"
    r"(?:advice|suggestion|tip|instructions?)\s+to\s+(?:run|use|type|paste))"
    r"|\bavoid(?:\s+(?:running|using|typing|pasting))?|\binstead\s+of(?:\s+running)?"
    r")(?:\s+(?:the\s+command|this(?:\s+command)?))?\s{0,2}"
    r"""[`"'\x{201c}\x{2018}]?\s{0,2}(?:sudo\s{1,2})?$""",
    ignore_case=True,
)
_WARNING_REACH = 80  # the warning phrase and what may stand between it and the match

# A label that makes the match its object: "Warning: `", "**Danger:** ", "Don't do this: `".
_LABEL = compile_linear(
    r"(?:\b(?:warning|danger|caution|dangerous|destructive|never\s+do\s+this)"
    rf"|\b(?:don{_APOSTROPHE}?t|do\s+not|never)\s+(?:do|try|run)\s+(?:this|that)(?:\s+at\s+home)?)"
    r"""\s{0,2}\*{0,2}\s{0,2}[:!\x{2014}]\s{0,2}\*{0,2}\s{0,2}[`"'\x{201c}\x{2018}]?\s{0,2}$""",
    ignore_case=True,
)
# The match named as an example of harm: "a fork bomb like `", "destructive commands such as `".
_NAMED = compile_linear(
    r"\b(?:fork\s+bomb|malicious|dangerous|destructive|harmful|infamous|notorious)"
    r"(?:\s{1,2}(?:shell\s+)?(?:commands?|one-liners?|payloads?|code|snippets?|examples?))?"
    r"""\s{0,2}(?:like|such\s+as|\(?e\.g\.,?)\s{0,2}[`"'\x{201c}\x{2018}]?\s{0,2}$""",
    ignore_case=True,
)
# A refusal, then the command as the subject of what follows ("Running `X` would ..."): no
# imperative stands between them, the match opens a sentence led by a gerund or "the command".
_REFUSAL = compile_linear(
    rf"\bi\s{{1,2}}(?:can{_APOSTROPHE}?t|cannot|won{_APOSTROPHE}?t|will\s+not|must\s+decline\s+to|am\s+not\s+able\s+to)"
    r"\s{1,2}(?:help|assist|provide|give|share|write|do\s+that|support)"
    rf"|\bi{_APOSTROPHE}?m\s{{1,2}}not\s{{1,2}}(?:going|able)\s{{1,2}}to\b",
    ignore_case=True,
)
_SUBJECT = compile_linear(
    r"""[.!?:]\s{1,4}(?:running|executing|typing|pasting|using|the\s+command|a\s+command\s+like|commands\s+like)"""
    r"""\s{1,2}[`"'\x{201c}\x{2018}]?\s{0,2}(?:sudo\s{1,2})?$""",
    ignore_case=True,
)
_REFUSAL_REACH = 300  # the refusal's sentence and the one that quotes the command

# What a statement wipes: the text after its head, up to where the statement ends.
_SQL_TARGETS = compile_linear(
    r"^(?:drop\s+(?:table|database|schema)|truncate(?:\s+table)?|delete\s+from|dropdb)\s+(?:if\s+exists\s+)?"
    r"(?:only\s+)?(?:-{1,2}[\w-]+(?:[ =][\w.-]+)?\s+)*([^;'\"\n)]*)",
    ignore_case=True,
)
_SQL_IDENT = compile_linear(r"^\s*[`\"\[]?([\w.$-]+)", ignore_case=False)
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

# What may stand before a real CREATE statement on its line: nothing, a prompt, `;`, `(`, a quote.
_STATEMENT_START = compile_linear(r"""(?:^|[;(`"']|[\w-]{1,30}(?:=[#>]|>))\s*$""", ignore_case=False)

_FORK_NAMES = compile_linear(r"(?:function\s+)?([\w:.]+)\s*(?:\(\s*\))?\s*\{\s*([\w:.]+)\s*\|\s*([\w:.]+)\s*&")
_URL = compile_linear(r"(https?)://([^\s'\"|)`]+)", ignore_case=True)
# Anything curl or wget would also fetch: a URL with a scheme, or a bare host (they add `http://`).
_DOWNLOADS = compile_linear(
    r"""(?:^|[\s'"(])(?:[a-z][\w+.-]{0,15}://|\w[\w-]{0,62}(?:\.[\w-]{1,63})+(?::\d{1,5})?(?:/|[\s'"|)]|$))""",
    ignore_case=True,
)
# Certificate checks off: `-k` alone or among short flags (`-fsSLk`), `--insecure`, wget's flag.
_INSECURE = compile_linear(
    r"(?:^|\s)(?:-[a-z]{0,12}k[a-z]{0,12}|--insecure|--proxy-insecure|--no-check-certificate)(?:[\s=]|$)",
    ignore_case=True,
)
# `..` or `.` as a path segment, or any percent-escape (`%2e%2e`, `%2f`) or backslash in the path.
_TRAVERSAL = compile_linear(r"/\.{1,2}(?:/|$)|%|\\", ignore_case=False)


def warned_against(text: str, start: int, end: int) -> bool:
    """The match is the object of a warning: a negated run-verb, a warning label or a name for harm
    ("a fork bomb like") directly before it, or the subject of the sentence right after a refusal."""
    near = text[max(0, start - _WARNING_REACH) : start]
    if any(p.search(near) is not None for p in (_WARNING, _LABEL, _NAMED)):
        return True
    lead = _SUBJECT.search(near)
    if lead is None:
        return False
    # the refusal comes shortly before the sentence that quotes the command
    before = text[max(0, start - _REFUSAL_REACH) : start - len(near) + lead.start() + 1]
    return _REFUSAL.search(before) is not None


def sql_not_destructive(text: str, start: int, end: int) -> bool:
    """Prose ("the DROP TABLE privilege,"), or every name wiped is one the same code created before."""
    names = _sql_targets(text[start:end])
    if not names:
        return False
    if names[0] in _PROSE_WORDS and ";" not in text[start:end] and not _in_code(text, start):
        return True
    if "" in names:  # a list cut off where the pattern stops looking: unseen names are not judged
        return False
    dropping = text[start : start + 4].lower() == "drop"
    return _created_before(text, start, dropping, set(names))


def _sql_targets(statement: str) -> list[str]:
    """The plain names a statement wipes, in order; "" for an empty place in the list."""
    m = _SQL_TARGETS.search(statement)
    if m is None:
        return []
    names = []
    for part in m.group(1).split(","):
        ident = _SQL_IDENT.search(part)
        names.append(_plain_name(ident.group(1)) if ident else "")
    return names


def _created_before(text: str, start: int, dropping: bool, names: set[str]) -> bool:
    """The code holding `start` created every one of `names` in a statement before it: as temporary
    tables, or (for a DROP) not "if not exists" (that one may be the real table). A CREATE in prose,
    in a `--` comment or in an earlier code block does not count."""
    before = text[max(0, start - LOOKBEHIND) : start]
    fence = before.rfind("```")
    code = before[fence + 3 :] if fence >= 0 else before
    for c in _SQL_CREATE.finditer(code):
        temporary, if_not_exists, name = c.group(1), c.group(2), c.group(3) or c.group(6)
        if not name or not (temporary or (dropping and not if_not_exists)):
            continue
        plain = _plain_name(name)
        if plain not in names:
            continue
        line = code[code.rfind("\n", 0, c.start()) + 1 : c.start()]
        if "--" not in line and _STATEMENT_START.search(line) is not None:
            names.discard(plain)
            if not names:
                return True
    return False


def _in_code(text: str, start: int) -> bool:
    """The match opens a line, follows an open backtick or quote on its line, or sits in a fence."""
    before = text[max(0, start - LOOKBEHIND) : start]
    line = before[before.rfind("\n") + 1 :]
    return (
        not line.strip()
        or line.count("`") % 2 == 1
        or line.count('"') % 2 == 1
        or line.endswith("'")
        or before.count("```") % 2 == 1
    )


def _plain_name(name: str) -> str:
    return name.strip('`"[]').rstrip(".").lower()


def calls_another(text: str, start: int, end: int) -> bool:
    """`f(){ g|g& }` is not a fork bomb: the three names must be one."""
    m = _FORK_NAMES.search(text[start:end])
    return m is None or not (m.group(1) == m.group(2) == m.group(3))


def installer_check(allow: Sequence[str]) -> Check | None:
    """A check that exempts a pipe-to-shell from an allow-listed https source (None: no list).

    An entry is a host, or a host and path prefix (`raw.githubusercontent.com/Homebrew/install/`);
    the match must fetch exactly one URL, over https with certificates checked, and it must start
    with an entry (a whole host, a path on a `/` boundary, no `..`, `.` or percent-escapes)."""
    entries = tuple(e.lower().rstrip("/") for e in allow if e.strip())
    if not entries:
        return None

    def allowed(text: str, start: int, end: int) -> bool:
        span = text[start:end]
        url = _URL.search(span)
        if url is None or url.group(1).lower() != "https" or _INSECURE.search(span):
            return False
        if sum(1 for _ in _DOWNLOADS.finditer(span)) != 1:  # one download: the allow-listed one
            return False
        where = url.group(2).lower()
        if _TRAVERSAL.search(where):
            return False
        return any(where == e or where.startswith(e + "/") for e in entries)

    return allowed


# Which rules have their own check (beyond the warning check every shipped rule gets).
RULE_CHECKS: dict[str, Check] = {
    "db_wipe.sql_drop": sql_not_destructive,
    "db_wipe.sql_truncate": sql_not_destructive,
    "db_wipe.sql_delete_all": sql_not_destructive,
    "db_wipe.dropdb": sql_not_destructive,
    "fork_bomb.shell": calls_another,
}
PIPE_RULES = ("pipe_to_shell.fetch_pipe", "pipe_to_shell.ps_pipe", "pipe_to_shell.subshell")
