"""Output guardrails on an Anthropic Messages stream: events in, what the caller is sent out."""

from __future__ import annotations

from typing import Any

import orjson
import pytest

from proxy.core.errors import GuardrailBlocked, ScanTooLarge
from proxy.core.filters import EMIT_BEFORE, DeltaAction
from proxy.guardrails.custom import banned_output
from proxy.guardrails.json_answer import JsonRequirement
from proxy.guardrails.output import JsonGuard
from proxy.guardrails.output_messages import MessagesOutputGuard
from proxy.guardrails.pii import PLACEHOLDER_NAMES, PiiDetector
from proxy.guardrails.redact import Redactor, RestoreDetector
from proxy.guardrails.scan import SpanGuard
from proxy.guardrails.verdict import Verdict
from proxy.surfaces.messages_body import MESSAGES_SURFACE

Event = dict[str, Any]
LEAK = "Write to carol.smith@corp-mail.acme.org for access."
SHOWN = "Write to [EMAIL_1] for access."


def guard(
    *, spans: bool = True, json: bool = False, max_chars: int = 10_000, redactor: Redactor | None = None
) -> tuple[MessagesOutputGuard, dict[str, Verdict]]:
    redactor = redactor or Redactor(PLACEHOLDER_NAMES)
    guards = [
        SpanGuard("pii", PiiDetector(("email",)), "redact"),
        SpanGuard("banned", banned_output({}, ignore_case=True), "block"),
    ]
    if redactor.restorable:
        guards.append(SpanGuard("pii", RestoreDetector(redactor, PLACEHOLDER_NAMES.values()), "restore"))
    verdicts = {name: Verdict(name, "output", True) for name in ("pii", "banned", "json")}
    json_guard = JsonGuard("json", True, False, JsonRequirement("json_object", None)) if json else None
    built = MessagesOutputGuard(
        guards if spans else [],
        json_guard,
        verdicts,
        redactor,
        max_chars,
        headers=[],
        shown=list(verdicts.values()),
        surface=MESSAGES_SURFACE,
    )
    return built, verdicts


def relay(g: MessagesOutputGuard, events: list[Event]) -> tuple[list[Event], list[DeltaAction]]:
    """What the caller is sent, as the relay sends it (EMIT_BEFORE first; nothing after an END)."""
    sent: list[Event] = []
    actions = []
    for event in events:
        action = g.on_delta(event)
        actions.append(action)
        sent.extend(event.pop(EMIT_BEFORE, ()))
        if action is not DeltaAction.DROP:
            sent.append(event)
        if action is DeltaAction.END:
            break
    return sent, actions


def start(index: int, kind: str = "text") -> Event:
    blocks: dict[str, Event] = {
        "text": {"type": "text", "text": ""},
        "tool_use": {"type": "tool_use", "id": "toolu_1", "name": "mail", "input": {}},
        "thinking": {"type": "thinking", "thinking": "", "signature": ""},
    }
    return {"type": "content_block_start", "index": index, "content_block": blocks[kind]}


def delta(index: int, kind: str, text: str) -> Event:
    field = {"text_delta": "text", "input_json_delta": "partial_json", "thinking_delta": "thinking"}[kind]
    return {"type": "content_block_delta", "index": index, "delta": {"type": kind, field: text}}


def stop(index: int) -> Event:
    return {"type": "content_block_stop", "index": index}


def block(index: int, kind: str, pieces: list[str]) -> list[Event]:
    delta_kind = {"text": "text_delta", "tool_use": "input_json_delta", "thinking": "thinking_delta"}[kind]
    return [start(index, kind), *(delta(index, delta_kind, p) for p in pieces), stop(index)]


ENDING = [
    {"type": "message_delta", "delta": {"stop_reason": "end_turn"}, "usage": {"output_tokens": 9}},
    {"type": "message_stop"},
]
MESSAGE_START = {"type": "message_start", "message": {"id": "msg_1", "type": "message", "role": "assistant"}}


def shown(sent: list[Event], index: int) -> str:
    """A block's text (or input JSON) as the SDK accumulates it from what it was sent."""
    out = []
    for e in sent:
        if e["type"] == "content_block_delta" and e["index"] == index:
            out.append(e["delta"].get("text", e["delta"].get("partial_json", "")))
    return "".join(out)


@pytest.mark.parametrize("cut", range(0, len(LEAK) + 1, 3))
def test_an_email_split_across_text_deltas_is_redacted(cut: int) -> None:
    g, verdicts = guard()
    sent, _ = relay(g, [MESSAGE_START, *block(0, "text", [LEAK[:cut], LEAK[cut:]]), *ENDING])
    assert shown(sent, 0) == SHOWN
    assert [e["type"] for e in sent][-3:] == ["content_block_stop", "message_delta", "message_stop"]
    assert verdicts["pii"].outcome == "redact" and verdicts["pii"].found["email"] == 1


def test_held_text_is_dropped_then_sent_just_before_its_blocks_stop() -> None:
    g, _ = guard()
    events = [start(0), delta(0, "text_delta", "Hello"), delta(0, "text_delta", " there"), stop(0)]
    actions = [g.on_delta(e) for e in events]
    assert actions == [DeltaAction.KEEP, DeltaAction.DROP, DeltaAction.DROP, DeltaAction.KEEP]
    assert events[3][EMIT_BEFORE] == [delta(0, "text_delta", "Hello there")]
    long = "x" * 400  # text older than the window flows on in place; the rest waits for the stop
    event = delta(1, "text_delta", long)
    assert g.on_delta(event) is DeltaAction.CHANGED and event["delta"]["text"] == long[: len(event["delta"]["text"])]
    ending = stop(1)
    g.on_delta(ending)
    assert event["delta"]["text"] + ending[EMIT_BEFORE][0]["delta"]["text"] == long


def test_a_blocked_phrase_ends_the_stream_with_only_the_released_text() -> None:
    g, verdicts = guard()
    safe = "Here is how to tidy your disk safely. " * 10
    pieces = [safe, "Run rm -", "rf / now" + " and then" * 40, "more"]
    sent, actions = relay(g, [MESSAGE_START, *block(0, "text", pieces), *ENDING])
    assert actions[-1] is DeltaAction.END and sent[-1]["type"] == "content_block_delta"
    text = shown(sent, 0)
    assert "rm -" not in text and safe.startswith(text) and len(text) > 0
    assert verdicts["banned"].outcome == "block"


def test_a_block_found_when_the_held_text_is_flushed_ends_on_the_blocks_stop() -> None:
    g, _ = guard()
    sent, actions = relay(g, [MESSAGE_START, *block(0, "text", ["Sure: rm -rf /"]), *ENDING])
    assert actions[-1] is DeltaAction.END and sent[-1] == stop(0)
    assert shown(sent, 0) == ""


def test_tool_use_input_is_scanned_and_stays_valid_json() -> None:
    g, verdicts = guard()
    args = orjson.dumps({"to": "carol.smith@corp-mail.acme.org", "body": 'say "hi"\n'}).decode()
    pieces = [args[i : i + 7] for i in range(0, len(args), 7)]
    sent, _ = relay(g, [MESSAGE_START, *block(0, "tool_use", ["", *pieces]), *ENDING])
    assert orjson.loads(shown(sent, 0)) == {"to": "[EMAIL_1]", "body": 'say "hi"\n'}
    flushed = [e for e in sent if e["type"] == "content_block_delta"][-1]
    assert flushed["delta"]["type"] == "input_json_delta"
    assert verdicts["pii"].found["email"] == 1


def test_a_restored_value_is_escaped_in_tool_json_and_raw_in_text() -> None:
    redactor = Redactor(PLACEHOLDER_NAMES)
    original = 'ana "the boss" <ana@acme.com>\nsecond line'
    placeholder = redactor.placeholder("email", original, restorable=True)
    g, _ = guard(redactor=redactor)
    args = orjson.dumps({"to": placeholder}).decode()
    events = [*block(0, "text", [f"Mailing {placeholder}."]), *block(1, "tool_use", [args[:9], args[9:]])]
    sent, _ = relay(g, [MESSAGE_START, *events, *ENDING])
    assert shown(sent, 0) == f"Mailing {original}."
    assert orjson.loads(shown(sent, 1)) == {"to": original}


def test_thinking_is_never_scanned_or_rewritten() -> None:
    g, verdicts = guard()
    thought = "The user is carol.smith@corp-mail.acme.org; I must not say rm -rf / to them."
    signature = {"type": "content_block_delta", "index": 0, "delta": {"type": "signature_delta", "signature": "c2ln"}}
    events = [start(0, "thinking"), delta(0, "thinking_delta", thought), signature, stop(0)]
    sent, actions = relay(g, [MESSAGE_START, *events, *ENDING])
    assert set(actions) == {DeltaAction.KEEP}
    assert sent[2]["delta"]["thinking"] == thought and verdicts["pii"].outcome == verdicts["banned"].outcome == "pass"


def test_a_guard_with_no_span_guardrail_keeps_every_event() -> None:
    g, _ = guard(spans=False, json=True)
    events = [
        MESSAGE_START,
        {"type": "ping"},
        *block(0, "text", ['{"a": ', '"carol.smith@corp-mail.acme.org"}']),
        *block(1, "tool_use", ['{"q": 1}']),
        *ENDING,
    ]
    sent, actions = relay(g, [dict(e) for e in events])
    assert set(actions) == {DeltaAction.KEEP} and sent == events


@pytest.mark.parametrize(
    ("pieces", "fails"),
    [(['{"ok": ', "true}"], False), (["not ", "json"], True), (["[1, 2]"], True)],
)
def test_the_json_requirement_is_checked_when_the_answer_is_complete(pieces: list[str], fails: bool) -> None:
    g, verdicts = guard(json=True)
    events = [MESSAGE_START, *block(0, "text", pieces)]
    sent, _ = relay(g, events)
    assert shown(sent, 0) == "".join(pieces)  # the text went out before the check could be made
    if fails:
        with pytest.raises(GuardrailBlocked, match="'json'"):
            g.on_delta(ENDING[0])
        assert verdicts["json"].outcome == "block"
    else:
        assert g.on_delta(ENDING[0]) is DeltaAction.KEEP and verdicts["json"].outcome == "pass"


def test_an_answer_with_only_a_tool_call_is_not_held_to_the_json_requirement() -> None:
    g, _ = guard(json=True)
    sent, _ = relay(g, [MESSAGE_START, *block(0, "tool_use", ['{"q": 1}']), *ENDING])
    assert sent[-1] == ENDING[-1]


def test_text_held_for_the_json_check_is_bounded_by_max_scan_chars() -> None:
    g, _ = guard(json=True, max_chars=100)
    g.on_delta(start(0))
    for _ in range(2):
        g.on_delta(delta(0, "text_delta", "x" * 50))
    with pytest.raises(ScanTooLarge, match="100 characters"):
        g.on_delta(delta(0, "text_delta", "x"))


def test_a_block_never_stopped_gives_up_its_held_text_before_the_stream_ends() -> None:
    g, _ = guard()
    sent, _ = relay(g, [MESSAGE_START, start(0), delta(0, "text_delta", "short answer"), *ENDING])
    assert shown(sent, 0) == "short answer" and sent[-2]["type"] == "message_delta"
    g, _ = guard()
    relay(g, [MESSAGE_START, start(0), delta(0, "text_delta", "run rm -rf /")])
    with pytest.raises(GuardrailBlocked, match="'banned'"):
        g.on_delta(ENDING[0])


def test_text_a_text_blocks_start_already_carries_is_scanned() -> None:
    g, _ = guard()
    opening = {"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": LEAK}}
    sent, actions = relay(g, [MESSAGE_START, opening, stop(0), *ENDING])
    assert actions[1] is DeltaAction.CHANGED
    assert sent[1]["content_block"]["text"] + shown(sent, 0) == SHOWN


def test_a_server_tools_result_that_comes_whole_is_scanned_whole() -> None:
    g, _ = guard()
    result = {"type": "web_search_result", "title": LEAK, "url": "https://example.org/a", "encrypted_content": "Zm9v"}
    found = {"type": "web_search_tool_result", "tool_use_id": "srvtoolu_1", "content": [result]}
    event = {"type": "content_block_start", "index": 1, "content_block": found}
    assert g.on_delta(event) is DeltaAction.CHANGED
    assert result["title"] == SHOWN and result["encrypted_content"] == "Zm9v"
    ran = {"type": "code_execution_result", "stdout": "Run rm -rf / now", "stderr": "", "return_code": 0}
    executed = {"type": "code_execution_tool_result", "tool_use_id": "srvtoolu_2", "content": ran}
    banned = {"type": "content_block_start", "index": 2, "content_block": executed}
    with pytest.raises(GuardrailBlocked):
        g.on_delta(banned)
