"""Content words for `proxy.cache.agreement`: every word that is not a stopword must be matched, in order.

The entity and polarity checks of `agreement` see only marked words (capitals, numbers, antonym
classes). This module adds the check that sees ordinary lowercase words, so that "convert
dollars to euros" never matches "convert euros to dollars", "boiling point" never matches
"freezing point" and "all" never matches "any":

- Each content word becomes one item carrying a hash of its canonical form: a synonym class
  (`SYNONYMS`: "reverse" == "invert") or else its light stem (plural, -ed, -ing, a final e removed:
  "creating" == "created" == "create"). A word that is not a known English word is first read as
  the one known word a single edit away, if there is exactly one (`known_words.correct`:
  "pasword" == "password", "chnage" == "change"); two different real words never match
  ("desert" != "dessert", "marital" != "martial"), and order is compared on the words themselves.
  A text gets at most `agreement.MAX_TYPOS` corrections (each costs about 0.1 ms); later unknown
  words are read as written.
- Direction and relation poles (over/under, up/down, out, before/after, more/less...) are units in
  place (`REL`): they must match and keep their order among the words.
- "to X from Y" reads as "from Y to X", for any words: markers (`ROLE`) move the two runs into
  from-to order and are then dropped ("flights to london from paris" == "flights from paris to
  london" != "flights from london to paris"); a lone "from" stays ("ship from x" != "ship to x").
- `LIGHT_WORDS` (generic words a paraphrase adds or drops without changing the question: "mean",
  "exactly", "way") are left out; so are stopwords.
- "of", "in", "for", "on" between two runs of content words are kept as a link: "the capital of
  France" may match "France's capital" and "a branch in git" may match "a git branch" (the two runs
  swapped, the link dropped), but never "a list of dicts" against "a dict of lists"; the runs
  around "or" may swap ("pay off debt or invest" == "invest or pay off debt").
- A run of words may move to the front or the end over two or more others when neither text has a
  link, "or" or a direction word ("Thailand time zone" == "time zone Thailand"); two words never
  swap ("milk chocolate" != "chocolate milk").
- Adverbs in -ly may move ("permanently delete" == "delete permanently"): compared as a bag.
- Quantifiers are flags: universal (all, every, each, always...) must be equal in number on both
  sides; existential ones (any, some, ever...) only count when a universal one is present.

`content_agree` is strict by design: any content word without a match, or a different order,
disagrees. Time is O(n^3) in the number of content words, which is capped at `MAX_ALIGNED`
(longer texts must match exactly in order), so a check costs microseconds.
"""

from __future__ import annotations

from functools import lru_cache

from proxy.cache import agreement_words as lex
from proxy.cache.agreement_tokens import Item, digest
from proxy.cache.known_words import correct
from proxy.cache.known_words import may_be_typo as _may_be_typo


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Item tags of this module; `agreement_tokens` uses 0..6, `agreement` 13.
WORD, REL, LINK, QUANT, ADVERB, OR, ROLE = 7, 8, 9, 10, 11, 12, 14
MAX_ALIGNED = 24
LINKS = frozenset({"of", "in", "for", "on"})
_VOWELS = frozenset("aeiouy")

UNIVERSAL = _words("all every each always everyone everything everybody everywhere whole entire")
EXISTENTIAL = _words("any some anyone anything anybody someone something somebody ever sometimes")
QUANTIFIERS = UNIVERSAL | EXISTENTIAL

# Generic words whose presence does not change what is asked.
LIGHT_WORDS = _words(
    """exactly actually really currently simply basically mean means meaning meant definition
    concept thing things stuff way ways method steps step process procedure properly possible possibly
    number whose whether equal equals command commands formula term usually typically generally commonly
    simple quickly easily"""
)

# Synonym classes: every word of a line is read as the line's first word. Polarity words (create,
# begin, buy...) and stopwords (make, find, explain) never reach this table: they are matched before it.
_SYNONYM_LINES = """
    reverse invert flip
    ship deliver shipping delivery
    author writer wrote written
    height tall high
    new generate
    change modify alter edit update
    fix repair solve resolve
    error bug issue problem
    car automobile vehicle
    big large
    small little tiny
    speak spoken talk
    cost price expensive
    pick choose select
    check verify
    look search
    list array
    dictionary dict
    movie film
    doctor physician
    child kid
    picture photo image
    job work
    phone telephone
    shop store
    cancel cancellation
    refund refunds
    country nation
    city town
    answer reply respond
    difference differ different compare comparison
    symptom sign
"""


def _synonym_table() -> dict[str, str]:
    table: dict[str, str] = {}
    for line in _SYNONYM_LINES.strip().splitlines():
        words = line.split()
        for w in words:
            table.setdefault(w, words[0])
    return table


SYNONYMS = _synonym_table()

# Words a typo correction never reads into or out of: a typo must not turn into a number, a
# negation, an antonym pole, a quantifier or a direction word.
PROTECTED = frozenset(
    lex.STOPWORDS
    | lex.NEGATIONS
    | lex.POLARITY.keys()
    | QUANTIFIERS
    | lex.SMALL_NUMBERS.keys()
    | lex.TENS.keys()
    | lex.SCALES.keys()
    | lex.ORDINALS.keys()
    | lex.LAST_WORDS
    | lex.UNITS.keys()
    | lex.DATE_WORDS
    | lex.WH_WORDS.keys()
    | lex.OPERATOR_WORDS.keys()
    | {"from", "into", "onto", "toward", "towards", "without"}
)


def stem(word: str) -> str:
    """A light, deterministic stem: "creating", "created", "creates" and "create" all give "creat"."""
    w = word
    if len(w) > 4 and w.endswith("ies"):
        w = w[:-3] + "y"
    elif len(w) > 4 and w.endswith(("sses", "shes", "ches", "xes")):
        w = w[:-2]
    elif len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    elif len(w) > 5 and w.endswith("ing"):
        w = w[:-3]
    elif len(w) > 3 and w.endswith("sed"):  # used, caused
        w = w[:-1]
    elif len(w) > 4 and w.endswith("ed"):
        w = w[:-2]
    if len(w) > 3 and w[-1] == w[-2] and w[-1] not in _VOWELS and w[-1] not in "sl":
        w = w[:-1]  # stopp -> stop
    if len(w) > 3 and w.endswith("e"):
        w = w[:-1]
    return w


def canonical(word: str) -> str:
    """The class a word is compared by: its synonym class, else its stem."""
    hit = SYNONYMS.get(word) or SYNONYMS.get(stem(word))
    return hit if hit else stem(word)


def word_items(value: str, out: list[Item], fix_typo: bool = True) -> None:
    """The items of one content word (lowercase, apostrophes removed); `fix_typo` False reads an
    unknown word as written (the caller's budget of corrections is spent)."""
    out.extend(_word_items(value, fix_typo))


def may_be_typo(value: str) -> bool:
    """Whether reading `value` would cost a typo correction."""
    return _may_be_typo(value, PROTECTED)


@lru_cache(maxsize=4096)  # words repeat: a long prompt costs a dict look-up per word, not a stem and hashes
def _word_items(value: str, fix_typo: bool) -> tuple[Item, ...]:
    if value in LIGHT_WORDS:
        return ()
    if value in UNIVERSAL:
        return ((QUANT, digest("all")),)
    if value in EXISTENTIAL:
        return ((QUANT, digest("some")),)
    if len(value) > 4 and value.endswith("ly"):  # adverbs move freely: compared as a bag
        return ((ADVERB, digest("c:" + value)),)
    return ((WORD, digest("c:" + canonical(correct(value, PROTECTED) if fix_typo else value))),)


def link_item(value: str, out: list[Item]) -> None:
    """A link word ("of", "in", "for", "on") or "or", kept only after a content word."""
    if out and out[-1][0] == WORD:
        out.append((OR if value == "or" else LINK, b"\x00\x00\x00"))


def role_item(is_from: bool) -> Item:
    """A "from" or "to" marker in front of the words it governs."""
    return (ROLE, b"F\x00\x00" if is_from else b"T\x00\x00")


# --- comparison -----------------------------------------------------------------------------------

# A unit is a word's 3-byte canonical hash, a direction pole (4 bytes) or a one-byte mark.
_LINK, _OR, _FROM, _TO = b"l", b"|", b"<", b">"
_MARKS = {LINK: _LINK, OR: _OR}


def _is_word(unit: bytes) -> bool:
    return len(unit) == 3


def _units(items: list[Item]) -> list[bytes]:
    """The words, direction poles and links of a signature, in order, "to Y from X" read as "from
    X to Y"; a trailing link (nothing after it) dropped."""
    units: list[bytes] = []
    for tag, payload in items:
        if tag == WORD:
            units.append(payload)
        elif tag == REL:
            units.append(b"r" + payload)
        elif tag == ROLE:
            units.append(_FROM if payload[:1] == b"F" else _TO)
        elif tag in _MARKS:
            units.append(_MARKS[tag])
    units = _roles(units)
    while units and units[-1] in (_LINK, _OR):
        units.pop()
    return units


def _roles(units: list[bytes]) -> list[bytes]:
    """Role markers resolved: "from X to Y" and "to Y from X" both read "X Y"; a lone "from X" keeps
    its marker; other markers are dropped. Only markers followed by a word count."""
    marks = [k for k, u in enumerate(units) if u in (_FROM, _TO)]
    live = [k for k in marks if k + 1 < len(units) and _is_word(units[k + 1])]
    froms = [k for k in live if units[k] == _FROM]
    if froms and not any(k > froms[0] and units[k] == _TO for k in live):
        f = froms[0]
        tos = [k for k in live if k < f and units[k] == _TO]
        if not tos:  # a lone "from": the marker stays
            return [u for k, u in enumerate(units) if u not in (_FROM, _TO) or k in froms]
        t = tos[-1]
        x_end = next((k for k in range(f + 1, len(units)) if not _is_word(units[k])), len(units))
        units = units[:t] + units[f + 1 : x_end] + units[t + 1 : f] + units[x_end:]
    return [u for u in units if u not in (_FROM, _TO)]


def _swapped_match(a: list[bytes], b: list[bytes]) -> bool:
    """Whether `a` reads "P X of Y S" where `b` reads "P Y X S" (one link undone), or `a` reads
    "P X or Y S" where `b` reads "P Y or X S" (X and Y: runs of plain words)."""
    for k, mark in enumerate(a):
        if mark not in (_LINK, _OR) or len(a) != len(b) + (mark == _LINK):
            continue
        middle = [] if mark == _LINK else [_OR]
        for start in range(k):  # X = a[start:k]
            if not all(_is_word(u) for u in a[start:k]):
                continue
            for end in range(k + 2, len(a) + 1):  # Y = a[k + 1:end]
                if not _is_word(a[end - 1]):
                    break
                if a[:start] + a[k + 1 : end] + middle + a[start:k] + a[end:] == b:
                    return True
    return False


def _quantifiers_agree(a: list[Item], b: list[Item]) -> bool:
    count_a = {p: sum(1 for t, q in a if t == QUANT and q == p) for p in (digest("all"), digest("some"))}
    count_b = {p: sum(1 for t, q in b if t == QUANT and q == p) for p in (digest("all"), digest("some"))}
    universal = digest("all")
    if count_a[universal] != count_b[universal]:
        return False
    return count_a[universal] == 0 or count_a == count_b


def content_agree(a: list[Item], b: list[Item]) -> bool:
    """True when the content words of `a` and `b` match one to one, in order (see the module docstring)."""
    if not _quantifiers_agree(a, b) or sorted(p for t, p in a if t == ADVERB) != sorted(p for t, p in b if t == ADVERB):
        return False
    units_a, units_b = _units(a), _units(b)
    if [u for u in units_a if u != _LINK] == [u for u in units_b if u != _LINK]:
        return True  # the same words in the same order; links alone do not change roles
    if max(len(units_a), len(units_b)) > MAX_ALIGNED:
        return False
    return _swapped_match(units_a, units_b) or _swapped_match(units_b, units_a) or _fronted(units_a, units_b)


def _fronted(a: list[bytes], b: list[bytes]) -> bool:
    """Whether `b` is `a` with one run of words moved to the front or the end over at least two
    others ("time zone Thailand" == "Thailand time zone"), in texts of plain words only: two words
    never swap ("milk chocolate" != "chocolate milk"), and nothing crosses an "of"/"for"."""
    n = len(a)
    if n != len(b) or n < 3 or not all(_is_word(u) for u in a + b):
        return False
    # The moved run: a[:size] to the end, or a[n - size:] to the front.
    return any(a[size:] + a[:size] == b or a[n - size :] + a[: n - size] == b for size in range(1, n - 1))
