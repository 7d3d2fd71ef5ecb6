"""Router rules on their own: every condition, first-match order, capability/permission/health
skips, budget downgrades, the classifiers (heuristic and LLM, with a fake `ask`), the router
stage's lazy once-per-request classifier, and the policy checks and warnings for `routers`."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Any

import pytest
import yaml

from proxy.config.key_access import KeyAccess, resolve
from proxy.config.loader import ConfigError
from proxy.config.models import Capabilities, Deployment, ModelConfig
from proxy.config.policy import KeyConfig, Policy, parse_policy
from proxy.config.routers import ClassifierConfig, RouterConfig, RouteRule, When
from proxy.core.errors import InvalidRequest
from proxy.core.exchange import Exchange, Headers
from proxy.observability.metrics import Metrics
from proxy.routers.classifier import LlmClassifier, heuristic_labels
from proxy.routers.facts import RequestFacts, request_facts
from proxy.routers.rules import CompiledRouter, Decision, Unfit, unfit_target
from proxy.stages.router import RouterStage
from proxy.state.memory import MemoryStore
from tests.support import new_exchange

HI: list[dict[str, Any]] = [{"role": "user", "content": "hi"}]
IMAGE_MESSAGE: dict[str, Any] = {
    "role": "user",
    "content": [
        {"type": "text", "text": "what is in this picture"},
        {"type": "image_url", "image_url": {"url": "data:image/png;base64,AAAA"}},
    ],
}
TOOLS: list[dict[str, Any]] = [
    {"type": "function", "function": {"name": "get_weather", "parameters": {"type": "object", "properties": {}}}}
]


class FakeSources:
    """Labels and budgets as given; counts how often each was asked for."""

    def __init__(
        self, labels: frozenset[str] | None = None, budget: tuple[float | None, float | None] = (None, None)
    ) -> None:
        self._labels, self._budget = labels, budget
        self.label_calls = 0
        self.budget_calls = 0

    async def labels(self) -> frozenset[str] | None:
        self.label_calls += 1
        return self._labels

    async def budget_left(self) -> tuple[float | None, float | None]:
        self.budget_calls += 1
        return self._budget


def all_fit(_alias: str) -> Unfit | None:
    return None


def facts_of(
    body: dict[str, Any] | None = None,
    headers: Headers | None = None,
    key: str | None = None,
    group: str | None = None,
) -> RequestFacts:
    return request_facts({"model": "auto", "messages": HI} | (body or {}), headers or [], key, group)


def decide(
    router: RouterConfig,
    facts: RequestFacts,
    sources: FakeSources | None = None,
    unfit: Callable[[str], Unfit | None] = all_fit,
) -> Decision:
    return asyncio.run(CompiledRouter("auto", router).decide(facts, sources or FakeSources(), unfit))


def one_rule(when: When, classifier: ClassifierConfig | None = None) -> RouterConfig:
    return RouterConfig(rules=(RouteRule(name="r", when=when, to="big"),), default="cheap", classifier=classifier)


def user(text: str) -> dict[str, Any]:
    return {"messages": [{"role": "user", "content": text}]}


LONG = user("word " * 400)  # ~500 tokens by the 4-characters estimate
BUDGET = FakeSources(budget=(0.5, 20.0))

# (id, conditions, request body, headers, key, group, sources, rule matches?)
CONDITION_CASES: list[tuple[str, When, dict[str, Any], Headers, str | None, str | None, FakeSources | None, bool]] = [
    ("min tokens yes", When(min_input_tokens=100), LONG, [], None, None, None, True),
    ("min tokens no", When(min_input_tokens=100), {}, [], None, None, None, False),
    ("max tokens yes", When(max_input_tokens=100), {}, [], None, None, None, True),
    ("max tokens no", When(max_input_tokens=100), LONG, [], None, None, None, False),
    ("tools yes", When(tools=True), {"tools": TOOLS}, [], None, None, None, True),
    ("tools no", When(tools=True), {}, [], None, None, None, False),
    ("no tools yes", When(tools=False), {}, [], None, None, None, True),
    ("no tools no", When(tools=False), {"tools": TOOLS}, [], None, None, None, False),
    ("images yes", When(images=True), {"messages": [IMAGE_MESSAGE]}, [], None, None, None, True),
    ("images no", When(images=True), user("describe a cat"), [], None, None, None, False),
    ("json object", When(json=True), {"response_format": {"type": "json_object"}}, [], None, None, None, True),
    (
        "json schema",
        When(json=True),
        {"response_format": {"type": "json_schema", "json_schema": {"name": "x", "schema": {}}}},
        [],
        None,
        None,
        None,
        True,
    ),
    ("json text format", When(json=True), {"response_format": {"type": "text"}}, [], None, None, None, False),
    ("json absent", When(json=True), {}, [], None, None, None, False),
    ("keys yes", When(keys=("alice", "bob")), {}, [], "bob", None, None, True),
    ("keys no", When(keys=("alice",)), {}, [], "bob", None, None, False),
    ("keys anonymous", When(keys=("alice",)), {}, [], None, None, None, False),
    ("groups yes", When(groups=("premium",)), {}, [], "bob", "premium", None, True),
    ("groups no", When(groups=("premium",)), {}, [], "bob", "basic", None, False),
    (
        "metadata yes",
        When(metadata={"tier": ("gold", "silver")}),
        {"metadata": {"tier": "silver"}},
        [],
        None,
        None,
        None,
        True,
    ),
    (
        "metadata other",
        When(metadata={"tier": ("gold",)}),
        {"metadata": {"tier": "bronze"}},
        [],
        None,
        None,
        None,
        False,
    ),
    ("metadata absent", When(metadata={"tier": ("gold",)}), {}, [], None, None, None, False),
    ("header yes", When(headers={"x-tier": ("gold",)}), {}, [(b"x-tier", b"gold")], None, None, None, True),
    ("header name case", When(headers={"X-Tier": ("gold",)}), {}, [(b"x-tier", b"gold")], None, None, None, True),
    ("header other", When(headers={"x-tier": ("gold",)}), {}, [(b"x-tier", b"lead")], None, None, None, False),
    ("header absent", When(headers={"x-tier": ("gold",)}), {}, [], None, None, None, False),
    ("matches yes", When(matches=r"\bSQL\b"), user("write some sql please"), [], None, None, None, True),
    ("matches no", When(matches=r"\bSQL\b"), user("write a poem"), [], None, None, None, False),
    ("keyword yes", When(keywords=("code", "bug")), user("Please review my Code."), [], None, None, None, True),
    ("keyword inside a word", When(keywords=("code",)), user("which codec is best?"), [], None, None, None, False),
    ("keyword phrase", When(keywords=("unit test",)), user("add a unit test here"), [], None, None, None, True),
    ("key budget low", When(key_budget_left_below_usd=1), {}, [], "bob", None, BUDGET, True),
    ("key budget high", When(key_budget_left_below_usd=1), {}, [], "bob", None, FakeSources(budget=(5, 5)), False),
    ("key budget none", When(key_budget_left_below_usd=1), {}, [], "bob", None, FakeSources(), False),
    ("day budget low", When(day_budget_left_below_usd=50), {}, [], None, None, BUDGET, True),
    ("day budget high", When(day_budget_left_below_usd=10), {}, [], None, None, BUDGET, False),
    ("day budget none", When(day_budget_left_below_usd=10), {}, [], None, None, FakeSources(), False),
    ("label yes", When(classifier=("complex", "code")), {}, [], None, None, FakeSources(frozenset({"code"})), True),
    ("label no", When(classifier=("complex",)), {}, [], None, None, FakeSources(frozenset({"simple"})), False),
    ("no label", When(classifier=("complex",)), {}, [], None, None, FakeSources(None), False),
    ("nothing set", When(), {}, [], None, None, None, True),
]


@pytest.mark.parametrize(
    ("conditions", "body", "headers", "key", "group", "sources", "matches"),
    [case[1:] for case in CONDITION_CASES],
    ids=[case[0] for case in CONDITION_CASES],
)
def test_each_condition_matches_and_does_not(
    conditions: When,
    body: dict[str, Any],
    headers: Headers,
    key: str | None,
    group: str | None,
    sources: FakeSources | None,
    matches: bool,
) -> None:
    fresh = FakeSources(sources._labels, sources._budget) if sources is not None else None
    decision = decide(one_rule(conditions, ClassifierConfig()), facts_of(body, headers, key, group), fresh)
    assert (decision.rule, decision.target) == (("r", "big") if matches else ("default", "cheap")), decision.trace
    assert len(decision.trace) == 2 if not matches else len(decision.trace) == 1


def test_first_matching_rule_wins_and_default_when_none_do() -> None:
    router = RouterConfig(
        rules=(
            RouteRule(name="needs-json", when=When(json=True), to="json-model"),
            RouteRule(name="tools", when=When(tools=True), to="first"),
            RouteRule(name="tools-again", when=When(tools=True), to="second"),
        ),
        default="cheap",
    )
    won = decide(router, facts_of({"tools": TOOLS}))
    assert (won.rule, won.target) == ("tools", "first")
    assert won.trace == ["rule 'needs-json': no (json absent)", "rule 'tools': yes -> first"]
    fallback = decide(router, facts_of())
    assert (fallback.rule, fallback.target) == ("default", "cheap")
    assert fallback.trace[-1] == "default -> cheap"


def test_all_conditions_of_a_rule_must_hold() -> None:
    router = one_rule(When(tools=True, keys=("alice",), metadata={"tier": ("gold",)}))
    body = {"tools": TOOLS, "metadata": {"tier": "gold"}}
    assert decide(router, facts_of(body, key="alice")).rule == "r"
    assert decide(router, facts_of(body, key="bob")).rule == "default"
    assert decide(router, facts_of({"tools": TOOLS}, key="alice")).rule == "default"
    assert decide(router, facts_of({"metadata": {"tier": "gold"}}, key="alice")).rule == "default"


def test_cheap_conditions_are_checked_before_the_classifier_and_budgets() -> None:
    router = one_rule(When(tools=True, classifier=("complex",), key_budget_left_below_usd=1), ClassifierConfig())
    sources = FakeSources(frozenset({"complex"}), (0.1, None))
    assert decide(router, facts_of(), sources).rule == "default"
    assert (sources.label_calls, sources.budget_calls) == (0, 0)
    assert decide(router, facts_of({"tools": TOOLS}), sources).rule == "r"


# --- capabilities, permissions, health ---------------------------------------------------------


def model(caps: Capabilities | None = None, windows: tuple[int | None, ...] = (None,)) -> ModelConfig:
    deployments = tuple(Deployment(provider="p", model=f"m{i}", context_window=w) for i, w in enumerate(windows))
    return ModelConfig(deployments=deployments, capabilities=caps or Capabilities())


def unfit_over(
    models: dict[str, ModelConfig],
    facts: RequestFacts,
    access: KeyAccess | None = None,
    unhealthy: frozenset[str] = frozenset(),
) -> Callable[[str], Unfit | None]:
    def unfit(alias: str) -> Unfit | None:
        return unfit_target(models[alias], alias, facts, access, alias not in unhealthy)

    return unfit


# Two rules that both hold for any request: the first one's target may be unable to serve it.
CAPABLE_ROUTER = RouterConfig(
    rules=(RouteRule(name="first", to="limited"), RouteRule(name="second", to="able")),
    default="fallback",
)


@pytest.mark.parametrize(
    ("limited", "body", "reason"),
    [
        (model(Capabilities(tools=False)), {"tools": TOOLS}, "it has no tools"),
        (model(Capabilities(vision=False)), {"messages": [IMAGE_MESSAGE]}, "it cannot read images"),
        (model(Capabilities(json_schema=False)), {"response_format": {"type": "json_object"}}, "no JSON response"),
        (model(Capabilities(context_window=100)), LONG, "exceed its 100-token window"),
        (model(windows=(100, 200)), LONG, "exceed its 200-token window"),
        (model(Capabilities(context_window=1000)), {"max_tokens": 998}, "exceed its 1000-token window"),
        (model(Capabilities(max_output_tokens=256)), {"max_completion_tokens": 1000}, "it gives at most 256"),
    ],
    ids=["tools", "vision", "json", "context window", "deployment windows", "window with output", "max output"],
)
def test_a_target_that_cannot_serve_the_request_is_skipped(
    limited: ModelConfig, body: dict[str, Any], reason: str
) -> None:
    models = {"limited": limited, "able": model(), "fallback": model()}
    facts = facts_of(body)
    decision = decide(CAPABLE_ROUTER, facts, unfit=unfit_over(models, facts))
    assert (decision.rule, decision.target) == ("second", "able")
    assert decision.trace[0].startswith("rule 'first': conditions hold, but 'limited' is skipped:")
    assert reason in decision.trace[0]
    plain = facts_of()
    assert decide(CAPABLE_ROUTER, plain, unfit=unfit_over(models, plain)).target == "limited"


def test_capabilities_declared_true_or_unknown_do_not_skip() -> None:
    able = model(Capabilities(tools=True, vision=True, json_schema=True, context_window=10_000))
    unknown_window = model(windows=(100, None))  # one deployment without a window: not known
    models = {"limited": able, "able": unknown_window, "fallback": model()}
    body = {"tools": TOOLS, "messages": [IMAGE_MESSAGE], "response_format": {"type": "json_object"}}
    facts = facts_of(body)
    assert decide(CAPABLE_ROUTER, facts, unfit=unfit_over(models, facts)).target == "limited"
    long_facts = facts_of(LONG)
    models["limited"] = model(windows=(100,))
    assert decide(CAPABLE_ROUTER, long_facts, unfit=unfit_over(models, long_facts)).target == "able"


def test_a_default_that_cannot_serve_the_request_is_a_400_naming_why() -> None:
    router = RouterConfig(rules=(RouteRule(name="json", when=When(json=True), to="able"),), default="small")
    models = {"able": model(), "small": model(Capabilities(tools=False))}
    facts = facts_of({"tools": TOOLS})
    with pytest.raises(InvalidRequest) as info:
        decide(router, facts, unfit=unfit_over(models, facts))
    assert info.value.status == 400
    assert "'small'" in info.value.message and "it has no tools" in info.value.message
    assert info.value.param == "model"


def test_an_unhealthy_default_is_still_the_default() -> None:
    router = RouterConfig(rules=(RouteRule(name="json", when=When(json=True), to="able"),), default="small")
    models = {"able": model(), "small": model()}
    facts = facts_of()
    decision = decide(router, facts, unfit=unfit_over(models, facts, unhealthy=frozenset({"small"})))
    assert (decision.rule, decision.target) == ("default", "small")


def test_an_unhealthy_target_is_skipped_for_the_next_rule() -> None:
    def unfit(alias: str) -> Unfit | None:
        return ("health", "every deployment's breaker is open") if alias == "limited" else None

    decision = decide(CAPABLE_ROUTER, facts_of(), unfit=unfit)
    assert (decision.rule, decision.target) == ("second", "able")
    assert "breaker is open" in decision.trace[0]


def test_a_key_not_allowed_a_target_skips_it() -> None:
    access = resolve(KeyConfig(name="intern", models=("able", "fallback")), {})
    assert not access.unrestricted
    models = {"limited": model(), "able": model(), "fallback": model()}
    facts = facts_of(key="intern")
    decision = decide(CAPABLE_ROUTER, facts, unfit=unfit_over(models, facts, access))
    assert (decision.rule, decision.target) == ("second", "able")
    assert "this key may not use it" in decision.trace[0]
    free = resolve(KeyConfig(name="lead"), {})
    assert decide(CAPABLE_ROUTER, facts, unfit=unfit_over(models, facts, free)).target == "limited"


def test_a_key_allowed_no_target_and_not_the_default_is_refused() -> None:
    access = resolve(KeyConfig(name="intern", models=("other",)), {})
    models = {"limited": model(), "able": model(), "fallback": model()}
    facts = facts_of(key="intern")
    with pytest.raises(InvalidRequest) as info:
        decide(CAPABLE_ROUTER, facts, unfit=unfit_over(models, facts, access))
    assert "this key may use" in info.value.message
    assert "fallback" not in info.value.message  # a model the key may not use is never named


def test_a_default_the_key_may_not_use_is_not_named_whatever_else_rules_it_out() -> None:
    access = resolve(KeyConfig(name="intern", models=("able",)), {})
    router = RouterConfig(rules=(RouteRule(name="json", when=When(json=True), to="able"),), default="secret-x")
    models = {"able": model(), "secret-x": model(Capabilities(tools=False))}
    facts = facts_of({"tools": TOOLS}, key="intern")
    with pytest.raises(InvalidRequest) as info:
        decide(router, facts, unfit=unfit_over(models, facts, access))
    assert "secret-x" not in info.value.message and "tools" not in info.value.message


@pytest.mark.parametrize(
    ("budget", "target"),
    [((0.5, None), "cheap-model"), ((5.0, None), "big"), ((None, None), "big")],
    ids=["0.5 left: downgraded", "5 left: not", "no budget: not"],
)
def test_budget_driven_downgrade(budget: tuple[float | None, float | None], target: str) -> None:
    router = RouterConfig(
        rules=(RouteRule(name="saver", when=When(key_budget_left_below_usd=1), to="cheap-model"),), default="big"
    )
    sources = FakeSources(budget=budget)
    assert decide(router, facts_of(key="bob"), sources).target == target
    assert sources.budget_calls == 1


# --- classifiers -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("hi there!", {"simple", "general"}),
        ("Thanks, that helps.", {"simple", "general"}),
        (
            "Can you explain the trade-offs between event sourcing and a relational design for an order system, "
            "compare their failure modes and plan a migration strategy step by step?",
            {"complex", "general"},
        ),
        ("Why does this python function raise?\n```\ndef f(x):\n    return x[0]\n```", {"code"}),
        ("Refactor this javascript to use async/await", {"code"}),
        ("What is 17 * 23?", {"math"}),
        ("solve for x: 3x + 2 = 11", {"math"}),
    ],
)
def test_heuristic_labels_on_typical_prompts(text: str, expected: set[str]) -> None:
    labels = heuristic_labels(text)
    assert expected <= labels
    assert len(labels & {"simple", "complex"}) == 1 and len(labels & {"code", "math", "general"}) == 1


def test_heuristic_long_conversations_and_huge_texts() -> None:
    assert "complex" in heuristic_labels("why? and how?", turns=10)
    started = time.perf_counter()
    assert "complex" in heuristic_labels("design " * 200_000)
    assert time.perf_counter() - started < 1.0


LLM = ClassifierConfig(type="llm", model="judge", labels=("simple", "complex"), timeout_s=0.1)


class FakeAsk:
    def __init__(self, answer: str | None = "complex", delay_s: float = 0.0) -> None:
        self.answer, self.delay_s = answer, delay_s
        self.prompts: list[str] = []

    async def __call__(self, prompt: str) -> str | None:
        self.prompts.append(prompt)
        if self.delay_s:
            await asyncio.sleep(self.delay_s)
        return self.answer


def test_llm_classifier_ok_then_cached() -> None:
    ask = FakeAsk("Complex.")
    classifier = LlmClassifier(LLM, ask)

    async def twice() -> list[tuple[frozenset[str] | None, str]]:
        return [await classifier.labels("plan the migration"), await classifier.labels("plan the migration")]

    assert asyncio.run(twice()) == [(frozenset({"complex"}), "ok"), (frozenset({"complex"}), "cached")]
    assert len(ask.prompts) == 1
    assert ask.prompts[0].endswith("plan the migration") and "simple, complex" in ask.prompts[0]


@pytest.mark.parametrize(
    ("ask", "outcome"),
    [(FakeAsk(delay_s=5.0), "timeout"), (FakeAsk(None), "error"), (FakeAsk("I cannot tell, sorry"), "unclear")],
    ids=["timeout", "error", "unclear"],
)
def test_llm_classifier_failures_give_no_label(ask: FakeAsk, outcome: str) -> None:
    classifier = LlmClassifier(LLM, ask)
    started = time.perf_counter()
    assert asyncio.run(classifier.labels("hello")) == (None, outcome)
    assert time.perf_counter() - started < 1.0
    assert asyncio.run(classifier.labels("hello"))[1] == outcome, "failures are not cached"
    assert len(ask.prompts) == 2


# --- the router stage: a classifier asked lazily, at most once, never failing the request -------

STAGE_POLICY = """
providers:
  p: {type: openai, base_url: "http://127.0.0.1:1/v1"}
models:
  judge: {deployments: [{provider: p, model: judge}]}
  big: {deployments: [{provider: p, model: big}]}
  mid: {deployments: [{provider: p, model: mid}]}
  cheap: {deployments: [{provider: p, model: cheap}]}
routers:
  auto:
    classifier: {type: llm, model: judge, labels: [simple, complex], timeout_s: 0.1}
    rules:
      - {name: tools, when: {tools: true}, to: big}
      - {name: complex, when: {classifier: [complex]}, to: big}
      - {name: simple, when: {classifier: [simple], max_input_tokens: 100}, to: mid}
      - {name: long, when: {min_input_tokens: 200}, to: mid}
    default: cheap
"""


def stage_with(ask: FakeAsk) -> RouterStage:
    policy = parse_policy(yaml.safe_load(STAGE_POLICY), {})
    classifier = policy.routers["auto"].classifier
    assert classifier is not None
    classifiers = {"auto": LlmClassifier(classifier, ask)}
    return RouterStage(policy, MemoryStore(), Metrics(frozenset(policy.models)), llm_classifiers=classifiers)


def route_through(stage: RouterStage, body: dict[str, Any]) -> Exchange:
    ex = new_exchange(
        request_id="r1",
        path="/v1/chat/completions",
        body={"model": "auto", "messages": HI} | body,
        tenant="anonymous",
        alias="auto",
    )
    assert asyncio.run(stage.on_request(ex)) is None
    return ex


def route_header(ex: Exchange) -> str:
    return dict(ex.response_headers)[b"x-llm-proxy-route"].decode()


def test_stage_does_not_ask_the_classifier_when_an_earlier_rule_wins() -> None:
    ask = FakeAsk("complex")
    ex = route_through(stage_with(ask), {"tools": TOOLS})
    assert route_header(ex) == "auto/tools -> big" and ex.alias == "big"
    assert ex.body is not None and ex.body["model"] == "big"
    assert ask.prompts == []


def test_stage_asks_the_classifier_once_per_request() -> None:
    ask = FakeAsk("neither")  # unclear: both classifier rules fail, one ask
    ex = route_through(stage_with(ask), {})
    assert route_header(ex) == "auto/default -> cheap"
    assert len(ask.prompts) == 1
    simple = FakeAsk("simple")
    assert route_header(route_through(stage_with(simple), {})) == "auto/simple -> mid"
    assert len(simple.prompts) == 1


def test_stage_with_a_late_classifier_falls_through_promptly_and_counts_the_timeout() -> None:
    ask = FakeAsk("complex", delay_s=3.0)
    stage = stage_with(ask)
    started = time.perf_counter()
    assert route_header(route_through(stage, LONG)) == "auto/long -> mid"
    assert route_header(route_through(stage, {})) == "auto/default -> cheap"
    assert time.perf_counter() - started < 1.5
    assert stage.metrics is not None
    text = stage.metrics.exposition().decode()
    assert 'llm_proxy_router_classifier_total{outcome="timeout",router="auto"} 2.0' in text
    assert 'llm_proxy_router_decisions_total{model="mid",router="auto",rule="long"} 1.0' in text


GROUP_POLICY = """
providers:
  p: {type: openai, base_url: "http://127.0.0.1:1/v1"}
models:
  big: {deployments: [{provider: p, model: big}]}
  cheap: {deployments: [{provider: p, model: cheap}]}
key_groups:
  premium: {}
  limited: {models: [auto, big, cheap]}
keys:
  - {name: pat, secret: "${PAT_KEY}", group: premium}
  - {name: lee, secret: "${LEE_KEY}", group: limited}
  - {name: solo, secret: "${SOLO_KEY}"}
routers:
  auto:
    rules: [{name: vip, when: {groups: [premium, limited]}, to: big}]
    default: cheap
"""


@pytest.mark.parametrize(
    ("tenant", "route"),
    [("pat", "auto/vip -> big"), ("lee", "auto/vip -> big"), ("solo", "auto/default -> cheap")],
    ids=["group without permissions", "group with permissions", "no group"],
)
def test_stage_sees_the_key_group_whether_or_not_the_key_has_permissions(tenant: str, route: str) -> None:
    env = {"PAT_KEY": "pat-secret-value", "LEE_KEY": "lee-secret-value", "SOLO_KEY": "solo-secret-value"}
    policy = parse_policy(yaml.safe_load(GROUP_POLICY), env)
    access = resolve(next(k for k in policy.keys if k.name == tenant), policy.key_groups)
    ex = new_exchange(
        request_id="r1",
        path="/v1/chat/completions",
        body={"model": "auto", "messages": HI},
        tenant=tenant,
        access=None if access.unrestricted else access,
        alias="auto",
    )
    assert asyncio.run(RouterStage(policy, MemoryStore(), None).on_request(ex)) is None
    assert route_header(ex) == route


# --- policy checks and warnings ----------------------------------------------------------------

CHECK_BASE = """
providers:
  p: {type: openai, base_url: "http://127.0.0.1:1/v1"}
models:
  big: {deployments: [{provider: p, model: big}]}
  small: {deployments: [{provider: p, model: small}], capabilities: {tools: false, vision: false}}
"""


def parse(routers: str) -> Policy:
    return parse_policy(yaml.safe_load(CHECK_BASE + routers), {})


def problems(routers: str) -> list[str]:
    with pytest.raises(ConfigError) as info:
        parse(routers)
    return info.value.problems


@pytest.mark.parametrize(
    ("routers", "expected"),
    [
        ("routers: {big: {default: small}}", "routers.big: 'big' is already a model alias"),
        ("routers: {auto: {default: nowhere}}", "routers.auto.default: unknown model alias 'nowhere'"),
        (
            "routers: {auto: {default: big, rules: [{name: r, to: nowhere}]}}",
            "routers.auto.rules[0].to: unknown model alias 'nowhere'",
        ),
        (
            "routers: {auto: {default: big, rules: [{name: r, to: big}, {name: r, to: small}]}}",
            "routers.auto.rules[1].name: 'r' is taken",
        ),
        ("routers: {auto: {default: big, rules: [{name: default, to: big}]}}", "routers.auto.rules[0].name: 'default'"),
        (
            "routers: {auto: {default: big, rules: [{name: r, when: {matches: 'foo(?=bar)'}, to: big}]}}",
            "routers.auto.rules[0].when.matches:",
        ),
        (
            "routers: {auto: {default: big, rules: [{name: r, when: {classifier: [complex]}, to: big}]}}",
            "routers.auto.rules[0].when.classifier: this router has no classifier to ask",
        ),
        (
            "routers: {auto: {default: big, classifier: {type: heuristic},"
            " rules: [{name: r, when: {classifier: [hard]}, to: big}]}}",
            "routers.auto.rules[0].when.classifier: 'hard' is not one of",
        ),
        (
            "routers: {auto: {default: big, classifier: {type: llm}}}",
            "routers.auto.classifier.model: an llm classifier needs a declared model alias",
        ),
        (
            "routers: {auto: {default: big, classifier: {type: llm, model: ghost}}}",
            "routers.auto.classifier.model: an llm classifier needs a declared model alias",
        ),
        (
            "routers: {auto: {default: big, rules: [{name: r, when: {keys: [nobody]}, to: big}]}}",
            "routers.auto.rules[0].when.keys: unknown key 'nobody'",
        ),
        (
            "routers: {auto: {default: big, rules: [{name: r, when: {groups: [vip]}, to: big}]}}",
            "routers.auto.rules[0].when.groups: unknown key group 'vip'",
        ),
    ],
    ids=[
        "router named like a model",
        "unknown default",
        "unknown target",
        "duplicate rule",
        "reserved rule name",
        "look-ahead",
        "classifier condition without classifier",
        "unknown heuristic label",
        "llm without model",
        "llm with unknown model",
        "unknown key",
        "unknown group",
    ],
)
def test_router_config_problems(routers: str, expected: str) -> None:
    found = problems(routers)
    assert any(expected in p for p in found), found


def test_a_valid_router_parses() -> None:
    policy = parse(
        """
routers:
  auto:
    classifier: {type: heuristic}
    rules:
      - {name: code, when: {classifier: [code], matches: '(?i)def \\w+', keywords: [python]}, to: big}
      - {name: meta, when: {metadata: {tier: [gold]}, headers: {x-tier: [gold, platinum]}}, to: big}
    default: small
"""
    )
    router = policy.routers["auto"]
    assert [r.name for r in router.rules] == ["code", "meta"] and router.default == "small"
    assert router.rules[1].when.metadata == {"tier": ("gold",)}
    assert router.rules[1].when.headers == {"x-tier": ("gold", "platinum")}
    assert policy.warnings() == []


def test_warning_for_a_rule_that_can_send_tools_to_a_target_without_them() -> None:
    risky = parse("routers: {auto: {default: big, rules: [{name: quick, when: {max_input_tokens: 50}, to: small}]}}")
    warnings = risky.warnings()
    assert any("'quick'" in w and "tools" in w and "tools: false" in w for w in warnings), warnings
    assert any("'quick'" in w and "images" in w for w in warnings), warnings
    safe = parse(
        "routers: {auto: {default: big, rules: [{name: quick, when: {tools: false, images: false}, to: small}]}}"
    )
    assert safe.warnings() == []
