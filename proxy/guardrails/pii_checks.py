"""Judges of the PII detector's candidates: checksums, issuer and country tables, context rules.

Every `check_*` takes the UTF-8 bytes of the scanned text and the byte span RE2 matched, and returns
the span of the finding (possibly narrowed or extended) or None to drop the candidate. Each reads a
bounded number of bytes around its span, so the detector stays linear in the text. Spans only ever
cover ASCII bytes, so they always fall on character boundaries.
"""

from __future__ import annotations

import ipaddress

from proxy.core.patterns import compile_linear
from proxy.guardrails.pii_context import (
    date_shape,
    phone_context,
    quantity_next_to,
    reference_before,
    ssn_context,
    version_context,
)

Span = tuple[int, int]

_ZERO, _NINE, _DOT, _DASH, _SPACE, _COLON = 48, 57, 46, 45, 32, 58
_WORD = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_")
KEY_CHARS = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-"
# What may follow a PEM header up to its END line: base64, whitespace, JSON escapes (`\n`), and
# header fields (`DEK-Info: AES-128-CBC,...`, `Comment: Ana <ana@x.io> (work)`) - any printable
# ASCII but the quote and backtick that close a JSON string or a Markdown code span.
_PEM_BODY = bytes(range(0x20, 0x7F)).translate(None, b'"`') + b"\t\r\n"
_LOCAL_CHARS = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._%+-")

TRUNCATED_KEY = 40  # a key body shorter than this and cut by an ellipsis is a display, not a key
MAX_KEY_BODY = 512  # caps for naturally unbounded secrets, so a finding's length stays bounded
MAX_JWT_PAYLOAD = 8192
MAX_JWT_SIGNATURE = 2048
MAX_PEM_BODY = 16384
_CARD_RUN_TAIL = compile_linear(r"(?:[ -]?[0-9])*")
_DOTTED_RUN_TAIL = compile_linear(r"[0-9.]*")
_HEX_RUN_TAIL = compile_linear(r"[0-9A-Fa-f:.]*")


def _digit(data: bytes, i: int) -> bool:
    return 0 <= i < len(data) and _ZERO <= data[i] <= _NINE


def _continues(data: bytes, i: int, separators: bytes) -> bool:
    """A separator at `i` followed by a digit: the number goes on past `i`."""
    return i < len(data) and data[i] in separators and _digit(data, i + 1)


def _continued(data: bytes, i: int, separators: bytes) -> bool:
    """A digit then a separator right before `i`: the number started before `i`."""
    return i >= 2 and data[i - 1] in separators and _digit(data, i - 2)


def _extend(data: bytes, end: int, chars: bytes, limit: int) -> int:
    """`end` moved past the run of `chars` that starts there, stopping at `limit`."""
    chunk = data[end:limit]
    return end + len(chunk) - len(chunk.lstrip(chars))


# --- credit cards ------------------------------------------------------------------------------

_DOUBLED = bytes.maketrans(b"0123456789", bytes([0, 2, 4, 6, 8, 1, 3, 5, 7, 9]))
_ANY, _SIXTEEN_UP, _FOURTEEN_UP = frozenset(range(12, 20)), frozenset(range(16, 20)), frozenset(range(14, 20))
# (lowest prefix, highest prefix, allowed lengths); prefixes compare as equal-length digit strings.
_ISSUERS: tuple[tuple[bytes, bytes, frozenset[int]], ...] = (
    (b"4", b"4", frozenset({13, 16, 19})),  # Visa
    (b"51", b"55", frozenset({16})),  # Mastercard
    (b"2221", b"2720", frozenset({16})),  # Mastercard 2-series
    (b"34", b"34", frozenset({15})),  # Amex
    (b"37", b"37", frozenset({15})),
    (b"6011", b"6011", _SIXTEEN_UP),  # Discover
    (b"644", b"649", _SIXTEEN_UP),
    (b"65", b"65", _SIXTEEN_UP),
    (b"3528", b"3589", _SIXTEEN_UP),  # JCB
    (b"300", b"305", _FOURTEEN_UP),  # Diners
    (b"36", b"36", _FOURTEEN_UP),
    (b"38", b"39", _FOURTEEN_UP),
    (b"62", b"62", _SIXTEEN_UP),  # UnionPay
    (b"50", b"50", _ANY),  # Maestro
    (b"56", b"58", _ANY),
    (b"6304", b"6304", _ANY),
    (b"6759", b"6759", _ANY),
    (b"676770", b"676770", _ANY),
    (b"676774", b"676774", _ANY),
)


def luhn_ok(digits: bytes) -> bool:
    """The Luhn (mod 10) checksum of ASCII `digits` holds."""
    rev = digits[::-1]
    plain, doubled = rev[0::2], rev[1::2]
    return (sum(plain) - _ZERO * len(plain) + sum(doubled.translate(_DOUBLED))) % 10 == 0


_ISSUERS_BY_FIRST_DIGIT: dict[int, tuple[tuple[bytes, bytes, frozenset[int]], ...]] = {
    digit: tuple(i for i in _ISSUERS if i[0][0] == digit) for digit in b"23456"
}


def card_issuer_ok(digits: bytes) -> bool:
    """Some card network issues numbers with this prefix and this length."""
    n = len(digits)
    issuers = _ISSUERS_BY_FIRST_DIGIT.get(digits[0], ())
    return any(lo <= digits[: len(lo)] <= hi and n in lengths for lo, hi, lengths in issuers)


_CARD_TRIM = 3  # groups of a digit run that may precede or follow the card in it


def check_card(data: bytes, s: int, e: int) -> Span | None:
    """A run of 13-28 digits (single spaces or dashes between): the earliest-starting, then longest,
    part of it made of whole groups, with at most _CARD_TRIM groups left out on either side, 13-19
    digits, a known issuer prefix and a valid Luhn checksum - so a card followed by its expiry date
    and code, or preceded by a quantity, is still found."""
    if _continues(data, e, b" -"):
        return None  # a longer digit run: not a card
    groups: list[Span] = []  # (start, end) of each digit group; separators are single characters
    for part in data[s:e].replace(b"-", b" ").split(b" "):
        start = groups[-1][1] + 1 if groups else s
        groups.append((start, start + len(part)))
    counts = [0]
    for a, b in groups:
        counts.append(counts[-1] + b - a)
    digits = data[s:e].translate(None, b" -")
    last = len(groups) - 1
    for i, (start, _) in enumerate(groups[: _CARD_TRIM + 1]):
        if data[start] not in _ISSUERS_BY_FIRST_DIGIT:
            continue
        for j in range(last, max(i, last - _CARD_TRIM) - 1, -1):
            size = counts[j + 1] - counts[i]
            if size < 13:
                break
            number = digits[counts[i] : counts[j + 1]]
            if size <= 19 and card_issuer_ok(number) and luhn_ok(number):
                return start, groups[j][1]
    return None


def skip_card_run(data: bytes, e: int) -> int:
    """Where the digit run a rejected card candidate belongs to ends (its parts are not cards)."""
    return int(_CARD_RUN_TAIL.match(data, e).end()) if _continues(data, e, b" -") else e


# --- US social security numbers -----------------------------------------------------------------

_PUBLISHED_SSNS = frozenset({b"078051120", b"219099999", b"123456789", b"457555462"})


def ssn_ok(digits: bytes) -> bool:
    """Nine digits the SSA could issue: area not 000/666/9xx, group not 00, serial not 0000, and
    not one of the numbers printed in advertising and examples."""
    area = digits[:3]
    return (
        area not in (b"000", b"666")
        and area[0] != _NINE
        and digits[3:5] != b"00"
        and digits[5:] != b"0000"
        and digits not in _PUBLISHED_SSNS
    )


def check_ssn(data: bytes, s: int, e: int) -> Span | None:
    """`AAA-GG-SSSS` / `AAA GG SSSS` with valid parts, not part of a longer dashed or dotted number."""
    if _continued(data, s, b"-.") or _continues(data, e, b"-."):
        return None
    return (s, e) if ssn_ok(data[s : s + 3] + data[s + 4 : s + 6] + data[s + 7 : e]) else None


def check_bare_ssn(data: bytes, s: int, e: int) -> Span | None:
    """Nine bare digits are an SSN only next to a context word (ssn, social security, ...): one
    ending shortly before them, or one shortly after (`287654321 as my SSN`), see pii_context."""
    if not ssn_ok(data[s:e]) or quantity_next_to(data, s, e):
        return None  # `287654321 rows`, `population 287654321`: a count, whatever word is near
    return (s, e) if ssn_context(data, s, e) else None


# --- IBAN ----------------------------------------------------------------------------------------

# IBAN length per country (ISO 13616 registry): SEPA members and other common issuers.
_IBAN_TABLE = (
    "AD:24 AE:23 AT:20 AZ:28 BA:20 BE:16 BG:22 BH:22 BR:29 BY:28 CH:21 CR:22 CY:28 CZ:24 DE:22 DK:18 "
    "DO:28 EE:20 EG:29 ES:24 FI:18 FO:18 FR:27 GB:22 GE:22 GI:23 GL:18 GR:27 GT:28 HR:21 HU:28 IE:22 "
    "IL:23 IQ:23 IS:26 IT:27 JO:30 KW:30 KZ:20 LB:28 LC:32 LI:21 LT:20 LU:20 LV:21 LY:25 MC:27 MD:24 "
    "ME:22 MK:19 MR:27 MT:31 MU:30 NL:18 NO:15 PK:24 PL:28 PS:29 PT:25 QA:29 RO:24 RS:22 RU:33 SA:24 "
    "SC:31 SD:18 SE:24 SI:19 SK:24 SM:27 ST:25 SV:28 TL:23 TN:24 TR:26 UA:29 VA:22 VG:24 XK:20"
)
IBAN_LENGTHS: dict[bytes, int] = {item[:2].encode(): int(item[3:]) for item in _IBAN_TABLE.split()}
_LETTER_VALUES = str.maketrans({chr(c): str(c - 55) for c in range(65, 91)})  # A=10 ... Z=35


def iban_checksum_ok(compact: bytes) -> bool:
    """ISO 7064 mod 97-10: the number read from BBAN + country + check digits is 1 modulo 97."""
    moved = (compact[4:] + compact[:4]).decode("ascii")
    return int(moved.translate(_LETTER_VALUES)) % 97 == 1


def check_iban(data: bytes, s: int, e: int) -> Span | None:
    """Known country, exactly its IBAN length (a grouped IBAN may be followed by more groups), and
    a valid mod-97 checksum."""
    raw = data[s:e]
    length = IBAN_LENGTHS.get(raw[:2])
    compact = raw.replace(b" ", b"")
    if length is None or len(compact) < length:
        return None
    if len(compact) > length:
        end = length + (length - 1) // 4  # the grouped form puts a space after every 4 characters
        if b" " not in raw or raw[end : end + 1] != b" ":
            return None
        compact, e = compact[:length], s + end
    return (s, e) if iban_checksum_ok(compact) else None


# --- IP addresses --------------------------------------------------------------------------------


def ipv4_ok(candidate: bytes) -> bool:
    """Four decimal octets 0-255 without leading zeros."""
    parts = candidate.split(b".")
    return len(parts) == 4 and all(
        p.isdigit() and len(p) <= 3 and (len(p) == 1 or p[0] != _ZERO) and int(p) <= 255 for p in parts
    )


def check_ipv4(data: bytes, s: int, e: int) -> Span | None:
    """A valid dotted quad that is not part of a longer dotted number and not a version string
    (`v1.2.3.4` never matches thanks to the word boundary; `version 1.2.3.4`, `Chrome/120.0.0.0`
    and `1.2.3.4-beta` are versions by pii_context's rules), and not a /16 network address."""
    if _continued(data, s, b".") or _continues(data, e, b".") or not ipv4_ok(data[s:e]):
        return None
    if data.endswith(b".0.0", s, e):
        return None  # `a.b.0.0`: a network (`10.20.0.0/16`) or a version (`2.4.0.0`), not one host
    return None if version_context(data, s, e) else (s, e)


def skip_dotted_run(data: bytes, e: int) -> int:
    """Where the run of digits and dots a rejected IPv4 candidate belongs to ends."""
    return int(_DOTTED_RUN_TAIL.match(data, e).end()) if _continues(data, e, b".") else e


def check_ipv6(data: bytes, s: int, e: int) -> Span | None:
    """A valid IPv6 address (full, compressed, or with an IPv4 tail) standing alone, with a decimal
    digit in it, and - when compressed to fewer than three groups - `::1` or a group of 3+ hex digits, so
    C++ scopes (`std::vector`, `a::b`, `dead::beef`) and slices (`x[::2]`) are not addresses."""
    before = data[s - 1] if s > 0 else _SPACE
    after = data[e] if e < len(data) else _SPACE
    if before in _WORD or before == _COLON or after in _WORD or after == _COLON or _continues(data, e, b"."):
        return None
    text = data[s:e].decode("ascii")
    try:
        ipaddress.IPv6Address(text)
    except ValueError:
        return None
    if not any(c.isdigit() for c in text):
        return None
    groups = [g for g in text.split(":") if g]
    if "::" in text and text != "::1" and len(groups) < 3 and max(map(len, groups)) < 3:
        return None
    return s, e


def skip_hex_run(data: bytes, e: int) -> int:
    """Where the run of hex digits, colons and dots a rejected IPv6 candidate belongs to ends."""
    return int(_HEX_RUN_TAIL.match(data, e).end())


# --- email and phone -----------------------------------------------------------------------------

# File extensions that are not delegated TLDs: `icon@2x.png`, `data@2024.csv` are file names.
_FILE_EXTENSIONS = frozenset(
    b"png jpg jpeg gif svg webp bmp ico tif tiff avif heic pdf csv tsv txt json yaml yml xml html htm "
    b"css js jsx ts tsx log tmp bak exe dll ini cfg toml lock".split()
)


def check_email(data: bytes, s: int, e: int) -> Span | None:
    """Local part of at most 64 characters (not starting or ending with a dot, no `..`), domain of at
    most 120 with labels of 1-63 characters not starting or ending with `-`, a TLD that is not a file
    extension, and not followed by `:path` (an scp-style SSH remote)."""
    if s > 0 and data[s - 1] in _LOCAL_CHARS:
        return None  # the local part is longer than 64
    if e + 1 < len(data) and data[e] == _COLON and data[e + 1] not in b" \t\r\n":
        return None  # `git@github.com:org/repo.git`: an SSH remote (user@host:path)
    at = data.index(b"@", s, e)
    local, domain = data[s:at], data[at + 1 : e]
    if local[:1] == b"." or local[-1:] == b"." or b".." in local or len(domain) > 120:
        return None
    labels = domain.split(b".")
    if any(not label or len(label) > 63 or label[0] == _DASH or label[-1] == _DASH for label in labels):
        return None
    return None if labels[-1].lower() in _FILE_EXTENSIONS else (s, e)


def check_nanp(data: bytes, s: int, e: int) -> Span | None:
    """A formatted North American number, not part of a longer dashed or dotted number."""
    if _digit(data, s - 1) or _continued(data, s, b"-.") or _continues(data, e, b"-."):
        return None
    if data[s] in b"23456789" and reference_before(data, s):
        return None  # `Order 415-867-5309`, `Case ID 646-555-2219`: a reference number
    return s, e


def check_bare_phone(data: bytes, s: int, e: int) -> Span | None:
    """Ten bare digits (or `1` and ten) of a NANP number are a phone number only next to a phone word
    (`call me at 4155552671`, `4155552671 is my cell`), see pii_context; bare digits alone are not."""
    return (s, e) if phone_context(data, s, e) else None


_TO_SPACE = bytes.maketrans(b"().-", b"    ")


def check_phone_intl(data: bytes, s: int, e: int) -> Span | None:
    """`+` (or `00`) and a country code, 7-15 digits in all (11 with a valid NANP number after `+1`), and an
    optional extension; without one, trailing groups after a space that push the count over are left
    out (the next number, e.g. a year). Signed amounts (`+3 904 416`, `+30 587 289`) are not phones:
    no country code has one digit but 1 and 7, and few numbers are 3-digit groups of 9 digits or fewer."""
    if s > 0 and (data[s - 1] in _WORD or data[s - 1] == ord("+")):
        return None  # arithmetic (`5+1234567`) or an identifier, not a phone number
    if date_shape(data[s + (1 if data[s] == ord("+") else 2) : e]):
        return None  # `+2024-03-15`, `+31.12.1999`: a signed or prefixed date
    if _continues(data, e, b"-."):
        return None
    raw = data[s:e]
    main = raw[: len(raw.lower().split(b"x")[0].rstrip(b" e"))]  # without the extension
    plus = raw[0] == ord("+")  # else the `00` international prefix
    limit = 11 if main[1 if plus else 2] == ord("1") else 15
    if len(main) == len(raw):
        while len(main.translate(None, b" .-()+")) > limit:
            cut = main.rfind(b" ")
            if cut <= 1:
                return None
            main = main[:cut].rstrip(b" .-")
        e = s + len(main)
    groups = main[1 if plus else 2 :].translate(_TO_SPACE).split()
    digits = b"".join(groups)
    if not plus and len(groups[0]) > 3:
        return None  # `0012345678`: a zero-padded number, not `00` + country code
    if limit == 11 and (len(digits) != 11 or digits[1] < ord("2") or digits[4] < ord("2")):
        return None
    if not 7 <= len(digits) <= limit or (len(groups[0]) == 1 and groups[0] not in (b"1", b"7")):
        return None
    if len(digits) <= 9 and len(groups) > 1 and all(len(g) == 3 for g in groups[1:]):
        return None
    return (s, e) if main[-1:].isdigit() else None


# --- credentials ---------------------------------------------------------------------------------

_OPENAI_KINDS = (b"proj-", b"svcacct-", b"admin-")


def check_openai_key(data: bytes, s: int, e: int) -> Span | None:
    """`sk-`, an optional key kind (`proj-`, `svcacct-`, `admin-`) and 20+ key characters, but not
    `sk-ant-` (Anthropic), not a lower-case slug such as `sk-learn` and its lower-case relatives, and not
    fewer than TRUNCATED_KEY characters cut by an ellipsis; only the first 20 characters after the kind
    (and whether an ellipsis follows within TRUNCATED_KEY) are judged, so a streamed key decides as a whole."""
    end = _extend(data, e, KEY_CHARS, s + 3 + MAX_KEY_BODY)
    body = data[s + 3 : end]
    if body.startswith(b"ant-"):
        return None
    rest = next((body[len(kind) :] for kind in _OPENAI_KINDS if body.startswith(kind)), body)
    head = rest[:20]
    if len(head) < 20 or (head == head.lower() and (b"-" in head or b"_" in head)):
        return None
    if len(rest) < TRUNCATED_KEY and data.startswith((b"...", "\u2026".encode()), end):
        return None  # `sk-proj-Ab3dEf...`: a key shown cut short, as dashboards and docs do
    return s, end


def check_anthropic_key(data: bytes, s: int, e: int) -> Span | None:
    """`sk-ant-` and 20+ key characters, extended to the end of the key (at most MAX_KEY_BODY)."""
    return s, _extend(data, e, KEY_CHARS, s + 7 + MAX_KEY_BODY)


def check_jwt(data: bytes, s: int, e: int) -> Span | None:
    """Header and payload (both base64url JSON, `eyJ`...) and the signature when present; the span
    grows with the token as it streams in, so it is never released half-seen."""
    end = _extend(data, e, KEY_CHARS, e + MAX_JWT_PAYLOAD)
    if end < len(data) and data[end] == _DOT:
        end = _extend(data, end + 1, KEY_CHARS, end + 1 + MAX_JWT_SIGNATURE)
    return s, end


def check_private_key(data: bytes, s: int, e: int) -> Span | None:
    """A PEM private key header, through the matching END line when it follows the key material
    within MAX_PEM_BODY bytes; otherwise through the key material that follows the header (so a
    key still streaming in is held whole)."""
    # A trailing backslash may escape the quote that ends a JSON string: leave it out of the span.
    body_end = e + len(data[e : _extend(data, e, _PEM_BODY, e + MAX_PEM_BODY)].rstrip(b"\\"))
    end_line = data.find(b"-----END ", e, body_end)
    if end_line >= 0:
        closing = b"-----END " + data[s + 11 : e]
        if data.startswith(closing, end_line) and end_line + len(closing) <= body_end:
            return s, end_line + len(closing)
    return s, body_end
