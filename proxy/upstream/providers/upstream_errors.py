"""Upstream error bodies of every known shape, normalised to the OpenAI envelope.

Guarantees: the status is kept; the message, type, param and code are taken from whichever shape
the upstream used (OpenAI, old vLLM flat objects, `{"error": "text"}`, `{"detail": ...}`,
Anthropic's `{"type":"error","error":{...}}`, plain text); `retry-after` and `retry-after-ms` are
carried over so the caller's SDK backs off as the upstream asked.
"""

from __future__ import annotations

from typing import Any

import orjson

from proxy.core.errors import UpstreamError

_RETRY_HEADERS = ("retry-after", "retry-after-ms")
_MAX_MESSAGE = 2000


def upstream_error(status: int, body: bytes, headers: Any) -> UpstreamError:
    """Build the error to return for an upstream answer with status >= 400."""
    message, type_, param, code = _fields(body)
    if not message:
        message = f"The upstream returned HTTP {status} without a message."
    retry = {name: value for name in _RETRY_HEADERS if (value := headers.get(name))}
    type_ = type_ or _default_type(status)
    return UpstreamError(message[:_MAX_MESSAGE], param=param, code=code, status=status, type_=type_, headers=retry)


def _fields(body: bytes) -> tuple[str, str | None, str | None, str | None]:
    try:
        obj = orjson.loads(body)
    except orjson.JSONDecodeError:
        return body.decode("utf-8", "replace").strip(), None, None, None
    if not isinstance(obj, dict):
        return _text(obj), None, None, None
    inner = obj.get("error")
    if isinstance(inner, dict):
        return _text(inner.get("message")), _opt(inner.get("type")), _opt(inner.get("param")), _opt(inner.get("code"))
    if isinstance(inner, str):
        return inner, None, None, None
    if "message" in obj:  # vLLM < 0.10.1: {"object":"error","message":...,"code":400}
        return _text(obj.get("message")), _opt(obj.get("type")), _opt(obj.get("param")), _opt(obj.get("code"))
    if "detail" in obj:
        return _text(obj["detail"]), None, None, None
    return _text(obj), None, None, None


def _text(value: Any) -> str:
    if value is None:
        return ""
    return value if isinstance(value, str) else orjson.dumps(value).decode()


def _opt(value: Any) -> str | None:
    return None if value is None else str(value)


def _default_type(status: int) -> str:
    if status == 429:
        return "rate_limit_error"
    if status >= 500:
        return "server_error"
    return "invalid_request_error"
