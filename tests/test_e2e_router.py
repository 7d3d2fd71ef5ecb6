"""Router aliases over real sockets: a proxy in front of one mock upstream (a distinct upstream
model per alias), live routing compared with `llm-proxy route` (the dry run) on a corpus of
requests, budget-driven downgrades, a target skipped while its breaker is open, and an LLM
classifier that times out."""

from __future__ import annotations

import hashlib
import json
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import openai
import pytest
from prometheus_client.parser import text_string_to_metric_families

from proxy import cli
from tests.conftest import MockFactory, ProxyFactory
from tests.support import ServerProcess, free_port

SECRETS = {
    f"ROUTER_{name.upper()}_KEY": "vk-router-" + hashlib.sha256(name.encode()).hexdigest()[:16]
    for name in ("alice", "bob", "intern", "spender")
}

UPSTREAM = {  # alias -> the upstream model name the mock sees
    "premium-model": "up-premium",
    "long-model": "up-long",
    "vision-model": "up-vision",
    "code-model": "up-code",
    "json-model": "up-json",
    "small": "up-small",
    "cheap": "up-cheap",
    "general": "up-general",
    "pricey": "up-pricey",
}

POLICY = """
server: {max_body_bytes: 1048576, drain_timeout_s: 2}
providers:
  mock: {type: openai, base_url: "MOCK_URL/v1", timeouts: {connect_s: 2, first_byte_s: 5, idle_s: 5, total_s: 20}}
  dead: {type: openai, base_url: "http://127.0.0.1:DEAD_PORT/v1", timeouts: {connect_s: 0.5, first_byte_s: 1}}
  slow: {type: openai, base_url: "SLOW_URL/v1", timeouts: {connect_s: 2, first_byte_s: 10, idle_s: 10, total_s: 20}}
models:
  premium-model:
    deployments: [{provider: mock, model: up-premium}]
    capabilities: {tools: true, vision: true, json_schema: true, context_window: 128000}
  long-model:
    deployments: [{provider: mock, model: up-long, context_window: 1000000}]
    capabilities: {vision: false}
  vision-model:
    deployments: [{provider: mock, model: up-vision}]
    capabilities: {vision: true}
  code-model: {deployments: [{provider: mock, model: up-code}], capabilities: {tools: true}}
  json-model: {deployments: [{provider: mock, model: up-json}], capabilities: {json_schema: true}}
  small:
    deployments: [{provider: mock, model: up-small}]
    capabilities: {tools: false, vision: false, json_schema: false, context_window: 8000, max_output_tokens: 4096}
  cheap: {deployments: [{provider: mock, model: up-cheap, input_cost_per_mtok: 0, output_cost_per_mtok: 0}]}
  general:
    deployments: [{provider: mock, model: up-general}]
    capabilities: {tools: true, vision: true, json_schema: true}
  pricey:  # a dollar an input token: one short request costs about $5
    deployments: [{provider: mock, model: up-pricey, input_cost_per_mtok: 1000000, output_cost_per_mtok: 0}]
  flaky:
    deployments: [{provider: dead, model: up-flaky, name: flaky-dead}]
    retry: {max_attempts: 1}
    breaker: {min_requests: 1, consecutive_failures: 1, cooldown_s: 60}
  judge: {deployments: [{provider: slow, model: up-judge}], retry: {max_attempts: 1}}
key_groups:
  premium: {}
keys:
  - {name: alice, secret: "${ROUTER_ALICE_KEY}", group: premium}
  - {name: bob, secret: "${ROUTER_BOB_KEY}"}
  - {name: intern, secret: "${ROUTER_INTERN_KEY}", models: [auto, small, cheap, general, code-model, json-model]}
  - {name: spender, secret: "${ROUTER_SPENDER_KEY}"}
budgets:
  keys:
    spender: {daily_usd: 12}
routers:
  auto:
    classifier: {type: heuristic}
    rules:
      - {name: beta, when: {headers: {x-channel: [beta]}}, to: flaky}
      - {name: saver, when: {keys: [spender], key_budget_left_below_usd: 8}, to: cheap}
      - {name: spend, when: {keys: [spender]}, to: pricey}
      - {name: summaries, when: {keywords: [summarize, summarise], tools: false}, to: small}
      - {name: long, when: {min_input_tokens: 6000}, to: long-model}
      - {name: premium, when: {groups: [premium]}, to: premium-model}
      - {name: gold, when: {metadata: {tier: [gold]}}, to: premium-model}
      - {name: vip-header, when: {headers: {X-Tier: [gold]}}, to: premium-model}
      - {name: images, when: {images: true}, to: vision-model}
      - {name: json, when: {json: true}, to: json-model}
      - {name: sql, when: {matches: '\\bselect\\b.+\\bfrom\\b'}, to: code-model}
      - {name: hurry, when: {keywords: [urgent, asap]}, to: cheap}
      - {name: code, when: {classifier: [code]}, to: code-model}
      - {name: complex, when: {classifier: [complex]}, to: premium-model}
      - {name: quick, when: {classifier: [simple], max_input_tokens: 2000}, to: small}
    default: general
  smart:
    classifier: {type: llm, model: judge, labels: [simple, complex], timeout_s: 0.2}
    rules:
      - {name: hard, when: {classifier: [complex]}, to: premium-model}
      - {name: easy, when: {classifier: [simple]}, to: small}
    default: cheap
"""

TOOLS: list[dict[str, Any]] = [
    {
        "type": "function",
        "function": {
            "name": "get_weather",
            "description": "Weather for a city",
            "parameters": {"type": "object", "properties": {"city": {"type": "string"}}},
        },
    }
]
IMAGE = {"type": "image_url", "image_url": {"url": "data:image/png;base64,iVBORw0KGgo="}}
DESIGN = (
    "Explain the trade-offs between a single Postgres primary and a sharded cluster for our order service, "
    "compare failure modes, and plan a migration strategy step by step. Which would you pick, and why?"
)
CODE = "Why does this fail?\n```python\ndef first(xs):\n    return xs[0]\n```"
FILLER = "The quarterly report covers revenue, churn, hiring and the roadmap for next year. "  # ~80 chars


def said(text: str) -> list[Any]:
    return [{"role": "user", "content": text}]


# (id, key, request params besides model, headers, the route we expect live and in the dry run)
CORPUS: list[tuple[str, str, dict[str, Any], dict[str, str], str]] = [
    ("greeting", "bob", {"messages": said("hi")}, {}, "auto/quick -> small"),
    ("greeting with tools", "bob", {"messages": said("hi"), "tools": TOOLS}, {}, "auto/default -> general"),
    ("design question", "bob", {"messages": said(DESIGN)}, {}, "auto/complex -> premium-model"),
    ("design with tools", "bob", {"messages": said(DESIGN), "tools": TOOLS}, {}, "auto/complex -> premium-model"),
    ("code", "bob", {"messages": said(CODE)}, {}, "auto/code -> code-model"),
    ("sql", "bob", {"messages": said("select name from users where id = 4, please")}, {}, "auto/sql -> code-model"),
    ("arithmetic", "bob", {"messages": said("What is 17 * 23?")}, {}, "auto/quick -> small"),
    (
        "image",
        "bob",
        {"messages": [{"role": "user", "content": [{"type": "text", "text": "what is this?"}, IMAGE]}]},
        {},
        "auto/images -> vision-model",
    ),
    (
        "json object",
        "bob",
        {"messages": said("hi"), "response_format": {"type": "json_object"}},
        {},
        "auto/json -> json-model",
    ),
    (
        "json schema",
        "bob",
        {
            "messages": said("list three colours"),
            "response_format": {
                "type": "json_schema",
                "json_schema": {"name": "colours", "schema": {"type": "object", "properties": {}}},
            },
        },
        {},
        "auto/json -> json-model",
    ),
    ("metadata gold", "bob", {"messages": said("hi"), "metadata": {"tier": "gold"}}, {}, "auto/gold -> premium-model"),
    ("metadata silver", "bob", {"messages": said("hi"), "metadata": {"tier": "silver"}}, {}, "auto/quick -> small"),
    ("header gold", "bob", {"messages": said("hi")}, {"X-Tier": "gold"}, "auto/vip-header -> premium-model"),
    ("header silver", "bob", {"messages": said("hi")}, {"x-tier": "silver"}, "auto/quick -> small"),
    ("premium group", "alice", {"messages": said("hi")}, {}, "auto/premium -> premium-model"),
    ("long input", "bob", {"messages": said(FILLER * 320)}, {}, "auto/long -> long-model"),
    ("short summary", "bob", {"messages": said("Summarize: " + FILLER * 3)}, {}, "auto/summaries -> small"),
    (
        "summary over the small window",  # ~10k tokens: 'small' (8k window) is skipped, 'long' takes it
        "bob",
        {"messages": said("Summarize this report. " + FILLER * 500)},
        {},
        "auto/long -> long-model",
    ),
    (
        "summary with tools",
        "bob",
        {"messages": said("summarize the weather"), "tools": TOOLS},
        {},
        "auto/default -> general",
    ),
    ("urgent", "bob", {"messages": said("URGENT: say hello")}, {}, "auto/hurry -> cheap"),
    ("urgently is not urgent", "bob", {"messages": said("reply urgently")}, {}, "auto/quick -> small"),
    ("intern complex", "intern", {"messages": said(DESIGN)}, {}, "auto/default -> general"),
    ("intern code", "intern", {"messages": said(CODE)}, {}, "auto/code -> code-model"),
    ("big output", "bob", {"messages": said("hi"), "max_tokens": 6000}, {}, "auto/default -> general"),
    (
        "long chat",
        "bob",
        {"messages": [{"role": "user" if i % 2 == 0 else "assistant", "content": f"turn {i}"} for i in range(9)]},
        {},
        "auto/quick -> small",
    ),
    ("beta channel, healthy", "bob", {"messages": said("hi")}, {"x-channel": "stable"}, "auto/quick -> small"),
]


@pytest.fixture(scope="module")
def slow_mock(start_mock: MockFactory) -> ServerProcess:
    return start_mock("--ttfb-ms", "3000")


@pytest.fixture(scope="module")
def policy_path(
    mock_upstream: ServerProcess, slow_mock: ServerProcess, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    text = (
        POLICY.replace("MOCK_URL", mock_upstream.url)
        .replace("SLOW_URL", slow_mock.url)
        .replace("DEAD_PORT", str(free_port()))
    )
    path = tmp_path_factory.mktemp("router") / "router.yaml"
    path.write_text(text)
    return path


@pytest.fixture(scope="module")
def router_proxy(start_proxy: ProxyFactory, policy_path: Path) -> ServerProcess:
    return start_proxy(policy=policy_path.read_text(), env=SECRETS)


@pytest.fixture(autouse=True)
def secrets_in_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """The dry run loads the same policy in this process: it needs the same environment."""
    for name, value in SECRETS.items():
        monkeypatch.setenv(name, value)


Client = Callable[[str], openai.OpenAI]


@pytest.fixture
def client(router_proxy: ServerProcess) -> Client:
    def make(key: str) -> openai.OpenAI:
        secret = SECRETS[f"ROUTER_{key.upper()}_KEY"]
        return openai.OpenAI(base_url=router_proxy.url + "/v1", api_key=secret, max_retries=0, timeout=20)

    return make


DryRun = Callable[..., dict[str, Any]]


@pytest.fixture
def dry_run(policy_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> DryRun:
    def run(body: dict[str, Any], key: str, headers: dict[str, str], *extra: str) -> dict[str, Any]:
        request = tmp_path / f"{uuid.uuid4().hex}.json"
        request.write_text(json.dumps(body))
        argv = ["route", "--config", str(policy_path), str(request), "--json", "--key", key]
        argv += [arg for name, value in headers.items() for arg in ("--header", f"{name}: {value}")]
        capsys.readouterr()
        code = cli.main([*argv, *extra])
        out = capsys.readouterr().out
        assert code == 0, out
        result: dict[str, Any] = json.loads(out)
        return result

    return run


def route_of(decision: dict[str, Any]) -> str:
    return f"{decision['router']}/{decision['rule']} -> {decision['model']}"


def upstream_models(mock: ServerProcess, record_id: str) -> list[str]:
    resp = httpx.get(mock.url + "/_mock/log", params={"id": record_id}, timeout=5)
    return [r["body"]["model"] for r in resp.json()["requests"]]


def send(
    client: Client, key: str, params: dict[str, Any], headers: dict[str, str], model: str = "auto"
) -> tuple[str, dict[str, Any], float]:
    """One live request; (the route header, the body as sent, seconds taken)."""
    record_id = uuid.uuid4().hex
    extra = {"mock": {"id": record_id}}
    started = time.perf_counter()
    raw = client(key).chat.completions.with_raw_response.create(
        model=model, extra_headers=headers, extra_body=extra, **params
    )
    elapsed = time.perf_counter() - started
    raw.parse()
    return raw.headers["x-llm-proxy-route"], {"model": model, **params, **extra}, elapsed


def test_dry_run_agrees_with_live_routing(client: Client, dry_run: DryRun, mock_upstream: ServerProcess) -> None:
    assert len(CORPUS) >= 20
    for case, key, params, headers, expected in CORPUS:
        live, body, _ = send(client, key, params, headers)
        dry = dry_run(body, key, headers)
        assert live == route_of(dry), f"{case}: live {live!r}, dry run {route_of(dry)!r}: {dry['trace']}"
        assert live == expected, f"{case}: {live!r}: {dry['trace']}"
        model = dry["model"]
        assert upstream_models(mock_upstream, body["mock"]["id"]) == [UPSTREAM[model]], case
        if "tools" in params:
            assert model != "small", f"{case}: a request with tools went to a tools: false model"


def test_tools_requests_never_reach_a_model_without_tools(client: Client, mock_upstream: ServerProcess) -> None:
    prompts = ["hi", "thanks!", "What is 2 + 2?", "summarize: the sky is blue", DESIGN, "urgent: ok"]
    for prompt in prompts:
        live, body, _ = send(client, "bob", {"messages": said(prompt), "tools": TOOLS}, {})
        assert not live.endswith("-> small"), prompt
        assert upstream_models(mock_upstream, body["mock"]["id"]) != ["up-small"], prompt


def test_budget_rule_flips_once_the_key_has_spent_enough(client: Client, dry_run: DryRun) -> None:
    params = {"messages": said("hi")}
    first, body, _ = send(client, "spender", params, {})
    assert first == "auto/spend -> pricey"  # $12 left: not below $8
    assert route_of(dry_run(body, "spender", {}, "--key-budget-left", "12")) == first
    time.sleep(0.2)  # spend is recorded once the answer is done
    second, body, _ = send(client, "spender", params, {})
    assert second == "auto/saver -> cheap"  # ~$5 spent: ~$7 left
    assert route_of(dry_run(body, "spender", {}, "--key-budget-left", "7")) == second
    third, _, _ = send(client, "spender", params, {})
    assert third == second  # the cheap model costs nothing: it stays below


def test_a_target_whose_breaker_is_open_is_skipped(
    client: Client, dry_run: DryRun, router_proxy: ServerProcess, mock_upstream: ServerProcess
) -> None:
    beta = {"x-channel": "beta"}
    params = {"messages": said("hi")}
    body = {"model": "auto", **params}
    assert route_of(dry_run(body, "bob", beta)) == "auto/beta -> flaky"
    statuses = []
    for _ in range(3):
        with pytest.raises(openai.APIStatusError) as info:
            client("bob").chat.completions.create(model="flaky", messages=said("hi"))
        statuses.append(info.value.status_code)
        if info.value.status_code == 503:
            break
    assert statuses[-1] == 503, statuses
    assert httpx.get(router_proxy.url + "/readyz", timeout=5).json()["deployments"]["flaky-dead"] == "open"
    live, sent, _ = send(client, "bob", params, beta)
    dry = dry_run(sent, "bob", beta, "--unhealthy", "flaky")
    assert live == route_of(dry) == "auto/quick -> small"
    assert "'flaky' is skipped: every deployment's breaker is open" in dry["trace"][0]
    assert upstream_models(mock_upstream, sent["mock"]["id"]) == ["up-small"]


def metric(text: str, name: str, labels: dict[str, str]) -> float | None:
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if sample.name == name and labels.items() <= sample.labels.items():
                return float(sample.value)
    return None


def test_a_late_llm_classifier_falls_through_promptly(
    client: Client, router_proxy: ServerProcess, mock_upstream: ServerProcess
) -> None:
    for prompt in ("hi", DESIGN):
        live, body, elapsed = send(client, "bob", {"messages": said(prompt)}, {}, model="smart")
        assert live == "smart/default -> cheap"
        assert elapsed < 2.0, f"the classifier's 0.2 s timeout must bound the wait, took {elapsed:.2f}s"
        assert upstream_models(mock_upstream, body["mock"]["id"]) == ["up-cheap"]
    text = httpx.get(router_proxy.url + "/metrics", timeout=5).text
    timeouts = metric(text, "llm_proxy_router_classifier_total", {"router": "smart", "outcome": "timeout"})
    assert timeouts is not None and timeouts >= 2
    decided = metric(text, "llm_proxy_router_decisions_total", {"router": "smart", "rule": "default", "model": "cheap"})
    assert decided is not None and decided >= 2


def test_models_list_shows_the_routers_to_keys_that_may_use_them(client: Client) -> None:
    for_bob = {m.id for m in client("bob").models.list()}
    assert {"auto", "smart", "small", "premium-model"} <= for_bob
    for_intern = {m.id for m in client("intern").models.list()}
    assert "auto" in for_intern and "smart" not in for_intern and "premium-model" not in for_intern


def test_the_log_line_names_router_and_rule(client: Client, router_proxy: ServerProcess) -> None:
    raw = client("bob").chat.completions.with_raw_response.create(model="auto", messages=said("urgent: hi"))
    assert raw.parse().model == "cheap"  # the answer names the chosen model (README: router aliases)
    request_id = raw.headers["x-request-id"]
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        for line in router_proxy.output().splitlines():
            if request_id in line and line.startswith("{"):
                record = json.loads(line)
                if record.get("request_id") == request_id:
                    assert (record["router"], record["route_rule"]) == ("auto", "hurry")
                    assert (record["model"], record["upstream_model"]) == ("cheap", "up-cheap")
                    return
        time.sleep(0.05)
    pytest.fail("no log line for the request")
