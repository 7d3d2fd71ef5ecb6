"""The simpler OpenAI endpoints: legacy completions, moderations, models, and unknown paths."""

from __future__ import annotations

import re
from typing import Any

from aiohttp import web

from llm_proxy_mock.chat import text_pieces, token_limit, wants_usage
from llm_proxy_mock.exchange import ApiError, Exchange, model_not_found, serve
from llm_proxy_mock.openai_wire import MISSING_MODEL, ChunkEncoder, answer_model, count_words
from llm_proxy_mock.streaming import StreamPlan, send_stream

MOCK_MODEL = "mock-model"
MODEL_CREATED = 1_700_000_000
MODERATION_MODEL = "omni-moderation-latest"
FLAG_MARKER = "MOCK-FLAG-ME"

# Method per known path, so that an unknown path is a 404 and a wrong method a 405, both as envelopes.
KNOWN_ROUTES: dict[str, str] = {
    "/v1/chat/completions": "POST",
    "/v1/completions": "POST",
    "/v1/embeddings": "POST",
    "/v1/messages": "POST",
    "/v1/messages/count_tokens": "POST",
    "/v1/moderations": "POST",
    "/v1/models": "GET",
    "/v1/responses": "POST",
    "/v1/responses/input_tokens": "POST",
    "/v1/conversations": "POST",
}
# Paths with ids (also under Azure's /openai/v1), first match wins; the methods as the 405 names them.
KNOWN_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(r"(?:/openai)?/v1/" + pattern), methods)
    for pattern, methods in (
        ("models/[^/]+", "GET"),
        ("responses", "POST"),
        ("responses/input_tokens", "POST"),
        ("responses/[^/]+", "GET or DELETE"),
        ("responses/[^/]+/cancel", "POST"),
        ("responses/[^/]+/input_items", "GET"),
        ("conversations", "POST"),
        ("conversations/[^/]+", "GET, POST or DELETE"),
        ("conversations/[^/]+/items", "GET or POST"),
        ("conversations/[^/]+/items/[^/]+", "GET or DELETE"),
    )
)


def _prompt_text(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        return "\n".join(value)
    raise ApiError(400, "'prompt' must be a string or a list of strings.", param="prompt")


def _text_usage(prompt_tokens: int, completion_tokens: int) -> dict[str, int]:
    return {
        "prompt_tokens": prompt_tokens,
        "completion_tokens": completion_tokens,
        "total_tokens": prompt_tokens + completion_tokens,
    }


async def _completions(ex: Exchange) -> web.StreamResponse:
    payload = ex.json_object()
    model = ex.model(payload)
    prompt_tokens = count_words(_prompt_text(payload.get("prompt")))
    pieces, finish_reason = text_pieces(ex.knobs, token_limit(payload))
    stream = payload.get("stream") is True
    early = await ex.preamble(stream=stream)
    if early is not None:
        return early
    model = answer_model(model, ex.knobs)
    usage = _text_usage(prompt_tokens, len(pieces))
    id_ = f"cmpl-mock{ex.serial:06d}"
    if not stream:
        return await ex.send_json(
            {
                "id": id_,
                "object": "text_completion",
                "created": ex.created,
                "model": model,
                "choices": [{"text": "".join(pieces), "index": 0, "logprobs": None, "finish_reason": finish_reason}],
                "usage": usage,
            }
        )
    include_usage = wants_usage(payload)
    enc = ChunkEncoder(
        object_="text_completion",
        id_=id_,
        created=ex.created,
        model=model,
        usage_null=include_usage or ex.knobs.usage_on_every_chunk,
        fingerprint=False,
    )
    body = [enc.choice({"text": p, "index": 0, "logprobs": None, "finish_reason": None}) for p in pieces]
    tail = [enc.choice({"text": "", "index": 0, "logprobs": None, "finish_reason": finish_reason})]
    if include_usage:
        tail.append(enc.usage_chunk(usage))
    return await send_stream(ex, StreamPlan([], body, tail))


async def completions(request: web.Request) -> web.StreamResponse:
    """`POST /v1/completions` (legacy text completions)."""
    return await serve(request, _completions, scripted=True)


async def _moderations(ex: Exchange) -> web.StreamResponse:
    payload = ex.json_object()
    value = payload.get("input")
    if isinstance(value, str):
        inputs = [value]
    elif isinstance(value, list) and value:
        inputs = value
    else:
        raise ApiError(400, "'input' must be a string or a non-empty list.", param="input")
    model = payload.get("model")
    model = model if isinstance(model, str) and model else MODERATION_MODEL
    if model == MISSING_MODEL:
        raise model_not_found(model)
    early = await ex.preamble(stream=False)
    if early is not None:
        return early
    results = [_moderation_result(item) for item in inputs]
    return await ex.send_json(
        {"id": f"modr-mock{ex.serial:06d}", "model": answer_model(model, ex.knobs), "results": results}
    )


def _moderation_result(item: object) -> dict[str, object]:
    """Flags (as `violence`) exactly the text inputs that contain FLAG_MARKER, so tests can choose."""
    flagged = isinstance(item, str) and FLAG_MARKER in item
    return {"flagged": flagged, "categories": {"violence": flagged}, "category_scores": {"violence": float(flagged)}}


async def moderations(request: web.Request) -> web.StreamResponse:
    """`POST /v1/moderations`: flags the inputs that contain FLAG_MARKER, nothing else."""
    return await serve(request, _moderations)


def _model_object(model_id: str) -> dict[str, Any]:
    return {"id": model_id, "object": "model", "created": MODEL_CREATED, "owned_by": "mock"}


async def _models(ex: Exchange) -> web.StreamResponse:
    model_id = ex.request.match_info.get("model")
    if model_id == MISSING_MODEL:
        raise model_not_found(model_id)
    early = await ex.preamble(stream=False)
    if early is not None:
        return early
    if model_id is not None:
        return await ex.send_json(_model_object(model_id))
    return await ex.send_json({"object": "list", "data": [_model_object(MOCK_MODEL)]})


async def models(request: web.Request) -> web.StreamResponse:
    """`GET /v1/models` (just `mock-model`) and `GET /v1/models/{model}` (any name but the missing one)."""
    return await serve(request, _models)


async def _unknown_route(ex: Exchange) -> web.StreamResponse:
    path = ex.request.path
    method = KNOWN_ROUTES.get(path) or next((m for p, m in KNOWN_PATTERNS if p.fullmatch(path)), None)
    if method is None:
        raise ApiError(404, f"Invalid URL ({ex.request.method} {path})", code="unknown_url")
    raise ApiError(405, f"Method {ex.request.method} not allowed for {path}; use {method}.", code="method_not_allowed")


async def unknown_route(request: web.Request) -> web.StreamResponse:
    """Any other path or method: a 404 or 405 OpenAI error envelope (recorded, to debug path mapping)."""
    return await serve(request, _unknown_route)
