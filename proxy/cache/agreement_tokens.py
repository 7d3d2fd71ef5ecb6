"""Tokens for `proxy.cache.agreement`: text -> pieces (words, numbers, symbols, identifiers), and numbers -> items.

Guarantees: one left-to-right pass over the text with plain string methods (no regular
expressions), so time is linear in the input; an item is a tag and a 3-byte hash, never raw text.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from proxy.cache import agreement_words as lex

# Item tags. W_*: an ordinary word, by how strongly it is marked as an entity in its own text.
W_PLAIN, W_WEAK, W_STRONG, VALUE, POLE, FLAG, DIR = range(7)
WORD_TAGS = (W_PLAIN, W_WEAK, W_STRONG)

RIGHT_QUOTE = "\u2019"  # the typographic apostrophe
_QUOTE_CHARS = "\"'`\u201c\u201d\u2018" + RIGHT_QUOTE
_LEAD = _QUOTE_CHARS + "([{\u00bf\u00a1*_"
_TRAIL = _QUOTE_CHARS + ")]}.,!?;:*\u2026_"
_SENTENCE_END = ".!?;:\u2026"
_CLAUSE_END = _SENTENCE_END + ","
_IDENT_ANYWHERE = "/\\_@#"
_IDENT_NEAR_LETTER = ".+<>=:&|~*$%^"

Item = tuple[int, bytes]


def digest(value: str) -> bytes:
    """The 3-byte hash an item carries."""
    return hashlib.blake2b(value.encode("utf-8", "surrogatepass"), digest_size=3).digest()


@dataclass(slots=True)
class Tok:
    """A piece of one whitespace-separated chunk: kind 'w' word, 'n' number, 's' symbol, 'i' identifier."""

    text: str
    kind: str
    glued: bool  # no space before it (a later piece of the same chunk)
    start: bool  # first word of a sentence
    quoted: bool
    clause: bool = False  # first piece after a clause boundary (sentence start, comma, colon, semicolon)
    value: str = field(init=False)  # casefolded, possessive 's and apostrophes removed

    def __post_init__(self) -> None:
        v = self.text.casefold().replace(RIGHT_QUOTE, "'")
        self.value = (v[:-2] if v.endswith("'s") else v).replace("'", "")


# --- tokenising -----------------------------------------------------------------------------------


def tokenize(text: str) -> list[Tok]:
    """The pieces of `text` (already bounded), with sentence-start and quote context."""
    toks: list[Tok] = []
    for line in text.splitlines():
        start, quoted, clause = True, False, True
        for chunk in line.split():
            core = chunk.lstrip(_LEAD)
            lead = chunk[: len(chunk) - len(core)]
            body = core.rstrip(_TRAIL)
            trail = core[len(body) :]
            if not body and len(chunk) == 1:  # a lone "*" or "-" is an operator, not punctuation
                body, trail = chunk, ""
            quoted = quoted or any(q in lead for q in _QUOTE_CHARS)
            if body:
                pieces = _split_chunk(body, start, quoted)
                pieces[0].clause = clause
                toks.extend(pieces)
                start = clause = False
            if quoted and any(q in trail for q in _QUOTE_CHARS):
                quoted = False
            start = start or any(c in _SENTENCE_END for c in trail)
            clause = clause or any(c in _CLAUSE_END for c in trail)
    return toks


def _is_identifier(core: str) -> bool:
    if "://" in core or core.casefold().startswith("www."):
        return True
    if not any(c.isalpha() for c in core):
        return False
    last = len(core) - 1
    for k, c in enumerate(core):
        if c in _IDENT_ANYWHERE:
            return True
        near = (k > 0 and core[k - 1].isalpha()) or (k < last and core[k + 1].isalpha())
        if c in _IDENT_NEAR_LETTER and near:
            return True
    return False


def _split_chunk(core: str, start: bool, quoted: bool) -> list[Tok]:
    parts = core.split(".")
    if len(parts) > 1 and all(len(p) == 1 and p.isalpha() for p in parts):  # e.g. U.S. / a.m.
        return [Tok("".join(parts), "w", False, start, quoted)]
    if _is_identifier(core):
        return [Tok(core, "i", False, start, quoted)]
    out: list[Tok] = []
    i, n = 0, len(core)
    while i < n:
        j, kind = _piece_end(core, i), "s"
        if core[i].isdigit() or core[i] == ".":
            kind = "n"
        elif core[i].isalpha():
            kind = "w"
        out.append(Tok(core[i:j], kind, bool(out), start and not out, quoted))
        i = j
    return out


def _piece_end(core: str, i: int) -> int:
    """End of the number, word or single symbol starting at `i`."""
    n = len(core)
    nxt_digit = i + 1 < n and core[i + 1].isdigit()
    if core[i].isdigit() or (core[i] == "." and nxt_digit):
        j = i + 1
        while j < n and (core[j].isdigit() or (core[j] in ".," and j + 1 < n and core[j + 1].isdigit())):
            j += 1
        return j
    if core[i].isalpha():
        j = i + 1
        while j < n and (core[j].isalpha() or (core[j] in ("'", RIGHT_QUOTE) and j + 1 < n and core[j + 1].isalpha())):
            j += 1
        return j
    return i + 1


# --- numbers --------------------------------------------------------------------------------------

_TEMPERATURE = {"c": "c", "celsius": "c", "centigrade": "c", "f": "f", "fahrenheit": "f"}
_SMALL_OR_TENS = lex.SMALL_NUMBERS.keys() | lex.TENS.keys()


def _number(value: str) -> Item:
    return (VALUE, digest("n:" + value))


def _split_thousands(text: str) -> list[str]:
    """'1,000.5' -> ['1000.5']; '1,2' (not thousands) -> ['1', '2']; '.5' -> ['0.5']."""
    parts = [("0" + p if p.startswith(".") else p) for p in text.split(",")]
    if len(parts) == 1:
        return parts
    middle_ok = all(len(p) == 3 and p.isdigit() for p in parts[1:-1])
    last_int = parts[-1].split(".", 1)[0]
    if parts[0].isdigit() and middle_ok and len(last_int) == 3 and last_int.isdigit():
        return ["".join(parts)]
    return [p for p in parts if p]


def _scaled(number: str, factor: int) -> str:
    try:
        if len(number) > 30:
            raise InvalidOperation
        return format((Decimal(number) * factor).normalize(), "f")
    except InvalidOperation:  # e.g. a version number "1.2.3"
        return f"{number}x{factor}"


def _unit_after(toks: list[Tok], j: int) -> tuple[str, int]:
    """The unit (canonical) written at toks[j], and the index after it; ('', j) when none."""
    if j >= len(toks):
        return "", j
    tok, v = toks[j], toks[j].value
    nxt = toks[j + 1].value if j + 1 < len(toks) else ""
    if tok.kind == "s":
        if tok.text == "%":
            return "%", j + 1
        if tok.text == "°":
            return (_TEMPERATURE[nxt], j + 2) if nxt in _TEMPERATURE else ("deg", j + 1)
        return (lex.CURRENCY_SYMBOLS[tok.text], j + 1) if tok.text in lex.CURRENCY_SYMBOLS else ("", j)
    if tok.kind != "w":
        return "", j
    if v == "second":
        return "s", j + 1
    if v == "per" and nxt == "cent":
        return "%", j + 2
    unit = lex.UNITS.get(v) or (v if v in lex.CURRENCY_CODES else "")
    if unit == "deg" and nxt in _TEMPERATURE:
        return _TEMPERATURE[nxt], j + 2
    return (unit, j + 1) if unit else ("", j)


def _finish_number(toks: list[Tok], j: int, number: str, out: list[Item], *, sign: str, unit: str) -> int:
    """Emit `number` with what follows it (ordinal suffix, multiplier, unit); return the next index."""
    nxt = toks[j] if j < len(toks) else None
    if nxt and nxt.glued and nxt.kind == "w" and nxt.value in lex.ORDINAL_SUFFIXES:
        out.append(_number(f"{sign}#{number}"))
        return j + 1
    if nxt and nxt.kind == "w" and nxt.value in lex.MULTIPLIER_SUFFIXES and (nxt.glued or len(nxt.value) > 1):
        number = _scaled(number, lex.MULTIPLIER_SUFFIXES[nxt.value])
        j += 1
    after, k = _unit_after(toks, j)
    if after and (not unit or after == unit):
        unit, j = after, k
    out.append(_number(sign + number + unit))
    return j


def number_items(toks: list[Tok], i: int, out: list[Item], *, sign: str = "", unit: str = "") -> int:
    """Items for the digits at toks[i] (with the given sign and currency); return the next index."""
    values = _split_thousands(toks[i].text)
    out.extend(_number(v) for v in values[:-1])
    return _finish_number(toks, i + 1, values[-1], out, sign=sign, unit=unit)


def _read_number_words(toks: list[Tok], i: int) -> tuple[int, int]:
    """The value of the number words starting at toks[i] ("two hundred and five") and the index after them."""
    total, current, prev, j = 0, 0, "", i
    while j < len(toks) and toks[j].kind == "w":
        w = toks[j].value
        follows = toks[j + 1].value if j + 1 < len(toks) else ""
        if w == "and" and prev in ("hundred", "scale") and follows in _SMALL_OR_TENS:
            j += 1
            continue
        if w in lex.SMALL_NUMBERS and (
            prev in ("", "hundred", "scale") or (prev == "ten" and lex.SMALL_NUMBERS[w] < 10)
        ):
            current, prev = current + lex.SMALL_NUMBERS[w], "small"
        elif w in lex.TENS and prev in ("", "hundred", "scale"):
            current, prev = current + lex.TENS[w], "ten"
        elif w == "hundred" and prev in ("", "small", "ten") and current < 100:
            current, prev = (current or 1) * 100, "hundred"
        elif w in lex.SCALES and w != "hundred" and prev != "scale":
            total, current, prev = total + (current or 1) * lex.SCALES[w], 0, "scale"
        else:
            break
        j += 1
    return total + current, j


def number_word_items(toks: list[Tok], i: int, out: list[Item]) -> int | None:
    """Items for number or ordinal words at toks[i], and the next index; None when toks[i] is not one."""
    v = toks[i].value
    if v in lex.ORDINALS:
        out.append(_number(f"#{lex.ORDINALS[v]}"))
        return i + 1
    if v in lex.LAST_WORDS:
        out.append(_number("#last"))
        return i + 1
    if v not in _SMALL_OR_TENS and v not in lex.SCALES:
        return None
    value, j = _read_number_words(toks, i)
    if j == i or (v == "one" and j == i + 1 and not _unit_after(toks, j)[0]):
        return None  # "one" alone is a pronoun ("which one"), not a count
    return _finish_number(toks, j, str(value), out, sign="", unit="")
