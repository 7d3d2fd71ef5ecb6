"""Pipeline contract: order, short-circuit, always-runs on_response, crash policy."""

from __future__ import annotations

import asyncio

import pytest

from proxy.core.errors import InternalError, ProxyError, Unauthorized
from proxy.core.exchange import Exchange, JsonReply, Reply
from proxy.core.pipeline import Pipeline
from proxy.core.stage import Stage
from tests.support import new_exchange


class Recorder(Stage):
    def __init__(self, name: str, log: list[str], *, action: str = "pass", observe: bool = False) -> None:
        self.label, self.log, self.action, self._observe = name, log, action, observe

    @property
    def observe_only(self) -> bool:  # type: ignore[override]
        return self._observe

    async def on_request(self, ex: Exchange) -> Reply | None:
        self.log.append(f"req:{self.label}")
        if self.action == "reply":
            return JsonReply(200, b"{}")
        if self.action == "refuse":
            raise Unauthorized("no")
        if self.action == "crash":
            raise RuntimeError("bug")
        return None

    async def on_response(self, ex: Exchange) -> None:
        self.log.append(f"resp:{self.label}")
        if self.action == "crash-late":
            raise RuntimeError("bug in on_response")


def run(pipeline: Pipeline) -> tuple[Reply | None, BaseException | None, list[Stage]]:
    entered: list[Stage] = []

    async def go() -> tuple[Reply | None, BaseException | None]:
        ex = new_exchange(path="/v1/chat/completions")
        try:
            reply, error = await pipeline.run_request(ex, entered), None
        except ProxyError as exc:
            reply, error = None, exc
        await pipeline.run_response(ex, entered)
        return reply, error

    reply, error = asyncio.run(go())
    return reply, error, entered


SCENARIOS = [
    ("all pass", ["pass", "pass", "pass"], ["req:0", "req:1", "req:2", "resp:2", "resp:1", "resp:0"], None),
    ("short-circuit reply", ["pass", "reply", "pass"], ["req:0", "req:1", "resp:1", "resp:0"], None),
    ("refusal stops and unwinds", ["pass", "refuse", "pass"], ["req:0", "req:1", "resp:1", "resp:0"], Unauthorized),
    ("gatekeeper crash fails closed", ["pass", "crash", "pass"], ["req:0", "req:1", "resp:1", "resp:0"], InternalError),
    ("on_response crash does not stop others", ["pass", "crash-late"], ["req:0", "req:1", "resp:1", "resp:0"], None),
]


@pytest.mark.parametrize(("name", "actions", "expected", "error"), SCENARIOS, ids=[s[0] for s in SCENARIOS])
def test_pipeline_order(name: str, actions: list[str], expected: list[str], error: type | None) -> None:
    log: list[str] = []
    pipeline = Pipeline([Recorder(str(i), log, action=a) for i, a in enumerate(actions)])
    reply, err, _ = run(pipeline)
    assert log == expected
    assert (err is None) if error is None else isinstance(err, error)
    if actions[1] == "reply":
        assert isinstance(reply, JsonReply)


def test_observe_only_crash_is_swallowed() -> None:
    log: list[str] = []
    pipeline = Pipeline([Recorder("obs", log, action="crash", observe=True), Recorder("next", log)])
    reply, err, _ = run(pipeline)
    assert err is None and reply is None
    assert log == ["req:obs", "req:next", "resp:next", "resp:obs"]


def test_stages_with_nothing_to_do_are_left_out_of_the_pipelines() -> None:
    from proxy.compose import compose
    from proxy.config.policy import parse_policy

    bare = {"providers": {"p": {"type": "openai", "base_url": "http://127.0.0.1:9/v1"}}, "models": {"m": {}}}
    bare["models"]["m"] = {"deployments": [{"provider": "p", "model": "m"}]}
    names = [s.name for s in compose(parse_policy(bare, {})).pipelines["chat"].stages]
    assert names == ["observe", "auth", "parse", "access", "budget", "routing"]
    full = {**bare, "cache": {"enabled": True}, "limits": {"rules": [{"name": "r", "requests_per_minute": 5}]}}
    full["guardrails"] = {"define": {"b": {"type": "banned_output"}}, "attach": [{"output": ["b"]}]}
    names = [s.name for s in compose(parse_policy(full, {})).pipelines["chat"].stages]
    assert names == ["observe", "auth", "parse", "access", "budget", "routing", "limits", "guardrails", "cache"]
