"""An external classifier over HTTP: an OpenAI-compatible moderation endpoint or a webhook.

Guarantees: one pooled aiohttp session per classifier, opened at start-up; each call is bounded by
`timeout_s`; any failure (timeout, connection, non-2xx status, unexpected body) raises
`ClassifierFailed` so the caller applies the guardrail's fail-open/closed policy; labels are
reduced to short safe names before they reach verdicts (they become log fields).

Webhook contract: POST `{"texts": [...], "request_id": "..."}`; answer
`{"flagged": bool, "score": 0..1 (optional), "labels": [str] (optional)}`; flagged when `flagged` is
true or `score` >= `threshold`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import aiohttp
import orjson

from proxy.config.guardrails import GuardrailDef
from proxy.core.http_read import AnswerTooLarge, read_capped
from proxy.core.patterns import compile_linear

_LABEL = compile_linear(r"^[A-Za-z0-9_./-]{1,48}$")
_MAX_LABELS = 8


class ClassifierFailed(Exception):
    """The classifier gave no usable answer; the message says why (no request text in it)."""


@dataclass(frozen=True, slots=True)
class Classification:
    flagged: bool
    labels: tuple[str, ...]


class HttpClassifier:
    """Calls the configured endpoint; `start`/`close` bracket the app's lifetime."""

    def __init__(self, gdef: GuardrailDef) -> None:
        self._def = gdef
        self._session: aiohttp.ClientSession | None = None

    async def start(self) -> None:
        headers = {"content-type": "application/json"}
        if self._def.api_key:
            headers["authorization"] = f"Bearer {self._def.api_key.value}"
        self._session = aiohttp.ClientSession(
            headers=headers,
            timeout=aiohttp.ClientTimeout(total=self._def.timeout_s),
            json_serialize=lambda obj: orjson.dumps(obj).decode(),
        )

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()

    async def classify(self, texts: list[str], request_id: str) -> Classification:
        if self._session is None:
            raise ClassifierFailed("classifier not started")
        payload: dict[str, Any]
        if self._def.kind == "openai_moderation":
            payload = {"input": texts}
            if self._def.model:
                payload["model"] = self._def.model
        else:
            payload = {"texts": texts, "request_id": request_id}
        try:
            async with self._session.post(self._def.url, data=orjson.dumps(payload)) as resp:
                if resp.status >= 300:
                    raise ClassifierFailed(f"classifier answered HTTP {resp.status}")
                answer = orjson.loads(await read_capped(resp))
        except (aiohttp.ClientError, TimeoutError, orjson.JSONDecodeError, AnswerTooLarge) as exc:
            raise ClassifierFailed(f"classifier call failed: {type(exc).__name__}") from None
        if self._def.kind == "openai_moderation":
            return _moderation_result(answer)
        return _webhook_result(answer, self._def.threshold)


def _moderation_result(answer: Any) -> Classification:
    results = answer.get("results") if isinstance(answer, dict) else None
    if not isinstance(results, list):
        raise ClassifierFailed("moderation answer has no results list")
    flagged = False
    labels: list[str] = []
    for result in results:
        if not isinstance(result, dict):
            raise ClassifierFailed("moderation result is not an object")
        flagged = flagged or result.get("flagged") is True
        categories = result.get("categories")
        if isinstance(categories, dict):
            labels += [name for name, on in categories.items() if on is True]
    return Classification(flagged, _safe_labels(labels))


def _webhook_result(answer: Any, threshold: float) -> Classification:
    if not isinstance(answer, dict) or not ("flagged" in answer or "score" in answer):
        raise ClassifierFailed("webhook answer needs 'flagged' or 'score'")
    score = answer.get("score")
    flagged = answer.get("flagged") is True or (isinstance(score, int | float) and score >= threshold)
    labels = answer.get("labels")
    return Classification(flagged, _safe_labels(labels if isinstance(labels, list) else []))


def _safe_labels(labels: list[Any]) -> tuple[str, ...]:
    safe = sorted({label for label in labels if isinstance(label, str) and _LABEL.search(label)})
    return tuple(safe[:_MAX_LABELS])
