"""Access control units: key expiry and rotation (auth stage, controllable clock), effective
permissions (key over group), the policy checks and warnings, and who the end user is (access stage
on a hand-built Exchange). No sockets."""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Any

import pytest

from proxy.config.access import Permissions, PreviousSecret
from proxy.config.key_access import resolve
from proxy.config.loader import ConfigError, Secret
from proxy.config.policy import KeyConfig, Policy, parse_policy
from proxy.core.errors import InvalidRequest, PermissionDenied, ProxyError, RateLimited, Unauthorized
from proxy.core.exchange import Exchange
from proxy.stages.access import AccessStage
from proxy.stages.auth import AuthStage
from proxy.state.memory import MemoryStore
from proxy.surfaces.chat_body import CHAT_SURFACE
from proxy.surfaces.models import MODELS_SURFACE
from proxy.surfaces.passthrough import PASSTHROUGH_SURFACE
from tests.support import new_exchange

SURFACES = {"chat": CHAT_SURFACE, "models": MODELS_SURFACE, "passthrough": PASSTHROUGH_SURFACE}

NEW, OLD, OTHER = "vk-unit-new-0001", "vk-unit-old-0002", "vk-unit-other-0003"
EXPIRES = "2030-01-01T00:00:00Z"
T_EXPIRES = dt.datetime(2030, 1, 1, tzinfo=dt.UTC).timestamp()
BASE: dict[str, Any] = {"providers": {"mock": {"type": "openai", "base_url": "http://127.0.0.1:1/v1"}}}


def exchange(*, token: str = "", path: str = "/v1/chat/completions", endpoint: str = "chat") -> Exchange:
    return new_exchange(
        request_id="r1",
        endpoint=endpoint,
        path=path,
        authorization=f"Bearer {token}".encode() if token else None,
        surface=SURFACES[endpoint],
    )


def authenticate(stage: AuthStage, token: str) -> Exchange:
    ex = exchange(token=token)
    asyncio.run(stage.on_request(ex))
    return ex


def refusal(stage: AuthStage, token: str) -> Unauthorized:
    with pytest.raises(Unauthorized) as info:
        authenticate(stage, token)
    return info.value


# --- expiry and rotation -----------------------------------------------------------------------------


def test_key_works_until_expires_then_401_with_the_time_and_not_the_name() -> None:
    now = [T_EXPIRES - 1]
    stage = AuthStage((KeyConfig(name="team-secretive", secret=Secret(NEW), expires=EXPIRES),), clock=lambda: now[0])
    assert authenticate(stage, NEW).tenant == "team-secretive"
    for at in (T_EXPIRES, T_EXPIRES + 1, T_EXPIRES + 86400 * 365):
        now[0] = at
        err = refusal(stage, NEW)
        assert (err.status, err.code) == (401, "api_key_expired")
        assert EXPIRES in err.message and "team-secretive" not in err.message and NEW not in err.message


def test_expires_without_a_zone_is_utc() -> None:
    now = [T_EXPIRES - 1]
    stage = AuthStage((KeyConfig(name="k", secret=Secret(NEW), expires="2030-01-01T00:00:00"),), clock=lambda: now[0])
    assert authenticate(stage, NEW).tenant == "k"
    now[0] = T_EXPIRES
    assert refusal(stage, NEW).code == "api_key_expired"


def rotating_stage(now: list[float], *, valid_until: str, expires: str | None = None) -> AuthStage:
    key = KeyConfig(
        name="team-rotating",
        secret=Secret(NEW),
        expires=expires,
        previous=PreviousSecret(secret=Secret(OLD), valid_until=valid_until),
    )
    return AuthStage((key, KeyConfig(name="other", secret=Secret(OTHER))), clock=lambda: now[0])


def test_rotation_both_secrets_work_until_valid_until_then_the_old_one_is_refused() -> None:
    now = [T_EXPIRES - 10]
    stage = rotating_stage(now, valid_until=EXPIRES)
    assert authenticate(stage, NEW).tenant == "team-rotating" and authenticate(stage, OLD).tenant == "team-rotating"
    now[0] = T_EXPIRES - 1
    assert authenticate(stage, OLD).tenant == "team-rotating"
    for at in (T_EXPIRES, T_EXPIRES + 3600):
        now[0] = at
        err = refusal(stage, OLD)
        assert (err.status, err.code) == (401, "api_key_rotated")
        assert EXPIRES in err.message and "team-rotating" not in err.message
        assert OLD not in err.message and NEW not in err.message
        assert authenticate(stage, NEW).tenant == "team-rotating"
        assert authenticate(stage, OTHER).tenant == "other"


def test_previous_secret_never_outlives_the_key() -> None:
    # valid_until after expires: once the key expires, neither secret works.
    now = [T_EXPIRES - 1]
    stage = rotating_stage(now, valid_until="2031-01-01T00:00:00Z", expires=EXPIRES)
    assert authenticate(stage, OLD).tenant == "team-rotating" and authenticate(stage, NEW).tenant == "team-rotating"
    now[0] = T_EXPIRES
    assert refusal(stage, OLD).code == "api_key_expired"
    assert refusal(stage, NEW).code == "api_key_expired"
    now[0] = dt.datetime(2031, 6, 1, tzinfo=dt.UTC).timestamp()  # past both
    assert refusal(stage, OLD).code in {"api_key_rotated", "api_key_expired"}
    assert refusal(stage, NEW).code == "api_key_expired"


def test_unknown_secret_is_still_invalid_api_key() -> None:
    stage = rotating_stage([0.0], valid_until=EXPIRES)
    assert refusal(stage, "vk-unit-nobody-0009").code == "invalid_api_key"


# --- resolve -------------------------------------------------------------------------------------------


def test_key_fields_override_group_fields() -> None:
    groups = {"interns": Permissions(models=("gpt-4o-mini",), endpoints=("/v1/chat/completions",), max_streams=1)}
    key = KeyConfig(name="i", secret=Secret(NEW), group="interns", models=("gpt-4o",), max_body_bytes=100)
    access = resolve(key, groups)
    assert access.permissions == Permissions(
        models=("gpt-4o",), endpoints=("/v1/chat/completions",), max_body_bytes=100, max_streams=1
    )
    assert access.may_use_model("gpt-4o") and not access.may_use_model("gpt-4o-mini")
    assert access.may_call("/v1/chat/completions") and not access.may_call("/v1/embeddings")
    assert not access.unrestricted and access.group == "interns"
    # An empty list is a restriction (nothing allowed), not "unset".
    assert not resolve(KeyConfig(name="n", secret=Secret(NEW), models=()), {}).may_use_model("gpt-4o")


def test_globs_are_case_sensitive_and_cover_model_paths() -> None:
    access = resolve(KeyConfig(name="g", secret=Secret(NEW), models=("claude-*",), endpoints=("/v1/models*",)), {})
    assert access.may_use_model("claude-haiku") and not access.may_use_model("Claude-haiku")
    assert access.may_call("/v1/models") and access.may_call("/v1/models/gpt-4o")
    assert access.visible_models(["gpt-4o", "claude-haiku", "claude-opus"]) == ["claude-haiku", "claude-opus"]


def test_unset_everywhere_is_unrestricted_and_leaves_ex_access_none() -> None:
    groups = {"empty": Permissions()}
    keys = (
        KeyConfig(name="plain", secret=Secret(NEW)),
        KeyConfig(name="grouped", secret=Secret(OLD), group="empty", metadata={"team": "x"}),
        KeyConfig(name="limited", secret=Secret(OTHER), group="empty", max_streams=2),
    )
    assert resolve(keys[0], groups).unrestricted and resolve(keys[1], groups).unrestricted
    stage = AuthStage(keys, groups=groups)
    assert authenticate(stage, NEW).access is None
    assert authenticate(stage, OLD).access is None
    limited = authenticate(stage, OTHER).access
    assert limited is not None and limited.permissions.max_streams == 2


# --- config checks -------------------------------------------------------------------------------------


def problems_of(data: dict[str, Any], env: dict[str, str] | None = None) -> list[str]:
    with pytest.raises(ConfigError) as info:
        parse_policy({**BASE, **data}, env or {"A": NEW, "B": OLD, "C": OTHER})
    return info.value.problems


def policy_of(data: dict[str, Any]) -> Policy:
    return parse_policy({**BASE, **data}, {"A": NEW, "B": OLD, "C": OTHER})


def test_unknown_group_is_refused() -> None:
    problems = problems_of({"keys": [{"name": "a", "secret": "${A}", "group": "internz"}]})
    assert problems == ["keys[0].group: unknown key group 'internz'"]


def test_endpoint_must_be_under_v1() -> None:
    problems = problems_of(
        {
            "key_groups": {"g": {"endpoints": ["/admin/*"]}},
            "keys": [{"name": "a", "secret": "${A}", "endpoints": ["chat/completions", "/v1/chat/completions"]}],
        }
    )
    assert any(p.startswith("key_groups.g.endpoints: '/admin/*'") for p in problems), problems
    assert any(p.startswith("keys[0].endpoints: 'chat/completions'") for p in problems), problems
    assert len(problems) == 2


def test_unknown_override_header_is_refused_and_known_ones_accepted() -> None:
    problems = problems_of({"keys": [{"name": "a", "secret": "${A}", "override_headers": ["x-llm-proxy-fallbak"]}]})
    assert len(problems) == 1 and "'x-llm-proxy-fallbak' is not a header the proxy honours" in problems[0]
    assert "x-llm-proxy-fallback" in problems[0]
    known = ["cache-control", "X-LLM-Proxy-Fallback", "x-llm-proxy-max-attempts", "x-llm-proxy-priority"]
    policy = policy_of({"keys": [{"name": "a", "secret": "${A}", "override_headers": known}]})
    assert policy.keys[0].override_headers == tuple(known)


@pytest.mark.parametrize("text", ["tomorrow", "2030-13-01", "", "01/01/2030"])
def test_bad_expires_is_refused(text: str) -> None:
    problems = problems_of({"keys": [{"name": "a", "secret": "${A}", "expires": text}]})
    assert problems == ["keys[0].expires: must be an ISO 8601 time like 2027-01-31T00:00:00Z"]


def test_previous_needs_exactly_one_secret_and_a_valid_time() -> None:
    both = {"secret": "${B}", "secret_sha256": "ab" * 32, "valid_until": EXPIRES}
    neither = {"valid_until": "soon"}
    problems = problems_of(
        {
            "keys": [
                {"name": "a", "secret": "${A}", "previous": both},
                {"name": "c", "secret": "${C}", "previous": neither},
            ]
        }
    )
    assert "keys[0].previous: give exactly one of secret (from ${ENV}) or secret_sha256" in problems
    assert "keys[1].previous: give exactly one of secret (from ${ENV}) or secret_sha256" in problems
    assert any(p.startswith("keys[1].previous.valid_until: must be an ISO 8601 time") for p in problems)


def test_previous_secret_equal_to_another_keys_secret_is_refused() -> None:
    problems = problems_of(
        {
            "keys": [
                {"name": "a", "secret": "${A}"},
                {"name": "b", "secret": "${B}", "previous": {"secret": "${A}", "valid_until": EXPIRES}},
            ]
        }
    )
    assert problems == ["keys[1].previous: same secret as keys[0]"]
    own = problems_of(
        {"keys": [{"name": "b", "secret": "${B}", "previous": {"secret": "${B}", "valid_until": EXPIRES}}]}
    )
    assert own == ["keys[0].previous: same secret as keys[0]"]


@pytest.mark.parametrize(
    "extra",
    [{"models": ["gpt-4o"]}, {"group": "g"}, {"max_streams": 1}, {"expires": EXPIRES}],
)
def test_admin_key_with_permissions_is_refused(extra: dict[str, Any]) -> None:
    problems = problems_of(
        {
            "key_groups": {"g": {"max_streams": 1}},
            "keys": [{"name": "a", "secret": "${A}"}],
            "admin_keys": [{"name": "ops", "secret": "${B}", **extra}],
        }
    )
    assert problems == ["admin_keys[0]: an admin key takes only name, secret or secret_sha256 and metadata"]


def test_admin_key_with_metadata_is_fine() -> None:
    policy = policy_of({"admin_keys": [{"name": "ops", "secret": "${B}", "metadata": {"owner": "sre"}}]})
    assert policy.admin_keys[0].metadata == {"owner": "sre"}


def test_star_cors_origin_is_refused_in_keys_mode_only() -> None:
    problems = problems_of({"keys": [{"name": "a", "secret": "${A}"}], "cors": {"allow_origins": ["*"]}})
    assert problems == ["cors.allow_origins: '*' is not allowed with virtual keys; list the origins"]
    assert policy_of({"cors": {"allow_origins": ["*"]}}).cors.allow_origins == ("*",)


def test_warnings_for_wildcard_origins_and_an_untrusted_user_header() -> None:
    assert policy_of({}).warnings() == []
    policy = policy_of(
        {
            "cors": {"allow_origins": ["https://app.example.com", "https://*.example.com"]},
            "identity": {"user_header": "x-forwarded-user"},
        }
    )
    warnings = policy.warnings()
    assert len(warnings) == 2, warnings
    assert "'https://*.example.com' is a wildcard" in warnings[0]
    assert "'x-forwarded-user' is believed from every client" in warnings[1]
    assert "identity.trusted_proxies" in warnings[1]
    legacy = policy_of({"limits": {"user_header": "x-end-user"}})
    assert len(legacy.warnings()) == 1 and "'x-end-user'" in legacy.warnings()[0]
    trusted = policy_of({"identity": {"user_header": "x-forwarded-user", "trusted_proxies": ["10.0.0.0/8"]}})
    assert trusted.warnings() == []


def test_identity_checks() -> None:
    problems = problems_of({"identity": {"trusted_proxies": ["10.0.0.0/8", "gateway.local"], "max_user_length": 0}})
    assert problems == [
        "identity.trusted_proxies: 'gateway.local' is not an IP address or network",
        "identity.max_user_length: must be between 1 and 1024",
    ]


# --- access stage: the end user -----------------------------------------------------------------------


def access_stage(identity: dict[str, Any]) -> AccessStage:
    return AccessStage(policy_of({"identity": identity}), MemoryStore())


def end_user(
    stage: AccessStage, *, peer: str | None, header: str | None = None, body: dict[str, Any] | None = None
) -> str | None:
    ex = exchange()
    ex.client_ip = peer
    ex.headers = [(b"x-forwarded-user", header.encode())] if header is not None else []
    ex.body = {"model": "m", "messages": [], **(body or {})}
    asyncio.run(stage.on_request(ex))
    return ex.end_user


def user_refusal(stage: AccessStage, **kwargs: Any) -> ProxyError:
    with pytest.raises(InvalidRequest) as info:
        end_user(stage, **kwargs)
    return info.value


TRUSTED = {"user_header": "X-Forwarded-User", "trusted_proxies": ["10.0.0.0/8", "::1/128"]}


def test_header_is_believed_from_a_trusted_peer() -> None:
    stage = access_stage(TRUSTED)
    assert end_user(stage, peer="10.1.2.3", header="alice", body={"user": "bob"}) == "alice"
    assert end_user(stage, peer="::1", header="alice") == "alice"
    assert end_user(stage, peer="10.1.2.3", body={"user": "bob"}) == "bob"  # no header: the body


def test_header_is_ignored_from_an_untrusted_peer() -> None:
    stage = access_stage(TRUSTED)
    assert end_user(stage, peer="127.0.0.1", header="alice", body={"user": "bob"}) == "bob"
    assert end_user(stage, peer="192.168.0.1", header="alice") is None
    assert end_user(stage, peer=None, header="alice") is None
    assert end_user(stage, peer="not-an-ip", header="alice", body={"safety_identifier": "carol"}) == "carol"
    # An untrusted peer's header is not even validated: it is simply not read.
    assert end_user(stage, peer="127.0.0.1", header="bad user!", body={"user": "bob"}) == "bob"


def test_safety_identifier_wins_over_user() -> None:
    stage = access_stage({})
    assert end_user(stage, peer="1.2.3.4", body={"user": "bob", "safety_identifier": "sid-1"}) == "sid-1"


def test_without_trusted_proxies_the_header_is_believed_from_anyone() -> None:
    stage = access_stage({"user_header": "x-forwarded-user"})
    assert end_user(stage, peer="203.0.113.9", header="alice", body={"user": "bob"}) == "alice"
    legacy = AccessStage(policy_of({"limits": {"user_header": "x-forwarded-user"}}), MemoryStore())
    assert end_user(legacy, peer=None, header="dave") == "dave"


def test_end_user_is_validated_naming_the_field() -> None:
    stage = access_stage({"user_header": "x-forwarded-user", "max_user_length": 8})
    assert end_user(stage, peer="1.2.3.4", header="a.b_c:d@") == "a.b_c:d@"
    assert end_user(stage, peer="1.2.3.4", body={"user": "u+/=-x"}) == "u+/=-x"
    refusals: list[tuple[dict[str, Any], str]] = [
        ({"header": "123456789"}, "x-forwarded-user"),
        ({"header": "al ice"}, "x-forwarded-user"),
        ({"body": {"user": "Bob Smith"}}, "user"),
        ({"body": {"user": "u" * 9}}, "user"),
        ({"body": {"safety_identifier": "é"}}, "safety_identifier"),
        ({"body": {"user": "a\nb"}}, "user"),
    ]
    for kwargs, param in refusals:
        err = user_refusal(stage, peer="1.2.3.4", **kwargs)
        assert (err.status, err.param) == (400, param), kwargs
        assert "1 to 8 characters" in err.message


def test_end_user_is_only_settled_for_chat() -> None:
    stage = access_stage({"user_header": "x-forwarded-user"})
    ex = exchange(path="/v1/embeddings", endpoint="passthrough")
    ex.headers = [(b"x-forwarded-user", b"bad user!")]
    asyncio.run(stage.on_request(ex))
    assert ex.end_user is None


@pytest.mark.parametrize(("streams", "refusal_type"), [(0, PermissionDenied), (1, RateLimited)])
def test_pass_through_streams_count_against_max_streams(streams: int, refusal_type: type[ProxyError]) -> None:
    stage = access_stage({})
    access = resolve(KeyConfig(name="k", secret=Secret(NEW), max_streams=streams), {})

    def passthrough(request_id: str) -> Exchange:
        ex = exchange(path="/v1/responses", endpoint="passthrough")
        ex.request_id, ex.access, ex.tenant = request_id, access, "k"
        ex.raw_body = b' {"model": "gpt-4o", "stream": true, "input": "hi"}'
        return ex

    if streams:
        held = passthrough("held")
        asyncio.run(stage.on_request(held))
        assert held.stream_slot is not None
    with pytest.raises(refusal_type):
        asyncio.run(stage.on_request(passthrough("second")))
