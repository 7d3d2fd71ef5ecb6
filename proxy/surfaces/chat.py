"""Chat answers shaped for the caller: usage and finish reason recorded, the alias shown back.

Guarantees: non-streamed upstream bytes are returned unchanged unless the model name must be
replaced by the alias (the provider already decoded and checked the answer); streams get SSE
headers that stop intermediaries from buffering and go through the ChatRelay.
"""

from __future__ import annotations

import orjson

from proxy.core.exchange import Exchange, Headers, JsonReply, Reply, StreamReply, Usage
from proxy.surfaces.relay import ChatRelay
from proxy.upstream.providers.base import ChatEventStream, ChatResponse

SSE_HEADERS: Headers = [
    (b"content-type", b"text/event-stream; charset=utf-8"),
    (b"cache-control", b"no-cache"),
    (b"x-accel-buffering", b"no"),
]
_SSE_OWN = frozenset(name for name, _ in SSE_HEADERS)

JSON_CONTENT_TYPE = (b"content-type", b"application/json")


def chat_reply(ex: Exchange, answer: ChatResponse | ChatEventStream) -> Reply:
    if isinstance(answer, ChatResponse):
        return json_reply(ex, answer)
    ex.upstream_request_id = upstream_request_id(answer.headers)
    headers = SSE_HEADERS + [h for h in answer.headers if h[0] not in _SSE_OWN]
    return StreamReply(answer.status, ChatRelay(ex, answer).events(), headers)


def upstream_request_id(headers: Headers) -> str | None:
    for name, value in headers:
        if name == b"x-upstream-request-id":
            return value.decode("latin-1")
    return None


def json_reply(ex: Exchange, resp: ChatResponse) -> JsonReply:
    body = resp.body
    if ex.cache is not None:
        ex.cache.answer = None  # a retried call replaces the first answer
    headers: Headers = [JSON_CONTENT_TYPE, *(h for h in resp.headers if h[0] != b"content-type")]
    ex.upstream_request_id = upstream_request_id(resp.headers)
    obj = resp.obj
    if ex.cache is not None:
        ex.cache.answer = obj  # the cache keeps this parse rather than making its own
    usage = obj.get("usage")
    if type(usage) is dict:
        ex.usage = Usage.from_openai(usage)
    choices = obj.get("choices")
    if type(choices) is list and choices and type(choices[0]) is dict:
        ex.finish_reason = choices[0].get("finish_reason")
        message = choices[0].get("message")
        if ex.captured_answer is not None and type(message) is dict and type(message.get("content")) is str:
            ex.captured_answer.append(message["content"])
    if "model" in obj and obj["model"] != ex.alias:
        obj["model"] = ex.alias
        body = orjson.dumps(obj)
    return JsonReply(resp.status, body, headers)
