"""Runs stages in table order on the way in and in reverse on the way out, always."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from proxy.core.errors import InternalError, ProxyError
from proxy.core.exchange import Exchange, Reply, Trace
from proxy.core.stage import Stage

log = logging.getLogger("proxy.pipeline")


class Pipeline:
    """The stages for one endpoint kind.

    Guarantees: `run_response` calls `on_response` of exactly the stages whose `on_request` ran
    (including one that refused), newest first, and never raises; an unexpected exception in a
    gatekeeping stage becomes an InternalError (fail closed), in an observe-only stage it is logged.
    A traced request gets a child span per `on_request`; an untraced one pays one attribute check.
    """

    __slots__ = ("stages",)

    def __init__(self, stages: Sequence[Stage]) -> None:
        self.stages = tuple(stages)

    async def run_request(self, ex: Exchange, entered: list[Stage]) -> Reply | None:
        if ex.trace is not None:
            return await self._run_request_traced(ex, entered, ex.trace)
        for stage in self.stages:
            entered.append(stage)
            try:
                reply = await stage.on_request(ex)
            except ProxyError:
                raise
            except Exception as exc:
                if stage.observe_only:
                    log.exception("observe-only stage %s failed in on_request", stage.name)
                    continue
                raise InternalError(f"internal error in stage '{stage.name}'") from exc
            if reply is not None:
                return reply
        return None

    async def _run_request_traced(self, ex: Exchange, entered: list[Stage], trace: Trace) -> Reply | None:
        """`run_request` with a child span per stage, taken only for traced requests (keep the two in step)."""
        for stage in self.stages:
            entered.append(stage)
            span = trace.start_stage(stage.name)
            try:
                reply = await stage.on_request(ex)
                if reply is not None:
                    span.answered()
            except ProxyError as err:
                span.failed(err)
                raise
            except Exception as exc:
                span.failed(exc)
                if stage.observe_only:
                    log.exception("observe-only stage %s failed in on_request", stage.name)
                    continue
                raise InternalError(f"internal error in stage '{stage.name}'") from exc
            finally:
                span.end()
            if reply is not None:
                return reply
        return None

    async def run_response(self, ex: Exchange, entered: list[Stage]) -> None:
        for stage in reversed(entered):
            try:
                await stage.on_response(ex)
            except Exception:
                log.exception("stage %s failed in on_response", stage.name)
