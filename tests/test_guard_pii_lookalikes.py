"""PII detector on look-alikes: placeholder and documentation secrets, and version, date and reference
numbers, are not PII; real-looking random secrets and real addresses, phones and SSNs next to the same
words still are. Each text is judged whole and streamed in chunks of several sizes, which must agree."""

from __future__ import annotations

import base64
import json
import random
import string

import pytest

from proxy.guardrails.pii import PiiDetector
from tests.test_guard_pii import CHUNK_SIZES, redacted, scanned_streaming, scanned_whole

DEFAULT = PiiDetector()
DETECT = PiiDetector(reserved_values="detect")
ALNUM = string.ascii_letters + string.digits
UPPER = string.ascii_uppercase + string.digits
B64 = ALNUM + "+/"

# Key prefixes and PEM/JWT pieces are joined at run time: no key-shaped literal lives in the repository.
SK, PROJ, ANT = "sk" + "-", "sk" + "-proj-", "sk" + "-ant-"
AKIA, ASIA, GHP, GHO, PAT = "AK" + "IA", "AS" + "IA", "gh" + "p_", "gh" + "o_", "github" + "_pat_"
BEGIN, END = "-----BEGIN {}PRIVATE KEY-----", "-----END {}PRIVATE KEY-----"


def rand(length: int, alphabet: str, seed: int) -> str:
    rnd = random.Random(seed)
    return "".join(rnd.choice(alphabet) for _ in range(length))


def b64url(obj: object) -> str:
    return base64.urlsafe_b64encode(json.dumps(obj, separators=(",", ":")).encode()).rstrip(b"=").decode()


def jwt(payload: dict[str, object], signature: str) -> str:
    return f"{b64url({'alg': 'HS256', 'typ': 'JWT'})}.{b64url(payload)}.{signature}"


def pem(body: str, kind: str = "") -> str:
    return f"{BEGIN.format(kind)}\n{body}\n{END.format(kind)}"


def luhn_complete(prefix: str) -> str:
    """`prefix` and the check digit that makes it pass Luhn."""
    for d in "0123456789":
        digits = [int(c) for c in (prefix + d)[::-1]]
        total = sum(digits[0::2]) + sum(sum(divmod(2 * c, 10)) for c in digits[1::2])
        if total % 10 == 0:
            return prefix + d
    raise AssertionError(prefix)


JOHN_DOE = {"sub": "1234567890", "name": "John Doe", "iat": 1516239022}

# Template, documentation and masked secrets: not secrets by default.
PLACEHOLDER_SECRETS: list[str] = [
    f"OPENAI_API_KEY={PROJ}{'X' * 48}",
    f"OPENAI_API_KEY={PROJ}{'x' * 48}",
    f"export OPENAI_API_KEY={PROJ}xxxx-xxxx-xxxx-xxxx-xxxx-xxxx",
    f"key: {PROJ}****************************",
    f"use {PROJ}... from the dashboard",
    f"api_key = '{PROJ}<your key>'",
    f"api_key = '{PROJ}{{OPENAI_API_KEY}}'",
    f"OPENAI_API_KEY={SK}${{OPENAI_API_KEY}}",
    f"OPENAI_API_KEY={PROJ}your_api_key_here_1234",
    f"the key starts with {SK}...abcd in the logs",
    f"client = OpenAI(api_key='{PROJ}1234567890abcdef...')",
    f"set it to {SK}<redacted>",
    f"e.g. {PROJ}abcd1234abcd1234abcd1234abcd1234",
    f"like {PROJ}Ab3dEfGh9JkLmNoPqRsTuV... (truncated)",
    f"{PROJ}aaaa-bbbb-cccc-dddd-eeee-ffff",
    f"shown as {PROJ}Zq8rT2mW4nB6vC1xL9kJ7h\u2026 in the console",
    f"aws_access_key_id = {AKIA}EXAMPLEEXAMPLE00",
    f"aws_access_key_id = {AKIA}XXXXXXXXXXXXXXXX",
    f"aws_access_key_id = {AKIA}0000000000000000",
    f"aws_access_key_id = {AKIA}XXXX0000XXXX0000",
    f"the docs use {AKIA}IOSFODNN7EXAMPLE and wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    f"{ASIA}ABCDEFGHIJKLMNOP is a session key shape",
    f"GITHUB_TOKEN={GHP}{'x' * 36}",
    f"GITHUB_TOKEN={GHP}{'0' * 36}",
    f"GITHUB_TOKEN={GHP}{'aBcD' * 9}",
    f"token: {GHP}xxxxxxxxxxxxxxxxxxxx (make your own)",
    f"Authorization: Bearer {jwt(JOHN_DOE, rand(43, ALNUM + '-_', 1))}",
    f"the jwt.io sample {jwt({'sub': '1234567890', 'name': 'John Doe', 'admin': True}, 'signature')}",
    f"token = '{jwt({'name': 'John Doe', 'sub': '1234567890'}, rand(43, ALNUM, 2))}'",
    pem("..."),
    pem("<key>"),
    pem("MIIE...", "RSA "),
    pem("MIIEvQIBADANBgkqhkiG9w0BAQEFAASC...", ""),
    pem("YOUR_PRIVATE_KEY_HERE"),
    pem("(paste your key here)", "EC "),
    f"{BEGIN.format('OPENSSH ')}\n{END.format('OPENSSH ')}",
    f'"private_key": "{BEGIN.format("")}\\n...\\n{END.format("")}\\n"',
]

# Real-looking random secrets: found whatever words stand around them.
REAL_SECRETS: list[tuple[str, str]] = [
    ("openai_key", PROJ + rand(48, ALNUM + "-_", 10)),
    ("openai_key", SK + rand(48, ALNUM, 11)),
    ("openai_key", SK + "svcacct-" + rand(60, ALNUM + "-_", 12)),
    ("openai_key", PROJ + rand(156, ALNUM + "-_", 13)),
    ("anthropic_key", ANT + "api03-" + rand(95, ALNUM + "-_", 14)),
    ("aws_access_key", AKIA + rand(16, UPPER, 15)),
    ("aws_access_key", ASIA + rand(16, UPPER, 16)),
    ("aws_access_key", AKIA + "EXAM" + rand(12, UPPER, 17)),
    ("github_token", GHP + rand(36, ALNUM, 18)),
    ("github_token", GHO + rand(36, ALNUM, 19)),
    ("github_token", PAT + rand(82, ALNUM + "_", 20)),
    ("jwt", jwt({"sub": "user_" + rand(12, ALNUM, 21), "iat": 1700000000, "exp": 1700003600}, rand(43, ALNUM, 22))),
    ("jwt", jwt({"name": "Ana Ruiz", "sub": rand(10, string.digits, 23), "role": "admin"}, rand(43, ALNUM, 24))),
    ("private_key", pem("\n".join(rand(64, B64, 25 + i) for i in range(4)))),
    ("private_key", pem("\n".join(rand(64, B64, 30 + i) for i in range(3)), "RSA ")),
    ("private_key", pem("Proc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,0A1B2C\n\n" + rand(64, B64, 40), "RSA ")),
]

# Versions, dates, identifiers and counts: not addresses, phones, SSNs or cards (even with `detect`).
LOOKALIKES: list[str] = [
    "Firmware 4.2.1.18 fixed the fan curve",
    "Running kernel 5.15.0.91 on the box",
    "installed driver 8.17.12.9 yesterday",
    "Chrome 121.0.62.85 crashes on start",
    "works on iOS 17.3.1.4 and Android 13.1.0.122",
    "OpenSSL 3.0.2.15 ships with it",
    "Python 3.11.4.150 (Windows Store) is on PATH",
    "Windows 10.0.190.45 and Mac OS X 10.9.5.2 both fail",
    "Node.js 20.11.1.0 is required",
    "Visual Studio Code 1.85.2 (1.85.2.0) is current",
    "download app-1.2.3.4.tar.gz and setup_2.10.3.1.exe",
    "Bumped the SDK from 1.2.3.4 to 1.2.4.0",
    "SNMP OID 1.3.6.1.4.1.2021.10 and OID 2.5.4.3 (commonName)",
    "snmpget -v2c -c public host 1.3.6.1.2.1.1.5.0",
    "build 7.1.22.140 passed",
    "released on 2024.03.15, patched 15.03.2024",
    "meeting at 03/15/2024 14:30 in room 4",
    "timestamp 20240315T1430Z and 2024-03-15T14:30:00+01:00",
    "week 2024-W11-5, duration P1Y2M10DT2H30M, 01:45:30.250",
    "Order 415-867-5309 has shipped",
    "Invoice #312-864-7720 is overdue",
    "Ticket 206-419-3857 was closed",
    "tracking number 9400 1112 0233 4455 6677 88",
    "Ref: 512-930-8841 in the subject line",
    "Case ID 646-555-2219, priority high",
    "PO 718-204-3391 approved",
    "SKU 4155552671 is out of stock",
    "serial number 2125551234 on the label",
    "build number 2024031501 of the app",
    "SSN lookups: 287654321 rows scanned",
    "our social posts got 287654321 views",
    "population 287654321 (SSN coverage study)",
    "the file is 287654321 bytes; SSN field empty",
    "287654321 downloads, no SSN needed",
    "revenue USD 287654321 per the social report",
]

# Real values next to the same kinds of words: found.
REAL_VALUES: list[tuple[str, str, str]] = [
    ("ip_address", "ssh 81.2.69.142 and check the build", "81.2.69.142"),
    ("ip_address", "connect to 81.2.69.142 on port 22", "81.2.69.142"),
    ("ip_address", "the server at 81.2.69.142 (version 2.1 of the API)", "81.2.69.142"),
    ("ip_address", "ssh admin@81.2.69.142 after the release", "81.2.69.142"),
    ("phone", "call 415-867-5309 about the order", "415-867-5309"),
    ("phone", "Order shipped; call me at (312) 864-7720", "(312) 864-7720"),
    ("phone", "call me at 4155552671 about build 7", "4155552671"),
    ("phone", "caller ID 415-867-5309 again", "415-867-5309"),
    ("phone", "order status line: +1 415-867-5309", "+1 415-867-5309"),
    ("ip_address", "ping host 81.2.69.142 from build 7", "81.2.69.142"),
    ("ssn", "SSN: 287-65-4321", "287-65-4321"),
    ("ssn", "my social is 671482930", "671482930"),
    ("ssn", "671482930 is my SSN, not the order", "671482930"),
    ("ssn", "case notes: SSN 287 65 4321", "287 65 4321"),
    ("ssn", "SSN 671482930, population data attached", "671482930"),
    ("credit_card", "card 4539 1488 0343 6467 exp 04/27", "4539 1488 0343 6467"),
]


def test_placeholder_rules_never_take_random_key_material() -> None:
    # The shortest judged heads (an AWS key's 16 characters of 36) are where chance is largest.
    for seed in range(3000):
        for key in (AKIA + rand(16, UPPER, seed), GHP + rand(36, ALNUM, seed), PROJ + rand(20, ALNUM + "-_", seed)):
            assert DEFAULT.find(key) != [], key


def _same_streamed(detector: PiiDetector, text: str) -> None:
    expected = redacted(text, detector.find(text))
    assert scanned_whole(detector, text) == expected
    for size in CHUNK_SIZES:
        assert scanned_streaming(detector, text, size) == expected, size


@pytest.mark.parametrize("text", PLACEHOLDER_SECRETS)
def test_placeholder_secrets_are_not_secrets(text: str) -> None:
    assert DEFAULT.find(text) == []
    _same_streamed(DEFAULT, text)


@pytest.mark.parametrize(("entity", "key"), REAL_SECRETS, ids=[f"{e}-{i}" for i, (e, _) in enumerate(REAL_SECRETS)])
def test_random_secrets_are_found(entity: str, key: str) -> None:
    for text in (f"here: {key} ok", f"example key: {key}", f"the sample token {key} (placeholder?)"):
        start = text.index(key)
        assert [(f.entity, f.start, f.end) for f in DEFAULT.find(text)] == [(entity, start, start + len(key))]
        _same_streamed(DEFAULT, text)


@pytest.mark.parametrize("text", LOOKALIKES)
def test_versions_dates_and_references_are_not_pii(text: str) -> None:
    assert DETECT.find(text) == []
    _same_streamed(DETECT, text)


@pytest.mark.parametrize(("entity", "text", "value"), REAL_VALUES)
def test_real_values_next_to_the_same_words_are_found(entity: str, text: str, value: str) -> None:
    start = text.index(value)
    assert [(f.entity, f.start, f.end) for f in DEFAULT.find(text)] == [(entity, start, start + len(value))]
    _same_streamed(DEFAULT, text)
