"""Non-streamed chat answers: usage and finish reason recorded, the alias shown to the caller.

Guarantees: the upstream's bytes are returned unchanged unless the model name must be replaced
by the alias; a body that is not a JSON object is passed on as is.
"""

from __future__ import annotations

import orjson

from proxy.exchange import Exchange, Headers, JsonReply, Usage
from proxy.providers.base import ChatResponse

JSON_CONTENT_TYPE = (b"content-type", b"application/json")


def upstream_request_id(headers: Headers) -> str | None:
    for name, value in headers:
        if name == b"x-upstream-request-id":
            return value.decode("latin-1")
    return None


def json_reply(ex: Exchange, resp: ChatResponse) -> JsonReply:
    body = resp.body
    headers: Headers = [JSON_CONTENT_TYPE, *(h for h in resp.headers if h[0] != b"content-type")]
    ex.upstream_request_id = upstream_request_id(resp.headers)
    try:
        obj = orjson.loads(body)
    except orjson.JSONDecodeError:
        return JsonReply(resp.status, body, headers)
    if type(obj) is not dict:
        return JsonReply(resp.status, body, headers)
    usage = obj.get("usage")
    if type(usage) is dict:
        ex.usage = Usage.from_openai(usage)
    choices = obj.get("choices")
    if type(choices) is list and choices and type(choices[0]) is dict:
        ex.finish_reason = choices[0].get("finish_reason")
    if "model" in obj and obj["model"] != ex.alias:
        obj["model"] = ex.alias
        body = orjson.dumps(obj)
    return JsonReply(resp.status, body, headers)
