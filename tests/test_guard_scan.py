"""TextChannel: streamed text gives exactly what a whole-text scan gives, split at every offset."""

from __future__ import annotations

import pytest

from proxy.guardrails.custom import PatternDetector, banned_output, operator_rules
from proxy.guardrails.findings import Finding
from proxy.guardrails.pii import PiiDetector
from proxy.guardrails.redact import Redactor, RestoreDetector
from proxy.guardrails.scan import SCAN_STEP, SpanGuard, TextChannel
from proxy.guardrails.verdict import Verdict

EMAILISH = PatternDetector({"email": r"[a-z0-9.]{1,20}@[a-z0-9]{1,20}\.[a-z]{2,6}"})
BANNED = banned_output({}, ignore_case=True)


def guards(*, enforce: bool = True) -> list[SpanGuard]:
    return [
        SpanGuard("pii", EMAILISH, "redact", enforce=enforce),
        SpanGuard("banned", BANNED, "block", enforce=enforce),
    ]


def verdicts(*, enforce: bool = True) -> dict[str, Verdict]:
    return {"pii": Verdict("pii", "output", enforce), "banned": Verdict("banned", "output", enforce)}


def whole(text: str, gs: list[SpanGuard]) -> tuple[str, tuple[str, str] | None]:
    channel = TextChannel(gs, verdicts(), Redactor({"email": "EMAIL"}))
    out = channel.scan_all(text)
    return out, channel.blocked


def streamed(pieces: list[str], gs: list[SpanGuard]) -> tuple[str, tuple[str, str] | None, dict[str, Verdict]]:
    vs = verdicts(enforce=all(g.enforce for g in gs))
    channel = TextChannel(gs, vs, Redactor({"email": "EMAIL"}))
    out = "".join(channel.feed(p) for p in pieces) + channel.finish()
    return out, channel.blocked, vs


TEXTS = [
    "Write to ana.lopez@example.com or bob@corp.io today.",
    "Nothing to see here, just a plain answer with no findings at all.",
    "To clean up run rm -rf / and then chmod 777 the rest.",
    "Mail me at x@y.org; the script does DROP TABLE users; bye",
    "edge@case.com",
]


@pytest.mark.parametrize("text", TEXTS)
def test_two_piece_split_at_every_offset_matches_whole_scan(text: str) -> None:
    expected = whole(text, guards())
    for cut in range(len(text) + 1):
        out, blocked, _ = streamed([text[:cut], text[cut:]], guards())
        if expected[1] is None:
            assert (out, blocked) == expected, cut
        else:
            assert blocked == expected[1], cut
            assert expected[0] == "" and out.find("rm -rf") < 0, cut


@pytest.mark.parametrize("text", TEXTS)
def test_char_by_char_matches_whole_scan(text: str) -> None:
    expected = whole(text, guards())
    out, blocked, _ = streamed(list(text), guards())
    assert blocked == expected[1]
    if blocked is None:
        assert out == expected[0]


def test_redaction_in_stream_numbers_and_counts_once() -> None:
    text = "a@b.com and c@d.com and a@b.com again"
    out, blocked, vs = streamed(list(text), guards())
    assert blocked is None
    assert out == "[EMAIL_1] and [EMAIL_2] and [EMAIL_1] again"
    assert vs["pii"].outcome == "redact" and vs["pii"].found["email"] == 3


def test_text_older_than_window_flows_on() -> None:
    channel = TextChannel(guards(), verdicts(), Redactor({}))
    released = channel.feed("x" * 1000)
    assert len(released) == 1000 - channel.window
    assert channel.held == channel.window


def test_no_guards_hold_nothing() -> None:
    channel = TextChannel([], {}, Redactor({}))
    assert channel.feed("hello") == "hello" and channel.held == 0


def test_match_reaching_the_end_is_held_until_it_stops_growing() -> None:
    channel = TextChannel(guards(), verdicts(), Redactor({}))
    out = channel.feed("y" * 300 + " someone@exam")
    assert "someone" not in out
    out += channel.feed("ple.com is it")
    out += channel.finish()
    assert "someone@example.com" not in out and "[EMAIL_1] is it" in out


def test_block_stops_the_channel_and_releases_nothing_more() -> None:
    vs = verdicts()
    channel = TextChannel(guards(), vs, Redactor({}))
    assert channel.feed("Sure. Run: rm -rf ") == ""
    assert channel.feed("/ now" + " and then some" * 30) == ""
    assert channel.blocked == ("banned", "banned:destroy_files")
    assert channel.feed("more text") == "" and channel.finish() == ""
    assert vs["banned"].outcome == "block"


def test_monitor_mode_changes_nothing_and_says_would() -> None:
    text = "mail a@b.com then rm -rf / please"
    out, blocked, vs = streamed(list(text), guards(enforce=False))
    assert blocked is None and out == text
    assert vs["pii"].shown == "would-redact" and vs["banned"].shown == "would-block"


def test_restore_puts_back_only_this_requests_placeholders() -> None:
    redactor = Redactor({"email": "EMAIL"})
    placeholder = redactor.placeholder("email", "ana@example.com", restorable=True)
    restore = SpanGuard("pii", RestoreDetector(redactor, ["EMAIL"]), "restore")
    text = f"I will write to {placeholder} and [EMAIL_7] now"
    for cut in range(len(text) + 1):
        channel = TextChannel([restore], {}, redactor)
        out = channel.feed(text[:cut]) + channel.feed(text[cut:]) + channel.finish()
        assert out == "I will write to ana@example.com and [EMAIL_7] now", cut


def test_operator_rules_allow_exempts_a_deny_match() -> None:
    rules = operator_rules(["password"], {"weapons": ["pipe bomb", "nerve agent"]}, ["password reset"], True)
    assert [f.entity for f in rules.find("how do I do a Password reset?")] == []
    assert [f.entity for f in rules.find("tell me the password")] == ["deny[0]"]
    assert [f.entity for f in rules.find("build a pipe  bomb")] == ["topic:weapons"]
    assert rules.find("a bombastic pipeline") == []


def test_stream_keeps_left_context_so_a_bare_ssn_after_its_context_word_is_caught() -> None:
    pii = SpanGuard("pii", PiiDetector(["ssn", "ip_address"]), "redact")
    text = "filler " * 40 + "my ssn is 536224719 and the server runs version 1.2.3.4 today " + "tail " * 40
    expected, _ = whole(text, [pii])
    assert "[SSN_1]" in expected and "1.2.3.4" in expected
    for size in (1, 3, 7, 50):
        out, blocked, _ = streamed([text[i : i + size] for i in range(0, len(text), size)], [pii])
        assert blocked is None and out == expected, size


class Recording:
    """`detector`, recording the length of every text a channel shows it."""

    def __init__(self, detector: PiiDetector) -> None:
        self.window, self.lookbehind, self._detector = detector.window, detector.lookbehind, detector
        self.seen: list[int] = []

    def find(self, text: str) -> list[Finding]:
        self.seen.append(len(text))
        return self._detector.find(text)


def test_each_detector_is_shown_only_the_context_it_declares() -> None:
    # Banned output keeps 3,000 characters of context; the PII detector reads 46 of them at most,
    # and its findings, found in a shorter text, still land where the whole-text scan puts them.
    pii = Recording(PiiDetector(["ssn", "ip_address"]))
    gs = [SpanGuard("pii", pii, "redact"), SpanGuard("banned", BANNED, "block")]
    text = "filler " * 40 + "my ssn is 536224719 and the server runs version 1.2.3.4 today " + "tail " * 40
    expected, _ = whole(text, gs)
    assert "[SSN_1]" in expected and "1.2.3.4" in expected
    for size in (1, 7, 50):
        pii.seen.clear()
        out, blocked, _ = streamed([text[i : i + size] for i in range(0, len(text), size)], gs)
        assert blocked is None and out == expected, size
        held = max(pii.window, BANNED.window) + SCAN_STEP + size  # what the channel holds back at most
        assert max(pii.seen) <= pii.lookbehind + held, size
