"""The policy file (`config.yaml`) as frozen dataclasses, parsed and cross-checked in two passes.

`load_policy` either returns a complete `Policy` or raises `ConfigError` listing every problem with
its path (`models.gpt-4o.deployments[1].provider: unknown provider 'opnai'`). API keys are only
ever taken from the environment through `${VAR}` interpolation and are held as `Secret`.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml

from proxy.config.access import (
    FEATURE_HEADERS,
    ROUTING_HEADERS,
    CorsConfig,
    IdentityConfig,
    Permissions,
    PreviousSecret,
    access_warnings,
    check_cors,
    check_identity,
    check_permissions,
)
from proxy.config.cache import CacheConfig, cache_warnings, check_cache, operator_keyed_aliases
from proxy.config.experiments import (
    Experiment,
    FeedbackConfig,
    PromptTemplate,
    Shadow,
    check_experiments,
    check_feedback,
    check_prompts,
    check_shadows,
)
from proxy.config.guardrails import GuardrailsConfig, check_guardrails
from proxy.config.limits import LIMIT_FIELDS, BudgetsConfig, LimitsConfig, check_limits
from proxy.config.loader import ConfigError, Secret, build, interpolate, load_yaml, parse_time
from proxy.config.models import Deployment, ModelConfig, RoutingConfig, Timeouts, check_models
from proxy.config.passthrough import PassthroughConfig, check_passthrough, passthrough_warnings
from proxy.config.routers import RouterConfig, check_routers, router_warnings
from proxy.config.state import StateConfig, check_state
from proxy.config.tracing import TracingConfig, check_tracing

__all__ = ["Deployment", "ModelConfig", "Policy", "ProviderConfig", "Timeouts", "load_policy", "parse_policy"]

_SHA256_HEX = re.compile(r"^[0-9a-f]{64}$")


@dataclass(frozen=True, slots=True, kw_only=True)
class ServerConfig:
    host: str = "127.0.0.1"
    port: int = 8080
    workers: int = 1
    max_body_bytes: int = 10 * 1024 * 1024
    drain_timeout_s: float = 30.0
    max_header_bytes: int = 32 * 1024
    max_headers: int = 100
    header_timeout_s: float = 10.0


@dataclass(frozen=True, slots=True, kw_only=True)
class Quirks:
    """How an upstream departs from the OpenAI request format; data, not branches in code.

    `max_tokens_param` renames whichever of `max_tokens`/`max_completion_tokens` the caller sent
    (None: send as given); `drop_params` are removed before sending; `stream_usage: false` stops
    the proxy from asking for `stream_options.include_usage` (servers that reject it);
    `responses_api: false` says the server has no `/v1/responses` (vLLM, Ollama and others), so the
    proxy translates Responses requests to chat completions for it (the stateless subset).
    """

    max_tokens_param: Literal["max_tokens", "max_completion_tokens"] | None = None
    drop_params: tuple[str, ...] = ()
    stream_usage: bool = True
    responses_api: bool = True


@dataclass(frozen=True, slots=True, kw_only=True)
class ProviderConfig:
    """An upstream: `openai` (and every OpenAI-compatible server), `azure` or `anthropic`.

    azure: `base_url` is the resource endpoint; with `api_version` the deployments API is used
    (the deployment's `model` is the Azure deployment name), without it Azure's v1 API.
    anthropic: `base_url` is the API root (`https://api.anthropic.com`); `default_max_tokens`
    fills Anthropic's required `max_tokens` when the caller gave none. `max_response_bytes` bounds
    every upstream answer body the proxy reads (decoded size) and what it holds of a stream while
    inspecting its opening; a larger one is a 502 `upstream_bad_response`.
    """

    type: Literal["openai", "azure", "anthropic"]
    base_url: str
    api_key: Secret = field(default_factory=lambda: Secret(""))
    headers: dict[str, str] = field(default_factory=dict)
    timeouts: Timeouts = field(default_factory=Timeouts)
    max_connections: int = 4096
    quirks: Quirks = field(default_factory=Quirks)
    api_version: str | None = None
    default_max_tokens: int = 4096
    max_response_bytes: int = 32 * 1024 * 1024


@dataclass(frozen=True, slots=True, kw_only=True)
class KeyConfig:
    """A virtual key: `name` is the tenant; the secret comes from the environment or as a SHA-256.

    Permission fields (see `Permissions`) left unset come from the key's `group`; `expires` (ISO
    8601) ends the key; `previous` keeps an old secret valid during a rotation; `metadata` (team,
    owner, ...) is shown in `/admin/keys` and never checked.
    """

    name: str
    secret: Secret | None = None
    secret_sha256: str | None = None
    group: str | None = None
    models: tuple[str, ...] | None = None
    endpoints: tuple[str, ...] | None = None
    max_body_bytes: int | None = None
    override_headers: tuple[str, ...] | None = None
    max_streams: int | None = None
    expires: str | None = None
    previous: PreviousSecret | None = None
    metadata: dict[str, str] = field(default_factory=dict)

    def digest(self) -> str:
        return secret_digest(self.secret, self.secret_sha256)

    def own_permissions(self) -> Permissions:
        return Permissions(
            models=self.models,
            endpoints=self.endpoints,
            max_body_bytes=self.max_body_bytes,
            override_headers=self.override_headers,
            max_streams=self.max_streams,
        )


def secret_digest(secret: Secret | None, secret_sha256: str | None) -> str:
    """The hex SHA-256 of a secret given either way."""
    if secret_sha256:
        return secret_sha256.lower()
    assert secret is not None
    return hashlib.sha256(secret.value.encode()).hexdigest()


@dataclass(frozen=True, slots=True, kw_only=True)
class EvalLogConfig:
    """Per-request quality records as JSON lines at `path`, rotated at `max_bytes` keeping `backups` files."""

    path: str
    max_bytes: int = 50 * 1024 * 1024
    backups: int = 5


@dataclass(frozen=True, slots=True, kw_only=True)
class LoggingConfig:
    """`capture_prompts` / `capture_responses` add the request's messages / the answer's text to
    its log line, PII and secrets replaced by their kind, cut at `capture_max_chars` (off by default)."""

    requests: bool = True
    level: Literal["debug", "info", "warning", "error"] = "info"
    capture_prompts: bool = False
    capture_responses: bool = False
    capture_max_chars: int = 2000
    eval_log: EvalLogConfig | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class MetricsConfig:
    """`tenant_label` adds the key name as a label of the request counter (one series per key);
    `bearer_token` (from the environment) protects `/metrics`; `usage_counters` keeps the per-day
    usage totals `/admin/usage` reports (one more store round trip per request on Redis without budgets)."""

    enabled: bool = True
    usage_counters: bool = True
    tenant_label: bool = False
    bearer_token: Secret = field(default_factory=lambda: Secret(""))


@dataclass(frozen=True, slots=True, kw_only=True)
class Policy:
    """The whole resolved policy. `keys` empty means open mode (no virtual keys required);
    `admin_keys` open `/admin/*` (none: the admin API is off) and are refused on `/v1/*`."""

    server: ServerConfig = field(default_factory=ServerConfig)
    providers: dict[str, ProviderConfig]
    models: dict[str, ModelConfig] = field(default_factory=dict)
    routers: dict[str, RouterConfig] = field(default_factory=dict)
    keys: tuple[KeyConfig, ...] = ()
    key_groups: dict[str, Permissions] = field(default_factory=dict)
    admin_keys: tuple[KeyConfig, ...] = ()
    cors: CorsConfig = field(default_factory=CorsConfig)
    identity: IdentityConfig = field(default_factory=IdentityConfig)
    passthrough: PassthroughConfig = field(default_factory=PassthroughConfig)
    routing: RoutingConfig = field(default_factory=RoutingConfig)
    state: StateConfig = field(default_factory=StateConfig)
    limits: LimitsConfig = field(default_factory=LimitsConfig)
    budgets: BudgetsConfig = field(default_factory=BudgetsConfig)
    guardrails: GuardrailsConfig = field(default_factory=GuardrailsConfig)
    cache: CacheConfig = field(default_factory=CacheConfig)
    prompts: dict[str, PromptTemplate] = field(default_factory=dict)
    experiments: dict[str, Experiment] = field(default_factory=dict)
    shadows: dict[str, Shadow] = field(default_factory=dict)
    feedback: FeedbackConfig = field(default_factory=FeedbackConfig)
    logging: LoggingConfig = field(default_factory=LoggingConfig)
    metrics: MetricsConfig = field(default_factory=MetricsConfig)
    tracing: TracingConfig = field(default_factory=TracingConfig)

    def warnings(self) -> list[str]:
        """Settings that are allowed but worth a second look (`llm-proxy check` prints them)."""
        return (
            access_warnings(self.cors, self.identity, self.limits.user_header)
            + router_warnings(self.routers, self.models)
            + cache_warnings(self.cache, open_mode=not self.keys, keyed_aliases=self.operator_keyed_aliases())
            + passthrough_warnings(self.passthrough, keys_mode=bool(self.keys), counts_spend=self._counts_spend())
        )

    def _counts_spend(self) -> bool:
        """Whether a budget or a token limit is set (what unpriced pass-through calls escape)."""
        b = self.budgets
        token_fields = [f for f, (unit, _) in LIMIT_FIELDS.items() if unit != "requests"]
        has_token_limit = any(getattr(rule, f) is not None for rule in self.limits.rules for f in token_fields)
        return bool(b.keys or b.users or b.global_) or has_token_limit

    def operator_keyed_aliases(self) -> frozenset[str]:
        """Aliases that never forward a caller's own key upstream (see `operator_keyed_aliases`)."""
        return operator_keyed_aliases(self.models, {name for name, p in self.providers.items() if p.api_key})

    @property
    def passthrough_provider(self) -> str:
        return self.passthrough.provider or next(iter(self.providers))


def parse_policy(data: Any, env: Mapping[str, str], found: Sequence[str] = ()) -> Policy:
    """Pass 1 (shape) and pass 2 (cross-checks) over a YAML tree; raise with every problem, those
    `found` while reading the file (duplicate keys) first."""
    problems: list[str] = list(found)
    data = interpolate(data if data is not None else {}, env, "", problems)
    policy = build(Policy, data, "", problems)
    if policy is not None:
        declared = set(data.get("providers") or {}) if isinstance(data, dict) else set()
        problems.extend(cross_check(policy, declared | set(policy.providers)))
    if problems or policy is None:
        raise ConfigError(problems)
    return policy


def load_policy(path: str | Path, env: Mapping[str, str]) -> Policy:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError([f"{path}: cannot read policy file: {exc.strerror}"]) from exc
    try:
        data, duplicates = load_yaml(text)
    except yaml.YAMLError as exc:
        raise ConfigError([f"{path}: not valid YAML: {exc}"]) from exc
    return parse_policy(data, env, duplicates)


def cross_check(policy: Policy, provider_names: set[str]) -> list[str]:
    """Pass 2: references and ranges. `provider_names` includes providers that failed pass 1."""
    problems: list[str] = []
    problems += _check_server(policy.server)
    if not provider_names:
        problems.append("providers: at least one provider is required")
    for name, prov in policy.providers.items():
        problems += _check_provider(f"providers.{name}", prov)
    problems += check_models(policy.models, provider_names)
    if policy.routing.max_total_attempts < 1:
        problems.append("routing.max_total_attempts: must be at least 1")
    problems += _check_keys(policy.keys, policy.admin_keys)
    problems += _check_key_access(policy)
    problems += check_cors(policy.cors, keys_mode=bool(policy.keys))
    problems += check_identity(policy.identity)
    if policy.logging.eval_log is not None:
        problems += _check_eval_log(policy.logging.eval_log)
    key_names = {k.name for k in policy.keys}
    problems += check_limits(policy.limits, policy.budgets, key_names, set(policy.models))
    problems += check_guardrails(policy.guardrails, key_names, set(policy.models))
    openai_style = {n for n, p in policy.providers.items() if p.type == "openai"}
    problems += check_cache(policy.cache, key_names, set(policy.models), openai_style, provider_names)
    problems += check_state(policy.state)
    pt = policy.passthrough.provider
    if pt is not None and pt not in provider_names:
        problems.append(f"passthrough.provider: unknown provider '{pt}'")
    elif pt is not None and pt in policy.providers and policy.providers[pt].type == "anthropic":
        problems.append(f"passthrough.provider: '{pt}' speaks Anthropic's API; pass-through needs an OpenAI-style one")
    problems += check_passthrough(policy.passthrough)
    problems += check_tracing(policy.tracing)
    problems += check_prompts(policy.prompts)
    problems += check_experiments(policy.experiments, policy.prompts, key_names, set(policy.models))
    problems += check_shadows(policy.shadows, key_names, set(policy.models))
    problems += check_feedback(policy.feedback)
    problems += check_routers(policy.routers, policy.models, key_names, set(policy.key_groups))
    return problems


def _check_server(server: ServerConfig) -> list[str]:
    problems = []
    if not 0 < server.port < 65536:
        problems.append(f"server.port: {server.port} is not a valid TCP port")
    if server.workers < 1:
        problems.append("server.workers: must be at least 1")
    if server.max_body_bytes < 1024:
        problems.append("server.max_body_bytes: must be at least 1024")
    if server.drain_timeout_s < 0:
        problems.append("server.drain_timeout_s: must not be negative")
    if server.max_header_bytes < 1024:
        problems.append("server.max_header_bytes: must be at least 1024")
    if server.max_headers < 8:
        problems.append("server.max_headers: must be at least 8")
    if server.header_timeout_s <= 0:
        problems.append("server.header_timeout_s: must be positive")
    return problems


def _check_provider(path: str, prov: ProviderConfig) -> list[str]:
    problems = []
    if not prov.base_url.startswith(("http://", "https://")):
        problems.append(f"{path}.base_url: must start with http:// or https://, got '{prov.base_url}'")
    for name in ("connect_s", "first_byte_s", "idle_s", "total_s"):
        if getattr(prov.timeouts, name) <= 0:
            problems.append(f"{path}.timeouts.{name}: must be positive")
    if prov.type == "anthropic" and prov.default_max_tokens < 1:
        problems.append(f"{path}.default_max_tokens: must be at least 1")
    if prov.max_connections < 1:
        problems.append(f"{path}.max_connections: must be at least 1")
    if prov.max_response_bytes < 1024:
        problems.append(f"{path}.max_response_bytes: must be at least 1024")
    return problems


def _check_keys(keys: tuple[KeyConfig, ...], admin_keys: tuple[KeyConfig, ...]) -> list[str]:
    """Names unique per list; every secret set, long enough and used once across both lists."""
    problems = []
    digests: dict[str, str] = {}  # digest -> path of the key that has it
    for section, entries in (("keys", keys), ("admin_keys", admin_keys)):
        seen_names: set[str] = set()
        for i, key in enumerate(entries):
            path = f"{section}[{i}]"
            if key.name in seen_names:
                problems.append(f"{path}.name: duplicate key name '{key.name}'")
            seen_names.add(key.name)
            if (key.secret is None) == (key.secret_sha256 is None):
                problems.append(f"{path}: give exactly one of secret (from ${{ENV}}) or secret_sha256")
                continue
            if key.secret is not None and len(key.secret.value) < 8:
                problems.append(f"{path}.secret: empty or shorter than 8 characters (is its variable set?)")
                continue
            if key.secret_sha256 is not None and not _SHA256_HEX.match(key.secret_sha256.lower()):
                problems.append(f"{path}.secret_sha256: must be 64 hex characters")
                continue
            for where, digest in _digests(path, key):
                earlier = digests.setdefault(digest, where)
                if earlier != where:
                    both = " (an admin key must never be a completion key)" if not earlier.startswith(section) else ""
                    problems.append(f"{where}: same secret as {earlier}{both}")
    return problems


def _digests(path: str, key: KeyConfig) -> list[tuple[str, str]]:
    """The key's current secret digest and, during a rotation, its previous one (if well formed)."""
    found = [(path, key.digest())]
    prev = key.previous
    well_formed = prev is not None and (prev.secret is None) != (prev.secret_sha256 is None)
    if prev is not None and well_formed and (prev.secret is None or len(prev.secret.value) >= 8):
        found.append((f"{path}.previous", secret_digest(prev.secret, prev.secret_sha256)))
    return found


def _check_key_access(policy: Policy) -> list[str]:
    """Groups, permissions, expiry and rotation of the completion keys."""
    honoured = override_header_names(policy)
    problems: list[str] = []
    for name, perms in policy.key_groups.items():
        problems += check_permissions(f"key_groups.{name}", perms, honoured)
    for i, key in enumerate(policy.keys):
        path = f"keys[{i}]"
        if key.group is not None and key.group not in policy.key_groups:
            problems.append(f"{path}.group: unknown key group '{key.group}'")
        problems += check_permissions(path, key.own_permissions(), honoured)
        if key.expires is not None and parse_time(key.expires) is None:
            problems.append(f"{path}.expires: must be an ISO 8601 time like 2027-01-31T00:00:00Z")
        prev = key.previous
        if prev is not None:
            if (prev.secret is None) == (prev.secret_sha256 is None):
                problems.append(f"{path}.previous: give exactly one of secret (from ${{ENV}}) or secret_sha256")
            elif prev.secret is not None and len(prev.secret.value) < 8:
                problems.append(f"{path}.previous.secret: empty or shorter than 8 characters (is its variable set?)")
            if parse_time(prev.valid_until) is None:
                problems.append(f"{path}.previous.valid_until: must be an ISO 8601 time like 2026-12-07T00:00:00Z")
    for i, key in enumerate(policy.admin_keys):
        if key.group or key.own_permissions() != Permissions() or key.previous or key.expires:
            problems.append(f"admin_keys[{i}]: an admin key takes only name, secret or secret_sha256 and metadata")
    return problems


def override_header_names(policy: Policy) -> frozenset[str]:
    """Every request header through which a caller can change what the proxy does for it."""
    names = {*ROUTING_HEADERS, *FEATURE_HEADERS, policy.cache.ttl_header.lower()}
    if policy.cache.namespace_header:
        names.add(policy.cache.namespace_header.lower())
    return frozenset(names)


def _check_eval_log(config: EvalLogConfig) -> list[str]:
    problems = []
    if not config.path.strip():
        problems.append("logging.eval_log.path: must not be empty")
    if config.max_bytes < 4096:
        problems.append("logging.eval_log.max_bytes: must be at least 4096")
    if not 0 <= config.backups <= 100:
        problems.append("logging.eval_log.backups: must be between 0 and 100")
    return problems
