"""Exchange: the one per-request object every stage reads and writes, and the replies stages return.

Only fields that more than one stage needs live here, each typed; there is no catch-all dict.
State one feature owns is grouped in a small sub-object (`reservation`, `experiment`), and what
core reads of feature objects goes through protocols defined in core (`Target`, `Principal`,
`Trace`, `CacheView`), so this module imports nothing above `proxy.core`. The request's `surface`
is how stages read its body (`proxy.core.surface`).
Stages that must see the answer add answer filters (`add_filter`, see `proxy.core.filters`).
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from proxy.core.buckets import Bucket
from proxy.core.errors import Fault, ProxyError
from proxy.core.filters import AnswerFilter, AnswerFilters, F
from proxy.core.principal import Principal
from proxy.core.surface import OPENAI, Surface
from proxy.core.target import Target
from proxy.core.usage import Usage as Usage  # noqa: PLC0414 (re-exported: stages and surfaces import it from here)
from proxy.core.verdict import Verdict

Headers = list[tuple[bytes, bytes]]


def anthropic_shaped(credential: bytes | None) -> bool:
    """Whether a credential (`Bearer <key>` or a bare key) is an Anthropic API key (`sk-ant-...`)."""
    return credential is not None and credential.find(b"sk-ant-", 0, 32) >= 0  # after `Bearer `, if any


@dataclass(slots=True)
class Reservation:
    """What the limits stage took before the call, to reconcile once real usage is known."""

    buckets: list[Bucket]  # each with the cost that was taken
    leases: list[str]  # concurrency keys held under the request id
    input_tokens: int
    output_tokens: int


@dataclass(slots=True)
class JsonReply:
    """A complete answer: status, body bytes and extra headers (content-type included)."""

    status: int
    body: bytes
    headers: Headers = field(default_factory=list)
    obj: dict[str, Any] | None = field(default=None, repr=False)  # the decoded upstream answer, for filters


@dataclass(slots=True)
class StreamReply:
    """A streamed answer whose status is already decided; `chunks` yields framed SSE bytes."""

    status: int
    chunks: AsyncGenerator[bytes, None]
    headers: Headers = field(default_factory=list)
    on_close: Callable[[], None] | None = None  # called once when the stream ends, however it ends


Reply = JsonReply | StreamReply


@dataclass(frozen=True, slots=True)
class Assignment:
    """The experiment variant a request got; `rolled_back_from` when its own variant was sent back to control."""

    experiment: str
    variant: str
    rolled_back_from: str | None = None


@dataclass(slots=True)
class ExperimentState:
    """What the experiments stage decided for one request; the Exchange has one only when something applied."""

    assignment: Assignment | None = None  # the experiment variant serving this request
    prompt_version: str | None = None  # "<template>@<version>" when the messages were rendered from a template
    shadow: str | None = None  # the shadow this request is mirrored to once answered


class CacheView(Protocol):
    """What logs and traces read of the cache's view of a request (`proxy.cache.request.CacheState`)."""

    @property
    def status(self) -> str: ...  # hit-exact | hit-semantic | miss | bypass

    @property
    def similarity(self) -> float | None: ...

    @property
    def coalesced(self) -> bool: ...

    @property
    def saved_usd(self) -> float: ...

    @property
    def saved_tokens(self) -> int: ...


class StageSpan(Protocol):
    """The span of one stage's `on_request` on a traced request; the pipeline ends it."""

    def answered(self) -> None: ...  # the stage answered the request itself

    def failed(self, exc: BaseException) -> None: ...

    def end(self) -> None: ...


class AttemptSpan(Protocol):
    """The span of one upstream attempt, ended by exactly one of these calls."""

    def failed(self, outcome: str, error: BaseException | None = None) -> None:
        """No answer: `outcome` is the retry verdict of the failure, `cancelled` or `crashed`."""
        ...

    def answered(self, ex: Exchange, reply: Reply) -> None:
        """An answer; a stream's span stays open until the stream closes."""
        ...


class Redactor(Protocol):
    """The policy's secrets (`proxy.observability.secrets`): each occurrence in `text` replaced."""

    def redact(self, text: str) -> str: ...


class Trace(Protocol):
    """A sampled request's trace (`proxy.observability.tracing.RequestTrace`): a root span with children."""

    def start_stage(self, name: str) -> StageSpan: ...

    def start_attempt(self, alias: str, target: Target, number: int) -> AttemptSpan: ...

    def finish(self, ex: Exchange) -> None:
        """Describe how the request ended and end the root span."""
        ...


@dataclass(slots=True, kw_only=True)
class Exchange:
    """One request's state from arrival to bookkeeping."""

    request_id: str
    endpoint: str  # "chat", "models", "passthrough"
    method: str
    path: str
    t_start: float
    headers: Headers
    authorization: bytes | None = None
    anthropic_key: bool = False  # the caller's key came to an Anthropic door or as x-api-key: an Anthropic key
    content_length: int | None = None  # as declared by the caller, before the body is read
    raw_body: bytes = b""
    early_error: ProxyError | None = None  # decided before the pipeline; raised after auth
    body: dict[str, Any] | None = None
    tenant: str | None = None
    access: Principal | None = None  # the key's permissions, when it has any
    client_ip: str | None = None  # the peer's address (a proxy in front, or the caller)
    stream_slot: str | None = None  # the key's open-streams slot this request holds
    alias: str | None = None
    targets: tuple[Target, ...] = ()
    deployment: Target | None = None
    provider: str | None = None
    stream: bool = False
    include_usage: bool = False
    status: int = 0
    error: ProxyError | None = None
    fault: Fault = Fault.NONE
    usage: Usage | None = None
    finish_reason: str | None = None
    upstream_s: float = 0.0
    ttft_s: float | None = None
    t_end: float = 0.0
    chunks: int = 0
    client_gone: bool = False
    response_started: bool = False
    upstream_request_id: str | None = None
    response_headers: Headers = field(default_factory=list)  # added to every answer, errors included
    end_user: str | None = None
    reservation: Reservation | None = None
    cost_usd: float | None = None
    served_alias: str | None = None
    attempts: int = 0
    fallbacks: int = 0
    input_tokens_estimate: int | None = None
    guardrail_verdicts: list[Verdict] = field(default_factory=list)
    cache: CacheView | None = None  # set when the cache applies to this request
    emergency_from: str | None = None  # the alias asked for, when emergency mode moved the request
    trace: Trace | None = None  # set only when tracing is on and this request is sampled
    read_gaps: list[float] = field(default_factory=list)  # seconds waited for each upstream stream read
    experiment: ExperimentState | None = None  # set when an experiment, a prompt template or a shadow applies
    route: tuple[str, str] | None = None  # (router, rule) when a router alias picked the model
    filters: AnswerFilters | None = None  # answer filters, in stage order (None: nobody filters)
    secrets: Redactor | None = None  # the policy's secrets, when it holds any: never echoed to the caller
    answer_id: str | None = None  # the id the upstream gave its answer (a stored Response's `resp_...`)
    pinned: str | None = None  # the one deployment that may serve (where the state it continues lives)
    surface: Surface = OPENAI  # the front door's adapter (`proxy.core.surface`); whoever makes the Exchange sets it

    def usage_cost(self) -> float | None:
        """What the reported usage cost at the serving deployment's prices (None while either is unknown)."""
        usage, dep = self.usage, self.deployment
        if usage is None or dep is None:
            return None
        return usage.cost_usd(dep)

    def experiment_state(self) -> ExperimentState:
        """The experiments stage's state for this request, created when first needed."""
        state = self.experiment
        if state is None:
            state = self.experiment = ExperimentState()
        return state

    def add_filter(self, f: AnswerFilter) -> None:
        """Have `f` see this request's answer, after the filters added before it."""
        if self.filters is None:
            self.filters = AnswerFilters()
        self.filters.add(f)

    def find_filter(self, kind: type[F]) -> F | None:
        """The filter of this kind a stage added, if any."""
        return self.filters.find(kind) if self.filters is not None else None

    def fail(self, err: ProxyError) -> ProxyError:
        """Record the error that ends (or, mid-stream, terminates) this request, and return it as
        the caller may see it: without the policy's secrets (an upstream may echo the key it was
        sent, or a caller quote another's)."""
        if self.secrets is not None:
            message = self.secrets.redact(err.message)
            if message != err.message:
                err = err.reworded(message)
        self.error = err
        self.fault = err.fault
        if not self.response_started:
            self.status = err.status
        return err
