"""The per-variant report behind `GET /admin/experiments`.

Guarantees: every configured experiment and shadow is listed with its configuration, each variant's
configured and effective weight (a rolled-back variant's share counted under control), its rollback
(reason and time) if any, and its counters as every replica recorded them (read from the store);
no key, user or prompt text appears in it.
"""

from __future__ import annotations

from typing import Any

from proxy.config.experiments import Experiment, Shadow
from proxy.experiments.service import Experiments
from proxy.experiments.shadow import counters_name
from proxy.experiments.stats import ArmStats, ExperimentCounters
from proxy.state.base import Store


async def experiments_report(experiments: Experiments, shadows: dict[str, Shadow]) -> dict[str, Any]:
    await experiments.refresh()  # an idle replica learns of other replicas' rollbacks only here
    out = []
    for name, exp in experiments.config.items():
        arms = await experiments.read(name)
        out.append(_experiment(name, exp, arms, experiments))
    shadow_rows = [await _shadow(name, shadow, experiments.store) for name, shadow in shadows.items()]
    return {"object": "list", "experiments": out, "shadows": shadow_rows}


def _experiment(name: str, exp: Experiment, arms: dict[str, ArmStats], experiments: Experiments) -> dict[str, Any]:
    rolled = experiments.rollbacks.get(name, {})
    control = exp.control_name
    total = sum(v.weight for v in exp.variants.values())
    effective = {v: (0.0 if v in rolled else variant.weight / total) for v, variant in exp.variants.items()}
    effective[control] += sum(exp.variants[v].weight / total for v in rolled)
    variants = []
    for vname, variant in exp.variants.items():
        rollback = rolled.get(vname)
        variants.append(
            {
                "name": vname,
                "control": vname == control,
                "weight": variant.weight,
                "share": round(variant.weight / total, 6),
                "effective_share": round(effective[vname], 6),
                "model": variant.model or exp.model,
                "params": variant.params,
                "prompt_version": variant.prompt_version,
                "rolled_back": None if rollback is None else {"reason": rollback.reason, "at": rollback.at},
                "stats": arms[vname].as_dict(),
            }
        )
    rules = exp.rollback
    return {
        "name": name,
        "target": {"model": exp.model} if exp.model is not None else {"prompt": exp.prompt},
        "assign_by": exp.assign_by,
        "revision": exp.revision,
        "keys": list(exp.keys),
        "rollback_rules": {
            "min_requests": rules.min_requests,
            "error_rate_ratio": rules.error_rate_ratio,
            "error_rate_floor": rules.error_rate_floor,
            "p95_latency_ms": rules.p95_latency_ms,
            "feedback_drop": rules.feedback_drop,
            "min_feedback": rules.min_feedback,
        },
        "variants": variants,
    }


async def _shadow(name: str, shadow: Shadow, store: Store) -> dict[str, Any]:
    arms = await ExperimentCounters().read(store, counters_name(name), ["primary", "candidate"], [])
    return {
        "name": name,
        "model": shadow.model,
        "candidate": shadow.candidate,
        "sample": shadow.sample,
        "primary": arms["primary"].as_dict(),
        "candidate_stats": arms["candidate"].as_dict(),
    }
