"""`POST /v1/embeddings`: deterministic unit vectors derived from a hash of each input."""

from __future__ import annotations

import base64
import hashlib
import math
import struct
from typing import Any

from aiohttp import web

from llm_proxy_mock.exchange import ApiError, Exchange, serve
from llm_proxy_mock.openai_wire import answer_model, count_words

DEFAULT_DIMENSIONS = 8
MAX_DIMENSIONS = 8192

EmbeddingInput = str | list[int]


def embedding_vector(item: EmbeddingInput, dimensions: int) -> list[float]:
    """A unit-length vector (to float32 precision) that depends only on `item` and `dimensions`.

    The values are exactly representable as float32, so the float and base64 forms decode equal.
    """
    seed = item.encode() if isinstance(item, str) else b"tokens:" + ",".join(map(str, item)).encode()
    raw = hashlib.shake_256(seed).digest(4 * dimensions)
    values = [u / 2**31 - 1.0 for u in struct.unpack(f"<{dimensions}I", raw)]
    norm = math.sqrt(sum(v * v for v in values)) or 1.0
    as_f32 = struct.pack(f"<{dimensions}f", *(v / norm for v in values))
    return list(struct.unpack(f"<{dimensions}f", as_f32))


def encode_base64(vector: list[float]) -> str:
    """The OpenAI base64 form: little-endian float32 values."""
    return base64.b64encode(struct.pack(f"<{len(vector)}f", *vector)).decode()


def _is_tokens(value: Any) -> bool:
    return (
        isinstance(value, list) and bool(value) and all(isinstance(t, int) and not isinstance(t, bool) for t in value)
    )


def parse_input(value: Any) -> list[EmbeddingInput]:
    """The embedding inputs of `input` (str | list[str] | list[int] | list[list[int]]), else 400.

    Empty strings are refused, as OpenAI does.
    """
    if isinstance(value, str) and value:
        return [value]
    if _is_tokens(value):
        return [value]
    if isinstance(value, list) and value:
        if all(isinstance(v, str) and v for v in value):
            return list(value)
        if all(_is_tokens(v) for v in value):
            return list(value)
    raise ApiError(
        400,
        "'input' must be a string, a list of strings, a list of tokens or a list of "
        "token lists, and neither it nor any string in it may be empty.",
        param="input",
    )


def _dimensions(payload: dict[str, Any]) -> int:
    value = payload.get("dimensions", DEFAULT_DIMENSIONS)
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_DIMENSIONS:
        raise ApiError(400, f"'dimensions' must be an integer in 1..{MAX_DIMENSIONS}.", param="dimensions")
    return value


async def _embeddings(ex: Exchange) -> web.StreamResponse:
    payload = ex.json_object()
    model = ex.model(payload)
    items = parse_input(payload.get("input"))
    dimensions = _dimensions(payload)
    encoding = payload.get("encoding_format", "float")
    if encoding not in ("float", "base64"):
        raise ApiError(400, "'encoding_format' must be 'float' or 'base64'.", param="encoding_format")
    early = await ex.preamble(stream=False)
    if early is not None:
        return early
    data = []
    for index, item in enumerate(items):
        vector = embedding_vector(item, dimensions)
        data.append(
            {
                "object": "embedding",
                "index": index,
                "embedding": encode_base64(vector) if encoding == "base64" else vector,
            }
        )
    tokens = sum(count_words(i) if isinstance(i, str) else len(i) for i in items)
    return await ex.send_json(
        {
            "object": "list",
            "data": data,
            "model": answer_model(model, ex.knobs),
            "usage": {"prompt_tokens": tokens, "total_tokens": tokens},
        }
    )


async def embeddings(request: web.Request) -> web.StreamResponse:
    """`POST /v1/embeddings` (and the Azure embeddings paths)."""
    return await serve(request, _embeddings, scripted=True)
