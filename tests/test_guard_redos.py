"""ReDoS: adversarial 1 MB inputs against the shipped banned patterns, operator rules, restore
placeholders and the stream channel finish in linear time (RE2), and classic catastrophic
patterns are either refused at config time or run linearly."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from proxy.core.patterns import PatternError, compile_linear
from proxy.guardrails.banned import shipped_rules
from proxy.guardrails.custom import banned_output, operator_rules
from proxy.guardrails.redact import Redactor, RestoreDetector
from proxy.guardrails.scan import SpanGuard, TextChannel
from proxy.guardrails.verdict import Verdict
from tests.timing import assert_linear, best_time

SMALL, LARGE = 32 * 1024, 512 * 1024  # 16x apart: linear vs quadratic (256x) shows at any size


def assert_linear_on(find: Callable[[str], object], unit: str) -> None:
    small = (unit * (SMALL // len(unit) + 1))[:SMALL]
    large = (unit * (LARGE // len(unit) + 1))[:LARGE]
    assert_linear(repr(unit), best_time(lambda: find(small)), best_time(lambda: find(large)))


BANNED = banned_output({}, ignore_case=True)
NEAR_MISSES = [
    "rm -rf -rf -rf ",
    "rm -r -f --force --recursive ",
    "drop table ",
    "drop    ",
    "delete from x",
    "chmod -R -R -R ",
    ":(){ :|:",
    "dd if=/dev/zero if=/dev/zero ",
    "exec exec ",
    "__import__ ",
    " " * 7,
    # every match exempt, so each is judged (checks read a bounded lookbehind) and the search goes on
    "Never run `rm -rf /` here. ",
]


@pytest.mark.parametrize("unit", NEAR_MISSES)
def test_banned_patterns_are_linear_on_near_misses(unit: str) -> None:
    assert_linear_on(BANNED.find, unit)


def test_every_shipped_banned_pattern_compiles_in_re2() -> None:
    for category, rules in shipped_rules().items():
        for name, pattern in rules.items():
            assert compile_linear(pattern, ignore_case=True) is not None, f"{category}.{name}"


@pytest.mark.parametrize("pattern", [r"(a+)+$", r"(a|aa)+$", r"(\w+\s?)*$", r"(.*a){20}"])
def test_catastrophic_operator_patterns_run_linearly(pattern: str) -> None:
    rules = operator_rules([pattern], {}, [], ignore_case=False)
    assert_linear_on(rules.find, "a" * 31 + "!")


@pytest.mark.parametrize("pattern", [r"(a)\1", r"foo(?=bar)", r"(?<!x)y"])
def test_patterns_re2_cannot_run_linearly_are_refused(pattern: str) -> None:
    with pytest.raises(PatternError):
        compile_linear(pattern)


def test_topics_and_restore_placeholders_are_linear() -> None:
    rules = operator_rules([], {"t": ["nerve agent", "pipe bomb"]}, ["safe words"], ignore_case=True)
    assert_linear_on(rules.find, "nerve pipe ")
    redactor = Redactor({"email": "EMAIL"})
    redactor.placeholder("email", "a@b.co", restorable=True)
    restore = RestoreDetector(redactor, ["EMAIL", "CARD"])
    assert_linear_on(restore.find, "[EMAIL_")


def test_stream_channel_is_linear_in_the_stream_length() -> None:
    guards = [SpanGuard("banned", BANNED, "block")]

    def stream(text: str) -> None:
        channel = TextChannel(guards, {"banned": Verdict("banned", "output", True)}, Redactor({}))
        for i in range(0, len(text), 40):
            channel.feed(text[i : i + 40])
        channel.finish()

    assert_linear_on(stream, "rm -rf -rf drop table ")
