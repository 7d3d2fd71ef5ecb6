"""Server-wide fault state: the scripted knob sequence (`/_mock/script`) and the answer counters
(`/_mock/stats`). Random faults (`fail_rate`, `stall_rate`) draw from the app's seeded RNG."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from llm_proxy_mock.knobs import KnobError, parse_object
from llm_proxy_mock.recorder import Record


@dataclass(slots=True)
class Script:
    """Knob sets that successive model requests take, in arrival order, as their server-wide defaults.

    When the steps run out the server's normal defaults apply again, or the steps start over if
    `repeat` is set.
    """

    steps: list[dict[str, Any]] = field(default_factory=list)
    repeat: bool = False
    taken: int = 0

    @classmethod
    def parse(cls, body: Any) -> Script:
        """The script in a `POST /_mock/script` body `{"steps": [{knobs}...], "repeat": bool}`."""
        if not isinstance(body, dict) or not isinstance(body.get("steps"), list):
            raise KnobError("The body must be {'steps': [{knobs}, ...], 'repeat': bool}.", "steps", "invalid_script")
        unknown = set(body) - {"steps", "repeat"}
        if unknown:
            raise KnobError(f"Unknown script field(s): {', '.join(sorted(unknown))}", "steps", "invalid_script")
        repeat = body.get("repeat", False)
        if not isinstance(repeat, bool):
            raise KnobError("'repeat' must be a boolean.", "repeat", "invalid_script")
        steps = []
        for i, step in enumerate(body["steps"]):
            if not isinstance(step, dict):
                raise KnobError(f"steps[{i}] must be a JSON object of knobs", f"steps[{i}]", "invalid_script")
            steps.append(parse_object(step, f"steps[{i}]"))
        return cls(steps, repeat)

    def take(self) -> tuple[int, dict[str, Any]] | None:
        """The next step (its index and knobs), or None when there is none left."""
        if not self.steps or (self.taken >= len(self.steps) and not self.repeat):
            return None
        index = self.taken % len(self.steps)
        self.taken += 1
        return index, self.steps[index]

    def describe(self) -> dict[str, Any]:
        """The `GET /_mock/script` view."""
        remaining = None if self.repeat else max(0, len(self.steps) - self.taken)
        return {"steps": self.steps, "repeat": self.repeat, "taken": self.taken, "remaining": remaining}


@dataclass(slots=True)
class Stats:
    """How the recorded requests ended: by status sent, or `dropped` / `disconnected` / `error`."""

    requests: int = 0
    in_flight: int = 0
    by_status: Counter[str] = field(default_factory=Counter)

    def started(self) -> None:
        """A request arrived."""
        self.requests += 1
        self.in_flight += 1

    def ended(self, record: Record) -> None:
        """The handler for `record` returned or was cancelled."""
        self.in_flight -= 1
        if record.dropped:
            outcome = "dropped"
        elif record.disconnected:
            outcome = "disconnected"
        elif record.status is not None:
            outcome = str(record.status)
        else:
            outcome = "error"
        self.by_status[outcome] += 1

    def reset(self) -> None:
        """Forget the counts of requests that have ended (in-flight ones are still counted)."""
        self.requests = self.in_flight
        self.by_status.clear()

    def describe(self) -> dict[str, Any]:
        """The `GET /_mock/stats` view."""
        return {"requests": self.requests, "by_status": dict(self.by_status), "in_flight": self.in_flight}
