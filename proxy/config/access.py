"""Policy for access control at the edge: key permissions and groups, CORS, end-user identity.

Cross-checks guarantee: model patterns are globs, endpoint patterns are `/v1/...` path globs,
override headers are ones the proxy honours, groups named by keys exist, expiry and rotation
times are ISO 8601, CORS origins are `scheme://host[:port]` (a `*` only in open mode), trusted
proxies are IP networks. `access_warnings` lists what is allowed but worth a second look.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass

from proxy.config.loader import Secret

# Request headers that change what the proxy does for a request, by what they change.
ROUTING_HEADERS = ("x-llm-proxy-fallback", "x-llm-proxy-max-attempts", "x-llm-proxy-priority")
FEATURE_HEADERS = ("cache-control", "x-llm-proxy-prompt")
_ORIGIN = re.compile(r"https?://(\*\.)?[A-Za-z0-9.-]+(:\d{1,5})?")
_HEADER_NAME = re.compile(r"[a-z0-9-]+\*?")


@dataclass(frozen=True, slots=True, kw_only=True)
class Permissions:
    """What a key (or a group of keys) may do; a field left unset does not restrict.

    `models`: globs over model aliases (`gpt-4o-mini`, `claude-*`); `endpoints`: globs over paths
    (`/v1/chat/completions`, `/v1/embeddings`, `/v1/models/*`); `max_body_bytes`: largest request
    body; `override_headers`: the per-request control headers it may send (others are refused);
    `max_streams`: streamed answers it may have open at once.
    """

    models: tuple[str, ...] | None = None
    endpoints: tuple[str, ...] | None = None
    max_body_bytes: int | None = None
    override_headers: tuple[str, ...] | None = None
    max_streams: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class PreviousSecret:
    """A key's old secret during a rotation: accepted until `valid_until` (ISO 8601)."""

    secret: Secret | None = None
    secret_sha256: str | None = None
    valid_until: str


@dataclass(frozen=True, slots=True, kw_only=True)
class CorsConfig:
    """Browser access. `allow_origins`: exact origins (`https://app.example.com`), subdomain
    wildcards (`https://*.example.com`), `*` only in open mode; empty: CORS off (no CORS header is
    ever sent). `allow_headers` may end in `*` (`x-stainless-*`)."""

    allow_origins: tuple[str, ...] = ()
    allow_methods: tuple[str, ...] = ("GET", "POST")
    allow_headers: tuple[str, ...] = (
        "authorization",
        "api-key",
        "content-type",
        "accept",
        "x-request-id",
        "openai-organization",
        "openai-project",
        "openai-beta",
        "x-stainless-*",
    )
    expose_headers: tuple[str, ...] = (
        "x-request-id",
        "retry-after",
        "retry-after-ms",
        "x-ratelimit-limit-requests",
        "x-ratelimit-remaining-requests",
        "x-ratelimit-reset-requests",
        "x-ratelimit-limit-tokens",
        "x-ratelimit-remaining-tokens",
        "x-ratelimit-reset-tokens",
        "x-llm-proxy-model",
        "x-llm-proxy-experiment",
        "x-cache",
    )
    allow_credentials: bool = False
    max_age_s: int = 600


@dataclass(frozen=True, slots=True, kw_only=True)
class IdentityConfig:
    """Who the end user is. `user_header` (e.g. `x-forwarded-user`, set by a gateway in front) is
    believed only from `trusted_proxies` (IP networks; empty: from every peer, which `check` warns
    about); otherwise the body's `safety_identifier` or `user` is the end user. Either must be 1 to
    `max_user_length` characters of letters, digits and `._:@+/=-`."""

    user_header: str | None = None
    trusted_proxies: tuple[str, ...] = ()
    max_user_length: int = 256


def check_permissions(path: str, perms: Permissions, override_headers: frozenset[str]) -> list[str]:
    problems: list[str] = []
    problems += [f"{path}.models: empty pattern" for m in perms.models or () if not m.strip()]
    for pattern in perms.endpoints or ():
        if not pattern.startswith("/v1/"):
            problems.append(f"{path}.endpoints: '{pattern}' must be a path under /v1/ (globs allowed)")
    for header in perms.override_headers or ():
        if header.lower() not in override_headers:
            known = ", ".join(sorted(override_headers))
            problems.append(f"{path}.override_headers: '{header}' is not a header the proxy honours ({known})")
    if perms.max_body_bytes is not None and perms.max_body_bytes < 1:
        problems.append(f"{path}.max_body_bytes: must be at least 1")
    if perms.max_streams is not None and perms.max_streams < 0:
        problems.append(f"{path}.max_streams: must not be negative")
    return problems


def check_cors(cors: CorsConfig, keys_mode: bool) -> list[str]:
    problems: list[str] = []
    for origin in cors.allow_origins:
        if origin == "*":
            if keys_mode:
                problems.append("cors.allow_origins: '*' is not allowed with virtual keys; list the origins")
        elif not _ORIGIN.fullmatch(origin):
            problems.append(f"cors.allow_origins: '{origin}' is not an origin like https://app.example.com")
    bad_headers = [h for h in cors.allow_headers if not _HEADER_NAME.fullmatch(h.lower())]
    problems += [f"cors.allow_headers: '{h}' is not a header name" for h in bad_headers]
    if cors.allow_credentials and "*" in cors.allow_origins:
        problems.append("cors.allow_credentials: browsers refuse credentials with the origin '*'")
    if cors.max_age_s < 0:
        problems.append("cors.max_age_s: must not be negative")
    return problems


def check_identity(identity: IdentityConfig) -> list[str]:
    problems: list[str] = []
    for net in identity.trusted_proxies:
        try:
            ipaddress.ip_network(net, strict=False)
        except ValueError:
            problems.append(f"identity.trusted_proxies: '{net}' is not an IP address or network")
    if not 1 <= identity.max_user_length <= 1024:
        problems.append("identity.max_user_length: must be between 1 and 1024")
    return problems


def access_warnings(cors: CorsConfig, identity: IdentityConfig, limits_user_header: str | None) -> list[str]:
    """Allowed but risky settings, for `llm-proxy check`."""
    warnings = [
        f"cors.allow_origins: '{o}' is a wildcard: every matching site's pages can call the proxy"
        for o in cors.allow_origins
        if "*" in o
    ]
    header = identity.user_header or limits_user_header
    if header and not identity.trusted_proxies:
        warnings.append(
            f"the end-user header '{header}' is believed from every client; set identity.trusted_proxies "
            "to the addresses of the gateway that sets it"
        )
    return warnings
