"""`POST /v1/feedback`: a user's rating of one answer, tied to the variant that produced it.

Body: `{"request_id": "<x-request-id of the answer>", "score": 0..1}` or `{"request_id": ..., "label":
"thumbs_up"}` (labels and the score each counts as come from `feedback.labels`), or both.
Guarantees: only the key (tenant) that made the request can rate it, within `feedback.window_s`;
a request is rated once (a second rating is refused with 409, so a double click cannot count
twice); a request that was not served by an experiment variant is refused with 404. Answer:
`{"object": "feedback", "request_id", "experiment", "variant", "score", "label"}`.
"""

from __future__ import annotations

import contextlib
import math
from typing import Any

import orjson

from proxy.core.errors import Fault, InvalidRequest, ProxyError
from proxy.core.json_body import parse_json_object
from proxy.experiments.service import Experiments, feedback_key, request_key
from proxy.state.base import StoreUnavailable

_FIELDS = frozenset({"request_id", "score", "label", "comment"})
_MAX_ID = 128


class RequestNotFound(ProxyError):
    status = 404
    type_ = "invalid_request_error"
    code = "request_not_found"
    fault = Fault.CALLER


class FeedbackUnavailable(ProxyError):
    status = 503
    type_ = "server_error"
    code = "unavailable"
    fault = Fault.PROXY


class FeedbackExists(ProxyError):
    status = 409
    type_ = "invalid_request_error"
    code = "feedback_exists"
    fault = Fault.CALLER


def parse_feedback(raw: bytes, labels: dict[str, float]) -> tuple[str, float | None, str | None]:
    """(request id, score, label) from the body, or a 400 naming the field to fix."""
    body = parse_json_object(raw)
    unknown = sorted(set(body) - _FIELDS)
    if unknown:
        raise InvalidRequest(f"Unknown field '{unknown[0]}'; send request_id and score or label.", param=unknown[0])
    request_id = body.get("request_id")
    if not isinstance(request_id, str) or not 0 < len(request_id) <= _MAX_ID:
        raise InvalidRequest(
            "'request_id' must be the x-request-id header of the answer being rated (a string).", param="request_id"
        )
    score, label = body.get("score"), body.get("label")
    if score is None and label is None:
        raise InvalidRequest("Send a 'score' (a number from 0 to 1) or a 'label'.", param="score")
    if score is not None and (
        not isinstance(score, int | float) or isinstance(score, bool) or not math.isfinite(score) or not 0 <= score <= 1
    ):
        raise InvalidRequest("'score' must be a number from 0 (worst) to 1 (best).", param="score")
    if label is not None and (not isinstance(label, str) or label not in labels):
        raise InvalidRequest(f"'label' must be one of {', '.join(sorted(labels))}.", param="label")
    if score is None and label is not None:
        score = labels[label]
    return request_id, (float(score) if score is not None else None), label


async def record_feedback(experiments: Experiments, tenant: str | None, raw: bytes) -> bytes:
    """Validate, tie to the request's variant, count once; the answer body."""
    request_id, score, label = parse_feedback(raw, experiments.labels)
    if not experiments:
        raise RequestNotFound("This proxy runs no experiments; /v1/feedback rates answers of experiment variants.")
    try:
        return await _record(experiments, tenant, request_id, score, label)
    except StoreUnavailable as exc:
        raise FeedbackUnavailable("The rating cannot be recorded right now (shared state unavailable); retry.") from exc


async def _record(
    experiments: Experiments, tenant: str | None, request_id: str, score: float | None, label: str | None
) -> bytes:
    store = experiments.store
    found = (await store.get_members([request_key(tenant, request_id)]))[0]
    tied = [m.split("\x1f", 1) for m in sorted(found) if "\x1f" in m]
    live = [(name, variant) for name, variant in tied if name in experiments.config]
    if not live:
        raise RequestNotFound(
            f"No request '{request_id}' served by an experiment is known for this key (ratings are accepted "
            f"for {experiments.window_s / 86400:g} days). Use the x-request-id header of the answer."
        )
    name, variant = live[0]
    once = feedback_key(tenant, request_id)
    if await store.add_spend(once, 1.0, experiments.window_s) > 1:
        raise FeedbackExists(f"Request '{request_id}' was already rated; each answer counts once.")
    try:
        await experiments.rate(name, variant, score, label)
    except StoreUnavailable:
        with contextlib.suppress(StoreUnavailable):  # best effort: the retry the 503 asks for should count
            await store.add_spend(once, -1.0, experiments.window_s)
        raise
    answer: dict[str, Any] = {
        "object": "feedback",
        "request_id": request_id,
        "experiment": name,
        "variant": variant,
        "score": score,
        "label": label,
    }
    return orjson.dumps(answer)
