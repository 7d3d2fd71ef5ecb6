"""Access control through a real proxy (uvicorn) in front of the mock upstream, driven by the openai
SDK and httpx: the permission matrix (keys x models x endpoints x override headers), open-stream
caps, expiry and rotation on the wire, `/admin/keys`, the trusted end-user header, and what the
health endpoints do not reveal."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from typing import Any

import httpx
import openai
import pytest

from tests.conftest import ProxyFactory
from tests.support import ServerProcess

SECRETS = {
    "BOSS_KEY": "vk-acl-boss-0001",
    "INTERN_ONE_KEY": "vk-acl-intern-one-0002",
    "INTERN_TWO_KEY": "vk-acl-intern-two-0003",
    "TINY_KEY": "vk-acl-tiny-body-0004",
    "EMBED_KEY": "vk-acl-embedder-0005",
    "EXPIRED_KEY": "vk-acl-expired-0006",
    "ROTATED_NEW": "vk-acl-rotated-new-0007",
    "ROTATED_OLD": "vk-acl-rotated-old-0008",
    "ROTATING_NEW": "vk-acl-rotating-new-0009",
    "ROTATING_OLD": "vk-acl-rotating-old-0010",
    "ADMIN_KEY": "adm-acl-ops-0011",
    "UPSTREAM_PASSWORD": "pw-acl-upstream-0012",
}
KEY_OF = {
    "boss": SECRETS["BOSS_KEY"],
    "intern-one": SECRETS["INTERN_ONE_KEY"],
    "intern-two": SECRETS["INTERN_TWO_KEY"],
    "tiny-body": SECRETS["TINY_KEY"],
    "embedder": SECRETS["EMBED_KEY"],
}
NAMES = ["boss", "intern-one", "intern-two", "tiny-body", "embedder", "expired-key", "rotated", "rotating", "ops"]
ALIASES = ["gpt-4o-mini", "gpt-4o", "claude-haiku", "text-embedding-3-small", "text-embedding-3-large"]

POLICY = """
providers:
  mock: {{type: openai, base_url: "{url}/v1"}}
  creds: {{type: openai, base_url: "http://acl-user:${{UPSTREAM_PASSWORD}}@127.0.0.1:{port}/v1"}}
models:
  gpt-4o-mini: {{deployments: [{{provider: mock, model: gpt-4o-mini}}]}}
  gpt-4o: {{deployments: [{{provider: mock, model: gpt-4o}}]}}
  claude-haiku: {{deployments: [{{provider: creds, model: claude-haiku}}]}}
  text-embedding-3-small: {{deployments: [{{provider: mock, model: text-embedding-3-small}}]}}
  text-embedding-3-large: {{deployments: [{{provider: mock, model: text-embedding-3-large}}]}}
key_groups:
  interns:
    models: [gpt-4o-mini, "claude-*"]
    endpoints: [/v1/chat/completions, "/v1/models*"]
    override_headers: [cache-control]
    max_streams: 1
keys:
  - {{name: boss, secret: "${{BOSS_KEY}}"}}
  - {{name: intern-one, secret: "${{INTERN_ONE_KEY}}", group: interns, metadata: {{team: search, owner: alice}}}}
  - {{name: intern-two, secret: "${{INTERN_TWO_KEY}}", group: interns, models: [gpt-4o]}}
  - {{name: tiny-body, secret: "${{TINY_KEY}}", max_body_bytes: 300, max_streams: 0}}
  - {{name: embedder, secret: "${{EMBED_KEY}}", models: ["text-embedding-*"], endpoints: [/v1/embeddings]}}
  - {{name: expired-key, secret: "${{EXPIRED_KEY}}", expires: "2020-01-01T00:00:00Z"}}
  - name: rotated
    secret: "${{ROTATED_NEW}}"
    previous: {{secret: "${{ROTATED_OLD}}", valid_until: "2020-01-01T00:00:00Z"}}
  - name: rotating
    secret: "${{ROTATING_NEW}}"
    previous: {{secret: "${{ROTATING_OLD}}", valid_until: "2099-01-01T00:00:00Z"}}
admin_keys: [{{name: ops, secret: "${{ADMIN_KEY}}"}}]
logging: {{requests: false}}
"""


@pytest.fixture(scope="module")
def proxy(start_proxy: ProxyFactory, mock_upstream: ServerProcess) -> ServerProcess:
    text = POLICY.format(url=mock_upstream.url, port=mock_upstream.port)
    return start_proxy(policy=text, env=SECRETS)


def client_for(proxy: ServerProcess, secret: str) -> openai.OpenAI:
    return openai.OpenAI(base_url=proxy.url + "/v1", api_key=secret, max_retries=0, timeout=20)


MESSAGES: list[Any] = [{"role": "user", "content": "hi"}]


# --- the permission matrix -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    key: str
    what: str  # chat:<model> | model:<id> | embeddings | header:<name> | big
    status: int
    code: str | None = None


def cases() -> list[Case]:
    ok, denied, missing, big = 200, (403, "permission_denied"), (404, "model_not_found"), (413, "request_too_large")
    table: dict[str, dict[str, int | tuple[int, str]]] = {
        "boss": {
            "chat:gpt-4o-mini": ok,
            "chat:gpt-4o": ok,
            "chat:claude-haiku": ok,
            "chat:no-such-model": missing,
            "model:gpt-4o-mini": ok,
            "model:gpt-4o": ok,
            "model:no-such-model": missing,
            "embeddings": ok,
            "header:cache-control": ok,
            "header:x-llm-proxy-fallback": ok,
            "big": ok,
        },
        "intern-one": {
            "chat:gpt-4o-mini": ok,
            "chat:gpt-4o": missing,
            "chat:claude-haiku": ok,
            "chat:no-such-model": missing,
            "model:gpt-4o-mini": ok,
            "model:gpt-4o": missing,
            "model:claude-haiku": ok,
            "model:no-such-model": missing,
            "embeddings": denied,
            "header:cache-control": ok,
            "header:x-llm-proxy-fallback": denied,
            "big": ok,
        },
        "intern-two": {  # its own models replace the group's
            "chat:gpt-4o-mini": missing,
            "chat:gpt-4o": ok,
            "chat:claude-haiku": missing,
            "chat:no-such-model": missing,
            "model:gpt-4o-mini": missing,
            "model:gpt-4o": ok,
            "model:claude-haiku": missing,
            "embeddings": denied,
            "header:cache-control": ok,
            "header:x-llm-proxy-fallback": denied,
        },
        "tiny-body": {
            "chat:gpt-4o-mini": ok,
            "chat:gpt-4o": ok,
            "chat:no-such-model": missing,
            "model:gpt-4o": ok,
            "embeddings": ok,
            "header:x-llm-proxy-fallback": ok,
            "big": big,
        },
        "embedder": {
            "chat:gpt-4o-mini": denied,
            "model:gpt-4o-mini": denied,
            "embeddings": ok,
        },
    }
    out = []
    for key, rows in table.items():
        for what, expected in rows.items():
            status, code = (expected, None) if isinstance(expected, int) else expected
            out.append(Case(key, what, status, code))
    return out


def send(proxy: ServerProcess, case: Case) -> tuple[int, str]:
    """One request of the matrix through the SDK: the status and body text, whatever the status."""
    client = client_for(proxy, KEY_OF[case.key])
    kind, _, arg = case.what.partition(":")
    raw: Any
    try:
        if kind == "chat":
            raw = client.chat.completions.with_raw_response.create(model=arg, messages=MESSAGES)
        elif kind == "model":
            raw = client.models.with_raw_response.retrieve(arg)
        elif kind == "embeddings":
            raw = client.embeddings.with_raw_response.create(model="text-embedding-3-small", input="hi")
        elif kind == "header":
            value = "no-cache" if arg == "cache-control" else "off"
            model = "gpt-4o" if case.key == "intern-two" else "gpt-4o-mini"  # one the key may use
            raw = client.chat.completions.with_raw_response.create(
                model=model, messages=MESSAGES, extra_headers={arg: value}
            )
        else:
            assert kind == "big"
            long: list[Any] = [{"role": "user", "content": "x" * 400}]
            raw = client.chat.completions.with_raw_response.create(model="gpt-4o-mini", messages=long)
    except openai.APIStatusError as err:
        expected_class = {
            403: openai.PermissionDeniedError,
            404: openai.NotFoundError,
            413: openai.APIStatusError,
        }[err.status_code]
        assert isinstance(err, expected_class), (type(err), err.status_code)
        return err.status_code, err.response.text
    return raw.http_response.status_code, raw.http_response.text


def forbidden_words(case: Case) -> list[str]:
    """What an answer to this caller must never contain: other keys' names, every secret, and the
    aliases the caller may not use (except one it asked for by name)."""
    allowed_models = {
        "intern-one": {"gpt-4o-mini", "claude-haiku"},
        "intern-two": {"gpt-4o"},
        "embedder": {"text-embedding-3-small", "text-embedding-3-large"},
    }.get(case.key, set(ALIASES))
    asked = case.what.partition(":")[2]
    words = [n for n in NAMES if n != case.key] + ["interns", *SECRETS.values()]
    return words + [a for a in ALIASES if a not in allowed_models and a != asked]


@pytest.mark.parametrize("case", cases(), ids=lambda c: f"{c.key}-{c.what}")
def test_permission_matrix(proxy: ServerProcess, case: Case) -> None:
    status, text = send(proxy, case)
    assert status == case.status, text
    if case.status != 200:
        error = json.loads(text)["error"]
        assert set(error) == {"message", "type", "param", "code"} and error["type"] == "invalid_request_error"
        assert error["code"] == case.code, error
        if case.what.startswith("header:"):
            assert error["param"] == case.what.partition(":")[2] and "x-llm-proxy-fallback" in error["message"]
    for word in forbidden_words(case):
        # substrings of allowed names (gpt-4o in gpt-4o-mini) are checked as quoted/listed words
        if word in ALIASES:
            assert not any(f"{sep}{word}{end}" in text for sep in ("'", " ", '"') for end in ("'", ",", ".", '"')), (
                word,
                text,
            )
        else:
            assert word not in text, (word, text)


def test_model_not_found_reads_the_same_for_hidden_and_missing_models(proxy: ServerProcess) -> None:
    client = client_for(proxy, KEY_OF["intern-two"])
    messages = []
    for model in ("gpt-4o-mini", "no-such-model"):
        with pytest.raises(openai.NotFoundError) as info:
            client.chat.completions.create(model=model, messages=MESSAGES)
        body = info.value.body
        assert isinstance(body, dict) and body["code"] == "model_not_found" and body["param"] == "model"
        messages.append(str(body["message"]).replace(model, "<m>"))
    assert messages[0] == messages[1], messages


def refusal_of(proxy: ServerProcess, key: str, kind: str, model: str) -> dict[str, Any]:
    """The 404 a key gets for `model` on chat or `GET /v1/models/{model}`, the model's name blanked out."""
    client = client_for(proxy, KEY_OF[key])
    with pytest.raises(openai.NotFoundError) as info:
        if kind == "chat":
            client.chat.completions.create(model=model, messages=MESSAGES)
        else:
            client.models.retrieve(model)
    body = info.value.response.json()
    body["error"]["message"] = str(body["error"]["message"]).replace(f"'{model}'", "'<m>'")
    return dict(body)


def test_every_model_refusal_reads_alike_and_lists_only_the_keys_models(proxy: ServerProcess) -> None:
    # gpt-4o exists but is not intern-one's; claude-opus matches its "claude-*" but is not configured
    refusals = [
        refusal_of(proxy, "intern-one", kind, model)
        for kind in ("chat", "model")
        for model in ("gpt-4o", "claude-opus", "no-such-model")
    ]
    assert all(r == refusals[0] for r in refusals), refusals
    error = refusals[0]["error"]
    assert (error["code"], error["type"]) == ("model_not_found", "invalid_request_error")
    assert "gpt-4o-mini, claude-haiku " in error["message"] and "gpt-4o," not in error["message"]
    # an unrestricted key reads the same sentence, with every alias
    boss = [refusal_of(proxy, "boss", kind, "no-such-model") for kind in ("chat", "model")]
    assert boss[0] == boss[1]
    everything = error["message"].replace("gpt-4o-mini, claude-haiku", ", ".join(ALIASES))
    assert boss[0]["error"]["message"] == everything


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("boss", ALIASES),
        ("intern-one", ["gpt-4o-mini", "claude-haiku"]),
        ("intern-two", ["gpt-4o"]),
        ("tiny-body", ALIASES),
    ],
)
def test_models_list_shows_exactly_the_keys_models(proxy: ServerProcess, key: str, expected: list[str]) -> None:
    listed = [m.id for m in client_for(proxy, KEY_OF[key]).models.list()]
    assert listed == expected


def test_embedder_reaches_only_its_embedding_models(proxy: ServerProcess) -> None:
    client = client_for(proxy, KEY_OF["embedder"])
    assert client.embeddings.create(model="text-embedding-3-large", input="hi").data
    with pytest.raises(openai.NotFoundError) as info:
        client.embeddings.create(model="gpt-4o", input="hi")
    assert isinstance(info.value.body, dict) and info.value.body["code"] == "model_not_found"
    with pytest.raises(openai.PermissionDeniedError):
        client.models.list()


@pytest.mark.parametrize("prefix", [b"", b" ", b"\n\t ", b"\r\n"])
def test_passthrough_model_is_checked_whatever_the_leading_whitespace(proxy: ServerProcess, prefix: bytes) -> None:
    headers = {"authorization": f"Bearer {KEY_OF['embedder']}", "content-type": "application/json"}
    body = prefix + json.dumps({"model": "gpt-4o", "input": "hi"}).encode()
    resp = httpx.post(proxy.url + "/v1/embeddings", content=body, headers=headers)
    assert resp.status_code == 404 and resp.json()["error"]["code"] == "model_not_found", resp.text


# --- open streams --------------------------------------------------------------------------------------


def slow_model_stream(client: openai.OpenAI, model: str = "gpt-4o-mini") -> openai.Stream[Any]:
    extra = {"mock": {"chunks": 10, "chunk_delay_ms": 150}}
    return client.chat.completions.create(model=model, messages=MESSAGES, stream=True, extra_body=extra)


def stream_text(client: openai.OpenAI) -> str:
    stream = client.chat.completions.create(model="gpt-4o-mini", messages=MESSAGES, stream=True)
    return "".join(c.choices[0].delta.content or "" for c in stream if c.choices)


def eventually_streams(client: openai.OpenAI, within_s: float = 3.0) -> str:
    """A stream succeeds once the held slot is given back (on_response runs just after the last byte)."""
    deadline = time.monotonic() + within_s
    while True:
        try:
            return stream_text(client)
        except openai.RateLimitError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def test_max_streams_one_holds_a_second_stream_and_releases_the_slot(proxy: ServerProcess) -> None:
    intern = client_for(proxy, KEY_OF["intern-one"])
    first = slow_model_stream(intern)
    it = iter(first)
    next(it)  # the first stream is open and holding the key's only slot
    with pytest.raises(openai.RateLimitError) as info:
        stream_text(intern)
    assert isinstance(info.value.body, dict) and info.value.body["code"] == "rate_limit_exceeded"
    assert "at most 1 streamed" in str(info.value.body["message"])
    assert info.value.response.headers["retry-after"] == "1"
    # Non-streamed requests of the same key and streams of other keys (same group) are unaffected.
    assert intern.chat.completions.create(model="gpt-4o-mini", messages=MESSAGES).choices
    other = client_for(proxy, KEY_OF["intern-two"])  # same group, its own slot
    assert "".join(c.choices[0].delta.content or "" for c in slow_model_stream(other, "gpt-4o") if c.choices)
    assert stream_text(client_for(proxy, KEY_OF["boss"]))
    rest = "".join(c.choices[0].delta.content or "" for c in it if c.choices)
    assert rest  # the held stream finished normally
    assert eventually_streams(intern)
    assert eventually_streams(intern)  # and again: the second one gave its slot back too


def test_abandoned_stream_gives_its_slot_back(proxy: ServerProcess) -> None:
    intern = client_for(proxy, KEY_OF["intern-one"])
    extra = {"mock": {"chunks": 50, "chunk_delay_ms": 200}}
    stream = intern.chat.completions.create(model="gpt-4o-mini", messages=MESSAGES, stream=True, extra_body=extra)
    next(iter(stream))
    stream.close()  # the caller hangs up mid-answer
    assert eventually_streams(intern)


@pytest.mark.parametrize("knobs", [{"status": 500}, {"drop_after": 1}], ids=["upstream-500", "upstream-drop"])
def test_failed_stream_gives_its_slot_back(proxy: ServerProcess, knobs: dict[str, Any]) -> None:
    intern = client_for(proxy, KEY_OF["intern-one"])
    with pytest.raises(openai.APIError):
        stream = intern.chat.completions.create(
            model="gpt-4o-mini", messages=MESSAGES, stream=True, extra_body={"mock": knobs}
        )
        for _ in stream:
            pass
    assert eventually_streams(intern)


def test_max_streams_zero_refuses_streaming_with_403(proxy: ServerProcess) -> None:
    client = client_for(proxy, KEY_OF["tiny-body"])
    with pytest.raises(openai.PermissionDeniedError) as info:
        stream_text(client)
    assert isinstance(info.value.body, dict) and info.value.body["code"] == "permission_denied"
    assert "stream=false" in str(info.value.body["message"])
    assert client.chat.completions.create(model="gpt-4o-mini", messages=MESSAGES).choices


# --- expiry, rotation and the admin listing -----------------------------------------------------------


@pytest.mark.parametrize(
    ("secret", "code", "when"),
    [
        (SECRETS["EXPIRED_KEY"], "api_key_expired", "2020-01-01T00:00:00Z"),
        (SECRETS["ROTATED_OLD"], "api_key_rotated", "2020-01-01T00:00:00Z"),
        ("vk-acl-nobody-0099", "invalid_api_key", None),
    ],
)
def test_expired_and_rotated_out_secrets_get_401(proxy: ServerProcess, secret: str, code: str, when: str) -> None:
    with pytest.raises(openai.AuthenticationError) as info:
        client_for(proxy, secret).chat.completions.create(model="gpt-4o-mini", messages=MESSAGES)
    body = info.value.body
    assert isinstance(body, dict) and body["code"] == code and body["type"] == "invalid_request_error"
    if when is not None:
        assert when in str(body["message"])
    message = str(body["message"])  # ("rotated" is also in the code api_key_rotated)
    assert all(name not in message for name in NAMES) and secret not in info.value.response.text


def test_current_and_in_rotation_secrets_work(proxy: ServerProcess) -> None:
    for name in ("ROTATED_NEW", "ROTATING_NEW", "ROTATING_OLD"):
        client = client_for(proxy, SECRETS[name])
        assert client.chat.completions.create(model="gpt-4o-mini", messages=MESSAGES).choices, name


def test_admin_keys_lists_keys_without_secrets(proxy: ServerProcess) -> None:
    resp = httpx.get(proxy.url + "/admin/keys", headers={"authorization": f"Bearer {SECRETS['ADMIN_KEY']}"})
    assert resp.status_code == 200, resp.text
    assert all(secret not in resp.text for secret in SECRETS.values())
    assert "secret_sha256" not in resp.text and "secret" not in json.dumps(list(_all_keys(resp.json())))
    rows = {row["name"]: row for row in resp.json()["data"]}
    assert list(rows) == [
        "boss",
        "intern-one",
        "intern-two",
        "tiny-body",
        "embedder",
        "expired-key",
        "rotated",
        "rotating",
    ]
    one = rows["intern-one"]
    assert one["group"] == "interns" and one["metadata"] == {"team": "search", "owner": "alice"}
    assert one["permissions"] == {
        "models": ["gpt-4o-mini", "claude-*"],
        "endpoints": ["/v1/chat/completions", "/v1/models*"],
        "override_headers": ["cache-control"],
        "max_streams": 1,
    }
    assert rows["intern-two"]["permissions"]["models"] == ["gpt-4o"]
    assert rows["intern-two"]["permissions"]["max_streams"] == 1
    assert rows["boss"]["permissions"] == {} and rows["boss"]["group"] is None
    assert rows["tiny-body"]["permissions"] == {"max_body_bytes": 300, "max_streams": 0}
    assert rows["expired-key"]["expired"] is True and rows["boss"]["expired"] is False
    assert rows["rotated"]["rotation"] == {"previous_valid_until": "2020-01-01T00:00:00Z", "previous_active": False}
    assert rows["rotating"]["rotation"] == {"previous_valid_until": "2099-01-01T00:00:00Z", "previous_active": True}
    assert rows["boss"]["rotation"] is None


def _all_keys(node: Any) -> list[str]:
    if isinstance(node, dict):
        return [*node, *(k for v in node.values() for k in _all_keys(v))]
    if isinstance(node, list):
        return [k for v in node for k in _all_keys(v)]
    return []


@pytest.mark.parametrize(
    ("secret", "status"),
    [
        (SECRETS["BOSS_KEY"], 403),
        (SECRETS["ROTATING_OLD"], 403),  # a completion key's previous secret is still a completion key's
        (SECRETS["ROTATED_OLD"], 403),
        (SECRETS["EXPIRED_KEY"], 403),
        ("vk-acl-nobody-0099", 401),
        (None, 401),
    ],
)
def test_admin_keys_needs_an_admin_key(proxy: ServerProcess, secret: str | None, status: int) -> None:
    headers = {"authorization": f"Bearer {secret}"} if secret else {}
    resp = httpx.get(proxy.url + "/admin/keys", headers=headers)
    assert resp.status_code == status and "intern-one" not in resp.text
    expected = "permission_denied" if status == 403 else "invalid_api_key"
    assert resp.json()["error"]["code"] == expected, resp.text


def test_health_endpoints_reveal_no_names_secrets_or_credentials(proxy: ServerProcess) -> None:
    # the credentialed provider works (claude-haiku goes through it)
    boss = client_for(proxy, KEY_OF["boss"])
    assert boss.chat.completions.create(model="claude-haiku", messages=MESSAGES).choices
    for path in ("/healthz", "/readyz"):
        resp = httpx.get(proxy.url + path)
        assert resp.status_code == 200, (path, resp.text)
        for word in [*NAMES, *SECRETS.values(), "acl-user", "@127.0.0.1"]:
            assert word not in resp.text, (path, word, resp.text)


# --- the end user over the wire ------------------------------------------------------------------------

IDENTITY_POLICY = """
providers:
  mock: {{type: openai, base_url: "{url}/v1"}}
models:
  gpt-4o-mini: {{deployments: [{{provider: mock, model: gpt-4o-mini}}]}}
keys: [{{name: team-id, secret: "${{ID_KEY}}"}}]
identity: {{user_header: x-forwarded-user, trusted_proxies: ["{trusted}"]}}
limits:
  rules:
    - {{name: per-user, scope: user, requests_per_minute: 1, burst: 1.0}}
logging: {{requests: false}}
"""
ID_KEY = "vk-acl-identity-0020"


def identity_proxy(start_proxy: ProxyFactory, mock_upstream: ServerProcess, trusted: str) -> ServerProcess:
    text = IDENTITY_POLICY.format(url=mock_upstream.url, trusted=trusted)
    return start_proxy(policy=text, env={"ID_KEY": ID_KEY})


@pytest.fixture(scope="module")
def trusting_proxy(start_proxy: ProxyFactory, mock_upstream: ServerProcess) -> ServerProcess:
    return identity_proxy(start_proxy, mock_upstream, "127.0.0.1/32")


@pytest.fixture(scope="module")
def distrusting_proxy(start_proxy: ProxyFactory, mock_upstream: ServerProcess) -> ServerProcess:
    return identity_proxy(start_proxy, mock_upstream, "10.0.0.0/8")


def chat_as(proxy: ServerProcess, header_user: str | None, body_user: str | None = None) -> int:
    client = client_for(proxy, ID_KEY)
    headers = {"x-forwarded-user": header_user} if header_user else {}
    extra = {"user": body_user} if body_user else None
    try:
        client.chat.completions.create(model="gpt-4o-mini", messages=MESSAGES, extra_headers=headers, extra_body=extra)
    except openai.RateLimitError as err:
        assert isinstance(err.body, dict) and "per-user" in str(err.body["message"])
        return 429
    return 200


def test_trusted_peer_header_is_the_end_user(trusting_proxy: ServerProcess) -> None:
    assert chat_as(trusting_proxy, "alice-t", "shared-t") == 200
    assert chat_as(trusting_proxy, "bob-t", "shared-t") == 200  # a separate budget per header value
    assert chat_as(trusting_proxy, "alice-t", "other-t") == 429  # alice's budget is spent
    assert chat_as(trusting_proxy, None, "shared-t") == 200  # no header: the body's user, unspent


def test_untrusted_peer_header_is_ignored(distrusting_proxy: ServerProcess) -> None:
    assert chat_as(distrusting_proxy, "alice-u", "shared-u") == 200
    assert chat_as(distrusting_proxy, "bob-u", "shared-u") == 429  # same body user: same bucket
    assert chat_as(distrusting_proxy, "carol-u", "fresh-u") == 200  # the body's user decides


@pytest.mark.parametrize(
    ("header", "body_user", "param"),
    [(None, "Bob Smith", "user"), ("bad value!", None, "x-forwarded-user"), (None, "u" * 257, "user")],
)
def test_bad_end_user_is_400(trusting_proxy: ServerProcess, header: str | None, body_user: str, param: str) -> None:
    client = client_for(trusting_proxy, ID_KEY)
    headers = {"x-forwarded-user": header} if header else {}
    with pytest.raises(openai.BadRequestError) as info:
        client.chat.completions.create(model="gpt-4o-mini", messages=MESSAGES, extra_headers=headers, user=body_user)
    assert isinstance(info.value.body, dict) and info.value.body["param"] == param


def test_untrusted_peer_bad_header_is_not_read(distrusting_proxy: ServerProcess) -> None:
    assert chat_as(distrusting_proxy, "bad value!", "someone-u") == 200
