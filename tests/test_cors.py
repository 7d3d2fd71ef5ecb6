"""CORS for browsers: units of the origin/header matching, then real proxies driven with the raw
HTTP a browser sends (preflight, then the actual request), including a streamed answer."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from proxy.config.access import CorsConfig
from proxy.config.loader import ConfigError
from proxy.config.policy import parse_policy
from proxy.cors import CompiledCors, CorsMiddleware, parse_origin
from tests.conftest import ProxyFactory
from tests.support import ServerProcess

KEY, ADMIN = "vk-cors-team-a-0001", "adm-cors-secret-0002"
KEYS = '[{name: team-a, secret: "${TEAM_A_KEY}"}]'
ENV = {"TEAM_A_KEY": KEY, "ADMIN_KEY": ADMIN}
APP = "https://app.example.com"
CHAT = "/v1/chat/completions"
MockLog = Callable[[str], list[dict[str, Any]]]


# --- units ------------------------------------------------------------------------------------------


def compiled(*origins: str, **fields: Any) -> CompiledCors:
    return CompiledCors(CorsConfig(allow_origins=origins, **fields))


def allows(cors: CompiledCors, origin: str) -> bool:
    return cors.allows_origin(parse_origin(origin))


def test_exact_origins_match_case_insensitively_and_ignore_default_ports() -> None:
    cors = compiled("https://App.Example.com", "http://localhost:5173")
    assert allows(cors, "https://app.example.com") and allows(cors, "HTTPS://APP.EXAMPLE.COM")
    assert allows(cors, "https://app.example.com:443") and allows(cors, "http://localhost:5173")
    assert not allows(cors, "http://app.example.com") and not allows(cors, "https://app.example.com:8443")
    assert not allows(cors, "http://localhost:5174") and not allows(cors, "https://other.example.com")


def test_wildcard_matches_any_subdomain_depth_but_not_the_domain_or_lookalikes() -> None:
    cors = compiled("https://*.example.com")
    assert allows(cors, "https://a.example.com") and allows(cors, "https://b.c.example.com")
    for refused in (
        "https://example.com",
        "http://a.example.com",
        "https://a.example.com.evil.test",
        "https://aexample.com",
        "https://a.example.com:8443",
        "https://.example.com",
    ):
        assert not allows(cors, refused), refused
    assert allows(compiled("http://*.local.test:8080"), "http://x.local.test:8080")
    assert not allows(compiled("http://*.local.test:8080"), "http://x.local.test")


def test_null_and_malformed_origins_are_never_allowed_even_with_star() -> None:
    cors = compiled("*")
    assert allows(cors, "https://anything.test")
    for refused in ("null", "", "file://", "https://a.test/path", "javascript:alert(1)", "https://a b.test"):
        assert not allows(cors, refused), refused


def test_header_patterns_prefix_match_case_insensitively() -> None:
    cors = compiled(APP, allow_headers=("Authorization", "X-Stainless-*"))
    assert cors.allows_header("authorization") and cors.allows_header("x-stainless-os")
    assert not cors.allows_header("x-stainless") and not cors.allows_header("x-other")


def test_star_is_echoed_only_without_credentials() -> None:
    assert compiled("*").allow_origin_value(b"https://a.test") == b"*"
    assert compiled(APP, allow_credentials=True).allow_origin_value(APP.encode()) == APP.encode()


class FakeApp:
    """An ASGI app answering with `headers`; counts its calls."""

    def __init__(self, headers: list[tuple[bytes, bytes]]) -> None:
        self.headers = headers
        self.calls = 0

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        self.calls += 1
        await send({"type": "http.response.start", "status": 200, "headers": list(self.headers)})
        await send({"type": "http.response.body", "body": b"ok"})


def run(middleware: CorsMiddleware, origin: str, path: str = CHAT) -> tuple[int, dict[bytes, list[bytes]]]:
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b""}

    async def send(message: Any) -> None:
        sent.append(message)

    scope = {"type": "http", "method": "POST", "path": path, "headers": [(b"origin", origin.encode())]}
    asyncio.run(middleware(scope, receive, send))
    headers: dict[bytes, list[bytes]] = {}
    for name, value in sent[0]["headers"]:
        headers.setdefault(name, []).append(value)
    return sent[0]["status"], headers


def test_middleware_follows_a_reloaded_config_and_merges_response_headers() -> None:
    upstream = [(b"vary", b"Accept-Encoding"), (b"access-control-allow-origin", b"*")]
    app = FakeApp(upstream)
    current = {"cors": CorsConfig(allow_origins=(APP,))}
    middleware = CorsMiddleware(app, get_config=lambda: current["cors"])

    status, headers = run(middleware, APP)
    assert status == 200 and app.calls == 1
    assert headers[b"vary"] == [b"Accept-Encoding, Origin"]
    assert headers[b"access-control-allow-origin"] == [APP.encode()]  # the upstream's `*` is dropped
    assert run(middleware, "https://new.example.org")[0] == 403 and app.calls == 1

    current["cors"] = CorsConfig(allow_origins=("https://new.example.org",))  # what a reload does
    assert run(middleware, "https://new.example.org")[0] == 200 and app.calls == 2
    assert run(middleware, APP)[0] == 403 and app.calls == 2
    assert run(middleware, APP, path="/healthz")[1] == {
        b"vary": [b"Accept-Encoding"],
        b"access-control-allow-origin": [b"*"],
    }


# --- config -----------------------------------------------------------------------------------------


def policy_problems(cors: dict[str, Any], keys: list[dict[str, str]] | None = None) -> list[str]:
    data = {
        "providers": {"mock": {"type": "openai", "base_url": "http://127.0.0.1:1/v1"}},
        "keys": keys or [],
        "cors": cors,
    }
    with pytest.raises(ConfigError) as info:
        parse_policy(data, {})
    return info.value.problems


def test_star_origin_is_refused_with_virtual_keys() -> None:
    problems = policy_problems({"allow_origins": ["*"]}, keys=[{"name": "team-a", "secret": "vk-x"}])
    assert any("cors.allow_origins" in p and "'*'" in p for p in problems), problems


def test_malformed_origin_is_refused() -> None:
    problems = policy_problems({"allow_origins": ["app.example.com", "https://x.test/path"]})
    assert any("'app.example.com'" in p for p in problems) and any("'https://x.test/path'" in p for p in problems)


def test_star_origin_is_accepted_in_open_mode() -> None:
    data = {"providers": {"mock": {"type": "openai", "base_url": "http://x/v1"}}, "cors": {"allow_origins": ["*"]}}
    assert parse_policy(data, {}).cors.allow_origins == ("*",)


# --- real proxies -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def cors_proxy(start_proxy: ProxyFactory) -> ServerProcess:
    extra = f"""
admin_keys: [{{name: ops, secret: "${{ADMIN_KEY}}"}}]
cors: {{allow_origins: ["{APP}", "https://*.example.com"]}}
"""
    return start_proxy(keys=KEYS, extra=extra, env=ENV)


@pytest.fixture(scope="module")
def credentials_proxy(start_proxy: ProxyFactory) -> ServerProcess:
    extra = f'cors: {{allow_origins: ["{APP}"], allow_credentials: true}}'
    return start_proxy(keys=KEYS, extra=extra, env=ENV)


@pytest.fixture(scope="module")
def star_proxy(start_proxy: ProxyFactory) -> ServerProcess:
    return start_proxy(extra='cors: {allow_origins: ["*"]}')


def preflight(proxy: ServerProcess, origin: str, method: str = "POST", headers: str | None = None) -> httpx.Response:
    sent = {"origin": origin, "access-control-request-method": method}
    if headers is not None:
        sent["access-control-request-headers"] = headers
    return httpx.options(proxy.url + CHAT, headers=sent, timeout=10)


def chat(proxy: ServerProcess, origin: str | None, **body: Any) -> httpx.Response:
    headers = {"authorization": f"Bearer {KEY}"} | ({"origin": origin} if origin else {})
    payload = {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "hi"}], **body}
    return httpx.post(proxy.url + CHAT, json=payload, headers=headers, timeout=10)


def cors_headers(resp: httpx.Response) -> list[str]:
    return [name for name in resp.headers if name.lower().startswith("access-control-")]


def test_allowed_origin_preflight_then_streamed_request(cors_proxy: ServerProcess) -> None:
    pre = preflight(cors_proxy, APP, headers="authorization, content-type, x-stainless-os")
    assert pre.status_code == 204, pre.text
    assert pre.headers["access-control-allow-origin"] == APP
    assert pre.headers["vary"] == "Origin"
    assert "POST" in pre.headers["access-control-allow-methods"]
    assert pre.headers["access-control-allow-headers"] == "authorization, content-type, x-stainless-os"
    assert pre.headers["access-control-max-age"] == "600"
    assert "access-control-allow-credentials" not in pre.headers

    headers = {"authorization": f"Bearer {KEY}", "origin": APP, "content-type": "application/json"}
    body = {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "hi"}], "stream": True}
    body["mock"] = {"chunks": 4, "chunk_delay_ms": 150}
    arrivals: list[float] = []
    text = ""
    with httpx.stream("POST", cors_proxy.url + CHAT, json=body, headers=headers, timeout=10) as resp:
        assert resp.status_code == 200
        assert resp.headers["access-control-allow-origin"] == APP
        assert "origin" in resp.headers["vary"].lower()
        assert "x-request-id" in resp.headers["access-control-expose-headers"]
        assert "access-control-allow-credentials" not in resp.headers
        for chunk in resp.iter_text():
            arrivals.append(time.monotonic())
            text += chunk
    assert text.rstrip().endswith("data: [DONE]")
    # Not buffered: the pieces arrive over the mock's delays, not all at once at the end.
    assert len(arrivals) >= 3 and arrivals[-1] - arrivals[0] > 0.3


def test_wildcard_origin_through_the_proxy(cors_proxy: ServerProcess) -> None:
    for origin in ("https://a.example.com", "https://b.c.example.com"):
        pre = preflight(cors_proxy, origin, headers="authorization")
        assert pre.status_code == 204 and pre.headers["access-control-allow-origin"] == origin
        resp = chat(cors_proxy, origin)
        assert resp.status_code == 200 and resp.headers["access-control-allow-origin"] == origin
    for origin in ("https://example.com", "http://a.example.com", "https://a.example.com.evil.test"):
        assert preflight(cors_proxy, origin).status_code == 403, origin
        assert chat(cors_proxy, origin).status_code == 403, origin


def test_refused_origin_gets_403_without_cors_headers_and_never_reaches_upstream(
    cors_proxy: ServerProcess, mock_log: MockLog
) -> None:
    evil = "https://evil.test"
    pre = preflight(cors_proxy, evil, headers="authorization, content-type")
    assert pre.status_code == 403 and cors_headers(pre) == []
    assert pre.json()["error"]["code"] == "origin_not_allowed"

    mock_id = uuid.uuid4().hex
    resp = chat(cors_proxy, evil, mock={"id": mock_id})
    assert resp.status_code == 403 and cors_headers(resp) == []
    assert resp.headers["content-type"] == "application/json"
    error = resp.json()["error"]
    assert error["code"] == "origin_not_allowed" and set(error) == {"message", "type", "param", "code"}
    assert "allow-list" in error["message"] and "app.example.com" not in error["message"]
    assert mock_log(mock_id) == []
    # The same request without Origin (a server-side client) is served: the gate is for browsers.
    assert chat(cors_proxy, None, mock={"id": mock_id}).status_code == 200
    assert len(mock_log(mock_id)) == 1


def test_origin_null_is_refused(cors_proxy: ServerProcess) -> None:
    assert preflight(cors_proxy, "null").status_code == 403
    assert chat(cors_proxy, "null").json()["error"]["code"] == "origin_not_allowed"


def test_disallowed_header_or_method_on_allowed_origin(cors_proxy: ServerProcess) -> None:
    resp = preflight(cors_proxy, APP, headers="authorization, x-secret-thing")
    assert resp.status_code == 403 and cors_headers(resp) == []
    error = resp.json()["error"]
    assert error["code"] == "cors_not_allowed"
    assert "x-secret-thing" in error["message"] and "cors.allow_headers" in error["message"]

    resp = preflight(cors_proxy, APP, method="DELETE", headers="authorization")
    assert resp.status_code == 403 and cors_headers(resp) == []
    error = resp.json()["error"]
    assert error["code"] == "cors_not_allowed"
    assert "DELETE" in error["message"] and "cors.allow_methods" in error["message"]


def test_credentials_are_announced_on_preflight_and_answer(credentials_proxy: ServerProcess) -> None:
    pre = preflight(credentials_proxy, APP, headers="authorization")
    assert pre.status_code == 204
    assert pre.headers["access-control-allow-credentials"] == "true"
    assert pre.headers["access-control-allow-origin"] == APP
    resp = chat(credentials_proxy, APP)
    assert resp.status_code == 200
    assert resp.headers["access-control-allow-credentials"] == "true"
    assert resp.headers["access-control-allow-origin"] == APP


def test_open_mode_star_answers_star(star_proxy: ServerProcess) -> None:
    pre = preflight(star_proxy, "https://anywhere.test", headers="content-type")
    assert pre.status_code == 204 and pre.headers["access-control-allow-origin"] == "*"
    resp = chat(star_proxy, "https://anywhere.test")
    assert resp.status_code == 200 and resp.headers["access-control-allow-origin"] == "*"
    assert "access-control-allow-credentials" not in resp.headers


def test_errors_from_the_app_carry_cors_headers_for_allowed_origins(cors_proxy: ServerProcess) -> None:
    # A page must be able to read the proxy's refusal (e.g. a bad key), or it only sees "network error".
    resp = httpx.post(
        cors_proxy.url + CHAT, json={"model": "gpt-4o-mini"}, headers={"origin": APP, "authorization": "Bearer nope"}
    )
    assert resp.status_code == 401 and resp.headers["access-control-allow-origin"] == APP


def test_cors_off_serves_origin_requests_without_cors_headers(proxy: ServerProcess) -> None:
    resp = chat(proxy, APP)
    assert resp.status_code == 200 and cors_headers(resp) == []
    pre = preflight(proxy, APP)
    assert cors_headers(pre) == []


def test_non_api_paths_never_get_cors_headers(cors_proxy: ServerProcess) -> None:
    origin = {"origin": APP}
    for path, headers in (
        ("/healthz", origin),
        ("/readyz", origin),
        ("/metrics", origin),
        ("/admin/usage", origin | {"authorization": f"Bearer {ADMIN}"}),
        ("/admin/usage", {"origin": "https://evil.test"}),
    ):
        resp = httpx.get(cors_proxy.url + path, headers=headers, timeout=10)
        assert resp.status_code != 403, path
        assert cors_headers(resp) == [], path
    pre = httpx.options(
        cors_proxy.url + "/admin/usage", headers={"origin": APP, "access-control-request-method": "GET"}, timeout=10
    )
    assert cors_headers(pre) == []
