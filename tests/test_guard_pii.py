"""PII and secrets detector: positives with exact spans, near misses, true negatives, the entity
selection, and the stream window (the real streaming channel finds what a whole-text scan finds)."""

from __future__ import annotations

import base64
import itertools
import json
import random
import string
import threading
from collections import Counter

import pytest
from faker import Faker

from proxy.guardrails.findings import Finding
from proxy.guardrails.pii import ENTITIES, PLACEHOLDER_NAMES, SECRET_ENTITIES, PiiDetector
from proxy.guardrails.redact import Redactor, apply_redactions
from proxy.guardrails.scan import SpanDetector, SpanGuard, TextChannel
from proxy.guardrails.verdict import Verdict

ALL = PiiDetector()
ALNUM = string.ascii_letters + string.digits

# Built at run time: a secret scanner reading the repository must not see key-shaped literals.
PEM_TAIL = "PRIVATE" + " KEY-----"
PEM_HEADER = "-----BEGIN " + PEM_TAIL


def token(length: int, seed: int, alphabet: str = ALNUM) -> str:
    """Deterministic random-looking key material (never a real credential)."""
    rnd = random.Random(seed)
    return "".join(rnd.choice(alphabet) for _ in range(length))


def b64url(obj: object) -> str:
    return base64.urlsafe_b64encode(json.dumps(obj).encode()).rstrip(b"=").decode()


def pem(label: str, lines: int, seed: int) -> str:
    body = "\n".join(token(64, seed + i, ALNUM + "+/") for i in range(lines))
    return f"-----BEGIN {label}-----\n{body}\n-----END {label}-----"


OPENAI = "sk-" + token(48, 1)
OPENAI_PROJ = "sk-proj-" + token(120, 2, ALNUM + "-_")
OPENAI_SVC = "sk-svcacct-" + token(64, 3, ALNUM + "-_")
ANTHROPIC = "sk-ant-api03-" + token(93, 4, ALNUM + "-_") + "AA"
ANTHROPIC_ADMIN = "sk-ant-admin01-" + token(80, 5, ALNUM + "-_")
AWS = "AKIA" + token(16, 6, string.ascii_uppercase + string.digits)
AWS_STS = "ASIA" + token(16, 7, string.ascii_uppercase + string.digits)
GITHUB = "ghp_" + token(36, 8)
GITHUB_APP = "ghs_" + token(36, 9)
GITHUB_PAT = "github_pat_" + token(82, 10, ALNUM + "_")
JWT = ".".join((b64url({"alg": "HS256", "typ": "JWT"}), b64url({"sub": "1234567890", "name": "Ana"}), token(43, 11)))
JWT_RS = ".".join((b64url({"alg": "RS256", "kid": token(20, 12)}), b64url({"scope": "a " * 40}), token(342, 13)))
JWT_LONG_HEADER = ".".join((b64url({"alg": "PS512", "x5t": token(160, 15)}), b64url({"sub": "a"}), token(86, 16)))
RSA_KEY = pem("RSA PRIVATE KEY", 12, 14)
PKCS8_KEY = pem("PRIVATE KEY", 4, 30)
OPENSSH_KEY = pem("OPENSSH PRIVATE KEY", 5, 40)
ENCRYPTED_PEM = pem("RSA PRIVATE KEY", 3, 50).replace(
    "KEY-----\n", "KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,0F1E2D3C4B5A69788796A5B4C3D2E1F0\n\n", 1
)
PGP_KEY = pem("PGP PRIVATE KEY BLOCK", 3, 60).replace(
    "BLOCK-----\n", "BLOCK-----\nVersion: GnuPG v2.0.22 (GNU/Linux)\nComment: Ana <ana@corp.io>\n\n", 1
)

# (entity, text, the values that must be found, in order)
POSITIVES: list[tuple[str, str, tuple[str, ...]]] = [
    ("email", "Write to ana@corp.io today.", ("ana@corp.io",)),
    ("email", '{"to": "ana@corp.io", "cc": ["b.c+x@sub.acme.org"]}', ("ana@corp.io", "b.c+x@sub.acme.org")),
    ("email", "send_mail('x.y+tag@mail.example.co.uk')", ("x.y+tag@mail.example.co.uk",)),
    (
        "email",
        "<JOHN.DOE@ACME.COM>, mailto:first_last-99@my-domain.travel",
        ("JOHN.DOE@ACME.COM", "first_last-99@my-domain.travel"),
    ),
    ("email", "Contact ana@corp.io: she knows", ("ana@corp.io",)),
    ("email", "user@163.com and q@x.ai", ("user@163.com", "q@x.ai")),
    ("phone", "Call (415) 555-2671 now", ("(415) 555-2671",)),
    ("phone", "415-555-2671, 415.555.2671 or 415 555 2671", ("415-555-2671", "415.555.2671", "415 555 2671")),
    (
        "phone",
        "US: +1 415 555 2671 / +1 (415) 555-2671 / 1-800-555-0299",
        ("+1 415 555 2671", "+1 (415) 555-2671", "1-800-555-0299"),
    ),
    ("phone", "London +44 20 7946 0958, Berlin +49 30 12345678.", ("+44 20 7946 0958", "+49 30 12345678")),
    ("phone", '{"phone": "+33 1 23 45 67 89"}', ("+33 1 23 45 67 89",)),
    ("phone", "mobile +4915112345678 or +44 (0) 20 7946 0958", ("+4915112345678", "+44 (0) 20 7946 0958")),
    ("phone", "Tel. 532.640.3023x1651, (996)605-1295 ext. 12", ("532.640.3023x1651", "(996)605-1295 ext. 12")),
    ("phone", "+1-567-756-1808x05299 or +44 20 7946 0958 x 7", ("+1-567-756-1808x05299", "+44 20 7946 0958 x 7")),
    ("phone", "Madrid +34 912 345 678, Moscow +7 495 123 45 67", ("+34 912 345 678", "+7 495 123 45 67")),
    ("phone", "dial 001-811-901-2795x7500 or 0044 20 7946 0958", ("001-811-901-2795x7500", "0044 20 7946 0958")),
    ("credit_card", "card 4111 1111 1111 1111 exp 12/25", ("4111 1111 1111 1111",)),
    ("credit_card", '{"card": "5555-5555-5555-4444"}', ("5555-5555-5555-4444",)),
    ("credit_card", "pay(4111111111111111)", ("4111111111111111",)),
    ("credit_card", "Amex 3782 822463 10005; Diners 30569309025904", ("3782 822463 10005", "30569309025904")),
    ("credit_card", "MC2 2223003122003222, Discover 6011111111111117", ("2223003122003222", "6011111111111117")),
    ("credit_card", "JCB 3530111333300000 UnionPay 6200000000000005", ("3530111333300000", "6200000000000005")),
    ("credit_card", "Maestro 6759649826438453, Visa-13 4222222222222", ("6759649826438453", "4222222222222")),
    ("credit_card", "Visa-19 4111111111111111110.", ("4111111111111111110",)),
    ("credit_card", "qty 2 4111 1111 1111 1111 12 25 123", ("4111 1111 1111 1111",)),
    ("credit_card", "4111 1111-1111 1111", ("4111 1111-1111 1111",)),
    ("ssn", "SSN: 536-22-1234.", ("536-22-1234",)),
    ("ssn", "ssn 536 22 1234 and 219-09-1234", ("536 22 1234", "219-09-1234")),
    ("ssn", "my social security number is 536221234", ("536221234",)),
    ("ssn", '{"ssn": "536221234"}', ("536221234",)),
    ("ssn", "Taxpayer ID (US): 536221234", ("536221234",)),
    ("iban", "IBAN DE89370400440532013000.", ("DE89370400440532013000",)),
    ("iban", "pay to DE89 3704 0044 0532 0130 00 today", ("DE89 3704 0044 0532 0130 00",)),
    ("iban", "GB82 WEST 1234 5698 7654 32 EUR", ("GB82 WEST 1234 5698 7654 32",)),
    ("iban", '{"iban": "FR1420041010050500013M02606"}', ("FR1420041010050500013M02606",)),
    ("iban", "NL91ABNA0417164300 BE68539007547034", ("NL91ABNA0417164300", "BE68539007547034")),
    ("iban", "CH9300762011623852957 NO9386011117947", ("CH9300762011623852957", "NO9386011117947")),
    ("iban", "MT84MALT011000012345MTLCAST001S", ("MT84MALT011000012345MTLCAST001S",)),
    ("ip_address", "host 81.2.69.142, dns 8.8.8.8.", ("81.2.69.142", "8.8.8.8")),
    ("ip_address", '{"ip": "73.162.88.14"}', ("73.162.88.14",)),
    (
        "ip_address",
        "v6 2a02:8109::1 and 2a02:8109:85a3:0000:0000:8a2e:0370:7334",
        ("2a02:8109::1", "2a02:8109:85a3:0000:0000:8a2e:0370:7334"),
    ),
    (
        "ip_address",
        "2a02:8109::1ff:fe23:4567:890a%eth0, http://[2606:4700::1111]:8080/",
        ("2a02:8109::1ff:fe23:4567:890a", "2606:4700::1111"),
    ),
    ("ip_address", "mapped ::ffff:81.2.69.142 ok", ("::ffff:81.2.69.142",)),
    ("openai_key", f"OPENAI_API_KEY={OPENAI}", (OPENAI,)),
    ("openai_key", f'{{"api_key": "{OPENAI_PROJ}"}}', (OPENAI_PROJ,)),
    ("openai_key", f"client = OpenAI(api_key='{OPENAI_SVC}')", (OPENAI_SVC,)),
    ("anthropic_key", f"x-api-key: {ANTHROPIC}", (ANTHROPIC,)),
    ("anthropic_key", f'{{"key": "{ANTHROPIC_ADMIN}"}}', (ANTHROPIC_ADMIN,)),
    ("aws_access_key", f"aws_access_key_id = {AWS}", (AWS,)),
    ("aws_access_key", f'{{"AccessKeyId": "{AWS_STS}"}}', (AWS_STS,)),
    ("github_token", f'{{"token": "{GITHUB}"}}', (GITHUB,)),
    ("github_token", f"GH_TOKEN={GITHUB_APP} {GITHUB_PAT}", (GITHUB_APP, GITHUB_PAT)),
    ("jwt", f"Authorization: Bearer {JWT}", (JWT,)),
    ("jwt", f'{{"id_token": "{JWT_RS}"}}', (JWT_RS,)),
    ("private_key", f"key:\n{RSA_KEY}\nthanks", (RSA_KEY,)),
    ("private_key", json.dumps({"pem": PKCS8_KEY}), (PKCS8_KEY.replace("\n", "\\n"),)),
    ("private_key", f"{OPENSSH_KEY}\n", (OPENSSH_KEY,)),
    ("private_key", f"```\n{ENCRYPTED_PEM}\n```", (ENCRYPTED_PEM,)),
    ("private_key", f"{PGP_KEY}\r\n", (PGP_KEY,)),
]


def _spans(entity: str, text: str, values: tuple[str, ...]) -> list[Finding]:
    found, pos = [], 0
    for value in values:
        start = text.index(value, pos)
        found.append(Finding(entity, start, start + len(value)))
        pos = start + len(value)
    return found


@pytest.mark.parametrize(("entity", "text", "values"), POSITIVES)
def test_positive_exact_span(entity: str, text: str, values: tuple[str, ...]) -> None:
    expected = _spans(entity, text, values)
    assert PiiDetector([entity]).find(text) == expected
    assert [f for f in ALL.find(text) if f.entity == entity] == expected


NEAR_MISSES: list[tuple[str, str]] = [
    ("email", "@decorator"),
    ("email", "user@localhost"),
    ("email", "foo@bar"),
    ("email", "image@2x.png and logo@3x.webp"),
    ("email", "a@b.c"),
    ("email", "a..b@example.com"),
    ("email", "git clone git@github.com:org/repo.git"),  # an SSH remote, user@host:path
    ("email", "x" * 65 + "@example.com"),
    ("email", "a@" + "b" * 64 + ".com"),
    ("email", "ana@" + "sub." * 30 + "example.com"),
    ("phone", "order 4155552671 shipped"),
    ("phone", "123-456-7890 and 415-155-2671"),  # area / exchange codes start with 2-9
    ("phone", "+1 123 456 7890"),
    ("phone", "415-555-26710 and 9415-555-2671"),
    ("phone", "5+1234567 and +12 34"),
    ("phone", "ids 0012345678 and 00123 456 789"),
    ("phone", "Net revenue +3 904 416 EUR, +30 587 289 EUR, +7 134 298 EUR year over year"),
    ("phone", "2024-05-17 2024-05-17T12:30:45Z"),
    ("credit_card", "4111 1111 1111 1112"),  # Luhn fails
    ("credit_card", "1000 0000 0000 0008"),  # Luhn holds, no issuer
    ("credit_card", "9999 9999 9999 9995"),
    ("credit_card", "41111111111111111111111111"),  # a longer digit run
    ("credit_card", "1234 5678 9012 3456 7890 1234 5678 9012 4111"),
    ("credit_card", "3782822463100051"),  # Amex is 15 digits long, not 16
    ("ssn", "000-12-3456 666-12-3456 900-12-3456 999-12-3456"),
    ("ssn", "536-00-1234 536-22-0000"),
    ("ssn", "078-05-1120 219-09-9999 123-45-6789"),  # published / well-known fake
    ("ssn", "2024-01-1234 and 1-536-22-1234 and 536-22-1234-5"),
    ("ssn", "order 536221234 shipped"),  # bare 9 digits without a context word
    ("ssn", "ssn: 000221234"),
    ("ssn", "SSN mentioned far earlier in this long sentence, then 536221234"),
    ("iban", "DE88370400440532013000"),  # wrong check digits
    ("iban", "DE8937040044053201300"),  # wrong length for DE
    ("iban", "XX89370400440532013000"),  # unknown country
    ("iban", "DE89 3704 0044 0532 0130 0012 34"),
    ("ip_address", "192.168.1.256 and 300.1.1.1"),
    ("ip_address", "01.2.3.4 and 1.02.3.4"),
    ("ip_address", "1.2.3.4.5 and 10.0.0.1.2"),
    ("ip_address", "v1.2.3.4, version 1.2.3.4, Version: 10.0.0.1"),
    ("ip_address", "a::b std::vector<int> x[::2] dead::beef 12:30:45"),
    ("ip_address", "1:2:3:4:5:6:7:8:9 and 00:1A:2B:3C:4D:5E"),
    ("openai_key", "sk-learn, task-sk-1, sk-short123"),
    ("openai_key", "pip install sk-" + "learn-contrib-imbalanced-2024"),
    ("openai_key", "desk-" + token(30, 20)),
    ("openai_key", f"sk-proj-{token(15, 21)}"),  # too short after the key kind
    ("openai_key", ANTHROPIC),
    ("anthropic_key", "sk-ant-" + token(19, 22)),
    ("aws_access_key", "AKIA1234 AKIA" + "ABCDEFGHIJKLMNOPQ AKIAabcdefghijklmnop"),
    ("aws_access_key", "XKIA" + token(16, 23, string.ascii_uppercase)),
    ("github_token", "ghp_" + token(35, 24) + " ghp_" + token(37, 25) + " ghx_" + token(36, 26)),
    ("jwt", "eyJhbGciOiJIUzI1NiJ9 alone"),
    ("jwt", "eyJhbGciOiJIUzI1NiJ9.bm90IGpzb24gYXQgYWxs.c2lnbmF0dXJlMTIz"),
    ("jwt", "eyJhbGc.eyJzdWI.c2ln"),  # segments shorter than 10
    ("jwt", "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo.QUJDREVGR0hJSktMTU5P.QUJDREVGR0hJSktMTU5P"),
    ("private_key", "-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqh\n-----END PUBLIC KEY-----"),
    ("private_key", "-----BEGIN CERTIFICATE-----"),
]


@pytest.mark.parametrize(("entity", "text"), NEAR_MISSES)
def test_near_miss_is_not_found(entity: str, text: str) -> None:
    assert PiiDetector([entity]).find(text) == []


NEGATIVES = [
    "The meeting moved to 2024-05-17 at 12:30:45 (UTC); see 2024-05-17T12:30:45.123Z.",
    "Prices: $19.99, EUR 1,234.56, 3.5% growth, 42 units, 1e-9 tolerance.",
    "Upgrade from v1.2.3 to 2.10.0-rc.1; Python 3.11.4 and node 20.11.1.",
    "Order #4155552671 and ticket 123456789012 were closed.",
    "Request id 550e8400-e29b-41d4-a716-446655440000 on commit 9fceb02d0ae598e95dc970b74767f19372d61af8.",
    "blob: QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZnaGlqa2xtbm9wcXJzdHV2d3h5ejAxMjM0NTY3ODk=",
    "@app.route('/users/<int:id>') and std::map<int, int> m; x[::2]; a::b::c",
    "Call me at extension 2671 or room 415; the score was 10-7; pages 12-14.",
    "Hash sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855 matched.",
    "Coordinates 37.7749, -122.4194; ISBN 978-3-16-148410-0; 1/2/2024; 12:30.",
]


@pytest.mark.parametrize("text", NEGATIVES)
def test_benign_text_has_no_findings(text: str) -> None:
    assert ALL.find(text) == []


def test_faker_ibans_of_table_countries_are_found() -> None:
    found = 0
    for locale in ("de_DE", "en_GB", "fr_FR", "es_ES", "it_IT", "nl_NL", "pl_PL", "pt_PT", "fi_FI", "no_NO"):
        fake = Faker(locale)
        fake.seed_instance(3)
        for _ in range(20):
            iban = fake.iban()
            assert PiiDetector(["iban"]).find(f"IBAN: {iban}.") == [Finding("iban", 6, 6 + len(iban))], iban
            found += 1
    assert found == 200


def test_faker_credit_cards_are_found() -> None:
    fake = Faker()
    fake.seed_instance(4)
    detector = PiiDetector(["credit_card"])
    # Not jcb16: Faker draws any 35xx prefix, JCB issues 3528-3589 only.
    for card_type in ("visa16", "visa13", "visa19", "mastercard", "amex", "discover", "diners"):
        for _ in range(20):
            number = fake.credit_card_number(card_type=card_type)
            assert detector.find(f"card {number} ok") == [Finding("credit_card", 5, 5 + len(number))], number


def test_only_configured_entities_are_found() -> None:
    text = f"ana@corp.io 415-555-2671 {AWS} 4111111111111111"
    assert PiiDetector(["email"]).find(text) == [Finding("email", 0, 11)]
    assert [f.entity for f in PiiDetector(["phone", "aws_access_key"]).find(text)] == ["phone", "aws_access_key"]
    assert PiiDetector([]).find(text) == []


def test_unknown_entity_raises_naming_it() -> None:
    with pytest.raises(ValueError, match="passport"):
        PiiDetector(["email", "passport"])


ONE_OF_EACH = (
    f"Ana (ana@corp.io, +1 415 555 2671) paid with 4111 1111 1111 1111; SSN 536-22-1234; IBAN"
    f" DE89370400440532013000 from 81.2.69.142. Keys: {OPENAI}, {ANTHROPIC}, {AWS}, {GITHUB}, {JWT}\n{RSA_KEY}\n"
)


def test_one_of_each_entity_sorted_and_disjoint() -> None:
    found = ALL.find(ONE_OF_EACH)
    assert sorted(f.entity for f in found) == sorted(ENTITIES)
    assert found == sorted(found, key=lambda f: f.start)
    assert all(a.end <= b.start for a, b in itertools.pairwise(found))


def test_a_credential_before_at_is_a_credential_not_an_email() -> None:
    text = f"git clone https://{GITHUB}@github.com/acme/infra.git"
    assert ALL.find(text) == [Finding("github_token", 18, 18 + len(GITHUB))]
    assert ALL.find(f"{OPENAI}@corp.com") == [Finding("openai_key", 0, len(OPENAI))]
    assert ALL.find("sk-team@corp.com") == [Finding("email", 0, 16)]


def test_rejected_card_run_does_not_hide_a_phone_or_ssn() -> None:
    assert ALL.find("415-555-2671 12 5") == [Finding("phone", 0, 12)]
    assert ALL.find("536-22-1234 1234 5") == [Finding("ssn", 0, 11)]


@pytest.mark.parametrize("value", [ONE_OF_EACH, PEM_HEADER + '\nMIIEvQIBADANBg" said Ana'])
def test_redacting_findings_keeps_json_valid(value: str) -> None:
    document = json.dumps({"messages": [{"role": "user", "content": value}], "n": 1})
    edits = [(f.start, f.end, f"[{PLACEHOLDER_NAMES[f.entity]}]") for f in ALL.find(document)]
    assert edits
    assert json.loads(apply_redactions(document, edits))["n"] == 1


def test_public_tables() -> None:
    secrets = {"openai_key", "anthropic_key", "aws_access_key", "github_token", "jwt", "private_key"}
    assert secrets == SECRET_ENTITIES
    assert set(PLACEHOLDER_NAMES) == set(ENTITIES)
    assert all(stem and set(stem) <= set(string.ascii_uppercase + "_") for stem in PLACEHOLDER_NAMES.values())
    assert PLACEHOLDER_NAMES["credit_card"] == "CARD"


def test_character_offsets_in_non_ascii_text() -> None:
    text = "Grüße 🙂 von José: josé@x.io ana@corp.io, 📞 +44 20 7946 0958 \ud800 4111111111111111"
    found = ALL.find(text)
    assert [text[f.start : f.end] for f in found] == ["ana@corp.io", "+44 20 7946 0958", "4111111111111111"]


def test_find_is_thread_safe() -> None:
    expected = ALL.find(ONE_OF_EACH)
    results: list[bool] = []

    def work() -> None:
        results.extend(ALL.find(ONE_OF_EACH) == expected for _ in range(200))

    threads = [threading.Thread(target=work) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [True] * 1600


# --- stream window -------------------------------------------------------------------------------

WINDOWS = {
    "email": 189,
    "phone": 82,
    "credit_card": 58,
    "ssn": 46,
    "iban": 45,
    "ip_address": 79,
    "openai_key": 55,
    "anthropic_key": 28,
    "aws_access_key": 22,
    "github_token": 95,
    "jwt": 306,
    "private_key": 133,
}


def test_window_comes_from_the_configured_entities_only() -> None:
    for entity, window in WINDOWS.items():
        assert PiiDetector([entity]).window == window
    assert ALL.window == max(WINDOWS.values())
    assert PiiDetector(["ssn", "aws_access_key"]).window == 46
    assert PiiDetector([]).window == 0
    assert PiiDetector(["ssn"]).lookbehind >= len("social security") + 30


CHUNK_SIZES = (1, 2, 3, 5, 7, 11, 25, 64)


def channel_for(detector: SpanDetector) -> tuple[TextChannel, Verdict]:
    """The product's span-guardrail channel, redacting every entity `detector` finds."""
    verdict = Verdict("pii", "output", True)
    guard = SpanGuard("pii", detector, "redact")
    return TextChannel([guard], {"pii": verdict}, Redactor(PLACEHOLDER_NAMES)), verdict


def scanned_whole(detector: SpanDetector, text: str) -> tuple[str, Counter[str]]:
    channel, verdict = channel_for(detector)
    return channel.scan_all(text), verdict.found


def scanned_streaming(detector: SpanDetector, text: str, size: int) -> tuple[str, Counter[str]]:
    """What the channel releases when `text` arrives `size` characters at a time, then ends."""
    channel, verdict = channel_for(detector)
    out = "".join(channel.feed(text[i : i + size]) for i in range(0, len(text), size)) + channel.finish()
    assert channel.blocked is None and channel.held == 0
    return out, verdict.found


def redacted(text: str, findings: list[Finding]) -> tuple[str, Counter[str]]:
    """`text` with exactly these findings replaced by numbered placeholders, and their counts."""
    redactor = Redactor(PLACEHOLDER_NAMES)
    edits = [
        (f.start, f.end, redactor.placeholder(f.entity, text[f.start : f.end], restorable=False)) for f in findings
    ]
    return apply_redactions(text, edits), Counter(f.entity for f in findings)


STREAM_INSTANCES: list[tuple[str, str]] = [
    ("email", "ana@corp.io"),
    ("email", "x.y+tag@mail.example.co.uk"),
    ("email", "first.last-" + "q" * 53 + "@" + "d" * 63 + "." + "e" * 44 + ".acme.com"),
    ("phone", "(415) 555-2671"),
    ("phone", "+1 415 555 2671"),
    ("phone", "+44 20 7946 0958"),
    ("phone", "+33 1 23 45 67 89"),
    ("credit_card", "4111 1111 1111 1111"),
    ("credit_card", "4111111111111111110"),
    ("credit_card", "3782 822463 10005"),
    ("ssn", "536-22-1234"),
    ("ssn", "536 22 1234"),
    ("iban", "DE89 3704 0044 0532 0130 00"),
    ("iban", "MT84MALT011000012345MTLCAST001S"),
    ("iban", "MT84 MALT 0110 0001 2345 MTLC AST0 01S"),
    ("ip_address", "81.169.203.44"),
    ("ip_address", "2a02:8109:85a3:0000:0000:8a2e:0370:7334"),
    ("ip_address", "::ffff:81.169.203.44"),
    ("openai_key", OPENAI),
    ("openai_key", OPENAI_PROJ),
    ("openai_key", OPENAI_SVC),
    ("anthropic_key", ANTHROPIC),
    ("aws_access_key", AWS),
    ("github_token", GITHUB),
    ("github_token", GITHUB_PAT),
    ("jwt", JWT),
    ("jwt", JWT_RS),
    ("jwt", JWT_LONG_HEADER),
    ("private_key", PKCS8_KEY),
    ("private_key", RSA_KEY),
    ("private_key", PGP_KEY),
]
TEMPLATES = [
    "Sure, here it is: {} - anything else I can help with today?",
    '{{"name": "lookup", "arguments": {{"value": "{}", "note": "from the record"}}}}',
    "config:\n  secret = {}\n  retries = 3\n",
]


@pytest.mark.parametrize(("entity", "instance"), STREAM_INSTANCES)
@pytest.mark.parametrize("template", TEMPLATES)
def test_streaming_finds_what_the_whole_text_has(entity: str, instance: str, template: str) -> None:
    value = instance.replace("\n", "\\n") if template.startswith("{") else instance
    text = template.format(value)
    start = text.index(value)
    for detector in (PiiDetector([entity]), ALL):
        whole = detector.find(text)
        assert Finding(entity, start, start + len(value)) in whole
        expected = redacted(text, whole)
        assert value not in expected[0]
        assert scanned_whole(detector, text) == expected
        for size in CHUNK_SIZES:
            assert scanned_streaming(detector, text, size) == expected, size


class WithoutLookbehind:
    """`detector` with no `lookbehind`: a channel then keeps none of the text it released."""

    def __init__(self, detector: PiiDetector) -> None:
        self.window = detector.window
        self.find = detector.find


# (text, whether for some piece size the context word goes out before the number arrives)
BARE_SSN_TEXTS = [
    ("my ssn is 536221234, thanks", False),
    ('record {"ssn": "536221234", "ok": true}', False),
    (
        "Thanks for the details. For the tax form, the employee's SSN (as printed on the card) is 536221234, thanks",
        True,
    ),
    ('Here is the record you asked for: {"name": "Ana", "ssn": "536221234", "ok": true, "note": "verified"}', True),
]


@pytest.mark.parametrize(("text", "context_goes_out_first"), BARE_SSN_TEXTS)
def test_streaming_bare_ssn_needs_lookbehind_context(text: str, context_goes_out_first: bool) -> None:
    for detector in (PiiDetector(["ssn"]), ALL):
        whole = detector.find(text)
        assert [f.entity for f in whole] == ["ssn"]
        expected = redacted(text, whole)
        assert "536221234" not in expected[0]
        assert scanned_whole(detector, text) == expected
        for size in CHUNK_SIZES:
            assert scanned_streaming(detector, text, size) == expected, size
    # The channel's lookbehind is what keeps an already released context word in view: a channel
    # that forgets released text misses the SSN for some piece sizes (where the text is long enough).
    forgetful = WithoutLookbehind(PiiDetector(["ssn"]))
    missed = [size for size in CHUNK_SIZES if scanned_streaming(forgetful, text, size) == (text, Counter())]
    assert bool(missed) is context_goes_out_first


def test_streamed_private_key_is_held_while_its_body_arrives() -> None:
    text = f"here:\n{RSA_KEY[:400]}"  # no END line yet: the finding runs to the end of the key material
    assert ALL.find(text) == [Finding("private_key", 6, len(text))]
    # Without an END line, what follows up to a closing quote or backtick may be key material.
    prose = PEM_HEADER + " starts it."
    assert ALL.find(prose) == [Finding("private_key", 0, len(prose))]
    assert ALL.find('"' + PEM_HEADER + '", "x"') == [Finding("private_key", 1, 28)]
