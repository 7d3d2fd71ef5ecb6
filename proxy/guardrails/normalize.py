"""Normalised "views" of untrusted text, so detection rules see through common obfuscation.

`views(text)` returns the distinct views, the base view first. Guarantees:

- Every view is lower-case (casefolded) text with whitespace collapsed: a run of whitespace becomes one
  space, or one newline when the run contains a line break (line starts stay visible to rules).
- Only `text[:max_chars]` is looked at: the caller decides what to do with longer input (reject it,
  or scan it in windows). Work is linear in `max_chars`; decoded payloads add at most `max_chars`
  characters and `MAX_PAYLOADS` views.
- Untrusted text is only ever matched with RE2 (linear time) or plain `str` methods.

Views: base (NFKC, casefold, invisible/control characters and combining marks removed, look-alike letters
from other scripts mapped to ASCII); de-leet (`1gn0r3` -> `ignore`) when some word mixes letters with
digits/symbols; de-spaced (`i g n o r e`, `i.g.n.o.r.e` -> `ignore`); ROT13 and reversed text, only when
the text mentions rot13/caesar or reversing; Unicode tag characters (invisible ASCII) decoded; base64
(standard or url-safe) and contiguous hex runs that decode to mostly printable UTF-8 text, one level of
nesting included.
"""

from __future__ import annotations

import binascii
import functools
import unicodedata

import re2

from proxy.core.patterns import compile_linear

MAX_PAYLOADS = 8  # decoded payload views per text, all levels together
_MIN_ENCODED = 16  # shortest base64/hex run worth decoding: shorter ones are ordinary words or ids
_MIN_PRINTABLE = 0.85  # share of a decoded payload that must be printable for it to count as text
_MAX_REPLACES = 16  # past this many distinct characters to change, one translate beats repeated replace

# ASCII letter -> letters of other scripts (Cyrillic, Greek, Armenian, Latin small capitals and stroked
# letters) that render like it, upper and lower case. Applied after NFKC, so fullwidth and mathematical
# letters need no entry; accented letters fold to their base letter first.
_LOOKALIKES_OF = {
    "a": "\u0430\u0410\u03b1\u0391\u0251\u1d00",
    "b": "\u0432\u044c\u0412\u042c\u03b2\u0392\u0180\u0299",
    "c": "\u0441\u0421\u03c2\u1d04",
    "d": "\u0501\u0500\u0111\u0110\u1d05",
    "e": "\u0435\u0415\u03b5\u0395\u1d07",
    "f": "\ua730",
    "g": "\u0261\u0262",
    "h": "\u04bb\u043d\u04ba\u041d\u0397\u0570\u0127\u0126\u029c",
    "i": "\u0456\u0406\u03b9\u0399\u0131\u0269\u0268\u026a",
    "j": "\u0458\u0408\u03f3\u037f\u0237\u1d0a",
    "k": "\u043a\u041a\u03ba\u039a\u1d0b",
    "l": "\u04cf\u04c0\u0142\u0141\u029f",
    "m": "\u043c\u041c\u039c\u1d0d",
    "n": "\u043f\u03b7\u039d\u0578\u0274",
    "o": "\u043e\u041e\u03bf\u039f\u0585\u0555\u00f8\u00d8\u1d0f",
    "p": "\u0440\u0420\u03c1\u03a1\u1d18",
    "q": "\u051b\u051a",
    "r": "\u0433\u0280",
    "s": "\u0455\u0405\ua731",
    "t": "\u0442\u0422\u03c4\u03a4\u0167\u0166\u1d1b",
    "u": "\u03bc\u03c5\u057d\u054d\u0289\u1d1c",
    "v": "\u03bd\u1d20",
    "w": "\u051d\u051c\u03c9\u1d21",
    "x": "\u0445\u0425\u03c7\u03a7",
    "y": "\u0443\u04af\u0423\u04ae\u03b3\u03a5\u028f",
    "z": "\u03b6\u0396\u1d22",
}
_LETTERS = "abcdefghijklmnopqrstuvwxyz"
_LOOKALIKES: dict[str, str] = {
    **{char: letter for letter, chars in _LOOKALIKES_OF.items() for char in chars},
    # Regional indicators and negative circled/squared capitals: emoji-styled letters NFKC leaves alone.
    **{chr(first + i): letter for first in (0x1F1E6, 0x1F150, 0x1F170) for i, letter in enumerate(_LETTERS)},
}

_ASCII_CONTROLS = dict.fromkeys([*range(0x00, 0x09), *range(0x0E, 0x1C), 0x7F])
# Invisible fillers that are letters (Lo) or symbols to Unicode, so category-based removal misses them.
_FILLERS = "\u115f\u1160\u3164\uffa0\u2800"
# Characters _replacement may change: invisibles, controls, look-alikes, and the blocks holding accented
# Latin, Greek and Cyrillic letters. Text without any (plain English with curly quotes, CJK) is left alone.
_SPECIAL = compile_linear(
    "[\\p{Mn}\\p{Me}\\p{Cf}\\x00-\\x08\\x0e-\\x1b\\x7f-\\x84\\x86-\\x9f"
    "\\x{c0}-\\x{24f}\\x{370}-\\x{4ff}\\x{1e00}-\\x{1fff}"
    + "".join(f"\\x{{{ord(c):x}}}" for c in _FILLERS + "".join(_LOOKALIKES))
    + "]"
)
_INVISIBLE_CATEGORIES = frozenset({"Mn", "Me", "Cf"})
# Whitespace as str.split() knows it; the same without space and newline; line breaks as splitlines() knows them.
_SPACES = r"\t\n\x0b\x0c\r\x1c-\x1f \x{85}\x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}"
_ODD_SPACES = r"\t\x0b\x0c\r\x1c-\x1f\x{85}\x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}"
_LINE_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
# Whitespace that collapsing changes: a run of two or more, or one character other than space and newline.
_IRREGULAR_SPACE = compile_linear(f"[{_SPACES}]{{2,}}|[{_ODD_SPACES}]")
_CHUNK = 1 << 14
_TAG_RUN = compile_linear("[\\x{e0020}-\\x{e007e}]+")
_ENCODED_RUN = compile_linear(f"[A-Za-z0-9+/_-]{{{_MIN_ENCODED},}}={{0,2}}")
_HEX = frozenset("0123456789abcdefABCDEF")
_URLSAFE_TO_STD = str.maketrans("-_", "+/")
# Bytes a decoded payload may hold and still be text: everything but C0 controls (tab/newline/CR allowed) and DEL.
_TEXT_BYTES = bytes(b for b in range(256) if (b >= 0x20 and b != 0x7F) or b in b"\t\n\r")

# A letter touching a digit/symbol commonly written for a letter, and a whitespace-delimited token holding one.
_LEET_PAIR = r"[a-z][01345789@$!|+]|[01345789@$!|+][a-z]"
_LEET_WORD = compile_linear(rf"\S*(?:{_LEET_PAIR})\S*")
_EDGE_PUNCTUATION = "!|.,;:?\"'()[]{}<>*_-~`"  # around a word, not letters (but "$ecret", "@ll" are)
_LEET_TABLE = str.maketrans("013456789@$!|+", "oieasgtbgaslit")
_LEET_TABLE_BULK = str.maketrans("013456789@$+", "oieasgtbgast")  # "!" and "|" stay punctuation
_MAX_LEET_WORDS = 256
_MAX_LEET_WORD = 32
# A run of >= 4 single letters/digits with one separator between each (\b: not inside a longer word).
_SPACED_RUN = compile_linear(r"\b[a-z0-9](?:(?:[._*-]|[ \t]{1,3}|[ \t]*[/|][ \t]*)[a-z0-9]){3,}\b")


def _pattern_set(patterns: tuple[str, ...]) -> re2.Set:
    """An RE2 set of our own constant patterns (few and small, so its DFA stays small)."""
    options = re2.Options()
    options.log_errors = False
    options.case_sensitive = False
    found = re2.Set.SearchSet(options)
    for pattern in patterns:
        found.Add(pattern)
    found.Compile()
    return found


# Cheap presence checks on the cleaned text, in _triggers' order. Encoded runs are case-insensitive here:
# case does not change where a base64 run starts or ends, and cleaning never splits one.
_TRIGGERS = _pattern_set((_SPACED_RUN.pattern, _LEET_PAIR, _ENCODED_RUN.pattern))
_PUNCT_SEPARATORS = frozenset("._*-")
_DROP_SEPARATORS = str.maketrans("", "", "._*- \t")
_ROT13 = str.maketrans("abcdefghijklmnopqrstuvwxyz", "nopqrstuvwxyzabcdefghijklm")
_ROT13_HINTS = ("rot13", "rot-13", "rot 13", "caesar")
_REVERSE_HINTS = ("revers", "backward")


def views(text: str, *, max_chars: int = 200_000) -> list[str]:
    """Return the distinct normalised views of `text[:max_chars]`, the base view first (see module doc)."""
    if max_chars < 1:
        raise ValueError("max_chars must be positive")
    text = text[:max_chars]
    pre = _clean(text)
    base = _collapse(pre)
    found = [base]
    spaced, leet, encoded = _triggers(pre)
    if leet and (deleeted := _deleet(base)) is not None:
        found.append(deleeted)
    if spaced and (despaced := _despace(pre)) is not None:
        found.append(despaced)  # spaced-out leetspeak only shows once joined, so de-leet it regardless
        found.extend(leet_view for leet_view in [_deleet(despaced)] if leet_view is not None)
    if any(hint in base for hint in _ROT13_HINTS):
        found.append(base.translate(_ROT13))
    if any(hint in base for hint in _REVERSE_HINTS):
        found.append(base[::-1])
    if encoded or (not text.isascii() and _TAG_RUN.search(text) is not None):
        found.extend(base_view(payload) for payload in _payloads(text, max_chars))
    return list(dict.fromkeys(found))


def base_view(text: str) -> str:
    """The base normalisation alone: NFKC, casefold, invisibles removed, look-alikes mapped, whitespace collapsed."""
    return _collapse(_clean(text))


def _triggers(pre: str) -> tuple[bool, bool, bool]:
    """Whether `pre` holds spaced-out letters, leetspeak, an encoded run: one RE2 pass instead of three."""
    hits = _TRIGGERS.Match(pre) or ()
    return 0 in hits, 1 in hits, 2 in hits


def _clean(text: str) -> str:
    """Casefolded text with invisible characters removed and look-alikes mapped; whitespace left as is."""
    if text.isascii():
        return text.lower().translate(_ASCII_CONTROLS)
    # Look-alikes are mapped before casefolding: case matters to the eye (capital Greek eta is an H, small eta an n).
    cleaned = _fold_specials(unicodedata.normalize("NFKC", text)).casefold()
    return cleaned if cleaned.isascii() else unicodedata.normalize("NFC", cleaned)


def _fold_specials(text: str) -> str:
    """Delete invisible characters and combining marks, fold accented letters and look-alikes to ASCII.

    Linear: one RE2 scan says whether anything needs changing, one `set()` pass finds what, then a few
    `str.replace` passes, or a single `str.translate` when many distinct characters change.
    """
    if _SPECIAL.search(text) is None:
        return text
    mapping = {char: new for char in set(text) if (new := _replacement(char)) != char}
    if len(mapping) > _MAX_REPLACES:
        return text.translate({ord(char): new for char, new in mapping.items()})
    for char, new in mapping.items():
        text = text.replace(char, new)
    return text


@functools.lru_cache(maxsize=4096)
def _replacement(char: str) -> str:
    """What one non-ASCII character becomes in the base view: itself, an ASCII letter, or nothing."""
    if char in _LOOKALIKES:
        return _LOOKALIKES[char]
    category = unicodedata.category(char)
    if category in _INVISIBLE_CATEGORIES or char in _FILLERS or (category == "Cc" and not char.isspace()):
        return ""
    decomposed = unicodedata.normalize("NFD", char)
    if len(decomposed) > 1 and all(unicodedata.category(mark) == "Mn" for mark in decomposed[1:]):
        return _LOOKALIKES.get(decomposed[0], decomposed[0])  # accented letter: its base letter
    return char


def _collapse(text: str) -> str:
    """Collapse whitespace: runs with a line break become one newline, other runs one space; ends stripped."""
    if _IRREGULAR_SPACE.search(text) is None:  # one scan, cheaper than splitting text that needs nothing
        return text.strip()
    lines = (_collapse_line(line) for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def _collapse_line(line: str) -> str:
    """One line with its whitespace runs collapsed; very long lines go in chunks to keep lists cache-sized."""
    if len(line) <= _CHUNK:
        return " ".join(line.split())
    parts: list[str] = []
    start = 0
    while start < len(line):
        end = line.find(" ", start + _CHUNK)  # cut at a space, so no word spans two chunks
        end = len(line) if end == -1 else end
        part = " ".join(line[start:end].split())
        if part:
            parts.append(part)
        start = end
    return " ".join(parts)


def _deleet(view: str) -> str | None:
    """The view with digits/symbols read as letters inside words that mix both, or None if none do."""
    pieces: list[str] = []
    pos = 0
    for count, match in enumerate(_LEET_WORD.finditer(view)):
        if count == _MAX_LEET_WORDS:  # text made of leet: read every such symbol as a letter in one pass
            result = view.translate(_LEET_TABLE_BULK)
            break
        start, end = match.span()
        if end - start > _MAX_LEET_WORD:  # base64, hashes, URLs: not words written in leetspeak
            continue
        word = view[start:end]
        core = word.strip(_EDGE_PUNCTUATION)
        offset = word.find(core) if core else 0
        pieces.append(view[pos : start + offset])
        pieces.append(core.translate(_LEET_TABLE))
        pos = start + offset + len(core)
    else:
        if not pieces:
            return None
        pieces.append(view[pos:])
        result = "".join(pieces)
    return None if result == view else result


def _despace(pre: str) -> str | None:
    """The text with runs of >= 4 separated single letters joined into words, or None if there are none."""
    pieces: list[str] = []
    pos = 0
    for match in _SPACED_RUN.finditer(pre):
        start, end = match.span()
        pieces.append(pre[pos:start])
        pieces.append(_join_letters(pre[start:end]))
        pos = end
    if not pieces:
        return None
    pieces.append(pre[pos:])
    return _collapse("".join(pieces))


def _join_letters(run: str) -> str:
    """Join one run of separated letters; wider gaps, slashes, or spaces among punctuation separate words."""
    if _PUNCT_SEPARATORS.intersection(run):
        words = run.replace("/", " ").replace("|", " ").split()
    else:
        words = run.replace("\t", "  ").replace("/", "  ").replace("|", "  ").split("  ")
    return " ".join(joined for word in words if (joined := word.translate(_DROP_SEPARATORS)))


def _payloads(text: str, max_chars: int) -> list[str]:
    """Decoded payloads hidden in `text` (tag characters, base64, hex) and, one level down, inside those.

    At most MAX_PAYLOADS payloads and `max_chars` characters in total, outer payloads first.
    """
    found: list[str] = []
    budget = max_chars
    outer = _decoded(text)
    for candidate in (*outer, *(inner for payload in outer for inner in _decoded(payload))):
        if len(found) == MAX_PAYLOADS or budget <= 0:
            break
        found.append(candidate[:budget])
        budget -= len(found[-1])
    return found


def _decoded(text: str) -> list[str]:
    """Payloads directly in `text`, at most MAX_PAYLOADS: decoded tag-character runs, then base64/hex runs."""
    found: list[str] = []
    if not text.isascii():
        # Tag characters U+E0020..E007E mirror ASCII: in UTF-32-LE the low byte of each is that ASCII byte.
        found.extend(m.group().encode("utf-32-le")[::4].decode("ascii") for m in _TAG_RUN.finditer(text))
    for match in _ENCODED_RUN.finditer(text):
        if len(found) >= MAX_PAYLOADS:
            break
        run = match.group()
        decoded = (_from_hex(run) if _HEX.issuperset(run) else None) or _from_base64(run)
        if decoded is not None:
            found.append(decoded)
    return found[:MAX_PAYLOADS]


def _from_base64(run: str) -> str | None:
    """Decode a standard or url-safe base64 run into text, or None if it is not textual base64."""
    body = run.rstrip("=").translate(_URLSAFE_TO_STD)
    body = body[:-1] if len(body) % 4 == 1 else body  # a lone trailing character carries no whole byte
    try:
        raw = binascii.a2b_base64(body + "=" * (-len(body) % 4), strict_mode=True)
    except binascii.Error:
        return None
    return _as_text(raw)


def _from_hex(run: str) -> str | None:
    """Decode an even-length hex run into text, or None if it is not textual."""
    if len(run) % 2:
        return None
    return _as_text(bytes.fromhex(run))


def _as_text(raw: bytes) -> str | None:
    """`raw` as UTF-8 text when at least 85% of it is printable, else None."""
    try:
        decoded = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    controls = len(raw.translate(None, delete=_TEXT_BYTES))  # C0 controls and DEL are what remain
    return decoded if raw and controls <= (1 - _MIN_PRINTABLE) * len(raw) else None
