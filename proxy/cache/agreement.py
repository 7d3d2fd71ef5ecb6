"""Content-token signatures, and the check that two texts' content tokens agree.

A semantic-cache hit needs similar vectors *and* `agree(signature(a), signature(b))`: similarity
alone would turn "enable 2FA" into "disable 2FA" or "17x23" into "17x24". Strict by design: a
false hit serves a wrong answer, a false miss only costs an upstream call.

What must agree (after NFKC and casefolding; punctuation, stopwords and case never matter):

- Numbers, in order: digits (thousands commas dropped, ".5" == "0.5"), small number words
  ("twenty five" == 25), ordinals ("3rd" == "third"), k/million multipliers, a sign, and the unit
  or currency attached before or after ("5km" == "5 km" == "5 kilometres", "$5" == "5 USD"),
  arithmetic operators between them ("17x23" == "17 * 23" == "17 times 23"), standalone units and
  currency codes ("km to miles" vs "miles to km").
- Entities, in order: words capitalised mid-sentence, acronyms, mixed case ("iPhone"), code
  identifiers, paths and URLs, quoted text, day and month names, and the word after "than",
  "vs", "into", or "to" after a conversion verb ("convert a string to an int"). Marking is
  case-robust: a word marked in either text must appear, in the same relative order, in both
  ("iPhone" == "iphone"). A capitalised first word of a sentence only counts when both texts open
  with different ones ("Python: ..." vs "Java: ..."). Order is strict, also for "A vs B"
  (symmetric questions miss, never wrongly hit); "to Y from X" is read as "from X to Y", and a
  lone "from X" differs from "to X".
- Polarity, as a multiset: negations (not, n't, never, without...), who/when/where/why, and poles
  of antonym classes (enable/disable, turn on/off, allow/block, add/remove, buy/sell, min/max,
  possible/impossible...; see `agreement_words`). When a text holds both poles of one class
  ("enable X, disable Y"), their order among the entities must match too. Direction and relation
  words (over/under, above/below, up/down, out, before/after, since/until, inside/outside...) are
  poles too, and also content words in place, so they keep their order and the words they attach to.
- Every other content word (`agreement_content`): the same words in the same order, up to stopwords,
  inflection, typos of words that are not known English words (never one real word for another), a
  short synonym list, an "X of Y" / "Y X" swap and "A or B" / "B or A"; "to Y from X" read as
  "from X to Y" for any words; quantifiers (all/every vs any/some) compared. So lowercase swaps ("boiling" vs
  "freezing", "cat food for a dog" vs "dog food for a cat") disagree, and so does a rewording with
  other words: the check is strict, a false miss only costs an upstream call.

Clauses (split at commas, colons and sentence ends) may be reordered as wholes: one clause of either
text may move to its front or end ("In Java, how do I X?" == "How do I X in Java?"), words inside a
clause never move. Question frames are read as their question word: "what year" is "when", "which
author" is "who", "how come" and "what causes" are "why", "whom" is "who", and a "when" that joins a
clause to a content word ("fees when investing") asks nothing.

Texts in scripts without spaces (Chinese, Japanese) are one token per run of letters, so only
their numbers and exact runs are compared.

Bounds: at most `MAX_TYPOS` typo corrections per text; only the first `MAX_CHARS` characters are
tokenised (so a 2,000-token prompt costs the same as a 150-token one); the rest is folded into one
hash, so texts that differ there still disagree.
Time is linear in the input; no regular expressions.
A signature is a version byte plus 4 bytes per item (up to three per content word; hashes, no
raw text), at most `MAX_ITEMS` items (the rest folded into one hash).
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections import Counter
from dataclasses import dataclass

from proxy.cache import agreement_words as lex
from proxy.cache.agreement_content import (
    LINKS,
    QUANTIFIERS,
    REL,
    content_agree,
    link_item,
    may_be_typo,
    role_item,
    stem,
    word_items,
)
from proxy.cache.agreement_tokens import (
    DIR,
    FLAG,
    POLE,
    RIGHT_QUOTE,
    VALUE,
    W_PLAIN,
    W_STRONG,
    W_WEAK,
    WORD_TAGS,
    Item,
    Tok,
    digest,
    number_items,
    number_word_items,
    tokenize,
)

MAX_CHARS = 600
MAX_ITEMS = 128
MAX_TYPOS = 4  # corrections per text (about 0.1 ms each); later unknown words must match as written
VERSION = 4  # 4: direction words in place, to/from roles of any word, typos only of unknown words
_ACRONYM_STOPWORDS = frozenset({"us", "it", "id"})  # stopwords that are also common acronyms
_ARGUMENT_WORDS = frozenset({"into", "than", "vs", "versus"})
_TO_WORDS = frozenset({"to", "into", "onto", "toward", "towards"})
_GO_WORDS = frozenset({"get", "go", "goes", "going", "went", "come", "comes", "back"})  # "get to X": a destination
_STOP_STEMS = frozenset(stem(w) for w in lex.STOPWORDS)  # "converting", "helps": inflected stopwords
SEG = 13  # a clause boundary (comma, colon, sentence end); other tags belong to agreement_tokens/_content
_SEG_ITEM: Item = (SEG, b"\x00\x00\x00")
MAX_SEGMENTS = 4  # texts with more clauses must match in order
_DASHES = str.maketrans({"\u2212": "-", "\u2013": "-", "\u2014": "-"})  # minus sign, en and em dash


# --- content items --------------------------------------------------------------------------------


def _case_marking_on(toks: list[Tok]) -> bool:
    """False for Title Case Or SHOUTED text, where capitals say nothing about entities."""
    words = [t for t in toks if t.kind == "w" and not t.quoted and len(t.text) > 1 and not t.start]
    capitalised = sum(1 for t in words if t.text[0].isupper())
    return not (capitalised >= 4 and capitalised * 4 > len(words) * 3)


def _word_tag(tok: Tok, case_on: bool) -> int:
    if tok.quoted:
        return W_STRONG
    if not case_on:
        return W_PLAIN
    s, v = tok.text, tok.value
    letters = [c for c in s if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return W_STRONG if v not in lex.STOPWORDS or v in _ACRONYM_STOPWORDS else W_PLAIN
    if any(c.isupper() for c in s[1:]):
        return W_STRONG
    if s[0].isupper() and v not in lex.STOPWORDS:
        return W_WEAK if tok.start else W_STRONG
    return W_PLAIN


def _next_word(toks: list[Tok], i: int) -> tuple[int, str]:
    """Index and value of the word after toks[i], skipping a glued hyphen ("sign-in"); (-1, '') if none."""
    j = i + 1
    if j < len(toks) and toks[j].text == "-" and toks[j].glued:
        j += 1
    return (j, toks[j].value) if j < len(toks) and toks[j].kind == "w" else (-1, "")


_POSITIONAL = frozenset(k for k, (name, _, _) in enumerate(lex.POLARITY_CLASSES) if name in lex.POSITIONAL)


def _pole(form: str) -> list[Item]:
    """The pole of `form` (none when it has none); a direction or relation pole ("over", "into",
    "out", "before") is also a content word in place, so it keeps its order among the words."""
    hit = lex.POLARITY.get(form)
    if not hit:
        return []
    payload = bytes((hit[0], hit[1], 0))
    return [(POLE, payload), (REL, payload)] if hit[0] in _POSITIONAL else [(POLE, payload)]


@dataclass(slots=True)
class _State:
    case_on: bool
    argument_due: int = 0  # words left in which the argument of "to"/"into"/"than"/"vs" may start
    directional: bool = False  # a conversion verb was seen, so "to" names a target
    typos_left: int = MAX_TYPOS  # unknown words still to be read as the known word they misspell


def _arms_argument(toks: list[Tok], i: int, v: str, directional: bool) -> bool:
    """Whether the next content word is an argument whose order matters ("convert a string to an int")."""
    if v in _ARGUMENT_WORDS:
        return True
    prev = toks[i - 1].value if i > 0 and toks[i - 1].kind == "w" else ""
    return v == "to" and directional and bool(prev) and prev not in lex.STOPWORDS and prev not in lex.TO_AFTER_VERB


def _plain_word(tok: Tok, out: list[Item], state: _State) -> None:
    v, tag = tok.value, _word_tag(tok, state.case_on)
    if state.argument_due and v not in lex.STOPWORDS:
        tag, state.argument_due = W_STRONG, 0
    elif v in lex.DATE_WORDS:
        tag = W_STRONG
    if tag != W_PLAIN or v not in lex.STOPWORDS or v in _ACRONYM_STOPWORDS:
        out.append((tag, digest("w:" + v)))
    if v in LINKS or v == "or":
        link_item(v, out)
    elif tag != W_PLAIN or v in QUANTIFIERS or (v not in lex.STOPWORDS and stem(v) not in _STOP_STEMS):
        fix = state.typos_left > 0 and may_be_typo(v)
        state.typos_left -= int(fix)
        word_items(v, out, fix)


def _word_items(toks: list[Tok], i: int, out: list[Item], state: _State) -> int:
    """Items for the word toks[i] (and the words it consumes); returns the next index."""
    tok, v = toks[i], toks[i].value
    state.argument_due = max(0, state.argument_due - 1)
    state.directional = state.directional or v in lex.DIRECTIONAL
    if _arms_argument(toks, i, v, state.directional):
        state.argument_due = 4
    if v in lex.PARTICLE_VERBS:
        j, particle = _next_word(toks, i)
        form = lex.PARTICLES.get((lex.PARTICLE_VERBS[v], particle))
        if form and (items := _pole(form)):
            out.extend(items)
            return j + 1
    if v in lex.NEGATIONS or "n't" in tok.text.casefold().replace(RIGHT_QUOTE, "'"):
        out.append((FLAG, digest("not")))
    elif (frame := _wh_frame(toks, i)) is not None:
        wh, after = frame
        if wh:
            out.append((FLAG, digest("wh:" + wh)))
        return after
    elif items := _pole(lex.LONE_OFF if v == "off" else v):
        out.extend(items)
    elif v in _TO_WORDS or v == "from":
        out.append((DIR, digest("from" if v == "from" else "to")))
        if v != "to" or _to_is_direction(toks, i):
            out.append(role_item(v == "from"))
    elif v in lex.OPERATOR_WORDS:
        out.append((VALUE, digest("o:" + lex.OPERATOR_WORDS[v])))
    elif unit := _standalone_unit(v):
        out.append((VALUE, digest("u:" + unit)))
    else:
        _plain_word(tok, out, state)
    return i + 1


def _to_is_direction(toks: list[Tok], i: int) -> bool:
    """Whether "to" at toks[i] names a destination ("flights to london", "get to london") rather than
    starting an infinitive ("how to get", "best time to visit")."""
    prev = toks[i - 1] if i > 0 else None
    if prev is None or toks[i].clause:
        return False
    if prev.kind != "w":
        return True
    v = prev.value
    return v in _GO_WORDS or (v not in lex.STOPWORDS and v not in lex.TO_AFTER_VERB and stem(v) not in _STOP_STEMS)


def _wh_frame(toks: list[Tok], i: int) -> tuple[str, int] | None:
    """A question word read through its frame: ("when", next index) for "when", "what year" or
    "which date"; "why" for "how come" and "what causes|makes"; "who" for "whom" and "which
    artist|author|person..."; ("", i + 1) for "when" that joins a clause to a content word ("cost
    averaging when investing"), which asks nothing. None when toks[i] opens no such frame."""
    v = toks[i].value
    nxt = toks[i + 1].value if i + 1 < len(toks) and toks[i + 1].kind == "w" else ""
    if v in ("what", "which") and nxt in lex.WH_NOUNS:
        return lex.WH_NOUNS[nxt], i + 2
    if (v, nxt) == ("how", "come") or (v == "what" and nxt in lex.CAUSE_VERBS):
        return "why", i + 2
    if v not in lex.WH_WORDS:
        return None
    prev = toks[i - 1] if i > 0 else None
    joins = prev is not None and prev.kind == "w" and not toks[i].clause and prev.value not in lex.STOPWORDS
    if v == "when" and joins and i + 1 < len(toks):
        return "", i + 1
    return lex.WH_WORDS[v], i + 1


def _standalone_unit(v: str) -> str | None:
    if v in lex.CURRENCY_CODES:
        return v
    unit = lex.UNITS.get(v)
    return unit if unit and len(v) > 1 and v not in lex.STOPWORDS else None


def _is_number(tok: Tok) -> bool:
    return tok.kind == "n" or tok.value in lex.SMALL_NUMBERS or tok.value in lex.TENS or tok.value in lex.SCALES


def _between_numbers(toks: list[Tok], i: int) -> bool:
    return 0 < i < len(toks) - 1 and _is_number(toks[i - 1]) and _is_number(toks[i + 1])


def _symbol_items(toks: list[Tok], i: int, out: list[Item]) -> int:
    s = toks[i].text
    nxt = toks[i + 1] if i + 1 < len(toks) else None
    after_number = bool(out) and out[-1][0] == VALUE
    if s == "-" and not toks[i].glued and nxt and nxt.kind == "n" and nxt.glued and not after_number:
        return number_items(toks, i + 1, out, sign="-")
    if s in lex.CURRENCY_SYMBOLS:
        if nxt and nxt.kind == "n":
            return number_items(toks, i + 1, out, unit=lex.CURRENCY_SYMBOLS[s])
        out.append((VALUE, digest("u:" + lex.CURRENCY_SYMBOLS[s])))
    elif s in lex.BETWEEN_NUMBERS_OPERATORS and _between_numbers(toks, i):
        out.append((VALUE, digest("o:" + lex.BETWEEN_NUMBERS_OPERATORS[s])))
    elif s in lex.OPERATOR_SYMBOLS:
        out.append((VALUE, digest("o:" + lex.OPERATOR_SYMBOLS[s])))
    return i + 1


def content_items(text: str) -> list[Item]:
    """The content items of `text`, in order (see the module docstring)."""
    folded = unicodedata.normalize("NFKC", text[:MAX_CHARS]).translate(_DASHES)
    toks = tokenize(folded)
    state = _State(_case_marking_on(toks))
    out: list[Item] = []
    i = 0
    while i < len(toks):
        tok = toks[i]
        if tok.clause and out and out[-1] != _SEG_ITEM:
            out.append(_SEG_ITEM)
        if tok.kind == "n":
            i = number_items(toks, i, out)
        elif tok.kind == "s":
            i = _symbol_items(toks, i, out)
        elif tok.kind == "i":
            out.append((W_STRONG, digest("w:" + tok.text.casefold())))
            i += 1
        elif tok.value in lex.BETWEEN_NUMBERS_OPERATORS and _between_numbers(toks, i):
            out.append((VALUE, digest("o:" + lex.BETWEEN_NUMBERS_OPERATORS[tok.value])))
            i += 1
        else:
            after = number_word_items(toks, i, out)
            i = _word_items(toks, i, out, state) if after is None else after
    return out


# --- signatures and agreement ---------------------------------------------------------------------


def signature(text: str) -> bytes:
    """Compact, deterministic encoding of `text`'s content tokens (4 bytes each, no raw text)."""
    items = content_items(text)
    if len(text) > MAX_CHARS:  # the unread rest still has to match exactly
        items.append((VALUE, digest("tail:" + " ".join(text[MAX_CHARS:].casefold().split()))))
    if len(items) > MAX_ITEMS:
        rest = b"".join(bytes((tag,)) + payload for tag, payload in items[MAX_ITEMS - 1 :])
        items = [*items[: MAX_ITEMS - 1], (VALUE, hashlib.blake2b(rest, digest_size=3).digest())]
    return bytes((VERSION,)) + b"".join(bytes((tag,)) + payload for tag, payload in items)


def _parse(sig: bytes) -> list[Item] | None:
    sig = bytes(sig)  # a bytearray or memoryview from a store compares and hashes like bytes
    if not sig or sig[0] != VERSION or (len(sig) - 1) % 4:
        return None
    return [(sig[k], sig[k + 1 : k + 4]) for k in range(1, len(sig), 4)]


def _mixed(items: list[Item]) -> bool:
    """Both poles of one polarity class present."""
    poles = {(payload[0], payload[1]) for tag, payload in items if tag == POLE}
    return any((cls, 1) in poles and (cls, 2) in poles for cls, _ in poles)


_FROM, _TO = digest("from"), digest("to")


def _reorder_to_from(seq: list[Item]) -> list[Item]:
    """Direction in the ordered tokens: "from X to Y" and "to Y from X" both read "X Y"; a lone
    "from X" keeps its marker (so "ship from Germany" differs from "ship to Germany"); other
    markers are dropped. Only markers followed by a content token count."""
    marks = [k for k, (tag, _) in enumerate(seq) if tag == DIR]
    content = [k for k in marks if k + 1 < len(seq) and seq[k + 1][0] != DIR]
    froms = [k for k in content if seq[k][1] == _FROM]
    if not froms:
        return [item for item in seq if item[0] != DIR]
    f = froms[0]
    if any(k > f and seq[k][1] == _TO for k in content):  # from X to Y
        return [item for item in seq if item[0] != DIR]
    tos = [k for k in content if k < f and seq[k][1] == _TO]
    if tos:  # to Y from X
        t, x_end = tos[-1], next((k for k in marks if k > f), len(seq))
        seq = seq[:t] + seq[f + 1 : x_end] + seq[t + 1 : f] + seq[x_end:]
        return [item for item in seq if item[0] != DIR]
    return [item for k, item in enumerate(seq) if item[0] != DIR or k in froms]


def _ordered(items: list[Item], entities: set[bytes], with_poles: bool) -> list[Item]:
    keep = [
        (W_PLAIN, payload) if tag in WORD_TAGS else (tag, payload)
        for tag, payload in items
        if tag in (VALUE, DIR) or (tag in WORD_TAGS and payload in entities) or (with_poles and tag == POLE)
    ]
    return _reorder_to_from(keep)


def _unmatched_weak(a: list[Item], b: list[Item]) -> bool:
    words_b = {payload for tag, payload in b if tag in WORD_TAGS}
    return any(tag == W_WEAK and payload not in words_b for tag, payload in a)


def _segments(items: list[Item]) -> list[list[Item]]:
    segments: list[list[Item]] = [[]]
    for item in items:
        if item == _SEG_ITEM:
            segments.append([])
        else:
            segments[-1].append(item)
    return [seg for seg in segments if seg]


def _clause_orders(items: list[Item]) -> list[list[Item]]:
    """`items` read in its own clause order first, then with one clause moved to the front or the end
    ("In Java, how do I X?" == "How do I X in Java?"); words inside a clause never move."""
    segments = _segments(items)
    orders = [[item for seg in segments for item in seg]]
    if not 1 < len(segments) <= MAX_SEGMENTS:
        return orders
    for k, seg in enumerate(segments):
        rest = segments[:k] + segments[k + 1 :]
        for moved in ([seg, *rest], [*rest, seg]):
            flat = [item for s in moved for item in s]
            if flat not in orders:
                orders.append(flat)
    return orders


def agree(a: bytes, b: bytes) -> bool:
    """True when the texts behind signatures `a` and `b` have the same content tokens, read in the
    same order up to moving one whole clause of either text to its front or end."""
    items_a, items_b = _parse(a), _parse(b)
    if items_a is None or items_b is None:
        return False
    orders_a, orders_b = _clause_orders(items_a), _clause_orders(items_b)
    if _agree_items(orders_a[0], orders_b[0]):
        return True
    return any(_agree_items(x, orders_b[0]) for x in orders_a[1:]) or any(
        _agree_items(orders_a[0], y) for y in orders_b[1:]
    )


def _agree_items(items_a: list[Item], items_b: list[Item]) -> bool:
    for tag in (POLE, FLAG):
        if Counter(p for t, p in items_a if t == tag) != Counter(p for t, p in items_b if t == tag):
            return False
    if _unmatched_weak(items_a, items_b) and _unmatched_weak(items_b, items_a):
        return False
    entities = {p for t, p in items_a + items_b if t == W_STRONG}
    mixed = _mixed(items_a)
    if _ordered(items_a, entities, mixed) != _ordered(items_b, entities, mixed):
        return False
    return content_agree(items_a, items_b)
