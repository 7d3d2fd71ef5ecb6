"""Debian's `promtool` (package `prometheus`), installed with apt-get when missing; never skipped."""

from __future__ import annotations

import os
import shutil
import subprocess


def promtool_binary() -> str:
    found = shutil.which("promtool")
    if found:
        return found
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    install = ["apt-get", "install", "-y", "-q", "--no-install-recommends", "prometheus"]
    result = subprocess.run(install, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        subprocess.run(["apt-get", "update", "-q"], env=env, capture_output=True, text=True, check=False)
        result = subprocess.run(install, env=env, capture_output=True, text=True, check=False)
    found = shutil.which("promtool")
    if found is None:
        raise RuntimeError(f"promtool is not installed and apt-get could not install it:\n{result.stderr[-2000:]}")
    return found
