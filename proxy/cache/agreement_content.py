"""Content words for `proxy.cache.agreement`: every word that is not a stopword must be matched, in order.

The entity and polarity checks of `agreement` see only marked words (capitals, numbers, antonym
classes). This module adds the check that sees ordinary lowercase words, so that "convert
dollars to euros" never matches "convert euros to dollars", "boiling point" never matches
"freezing point" and "all" never matches "any":

- Each content word becomes one item carrying a hash of its canonical form: a synonym class
  (`SYNONYMS`: "reverse" == "invert") or else its light stem (plural, -ed, -ing, a final e removed:
  "creating" == "created" == "create"). A word of 6 letters or more is followed by a second item,
  its skeleton (first letter and consonants, doubled letters once), which lets a typo match
  ("pasword" == "password", "chnage" == "change"); short words must match exactly.
- `LIGHT_WORDS` (generic words a paraphrase adds or drops without changing the question: "mean",
  "exactly", "way") are left out; so are stopwords.
- "of", "in", "for", "on" between two runs of content words are kept as a link: "the capital of
  France" may match "France's capital" and "a branch in git" may match "a git branch" (the two runs
  swapped, the link dropped), but never "a list of dicts" against "a dict of lists"; the runs
  around "or" may swap ("pay off debt or invest" == "invest or pay off debt").
- A run of words may move to the front or the end over two or more others when neither text has a
  link or "or" ("time zone of Thailand" aside: "Thailand time zone" == "time zone Thailand"); two
  words never swap ("milk chocolate" != "chocolate milk").
- Adverbs in -ly may move ("permanently delete" == "delete permanently"): compared as a bag.
- Quantifiers are flags: universal (all, every, each, always...) must be equal in number on both
  sides; existential ones (any, some, ever...) only count when a universal one is present.

`content_agree` is strict by design: any content word without a match, or a different order,
disagrees. Time is O(n^3) in the number of content words, which is capped at `MAX_ALIGNED`
(longer texts must match exactly in order), so a check costs microseconds.
"""

from __future__ import annotations

from functools import lru_cache

from proxy.cache.agreement_tokens import Item, digest


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Item tags of this module; `agreement_tokens` uses 0..6.
WORD, SKEL, LINK, QUANT, ADVERB, OR = 7, 8, 9, 10, 11, 12
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

# Synonym classes: every word of a line is read as the line's first word.
_SYNONYM_LINES = """
    reverse invert flip
    ship deliver shipping delivery
    author writer wrote write written
    height tall high
    create make new generate
    change modify alter edit update
    fix repair solve resolve
    error bug issue problem
    car automobile vehicle
    begin start
    buy purchase
    big large
    small little tiny
    speak spoken talk
    cost price expensive
    pick choose select
    check verify
    look find search
    list array
    dictionary dict
    movie film
    doctor physician
    child kid
    picture photo image
    begin commence
    job work
    phone telephone
    shop store
    cancel cancellation
    refund refunds
    country nation
    city town
    answer reply respond
    difference differ different compare comparison
    explain explanation
    symptom sign
    connect pair
"""


def _synonym_table() -> dict[str, str]:
    table: dict[str, str] = {}
    for line in _SYNONYM_LINES.strip().splitlines():
        words = line.split()
        for w in words:
            table.setdefault(w, words[0])
    return table


SYNONYMS = _synonym_table()


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


def skeleton(word: str) -> str:
    """First letter and the later consonants, each run of one letter once: the shape typos keep."""
    out = [word[0]]
    for c in word[1:]:
        if c not in _VOWELS and c != out[-1]:
            out.append(c)
    return "".join(out)


def word_items(value: str, out: list[Item]) -> None:
    """The items of one content word (lowercase, apostrophes removed)."""
    out.extend(_word_items(value))


@lru_cache(maxsize=4096)  # words repeat: a long prompt costs a dict look-up per word, not a stem and hashes
def _word_items(value: str) -> tuple[Item, ...]:
    if value in LIGHT_WORDS:
        return ()
    if value in UNIVERSAL:
        return ((QUANT, digest("all")),)
    if value in EXISTENTIAL:
        return ((QUANT, digest("some")),)
    if len(value) > 4 and value.endswith("ly"):  # adverbs move freely: compared as a bag
        return ((ADVERB, digest("c:" + value)),)
    word = (WORD, digest("c:" + canonical(value)))
    if len(value) >= 6 and value.isalpha():
        return word, (SKEL, digest("k:" + skeleton(value)))
    return (word,)


def link_item(value: str, out: list[Item]) -> None:
    """A link word ("of", "in", "for", "on") or "or", kept only after a content word."""
    if out and out[-1][0] in (WORD, SKEL):
        out.append((OR if value == "or" else LINK, b"\x00\x00\x00"))


# --- comparison -----------------------------------------------------------------------------------

_Unit = tuple[bytes, bytes | None]  # a word's canonical hash and skeleton hash (None for short words)
_LINK: _Unit = (b"", None)
_OR: _Unit = (b"|", None)
_MARKS = {LINK: _LINK, OR: _OR}


def _units(items: list[Item]) -> list[_Unit]:
    """The words and links of a signature, in order; a trailing link (nothing after it) dropped."""
    units: list[_Unit] = []
    for tag, payload in items:
        if tag == WORD:
            units.append((payload, None))
        elif tag == SKEL and units and units[-1][1] is None and units[-1][0] not in (b"", b"|"):
            units[-1] = (units[-1][0], payload)
        elif tag in _MARKS:
            units.append(_MARKS[tag])
    while units and units[-1] in (_LINK, _OR):
        units.pop()
    return units


def _same(a: _Unit, b: _Unit) -> bool:
    if a in (_LINK, _OR) or b in (_LINK, _OR):
        return a == b
    return a[0] == b[0] or (a[1] is not None and a[1] == b[1])


def _equal(a: list[_Unit], b: list[_Unit]) -> bool:
    return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))


def _swapped_match(a: list[_Unit], b: list[_Unit]) -> bool:
    """Whether `a` reads "P X of Y S" where `b` reads "P Y X S" (one link undone), or `a` reads
    "P X or Y S" where `b` reads "P Y or X S" (X and Y: runs of words without a mark)."""
    for k, mark in enumerate(a):
        if mark not in (_LINK, _OR) or len(a) != len(b) + (mark is _LINK):
            continue
        middle = [] if mark is _LINK else [_OR]
        for start in range(k):  # X = a[start:k]
            if any(u in (_LINK, _OR) for u in a[start:k]):
                continue
            for end in range(k + 2, len(a) + 1):  # Y = a[k + 1:end]
                if a[end - 1] in (_LINK, _OR):
                    break
                if _equal(a[:start] + a[k + 1 : end] + middle + a[start:k] + a[end:], b):
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
    if _equal([u for u in units_a if u is not _LINK], [u for u in units_b if u is not _LINK]):
        return True  # the same words in the same order; links alone do not change roles
    if max(len(units_a), len(units_b)) > MAX_ALIGNED:
        return False
    return _swapped_match(units_a, units_b) or _swapped_match(units_b, units_a) or _fronted(units_a, units_b)


def _fronted(a: list[_Unit], b: list[_Unit]) -> bool:
    """Whether `b` is `a` with one run of words moved to the front or the end over at least two
    others ("time zone Thailand" == "Thailand time zone"), in texts without links or "or": two words
    never swap ("milk chocolate" != "chocolate milk"), and nothing crosses an "of"/"for"."""
    n = len(a)
    if n != len(b) or n < 3 or any(u in (_LINK, _OR) for u in a + b):
        return False
    # The moved run: a[:size] to the end, or a[n - size:] to the front.
    return any(_equal(a[size:] + a[:size], b) or _equal(a[n - size :] + a[: n - size], b) for size in range(1, n - 1))
