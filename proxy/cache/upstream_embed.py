"""The `upstream` embedder: a configured OpenAI-style provider's `/embeddings` endpoint.

Guarantees: one pooled session, opened on `start`; each call is bounded by `timeout_s` and any
failure raises `EmbedFailed` (the semantic layer is then bypassed; the request never fails for
it); vectors come back L2-normalised as float32; recent texts are answered from a small LRU so a
retried or repeated question costs no second call.
"""

from __future__ import annotations

from collections import OrderedDict

import aiohttp
import numpy as np
import orjson
from numpy.typing import NDArray

from proxy.config.policy import ProviderConfig
from proxy.core.http_read import read_capped

_MEMO = 1024


class EmbedFailed(Exception):
    """The embeddings endpoint gave no usable answer; the message says why (never the text)."""


class UpstreamEmbedder:
    """Vectors from the provider's embeddings endpoint; `name` says which model made them."""

    def __init__(self, provider: ProviderConfig, model: str, timeout_s: float) -> None:
        self.name = f"upstream-{model}"
        self._url = provider.base_url.rstrip("/") + "/embeddings"
        self._headers = {"content-type": "application/json", **provider.headers}
        if provider.api_key:
            self._headers["authorization"] = f"Bearer {provider.api_key.value}"
        self._model = model
        self._timeout = aiohttp.ClientTimeout(total=timeout_s)
        self._session: aiohttp.ClientSession | None = None
        self._memo: OrderedDict[str, NDArray[np.float32]] = OrderedDict()
        self.dim = 0

    async def start(self) -> None:
        self._session = aiohttp.ClientSession(headers=self._headers, timeout=self._timeout)

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()

    async def embed(self, texts: list[str]) -> NDArray[np.float32]:
        missing = [t for t in dict.fromkeys(texts) if t not in self._memo]
        if missing:
            for text, vector in zip(missing, await self._call(missing), strict=True):
                self._remember(text, vector)
        return np.stack([self._memo[t] for t in texts])

    def _remember(self, text: str, vector: NDArray[np.float32]) -> None:
        self._memo[text] = vector
        self._memo.move_to_end(text)
        if len(self._memo) > _MEMO:
            self._memo.popitem(last=False)

    async def _call(self, texts: list[str]) -> list[NDArray[np.float32]]:
        if self._session is None:
            raise EmbedFailed("embedder not started")
        payload = orjson.dumps({"model": self._model, "input": texts})
        try:
            async with self._session.post(self._url, data=payload) as resp:
                if resp.status >= 300:
                    raise EmbedFailed(f"embeddings endpoint answered HTTP {resp.status}")
                answer = orjson.loads(await read_capped(resp))
            rows = sorted(answer["data"], key=lambda d: d["index"])
            matrix = np.asarray([row["embedding"] for row in rows], dtype=np.float32)
        except (aiohttp.ClientError, TimeoutError, orjson.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
            raise EmbedFailed(f"embeddings call failed: {type(exc).__name__}") from None
        if matrix.ndim != 2 or len(matrix) != len(texts):
            raise EmbedFailed("embeddings answer does not match the input")
        norms = np.linalg.norm(matrix, axis=1, keepdims=True)
        matrix = (matrix / np.where(norms == 0, 1, norms)).astype(np.float32)
        self.dim = matrix.shape[1]
        return list(matrix)
