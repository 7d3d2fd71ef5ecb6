"""Known English words, and the one-edit correction of a word that is not one.

The agreement check lets a typo match the word it misspells ("pasword" == "password") but never two
different real words ("desert" != "dessert", "marital" != "martial"): `correct` rewrites only a word
that is NOT in the list, and only to the single known word one edit away (an insertion, deletion,
substitution or swap of two neighbouring letters; of several, the one with the same first letter).
A word with no such neighbour, or with two or more, stays as written, so it must match exactly.
Words shorter than `MIN_LEN` or longer than `MAX_LEN` letters are never corrected (short words have
too many neighbours to guess from).

The list (`data/english_words.txt.xz`, about 121k lowercase words of 5 to 15 letters) is generated
by `bench/build_word_list.py` from the MIT-licensed `pyspellchecker` dictionary; it is read once, on
first use, so a proxy without the semantic cache never loads it.
"""

from __future__ import annotations

import lzma
from functools import cache, lru_cache
from importlib.resources import files

MIN_LEN, MAX_LEN = 6, 14
_LETTERS = "abcdefghijklmnopqrstuvwxyz"


@cache
def known() -> frozenset[str]:
    """The known words (lowercase ASCII, `MIN_LEN - 1` to `MAX_LEN + 1` letters)."""
    raw = files("proxy.cache").joinpath("data/english_words.txt.xz").read_bytes()
    return frozenset(lzma.decompress(raw).decode("ascii").split())


# Regular endings: a word that is a known word plus one of these is known too ("natively"), so the
# list's gaps in derived forms are not read as typos.
_SUFFIXES = ("s", "es", "ed", "d", "ing", "er", "ers", "est", "ly", "ness", "less", "ment", "ments", "ful", "able")


def is_known(word: str) -> bool:
    """Whether `word` (lowercase) is a known word or a known word with a regular ending."""
    words = known()
    if word in words:
        return True
    for suffix in _SUFFIXES:
        base = word[: -len(suffix)]
        if word.endswith(suffix) and len(base) >= MIN_LEN - 1 and (base in words or base + "e" in words):
            return True
    return False


def _one_edit(word: str) -> set[str]:
    """Every string one insertion, deletion, substitution or neighbour swap away from `word`."""
    splits = [(word[:k], word[k:]) for k in range(len(word) + 1)]
    out = {a + b[1:] for a, b in splits if b}
    out |= {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    out |= {a + c + b[1:] for a, b in splits if b for c in _LETTERS}
    out |= {a + c + b for a, b in splits for c in _LETTERS}
    out.discard(word)
    return out


def may_be_typo(word: str, protected: frozenset[str]) -> bool:
    """Whether `correct` would look for a neighbour of `word` (about 0.1 ms, so callers ration it)."""
    in_range = MIN_LEN <= len(word) <= MAX_LEN and word.isascii() and word.isalpha()
    return in_range and word not in protected and not is_known(word)


@lru_cache(maxsize=4096)
def correct(word: str, protected: frozenset[str]) -> str:
    """The known word `word` misspells by one edit, or `word` itself when it is known, out of range,
    not plain lowercase letters, or has no single known neighbour. Neither `word` nor the result is
    ever in `protected` (numbers, negations, antonyms, quantifiers, direction words): those never
    take part in a correction."""
    if not may_be_typo(word, protected):
        return word
    words = known()
    hits = [w for w in _one_edit(word) if w in words]
    if len(hits) > 1:  # typos rarely touch the first letter: "adress" is "address", not "dress"
        hits = [w for w in hits if w[0] == word[0]]
    return hits[0] if len(hits) == 1 and hits[0] not in protected else word
