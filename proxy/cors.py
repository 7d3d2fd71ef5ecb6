"""Browser access (CORS) for `/v1/*`, as a raw ASGI middleware in front of the router.

Guarantees:
- Only `http` requests under `/v1/` are looked at; admin, metrics, health and lifespan pass
  through untouched, and so does every request when CORS is off (no `cors.allow_origins`) or
  when it carries no `Origin` header. Nothing adds a CORS header in those cases.
- A request from an origin that is not allowed (and `Origin: null`, always) gets a 403
  `origin_not_allowed` with no `access-control-*` header, and never reaches the pipeline, so a
  page on another site cannot spend a key even with "simple" requests the browser does not
  preflight. The message never lists the allowed origins.
- A preflight from an allowed origin is answered here (204); one asking for a method or header
  the policy does not allow gets a 403 `cors_not_allowed` with no CORS header, naming what to
  add to the policy.
- An actual request from an allowed origin reaches the app; only its `http.response.start` is
  rewritten (allow-origin, `vary: Origin`, expose-headers, credentials), so streams still stream.
  CORS headers the app or an upstream set are dropped so the browser never sees two answers.

The config is read per request (a reload swaps it) and compiled once per config object.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from proxy.config.access import CorsConfig
from proxy.core.asgi import AsgiApp, Message, Receive, Scope, Send, send_json
from proxy.core.errors import envelope
from proxy.core.exchange import Headers

# What a browser sends as Origin: scheme, host, optional port; nothing else.
_ORIGIN = re.compile(r"(https?)://([a-z0-9-]+(?:\.[a-z0-9-]+)*)(?::(\d{1,5}))?")
_DEFAULT_PORT = {"http": "80", "https": "443"}
_MAX_ECHO = 200  # an origin echoed in an error message is cut here; it is caller-controlled text


@dataclass(frozen=True, slots=True)
class Origin:
    """A parsed, normalised origin: lower case, default port dropped (browsers omit it)."""

    scheme: str
    host: str
    port: str

    @property
    def key(self) -> str:
        return f"{self.scheme}://{self.host}{':' + self.port if self.port else ''}"


def parse_origin(text: str) -> Origin | None:
    """`scheme://host[:port]` as an Origin, or None (including for `null`)."""
    match = _ORIGIN.fullmatch(text.strip().lower())
    if match is None:
        return None
    scheme, host, port = match.group(1), match.group(2), match.group(3) or ""
    if port == _DEFAULT_PORT[scheme]:
        port = ""
    return Origin(scheme, host, port)


@dataclass(frozen=True, slots=True)
class _Wildcard:
    """`scheme://*.suffix[:port]`: any subdomain, at any depth, of `suffix`, not `suffix` itself."""

    scheme: str
    suffix: str  # with its leading dot: ".example.com"
    port: str

    def matches(self, origin: Origin) -> bool:
        return (
            origin.scheme == self.scheme
            and origin.port == self.port
            and origin.host.endswith(self.suffix)
            and len(origin.host) > len(self.suffix)
        )


def _compile_origins(origins: tuple[str, ...]) -> tuple[frozenset[str], tuple[_Wildcard, ...]]:
    """Exact origins as normalised keys (a set lookup per request) and the subdomain wildcards.
    `*` is neither; entries `check_cors` would refuse are skipped rather than trusted."""
    exact: set[str] = set()
    wildcards: list[_Wildcard] = []
    for text in origins:
        scheme, _, rest = text.lower().partition("://")
        if rest.startswith("*."):
            parsed = parse_origin(f"{scheme}://{rest[2:]}")
            if parsed is not None:
                wildcards.append(_Wildcard(parsed.scheme, "." + parsed.host, parsed.port))
        elif (parsed := parse_origin(text)) is not None:
            exact.add(parsed.key)
    return frozenset(exact), tuple(wildcards)


class CompiledCors:
    """One CorsConfig turned into sets and prebuilt header values, so a request does lookups only."""

    __slots__ = (
        "any_origin",
        "credentials",
        "exact",
        "header_exact",
        "header_prefixes",
        "methods",
        "preflight_headers",
        "response_headers",
        "star_reply",
        "wildcards",
    )

    def __init__(self, config: CorsConfig) -> None:
        self.any_origin = "*" in config.allow_origins
        self.credentials = config.allow_credentials
        # `*` is answered literally only without credentials: browsers refuse `*` with them.
        self.star_reply = self.any_origin and not self.credentials
        self.exact, self.wildcards = _compile_origins(config.allow_origins)
        headers = [h.lower() for h in config.allow_headers]
        self.header_exact = frozenset(h for h in headers if not h.endswith("*"))
        self.header_prefixes = tuple(h[:-1] for h in headers if h.endswith("*"))
        self.methods = frozenset(m.upper() for m in config.allow_methods)
        credentials: Headers = [(b"access-control-allow-credentials", b"true")] if self.credentials else []
        self.preflight_headers: Headers = [
            (b"access-control-allow-methods", ", ".join(sorted(self.methods)).encode("latin-1")),
            (b"access-control-max-age", str(config.max_age_s).encode()),
            *credentials,
        ]
        expose = ", ".join(config.expose_headers).encode("latin-1")
        self.response_headers: Headers = [(b"access-control-expose-headers", expose)] if expose else []
        self.response_headers += credentials

    def allows_origin(self, origin: Origin | None) -> bool:
        if origin is None:  # unparseable, or `null` (sandboxed frames, file:// pages): never trusted
            return False
        if self.any_origin or origin.key in self.exact:
            return True
        return any(w.matches(origin) for w in self.wildcards)

    def allows_header(self, name: str) -> bool:
        return name in self.header_exact or name.startswith(self.header_prefixes)

    def allow_origin_value(self, origin: bytes) -> bytes:
        return b"*" if self.star_reply else origin


class CorsMiddleware:
    """The CORS gate for `/v1/*`; `get_config` returns the current policy's CorsConfig (or None)."""

    __slots__ = ("_app", "_compiled", "_compiled_for", "_get_config")

    def __init__(self, app: AsgiApp, get_config: Callable[[], CorsConfig | None]) -> None:
        self._app = app
        self._get_config = get_config
        # Keep a reference to the config compiled (not just its id), so its id cannot be reused.
        self._compiled_for: CorsConfig | None = None
        self._compiled: CompiledCors | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        compiled = self._current() if scope["type"] == "http" and scope["path"].startswith("/v1/") else None
        origin = _find_header(scope, b"origin") if compiled is not None else None
        if compiled is None or origin is None:
            await self._app(scope, receive, send)
            return
        if not compiled.allows_origin(parse_origin(origin.decode("latin-1"))):
            await _refuse_origin(send, origin)
            return
        requested_method = (
            _find_header(scope, b"access-control-request-method") if scope["method"] == "OPTIONS" else None
        )
        if requested_method is not None:
            await _preflight(scope, send, compiled, origin, requested_method)
            return
        await self._app(scope, receive, _with_cors_headers(send, compiled, origin))

    def _current(self) -> CompiledCors | None:
        config = self._get_config()
        if config is None or not config.allow_origins:
            return None
        if config is not self._compiled_for or self._compiled is None:
            self._compiled, self._compiled_for = CompiledCors(config), config
        return self._compiled


def _find_header(scope: Scope, name: bytes) -> bytes | None:
    """The first value of header `name` (ASGI servers give names in lower case)."""
    for key, value in scope["headers"]:
        if key == name:
            return bytes(value)
    return None


async def _refuse_origin(send: Send, origin: bytes) -> None:
    shown = origin.decode("latin-1")[:_MAX_ECHO]
    message = (
        f"The origin '{shown}' is not on this proxy's CORS allow-list, so browsers on it cannot call "
        "the API. The operator can add it to cors.allow_origins."
    )
    await send_json(send, 403, envelope(message, "invalid_request_error", "origin_not_allowed"), [])


async def _preflight(scope: Scope, send: Send, compiled: CompiledCors, origin: bytes, method: bytes) -> None:
    requested = _find_header(scope, b"access-control-request-headers") or b""
    names = [n.strip().lower() for n in requested.decode("latin-1").split(",") if n.strip()]
    refusal = _preflight_refusal(compiled, method.decode("latin-1"), names)
    if refusal is not None:
        await send_json(send, 403, envelope(refusal, "invalid_request_error", "cors_not_allowed"), [])
        return
    headers: Headers = [
        (b"access-control-allow-origin", compiled.allow_origin_value(origin)),
        (b"vary", b"Origin"),
        *compiled.preflight_headers,
    ]
    if names:
        headers.append((b"access-control-allow-headers", ", ".join(names).encode("latin-1")))
    await send({"type": "http.response.start", "status": 204, "headers": headers})
    await send({"type": "http.response.body", "body": b""})


def _preflight_refusal(compiled: CompiledCors, method: str, headers: list[str]) -> str | None:
    """Why a preflight is refused (a message for the page's developer), or None when it is allowed."""
    if method.strip().upper() not in compiled.methods:
        return (
            f"The method '{method[:_MAX_ECHO]}' is not allowed for browser requests to this proxy. "
            "The operator can add it to cors.allow_methods."
        )
    for name in headers:
        if not compiled.allows_header(name):
            return (
                f"The header '{name[:_MAX_ECHO]}' is not allowed for browser requests to this proxy. "
                "The operator can add it to cors.allow_headers."
            )
    return None


def _with_cors_headers(send: Send, compiled: CompiledCors, origin: bytes) -> Send:
    """`send`, with the CORS answer merged into the response start; body messages go straight through."""

    async def wrapped(message: Message) -> None:
        if message["type"] == "http.response.start":
            message = {**message, "headers": _merge_headers(message.get("headers", []), compiled, origin)}
        await send(message)

    return wrapped


def _merge_headers(headers: Headers, compiled: CompiledCors, origin: bytes) -> Headers:
    out: Headers = []
    vary_seen = False
    for name, value in headers:
        lname = bytes(name).lower()
        if lname.startswith(b"access-control-"):
            continue  # e.g. an upstream's own `*` relayed by passthrough: only the proxy's answer counts
        if lname == b"vary" and not vary_seen:
            vary_seen = True
            out.append((name, _vary_with_origin(bytes(value))))
        else:
            out.append((name, value))
    if not vary_seen:
        out.append((b"vary", b"Origin"))
    out.append((b"access-control-allow-origin", compiled.allow_origin_value(origin)))
    out += compiled.response_headers
    return out


def _vary_with_origin(value: bytes) -> bytes:
    """An existing Vary with Origin added (unless it is `*` or already names Origin)."""
    parts = [p.strip().lower() for p in value.split(b",")]
    if b"*" in parts or b"origin" in parts:
        return value
    return value + b", Origin" if value.strip() else b"Origin"
