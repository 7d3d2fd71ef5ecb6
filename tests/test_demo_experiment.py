"""The README's experiment demo runs as documented: real mocks, a real proxy, the openai SDK."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

DEMO = Path(__file__).resolve().parent.parent / "examples" / "experiment" / "demo.py"


def run_demo(*args: str) -> str:
    result = subprocess.run(
        [sys.executable, str(DEMO), *args], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def test_demo_reports_both_variants_and_rolls_back_a_failing_candidate() -> None:
    out = run_demo("--users", "80", "--fail-rate", "0.6")
    lines = out.splitlines()
    control = next(line for line in lines if line.strip().startswith("control "))
    candidate = next(line for line in lines if line.strip().startswith("candidate "))
    assert control.rstrip().endswith("-"), out  # control is never rolled back
    assert "error rate" in candidate and "over 2x control's" in candidate, out
    assert any(line.startswith("shadow candidate-shadow: gpt-4o-mini -> candidate:") for line in lines), out
