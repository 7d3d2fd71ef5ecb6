"""Malformed requests each get the right status and an OpenAI envelope; the proxy keeps serving."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.conftest import VIRTUAL_KEY
from tests.support import ServerProcess

OK_MESSAGES = [{"role": "user", "content": "hi"}]
JSON = {"content-type": "application/json"}


def chat(**fields: Any) -> dict[str, Any]:
    return {"model": "gpt-4o-mini", "messages": OK_MESSAGES, **fields}


# (case id, method, path, body bytes or JSON object, status, code, param)
CASES: list[tuple[str, str, str, Any, int, str | None, str | None]] = [
    ("not json", "POST", "/v1/chat/completions", b'{"model": ', 400, "invalid_json", None),
    ("json array", "POST", "/v1/chat/completions", [1, 2], 400, "invalid_json", None),
    ("json string", "POST", "/v1/chat/completions", "hello", 400, "invalid_json", None),
    ("empty body", "POST", "/v1/chat/completions", b"", 400, "invalid_request", None),
    ("invalid utf-8", "POST", "/v1/chat/completions", b'{"model": "\xff\xfe"}', 400, "invalid_json", None),
    ("missing model", "POST", "/v1/chat/completions", {"messages": OK_MESSAGES}, 400, None, "model"),
    ("model is a number", "POST", "/v1/chat/completions", chat(model=123), 400, "invalid_request", "model"),
    ("missing messages", "POST", "/v1/chat/completions", {"model": "gpt-4o-mini"}, 400, None, "messages"),
    ("messages not a list", "POST", "/v1/chat/completions", chat(messages="hi"), 400, "invalid_request", "messages"),
    ("messages empty", "POST", "/v1/chat/completions", chat(messages=[]), 400, "invalid_request", "messages"),
    ("message not an object", "POST", "/v1/chat/completions", chat(messages=["hi"]), 400, None, "messages[0]"),
    ("unknown role", "POST", "/v1/chat/completions", chat(messages=[{"role": "robot"}]), 400, None, "messages[0].role"),
    (
        "content is a number",
        "POST",
        "/v1/chat/completions",
        chat(messages=[{"role": "user", "content": 5}]),
        400,
        None,
        "messages[0].content",
    ),
    ("stream is a string", "POST", "/v1/chat/completions", chat(stream="yes"), 400, None, "stream"),
    ("temperature is a string", "POST", "/v1/chat/completions", chat(temperature="hot"), 400, None, "temperature"),
    ("max_tokens zero", "POST", "/v1/chat/completions", chat(max_tokens=0), 400, None, "max_tokens"),
    ("n is a boolean", "POST", "/v1/chat/completions", chat(n=True), 400, None, "n"),
    (
        "include_usage not boolean",
        "POST",
        "/v1/chat/completions",
        chat(stream=True, stream_options={"include_usage": "yes"}),
        400,
        None,
        "stream_options.include_usage",
    ),
    ("huge body", "POST", "/v1/chat/completions", chat(pad="x" * 100_000), 413, "request_too_large", None),
    ("unknown model", "POST", "/v1/chat/completions", chat(model="gpt-9"), 404, "model_not_found", "model"),
    ("unknown model id", "GET", "/v1/models/gpt-9", None, 404, "model_not_found", None),
    ("GET on chat", "GET", "/v1/chat/completions", None, 405, "method_not_allowed", None),
    ("unknown path", "POST", "/v2/chat", chat(), 404, "unknown_url", None),
]


def send(server: ServerProcess, method: str, path: str, body: Any, headers: dict[str, str]) -> httpx.Response:
    content = body if isinstance(body, bytes) or body is None else None
    return httpx.request(
        method,
        server.url + path,
        content=content,
        json=None if content is not None or body is None else body,
        headers={**JSON, **headers},
        timeout=10,
    )


def assert_envelope(resp: httpx.Response, status: int, code: str | None, param: str | None) -> None:
    assert resp.status_code == status, resp.text
    assert resp.headers["content-type"].startswith("application/json")
    error = resp.json()["error"]
    assert set(error) == {"message", "type", "param", "code"}
    assert error["message"]
    if code is not None:
        assert error["code"] == code
    if param is not None:
        assert error["param"] == param


@pytest.mark.parametrize(
    ("case", "method", "path", "body", "status", "code", "param"), CASES, ids=[c[0] for c in CASES]
)
def test_bad_request_gets_openai_error(
    proxy: ServerProcess, case: str, method: str, path: str, body: Any, status: int, code: str | None, param: str | None
) -> None:
    resp = send(proxy, method, path, body, {})
    assert_envelope(resp, status, code, param)
    if path.startswith("/v1"):
        assert resp.headers.get("x-request-id")


@pytest.mark.parametrize(
    ("case", "headers"),
    [
        ("missing key", {}),
        ("wrong key", {"authorization": "Bearer vk-not-a-real-key"}),
        ("bearer without token", {"authorization": "Bearer"}),
    ],
)
def test_bad_key_gets_401_without_echo(keyed_proxy: ServerProcess, case: str, headers: dict[str, str]) -> None:
    resp = send(keyed_proxy, "POST", "/v1/chat/completions", chat(), headers)
    assert_envelope(resp, 401, "invalid_api_key", None)
    assert "vk-not-a-real-key" not in resp.text


def test_auth_is_checked_before_the_body(keyed_proxy: ServerProcess) -> None:
    resp = send(keyed_proxy, "POST", "/v1/chat/completions", b"not json", {"authorization": "Bearer nope-nope"})
    assert resp.status_code == 401


def test_valid_key_passes(keyed_proxy: ServerProcess) -> None:
    resp = send(keyed_proxy, "POST", "/v1/chat/completions", chat(), {"authorization": f"Bearer {VIRTUAL_KEY}"})
    assert resp.status_code == 200, resp.text


def test_proxy_keeps_serving_after_bad_input(proxy: ServerProcess) -> None:
    for case in CASES:
        send(proxy, case[1], case[2], case[3], {})
    resp = send(proxy, "POST", "/v1/chat/completions", chat(), {})
    assert resp.status_code == 200
    assert resp.json()["choices"][0]["message"]["content"]
    assert "Traceback" not in proxy.output()
