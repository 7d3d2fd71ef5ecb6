"""Errors as Anthropic's API renders them, for every door an Anthropic client calls.

Guarantees: the body is `{"type": "error", "error": {"type", "message"}}`; the type is the one
Anthropic uses for the status, else the error's own when it is one of Anthropic's (an Anthropic
upstream's `api_error`), else `api_error` (5xx) or `invalid_request_error`; a 503 of the proxy
(no deployment can take the call, shutting down, a guardrail that cannot decide) is Anthropic's
529 `overloaded_error`, which the Anthropic SDKs and Claude Code retry; a spent budget is a 402
`billing_error`, which they do not retry (a 429 would be retried in vain until the period ends);
the error's own headers (`retry-after`) are kept.
"""

from __future__ import annotations

from typing import Any

import orjson

from proxy.core.errors import ProxyError
from proxy.core.surface import JSON_CONTENT_TYPE, Headers
from proxy.upstream.translate.anthropic_answers import ERROR_TYPES

_KNOWN_TYPES = frozenset(ERROR_TYPES.values())


def anthropic_status(err: ProxyError) -> tuple[int, str]:
    """(status, Anthropic error type) of `err` on an Anthropic door."""
    if err.code == "insufficient_quota":  # a spent budget: not a rate limit that retrying outlasts
        return 402, "billing_error"
    status = 529 if err.status == 503 or err.type_ == "overloaded_error" else err.status
    kind = ERROR_TYPES.get(status) or (err.type_ if err.type_ in _KNOWN_TYPES else None)
    return status, kind or ("api_error" if status >= 500 else "invalid_request_error")


def error_object(err: ProxyError) -> dict[str, Any]:
    """`err` as the body of an Anthropic error (also the data of an `event: error`)."""
    return {"type": "error", "error": {"type": anthropic_status(err)[1], "message": err.message}}


def render(err: ProxyError) -> tuple[int, Headers, bytes]:
    """(status, headers, body) of `err` as Anthropic's API would answer."""
    status, _ = anthropic_status(err)
    headers = [(k.encode("latin-1"), v.encode("latin-1")) for k, v in err.headers.items()]
    headers.append(JSON_CONTENT_TYPE)
    return status, headers, orjson.dumps(error_object(err))


def error_event(err: ProxyError) -> bytes:
    """`err` as the `event: error` that ends a Messages stream (the SDKs raise it)."""
    return b"event: error\ndata: " + orjson.dumps(error_object(err)) + b"\n\n"
