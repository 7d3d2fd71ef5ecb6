"""Pass-through governance over real sockets: in keys mode only `passthrough.allow` paths go, and
the ones that go count against request-rate limits, concurrency caps and stream slots, never
against token buckets; `llm-proxy check` warns about unpriced paths that can spend money."""

from __future__ import annotations

import asyncio
import json
import threading
import time
import uuid
from pathlib import Path
from typing import Any

import httpx
import openai
import pytest
import yaml

from proxy.cli import main as cli_main
from proxy.config.passthrough import PassthroughConfig
from proxy.config.policy import parse_policy
from proxy.core.errors import RateLimited
from proxy.metering.tokens import TokenCounter
from proxy.stages.limits import LimitsStage
from proxy.state.memory import MemoryStore
from proxy.surfaces.passthrough import PASSTHROUGH_SURFACE
from tests.conftest import MockLog, ProxyFactory, policy_text
from tests.support import ServerProcess, new_exchange

KEYS = {name: f"vk-pt-{name}-0123456789" for name in ("rpm", "slow", "tokens")}
EXTRA = """
passthrough: {allow: ["/v1/moderations", "/v1/completions"]}
limits:
  rules:
    - {name: rpm, keys: [rpm], requests_per_minute: 2, burst: 1}
    - {name: one-at-a-time, keys: [slow], max_concurrent: 1}
    - {name: tokens, keys: [tokens], tokens_per_minute: 1000}
"""
CHAT = {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "hi"}]}


@pytest.fixture(scope="module")
def governed(start_proxy: ProxyFactory) -> ServerProcess:
    keys = "[" + ", ".join(f'{{name: {n}, secret: "${{KEY_{n.upper()}}}", max_streams: 1}}' for n in KEYS) + "]"
    return start_proxy(keys=keys, extra=EXTRA, env={f"KEY_{n.upper()}": k for n, k in KEYS.items()})


def post(proxy: ServerProcess, path: str, body: object, key: str | None, **headers: str) -> httpx.Response:
    if key is not None:
        headers["authorization"] = f"Bearer {key}"
    return httpx.post(proxy.url + path, json=body, headers=headers, timeout=10)


def log_lines(proxy: ServerProcess, request_id: str) -> list[dict[str, Any]]:
    """The proxy's log lines of one request (written just after the answer: wait a little for them)."""
    deadline = time.monotonic() + 3
    while True:
        found = [json.loads(line) for line in proxy.output().splitlines() if f'"{request_id}"' in line]
        if found or time.monotonic() > deadline:
            return found
        time.sleep(0.02)


def test_a_path_not_allowed_is_refused_after_the_key_check(governed: ServerProcess, mock_log: MockLog) -> None:
    body = {"model": "dall-e-3", "prompt": "a cat"}
    assert post(governed, "/v1/images/generations", body, None).status_code == 401
    rid = f"pt-refused-{uuid.uuid4().hex[:8]}"
    resp = post(governed, "/v1/images/generations", body, KEYS["rpm"], **{"x-request-id": rid})
    assert resp.status_code == 403
    assert resp.json()["error"] == {
        "message": "This proxy does not forward POST /v1/images/generations: the path is not in the policy's "
        "passthrough.allow list. Ask the proxy's operator to allow it.",
        "type": "invalid_request_error",
        "param": None,
        "code": "permission_denied",
    }
    assert mock_log(rid) == []
    sdk = openai.OpenAI(base_url=governed.url + "/v1", api_key=KEYS["rpm"], max_retries=0)
    with pytest.raises(openai.PermissionDeniedError):
        sdk.files.list()


def test_an_allowed_path_is_forwarded_logged_and_counted(governed: ServerProcess, mock_log: MockLog) -> None:
    sdk = openai.OpenAI(base_url=governed.url + "/v1", api_key=KEYS["slow"], max_retries=0)
    rid = f"pt-allowed-{uuid.uuid4().hex[:8]}"
    answer = sdk.moderations.create(
        input="hello", extra_headers={"x-request-id": rid}, extra_body={"mock": {"id": rid}}
    )
    assert answer.results[0].flagged is False
    assert [r["path"] for r in mock_log(rid)] == ["/v1/moderations"]
    logged = log_lines(governed, rid)
    assert [(r["endpoint"], r["path"], r["status"]) for r in logged] == [("passthrough", "/v1/moderations", 200)]
    metrics = httpx.get(governed.url + "/metrics", timeout=5).text
    assert any(
        line.startswith("llm_proxy_requests_total{") and 'endpoint="passthrough"' in line and 'status="200"' in line
        for line in metrics.splitlines()
    )


def test_open_mode_forwards_every_path(proxy: ServerProcess, mock_log: MockLog) -> None:
    rid = f"pt-open-{uuid.uuid4().hex[:8]}"
    resp = httpx.post(proxy.url + "/v1/images/generations", json={"prompt": "a cat", "mock": {"id": rid}}, timeout=10)
    assert resp.status_code == 404 and resp.json()["error"]["code"] == "unknown_url"  # the mock's answer
    assert [r["path"] for r in mock_log(rid)] == ["/v1/images/generations"]


def test_chat_and_pass_through_take_from_one_request_bucket(governed: ServerProcess) -> None:
    first = post(governed, "/v1/chat/completions", CHAT, KEYS["rpm"])
    assert first.status_code == 200 and first.headers["x-ratelimit-remaining-requests"] == "1"
    moderated = post(governed, "/v1/moderations", {"input": "hello"}, KEYS["rpm"])
    assert moderated.status_code == 200 and moderated.headers["x-ratelimit-remaining-requests"] == "0"
    refused = post(governed, "/v1/chat/completions", CHAT, KEYS["rpm"])
    assert refused.status_code == 429 and "Rate limit 'rpm'" in refused.json()["error"]["message"]


def test_a_slow_pass_through_holds_its_concurrency_and_stream_slots(governed: ServerProcess, mock_log: MockLog) -> None:
    rid = f"pt-slow-{uuid.uuid4().hex[:8]}"
    body = {"model": "gpt-4o-mini", "prompt": "hi", "stream": True, "mock": {"ttfb_ms": 800, "id": rid}}
    answers: list[httpx.Response] = []
    slow = threading.Thread(target=lambda: answers.append(post(governed, "/v1/completions", body, KEYS["slow"])))
    slow.start()
    deadline = time.monotonic() + 5
    while not mock_log(rid) and time.monotonic() < deadline:  # at the upstream: past every stage
        time.sleep(0.02)
    busy = post(governed, "/v1/chat/completions", CHAT, KEYS["slow"])
    second_stream = post(governed, "/v1/completions", {**body, "mock": {}}, KEYS["slow"])
    slow.join()
    assert [a.status_code for a in answers] == [200] and "data: [DONE]" in answers[0].text
    assert busy.status_code == 429 and "at most 1 requests at once" in busy.json()["error"]["message"]
    assert second_stream.status_code == 429 and "streamed answers open at once" in second_stream.text
    assert post(governed, "/v1/chat/completions", CHAT, KEYS["slow"]).status_code == 200  # slots given back


def test_pass_through_calls_take_no_tokens(governed: ServerProcess) -> None:
    for _ in range(3):
        moderated = post(governed, "/v1/moderations", {"input": "word " * 2000}, KEYS["tokens"])
        assert moderated.status_code == 200 and "x-ratelimit-limit-tokens" not in moderated.headers
    # The bucket holds 1000 tokens: a chat call reserving about 960 passes only if it is still full.
    chat = post(governed, "/v1/chat/completions", {**CHAT, "max_tokens": 950}, KEYS["tokens"])
    assert chat.status_code == 200, chat.text
    assert int(chat.headers["x-ratelimit-remaining-tokens"]) < 50


def test_check_warns_about_unpriced_paths_that_spend(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "config.yaml"

    def check(extra: str, keys: str = "[]") -> tuple[int, list[str]]:
        path.write_text(policy_text("http://127.0.0.1:9", keys=keys, extra=extra))
        code = cli_main(["check", str(path)])
        return code, [line for line in capsys.readouterr().err.splitlines() if "passthrough" in line]

    allowed = 'passthrough: {allow: ["/v1/images/*", "/v1/moderations", "/v1/*"]}\n'
    assert check(allowed) == (0, [])  # no budget, no token limit: nothing goes uncounted
    keys = '[{name: a, secret_sha256: "' + "0" * 64 + '"}]'
    code, warned = check(allowed + "limits: {rules: [{name: t, tokens_per_minute: 1000}]}\n", keys)
    assert code == 0 and warned[0] == (
        "warning: passthrough.allow admits /v1/images/*: calls there are not priced, so budgets and token "
        "limits do not count them"
    )
    assert len(warned) == 2 and warned[1].startswith("warning: passthrough.allow admits /v1/* (/v1/audio*, ")
    code, warned = check("budgets: {global: {daily_usd: 5}}\n")  # open mode, allow unset: everything goes
    assert code == 0 and len(warned) == 1 and warned[0].startswith("warning: passthrough.allow is unset: open mode")
    code, errors = check('passthrough: {allow: ["files*"]}\n')
    assert code == 1 and errors == ["  passthrough.allow[0]: 'files*' must be a path under /v1/ (globs allowed)"]


def test_an_allow_list_holds_in_open_mode_too() -> None:
    assert PassthroughConfig().admits("/v1/files", keys_mode=False)
    assert not PassthroughConfig().admits("/v1/files", keys_mode=True)
    listed = PassthroughConfig(allow=("/v1/files*",))
    assert listed.admits("/v1/files/file-1/content", keys_mode=True)
    assert not listed.admits("/v1/Files", keys_mode=False) and not listed.admits("/v1/audio/speech", keys_mode=False)


MODEL_RULE = """
providers: {p: {type: openai, base_url: "http://127.0.0.1:1/v1"}}
models: {m: {deployments: [{provider: p, model: m}]}}
limits: {rules: [RULE]}
"""


@pytest.mark.parametrize(
    ("rule", "scope"),
    [
        ("{name: r, models: [m], requests_per_minute: 1, burst: 1}", "key 'team'"),
        ("{name: r, scope: model, requests_per_minute: 1, burst: 1}", "model 'm'"),
    ],
)
def test_a_model_rule_counts_a_pass_through_only_when_its_body_names_the_alias(rule: str, scope: str) -> None:
    policy = parse_policy(yaml.safe_load(MODEL_RULE.replace("RULE", rule)), {})
    stage = LimitsStage(policy.limits, MemoryStore(), TokenCounter([]), policy.models)

    def call(body: bytes) -> str | None:
        ex = new_exchange(endpoint="passthrough", surface=PASSTHROUGH_SURFACE, path="/v1/moderations", raw_body=body)
        ex.tenant = "team"
        try:
            asyncio.run(stage.on_request(ex))
        except RateLimited as refused:
            return refused.message
        return None

    for body in (b'{"input": "x"}', b'{"model": "other", "input": "x"}', b"--multipart--") * 2:
        assert call(body) is None  # names no alias: the rule does not apply, however often
    assert call(b'{"model": "m", "input": "x"}') is None
    refused = call(b'{"model": "m", "input": "x"}')
    assert refused is not None and refused.startswith(f"Rate limit 'r' reached for {scope}: 1 requests/minute")
