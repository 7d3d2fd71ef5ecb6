"""PII and secrets detector for the input and output guardrails.

Guarantees:
- One RE2 pass (linear time) over the text finds candidates of every configured entity; cheap Python
  checks (Luhn and issuer table, mod 97 and country lengths, SSN rules, `ipaddress`, context words on
  either side, see pii_context) then accept or drop each. With `reserved_values="allow"` (the
  default) values that cannot reach anyone are dropped too (pii_reserved: reserved domains,
  unroutable and documentation addresses, 555-01xx numbers, placeholder credentials), and nothing
  else is looked for inside them but credentials (`ops+<key>@example.com` holds a key). Work is
  linear in the text: every check reads a bounded neighbourhood, and a dropped candidate's run
  (digits, dots, colons) is skipped whole.
- Findings are sorted, never overlap, and are of configured entities only. Where candidates start
  at the same place, the alternation order below decides (credentials, then emails, then numbers); a
  dropped candidate gets one cheap second look for another entity's candidate inside its span.
- Findings never include the quotes or `=`/`:` around a value, so a redacted JSON document stays JSON.
- `window` is what a stream scanner must hold back so that streaming finds what scanning the whole
  text finds: per entity, the longest stretch from a finding's start that decides it (the match,
  plus what the check reads after it), plus 1:

  entity          window  decided by
  email              189  local 64 + `@` + domain 120, + 3 (a domain may still grow: `.co` -> `.co.uk`)
  phone               82  longest international candidate with an extension (79) + 2 (`-5` after it);
                          covers 11 bare digits + a context word up to 20 after them (15) + 2
  credit_card         58  a run of up to 28 digits with separators (55) + 2
  ssn                 46  9 digits + a context word starting up to 20 after them (15) + 2
  iban                45  4 + 7 groups of 4 + a partial group (43) + 1
  ip_address          79  longest IPv6 candidate (76) + 2 (`.5` after an IPv4 tail)
  openai_key          55  `sk-svcacct-` + 40 + `...`: a key cut short by an ellipsis is a display; it then grows
  anthropic_key       28  `sk-ant-` + 20
  aws_access_key      22  20 + 1 (word boundary)
  github_token        95  `github_pat_` + 82 + 1
  jwt                306  header (<= 256) + `.` + 48 characters of the payload (the jwt.io sample claims)
  private_key        133  the longest `-----BEGIN ... PRIVATE KEY-----` header (60) + 72 bytes of its
                          body (a placeholder body: `...`, `<key>`, `MIIE...`); the body then grows

- `lookbehind` is how far before a finding a check may read: a bare 9-digit SSN or 10-digit phone
  number may need its context word (up to 46 / 36 characters back); others only look back to reject
  (`version 1.2.3.4`, `1.85.2 (1.85.2.0)`, `Order 415-867-5309`) or to confirm (`server at 1.2.3.4`),
  up to 40 back. A scanner that drops released text loses that context: it may then flag such near
  misses, and misses a bare SSN whose context word it already released.

Decisions: `git@github.com:org/repo.git` is an SSH remote, not an email (an address followed by `:`
and a path); a credential before `@` is a credential, not an email; plain 10-digit numbers are
phones only next to a phone word (`call me at 4155552671`), never alone; `123-45-6789` and other
published numbers are not SSNs; a JWT needs its header and 10 characters of its payload, not its
signature (a streamed token must be held before the signature arrives), so a two-segment token is
reported too; a PEM header without a matching END line is reported with the key material after it
(at most 16 KB), not alone.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from proxy.config.guardrails import PII_ENTITIES, ReservedValues
from proxy.core.patterns import Pattern, compile_linear
from proxy.guardrails import pii_checks as checks
from proxy.guardrails import pii_context as context
from proxy.guardrails.findings import Finding
from proxy.guardrails.pii_reserved import JWT_PAYLOAD_HEAD, PEM_BODY_HEAD, RESERVED, Reserved

# The entities a policy may name (config) are exactly the ones detected here, in this order.
ENTITIES: tuple[str, ...] = PII_ENTITIES
SECRET_ENTITIES: frozenset[str] = frozenset(ENTITIES[ENTITIES.index("openai_key") :])
PLACEHOLDER_NAMES: dict[str, str] = {
    "email": "EMAIL",
    "phone": "PHONE",
    "credit_card": "CARD",
    "ssn": "SSN",
    "iban": "IBAN",
    "ip_address": "IP",
    "openai_key": "OPENAI_KEY",
    "anthropic_key": "ANTHROPIC_KEY",
    "aws_access_key": "AWS_KEY",
    "github_token": "GITHUB_TOKEN",
    "jwt": "JWT",
    "private_key": "PRIVATE_KEY",
}

_WINDOWS: dict[str, int] = {
    "email": 189,
    "phone": 82,
    "credit_card": 58,
    "ssn": 9 + context.SSN_AFTER + context.CONTEXT_WORD + 2,
    "iban": 45,
    "ip_address": 79,
    "openai_key": 11 + checks.TRUNCATED_KEY + 3 + 1,
    "anthropic_key": 28,
    "aws_access_key": 22,
    "github_token": 95,
    "jwt": 256 + 1 + JWT_PAYLOAD_HEAD + 1,
    "private_key": 60 + PEM_BODY_HEAD + 1,
}
_LOOKBEHIND: dict[str, int] = dict.fromkeys(ENTITIES, 2) | {
    "ssn": context.SSN_BEFORE + context.CONTEXT_WORD + 1,  # + 1: the word boundary before the word
    "phone": context.PHONE_BEFORE + context.CONTEXT_WORD + 1,
    "ip_address": max(context.VERSION_BEFORE + context.CONTEXT_WORD, context.NEIGHBOUR_BEFORE) + 1,
    "private_key": 0,
}

Check = Callable[[bytes, int, int], checks.Span | None]
Skip = Callable[[bytes, int], int]

_EXT = r"(?: ?(?i:x|ext\.?) ?[0-9]{1,6})?"  # a phone extension: `x123`, ` ext. 45`
_NANP_CODE = r"(?:(?:\+|\b00)1[ .-]?|\b1[ .-])"  # `+1 `, `001-` (international prefix), `1-`
_H = "[0-9A-Fa-f]{1,4}"
_V4 = r"[0-9]{1,3}(?:\.[0-9]{1,3}){3}"
_V6_LEFT = f"{_H}(?::{_H}){{0,6}}"
_V6_RIGHT = f"(?:(?:{_H}:){{0,5}}{_V4}|{_H}(?::{_H}){{0,6}})"


@dataclass(frozen=True, slots=True)
class _Kind:
    """One alternative of the combined pattern: a shape of one entity and the check that judges it."""

    group: str
    entity: str
    pattern: str
    check: Check
    skip: Skip | None = None  # where to resume after a rejected candidate (past its whole run)
    hides: bool = True  # a rejected candidate may hold another entity's (not so for a bare digit word)


def _exact(data: bytes, s: int, e: int) -> checks.Span:
    """The pattern says it all (fixed prefixes and lengths, word-bounded)."""
    return s, e


# Alternation order decides between candidates starting at the same place: credentials first, so a
# token in URL user info (`https://ghp_...@github.com`) is a token, not an email.
_KINDS: tuple[_Kind, ...] = (
    _Kind(
        "private_key",
        "private_key",
        "-----BEGIN (?:[A-Z0-9]{1,12} ){0,2}PRIVATE KEY(?: BLOCK)?-----",
        checks.check_private_key,
    ),
    _Kind("jwt", "jwt", r"\beyJ[A-Za-z0-9_-]{7,253}\.eyJ[A-Za-z0-9_-]{7}", checks.check_jwt),
    _Kind("anthropic_key", "anthropic_key", r"\bsk-ant-[A-Za-z0-9_-]{20}", checks.check_anthropic_key),
    _Kind("openai_key", "openai_key", r"\bsk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20}", checks.check_openai_key),
    _Kind(
        "github_token",
        "github_token",
        r"\b(?:gh[pousr]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9_]{82})\b",
        _exact,
    ),
    _Kind(
        "aws_access_key",
        "aws_access_key",
        r"\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA|ABIA|ACCA)[A-Z0-9]{16}\b",
        _exact,
    ),
    _Kind(
        "email",
        "email",
        r"[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9][A-Za-z0-9.-]{0,118}\.[A-Za-z]{2,24}\b",
        checks.check_email,
    ),
    _Kind(
        "iban",
        "iban",
        r"\b[A-Z]{2}[0-9]{2}(?:[A-Z0-9]{11,30}|(?: [A-Z0-9]{4}){2,7}(?: [A-Z0-9]{1,3})?)\b",
        checks.check_iban,
    ),
    _Kind(
        "ipv6",
        "ip_address",
        f"(?:{_H}:){{7}}{_H}|(?:{_H}:){{6}}{_V4}|{_V6_LEFT}::{_V6_RIGHT}?|::{_V6_RIGHT}",
        checks.check_ipv6,
        checks.skip_hex_run,
    ),
    _Kind("ipv4", "ip_address", rf"\b{_V4}\b", checks.check_ipv4, checks.skip_dotted_run),
    _Kind(
        "phone_nanp",
        "phone",
        rf"{_NANP_CODE}?(?:\([2-9][0-9]{{2}}\) ?|\b[2-9][0-9]{{2}}[ .-])[2-9][0-9]{{2}}[ .-][0-9]{{4}}{_EXT}\b",
        checks.check_nanp,
    ),
    _Kind(
        "phone_intl",
        "phone",
        rf"(?:\+|\b00)[1-9][0-9]{{0,2}}(?:[ .-]?\([0-9]{{1,4}}\))?(?:[ .-]?[0-9]{{1,10}}){{1,5}}{_EXT}\b",
        checks.check_phone_intl,
    ),
    _Kind("phone_bare", "phone", r"\b1?[2-9][0-9]{2}[2-9][0-9]{6}\b", checks.check_bare_phone, hides=False),
    _Kind("ssn", "ssn", r"\b[0-9]{3}(?:-[0-9]{2}-| [0-9]{2} )[0-9]{4}\b", checks.check_ssn),
    _Kind("ssn_bare", "ssn", r"\b[0-9]{9}\b", checks.check_bare_ssn, hides=False),
    _Kind("credit_card", "credit_card", r"\b[0-9](?:[ -]?[0-9]){12,27}\b", checks.check_card, checks.skip_card_run),
)

Hit = tuple[str, int, int]  # entity, start byte, end byte


class _Alternation:
    """Some kinds compiled as one RE2 alternation, each in its own named group."""

    __slots__ = ("by_index", "regex")

    def __init__(self, kinds: list[_Kind]) -> None:
        self.regex: Pattern = compile_linear("|".join(f"(?P<{k.group}>{k.pattern})" for k in kinds))
        by_name = {k.group: k for k in kinds}
        self.by_index: dict[int, _Kind] = {i: by_name[name] for name, i in self.regex.groupindex.items()}


class PiiDetector:
    """Finds personal data and credentials (see the module docstring for the rules and guarantees).

    `find` is pure and thread-safe: all state is built in `__init__` and never changes.
    """

    __slots__ = ("_entities", "_lookbehind", "_main", "_others", "_reserved", "_secrets", "_window")

    def __init__(self, entities: Iterable[str] = ENTITIES, *, reserved_values: ReservedValues = "allow") -> None:
        """Detect `entities` (a subset of ENTITIES); ValueError names any unknown one. Reserved and
        documentation values (pii_reserved) are left alone with `allow`, reported with `detect`."""
        if isinstance(entities, str):
            entities = (entities,)
        wanted = frozenset(entities)
        unknown = sorted(wanted.difference(ENTITIES))
        if unknown:
            raise ValueError(f"unknown PII entity {', '.join(map(repr, unknown))}; known: {', '.join(ENTITIES)}")
        self._entities = tuple(e for e in ENTITIES if e in wanted)
        self._reserved: dict[str, Reserved] = RESERVED if reserved_values == "allow" else {}
        kinds = [k for k in _KINDS if k.entity in wanted]
        self._main = _Alternation(kinds) if kinds else None
        secrets = [k for k in kinds if k.entity in SECRET_ENTITIES]
        self._secrets = _Alternation(secrets) if secrets and "email" in wanted and self._reserved else None
        # For each kind, the others: a dropped candidate may hide another entity's candidate.
        self._others = {k.group: _Alternation(rest) for k in kinds if (rest := [o for o in kinds if o is not k])}
        self._window = max((_WINDOWS[e] for e in self._entities), default=0)
        self._lookbehind = max((_LOOKBEHIND[e] for e in self._entities), default=0)

    @property
    def entities(self) -> tuple[str, ...]:
        """The configured entities, in ENTITIES order."""
        return self._entities

    @property
    def window(self) -> int:
        """Characters a stream scanner must hold back (0 when no entity is configured)."""
        return self._window

    @property
    def lookbehind(self) -> int:
        """Characters before a finding that its checks may read (see the module docstring)."""
        return self._lookbehind

    def find(self, text: str) -> list[Finding]:
        """Every configured entity in `text`, sorted by start, non-overlapping, as character offsets."""
        if self._main is None or not text:
            return []
        data = text.encode("utf-8", "surrogatepass")
        hits = self._scan(self._main, data)
        if len(data) == len(text):
            return [Finding(entity, s, e) for entity, s, e in hits]
        return _char_offsets(data, hits)

    def _scan(self, main: _Alternation, data: bytes) -> list[Hit]:
        hits: list[Hit] = []
        pos, n = 0, len(data)
        while pos < n:
            m = main.regex.search(data, pos)
            if m is None:
                break
            kind = main.by_index[m.lastindex]
            s, e = m.span()
            span = kind.check(data, s, e)
            if span is not None and self._is_reserved(kind.entity, data, span):
                # A decided value, only a harmless one: nothing else hides in it but key material
                # (`ops+<key>@example.com`: a reserved domain never hides a credential).
                secret = self._secret_in(data, s, span[1]) if kind.entity == "email" else None
                if secret is not None:
                    hits.append(secret)
                pos = span[1] if secret is None else secret[2]
                continue
            if span is None:
                hit = self._second_look(kind, data, s, e)
                if hit is None:
                    pos = kind.skip(data, e) if kind.skip is not None else e
                    continue
            else:
                gap = self._second_look(kind, data, s, span[0]) if span[0] > s else None
                if gap is not None and gap[2] <= span[0]:
                    hits.append(gap)  # e.g. a phone number before a card in the same digit run
                hit = (kind.entity, span[0], span[1])
            hits.append(hit)
            pos = hit[2]
        return hits

    def _second_look(self, kind: _Kind, data: bytes, s: int, e: int) -> Hit | None:
        """The first valid candidate of another kind starting in [s, e), or None."""
        others = self._others.get(kind.group) if kind.hides else None
        if others is None:
            return None
        m = others.regex.search(data, s, e)
        if m is None:
            return None
        if m.end() == e and e < len(data):
            m = others.regex.match(data, m.start()) or m  # `e` may have cut it short: let it run on
        other = others.by_index[m.lastindex]
        span = other.check(data, m.start(), m.end())
        if span is None or self._is_reserved(other.entity, data, span):
            return None
        return other.entity, span[0], span[1]

    def _secret_in(self, data: bytes, s: int, e: int) -> Hit | None:
        """The first valid, non-placeholder credential in [s, e) (a reserved email's span), or None."""
        if self._secrets is None:
            return None
        for m in self._secrets.regex.finditer(data, s, e):
            kind = self._secrets.by_index[m.lastindex]
            span = kind.check(data, m.start(), m.end())
            if span is not None and not self._is_reserved(kind.entity, data, span):
                return kind.entity, span[0], span[1]
        return None

    def _is_reserved(self, entity: str, data: bytes, span: checks.Span) -> bool:
        test = self._reserved.get(entity)
        return test is not None and test(data[span[0] : span[1]])


def _char_offsets(data: bytes, hits: list[Hit]) -> list[Finding]:
    """Byte offsets to character offsets for non-ASCII text, walking the hits in order (linear)."""
    findings: list[Finding] = []
    byte_pos = char_pos = 0
    for entity, s, e in hits:
        char_pos += len(data[byte_pos:s].decode("utf-8", "surrogatepass"))
        start = char_pos
        char_pos += e - s  # findings cover ASCII bytes only
        byte_pos = e
        findings.append(Finding(entity, start, char_pos))
    return findings
