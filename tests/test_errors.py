"""ProxyError instances are immutable once built; changed copies keep everything else."""

from __future__ import annotations

import copy
import pickle

import pytest

from proxy.core.errors import GuardrailBlocked, InternalError, RateLimited


def test_fields_and_headers_cannot_change_after_build() -> None:
    err = RateLimited("slow down", rule="r1", type_="tokens", headers={"retry-after": "2"})
    with pytest.raises(AttributeError):
        err.code = "other"
    with pytest.raises(AttributeError):
        err.rule = "r2"
    with pytest.raises(TypeError):
        err.headers["retry-after"] = "9"  # type: ignore[index]
    assert (err.status, err.type_, err.code, err.rule, dict(err.headers)) == (
        429,
        "tokens",
        "rate_limit_exceeded",
        "r1",
        {"retry-after": "2"},
    )


def test_with_headers_and_reworded_return_changed_copies() -> None:
    err = RateLimited("slow down", rule="r1", headers={"retry-after": "2"})
    more = err.with_headers({"retry-after": "3", "x-extra": "1"})
    assert type(more) is RateLimited and more.rule == "r1" and more.message == "slow down"
    assert dict(more.headers) == {"retry-after": "3", "x-extra": "1"} and dict(err.headers) == {"retry-after": "2"}
    blocked = GuardrailBlocked("pii", "input", "it contains an email").reworded("Blocked.")
    assert (blocked.guardrail, blocked.message, blocked.args, blocked.status) == ("pii", "Blocked.", ("Blocked.",), 400)


def test_chaining_copying_and_pickling_still_work() -> None:
    with pytest.raises(InternalError) as info:
        try:
            raise ValueError("inner")
        except ValueError as exc:
            raise InternalError("boom") from exc
    assert isinstance(info.value.__cause__, ValueError)
    limited = RateLimited("x", rule="r", headers={"retry-after": "1"})
    for original, twin in ((info.value, copy.copy(info.value)), (limited, pickle.loads(pickle.dumps(limited)))):
        assert type(twin) is type(original) and twin.body() == original.body()
        assert dict(twin.headers) == dict(original.headers) and vars(twin).keys() == vars(original).keys()
        with pytest.raises(AttributeError):
            twin.message = "changed"
