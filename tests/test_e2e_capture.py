"""The request log over a real proxy with capture on: no configured secret (virtual keys, their
previous secrets, admin keys, provider API keys and URL passwords) is ever written, wherever it
turns up (prompt, answer, streamed answer, error message, refused model, path), while other text
stays readable; and the redactor on its own."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterator
from typing import Any

import httpx
import orjson
import pytest
import yaml

from proxy.config.policy import parse_policy
from proxy.observability.secrets import SecretRedactor, configured_secrets
from tests.conftest import ProxyFactory
from tests.support import ServerProcess

SECRETS = {
    "CAP_KEY_A": "vk-cap-alpha-" + "q7Wm" * 6,
    "CAP_KEY_B": "team-b-key-not-shaped-like-any-pattern-31",
    "CAP_KEY_B_OLD": "older-secret-of-team-b-0042",
    "CAP_ADMIN": "adm-cap-ops-secret-0043",
    "CAP_PROVIDER": "prov-cap-upstream-0044-Zx",
    "CAP_PASSWORD": "pw-cap-url-0045-Kq",
}
POLICY = """
providers:
  mock: {{type: openai, base_url: "{url}/v1", api_key: "${{CAP_PROVIDER}}"}}
  creds: {{type: openai, base_url: "http://cap-user:${{CAP_PASSWORD}}@127.0.0.1:{port}/v1"}}
models:
  gpt-4o-mini:
    deployments: [{{provider: mock, model: gpt-4o-mini}}]
    retry: {{max_attempts: 1}}
keys:
  - {{name: team-a, secret: "${{CAP_KEY_A}}"}}
  - name: team-b
    secret: "${{CAP_KEY_B}}"
    previous: {{secret: "${{CAP_KEY_B_OLD}}", valid_until: "2099-01-01T00:00:00Z"}}
admin_keys: [{{name: ops, secret: "${{CAP_ADMIN}}"}}]
logging: {{capture_prompts: true, capture_responses: true, capture_max_chars: 4000}}
"""
ALL = " / ".join(SECRETS.values())


@pytest.fixture(scope="module")
def proxy(start_proxy: ProxyFactory, mock_upstream: ServerProcess) -> Iterator[ServerProcess]:
    server = start_proxy(policy=POLICY.format(url=mock_upstream.url, port=mock_upstream.port), env=SECRETS)
    yield server
    # After whichever of this module's tests ran (all, or a -k selection): no secret in the output.
    output = server.output()
    assert not [name for name, secret in SECRETS.items() if secret in output]


def record_of(proxy: ServerProcess, request_id: str) -> dict[str, Any]:
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        for line in proxy.output().splitlines():
            if line.startswith('{"request_id"') and f'"{request_id}"' in line:
                record: dict[str, Any] = orjson.loads(line)
                return record
        time.sleep(0.05)
    raise AssertionError(f"no log line for {request_id}")


def send(proxy: ServerProcess, mock: dict[str, Any], stream: bool = False) -> tuple[int, dict[str, Any]]:
    body = {
        "model": "gpt-4o-mini",
        "messages": [{"role": "user", "content": f"my keys: {ALL}; mail ana@example.com"}],
        "stream": stream,
        "mock": mock,
    }
    headers = {"authorization": f"Bearer {SECRETS['CAP_KEY_A']}"}
    resp = httpx.post(proxy.url + "/v1/chat/completions", json=body, headers=headers, timeout=20)
    return resp.status_code, record_of(proxy, resp.headers["x-request-id"])


@pytest.mark.parametrize("stream", [False, True], ids=["json", "stream"])
def test_captured_prompt_and_answer_hold_no_configured_secret(proxy: ServerProcess, stream: bool) -> None:
    status, record = send(proxy, {"content": f"Noted: {ALL}."}, stream)
    assert status == 200
    redacted = " / ".join(["[SECRET]"] * len(SECRETS))
    assert record["prompt"] == f"user: my keys: {redacted}; mail [EMAIL]"
    assert record["response"] == f"Noted: {redacted}."


def test_an_upstream_error_message_holds_no_configured_secret(proxy: ServerProcess) -> None:
    """Neither in the log nor in the caller's answer: an upstream that echoes the provider key it
    was sent must not hand it to the caller (it failed before: the caller got the key verbatim)."""
    body = {
        "model": "gpt-4o-mini",
        "messages": [{"role": "user", "content": "hi"}],
        "mock": {"status": 400, "error_message": f"bad key {SECRETS['CAP_PROVIDER']} given"},
    }
    headers = {"authorization": f"Bearer {SECRETS['CAP_KEY_A']}"}
    resp = httpx.post(proxy.url + "/v1/chat/completions", json=body, headers=headers, timeout=20)
    assert resp.status_code == 400
    assert resp.json()["error"]["message"].startswith("bad key [SECRET] given"), resp.text
    record = record_of(proxy, resp.headers["x-request-id"])
    assert record["error"]["message"].startswith("bad key [SECRET] given"), record["error"]


def test_an_upstream_error_event_mid_stream_holds_no_configured_secret(proxy: ServerProcess) -> None:
    """After the first byte an upstream error becomes one error event: redacted like an error sent
    before it (it failed before: the upstream's event went to the caller as it was)."""
    body = {
        "model": "gpt-4o-mini",
        "messages": [{"role": "user", "content": "hi"}],
        "stream": True,
        "mock": {"error_event_after": 1, "error_message": f"bad key {SECRETS['CAP_PROVIDER']} given"},
    }
    headers = {"authorization": f"Bearer {SECRETS['CAP_KEY_A']}"}
    resp = httpx.post(proxy.url + "/v1/chat/completions", json=body, headers=headers, timeout=20)
    assert resp.status_code == 200 and "bad key [SECRET] given" in resp.text, resp.text
    assert SECRETS["CAP_PROVIDER"] not in resp.text
    record = record_of(proxy, resp.headers["x-request-id"])
    assert record["error"]["message"].startswith("bad key [SECRET] given"), record["error"]


def test_a_model_or_path_the_caller_chose_holds_no_configured_secret(proxy: ServerProcess) -> None:
    headers = {"authorization": f"Bearer {SECRETS['CAP_KEY_A']}"}
    chat = httpx.post(
        proxy.url + "/v1/chat/completions",
        json={"model": SECRETS["CAP_KEY_B"], "messages": [{"role": "user", "content": "hi"}]},
        headers=headers,
        timeout=20,
    )
    path = httpx.get(proxy.url + f"/v1/models/{SECRETS['CAP_ADMIN']}", headers=headers, timeout=20)
    assert chat.status_code == path.status_code == 404
    record = record_of(proxy, chat.headers["x-request-id"])
    assert record["model"] == "[SECRET]" and "'[SECRET]'" in record["error"]["message"]
    assert record_of(proxy, path.headers["x-request-id"])["path"] == "/v1/models/[SECRET]"
    output = proxy.output()  # and after every test of this module: no secret anywhere in the output
    assert not [name for name, secret in SECRETS.items() if secret in output]


# --- the redactor on its own ----------------------------------------------------------------------


def test_redactor_replaces_exact_secrets_longest_first_whatever_their_characters() -> None:
    secrets = ["vk-team-a-0001", "vk-team-a-0001-extended", "p@ss (w0rd) *+?|[]", "x" * 5000, "short"]
    redactor = SecretRedactor(secrets)
    text = "a vk-team-a-0001-extended b vk-team-a-0001 c p@ss (w0rd) *+?|[] d " + "x" * 5000 + " short vk-team-a-000"
    assert redactor.redact(text) == "a [SECRET] b [SECRET] c [SECRET] d [SECRET] short vk-team-a-000"
    assert not SecretRedactor([]).active and SecretRedactor([]).redact("vk-team-a-0001") == "vk-team-a-0001"


def test_redactor_with_thousands_of_keys_is_one_automaton_that_finds_each() -> None:
    keys = [f"vk-{i:05d}-" + hashlib.sha256(str(i).encode()).hexdigest()[:24] for i in range(3000)]
    redactor = SecretRedactor(keys)
    text = " ".join(f"see {k}." for k in keys[::500])
    assert redactor.redact(text) == " ".join("see [SECRET]." for _ in keys[::500])


def test_configured_secrets_are_every_secret_value_and_url_password() -> None:
    policy = parse_policy(yaml.safe_load(POLICY.format(url="http://127.0.0.1:1", port=1)), SECRETS)
    assert sorted(configured_secrets(policy)) == sorted(SECRETS.values())
