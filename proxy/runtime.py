"""Everything one app instance needs per process, built from a Policy (no module-level state)."""

from __future__ import annotations

import itertools
import re
import secrets
import time

import orjson

from proxy.config import Policy
from proxy.observability.logging import AccessLog
from proxy.observability.metrics import Metrics
from proxy.pipeline import Pipeline
from proxy.providers import build_providers
from proxy.stages import build_pipelines, build_stages
from proxy.upstream import Upstream

_CALLER_REQUEST_ID = re.compile(rb"[A-Za-z0-9._:@/+=-]{1,128}")


class RequestIds:
    """Unique ids without a syscall per request: a random per-process prefix and a counter."""

    __slots__ = ("_counter", "_prefix")

    def __init__(self) -> None:
        self._prefix = "req_" + secrets.token_hex(6)
        self._counter = itertools.count(1)

    def next(self, caller_value: bytes | None) -> str:
        if caller_value is not None and _CALLER_REQUEST_ID.fullmatch(caller_value):
            return caller_value.decode("ascii")
        return f"{self._prefix}{next(self._counter):08x}"


class Runtime:
    """The live policy with its providers, pipelines, metrics and log."""

    def __init__(self, policy: Policy, access_log: AccessLog | None = None) -> None:
        self.policy = policy
        self.metrics = Metrics(frozenset(policy.models)) if policy.metrics.enabled else None
        self.access_log = access_log or AccessLog(policy.logging.requests)
        self.pipelines: dict[str, Pipeline] = build_pipelines(build_stages(policy, self.metrics, self.access_log))
        self.upstream = Upstream(build_providers(policy))
        self.request_ids = RequestIds()
        self.models_list = _models_list(policy)
        self.draining = False

    async def start(self) -> None:
        await self.upstream.start()

    async def close(self) -> None:
        await self.upstream.close()


def _models_list(policy: Policy) -> dict[str, bytes]:
    created = int(time.time())
    entries = {
        alias: {"id": alias, "object": "model", "created": created, "owned_by": model.owned_by}
        for alias, model in policy.models.items()
    }
    out = {alias: orjson.dumps(entry) for alias, entry in entries.items()}
    out[""] = orjson.dumps({"object": "list", "data": list(entries.values())})
    return out
