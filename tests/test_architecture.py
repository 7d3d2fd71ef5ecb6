"""The layout is the architecture: the import contract in pyproject.toml holds, and the top of
`proxy/` stays small enough to read (entry points, the request lifecycle and composition only)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAX_TOP_LEVEL_MODULES = 12


def test_import_contracts_hold() -> None:
    """Layers, no cycles (typing-only and function-level imports count), the mock kept apart."""
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(
        [str(lint), "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout, result.stdout


def test_top_level_of_proxy_stays_small() -> None:
    modules = sorted(p.name for p in (ROOT / "proxy").glob("*.py"))
    assert len(modules) <= MAX_TOP_LEVEL_MODULES, modules
