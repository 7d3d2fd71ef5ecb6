"""OpenTelemetry traces for `/v1/*` requests; nothing is imported or done unless the policy enables it.

Guarantees:
- Off (the default): `build_tracer` returns None, no OpenTelemetry module is imported, and a
  request pays three `is not None` checks (two in the handler, one in the pipeline) plus one per
  upstream attempt: no allocation, no call.
- On: one root span per request (`chat <alias>`; `embeddings <alias>`; kind SERVER, GenAI conventions), a child
  per pipeline stage's `on_request` (`stage <name>`) and per upstream attempt (`upstream <deployment>`,
  kind CLIENT; for a stream it ends when the stream closes). Children hang from the root through an
  explicit context, never the ambient one, since a stream outlives the frames that started it. A
  caller's W3C `traceparent` makes the request part of the caller's trace; otherwise a fraction
  `sample_ratio` of traces is kept, and an unsampled request costs no more than tracing off.
- Spans carry ids, names, counts, statuses and outcomes only: never prompt or answer text, error
  messages (an upstream's may quote the prompt) or keys. A model name that is no declared alias
  is `unknown` (as in the metrics' labels), and `url.path` is cut at 256 characters. Failures the
  proxy or an upstream caused set the span status to ERROR; a caller's mistake or a policy refusal
  keeps it unset (as OTel's HTTP server conventions do for 4xx) and is told by `error.type` and
  `llm_proxy.fault`.
- Exporters: `otlp` batches to OTLP/HTTP from a background thread; `console` writes one JSON line
  per span to stderr (stdout stays the access log). `shutdown()` flushes what is pending.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

from proxy.config.loader import ConfigError
from proxy.config.tracing import INSTALL_HINT, TracingConfig
from proxy.core.errors import Fault, ProxyError, UpstreamError
from proxy.core.exchange import StreamReply

if TYPE_CHECKING:
    from opentelemetry.sdk.trace import SpanProcessor
    from opentelemetry.trace import Span, Tracer

    from proxy.config.policy import Policy
    from proxy.core.exchange import Exchange, Reply
    from proxy.core.target import Target

# Well-known `gen_ai.provider.name` values for the proxy's provider types (OpenAI-compatible servers
# such as vLLM speak the OpenAI API and are reported as it).
_GEN_AI_PROVIDER = {"openai": "openai", "azure": "azure.ai.openai", "anthropic": "anthropic"}
_ROUTES = {
    "chat": "/v1/chat/completions",
    "responses": "/v1/responses",
    "embeddings": "/v1/embeddings",
    "messages": "/v1/messages",
    "count_tokens": "/v1/messages/count_tokens",
    "stored": "/v1/responses/{id}",
    "models": "/v1/models",
    "passthrough": "/v1/*",
    "feedback": "/v1/feedback",
}
# GenAI `gen_ai.operation.name` of each endpoint that calls a model
_OPERATIONS = {"chat": "chat", "responses": "chat", "messages": "chat", "embeddings": "embeddings"}
_SERVER_FAULTS = frozenset({Fault.UPSTREAM, Fault.PROXY})
_MAX_CODE = 64
_MAX_PATH = 256  # a pass-through or models path is the caller's text: keep it short


def build_tracer(policy: Policy, *, processor: SpanProcessor | None = None) -> RequestTracer | None:
    """The process's request tracer, or None when `policy.tracing` is off (then OpenTelemetry is never
    imported). `processor` replaces the configured exporter (tests pass an in-memory one). Raises
    ConfigError naming the `otel` extra when OpenTelemetry is not installed.
    """
    if not policy.tracing.enabled:
        return None
    try:
        return RequestTracer(policy, processor)
    except ImportError as exc:
        missing = f"OpenTelemetry is not installed (no module {exc.name!r})"
        raise ConfigError([f"tracing.enabled: {missing}; run {INSTALL_HINT}"]) from exc


class RequestTracer:
    """A TracerProvider of its own (the global one is left alone) and the tracer requests use."""

    __slots__ = (
        "_no_parent",
        "_propagator",
        "_provider",
        "_server",
        "aliases",
        "client",
        "gen_ai_providers",
        "in_context",
        "tracer",
    )

    def __init__(self, policy: Policy, processor: SpanProcessor | None = None) -> None:
        from opentelemetry.context import Context
        from opentelemetry.sdk.resources import SERVICE_NAME, SERVICE_VERSION, Resource
        from opentelemetry.sdk.trace import TracerProvider
        from opentelemetry.sdk.trace.sampling import ParentBased, TraceIdRatioBased
        from opentelemetry.trace import SpanKind, set_span_in_context
        from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator

        config = policy.tracing
        resource = Resource.create({SERVICE_NAME: config.service_name, SERVICE_VERSION: _version()})
        sampler = ParentBased(TraceIdRatioBased(config.sample_ratio))
        self._provider = TracerProvider(sampler=sampler, resource=resource)
        self._provider.add_span_processor(processor or _processor(config))
        self.tracer: Tracer = self._provider.get_tracer("llm-policy-proxy", _version())
        self._propagator = TraceContextTextMapPropagator()
        self._no_parent = Context()
        self.aliases = frozenset(policy.models)
        self.gen_ai_providers = {name: _gen_ai_provider(p.type) for name, p in policy.providers.items()}
        self._server, self.client, self.in_context = SpanKind.SERVER, SpanKind.CLIENT, set_span_in_context

    def start(self, ex: Exchange) -> RequestTrace | None:
        """Open the request's root span; None when the request is not sampled (it then costs nothing more)."""
        carrier = {}
        for header, value in ex.headers:
            if header in (b"traceparent", b"tracestate"):
                carrier[header.decode()] = value.decode("latin-1")
        parent = self._propagator.extract(carrier) if carrier else self._no_parent
        route = _ROUTES.get(ex.endpoint, ex.path)
        attributes: dict[str, Any] = {
            "http.request.method": ex.method,
            "http.route": route,
            "url.path": ex.path[:_MAX_PATH],
            "llm_proxy.endpoint": ex.endpoint,
            "llm_proxy.request_id": ex.request_id,
        }
        operation = _OPERATIONS.get(ex.endpoint)
        if operation is not None:
            name = operation
            attributes["gen_ai.operation.name"] = operation
        else:
            name = f"{ex.method} {route}"
        span = self.tracer.start_span(name, context=parent, kind=self._server, attributes=attributes)
        if not span.is_recording():
            span.end()
            return None
        return RequestTrace(self, span, operation or "chat")

    def shutdown(self) -> None:
        """Export what is pending and stop the exporter (blocking: up to the exporter's timeout)."""
        self._provider.shutdown()


class RequestTrace:
    """One sampled request: its root span and the context that its children hang from (the
    Exchange's `Trace`)."""

    __slots__ = ("_operation", "_owner", "_parent", "span")

    def __init__(self, owner: RequestTracer, span: Span, operation: str = "chat") -> None:
        self._owner = owner
        self.span = span
        self._operation = operation  # the GenAI operation of the request's upstream calls
        self._parent = owner.in_context(span)

    def start_stage(self, name: str) -> StageSpan:
        """A child span for one stage's `on_request`; the caller ends it."""
        return StageSpan(
            self._owner.tracer.start_span(f"stage {name}", context=self._parent, attributes={"llm_proxy.stage": name})
        )

    def start_attempt(self, alias: str, dep: Target, number: int) -> AttemptSpan:
        """A child span for one upstream attempt; end it with `failed` or `answered`."""
        attributes: dict[str, Any] = {
            "gen_ai.operation.name": self._operation,
            "gen_ai.request.model": dep.model,
            "llm_proxy.alias": alias,
            "llm_proxy.provider": dep.provider,
            "llm_proxy.deployment": dep.label,
            "llm_proxy.attempt": number,
        }
        attributes.update(self._owner.gen_ai_providers.get(dep.provider, {}))
        span = self._owner.tracer.start_span(
            f"upstream {dep.label}", context=self._parent, kind=self._owner.client, attributes=attributes
        )
        return AttemptSpan(span)

    def finish(self, ex: Exchange) -> None:
        """Describe how the request ended (GenAI usage, status, fault, cache, attempts) and end the root span."""
        span = self.span
        asked = ex.body.get("model") if ex.body is not None else None  # budgets may move `ex.alias`
        requested = asked if isinstance(asked, str) else ex.alias or ""
        if requested in self._owner.aliases:  # only declared aliases name spans: names stay low-cardinality
            span.update_name(f"{self._operation} {requested}")
        elif requested:
            requested = "unknown"  # the caller's own text, never an attribute (the metrics' label says the same)
        attributes: dict[str, Any] = {
            "http.response.status_code": 499 if ex.client_gone else ex.status,
            "llm_proxy.fault": ex.fault.value,
            "llm_proxy.attempts": ex.attempts,
            "llm_proxy.fallbacks": ex.fallbacks,
            "llm_proxy.stream": ex.stream,
        }
        if requested:
            attributes["gen_ai.request.model"] = requested
        if ex.served_alias:
            attributes["llm_proxy.served_alias"] = ex.served_alias
        if ex.tenant:
            attributes["llm_proxy.tenant"] = ex.tenant
        if ex.deployment is not None:
            attributes["gen_ai.response.model"] = ex.deployment.model
            attributes["llm_proxy.deployment"] = ex.deployment.label
            attributes["llm_proxy.provider"] = ex.deployment.provider
            attributes.update(self._owner.gen_ai_providers.get(ex.deployment.provider, {}))
        if ex.usage is not None:
            attributes["gen_ai.usage.input_tokens"] = ex.usage.prompt_tokens
            attributes["gen_ai.usage.output_tokens"] = ex.usage.completion_tokens
        if isinstance(ex.finish_reason, str):
            attributes["gen_ai.response.finish_reasons"] = (ex.finish_reason,)
        if ex.cache is not None:
            attributes["llm_proxy.cache"] = ex.cache.status
        if ex.client_gone:
            attributes["llm_proxy.client_gone"] = True
        span.set_attributes(attributes)
        if ex.error is not None:
            _record_error(span, ex.error)
        elif ex.status >= 500:
            _set_error(span, str(ex.status))
        span.end()


class StageSpan:
    """The span of one stage's `on_request` (the Exchange's `StageSpan`)."""

    __slots__ = ("span",)

    def __init__(self, span: Span) -> None:
        self.span = span

    def answered(self) -> None:
        self.span.set_attribute("llm_proxy.answered", True)

    def failed(self, exc: BaseException) -> None:
        fail_stage(self.span, exc)

    def end(self) -> None:
        self.span.end()


class AttemptSpan:
    """The span of one upstream attempt (the Exchange's `AttemptSpan`)."""

    __slots__ = ("span",)

    def __init__(self, span: Span) -> None:
        self.span = span

    def failed(self, outcome: str, error: BaseException | None = None) -> None:
        end_attempt(self.span, outcome, error)

    def answered(self, ex: Exchange, reply: Reply) -> None:
        attempt_answered(self.span, ex, reply)


def _gen_ai_provider(provider_type: str) -> dict[str, str]:
    name = _GEN_AI_PROVIDER.get(provider_type, provider_type)
    return {"gen_ai.provider.name": name, "gen_ai.system": name}  # `gen_ai.system`: the older name


def fail_stage(span: Span, exc: BaseException) -> None:
    """Record why a stage's `on_request` raised (the caller ends the span)."""
    if isinstance(exc, ProxyError):
        _record_error(span, exc)
    else:
        _set_error(span, type(exc).__name__)


def end_attempt(span: Span, outcome: str, error: BaseException | None = None) -> None:
    """End the span of an attempt that gave no answer: `outcome` is the retry verdict of the failure
    (`transient`, `rotate`, `context`, `content`, `fatal`), `cancelled` (the caller left) or `crashed`."""
    span.set_attribute("llm_proxy.outcome", outcome)
    if isinstance(error, UpstreamError):
        span.set_attribute("http.response.status_code", error.status)
    if isinstance(error, ProxyError) and error.code:
        span.set_attribute("llm_proxy.error_code", error.code[:_MAX_CODE])
    if error is not None:
        _set_error(span, type(error).__name__)  # a failed call is an error on the calling side, any fault
    span.end()


def attempt_answered(span: Span, ex: Exchange, reply: Reply) -> None:
    """End the span of an attempt that answered; a stream's span stays open until the stream closes
    (chained to `reply.on_close`), so it covers the whole upstream read and notes a mid-stream failure."""
    span.set_attributes({"llm_proxy.outcome": "ok", "http.response.status_code": reply.status})
    if not isinstance(reply, StreamReply):
        span.end()
        return
    previous = reply.on_close

    def on_close() -> None:
        try:
            if previous is not None:
                previous()
        finally:
            err = ex.error  # a caller that left is told on the request span (`llm_proxy.client_gone`)
            if err is not None and err.fault is Fault.UPSTREAM:
                span.set_attribute("llm_proxy.outcome", "failed_mid_stream")
                _set_error(span, type(err).__name__)
            span.end()

    reply.on_close = on_close


def _record_error(span: Span, err: ProxyError) -> None:
    """`error.type` (the error's class) and `code`, never its message; ERROR status for server-side faults."""
    span.set_attribute("error.type", type(err).__name__)
    if err.code:
        span.set_attribute("llm_proxy.error_code", err.code[:_MAX_CODE])
    if err.fault in _SERVER_FAULTS:
        _set_error(span, type(err).__name__)


def _set_error(span: Span, description: str) -> None:
    from opentelemetry.trace import Status, StatusCode

    span.set_attribute("error.type", description)
    span.set_status(Status(StatusCode.ERROR, description))


def _processor(config: TracingConfig) -> SpanProcessor:
    from opentelemetry.sdk.trace.export import BatchSpanProcessor, ConsoleSpanExporter, SimpleSpanProcessor

    if config.exporter == "console":
        # One compact JSON line per span on stderr, written when the span ends (a debugging aid).
        exporter = ConsoleSpanExporter(out=sys.stderr, formatter=lambda span: span.to_json(indent=None) + "\n")
        return SimpleSpanProcessor(exporter)
    from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

    # Headers (e.g. an API key for a hosted backend) come from OTEL_EXPORTER_OTLP_HEADERS.
    return BatchSpanProcessor(OTLPSpanExporter(endpoint=config.endpoint))


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("llm-policy-proxy")
    except PackageNotFoundError:
        return "unknown"
