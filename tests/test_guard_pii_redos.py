"""The PII detector stays linear on adversarial input: for each entity, inputs that almost match
(long runs of key characters, separators, dots, colons, unterminated headers) take at most ~25x as
long at 512 KiB as at 32 KiB (16x would be exactly linear), and well under 5 s. Half a megabyte
rather than one: the ratio tells linear from quadratic (256x) just as well at half the suite time."""

from __future__ import annotations

import pytest

from proxy.guardrails.pii import PiiDetector
from tests.timing import assert_linear, best_time

SMALL, LARGE = 32 * 1024, 512 * 1024
DETECTOR = PiiDetector()

# Built at run time: a secret scanner reading the repository must not see key-shaped literals.
PEM_TAIL = "PRIVATE" + " KEY-----"
PEM_HEADER = "-----BEGIN " + PEM_TAIL


def repeat(unit: str, size: int, head: str = "", tail: str = "") -> str:
    """`head`, then `unit` repeated, then `tail`: exactly `size` characters."""
    body = size - len(head) - len(tail)
    return head + (unit * (body // len(unit) + 1))[:body] + tail


# (entity, name, head, unit, tail)
CASES: list[tuple[str, str, str, str, str]] = [
    ("email", "a@a@a@", "", "a@", ""),
    ("email", "local part without TLD", "", "a", "@"),
    ("email", "long local part", "", "a.", "@b.cc"),
    ("email", "long domain", "x@", "a.", "c"),
    ("email", "file names", "", "a@2x.png ", ""),
    ("phone", "plus runs", "", "+1 ", ""),
    ("phone", "area codes", "", "(415) ", ""),
    ("phone", "dashed digits", "", "1-", ""),
    ("phone", "00 prefixes", "", "001-", ""),
    ("phone", "chained extensions", "", "415-555-2671x", ""),
    ("credit_card", "spaced digits", "", "1 ", ""),
    ("credit_card", "Luhn failures", "", "4111 1111 1111 1112 x ", ""),
    ("credit_card", "single-digit groups", "", "4 " * 27 + "x ", ""),
    ("ssn", "context and invalid digits", "", "ssn 000000000 ", ""),
    ("ssn", "dashed pairs", "", "123-45-", ""),
    ("iban", "country and check digits", "", "DE89 ", ""),
    ("iban", "bad checksums", "", "DE89370400440532013001 ", ""),
    ("ip_address", "dotted digits", "", "1.", ""),
    ("ip_address", "colons", "", ":", ""),
    ("ip_address", "hex and colons", "", "a:", ""),
    ("ip_address", "compressed groups", "", "1::", ""),
    ("openai_key", "one long key", "sk-", "a", ""),
    ("openai_key", "sk- runs", "", "sk-", ""),
    ("anthropic_key", "one long key", "sk-ant-", "a", ""),
    ("aws_access_key", "prefix runs", "", "AKIA", ""),
    ("github_token", "prefix runs", "", "ghp_", ""),
    ("github_token", "one long token", "ghp_", "a", ""),
    ("jwt", "segment without dots", "eyJ", "A", ""),
    ("jwt", "header runs", "", "eyJabcdefgh.", ""),
    ("private_key", "header without END", PEM_HEADER + "\n", "A", ""),
    ("private_key", "header runs", "", PEM_HEADER, ""),
    ("private_key", "header lines", "", "-----BEGIN RSA " + PEM_TAIL + ".\n", ""),
]


@pytest.mark.parametrize(("entity", "name", "head", "unit", "tail"), CASES, ids=[f"{c[0]}: {c[1]}" for c in CASES])
def test_find_is_linear_on_adversarial_input(entity: str, name: str, head: str, unit: str, tail: str) -> None:
    small, large = repeat(unit, SMALL, head, tail), repeat(unit, LARGE, head, tail)
    assert_linear(
        f"{entity} ({name})", best_time(lambda: DETECTOR.find(small)), best_time(lambda: DETECTOR.find(large))
    )
