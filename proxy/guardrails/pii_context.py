"""Context words around a PII candidate: what turns bare digits into an SSN or a phone number, what
turns a dotted quad into a version string; and the date shapes that are never phone numbers.

Guarantees: each test reads a bounded neighbourhood of the candidate (at most `*_BEFORE` bytes
before its start and `*_AFTER` bytes after its end, plus one byte either side for a word boundary),
so the detector stays linear and a stream scanner whose window and lookbehind cover those reaches
decides exactly as a scan of the whole text. Between a phone number and its context word, and between
an SSN and a context word after it, only linking words may stand (`call me at`, `as my`, `which is my`),
never a digit or another noun: `call me about order 4155552671` is not a phone number.
"""

from __future__ import annotations

from proxy.core.patterns import Pattern, compile_linear

CONTEXT_WORD = 15  # longest context word ("social security", "telephone")
SSN_BEFORE = 30  # a context word may end this far before a bare 9-digit SSN
SSN_AFTER = 20  # ... or start this far after it ("287654321 as my SSN")
PHONE_BEFORE = 20  # a bare 10-digit NANP number needs a phone word this close before it
PHONE_AFTER = 20  # ... or after it ("4155552671 is my cell")
VERSION_BEFORE = 24  # a version word this close before a dotted quad makes it a version
VERSION_AFTER_WORD = 8  # longest version word after a dotted quad ("released")
ID_BEFORE = 12  # an identifier word this close before a formatted number makes it a reference

_SSN_WORDS = compile_linear(r"\b(?i:ssn|social|soc\.? ?sec|ss#|taxpayer)")
_PHONE_WORDS = compile_linear(
    r"\b(?i:(?:tele)?phone|ph|tel|cell|cellphone|mobile|mob|call|calls|calling|text|texts|sms|whats ?app|fax"
    r"|dial|ring|reach (?:me|us)|contact|my (?:new )?number)\b"
)
# A version word may end an identifier (`AssemblyVersion`, `__version__`, `<Version>`), so only its
# end is bounded (by a non-word character or `_`); short words must stand alone.
_VERSION_WORDS = compile_linear(
    r"(?i:\bv|\bver|version|versions|\bbuild|\brelease|\brel|firmware|\bfw|\bpatch|\bsdk|kernel|\bbios"
    r"|\bdriver|\bupdate|\bupdated|upgrade|upgraded|downgrade|downgraded|\bbump|\bbumped"
    # products whose versions are dotted quads, and numbering schemes that are not addresses
    r"|\bchrome|\bchromium|\bfirefox|\bsafari|\bedge|\bopera|\bios|\bipados|\bmacos|\bos ?x|\bandroid"
    r"|\bwindows|\bubuntu|\bdebian|\blinux|\bopenssl|\bopenssh|\bnode\.?js|\bpython|\bjava|\bjdk|\bjre"
    r"|\bphp|\bruby|\bperl|\bgcc|\bclang|\bnginx|\bapache|\bpostgres(?:ql)?|\bmysql|\bdocker|\bnpm"
    r"|\bdotnet|\bxcode|\boid|\bsnmp|\bmib)(?:\b|_)"
)
# Words before an address that make it one whatever version signal follows (`server at 1.2.3.4 (version 2)`).
_NETWORK_WORDS = compile_linear(
    r"(?i:\b(?:ssh|ping|traceroute|telnet|host|hostname|server|ip|ipv4|address|addr|connect|connecting"
    r"|connected|gateway|dns|nameserver|proxy|router|endpoint|remote|peer|upstream|listen|listening|bind"
    r"|firewall|allowlist|blocklist|whitelist|blacklist)\b)"
)
# Words before a formatted number that make it a reference, not a phone (`Order 415-867-5309`).
_ID_WORDS = compile_linear(
    r"(?i:\b(?:order|invoice|ticket|tracking|ref|case|po|sku|serial|part|model|item|confirmation"
    r"|booking|reservation|transaction|txn|receipt|build|batch|lot)\b)"
)
_ID_FILLER = frozenset(b"number no num nr id is was".split())
# Quantity words and units right next to a bare number: a count or an amount, not an SSN.
_QUANTITY_AFTER = compile_linear(
    r"(?i:(?:bytes|kb|mb|gb|rows|records|lines|users|views|downloads|visits|hits|items|entries|requests"
    r"|tokens|people|residents|times|usd|eur|gbp|dollars|euros)\b)"
)
_QUANTITY_BEFORE = compile_linear(
    r"(?i:\b(?:population|usd|eur|gbp|total|count|size|views|downloads|rows|records|revenue)[ :=]{0,3}$)"
)
NEIGHBOUR_BEFORE = 32  # a non-address dotted number this close before a dotted quad makes it a version
# A dotted number (not itself a quad) right before, with only brackets or a `to`/`from`/`and` between.
_DOTTED_NEIGHBOUR = compile_linear(
    r"(?:^|[^0-9.])([0-9]+(?:\.[0-9]+)+)[ (\[,]{0,3}(?:(?i:to|from|and|or|vs|->)[ (\[,]{0,3})?$"
)
# Words that may stand between a version word and the version (`version is 1.2.3.4`, `bumped to`).
_VERSION_FILLER = frozenset((b"is", b"was", b"to", b"from", b"now", b"no", b"number", b"of"))
# Words right after a dotted quad that make it a version (`5.2.1.3 released`, `1.2.3.4 (beta)`).
_VERSION_AFTER = compile_linear(r"(?i:release|released|build|beta|alpha|rc|version|update|patch)\b")
_PINS = (b"==", b">=", b"<=", b"~=", b"!=", b"^", b"~")  # package pins: `foo==1.2.3.4`, `^1.2.3.4`
# What may stand between a number and its context word: pronouns, prepositions, articles, verbs of being.
_LINKING = frozenset(
    b"me us him her them at on in is are was be being as my our his their your its it's that that's which "
    b"to or and the a new old home work office line personal direct directly anytime back for here number no num nr"
    b"".split()
)
_PUNCT = b"\"'`:=#()<>[]{},;._-/|*"
_DOT = 46
_LETTERS = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")


def _linking_only(gap: bytes) -> bool:
    return all(word.lower() in _LINKING for word in gap.translate(None, _PUNCT).split())


def _context(words: Pattern, data: bytes, s: int, e: int, *, before: int, after: int, linked: bool) -> bool:
    """A context word ending at most `before` bytes before `s` (`linked`: with only linking words
    between), or starting at most `after` bytes after `e` with only linking words between. One
    search over the neighbourhood: context words hold no digit, so none overlaps the number."""
    lo = max(0, s - before - CONTEXT_WORD)
    for m in words.finditer(data, lo, min(len(data), e + after + CONTEXT_WORD)):
        if m.start() >= e:  # the nearest word after the number decides
            return m.start() <= e + after and _linking_only(data[e : m.start()])
        if m.end() >= s - before and (not linked or _linking_only(data[m.end() : s])):
            return True
    return False


def ssn_context(data: bytes, s: int, e: int) -> bool:
    """`ssn`, `social security`, `SS#`, `taxpayer` ... shortly before the number (whatever stands
    between), or right after it (`287654321 as my SSN`)."""
    return _context(_SSN_WORDS, data, s, e, before=SSN_BEFORE, after=SSN_AFTER, linked=False)


def phone_context(data: bytes, s: int, e: int) -> bool:
    """`phone`, `call`, `cell`, `mobile`, `tel`, `text`, `reach me`, `my number` ... next to the number."""
    return _context(_PHONE_WORDS, data, s, e, before=PHONE_BEFORE, after=PHONE_AFTER, linked=True)


def version_context(data: bytes, s: int, e: int) -> bool:
    """A dotted quad at [s, e) reads as a version: after a version word (`v`, `version`, `build`,
    `release`, `firmware`, `AssemblyVersion(`, ... with only punctuation and filler words between),
    after a product token (`Chrome/120.0.0.0`), a package pin (`==1.2.3.4`) or a dotted name
    (`libfoo.so.1.2.3.4`), or followed by a pre-release or build suffix (`1.2.3.4-beta`, `+build.5`)
    or a version word (`5.2.1.3 released`)."""
    before = data[max(0, s - 2) : s]
    if len(before) == 2 and before[1] in b"/.-_" and before[0] in _LETTERS:
        return True  # `Chrome/120.0.0.0`, `libfoo.so.1.2.3.4`, `app-1.2.3.4.tar.gz`, `setup_2.1.0.3`
    if before.endswith(_PINS):
        return True
    if e + 1 < len(data) and data[e] in b"-+" and data[e + 1] in _LETTERS:
        return True
    if e + 1 < len(data) and data[e] == _DOT and 97 <= data[e + 1] <= 122:
        return True  # a file extension (`1.2.3.4.tar.gz`, `2.1.0.3.exe`)
    if _network_word_before(data, s):
        return False
    return _version_word_after(data, e) or _version_word_before(data, s) or _dotted_neighbour(data, s)


def _network_word_before(data: bytes, s: int) -> bool:
    """`ssh`, `server at`, `connect to`, `host`, `gateway` ... shortly before, only linking words between."""
    last = None
    for m in _NETWORK_WORDS.finditer(data, max(0, s - VERSION_BEFORE - CONTEXT_WORD), s):
        last = m
    return last is not None and last.end() >= s - VERSION_BEFORE and _linking_only(data[last.end() : s])


def _dotted_neighbour(data: bytes, s: int) -> bool:
    """A dotted number that is not a dotted quad right before (`1.85.2 (1.85.2.0)`, `1.3.6 and 2.5.4.3`)."""
    m = _DOTTED_NEIGHBOUR.search(data[max(0, s - NEIGHBOUR_BEFORE) : s])
    return m is not None and m.group(1).count(b".") != 3


def reference_before(data: bytes, s: int) -> bool:
    """An identifier word (`order`, `invoice`, `ticket`, `case ID`, `PO`, `SKU` ...) right before the
    number, with only `#`, `:`, `number`, `no` ... between: a reference, not a phone number."""
    last = None
    for m in _ID_WORDS.finditer(data, max(0, s - ID_BEFORE - CONTEXT_WORD), s):
        last = m
    if last is None or last.end() < s - ID_BEFORE:
        return False
    gap = data[last.end() : s].translate(None, _PUNCT).split()
    return all(word.lower() in _ID_FILLER for word in gap)


def quantity_next_to(data: bytes, s: int, e: int) -> bool:
    """A unit or quantity word right after the number (`287654321 rows`) or right before it
    (`population 287654321`): a count or an amount."""
    after = _QUANTITY_AFTER.match(data[e : e + 1 + CONTEXT_WORD].lstrip(b" "))
    return after is not None or _QUANTITY_BEFORE.search(data[max(0, s - CONTEXT_WORD - 3) : s]) is not None


def _version_word_before(data: bytes, s: int) -> bool:
    last = None
    for m in _VERSION_WORDS.finditer(data, max(0, s - VERSION_BEFORE), s):
        last = m
    if last is None:
        return False
    # Filler words, and numbers (`from 2.3.1.0 to`: the version this one replaces) may stand between.
    gap = data[last.end() : s].translate(None, _PUNCT).split()
    return all(word.lower() in _VERSION_FILLER or word.isdigit() for word in gap)


def _version_word_after(data: bytes, e: int) -> bool:
    """A version word after at most two bytes of spaces and brackets (`1.2.3.4 (beta)`)."""
    m = _VERSION_AFTER.search(data, e, min(len(data), e + 2 + VERSION_AFTER_WORD))
    return m is not None and not data[e : m.start()].strip(b" ([")


def _date_ok(year: bytes, month: bytes, day: bytes) -> bool:
    return 1900 <= int(year) <= 2099 and 1 <= int(month) <= 12 and 1 <= int(day) <= 31


def date_shape(value: bytes) -> bool:
    """A calendar date: `YYYY-MM-DD`, `DD.MM.YYYY`, `MM/DD/YYYY` (one separator throughout) or
    `YYYYMMDD`, with a year 1900-2099 and a valid month and day."""
    digits = value.translate(None, b"-./ ")
    if not 6 <= len(digits) <= 8 or not digits.isdigit():
        return False
    if value.isdigit():  # `YYYYMMDD`; `1 415 55` is 8 bytes too, but no date without a separator
        return len(value) == 8 and _date_ok(value[:4], value[4:6], value[6:])
    sep = next((c for c in b"-./ " if c in value), None)
    parts = value.split(bytes([sep])) if sep is not None else []
    if len(parts) != 3 or not all(p.isdigit() for p in parts):
        return False
    if len(parts[0]) == 4 and len(parts[1]) <= 2 and len(parts[2]) <= 2:
        return _date_ok(*parts)
    if len(parts[2]) == 4 and len(parts[0]) <= 2 and len(parts[1]) <= 2:
        return _date_ok(parts[2], parts[1], parts[0]) or _date_ok(parts[2], parts[0], parts[1])
    return False
