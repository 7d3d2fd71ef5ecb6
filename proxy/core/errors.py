"""ProxyError family: every refusal the proxy makes, rendered as the OpenAI error envelope.

Each error carries the HTTP status, the envelope's `type`/`code`/`param`, extra response headers
(e.g. `retry-after`) and a fault domain (`caller`, `policy`, `upstream`, `proxy`) that logs and
metrics split by, so an operator's alert never fires on a caller's mistake.

Errors are immutable once built: the constructor takes every field, and a changed copy comes from
`reworded` (another message) or `with_headers` (more headers). The family by fault domain (each
class derives from ProxyError, except BodyTooLarge from InvalidRequest):

    ProxyError                    500  (proxy)
    ├── caller
    │   ├── InvalidRequest        400  invalid_request
    │   │   └── BodyTooLarge      413  request_too_large
    │   ├── ScanTooLarge          413  request_too_large
    │   ├── Unauthorized          401  invalid_api_key
    │   ├── ModelNotFound         404  model_not_found
    │   ├── RouteNotFound         404  unknown_url
    │   ├── ObjectNotFound        404  not_found (a stored response or conversation the caller cannot reach)
    │   ├── MethodNotAllowed      405  method_not_allowed
    │   └── ClientClosedRequest   499  client_closed_request (logged, never sent)
    ├── policy
    │   ├── PermissionDenied      403  permission_denied
    │   ├── RateLimited           429  rate_limit_exceeded (+ retry-after)
    │   ├── QuotaExceeded         429  insufficient_quota
    │   └── GuardrailBlocked      400  content_policy_violation
    ├── upstream
    │   ├── UpstreamError         the provider's status, type and code
    │   ├── UpstreamUnreachable   502  upstream_unreachable
    │   ├── UpstreamProtocolError 502  upstream_bad_response
    │   ├── UpstreamUnavailable   503  upstream_unavailable
    │   └── UpstreamTimeout       504  upstream_timeout
    └── proxy
        ├── InternalError         500  internal_error
        ├── GuardrailUnavailable  503  guardrail_unavailable
        └── ShuttingDown          503  shutting_down (+ retry-after, connection: close)
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from types import MappingProxyType
from typing import Any, Self, TypeVar

import orjson


class Fault(StrEnum):
    """Who caused a failure."""

    NONE = "none"
    CALLER = "caller"
    POLICY = "policy"
    UPSTREAM = "upstream"
    PROXY = "proxy"


def envelope(message: str, type_: str, code: str | None = None, param: str | None = None) -> bytes:
    """The OpenAI error body: all four keys present, as the SDKs expect."""
    return orjson.dumps({"error": {"message": message, "type": type_, "param": param, "code": code}})


# Attributes Python itself sets on a raised exception; everything else is fixed once built.
_RAISE_STATE = frozenset({"__traceback__", "__cause__", "__context__", "__suppress_context__", "__notes__"})
_NO_HEADERS: Mapping[str, str] = MappingProxyType({})


class ProxyError(Exception):
    """A failure that ends a request with an OpenAI-shaped error response; immutable once built.

    Subclasses with fields of their own set them before calling `ProxyError.__init__`, which
    seals the instance.
    """

    status: int = 500
    type_: str = "server_error"
    code: str | None = None
    fault: Fault = Fault.PROXY
    message: str
    param: str | None
    headers: Mapping[str, str]

    def __init__(
        self,
        message: str,
        *,
        param: str | None = None,
        code: str | None = None,
        status: int | None = None,
        type_: str | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        fields: dict[str, Any] = {
            "message": message,
            "param": param,
            "headers": MappingProxyType(dict(headers)) if headers else _NO_HEADERS,
        }
        if code is not None:
            fields["code"] = code
        if status is not None:
            fields["status"] = status
        if type_ is not None:
            fields["type_"] = type_
        fields["_sealed"] = True
        self.__dict__.update(fields)

    def __setattr__(self, name: str, value: object) -> None:
        if name not in _RAISE_STATE and self.__dict__.get("_sealed"):
            raise AttributeError(f"{type(self).__name__} is immutable once built (tried to set {name!r})")
        super().__setattr__(name, value)

    def body(self) -> bytes:
        return envelope(self.message, self.type_, self.code, self.param)

    def reworded(self, message: str) -> Self:
        """The same error (class, status, code, headers) with another message."""
        return self._copy(message, self.headers)

    def with_headers(self, headers: Mapping[str, str]) -> Self:
        """The same error with `headers` added to its own (a header it has already is replaced)."""
        return self._copy(self.message, {**self.headers, **headers})

    def _copy(self, message: str, headers: Mapping[str, str]) -> Self:
        return _rebuild(type(self), message, {**self.__dict__, "message": message, "headers": headers})

    def __reduce__(self) -> tuple[Any, ...]:
        """`copy` and `pickle` rebuild the sealed error field by field (a subclass's `__init__` may
        take other arguments than the message)."""
        return (_rebuild, (type(self), self.message, {**self.__dict__, "headers": dict(self.headers)}))

    def error_object(self) -> dict[str, str | None]:
        return {"message": self.message, "type": self.type_, "param": self.param, "code": self.code}


E = TypeVar("E", bound=ProxyError)


def _rebuild(cls: type[E], message: str, fields: dict[str, Any]) -> E:
    """An error of class `cls` with these fields, sealed, without running `__init__`."""
    err = cls.__new__(cls, message)  # sets `args`
    headers = fields["headers"]
    err.__dict__.update(fields, headers=MappingProxyType(dict(headers)) if headers else _NO_HEADERS)
    return err


class InvalidRequest(ProxyError):
    status = 400
    type_ = "invalid_request_error"
    code = "invalid_request"
    fault = Fault.CALLER


class BodyTooLarge(InvalidRequest):
    status = 413
    code = "request_too_large"


class Unauthorized(ProxyError):
    status = 401
    type_ = "invalid_request_error"
    code = "invalid_api_key"
    fault = Fault.CALLER


class PermissionDenied(ProxyError):
    """The key is valid but may not do this (an endpoint, a header, streaming, the admin API)."""

    status = 403
    type_ = "invalid_request_error"
    code = "permission_denied"
    fault = Fault.POLICY


class ModelNotFound(ProxyError):
    status = 404
    type_ = "invalid_request_error"
    code = "model_not_found"
    fault = Fault.CALLER


class RouteNotFound(ProxyError):
    status = 404
    type_ = "invalid_request_error"
    code = "unknown_url"
    fault = Fault.CALLER


class ObjectNotFound(ProxyError):
    status = 404
    type_ = "invalid_request_error"
    code = "not_found"
    fault = Fault.CALLER


class MethodNotAllowed(ProxyError):
    status = 405
    type_ = "invalid_request_error"
    code = "method_not_allowed"
    fault = Fault.CALLER


class ClientClosedRequest(ProxyError):
    """The caller went away before its request was read; logged as 499, never sent."""

    status = 499
    type_ = "invalid_request_error"
    code = "client_closed_request"
    fault = Fault.CALLER


class RateLimited(ProxyError):
    """A limit of the policy refused the request; `retry-after` says when to come back."""

    status = 429
    type_ = "requests"
    code = "rate_limit_exceeded"
    fault = Fault.POLICY
    rule: str = ""  # the policy rule that refused, for metrics

    def __init__(
        self,
        message: str,
        *,
        rule: str = "",
        type_: str | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        self.rule = rule
        super().__init__(message, type_=type_, headers=headers)


class QuotaExceeded(ProxyError):
    """A budget is spent; retrying will not help until the period ends."""

    status = 429
    type_ = "insufficient_quota"
    code = "insufficient_quota"
    fault = Fault.POLICY


class ShuttingDown(ProxyError):
    """The Runtime is already closed (only past the drain deadline): the connection closes with
    `retry-after`, so the client's retry opens a new connection to a live worker or replica."""

    status = 503
    type_ = "server_error"
    code = "shutting_down"
    fault = Fault.PROXY

    def __init__(self, message: str) -> None:
        super().__init__(message, headers={"retry-after": "1", "connection": "close"})


class UpstreamError(ProxyError):
    """The provider answered with an error status; status and message are passed on."""

    type_ = "upstream_error"
    fault = Fault.UPSTREAM


class UpstreamUnreachable(ProxyError):
    status = 502
    type_ = "server_error"
    code = "upstream_unreachable"
    fault = Fault.UPSTREAM


class UpstreamUnavailable(ProxyError):
    """No deployment can take the request now (all paused by breakers, or the budget is spent)."""

    status = 503
    type_ = "server_error"
    code = "upstream_unavailable"
    fault = Fault.UPSTREAM


class UpstreamTimeout(ProxyError):
    status = 504
    type_ = "server_error"
    code = "upstream_timeout"
    fault = Fault.UPSTREAM


class UpstreamProtocolError(ProxyError):
    """The provider answered with something that is not the wire format it should speak."""

    status = 502
    type_ = "server_error"
    code = "upstream_bad_response"
    fault = Fault.UPSTREAM


class InternalError(ProxyError):
    status = 500
    type_ = "server_error"
    code = "internal_error"
    fault = Fault.PROXY


class GuardrailBlocked(ProxyError):
    """A guardrail in enforce mode refused the request or the answer (400, policy fault).

    The message names the guardrail and the kinds of content found, never the content itself.
    """

    status = 400
    type_ = "invalid_request_error"
    code = "content_policy_violation"
    fault = Fault.POLICY

    def __init__(self, guardrail: str, phase: str, reason: str) -> None:
        where = "request" if phase == "input" else "answer"
        self.guardrail = guardrail
        super().__init__(f"The {where} was blocked by guardrail '{guardrail}': {reason}")


class GuardrailUnavailable(ProxyError):
    """An enforced guardrail could not decide (crash, classifier down): the request fails closed."""

    status = 503
    type_ = "server_error"
    code = "guardrail_unavailable"
    fault = Fault.PROXY


class ScanTooLarge(ProxyError):
    """More text than the guardrails are allowed to read; refused rather than let unread text pass."""

    status = 413
    type_ = "invalid_request_error"
    code = "request_too_large"
    fault = Fault.CALLER
