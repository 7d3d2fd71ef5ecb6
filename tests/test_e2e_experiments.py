"""Prompt templates, A/B experiments, shadow traffic, feedback and rollback through real proxies:
real mock upstreams (one per model), the openai SDK as the client, httpx for /v1/feedback and
/admin/*, and a real redis-server for the rollback shared by replicas."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from functools import partial
from typing import Any

import httpx
import openai
import pytest
from openai.types.chat import ChatCompletionMessageParam

from proxy.config.experiments import Experiment, Variant
from proxy.experiments.assign import Assigner
from tests.conftest import MockFactory, ProxyFactory
from tests.redis_server import RedisServer
from tests.support import ServerProcess

ADMIN = "adm-experiments-secret-0001"
KEY_A, KEY_B, KEY_C = "vk-exp-team-a-0001", "vk-exp-team-b-0002", "vk-exp-team-c-0003"
KEYS = '[{name: team-a, secret: "${KEY_A}"}, {name: team-b, secret: "${KEY_B}"}, {name: team-c, secret: "${KEY_C}"}]'
ENV = {"ADMIN_KEY": ADMIN, "KEY_A": KEY_A, "KEY_B": KEY_B, "KEY_C": KEY_C}
SLOW_TIMEOUTS = "{connect_s: 2, first_byte_s: 20, idle_s: 20, total_s: 30}"
HI: list[ChatCompletionMessageParam] = [{"role": "user", "content": "hi"}]


def policy(aliases: dict[str, str], extra: str, *, keys: str = "[]") -> str:
    """A policy with one provider per alias (`alias -> mock url`), no retries, no breakers."""
    providers = "".join(
        f"  p-{a}: {{type: openai, base_url: '{url}/v1', timeouts: {SLOW_TIMEOUTS}}}\n" for a, url in aliases.items()
    )
    models = "".join(
        f"  {a}: {{deployments: [{{provider: p-{a}, model: m-{a}}}], retry: {{max_attempts: 1}}, "
        "breaker: {enabled: false}}\n"
        for a in aliases
    )
    admin = 'admin_keys: [{name: ops, secret: "${ADMIN_KEY}"}]\n'
    return f"providers:\n{providers}models:\n{models}keys: {keys}\n{admin}logging: {{requests: false}}\n{extra}"


def sdk(proxy: ServerProcess, key: str = "sk-caller") -> openai.OpenAI:
    return openai.OpenAI(base_url=proxy.url + "/v1", api_key=key, max_retries=0, timeout=20)


def admin(proxy: ServerProcess, path: str) -> dict[str, Any]:
    resp = httpx.get(proxy.url + path, headers={"authorization": f"Bearer {ADMIN}"}, timeout=5)
    assert resp.status_code == 200, resp.text
    out: dict[str, Any] = resp.json()
    return out


def mock_log(mock: ServerProcess, mock_id: str | None = None) -> list[dict[str, Any]]:
    params = {"id": mock_id} if mock_id is not None else {}
    resp = httpx.get(mock.url + "/_mock/log", params=params, timeout=5)
    resp.raise_for_status()
    records: list[dict[str, Any]] = resp.json()["requests"]
    return records


def poll(check: Callable[[], Any], seconds: float) -> Any:
    """`check()` until it returns something truthy or `seconds` pass; its last value."""
    deadline = time.monotonic() + seconds
    while True:
        value = check()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(0.1)


def variant_of(name: str, weights: dict[str, float], unit: str) -> str:
    variants = {v: Variant(weight=w) for v, w in weights.items()}
    return Assigner(name, Experiment(model="x", variants=variants)).variant(unit)


def users_in(name: str, variant: str, count: int, prefix: str = "user") -> list[str]:
    """`count` end users the 50/50 experiment `name` puts in `variant`."""
    weights = {"control": 50.0, "candidate": 50.0}
    found = [f"{prefix}-{i}" for i in range(2000) if variant_of(name, weights, f"u:{prefix}-{i}") == variant]
    return found[:count]


def experiment_row(proxy: ServerProcess, name: str) -> dict[str, Any]:
    rows = [e for e in admin(proxy, "/admin/experiments")["experiments"] if e["name"] == name]
    assert len(rows) == 1
    found: dict[str, Any] = rows[0]
    return found


def variant_row(proxy: ServerProcess, name: str, variant: str) -> dict[str, Any]:
    rows = [v for v in experiment_row(proxy, name)["variants"] if v["name"] == variant]
    assert len(rows) == 1
    found: dict[str, Any] = rows[0]
    return found


def chat(client: openai.OpenAI, model: str, mock_id: str, **kw: Any) -> Any:
    """A non-streamed chat with a mock id in the body; the raw response (headers + parsed)."""
    extra_body = {"mock": {"id": mock_id}, **kw.pop("extra_body", {})}
    messages = kw.pop("messages", HI)
    return client.chat.completions.with_raw_response.create(model=model, messages=messages, extra_body=extra_body, **kw)


# --- 1. templates ----------------------------------------------------------------------------------

PROMPTS = """
prompts:
  support:
    default_version: 1
    versions:
      1:
        created: 2026-11-01T09:00:00Z
        messages: [{role: system, content: "You support {{product}}."}]
      2:
        created: 2026-11-20T09:00:00+01:00
        description: friendlier
        messages: [{role: system, content: "You warmly support {{ product }} for {{customer}}."}]
        defaults: {customer: friend}
  faq:
    versions:
      2:
        created: 2026-10-01T00:00:00Z
        messages: [{role: system, content: "old faq on {{topic}}"}]
      10:
        created: 2026-11-01T00:00:00Z
        messages:
          - {role: system, content: "FAQ about {{topic}}."}
          - {role: assistant, content: "Ask me about {{topic}}."}
"""


def test_templates_render_server_side_over_the_wire(start_mock: MockFactory, start_proxy: ProxyFactory) -> None:
    mock = start_mock()
    proxy = start_proxy(policy=policy({"gpt-4o-mini": mock.url}, PROMPTS), env=ENV)
    client = sdk(proxy)

    def sent(mock_id: str) -> dict[str, Any]:
        records = mock_log(mock, mock_id)
        assert len(records) == 1
        body: dict[str, Any] = records[0]["body"]
        assert "prompt" not in body
        return body

    # Highest version (10 > 2 as integers) with no default_version; an empty `messages`.
    raw = chat(
        client,
        "gpt-4o-mini",
        "t-faq",
        messages=[],
        extra_body={"prompt": {"id": "faq", "variables": {"topic": "billing"}}},
    )
    assert raw.headers["x-llm-proxy-prompt"] == "faq@10"
    assert raw.parse().choices[0].message.content
    assert sent("t-faq")["messages"] == [
        {"role": "system", "content": "FAQ about billing."},
        {"role": "assistant", "content": "Ask me about billing."},
    ]
    # default_version 1 wins over the highest; the caller's message comes after the template's.
    raw = chat(
        client, "gpt-4o-mini", "t-default", extra_body={"prompt": {"id": "support", "variables": {"product": "Acme"}}}
    )
    assert raw.headers["x-llm-proxy-prompt"] == "support@1"
    assert sent("t-default")["messages"] == [{"role": "system", "content": "You support Acme."}, *HI]
    # Pinned version, with a default filling the variable not sent.
    prompt = {"id": "support", "version": 2, "variables": {"product": "Acme"}}
    raw = chat(client, "gpt-4o-mini", "t-pinned", extra_body={"prompt": prompt})
    assert raw.headers["x-llm-proxy-prompt"] == "support@2"
    assert sent("t-pinned")["messages"][0] == {"role": "system", "content": "You warmly support Acme for friend."}
    # Header mode: the variables are metadata's strings; unrelated metadata is ignored and kept.
    raw = client.chat.completions.with_raw_response.create(
        model="gpt-4o-mini",
        messages=HI,
        metadata={"product": "Zeta", "team": "x"},
        extra_headers={"x-llm-proxy-prompt": "support@1"},
        extra_body={"mock": {"id": "t-header"}},
    )
    assert raw.headers["x-llm-proxy-prompt"] == "support@1"
    body = sent("t-header")
    assert body["messages"] == [{"role": "system", "content": "You support Zeta."}, *HI]
    assert body["metadata"] == {"product": "Zeta", "team": "x"}

    with pytest.raises(openai.BadRequestError) as bad:
        chat(client, "gpt-4o-mini", "t-missing", extra_body={"prompt": {"id": "support", "variables": {}}})
    assert "product" in bad.value.message
    with pytest.raises(openai.NotFoundError) as missing:
        chat(client, "gpt-4o-mini", "t-unknown", extra_body={"prompt": {"id": "nope"}})
    assert "nope" in missing.value.message
    with pytest.raises(openai.NotFoundError):
        chat(
            client,
            "gpt-4o-mini",
            "t-noversion",
            extra_body={"prompt": {"id": "faq", "version": 3, "variables": {"topic": "x"}}},
        )
    assert (
        mock_log(mock, "t-missing") == [] and mock_log(mock, "t-unknown") == [] and mock_log(mock, "t-noversion") == []
    )

    listing = {t["name"]: t for t in admin(proxy, "/admin/prompts")["data"]}
    assert listing["support"]["default_version"] == 1 and listing["faq"]["default_version"] == 10
    assert [(v["version"], v["created"]) for v in listing["support"]["versions"]] == [
        (1, "2026-11-01T09:00:00Z"),
        (2, "2026-11-20T08:00:00Z"),
    ]
    assert [v["version"] for v in listing["faq"]["versions"]] == [2, 10]
    assert httpx.get(proxy.url + "/admin/prompts", timeout=5).status_code == 401


# --- 2. assignment ---------------------------------------------------------------------------------

ASSIGN = """
experiments:
  assign-by-user:
    model: alias-a
    keys: [team-a, team-c]
    variants:
      control: {weight: 50}
      candidate: {weight: 50, model: alias-b, params: {temperature: 0.3}}
  assign-by-key:
    model: alias-k
    assign_by: key
    variants:
      control: {weight: 50}
      candidate: {weight: 50, model: alias-b}
"""


def test_assignment_is_sticky_and_routes_each_variant(start_mock: MockFactory, start_proxy: ProxyFactory) -> None:
    mock_a, mock_b = start_mock(), start_mock()
    aliases = {"alias-a": mock_a.url, "alias-b": mock_b.url, "alias-k": mock_a.url}
    proxy = start_proxy(policy=policy(aliases, ASSIGN, keys=KEYS), env=ENV)
    client = sdk(proxy, KEY_A)
    weights = {"control": 50.0, "candidate": 50.0}
    seen: dict[str, int] = {"control": 0, "candidate": 0}
    sent: dict[str, str] = {}  # mock id -> the variant its user is precomputed to be in
    for u in range(40):
        user = f"assign-user-{u}"
        expected = variant_of("assign-by-user", weights, f"u:{user}")
        seen[expected] += 1
        for i in range(3):
            raw = chat(client, "alias-a", f"as-{u}-{i}", user=user)
            assert raw.headers["x-llm-proxy-experiment"] == f"assign-by-user/{expected}", user
            sent[f"as-{u}-{i}"] = expected
    assert min(seen.values()) >= 8, seen  # both arms were exercised
    on_a = {r["body"]["mock"]["id"]: r["body"] for r in mock_log(mock_a)}
    on_b = {r["body"]["mock"]["id"]: r["body"] for r in mock_log(mock_b)}
    assert len(on_a) + len(on_b) == len(sent)  # one upstream call per request, ids unique
    for mock_id, expected in sent.items():
        if expected == "candidate":
            assert mock_id not in on_a and on_b[mock_id]["temperature"] == 0.3, mock_id
            assert on_b[mock_id]["model"] == "m-alias-b"
        else:
            assert mock_id not in on_b and "temperature" not in on_a[mock_id], mock_id
            assert on_a[mock_id]["model"] == "m-alias-a"

    # A key outside the experiment's keys is not enrolled: no header, the alias as asked.
    raw = chat(sdk(proxy, KEY_B), "alias-a", "as-outside", user="assign-user-0")
    assert "x-llm-proxy-experiment" not in raw.headers
    assert len(mock_log(mock_a, "as-outside")) == 1

    # By key: every request of a key shares its variant, whatever the user.
    for name, key in (("team-a", KEY_A), ("team-b", KEY_B), ("team-c", KEY_C)):
        expected = variant_of("assign-by-key", weights, f"k:{name}")
        for i in range(4):
            mock_id = f"ak-{name}-{i}"
            raw = chat(sdk(proxy, key), "alias-k", mock_id, user=f"someone-{i}")
            assert raw.headers["x-llm-proxy-experiment"] == f"assign-by-key/{expected}"
            assert len(mock_log(mock_b if expected == "candidate" else mock_a, mock_id)) == 1


# --- 3. shadows ------------------------------------------------------------------------------------

SHADOWS = """
shadows:
  s-stall: {model: main, candidate: cand-stall, sample: 1.0, timeout_s: 15}
  s-fail: {model: main-f, candidate: cand-fail, sample: 1.0}
  s-same: {model: main-s, candidate: cand-same, sample: 1.0}
limits:
  rules:
    - {name: five-a-minute, scope: key, keys: [team-a], requests_per_minute: 5, burst: 1.0}
    - {name: one-at-a-time, scope: key, keys: [team-b], max_concurrent: 1}
"""


@pytest.fixture(scope="module")
def shadow_setup(start_mock: MockFactory, start_proxy: ProxyFactory) -> dict[str, ServerProcess]:
    primary = start_mock("--ttfb-ms", "300")
    stall, fail, same = start_mock("--ttfb-ms", "8000"), start_mock("--status", "500"), start_mock()
    aliases = {"main": primary.url, "main-f": primary.url, "main-s": primary.url}
    candidates = {"cand-stall": stall.url, "cand-fail": fail.url, "cand-same": same.url}
    with_shadows = start_proxy(policy=policy({**aliases, **candidates}, SHADOWS, keys=KEYS), env=ENV)
    without = start_proxy(policy=policy({**aliases, **candidates}, "", keys=KEYS), env=ENV)
    return {"proxy": with_shadows, "baseline": without, "primary": primary, "stall": stall, "fail": fail, "same": same}


def stream_text(client: openai.OpenAI, model: str, mock_id: str) -> str:
    stream = client.chat.completions.create(model=model, messages=HI, stream=True, extra_body={"mock": {"id": mock_id}})
    return "".join(c.choices[0].delta.content or "" for c in stream if c.choices)


def test_a_stalled_shadow_never_delays_or_changes_the_answer(shadow_setup: dict[str, ServerProcess]) -> None:
    s = shadow_setup
    client, baseline = sdk(s["proxy"], KEY_C), sdk(s["baseline"], KEY_C)
    expected = chat(baseline, "main", "sh-base").parse()
    for i in range(3):
        started = time.monotonic()
        raw = chat(client, "main", f"sh-stall-{i}")
        assert time.monotonic() - started < 4.0
        got = raw.parse()
        assert got.choices[0].message.content == expected.choices[0].message.content
        assert got.model == expected.model and got.usage == expected.usage
        assert raw.http_response.status_code == 200
    started = time.monotonic()
    assert stream_text(client, "main", "sh-stall-stream") == expected.choices[0].message.content
    assert time.monotonic() - started < 4.0
    for mock_id in [f"sh-stall-{i}" for i in range(3)] + ["sh-stall-stream"]:
        shadowed = poll(partial(mock_log, s["stall"], mock_id), 3.0)
        assert len(shadowed) == 1, mock_id
        primary = mock_log(s["primary"], mock_id)
        assert len(primary) == 1
        assert not shadowed[0]["body"].get("stream") and "stream_options" not in shadowed[0]["body"]
        assert shadowed[0]["body"]["messages"] == primary[0]["body"]["messages"]
        # The primary's mock waits 300 ms before answering: a shadow started before the answer would show.
        assert shadowed[0]["started_at"] >= primary[0]["started_at"] + 0.29
        assert not shadowed[0]["finished"]  # still stalled, yet the caller has long had its answer


def test_a_failing_shadow_changes_nothing_for_the_caller(shadow_setup: dict[str, ServerProcess]) -> None:
    s = shadow_setup
    client, baseline = sdk(s["proxy"], KEY_C), sdk(s["baseline"], KEY_C)
    expected = chat(baseline, "main-f", "shf-base").parse().choices[0].message.content
    for i in range(3):
        raw = chat(client, "main-f", f"shf-{i}")
        assert raw.http_response.status_code == 200 and raw.parse().choices[0].message.content == expected
        assert stream_text(client, "main-f", f"shf-stream-{i}") == expected
    ids = [f"shf-{i}" for i in range(3)] + [f"shf-stream-{i}" for i in range(3)]
    for mock_id in ids:
        failed = poll(partial(mock_log, s["fail"], mock_id), 3.0)
        assert len(failed) == 1 and failed[0]["status"] == 500 and not failed[0]["body"].get("stream")

    def counted() -> dict[str, Any] | None:
        rows = {r["name"]: r for r in admin(s["proxy"], "/admin/experiments")["shadows"]}
        row: dict[str, Any] = rows["s-fail"]
        return row if row["candidate_stats"]["requests"] >= 6 else None

    row = poll(counted, 5.0)
    assert row is not None
    assert row["model"] == "main-f" and row["candidate"] == "cand-fail" and row["sample"] == 1.0
    assert row["primary"]["requests"] == 6 and row["primary"]["errors"] == 0
    assert row["candidate_stats"]["requests"] == 6 and row["candidate_stats"]["errors"] == 6
    assert "similarity" not in row["candidate_stats"]


def test_shadows_take_nothing_from_rate_or_concurrency_limits(shadow_setup: dict[str, ServerProcess]) -> None:
    s = shadow_setup
    limited = sdk(s["proxy"], KEY_A)
    for i in range(5):
        assert chat(limited, "main-s", f"shl-{i}").http_response.status_code == 200
        assert poll(partial(mock_log, s["same"], f"shl-{i}"), 3.0)  # its shadow ran before the next request
    with pytest.raises(openai.RateLimitError):
        chat(limited, "main-s", "shl-over")
    assert len(mock_log(s["same"])) == 5  # one shadow per admitted request, none for the refused one

    # One at a time: sequential requests pass while their shadows are still stalled.
    single = sdk(s["proxy"], KEY_B)
    for i in range(3):
        started = time.monotonic()
        assert chat(single, "main", f"shc-{i}").http_response.status_code == 200
        assert time.monotonic() - started < 4.0
    assert poll(lambda: len([r for r in mock_log(s["stall"]) if r["id"].startswith("shc-")]) == 3, 3.0)

    def compared() -> dict[str, Any] | None:
        rows = {r["name"]: r for r in admin(s["proxy"], "/admin/experiments")["shadows"]}
        row: dict[str, Any] = rows["s-same"]
        return row if row["candidate_stats"].get("similarity", {}).get("count", 0) >= 5 else None

    row = poll(compared, 5.0)
    assert row is not None
    assert row["candidate_stats"]["requests"] == 5 and row["candidate_stats"]["errors"] == 0
    assert row["candidate_stats"]["similarity"] == {"count": 5, "mean": 1.0}  # same mock, same answer
    assert row["primary"]["requests"] == 5


# --- 4. feedback -----------------------------------------------------------------------------------

FEEDBACK = """
experiments:
  fb-exp:
    model: fb-a
    variants:
      control: {weight: 50}
      candidate: {weight: 50, model: fb-b}
"""


def test_feedback_is_counted_per_variant_once_and_only_by_its_key(
    start_mock: MockFactory, start_proxy: ProxyFactory
) -> None:
    mock_a, mock_b = start_mock(), start_mock()
    proxy = start_proxy(
        policy=policy({"fb-a": mock_a.url, "fb-b": mock_b.url, "plain": mock_a.url}, FEEDBACK, keys=KEYS), env=ENV
    )
    client = sdk(proxy, KEY_A)

    def rate(body: dict[str, Any], key: str = KEY_A) -> httpx.Response:
        return httpx.post(proxy.url + "/v1/feedback", json=body, headers={"authorization": f"Bearer {key}"}, timeout=5)

    ratings: dict[str, list[dict[str, Any]]] = {
        "control": [{"score": 0.5}, {"label": "thumbs_up"}, {"score": 0.25}],
        "candidate": [{"label": "thumbs_down"}, {"label": "thumbs_down"}, {"score": 0.75}, {"label": "good"}],
    }
    ids: dict[str, list[str]] = {}
    for variant, sent in ratings.items():
        users = users_in("fb-exp", variant, len(sent), "fb-user")
        ids[variant] = []
        for user, rating in zip(users, sent, strict=True):
            raw = chat(client, "fb-a", f"fb-{user}", user=user)
            assert raw.headers["x-llm-proxy-experiment"] == f"fb-exp/{variant}"
            request_id = raw.headers["x-request-id"]
            resp = rate({"request_id": request_id, **rating})
            assert resp.status_code == 200, resp.text
            answer = resp.json()
            assert (answer["experiment"], answer["variant"], answer["request_id"]) == ("fb-exp", variant, request_id)
            ids[variant].append(request_id)
    for variant, sent in ratings.items():
        labels = {"thumbs_up": 1.0, "thumbs_down": 0.0, "good": 1.0}
        scores = [r["score"] if "score" in r else labels[str(r["label"])] for r in sent]
        counted: dict[str, int] = {}
        for r in sent:
            if "label" in r:
                counted[str(r["label"])] = counted.get(str(r["label"]), 0) + 1
        feedback = variant_row(proxy, "fb-exp", variant)["stats"]["feedback"]
        assert feedback["count"] == len(sent), (variant, feedback)
        assert feedback["mean"] == pytest.approx(sum(scores) / len(scores), abs=1e-4)
        assert {k: v for k, v in feedback["labels"].items() if v} == counted

    first = ids["control"][0]
    again = rate({"request_id": first, "score": 1.0})
    assert again.status_code == 409, again.text
    assert rate({"request_id": ids["candidate"][0], "score": 1.0}, KEY_B).status_code == 404  # another key's request
    assert rate({"request_id": "no-such-request", "score": 1.0}).status_code == 404
    fresh = ids["candidate"][1]
    assert rate({"request_id": fresh, "score": 1.5}).status_code == 400
    assert rate({"request_id": fresh, "label": "meh"}).status_code == 400
    plain = chat(client, "plain", "fb-plain").headers["x-request-id"]
    assert rate({"request_id": plain, "score": 1.0}).status_code == 404
    # The refusals counted nothing.
    assert variant_row(proxy, "fb-exp", "control")["stats"]["feedback"]["count"] == 3
    assert variant_row(proxy, "fb-exp", "candidate")["stats"]["feedback"]["count"] == 4


# --- 5/6. rollback ---------------------------------------------------------------------------------


def rollback_policy(name: str, good: str, bad: str, state: str = "") -> str:
    extra = f"""
{state}
experiments:
  {name}:
    model: rb-a
    variants:
      control: {{weight: 50}}
      candidate: {{weight: 50, model: rb-b}}
    rollback: {{min_requests: 10, error_rate_ratio: 2.0, error_rate_floor: 0.05}}
"""
    return policy({"rb-a": good, "rb-b": bad}, extra)


def send(client: openai.OpenAI, user: str) -> tuple[int, str | None]:
    """(status, experiment header) of one request of `user`; errors of a failing variant are expected."""
    try:
        raw = chat(client, "rb-a", f"rb-{uuid.uuid4().hex}", user=user)
    except openai.APIStatusError as err:
        return err.status_code, err.response.headers.get("x-llm-proxy-experiment")
    return raw.http_response.status_code, raw.headers.get("x-llm-proxy-experiment")


def counted_requests(proxy: ServerProcess, name: str, variant: str, n: int) -> dict[str, Any]:
    """The variant's report row once it counts `n` requests (polled: counting ends after the answer)."""

    def row() -> dict[str, Any] | None:
        found = variant_row(proxy, name, variant)
        return found if found["stats"]["requests"] >= n else None

    counted: dict[str, Any] | None = poll(row, 3.0)
    assert counted is not None, variant_row(proxy, name, variant)
    return counted


def trip(proxy: ServerProcess, name: str) -> list[str]:
    """10 control requests, then candidate requests until the 10th trips the rollback; candidate users."""
    client = sdk(proxy)
    for user in users_in(name, "control", 10, "rb-user"):
        assert send(client, user) == (200, f"{name}/control")
    counted_requests(proxy, name, "control", 10)
    candidates = users_in(name, "candidate", 12, "rb-user")
    for n, user in enumerate(candidates[:10], start=1):
        status, header = send(client, user)
        assert status >= 500 and header == f"{name}/candidate", (n, status, header)
        row = counted_requests(proxy, name, "candidate", n)
        assert row["stats"]["errors"] == n
        if n == 9:
            assert row["rolled_back"] is None
    return candidates


def assert_rolled_back(proxy: ServerProcess, name: str) -> None:
    row = variant_row(proxy, name, "candidate")
    assert row["rolled_back"] is not None
    assert "error rate" in row["rolled_back"]["reason"] and row["rolled_back"]["at"].endswith("Z")
    assert row["effective_share"] == 0.0 and variant_row(proxy, name, "control")["effective_share"] == 1.0


def test_a_failing_variant_is_rolled_back_on_the_request_that_breaks_the_rule(
    start_mock: MockFactory, start_proxy: ProxyFactory
) -> None:
    good, bad = start_mock(), start_mock("--status", "500")
    proxy = start_proxy(policy=rollback_policy("rb-local", good.url, bad.url), env=ENV)
    candidates = trip(proxy, "rb-local")
    poll(lambda: variant_row(proxy, "rb-local", "candidate")["rolled_back"], 2.0)
    assert_rolled_back(proxy, "rb-local")
    before = len(mock_log(bad))
    mock_id = "rb-after"
    raw = chat(sdk(proxy), "rb-a", mock_id, user=candidates[10])
    assert raw.headers["x-llm-proxy-experiment"] == "rb-local/control"
    assert len(mock_log(good, mock_id)) == 1 and len(mock_log(bad)) == before


def test_a_rollback_is_shared_by_replicas_and_survives_restarts(
    start_mock: MockFactory, start_proxy: ProxyFactory, redis_server: RedisServer
) -> None:
    good, bad = start_mock(), start_mock("--status", "500")
    state = f'state: {{redis_url: "redis://127.0.0.1:{redis_server.port}/3"}}'
    text = rollback_policy("rb-shared", good.url, bad.url, state)
    earlier = start_proxy(policy=text, env=ENV)
    tripper = start_proxy(policy=text, env=ENV)
    candidates = trip(tripper, "rb-shared")
    poll(lambda: variant_row(tripper, "rb-shared", "candidate")["rolled_back"], 2.0)
    assert_rolled_back(tripper, "rb-shared")

    later = start_proxy(policy=text, env=ENV)  # as after a restart: reads the decision at start
    assert_rolled_back(later, "rb-shared")
    raw = chat(sdk(later), "rb-a", "rb-later", user=candidates[10])
    assert raw.headers["x-llm-proxy-experiment"] == "rb-shared/control"
    assert len(mock_log(good, "rb-later")) == 1 and mock_log(bad, "rb-later") == []

    # The replica that was already running picks the decision up within its refresh period. Only
    # control users' requests are sent until then: a failing candidate request would be counted and
    # trip the rule on that replica by itself, which is not what is tested here.
    client, control_user = sdk(earlier), users_in("rb-shared", "control", 1, "rb-user")[0]

    def picked_up() -> bool:
        assert send(client, control_user) == (200, "rb-shared/control")
        return variant_row(earlier, "rb-shared", "candidate")["rolled_back"] is not None

    assert poll(picked_up, 6.0)
    assert_rolled_back(earlier, "rb-shared")
    raw = chat(client, "rb-a", "rb-earlier", user=candidates[11])
    assert raw.headers["x-llm-proxy-experiment"] == "rb-shared/control"
    assert len(mock_log(good, "rb-earlier")) == 1 and mock_log(bad, "rb-earlier") == []
