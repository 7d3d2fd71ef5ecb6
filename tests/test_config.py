"""Policy parsing: the shipped default loads, every error is reported at once with its path."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest

from proxy.config.loader import ConfigError
from proxy.config.policy import load_policy, parse_policy

ROOT = Path(__file__).resolve().parent.parent

BROKEN = """
providers:
  openai: {type: openai, base_url: "http://127.0.0.1:1/v1", api_key: "${MISSING_KEY}"}
  weird: {type: opnai, base_url: "http://x"}
models:
  gpt-4o:
    deployments:
      - {provider: openai, model: gpt-4o}
      - {provider: opnai, model: gpt-4o}
    colour: blue
keys:
  - {name: team-a}
server: {port: 70000, workers: many}
surprise: true
"""


DUPLICATES = """
providers:
  p: &p {type: openai, base_url: "http://127.0.0.1:1/v1"}
  q: {<<: *p, base_url: "http://127.0.0.1:2/v1"}
models:
  gpt-4o: {deployments: [{provider: p, model: gpt-4o}]}
  gpt-4o: {deployments: [{provider: q, model: gpt-4o}]}
keys:
  - {name: a, secret: "aaaaaaaaaa", name: b}
keys: []
surprise: true
"""


def problems_of(text: str, env: dict[str, str] | None = None) -> list[str]:
    import yaml

    with pytest.raises(ConfigError) as info:
        parse_policy(yaml.safe_load(text), env or {})
    return info.value.problems


def test_shipped_default_config_loads_without_any_environment() -> None:
    policy = load_policy(ROOT / "config.yaml", {})
    assert not policy.keys
    assert "gpt-4o-mini" in policy.models
    assert policy.providers["openai"].base_url == "https://api.openai.com/v1"


def test_every_problem_is_reported_with_its_path() -> None:
    problems = problems_of(BROKEN)
    expected = [
        "providers.openai.api_key: environment variable MISSING_KEY is not set",
        "providers.weird.type: 'opnai' is not one of 'openai'",
        "models.gpt-4o.deployments[1].provider: unknown provider 'opnai'",
        "models.gpt-4o.colour: unknown key",
        "keys[0]: give exactly one of secret",
        "server.port: 70000 is not a valid TCP port",
        "server.workers: expected int",
        "surprise: unknown key",
    ]
    for fragment in expected:
        assert any(p.startswith(fragment) for p in problems), (fragment, problems)
    assert len(problems) == len(expected), problems


def test_interpolation_defaults_and_types() -> None:
    digest = hashlib.sha256(b"b-secret-value").hexdigest()
    text = """
server: {port: "${PORT:-9123}"}
providers:
  p: {type: openai, base_url: "${URL:-http://127.0.0.1:1/v1}", api_key: "${KEY}"}
keys:
  - {name: a, secret: "${A_KEY}"}
  - {name: b, secret_sha256: "DIGEST"}
""".replace("DIGEST", digest)
    policy = parse_policy(__import__("yaml").safe_load(text), {"KEY": "sk-test", "A_KEY": "a-secret-value"})
    assert policy.server.port == 9123
    assert policy.providers["p"].api_key.value == "sk-test"
    assert "sk-test" not in repr(policy)
    assert policy.keys[0].digest() == hashlib.sha256(b"a-secret-value").hexdigest()


def test_short_or_duplicate_key_secrets_are_refused() -> None:
    text = """
providers: {p: {type: openai, base_url: "http://127.0.0.1:1/v1"}}
keys:
  - {name: a, secret: "${A:-}"}
  - {name: b, secret: "same-secret"}
  - {name: c, secret: "same-secret"}
  - {name: c, secret_sha256: "nothex"}
"""
    problems = problems_of(text)
    assert any(p.startswith("keys[0].secret: empty") for p in problems)
    assert any(p.startswith("keys[2]: same secret") for p in problems)
    assert any(p.startswith("keys[3].name: duplicate") for p in problems)
    assert any(p.startswith("keys[3].secret_sha256") for p in problems)


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "proxy", *args],
        check=False,
        capture_output=True,
        text=True,
        timeout=30,
        env=env,
        cwd=ROOT,
    )


@pytest.mark.parametrize(
    ("text", "count", "line"),
    [
        (BROKEN, 8, "models.gpt-4o.deployments[1].provider: unknown provider 'opnai'"),
        (DUPLICATES, 4, "models.gpt-4o: duplicate key (line 7; first at line 6)"),
    ],
    ids=["broken", "duplicate-keys"],
)
def test_check_prints_all_errors_and_fails(tmp_path: Path, text: str, count: int, line: str) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text(text)
    result = run_cli("check", str(path))
    assert result.returncode == 1
    assert f"{count} error(s)" in result.stderr
    assert line in result.stderr


def test_check_masks_secrets(tmp_path: Path) -> None:
    import os

    path = tmp_path / "ok.yaml"
    path.write_text(
        'providers: {p: {type: openai, base_url: "http://127.0.0.1:1/v1", api_key: "${UPSTREAM_KEY}"}}\n'
        'keys: [{name: a, secret: "${A_KEY}"}]\n'
    )
    env = {**os.environ, "UPSTREAM_KEY": "sk-verysecretvalue", "A_KEY": "virtual-key-value"}
    result = run_cli("check", str(path), env=env)
    assert result.returncode == 0, result.stderr
    assert "api_key: '***'" in result.stdout
    assert "verysecret" not in result.stdout + result.stderr
    assert "virtual-key-value" not in result.stdout + result.stderr


def test_check_masks_passwords_in_urls_and_header_values(tmp_path: Path) -> None:
    """`check` printed state.redis_url with its password and provider header values in clear."""
    path = tmp_path / "ok.yaml"
    path.write_text(
        "providers: {p: {type: openai, base_url: 'http://127.0.0.1:1/v1', headers: {x-org-token: org-secret-1}}}\n"
        "state: {redis_url: 'redis://user:redis-pass-123@127.0.0.1:6379/0'}\n"
    )
    result = run_cli("check", str(path))
    assert result.returncode == 0, result.stderr
    assert "redis-pass-123" not in result.stdout + result.stderr
    assert "org-secret-1" not in result.stdout + result.stderr
    assert "redis://user:***@127.0.0.1:6379/0" in result.stdout


def test_fallback_cycles_and_unknown_targets_are_rejected() -> None:
    text = """
providers: {p: {type: openai, base_url: "http://127.0.0.1:1/v1"}}
models:
  a: {deployments: [{provider: p, model: a}], fallbacks: [b]}
  b: {deployments: [{provider: p, model: b}], context_window_fallbacks: [c]}
  c: {deployments: [{provider: p, model: c}], fallbacks: [a, ghost]}
  d: {deployments: [{provider: p, model: d}, {provider: p, model: d}], fallbacks: [d]}
"""
    problems = problems_of(text)
    assert any(p.startswith("models.a.fallbacks: cycle a -> b -> c -> a") for p in problems), problems
    assert any(p.startswith("models.c.fallbacks[1]: unknown model alias 'ghost'") for p in problems)
    assert any(p.startswith("models.d.fallbacks[0]: an alias cannot fall back to itself") for p in problems)
    assert any(p.startswith("models.d.deployments[1].name: duplicate deployment name 'p/d'") for p in problems)


def test_anthropic_cannot_be_the_passthrough_provider() -> None:
    text = """
providers: {claude: {type: anthropic, base_url: "http://127.0.0.1:1"}}
passthrough: {provider: claude}
"""
    assert any(p.startswith("passthrough.provider: 'claude' speaks Anthropic") for p in problems_of(text))


def test_limit_and_budget_problems_are_reported_with_paths() -> None:
    text = """
providers: {p: {type: openai, base_url: "http://127.0.0.1:1/v1"}}
models: {m: {deployments: [{provider: p, model: m}]}}
keys: [{name: a, secret: "aaaaaaaaaa"}]
state: {redis_url: "http://localhost:6379"}
limits:
  sizes_by_model: {ghost: {max_input_tokens: 10}}
  rules:
    - {name: r, scope: key, keys: [nobody], requests_per_minute: -1}
    - {name: r, scope: galaxy, requests_per_minute: 5}
    - {name: empty, scope: key}
    - {name: b, requests_per_minute: 5, burst: 2}
budgets:
  keys:
    a: {on_exceed: downgrade, downgrade_to: nowhere}
    stranger: {daily_usd: 1}
"""
    problems = problems_of(text)
    for fragment in [
        "state.redis_url: must start with redis://",
        "limits.rules[0]: limits must be positive",
        "limits.rules[0].keys: unknown key 'nobody'",
        "limits.rules[1].scope: 'galaxy' is not one of",
        "limits.rules[2]: sets no limit",
        "limits.rules[3].burst: must be in (0, 1]",
        "limits.sizes_by_model.ghost: unknown model alias",
        "budgets.keys.a: set daily_usd and/or monthly_usd",
        "budgets.keys.a.downgrade_to: on_exceed downgrade needs a declared model alias",
        "budgets.keys.stranger: unknown key",
    ]:
        assert any(p.startswith(fragment) for p in problems), (fragment, problems)


def test_duplicate_yaml_keys_are_errors_with_their_paths_and_lines(tmp_path: Path) -> None:
    path = tmp_path / "dup.yaml"
    path.write_text(DUPLICATES)
    with pytest.raises(ConfigError) as info:
        load_policy(path, {})
    problems = info.value.problems
    for expected in [
        "models.gpt-4o: duplicate key (line 7; first at line 6)",
        "keys[0].name: duplicate key (line 9; first at line 9)",
        "keys: duplicate key (line 10; first at line 8)",
        "surprise: unknown key",  # reported with the other errors, not instead of them
    ]:
        assert any(p.startswith(expected) for p in problems), (expected, problems)
    assert len(problems) == 4, problems  # a merge key (`<<`) overridden by the mapping is no duplicate


def test_provider_max_response_bytes_is_configurable_and_checked() -> None:
    import yaml

    text = 'providers: {p: {type: openai, base_url: "http://127.0.0.1:1/v1"%s}}'
    assert parse_policy(yaml.safe_load(text % ""), {}).providers["p"].max_response_bytes == 32 * 1024 * 1024
    assert (
        parse_policy(yaml.safe_load(text % ", max_response_bytes: 65536"), {}).providers["p"].max_response_bytes
        == 65536
    )
    assert problems_of(text % ", max_response_bytes: 10") == ["providers.p.max_response_bytes: must be at least 1024"]


@pytest.mark.parametrize(
    ("section", "problem"),
    [
        ("server: {max_header_bytes: 1023}", "server.max_header_bytes: must be at least 1024"),
        ("server: {max_headers: 7}", "server.max_headers: must be at least 8"),
        ("server: {header_timeout_s: 0}", "server.header_timeout_s: must be positive"),
        ("cache: {max_namespaces_per_tenant: 0}", "cache.max_namespaces_per_tenant: must be positive"),
        ("state: {retry_every_s: -1}", "state.retry_every_s: must be positive"),
    ],
)
def test_bounds_are_checked_with_their_paths(section: str, problem: str) -> None:
    providers = 'providers: {p: {type: openai, base_url: "http://127.0.0.1:1/v1"}}\n'
    assert problems_of(providers + section) == [problem]
