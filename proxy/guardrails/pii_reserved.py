"""Values of a PII shape that cannot reach anyone: reserved names, unroutable addresses, placeholders.

A `pii` guardrail with `reserved_values: allow` (the default) does not report these; with `detect`
it does. Every test here is a general rule over the value alone (never a list of sample strings),
reads only the bytes the detector already decided on, and reads a fixed-length head of a secret
that may still be streaming in, so a stream and the whole answer decide the same:
- email: a reserved domain (RFC 2606 / 6761): `example.com`, `example.net`, `example.org` and their
  subdomains, and the `.test`, `.example`, `.invalid`, `.localhost` top-level domains;
- IP address: in an explicit list of blocks that address no one's host on the internet:
  documentation (RFC 5737, 3849, 9637), loopback, unspecified, link-local, private networks
  (RFC 1918, unique-local fc00::/7, shared 100.64/10: they identify no person on the internet),
  multicast groups, and 240/4 (reserved and broadcast, where netmasks such as 255.255.255.0 fall).
  Other special-purpose blocks are reported: Teredo (2001::/32) and 6to4 addresses carry real
  hosts. An IPv4-mapped IPv6 address is judged by its IPv4 address;
- phone: a NANP number in 555-0100..555-0199, set aside for fiction;
- credential: a placeholder, not key material: a run of 6+ of one character (`XXXXXX`, `000000`),
  a run of 8+ consecutive characters (`abcdefgh`, `12345678`), a placeholder word (`EXAMPLE`,
  `your-key`, `REDACTED`, `changeme`, ...), few distinct characters (at most a third of the head:
  `xxxx-xxxx-xxxx`, `XXXX0000XXXX`) or a short repeating pattern (`abcd1234abcd1234`) in the judged head;
- JWT: the jwt.io sample payload (`"sub":"1234567890"` or `"name":"John Doe"` in the judged head);
- private key: a PEM block whose body starts with no key material: empty (the END line), an ellipsis,
  a bracket or template sign (`<key>`, `{...}`, `$KEY`, `(paste here)`), a placeholder word, or a
  short base64 stub cut by an ellipsis (`MIIE...`).
"""

from __future__ import annotations

import base64
import ipaddress
import itertools
from collections.abc import Callable

from proxy.core.patterns import compile_linear

Reserved = Callable[[bytes], bool]

# Endings of a reserved address: the example domains (after `@` or a subdomain's `.`) and TLDs.
_RESERVED_ENDINGS = (
    *(b"@example.com", b".example.com", b"@example.net", b".example.net", b"@example.org", b".example.org"),
    *(b".test", b".example", b".invalid", b".localhost"),
)
_V4_RESERVED = tuple(
    ipaddress.IPv4Network(net)
    for net in (
        *("192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24"),  # documentation
        *("127.0.0.0/8", "0.0.0.0/32", "169.254.0.0/16"),  # loopback, unspecified, link-local
        *("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10"),  # private, shared
        *("224.0.0.0/4", "240.0.0.0/4"),  # multicast; reserved and broadcast (netmasks)
    )
)
_V6_RESERVED = tuple(
    ipaddress.IPv6Network(net)
    for net in (
        *("2001:db8::/32", "3fff::/20"),  # documentation
        *("::1/128", "::/128", "fe80::/10"),  # loopback, unspecified, link-local
        *("fc00::/7", "ff00::/8"),  # unique local (private), multicast
    )
)

_REPEAT_RUN = 6  # one character this many times in a row: 36^-5 per position in random key material
_SEQUENCE_RUN = 8  # this many characters each one up from the last (`abcdefgh`, `12345678`)
_PERIOD = 8  # longest repeating pattern taken for a template (`abcd1234abcd1234`)
# Words that mark a template value; 5+ letters (or `your` before a separator), so that random key
# material contains one with a probability below one in a million.
_PLACEHOLDER_WORD = compile_linear(
    r"(?i:example|placeholder|redacted|changeme|replace_?me|dummy|sample|your[-_]|yourkey|yourapi|yourtoken|insert)"
)


def reserved_email(value: bytes) -> bool:
    """An address at a domain reserved for examples and tests."""
    return value.lower().endswith(_RESERVED_ENDINGS)


def reserved_ip(value: bytes) -> bool:
    """An address no one on the internet can be reached at (see the module docstring)."""
    try:
        address = ipaddress.ip_address(value.decode("ascii"))
    except ValueError:
        return False  # the checks only pass valid addresses; were one not, report it rather than fail
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is None:
            return any(address in net for net in _V6_RESERVED)
        address = address.ipv4_mapped
    return any(address in net for net in _V4_RESERVED)


def fictional_nanp(digits: bytes) -> bool:
    """Ten NANP digits (area, exchange, line) whose exchange and line are 555-0100..555-0199."""
    return len(digits) == 10 and digits[3:6] == b"555" and digits[6:8] == b"01"


def fictional_phone(value: bytes) -> bool:
    """A NANP number (optionally `+1`/`1`/`001`, optionally an extension) in the fictional range."""
    if b"555" not in value:
        return False
    main = value.lower().split(b"x")[0].split(b"e")[0]  # without an extension (`x12`, `ext. 3`)
    digits = bytes(c for c in main if 48 <= c <= 57)
    if value.startswith(b"+") or value.startswith(b"00"):
        prefix = b"1" if value.startswith(b"+") else b"001"
        if not digits.startswith(prefix):
            return False
        digits = digits[len(prefix) :]
    elif len(digits) == 11 and digits.startswith(b"1"):
        digits = digits[1:]
    return fictional_nanp(digits)


def placeholder_key(head: bytes) -> bool:
    """`head` (the judged, fixed-length start of a credential's body) is template text, not a key."""
    repeat = sequence = 1
    for prev, cur in itertools.pairwise(head):
        repeat = repeat + 1 if cur == prev else 1
        sequence = sequence + 1 if cur == prev + 1 else 1
        if repeat >= _REPEAT_RUN or sequence >= _SEQUENCE_RUN:
            return True
    return _low_diversity(head) or _periodic(head) or _PLACEHOLDER_WORD.search(head) is not None


def _low_diversity(head: bytes) -> bool:
    """At most a third of the head's characters are distinct: 16 random characters of 36 have 13 on
    average and 5 or fewer with a probability below 1e-8 (20 of 62: 6 or fewer below 1e-12)."""
    return len(head) >= 12 and 3 * len(set(head)) <= len(head)


def _periodic(head: bytes) -> bool:
    """The head repeats a pattern of at most _PERIOD characters, and at least _PERIOD more follow it:
    random material does so with a probability of at most 36^-8."""
    return any(head[p:] == head[:-p] for p in range(1, _PERIOD + 1) if len(head) >= p + _PERIOD)


# The jwt.io sample claims, as their JSON appears decoded from a payload.
_SAMPLE_CLAIMS = (b'"sub":"1234567890"', b'"name":"John Doe"')
JWT_PAYLOAD_HEAD = 48  # base64 characters of the payload judged: 36 bytes of JSON


def sample_jwt(value: bytes) -> bool:
    """A token whose payload starts with the jwt.io sample claims (`sub` 1234567890, `John Doe`)."""
    parts = value.split(b".")
    if len(parts) < 2:
        return False
    head = parts[1][:JWT_PAYLOAD_HEAD]
    head = head[: len(head) - len(head) % 4]  # whole base64 quanta only
    try:
        decoded = base64.urlsafe_b64decode(head)
    except ValueError:
        return False
    return any(claim in decoded for claim in _SAMPLE_CLAIMS)


PEM_BODY_HEAD = 72  # bytes after a PEM header judged: a 64-character line and an ellipsis
_PEM_STUB = compile_linear(r"^(?:-----END |\.\.\.|…|[<{\[($*]|[A-Za-z0-9+/=]{0,60}(?:\.\.\.|…))")


def placeholder_pem(value: bytes) -> bool:
    """A PEM private-key block whose body (after blank lines and JSON `\\n` escapes) starts with no
    key material (see the module docstring); `Proc-Type:` header fields count as material."""
    end = value.find(b"-----", 11)
    if end < 0:
        return False
    body = value[end + 5 : end + 5 + PEM_BODY_HEAD]
    body = body.replace(b"\\n", b"\n").replace(b"\\r", b"\n").lstrip(b" \t\r\n")
    line = body.split(b"\n", 1)[0]
    return _PEM_STUB.search(body) is not None or _PLACEHOLDER_WORD.search(line) is not None


def _after(prefix_end: Callable[[bytes], int], length: int) -> Reserved:
    """A credential test judging the `length` body characters after its prefix."""

    def test(value: bytes) -> bool:
        start = prefix_end(value)
        return placeholder_key(value[start : start + length])

    return test


def _openai_body(value: bytes) -> int:
    for kind in (b"sk-proj-", b"sk-svcacct-", b"sk-admin-"):
        if value.startswith(kind):
            return len(kind)
    return 3


# Heads as the detector judges them (see pii.py's window table): 20 characters after the prefix
# for keys that keep growing, the whole fixed-length body otherwise.
RESERVED: dict[str, Reserved] = {
    "email": reserved_email,
    "phone": fictional_phone,
    "ip_address": reserved_ip,
    "openai_key": _after(_openai_body, 20),
    "anthropic_key": _after(lambda _: 7, 20),
    "aws_access_key": _after(lambda _: 4, 16),
    "github_token": _after(lambda v: v.index(b"_", 2) + 1 if v.startswith(b"gh") else 11, 82),
    "jwt": sample_jwt,
    "private_key": placeholder_pem,
}
