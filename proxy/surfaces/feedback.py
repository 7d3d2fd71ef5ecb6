"""The `/v1/feedback` surface: a user's rating of one answer, recorded against its experiment variant.

Guarantees: the body is checked and recorded by `proxy.experiments.feedback.record_feedback` (who may
rate what, once, within the window) for the caller's own key; the answer is that function's JSON.
"""

from __future__ import annotations

from typing import Protocol

from proxy.core.asgi import Scope
from proxy.core.exchange import Exchange, JsonReply, Reply
from proxy.core.surface import Surface
from proxy.experiments.feedback import record_feedback
from proxy.experiments.service import Experiments

FEEDBACK_SURFACE = Surface("feedback")  # its body is read by `record_feedback`, not the stages


class HasExperiments(Protocol):
    """What the feedback terminal needs of the live policy."""

    @property
    def experiments(self) -> Experiments: ...


async def feedback_terminal(rt: HasExperiments, ex: Exchange, scope: Scope) -> Reply:
    body = await record_feedback(rt.experiments, ex.tenant, ex.raw_body)
    return JsonReply(200, body, [(b"content-type", b"application/json")])
