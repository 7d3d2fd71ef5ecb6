"""The code stays ruff-clean and mypy-strict clean: CI enforces the style rules, not reviewers."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *args], check=False, capture_output=True, text=True, cwd=ROOT, timeout=300
    )


def test_ruff_lint_and_format() -> None:
    lint = run("ruff", "check", "proxy", "llm_proxy_mock", "tests", "bench", "examples")
    assert lint.returncode == 0, lint.stdout + lint.stderr
    fmt = run("ruff", "format", "--check", "proxy", "llm_proxy_mock", "tests", "bench", "examples")
    assert fmt.returncode == 0, fmt.stdout + fmt.stderr


def test_mypy_strict() -> None:
    result = run("mypy", "proxy", "llm_proxy_mock")
    assert result.returncode == 0, result.stdout + result.stderr
