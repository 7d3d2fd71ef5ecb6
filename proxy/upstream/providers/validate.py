"""The least a 2xx upstream answer must be before the proxy commits the caller's status.

Guarantees: a chat answer is a JSON object with a `choices` list (OpenAI and compatible servers)
or with a `content` list (Anthropic's Messages, before translation); an embeddings answer has a
non-empty `data` list (the openai SDK fails on an empty one); a Responses API answer is a
`response` object (or has an `output` list). An `error` object in a 2xx answer is the upstream's
error, raised with the status its type implies (a `response` carries `error: null` on success,
which is no error). Anything else (HTML, a truncated body, `{}`, a list, SSE text) is
UpstreamProtocolError (502), which the terminal call retries, falls back from and counts against
the deployment like any failed attempt. Only the shape is checked, never the content, so unknown
fields pass.
"""

from __future__ import annotations

from typing import Any

import orjson

from proxy.core.errors import ProxyError, UpstreamError, UpstreamProtocolError


def chat_completion(body: bytes) -> dict[str, Any]:
    """An OpenAI `chat.completion`, decoded; raises if the body is not one."""
    obj = _json_object(body)
    if obj.get("error"):
        raise in_band_error(obj["error"])
    if type(obj.get("choices")) is not list:
        raise not_an_answer("a chat completion")
    return obj


def embeddings_list(body: bytes) -> dict[str, Any]:
    """An OpenAI embeddings `list`, decoded; raises if the body is not one."""
    obj = _json_object(body)
    if obj.get("error"):
        raise in_band_error(obj["error"])
    data = obj.get("data")
    if type(data) is not list or not data:
        raise not_an_answer("an embeddings list")
    return obj


def response_object(body: bytes) -> dict[str, Any]:
    """A Responses API `response`, decoded; raises if the body is not one. A `failed` response
    carries its error object, which is the upstream's error."""
    obj = _json_object(body)
    if obj.get("error"):  # null (or absent) on success
        raise in_band_error(obj["error"])
    if obj.get("object") != "response" and type(obj.get("output")) is not list:
        raise not_an_answer("a Responses API response")
    return obj


def anthropic_message(body: bytes) -> dict[str, Any]:
    """An Anthropic Messages answer, decoded; raises if the body is not one."""
    obj = _json_object(body)
    if obj.get("type") == "error" or obj.get("error"):
        error = obj.get("error")
        raise in_band_error(error if isinstance(error, dict) else {"message": str(error)})
    if type(obj.get("content")) is not list:
        raise not_an_answer("an Anthropic message")
    return obj


def not_an_answer(what: str) -> UpstreamProtocolError:
    return UpstreamProtocolError(f"The upstream answered with success but not with {what}. Try again later.")


def in_band_error(error: Any) -> ProxyError:
    """An error object sent with a 2xx (in a body or a stream event) as an HTTP error; its type picks
    the status the SDKs expect."""
    if not isinstance(error, dict):
        return UpstreamError(str(error), status=502)
    kind = f"{error.get('type') or ''} {error.get('code') or ''}".lower()
    status = 429 if "rate_limit" in kind else 503 if "overloaded" in kind else 502
    code, type_ = error.get("code"), error.get("type")
    return UpstreamError(
        str(error.get("message") or "The upstream failed before answering."),
        status=status,
        code=code if isinstance(code, str) else None,
        type_=type_ if isinstance(type_, str) else None,
    )


def _json_object(body: bytes) -> dict[str, Any]:
    try:
        obj = orjson.loads(body)
    except orjson.JSONDecodeError:
        raise not_an_answer("JSON") from None
    if type(obj) is not dict:
        raise not_an_answer("a JSON object")
    return obj
