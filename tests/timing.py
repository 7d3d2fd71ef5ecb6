"""Timing helpers for the linear-time (ReDoS) tests: best-of-N runs and the linearity check."""

from __future__ import annotations

import gc
import time
from collections.abc import Callable

# Linear work on 16x the input takes ~16x the time, quadratic ~256x and catastrophic backtracking
# far more. 64x sits between, leaving room for a loaded shared machine (28x has been seen) and
# for cache effects that make 1 MB slower per byte than 64 KB.
MAX_GROWTH = 64.0
MAX_SECONDS_PER_MB = 5.0


def best_time(run: Callable[[], object], repeats: int = 3) -> float:
    """Fastest of `repeats` runs in CPU seconds of this process, garbage collection paused to damp
    noise. CPU time, not wall time: on a shared 2-core machine other processes stole enough wall
    time from one 1 MB run to fail a linear scanner (75x for 16x the input)."""
    best = float("inf")
    gc.collect()
    gc.disable()
    try:
        for _ in range(repeats):
            start = time.process_time()
            run()
            best = min(best, time.process_time() - start)
    finally:
        gc.enable()
    return best


def assert_linear(label: str, small_s: float, large_s: float, *, floor_s: float = 1e-3) -> None:
    """`large_s` (16x the input of `small_s`, at most 1 MB) is within MAX_GROWTH x `small_s` and under
    the absolute bound."""
    assert large_s < MAX_SECONDS_PER_MB, f"{label}: {large_s:.2f} s for the large input"
    assert large_s <= MAX_GROWTH * max(small_s, floor_s), f"{label}: small {small_s:.4f} s, large {large_s:.4f} s"
