"""How the cache keeps and replays the answers of one surface: an answer codec per protocol.

The cache stage is protocol-neutral; what it must know of a protocol's answers comes from the
codec the surface's reply path carries (`proxy.cache.replay.Replayer.codec`):
- `recorder(max_bytes)`: the answer filter that keeps a stream's events and builds its whole answer;
- `cacheable(answer)`: a whole, normal answer worth keeping (finished, not cut by a filter);
- `json_bytes(answer, alias)`: a kept answer as the JSON body a caller gets (zero usage: not billed);
- `stream_events(answer, alias)`: a kept answer as the events of a stream that would produce it;
- `zero_usage(obj)`: make one streamed event report zero usage (a follower was not billed).

Guarantees: chat answers keep the behaviour documented in `proxy.cache.answer`; a surface that
never streams (embeddings) has no recorder and no stream events.
"""

from __future__ import annotations

from typing import Any, Protocol

import orjson

from proxy.cache.answer import ZERO_USAGE, Recorder, StreamRecorder, cacheable, replay_chunks, replay_json


class AnswerCodec(Protocol):
    """A protocol's answers as the cache keeps and replays them."""

    def recorder(self, max_bytes: int) -> Recorder: ...

    def cacheable(self, answer: dict[str, Any]) -> bool: ...

    def json_bytes(self, answer: dict[str, Any], alias: str) -> bytes: ...

    def stream_events(self, answer: dict[str, Any], alias: str) -> list[dict[str, Any]]: ...

    def zero_usage(self, obj: dict[str, Any]) -> bool: ...


class ChatCodec:
    """Chat completions."""

    __slots__ = ()

    def recorder(self, max_bytes: int) -> Recorder:
        return StreamRecorder(max_bytes=max_bytes)

    def cacheable(self, answer: dict[str, Any]) -> bool:
        return cacheable(answer)

    def json_bytes(self, answer: dict[str, Any], alias: str) -> bytes:
        return replay_json(answer, alias)

    def stream_events(self, answer: dict[str, Any], alias: str) -> list[dict[str, Any]]:
        return replay_chunks(answer, alias, include_usage=True)

    def zero_usage(self, obj: dict[str, Any]) -> bool:
        if not isinstance(obj.get("usage"), dict):
            return False
        obj["usage"] = dict(ZERO_USAGE)
        return True


class EmbeddingsCodec:
    """Embeddings lists: kept whole, replayed as JSON only."""

    __slots__ = ()

    def recorder(self, max_bytes: int) -> Recorder:
        raise TypeError("embeddings never stream")

    def cacheable(self, answer: dict[str, Any]) -> bool:
        data = answer.get("data")
        return isinstance(data, list) and bool(data)

    def json_bytes(self, answer: dict[str, Any], alias: str) -> bytes:
        out = dict(answer)
        out.update(model=alias, usage={"prompt_tokens": 0, "total_tokens": 0})
        return orjson.dumps(out)

    def stream_events(self, answer: dict[str, Any], alias: str) -> list[dict[str, Any]]:
        raise TypeError("embeddings never stream")

    def zero_usage(self, obj: dict[str, Any]) -> bool:
        return False


CHAT_CODEC = ChatCodec()
EMBEDDINGS_CODEC = EmbeddingsCodec()
