"""OpenTelemetry tracing: the span tree of real requests, retries, errors, and nothing at all when off.

End-to-end tests run the proxy as a real process with the console exporter and read the spans back
from its output (one JSON line per span); unit tests drive the pipeline with an in-memory exporter
and check that the traced loop keeps the untraced loop's contract.
"""

from __future__ import annotations

import asyncio
import gzip
import http.server
import json
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from datetime import datetime
from typing import Any, ClassVar

import httpx
import openai
import pytest
from opentelemetry.sdk.trace import ReadableSpan
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind, StatusCode

from proxy.config.loader import ConfigError
from proxy.config.policy import Policy, parse_policy
from proxy.core.errors import InternalError, ProxyError, RateLimited
from proxy.core.exchange import Exchange, JsonReply, Reply
from proxy.core.pipeline import Pipeline
from proxy.core.stage import Stage
from proxy.observability.tracing import build_tracer
from tests.conftest import MockFactory, ProxyFactory
from tests.support import ServerProcess, free_port, new_exchange, script

PROMPT = "tracing-prompt-marker-7d1f3a"  # must never appear in spans (or anywhere in the output)
ANSWER = "tracing-answer-marker-c4e9b2"
ERROR_TEXT = "tracing-error-marker-0b5e81"
# The stages this policy gives work to: limits, guardrails and cache have none, so they are not run.
CHAT_STAGES = ["observe", "auth", "parse", "access", "budget", "routing"]

TRACED_POLICY = """
providers:
  mock: {{type: openai, base_url: "{url}/v1", timeouts: {{first_byte_s: 3, idle_s: 3}}}}
models:
  gpt-4o-mini:
    deployments: [{{provider: mock, model: gpt-4o-mini}}]
    retry: {{max_attempts: 2, backoff_base_s: 0.01, backoff_cap_s: 0.02}}
    breaker: {{enabled: false}}
  embed:
    deployments: [{{provider: mock, model: text-embedding-3-small}}]
tracing: {{enabled: true, exporter: console, service_name: proxy-under-test}}
"""


# --- end to end: a real proxy with the console exporter -------------------------------------------


@pytest.fixture(scope="module")
def trace_mock(start_mock: MockFactory) -> ServerProcess:
    """A mock of this module's own, so its fault script cannot disturb other tests."""
    return start_mock()


@pytest.fixture(scope="module")
def traced_proxy(start_proxy: ProxyFactory, trace_mock: ServerProcess) -> ServerProcess:
    return start_proxy(policy=TRACED_POLICY.format(url=trace_mock.url))


@pytest.fixture(autouse=True)
def clear_script(trace_mock: ServerProcess) -> Iterator[None]:
    yield
    httpx.delete(trace_mock.url + "/_mock/script", timeout=5)


@pytest.fixture
def sdk(traced_proxy: ServerProcess) -> openai.OpenAI:
    return openai.OpenAI(base_url=traced_proxy.url + "/v1", api_key="sk-caller", max_retries=0, timeout=20)


def spans_in(output: str) -> list[dict[str, Any]]:
    spans = []
    for line in output.splitlines():
        if line.startswith('{"name": '):
            try:
                spans.append(json.loads(line))
            except json.JSONDecodeError:  # a line still being written
                continue
    return spans


def trace_of(
    server: ServerProcess, request_id: str, timeout: float = 5.0
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The root span of the request and its trace's other spans, once the root is exported (it ends last)."""
    deadline = time.monotonic() + timeout
    while True:
        spans = spans_in(server.output())
        roots = [s for s in spans if s["attributes"].get("llm_proxy.request_id") == request_id]
        if roots:
            root = roots[0]
            others = [s for s in spans if s["context"]["trace_id"] == root["context"]["trace_id"] and s is not root]
            return root, others
        if time.monotonic() > deadline:
            raise AssertionError(f"no root span for {request_id} after {timeout}s:\n{server.output()[-4000:]}")
        time.sleep(0.05)


def new_request_id() -> str:
    return "trace-" + uuid.uuid4().hex[:12]


def check_tree(root: dict[str, Any], children: list[dict[str, Any]]) -> None:
    assert root["parent_id"] is None
    assert root["kind"] == "SpanKind.SERVER"
    for child in children:
        assert child["parent_id"] == root["context"]["span_id"], child["name"]
        assert root["start_time"] <= child["start_time"] <= child["end_time"] <= root["end_time"], child["name"]


def test_one_request_is_one_tree_with_genai_attributes(sdk: openai.OpenAI, traced_proxy: ServerProcess) -> None:
    request_id = new_request_id()
    answer = sdk.chat.completions.create(
        model="gpt-4o-mini",
        messages=[{"role": "user", "content": PROMPT}],
        extra_body={"mock": {"content": ANSWER}},
        extra_headers={"x-request-id": request_id},
    )
    assert answer.choices[0].message.content is not None and ANSWER in answer.choices[0].message.content
    root, children = trace_of(traced_proxy, request_id)

    assert root["name"] == "chat gpt-4o-mini"
    check_tree(root, children)
    attrs = root["attributes"]
    assert attrs["gen_ai.operation.name"] == "chat"
    assert attrs["gen_ai.request.model"] == "gpt-4o-mini"
    assert attrs["gen_ai.response.model"] == "gpt-4o-mini"
    assert attrs["gen_ai.provider.name"] == "openai" and attrs["gen_ai.system"] == "openai"
    assert attrs["gen_ai.usage.input_tokens"] == answer.usage.prompt_tokens  # type: ignore[union-attr]
    assert attrs["gen_ai.usage.output_tokens"] == answer.usage.completion_tokens  # type: ignore[union-attr]
    assert attrs["gen_ai.response.finish_reasons"] == ["stop"]
    assert attrs["http.response.status_code"] == 200
    assert attrs["llm_proxy.fault"] == "none" and attrs["llm_proxy.attempts"] == 1
    assert root["status"]["status_code"] == "UNSET"
    assert root["resource"]["attributes"]["service.name"] == "proxy-under-test"

    stages = sorted((s for s in children if s["name"].startswith("stage ")), key=lambda s: s["start_time"])
    assert [s["name"] for s in stages] == [f"stage {name}" for name in CHAT_STAGES]
    (upstream,) = [s for s in children if s["name"].startswith("upstream ")]
    assert len(children) == len(stages) + 1
    assert upstream["name"] == "upstream mock/gpt-4o-mini" and upstream["kind"] == "SpanKind.CLIENT"
    assert upstream["start_time"] >= stages[-1]["end_time"]
    up = upstream["attributes"]
    assert up["llm_proxy.attempt"] == 1 and up["llm_proxy.outcome"] == "ok"
    assert up["llm_proxy.provider"] == "mock" and up["llm_proxy.deployment"] == "mock/gpt-4o-mini"
    assert up["http.response.status_code"] == 200 and up["gen_ai.request.model"] == "gpt-4o-mini"

    output = traced_proxy.output()
    assert PROMPT not in output
    span_text = json.dumps([root, *children])
    assert ANSWER not in span_text and "sk-caller" not in span_text


def test_responses_and_embeddings_are_traced_like_chat(sdk: openai.OpenAI, traced_proxy: ServerProcess) -> None:
    for call, name, operation in (
        (
            lambda rid: sdk.responses.create(model="gpt-4o-mini", input=PROMPT, extra_headers=rid),
            "chat gpt-4o-mini",
            "chat",
        ),
        (
            lambda rid: sdk.embeddings.create(model="embed", input=PROMPT, extra_headers=rid),
            "embeddings embed",
            "embeddings",
        ),
    ):
        request_id = new_request_id()
        call({"x-request-id": request_id})
        root, children = trace_of(traced_proxy, request_id)
        assert root["name"] == name and root["attributes"]["gen_ai.operation.name"] == operation
        assert root["attributes"]["gen_ai.usage.input_tokens"] > 0
        (upstream,) = [s for s in children if s["name"].startswith("upstream ")]
        assert upstream["attributes"]["gen_ai.operation.name"] == operation
        assert PROMPT not in json.dumps([root, *children])


def test_a_stream_ends_its_spans_after_the_last_chunk(sdk: openai.OpenAI, traced_proxy: ServerProcess) -> None:
    request_id = new_request_id()
    stream = sdk.chat.completions.create(
        model="gpt-4o-mini",
        messages=[{"role": "user", "content": PROMPT}],
        stream=True,
        stream_options={"include_usage": True},
        extra_body={"mock": {"chunks": 4, "chunk_delay_ms": 60}},
        extra_headers={"x-request-id": request_id},
    )
    started = time.monotonic()
    chunks = list(stream)
    assert time.monotonic() - started >= 0.15 and chunks[-1].usage is not None
    root, children = trace_of(traced_proxy, request_id)

    check_tree(root, children)
    (upstream,) = [s for s in children if s["name"].startswith("upstream ")]
    # The attempt span covers the whole upstream read, not just its first event.
    assert _seconds(upstream["end_time"]) - _seconds(upstream["start_time"]) >= 0.15
    assert root["end_time"] >= upstream["end_time"]
    assert root["attributes"]["llm_proxy.stream"] is True
    assert root["attributes"]["gen_ai.usage.output_tokens"] == chunks[-1].usage.completion_tokens
    assert PROMPT not in traced_proxy.output()


def test_a_retry_is_two_attempt_spans(
    sdk: openai.OpenAI, traced_proxy: ServerProcess, trace_mock: ServerProcess
) -> None:
    script(trace_mock, {"status": 500, "error_message": f"upstream says {ERROR_TEXT}"})
    request_id = new_request_id()
    raw = sdk.chat.completions.with_raw_response.create(
        model="gpt-4o-mini", messages=[{"role": "user", "content": PROMPT}], extra_headers={"x-request-id": request_id}
    )
    assert raw.headers["x-llm-proxy-attempts"] == "2"
    root, children = trace_of(traced_proxy, request_id)

    check_tree(root, children)
    attempts = sorted((s for s in children if s["name"].startswith("upstream ")), key=lambda s: s["start_time"])
    assert [a["attributes"]["llm_proxy.attempt"] for a in attempts] == [1, 2]
    first, second = attempts
    assert first["attributes"]["llm_proxy.outcome"] == "transient"
    assert first["attributes"]["http.response.status_code"] == 500
    assert first["status"]["status_code"] == "ERROR" and first["attributes"]["error.type"] == "UpstreamError"
    assert second["attributes"]["llm_proxy.outcome"] == "ok" and second["status"]["status_code"] == "UNSET"
    assert second["start_time"] >= first["end_time"]
    assert root["attributes"]["llm_proxy.attempts"] == 2 and root["status"]["status_code"] == "UNSET"
    assert ERROR_TEXT not in json.dumps([root, *children])  # error messages may quote the prompt: never kept


def test_an_upstream_failure_is_an_error_span(
    sdk: openai.OpenAI, traced_proxy: ServerProcess, trace_mock: ServerProcess
) -> None:
    script(trace_mock, {"status": 503}, repeat=True)
    request_id = new_request_id()
    with pytest.raises(openai.InternalServerError):
        sdk.chat.completions.create(
            model="gpt-4o-mini",
            messages=[{"role": "user", "content": "hi"}],
            extra_headers={"x-request-id": request_id},
        )
    root, children = trace_of(traced_proxy, request_id)
    assert root["status"]["status_code"] == "ERROR"
    assert root["attributes"]["llm_proxy.fault"] == "upstream"
    assert root["attributes"]["http.response.status_code"] == 503
    attempts = [s for s in children if s["name"].startswith("upstream ")]
    assert len(attempts) == 2 and all(a["status"]["status_code"] == "ERROR" for a in attempts)


def test_a_callers_mistake_is_told_but_not_an_error_status(traced_proxy: ServerProcess) -> None:
    request_id = new_request_id()
    caller_model = "no-such-model-" + uuid.uuid4().hex[:6]
    resp = httpx.post(
        traced_proxy.url + "/v1/chat/completions",
        json={"model": caller_model, "messages": [{"role": "user", "content": "hi"}]},
        headers={"x-request-id": request_id},
        timeout=10,
    )
    assert resp.status_code == 404
    root, children = trace_of(traced_proxy, request_id)
    assert root["name"] == "chat"  # an undeclared model never names a span
    # the caller's text never becomes an attribute: like the metrics' model label, it reads `unknown`
    assert root["attributes"]["gen_ai.request.model"] == "unknown"
    assert caller_model not in json.dumps([root, *children])
    assert root["attributes"]["error.type"] == "ModelNotFound" and root["attributes"]["llm_proxy.fault"] == "caller"
    assert root["status"]["status_code"] == "UNSET"
    (routing,) = [s for s in children if s["name"] == "stage routing"]
    assert routing["attributes"]["error.type"] == "ModelNotFound"
    assert not [s for s in children if s["name"] in ("stage limits", "stage cache")]  # the pipeline stopped there


def test_a_callers_traceparent_joins_its_trace(traced_proxy: ServerProcess) -> None:
    trace_id, parent_span = uuid.uuid4().hex, uuid.uuid4().hex[:16]
    request_id = new_request_id()
    resp = httpx.get(
        traced_proxy.url + "/v1/models",
        headers={"x-request-id": request_id, "traceparent": f"00-{trace_id}-{parent_span}-01"},
        timeout=10,
    )
    assert resp.status_code == 200
    root, children = trace_of(traced_proxy, request_id)
    assert root["context"]["trace_id"] == f"0x{trace_id}"
    assert root["parent_id"] == f"0x{parent_span}"
    assert root["name"] == "GET /v1/models"
    assert children and all(c["parent_id"] == root["context"]["span_id"] for c in children)


class Collector(http.server.BaseHTTPRequestHandler):
    """A stand-in OTLP/HTTP collector: keeps every export request it is sent."""

    received: ClassVar[list[bytes]] = []

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("content-length", "0")))
        if self.headers.get("content-encoding") == "gzip":
            body = gzip.decompress(body)
        type(self).received.append(body)
        self.send_response(200)
        self.send_header("content-type", "application/x-protobuf")
        self.send_header("content-length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        return


def test_otlp_export_is_flushed_at_shutdown(start_proxy: ProxyFactory, trace_mock: ServerProcess) -> None:
    from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest

    port = free_port()
    collector = http.server.ThreadingHTTPServer(("127.0.0.1", port), Collector)
    threading.Thread(target=collector.serve_forever, daemon=True).start()
    try:
        text = TRACED_POLICY.format(url=trace_mock.url).replace(
            "exporter: console", f"exporter: otlp, endpoint: 'http://127.0.0.1:{port}/v1/traces'"
        )
        server = start_proxy(policy=text)
        request_id = new_request_id()
        sdk = openai.OpenAI(base_url=server.url + "/v1", api_key="sk-caller", max_retries=0, timeout=20)
        sdk.chat.completions.create(
            model="gpt-4o-mini",
            messages=[{"role": "user", "content": PROMPT}],
            extra_headers={"x-request-id": request_id},
        )
        assert server.stop() in (0, -signal.SIGTERM)  # the batch, not yet due, is flushed on the way out
    finally:
        collector.shutdown()
    names, request_ids = [], []
    for body in Collector.received:
        assert PROMPT.encode() not in body
        export = ExportTraceServiceRequest.FromString(body)
        for resource_spans in export.resource_spans:
            for scope_spans in resource_spans.scope_spans:
                for span in scope_spans.spans:
                    names.append(span.name)
                    request_ids += [a.value.string_value for a in span.attributes if a.key == "llm_proxy.request_id"]
    assert request_ids == [request_id]
    assert "chat gpt-4o-mini" in names and "upstream mock/gpt-4o-mini" in names and "stage routing" in names


def _seconds(iso: str) -> float:
    return datetime.fromisoformat(iso.replace("Z", "+00:00")).timestamp()


# --- off: nothing built, nothing imported ----------------------------------------------------------

# Runs the app in a fresh interpreter with tracing off, watching every `opentelemetry*` import: in
# "spy" mode it notes which file asked (redis-py >= 8 imports OpenTelemetry by itself when it is
# installed; the proxy's own code must never), in "blocked" mode OpenTelemetry cannot be imported
# at all, as in an install without the `otel` extra.
OFF_SCRIPT = """
import os, sys
import proxy

MODE = sys.argv[1]
PROXY_DIR = os.path.dirname(proxy.__file__) + os.sep
asked_by_proxy = []


class Watch:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] != "opentelemetry":
            return None
        if MODE == "blocked":
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        frame = sys._getframe(1)
        while frame is not None and (frame.f_code.co_filename.startswith("<frozen")
                                     or f"{os.sep}importlib{os.sep}" in frame.f_code.co_filename):
            frame = frame.f_back
        if frame is not None and frame.f_code.co_filename.startswith(PROXY_DIR):
            asked_by_proxy.append((name, frame.f_code.co_filename))
        return None


sys.meta_path.insert(0, Watch())
from starlette.testclient import TestClient
from proxy.app import create_app
from proxy.config.policy import parse_policy
from proxy.config.loader import ConfigError
from proxy.compose import compose

data = {"providers": {"p": {"type": "openai", "base_url": "http://127.0.0.1:9/v1"}},
        "models": {"m": {"deployments": [{"provider": "p", "model": "m"}]}}}
policy = parse_policy(data, {})
runtime = compose(policy)
assert runtime.tracer is None
with TestClient(create_app(policy, runtime)) as client:
    assert client.get("/v1/models").status_code == 200
    assert client.post("/v1/chat/completions", json={"model": "nope", "messages": []}).status_code in (400, 404)
if MODE == "blocked":
    try:
        parse_policy({**data, "tracing": {"enabled": True}}, {})
    except ConfigError as exc:
        assert "pip install 'llm-policy-proxy[otel]'" in str(exc), exc
    else:
        raise AssertionError("enabling tracing without OpenTelemetry must be a config error")
print("asked by proxy:", asked_by_proxy)
"""


@pytest.mark.parametrize("mode", ["spy", "blocked"])
def test_tracing_off_builds_nothing_and_imports_no_opentelemetry(mode: str) -> None:
    done = subprocess.run(
        [sys.executable, "-c", OFF_SCRIPT, mode], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "asked by proxy: []"


# --- unit: the traced pipeline loop, in memory -----------------------------------------------------


def policy(**tracing: Any) -> Policy:
    data = {
        "providers": {"p": {"type": "anthropic", "base_url": "http://127.0.0.1:9"}},
        "models": {"m": {"deployments": [{"provider": "p", "model": "claude"}]}},
        "tracing": {"enabled": True, **tracing},
    }
    return parse_policy(data, {})


class Step(Stage):
    def __init__(self, name: str, action: str = "pass", *, observe: bool = False) -> None:
        self.label, self.action, self._observe = name, action, observe

    @property
    def observe_only(self) -> bool:  # type: ignore[override]
        return self._observe

    async def on_request(self, ex: Exchange) -> Reply | None:
        if self.action == "reply":
            return JsonReply(200, b"{}")
        if self.action == "refuse":
            raise RateLimited(f"slow down: {PROMPT}")
        if self.action == "crash":
            raise RuntimeError(PROMPT)
        return None


def named(stage: Step) -> Step:
    stage.name = stage.label  # type: ignore[misc]
    return stage


def run(pipeline: Pipeline, ex: Exchange) -> tuple[Reply | None, str | None, list[str]]:
    entered: list[Stage] = []

    async def go() -> tuple[Reply | None, str | None]:
        try:
            return await pipeline.run_request(ex, entered), None
        except ProxyError as err:
            return None, type(err).__name__

    reply, error = asyncio.run(go())
    return reply, error, [s.name for s in entered]


TABLE = [
    ["pass", "pass", "pass"],
    ["pass", "reply", "pass"],
    ["pass", "refuse", "pass"],
    ["crash", "pass", "pass"],
    ["pass", "crash", "pass"],
]


@pytest.mark.parametrize("actions", TABLE, ids=["-".join(a) for a in TABLE])
def test_the_traced_loop_keeps_the_pipeline_contract(actions: list[str]) -> None:
    exporter = InMemorySpanExporter()
    tracer = build_tracer(policy(), processor=SimpleSpanProcessor(exporter))
    assert tracer is not None

    def stages() -> Pipeline:  # the first stage is observe-only: its crash is swallowed
        return Pipeline([named(Step(f"s{i}", a, observe=i == 0)) for i, a in enumerate(actions)])

    plain = run(stages(), new_exchange())
    ex = new_exchange()
    ex.trace = tracer.start(ex)
    assert ex.trace is not None
    traced = run(stages(), ex)
    assert (type(traced[0]), traced[1], traced[2]) == (type(plain[0]), plain[1], plain[2])

    if traced[1] is not None:
        ex.fail(InternalError("x") if traced[1] == "InternalError" else RateLimited("x"))
    ex.trace.finish(ex)
    spans = {s.name: s for s in exporter.get_finished_spans()}
    assert [n for n in spans if n.startswith("stage ")] == [f"stage {n}" for n in traced[2]]
    root = spans["chat"]
    for name in traced[2]:
        assert spans[f"stage {name}"].parent is not None
        assert spans[f"stage {name}"].parent.span_id == root.context.span_id  # type: ignore[union-attr]
    for i, action in enumerate(actions[: len(traced[2])]):
        span = spans[f"stage s{i}"]
        if action == "crash":
            assert span.status.status_code is StatusCode.ERROR and span.attributes["error.type"] == "RuntimeError"  # type: ignore[index]
        elif action == "refuse":  # a policy refusal is told, not an ERROR status
            assert span.status.status_code is StatusCode.UNSET and span.attributes["error.type"] == "RateLimited"  # type: ignore[index]
        elif action == "reply":
            assert span.attributes["llm_proxy.answered"] is True  # type: ignore[index]
    assert PROMPT not in "".join(s.to_json() for s in exporter.get_finished_spans())


def test_unsampled_requests_get_no_trace() -> None:
    exporter = InMemorySpanExporter()
    tracer = build_tracer(policy(sample_ratio=0.0), processor=SimpleSpanProcessor(exporter))
    assert tracer is not None
    assert tracer.start(new_exchange()) is None
    sampled_parent = [(b"traceparent", f"00-{uuid.uuid4().hex}-{uuid.uuid4().hex[:16]}-01".encode())]
    trace = tracer.start(new_exchange(headers=sampled_parent))  # the caller's sampling decision wins
    assert trace is not None
    trace.finish(new_exchange())
    assert [s.name for s in exporter.get_finished_spans()] == ["chat"]


def test_the_callers_text_is_bounded_in_the_root_span() -> None:
    exporter = InMemorySpanExporter()
    tracer = build_tracer(policy(), processor=SimpleSpanProcessor(exporter))
    assert tracer is not None
    ex = new_exchange(body={"model": "m" * 40}, endpoint="passthrough", path="/v1/files/" + "f" * 5000)
    ex.trace = tracer.start(ex)
    assert ex.trace is not None
    ex.trace.finish(ex)
    (span,) = exporter.get_finished_spans()
    assert span.attributes is not None
    assert span.attributes["gen_ai.request.model"] == "unknown"
    assert str(span.attributes["url.path"]) == ("/v1/files/" + "f" * 5000)[:256]


def test_the_root_span_describes_an_anthropic_answer() -> None:
    exporter = InMemorySpanExporter()
    tracer = build_tracer(policy(), processor=SimpleSpanProcessor(exporter))
    assert tracer is not None
    ex = new_exchange(body={"model": "m"}, alias="m", status=200)
    ex.trace = tracer.start(ex)
    assert ex.trace is not None
    dep = policy().models["m"].deployments[0]
    ex.deployment, ex.provider = dep, dep.provider
    span = ex.trace.start_attempt("m", dep, 1)
    span.answered(ex, JsonReply(200, b"{}"))
    ex.trace.finish(ex)
    spans: dict[str, ReadableSpan] = {s.name: s for s in exporter.get_finished_spans()}
    assert set(spans) == {"chat m", "upstream p/claude"}
    assert spans["chat m"].attributes is not None and spans["upstream p/claude"].attributes is not None
    assert spans["chat m"].attributes["gen_ai.provider.name"] == "anthropic"
    assert spans["chat m"].attributes["gen_ai.response.model"] == "claude"
    assert spans["upstream p/claude"].kind is SpanKind.CLIENT
    assert spans["upstream p/claude"].attributes["llm_proxy.outcome"] == "ok"


# --- config ---------------------------------------------------------------------------------------


def test_config_defaults_off_and_checks_ranges() -> None:
    base = {"providers": {"p": {"type": "openai", "base_url": "http://x/v1"}}}
    assert parse_policy(base, {}).tracing.enabled is False
    with pytest.raises(ConfigError) as info:
        parse_policy({**base, "tracing": {"sample_ratio": 1.5, "exporter": "jaeger", "endpoint": "x:4318"}}, {})
    problems = "\n".join(info.value.problems)
    assert "tracing.sample_ratio: must be in [0, 1]" in problems
    assert "tracing.exporter: 'jaeger' is not one of" in problems


def test_a_missing_extra_is_reported_with_the_install_command(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "opentelemetry.sdk.trace.sampling", None)
    with pytest.raises(ConfigError) as info:
        build_tracer(policy())
    assert "pip install 'llm-policy-proxy[otel]'" in str(info.value)
    monkeypatch.setattr("proxy.config.tracing._installed", lambda module: False)
    with pytest.raises(ConfigError) as info:
        policy()
    assert "tracing.enabled: the OpenTelemetry packages are not installed; run pip install" in str(info.value)
