"""Sticky, weighted assignment of a unit (end user or key) to an experiment's variant.

Guarantees: the same unit always lands in the same variant of the same experiment while the
weights are unchanged (no state is kept: the variant is a function of a hash of experiment name
and unit); across many units each variant's share converges to its weight over the sum of
weights; experiments hash independently, so a user's variant in one does not predict another.
Changing one variant's weight moves only the units at the boundaries it shifts.
"""

from __future__ import annotations

import bisect
import hashlib

from proxy.config.experiments import Experiment

_SCALE = float(1 << 53)  # a float holds 53 bits exactly: 64 would round the top digests up to 1.0


def unit_point(experiment: str, unit: str) -> float:
    """Where `unit` falls in [0, 1) for `experiment`: uniform, independent per experiment."""
    digest = hashlib.blake2b(f"{experiment}\x00{unit}".encode(), digest_size=8).digest()
    return (int.from_bytes(digest, "big") >> 11) / _SCALE


class Assigner:
    """Maps a unit to a variant of one experiment by cumulative weights."""

    __slots__ = ("_bounds", "_name", "_names")

    def __init__(self, name: str, experiment: Experiment) -> None:
        self._name = name
        total = sum(v.weight for v in experiment.variants.values())
        running = 0.0
        self._bounds: list[float] = []
        self._names: list[str] = []
        for variant_name, variant in experiment.variants.items():
            if variant.weight <= 0:
                continue
            running += variant.weight / total
            self._bounds.append(running)
            self._names.append(variant_name)
        self._bounds[-1] = 1.0  # rounding must never leave a point past the last bound

    def variant(self, unit: str) -> str:
        point = unit_point(self._name, unit)
        return self._names[bisect.bisect_right(self._bounds, point)]
