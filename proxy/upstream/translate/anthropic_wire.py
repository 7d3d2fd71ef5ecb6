"""Pure translation of OpenAI chat requests to Anthropic Messages (protocol.md section 6).

Guarantees: no I/O and no shared state; a request we cannot express for Anthropic raises
`InvalidRequest` naming the offending field. Answers and errors go the other way in
`anthropic_answers`.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

import orjson

from proxy.core.errors import InvalidRequest

ANTHROPIC_VERSION = "2023-06-01"

JSON_OBJECT_INSTRUCTION = "Respond with a single valid JSON object only, with no text before or after it."
_TOOL_ID_BAD = re.compile(r"[^a-zA-Z0-9_-]")
_DATA_URL = re.compile(r"data:([^;,]+);base64,(.*)", re.DOTALL)


def sanitize_tool_id(tool_id: str) -> str:
    """A tool id matching `^[a-zA-Z0-9_-]+$`; the same input always gives the same output, and ids
    that needed changes get a hash suffix of the original so two distinct ids never collide."""
    clean = _TOOL_ID_BAD.sub("_", tool_id)
    if clean == tool_id and clean:
        return clean
    return f"{clean}_{hashlib.sha256(tool_id.encode()).hexdigest()[:12]}"


def to_anthropic_request(body: dict[str, Any], model: str, *, default_max_tokens: int, stream: bool) -> dict[str, Any]:
    """OpenAI chat request body -> Anthropic Messages body (model = `model`, the deployment's name).

    Fields with no Anthropic meaning (seed, logprobs, logit_bias, penalties, metadata,
    stream_options, ...) are dropped; `n` other than 1 and untranslatable content raise InvalidRequest.
    """
    n = body.get("n")
    if n is not None and n != 1:
        raise InvalidRequest("Anthropic models return a single choice; `n` must be 1.", param="n")
    system, messages = _messages(body.get("messages"))
    out: dict[str, Any] = {"model": model, "max_tokens": _max_tokens(body, default_max_tokens), "messages": messages}
    fmt = body.get("response_format")
    if isinstance(fmt, dict) and fmt.get("type") == "json_object":
        system.append(JSON_OBJECT_INSTRUCTION)
    elif isinstance(fmt, dict) and fmt.get("type") == "json_schema":
        spec = fmt.get("json_schema")
        schema = spec.get("schema") if isinstance(spec, dict) else None
        if not isinstance(schema, dict):
            raise InvalidRequest("response_format.json_schema.schema must be an object.", param="response_format")
        out["output_config"] = {"format": {"type": "json_schema", "schema": schema}}
    elif fmt is not None and not (isinstance(fmt, dict) and fmt.get("type") == "text"):
        raise InvalidRequest("Unsupported response_format for this model.", param="response_format")
    if system:
        out["system"] = "\n\n".join(system)
    stop = body.get("stop")
    stops = [stop] if isinstance(stop, str) else stop if isinstance(stop, list) else []
    # Anthropic rejects sequences that are only whitespace.
    usable = [s for s in stops if isinstance(s, str) and s.strip()]
    if usable:
        out["stop_sequences"] = usable
    temperature = body.get("temperature")
    if temperature is not None:
        out["temperature"] = min(1.0, max(0.0, float(_number(temperature, "temperature"))))
    if body.get("top_p") is not None:
        out["top_p"] = _number(body["top_p"], "top_p")
    _tools(body, out)
    user = body.get("safety_identifier") or body.get("user")
    if isinstance(user, str) and user:
        out["metadata"] = {"user_id": user}
    out["stream"] = stream
    return out


def _number(value: Any, param: str) -> float | int:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidRequest(f"`{param}` must be a number.", param=param)
    return value


def _max_tokens(body: dict[str, Any], default: int) -> int:
    for param in ("max_completion_tokens", "max_tokens"):
        value = body.get(param)
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise InvalidRequest(f"`{param}` must be a positive integer.", param=param)
        return value
    return default


def _tools(body: dict[str, Any], out: dict[str, Any]) -> None:
    tools = body.get("tools")
    if not tools:
        return  # Anthropic refuses a tool_choice without tools, so none is sent either.
    if not isinstance(tools, list):
        raise InvalidRequest("`tools` must be a list.", param="tools")
    converted = []
    for i, tool in enumerate(tools):
        fn = tool.get("function") if isinstance(tool, dict) and tool.get("type", "function") == "function" else None
        if not isinstance(fn, dict) or not isinstance(fn.get("name"), str):
            raise InvalidRequest("Only function tools with a name are supported.", param=f"tools[{i}]")
        entry: dict[str, Any] = {"name": fn["name"]}
        if fn.get("description"):
            entry["description"] = fn["description"]
        entry["input_schema"] = fn.get("parameters") or {"type": "object", "properties": {}}
        converted.append(entry)
    out["tools"] = converted
    choice = body.get("tool_choice")
    result: dict[str, Any] | None
    if choice is None:
        result = None
    elif choice in ("auto", "none"):
        result = {"type": choice}
    elif choice == "required":
        result = {"type": "any"}
    elif isinstance(choice, dict) and isinstance(choice.get("function"), dict) and choice["function"].get("name"):
        result = {"type": "tool", "name": choice["function"]["name"]}
    else:
        raise InvalidRequest("Unsupported tool_choice for this model.", param="tool_choice")
    # Anthropic's `none` choice takes no disable_parallel_tool_use (no tool can be called anyway).
    if body.get("parallel_tool_calls") is False and (result is None or result["type"] != "none"):
        result = {"type": "auto"} if result is None else result
        result["disable_parallel_tool_use"] = True
    if result is not None:
        out["tool_choice"] = result


def _messages(raw: Any) -> tuple[list[str], list[dict[str, Any]]]:
    if not isinstance(raw, list):
        raise InvalidRequest("`messages` must be a list.", param="messages")
    system: list[str] = []
    out: list[dict[str, Any]] = []
    for i, msg in enumerate(raw):
        if not isinstance(msg, dict):
            raise InvalidRequest("Each message must be an object.", param=f"messages[{i}]")
        role = msg.get("role")
        if role in ("system", "developer"):
            text = _text_only(msg.get("content"), f"messages[{i}].content")
            if text:
                system.append(text)
            continue
        if role == "user":
            blocks = _user_blocks(msg.get("content"), f"messages[{i}].content")
        elif role == "tool":
            blocks = [_tool_result(msg, i)]
        elif role == "assistant":
            blocks = _assistant_blocks(msg, i)
        else:
            raise InvalidRequest(f"Unsupported message role {role!r}.", param=f"messages[{i}].role")
        if blocks:
            _append(out, "assistant" if role == "assistant" else "user", blocks)
    return system, out


def _append(out: list[dict[str, Any]], role: str, blocks: list[dict[str, Any]]) -> None:
    """Merge same-role turns; in a user turn every tool_result comes first, as Anthropic requires."""
    if not out or out[-1]["role"] != role:
        out.append({"role": role, "content": blocks})
        return
    merged = out[-1]["content"] + blocks
    if role == "user":
        merged = [b for b in merged if b["type"] == "tool_result"] + [b for b in merged if b["type"] != "tool_result"]
    out[-1]["content"] = merged


def _text_only(content: Any, param: str) -> str:
    if content is None or isinstance(content, str):
        return content or ""
    if not isinstance(content, list):
        raise InvalidRequest("Expected a string or a list of text parts.", param=param)
    texts: list[str] = []
    for j, part in enumerate(content):
        kind = part.get("type") if isinstance(part, dict) else None
        value = part.get(kind) if kind in ("text", "refusal") else None
        if not isinstance(value, str):
            raise InvalidRequest(f"Content part type {kind!r} is not supported here.", param=f"{param}[{j}]")
        texts.append(value)
    return "".join(texts)


def _user_blocks(content: Any, param: str) -> list[dict[str, Any]]:
    if content is None or isinstance(content, str):
        # Anthropic rejects empty text blocks; an empty turn is simply left out.
        return [{"type": "text", "text": content}] if content else []
    if not isinstance(content, list):
        raise InvalidRequest("Message content must be a string or a list of parts.", param=param)
    blocks: list[dict[str, Any]] = []
    for j, part in enumerate(content):
        kind = part.get("type") if isinstance(part, dict) else None
        if kind == "text" and isinstance(part.get("text"), str):
            if part["text"]:
                blocks.append({"type": "text", "text": part["text"]})
        elif kind == "image_url":
            blocks.append(_image(part.get("image_url"), f"{param}[{j}]"))
        else:
            raise InvalidRequest(f"Content part type {kind!r} is not supported for this model.", param=f"{param}[{j}]")
    return blocks


def _image(spec: Any, param: str) -> dict[str, Any]:
    url = spec.get("url") if isinstance(spec, dict) else spec
    if isinstance(url, str):
        data = _DATA_URL.fullmatch(url)
        if data:
            source = {"type": "base64", "media_type": data.group(1).strip().lower(), "data": data.group(2)}
            return {"type": "image", "source": source}
        if url.startswith(("https://", "http://")):
            return {"type": "image", "source": {"type": "url", "url": url}}
    raise InvalidRequest("image_url must be an http(s) URL or a base64 data: URL.", param=param)


def _tool_result(msg: dict[str, Any], i: int) -> dict[str, Any]:
    tool_id = msg.get("tool_call_id")
    if not isinstance(tool_id, str) or not tool_id:
        raise InvalidRequest("A tool message needs a tool_call_id.", param=f"messages[{i}].tool_call_id")
    block: dict[str, Any] = {"type": "tool_result", "tool_use_id": sanitize_tool_id(tool_id)}
    content = msg.get("content")
    if isinstance(content, list):
        block["content"] = _user_blocks(content, f"messages[{i}].content")
    elif content:
        block["content"] = _text_only(content, f"messages[{i}].content")
    return block


def _assistant_blocks(msg: dict[str, Any], i: int) -> list[dict[str, Any]]:
    blocks: list[dict[str, Any]] = []
    text = _text_only(msg.get("content"), f"messages[{i}].content")
    if text:
        blocks.append({"type": "text", "text": text})
    calls = msg.get("tool_calls") or []
    if not isinstance(calls, list):
        raise InvalidRequest("`tool_calls` must be a list.", param=f"messages[{i}].tool_calls")
    for j, call in enumerate(calls):
        param = f"messages[{i}].tool_calls[{j}]"
        fn = call.get("function") if isinstance(call, dict) else None
        if not isinstance(fn, dict) or not isinstance(fn.get("name"), str) or not isinstance(call.get("id"), str):
            raise InvalidRequest("A tool call needs an id and a function name.", param=param)
        arguments = fn.get("arguments") or "{}"
        try:
            args = orjson.loads(arguments) if isinstance(arguments, str) else None
        except orjson.JSONDecodeError:
            args = None
        if not isinstance(args, dict):
            raise InvalidRequest("Tool call arguments must be a JSON object.", param=f"{param}.function.arguments")
        blocks.append({"type": "tool_use", "id": sanitize_tool_id(call["id"]), "name": fn["name"], "input": args})
    return blocks
