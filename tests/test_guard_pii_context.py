"""PII detector: reserved and documentation values (the `reserved_values` setting), context words on
either side of bare numbers, versions and dates that are not addresses or phones, and streams that
decide these as the whole text does."""

from __future__ import annotations

import random
import string

import pytest

from proxy.guardrails.findings import Finding
from proxy.guardrails.pii import PiiDetector
from proxy.guardrails.pii_reserved import placeholder_key, reserved_ip
from tests.test_guard_pii import CHUNK_SIZES, channel_for, redacted, scanned_streaming, scanned_whole
from tests.test_guard_policy import policy, problems_of

DEFAULT = PiiDetector()
DETECT = PiiDetector(reserved_values="detect")


def rand(length: int, alphabet: str, seed: int) -> str:
    rnd = random.Random(seed)
    return "".join(rnd.choice(alphabet) for _ in range(length))


# Key prefixes are joined at run time: no key-shaped literal lives in the repository.
AKIA, GHP, SK, SK_ANT = "AK" + "IA", "gh" + "p_", "sk" + "-", "sk" + "-ant-"

# (entity, text, the reserved value in it): not PII by default, found with `reserved_values: detect`.
RESERVED: list[tuple[str, str, str]] = [
    ("email", "Use alice@example.com in the docs.", "alice@example.com"),
    ("email", "Mock users: admin@sub.example.org", "admin@sub.example.org"),
    ("email", "MAIL_FROM=noreply@EXAMPLE.NET in .env.sample", "noreply@EXAMPLE.NET"),
    ("email", "git config user.email ci-bot@build.test", "ci-bot@build.test"),
    ("email", "Why is someone@mail.example valid?", "someone@mail.example"),
    ("email", "bounces go to x@host.invalid", "x@host.invalid"),
    ("email", "MailHog catches dev@app.localhost", "dev@app.localhost"),
    ("ip_address", "The sample server is at 192.0.2.10; use yours.", "192.0.2.10"),
    ("ip_address", "host B (198.51.100.7) answers", "198.51.100.7"),
    ("ip_address", '203.0.113.195 - - "GET / HTTP/1.1" 200', "203.0.113.195"),
    ("ip_address", "ping6 2001:db8::1 says unreachable", "2001:db8::1"),
    ("ip_address", "the new prefix 3fff:0:1::1 (RFC 9637)", "3fff:0:1::1"),
    ("ip_address", "Redis is bound to 127.0.0.1 here", "127.0.0.1"),
    ("ip_address", "the VPN hands out 10.8.0.2 to clients", "10.8.0.2"),
    ("ip_address", "router at 192.168.1.1", "192.168.1.1"),
    ("ip_address", "mapped ::ffff:192.0.2.128 ok", "::ffff:192.0.2.128"),
    ("ip_address", "CGNAT gave the router 100.64.12.7", "100.64.12.7"),
    ("ip_address", "the pod network 172.16.5.4 is private", "172.16.5.4"),
    ("ip_address", "metadata at 169.254.169.254 answers", "169.254.169.254"),
    ("ip_address", "the ULA fd12:3456:789a::1 is internal", "fd12:3456:789a::1"),
    ("ip_address", "link-local fe80::1ff:fe23:4567:890a here", "fe80::1ff:fe23:4567:890a"),
    ("ip_address", "netmask 255.255.255.0 on eth0", "255.255.255.0"),
    ("ip_address", "mDNS sends to 224.0.0.251 port 5353", "224.0.0.251"),
    ("phone", "Placeholder: (555) 555-0100 is fictional", "(555) 555-0100"),
    ("phone", "fixtures use +1 415-555-0123 everywhere", "+1 415-555-0123"),
    ("phone", "a pizza place at 1-312-555-0175.", "1-312-555-0175"),
    ("phone", "phone: '303-555-0156 ext. 2'", "303-555-0156 ext. 2"),
    ("phone", "the agent says call me at 7735550146 today", "7735550146"),
    ("aws_access_key", f"aws_access_key_id = {AKIA}{'X' * 16}", AKIA + "X" * 16),
    ("aws_access_key", f"the docs use {AKIA}IOSFODNN7EXAMPLE as a sample", AKIA + "IOSFODNN7EXAMPLE"),
    ("github_token", f"export GITHUB_TOKEN={GHP}{'x' * 36} (make one)", GHP + "x" * 36),
    ("github_token", f"{'github' + '_pat_'}{'1234567890' * 8}12", "github_pat_" + "1234567890" * 8 + "12"),
    ("anthropic_key", f'anthropicApiKey: "{SK_ANT}api03-{"x" * 20}"', f"{SK_ANT}api03-{'x' * 20}"),
    ("openai_key", f"OPENAI_API_KEY={SK}proj-YOUR_API_KEY_HERE_{'0' * 4}", f"{SK}proj-YOUR_API_KEY_HERE_{'0' * 4}"),
    ("openai_key", f"key {SK}abcdefghijklmnopqrstuvwxyz0123", f"{SK}abcdefghijklmnopqrstuvwxyz0123"),
]


@pytest.mark.parametrize(("entity", "text", "value"), RESERVED)
def test_reserved_value_is_not_pii_by_default_but_is_with_detect(entity: str, text: str, value: str) -> None:
    assert DEFAULT.find(text) == []
    start = text.index(value)
    assert DETECT.find(text) == [Finding(entity, start, start + len(value))]


# Real values next to the reserved ones: found by default.
NEIGHBOURS: list[tuple[str, str]] = [
    ("email", "ana@myexample.com"),
    ("email", "ana@example.com.evil.io"),
    ("email", "ana@mail.example.co.uk"),
    ("ip_address", "73.162.88.14"),
    ("ip_address", "192.0.3.10"),
    ("ip_address", "2a02:8109:9c40::e018"),
    ("ip_address", "2001:0:4136:e378:8000:63bf:3fff:fdd2"),  # Teredo: a real host behind a relay
    ("ip_address", "::ffff:81.169.203.44"),  # IPv4-mapped: judged by its public IPv4 address
    ("ip_address", "198.18.0.1"),  # benchmarking range: unlisted special ranges are reported
    ("phone", "415-555-0200"),
    ("phone", "+1 415-555-2671"),
    ("aws_access_key", AKIA + rand(16, string.ascii_uppercase + string.digits, 1)),
    ("github_token", GHP + rand(36, string.ascii_letters + string.digits, 2)),
    ("openai_key", SK + "proj-" + rand(40, string.ascii_letters + string.digits, 3)),
]


@pytest.mark.parametrize(("entity", "value"), NEIGHBOURS)
def test_real_values_beside_the_reserved_ranges_are_found(entity: str, value: str) -> None:
    text = f"Here: {value} - done"
    assert DEFAULT.find(text) == [Finding(entity, 6, 6 + len(value))]


def test_placeholder_key_shapes() -> None:
    for head in ("X" * 20, "abcdefgh" + "Q7z" * 4, "IOSFODNN7EXAMPLE", "your-key-goes-here12", "REDACTED" * 2):
        assert placeholder_key(head.encode()), head
    for seed in range(200):  # random key material is never taken for a placeholder
        assert not placeholder_key(rand(20, string.ascii_letters + string.digits + "-_", seed).encode())


# (text, value) with a context word on either side: found.
CONTEXT_FOUND: list[tuple[str, str, str]] = [
    ("ssn", "please use 287654321 as my SSN on the form", "287654321"),
    ("ssn", "287654321, which is my social security number", "287654321"),
    ("ssn", "ok so my social is 671482930, please", "671482930"),
    ("ssn", "287-65-4321 is my social", "287-65-4321"),
    ("phone", "the gate code is 4471, call me at 3128647720 if lost", "3128647720"),
    ("phone", "my cell is 2064193857, text before calling", "2064193857"),
    ("phone", "Marcus Hill\nphone: 5129308841\nLicensed", "5129308841"),
    ("phone", "4155552671 is my cell", "4155552671"),
    ("phone", "Tel 14155552671", "14155552671"),
]


@pytest.mark.parametrize(("entity", "text", "value"), CONTEXT_FOUND)
def test_bare_number_next_to_its_context_word_is_found(entity: str, text: str, value: str) -> None:
    start = text.index(value)
    assert DEFAULT.find(text) == [Finding(entity, start, start + len(value))]


CONTEXT_NOT_FOUND = [
    "order 4155552671 shipped",
    "The export has 3128647720 rows, so Excel truncates it.",
    "Where is my order #4155552671?",
    "Call me about order 4155552671",
    "The population is 287654321 according to the table.",
    "Batch 287654321 and 12 more for the SSN",  # a digit between the number and the word
    "287654321" + " " * 21 + "ssn",  # the word is past the reach
    "call" + " " * 21 + "4155552671",
]


@pytest.mark.parametrize("text", CONTEXT_NOT_FOUND)
def test_bare_numbers_without_a_context_word_next_to_them_are_not_found(text: str) -> None:
    assert DETECT.find(text) == []


VERSIONS = [
    "release 1.2.3.4 is out",
    "Version: 10.0.0.1",
    "Mozilla/5.0 Chrome/120.0.0.0 Safari/537.36",
    "ship 1.2.3.4-beta today",
    "pip install foo==1.2.3.4",
    'AssemblyVersion("1.0.0.1")',
    '__version__ = "1.2.3.4"',
    "updated from 2.3.1.4 to 2.4.1.4",
    "libfoo.so.1.2.3.4",
    "Firmware: 2.1.0.4",
    "5.2.1.3 released",
    "route 81.2.0.0/16 via the tunnel",
]
STILL_ADDRESSES = [
    "ssh root@81.2.69.142",
    "update the DNS to 8.8.8.8",
    "build server 81.2.69.142",
    "at 8.8.4.4, build 42 failed",
]


@pytest.mark.parametrize("text", VERSIONS)
def test_versions_are_not_addresses(text: str) -> None:
    assert DETECT.find(text) == []


@pytest.mark.parametrize("text", STILL_ADDRESSES)
def test_addresses_near_version_words_are_still_addresses(text: str) -> None:
    assert [f.entity for f in DEFAULT.find(text)] == ["ip_address"]


@pytest.mark.parametrize("date", ["+2024-03-15", "+31.12.1999", "+20240315", "+2024 03 15", "+03/15/2024"])
def test_dates_are_not_phone_numbers(date: str) -> None:
    assert DETECT.find(f"on {date} we shipped; call 2024-03-15") == []
    assert [f.entity for f in DEFAULT.find(f"on {date} call +44 20 7946 0958")] == ["phone"]


STREAMED = [
    "Sure: please use 287654321 as my SSN, thanks for asking about it",
    "x 287654321" + " " * 20 + "ssn and then more text after it",
    "x 287654321" + " " * 21 + "ssn and then more text after it",
    "ok 4155552671 is my cell, bye for now and thanks",
    "I said call me at 4155552671 ok, " + "then plenty more text " * 3,
    "release 1.2.3.4 is out, and 81.2.69.142 is the box; ship 1.2.3.4-beta next",
    "we bumped the version from 2.3.1.4 to 2.4.1.4 today, " + "and more text follows " * 3,
    "Mail alice@example.com or ana@corp.io; the doc IP is 192.0.2.10, call (555) 555-0100.",
]


@pytest.mark.parametrize("text", STREAMED)
def test_streaming_decides_context_and_reserved_values_as_the_whole_text(text: str) -> None:
    # Prefixes of several lengths move the points where the channel cuts: some cut right after a
    # number whose context word has not arrived yet, which only the window keeps in view.
    for prefix in ("", "a " * 4, "b " * 7, "c " * 10):
        for detector in (DEFAULT, DETECT, PiiDetector(["ssn"]), PiiDetector(["phone"]), PiiDetector(["ip_address"])):
            whole = detector.find(prefix + text)
            expected = redacted(prefix + text, whole)
            assert scanned_whole(detector, prefix + text) == expected
            for size in CHUNK_SIZES:
                assert scanned_streaming(detector, prefix + text, size) == expected, (prefix, size, whole)


def test_reserved_values_setting_reaches_the_detector_and_is_validated() -> None:
    rails = "guardrails: {{define: {{p: {{type: pii{}}}}}, attach: [{{input: [p]}}]}}"
    default = policy(rails.format("")).guardrails.define["p"]
    detect = policy(rails.format(", reserved_values: detect")).guardrails.define["p"]
    assert (default.reserved_values, detect.reserved_values) == ("allow", "detect")
    from proxy.guardrails.engine import build_guardrail

    text = "mail alice@example.com"
    assert build_guardrail("p", default, 1000).span.find(text) == []  # type: ignore[union-attr]
    assert build_guardrail("p", detect, 1000).span.find(text) == [Finding("email", 5, 22)]  # type: ignore[union-attr]
    found = problems_of(
        "guardrails: {define: {p: {type: pii, reserved_values: maybe},"
        " q: {type: banned_output, reserved_values: detect}}, attach: [{input: [p], output: [q]}]}"
    )
    assert any(p.startswith("guardrails.define.p.reserved_values:") for p in found), found
    assert any(p.startswith("guardrails.define.q.reserved_values: does not apply") for p in found), found


@pytest.mark.parametrize("text", ["Call +1 415 55 now", "+49 30 12", "+1-415-55", "+7 999 12", "+44 20 79"])
def test_eight_byte_numbers_with_separators_are_not_read_as_dates(text: str) -> None:
    assert DETECT.find(text) == []  # too short for a phone; it used to raise parsing `1 41` as a year


# Long enough before the number that the channel scans (and releases) at a cut inside it.
_LEAD = "Thanks for waiting, I checked the order history and the shipping notes for you. " * 4
SPLIT_SENTENCES = [
    _LEAD + "Call us at +1 415 555 2671 today.",
    _LEAD + "Our Berlin office: +49 30 1234 5678, open weekdays.",
]


@pytest.mark.parametrize("text", SPLIT_SENTENCES)
def test_every_two_piece_split_of_a_phone_decides_as_the_whole_text(text: str) -> None:
    # A piece boundary inside the number shows the scanner a partial number (`+1 415 55`) first.
    for detector in (DEFAULT, PiiDetector(["phone"])):
        whole = detector.find(text)
        assert [f.entity for f in whole] == ["phone"]
        expected = redacted(text, whole)
        for cut in range(1, len(text)):
            channel, verdict = channel_for(detector)
            out = channel.feed(text[:cut]) + channel.feed(text[cut:]) + channel.finish()
            assert (out, verdict.found) == expected, cut


def test_number_shaped_fragments_never_raise() -> None:
    # Seeded mixes of the pieces the checks parse (dates, phones, addresses, keys): every check
    # must validate before it converts, whatever the candidate.
    pieces = ["+1 ", "+49 ", "00", "1-", "415", "555", "2671", "12", ".", "-", " ", "/", "(", ")", "x12"]
    pieces += [" ext. ", "2024", "03", "::", "ffff:", "1.2.3.4", "2001:db8:", "sk-", "@ex.com", "call ", "9"]
    rnd = random.Random(7)
    for _ in range(3000):
        text = "".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 12)))
        DEFAULT.find(text)
        DETECT.find(text)


KEY_ALPHABET = string.ascii_letters + string.digits
# (entity, key, a reserved address holding it): a reserved domain never hides key material.
KEYS_IN_RESERVED_EMAILS: list[tuple[str, str, str]] = [
    ("openai_key", SK + "proj-" + rand(48, KEY_ALPHABET, 11), "ops+{}@example.com"),
    ("aws_access_key", AKIA + rand(16, string.ascii_uppercase + string.digits, 12), "x.{}@example.com"),
    ("github_token", GHP + rand(36, KEY_ALPHABET, 13), "u-{}@ci.test"),
    ("anthropic_key", SK_ANT + rand(30, KEY_ALPHABET, 14), "{}@mail.example.org"),
]


@pytest.mark.parametrize(
    ("entity", "key", "address"), KEYS_IN_RESERVED_EMAILS, ids=[k[0] for k in KEYS_IN_RESERVED_EMAILS]
)
def test_a_credential_inside_a_reserved_email_is_found(entity: str, key: str, address: str) -> None:
    text = f"Send it to {address.format(key)} please"
    start = text.index(key)
    assert DEFAULT.find(text) == [Finding(entity, start, start + len(key))]
    assert PiiDetector(["email", entity]).find(text) == [Finding(entity, start, start + len(key))]
    expected = redacted(text, DEFAULT.find(text))
    for size in CHUNK_SIZES:
        assert scanned_streaming(DEFAULT, text, size) == expected, size


def test_a_placeholder_key_in_a_reserved_email_stays_reserved() -> None:
    assert DEFAULT.find(f"use ops+{SK}proj-{'X' * 24}@example.com") == []


def test_reserved_ip_reports_what_it_cannot_parse() -> None:
    assert not reserved_ip(b"1 41.2.3")  # never raises: an unparsable value is not a reserved one
    assert reserved_ip(b"10.1.2.3") and not reserved_ip(b"2001:0:4136:e378:8000:63bf:3fff:fdd2")
