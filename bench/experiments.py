"""`python bench/experiments.py [--rounds N]`: what experiments and shadow traffic cost the proxy per request.

The same proxy and mock, one policy at a time, the proxy pinned to CPU 0 (mock and this driver on
CPU 1), 16 connections, non-streamed and streamed (20 chunks), default observability:
- off: no experiment;
- experiment, control arm: an experiment on the alias with all three rollback rules, every
  request landing in control (assigned, counted; control is never checked against rules);
- experiment, variant arm: every request in the other variant: counted and checked against the
  rules after each request (the in-process store);
- + 10% shadow: the variant arm, and 10% of the answers mirrored to a candidate alias on the same
  mock (the shadow calls' own CPU is in the figure: they run in the proxy process);
- + 100% shadow: every answer mirrored.
Prints a markdown table of CPU us per request; writes nothing.
"""

from __future__ import annotations

from compare import BASE_POLICY, cli

BASE = (
    BASE_POLICY
    + """\
  candidate: {{deployments: [{{provider: mock, model: candidate}}]}}
logging: {{requests: true}}
"""
)
# The driver sends no `user`: every request is the open-mode key's, which hashes to 0.994 in "trial".
EXPERIMENT = """\
experiments:
  trial:
    model: gpt-4o-mini
    assign_by: key
    variants: {{control: {{weight: WEIGHT}}, other: {{weight: 1, params: {{temperature: 0.5}}}}}}
    rollback: {{min_requests: 100, error_rate_ratio: 2.0, p95_latency_ms: 5000, feedback_drop: 0.3}}
"""
CONTROL_ARM, VARIANT_ARM = EXPERIMENT.replace("WEIGHT", "1000"), EXPERIMENT.replace("WEIGHT", "1")
SHADOW = "shadows: {{s: {{model: gpt-4o-mini, candidate: candidate, sample: {sample}, max_in_flight: 64}}}}\n"
VARIANTS = {
    "off": "",
    "experiment, control arm": CONTROL_ARM,
    "experiment, variant arm": VARIANT_ARM,
    "+ 10% shadow": VARIANT_ARM + SHADOW.replace("{sample}", "0.1"),
    "+ 100% shadow": VARIANT_ARM + SHADOW.replace("{sample}", "1.0"),
}


def main() -> None:
    cli(__doc__ or "", {name: BASE + extra for name, extra in VARIANTS.items()}, "policy")


if __name__ == "__main__":
    main()
