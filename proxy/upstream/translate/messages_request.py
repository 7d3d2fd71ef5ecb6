"""Pure translation of an Anthropic Messages request into a Chat Completions request (protocol.md section 11).

Used when a `/v1/messages` request is routed to a deployment that speaks chat completions
(OpenAI, Azure, OpenAI-compatible servers). Guarantees: no I/O and no shared state; the mapping
follows protocol.md section 11 row by row; anything that would change what the model does and
that chat completions cannot carry raises `InvalidRequest` (400) naming the field (path and
index) and saying what to send instead.

Unlike the Responses translation, unknown top-level fields do not pass through: OpenAI rejects
parameters it does not know, and a Messages field is never a chat field by accident.

Deliberately dropped, not refused:
- `cache_control` (anywhere), `citations` settings, a text block's `citations`: caching and
  citations are Anthropic features; the answer is the same without them.
- `thinking` / `redacted_thinking` blocks: another model's signed reasoning, unreadable here.
- `top_k`: chat completions has no equivalent sampling parameter.
- `service_tier`: Anthropic's tiers are not OpenAI's; the deployment's default applies.
- assistant turns left with neither text nor tool calls (only thinking): chat has no empty turn.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

import orjson

from proxy.core.errors import InvalidRequest

_MAX_STOP = 4  # chat completions accepts at most four stop sequences
_MAX_SAFETY_ID = 64  # OpenAI's limit on `safety_identifier`
_EFFORTS = ("low", "medium", "high")
_REFUSED_FIELDS = {
    "mcp_servers": "MCP servers are connected by Anthropic's API",
    "container": "code-execution containers run on Anthropic's API",
}
# `context_management` (Anthropic clearing old tool results server-side) is dropped, not refused:
# it only trims what the model re-reads, Claude Code may send it with a beta, and a chat model
# reads the whole conversation anyway.
_CHOICES = {"auto": "auto", "any": "required", "none": "none"}
_REASONING_MODEL = re.compile(r"^(?:o[134](?:-|$)|gpt-5(?:[.-]|$))")
_NOT_REASONING = re.compile(r"^(?:o1-(?:mini|preview)|gpt-5-chat)")


def takes_reasoning_effort(model: str) -> bool:
    """True for OpenAI reasoning models (o1, o3*, o4*, gpt-5*), which accept `reasoning_effort`.

    gpt-5-chat* is not a reasoning model, and o1-mini / o1-preview predate the parameter and
    reject it. A `provider/` prefix is ignored.
    """
    name = model.rsplit("/", 1)[-1].lower()
    return bool(_REASONING_MODEL.match(name)) and not _NOT_REASONING.match(name)


def to_chat_request(body: dict[str, Any], *, stream: bool, reasoning: bool) -> dict[str, Any]:
    """Chat completions body for a Messages request body; `model` is copied as is.

    `reasoning` says whether the deployment's model takes `reasoning_effort` (see
    `takes_reasoning_effort`); only then does `thinking` / `output_config.effort` become one.
    With `stream`, asks for a stream whose last chunk carries the usage.
    """
    for field, why in _REFUSED_FIELDS.items():
        if body.get(field) is not None:
            raise InvalidRequest(
                f"'{field}' cannot be used with this model: {why}, and this model's deployments are not Anthropic's. "
                "Remove it.",
                param=field,
            )
    out: dict[str, Any] = {"model": body.get("model"), "messages": _system(body.get("system"))}
    out["messages"].extend(_messages(body.get("messages")))
    if body.get("max_tokens") is not None:
        out["max_completion_tokens"] = body["max_tokens"]
    for field in ("temperature", "top_p"):
        if body.get(field) is not None:
            out[field] = body[field]
    _stop(body.get("stop_sequences"), out)
    _tools(body, out)
    _metadata(body.get("metadata"), out)
    output_config = _object(body.get("output_config"), "output_config")
    _format(output_config.get("format"), out)
    if reasoning:
        effort = _effort(_object(body.get("thinking"), "thinking"), output_config.get("effort"))
        if effort is not None:
            out["reasoning_effort"] = effort
    if stream:
        out["stream"] = True
        out["stream_options"] = {"include_usage": True}
    return out


def _object(value: Any, param: str) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise InvalidRequest(f"'{param}' must be an object.", param=param)
    return value


def _str(obj: dict[str, Any], field: str, param: str) -> str:
    value = obj.get(field)
    if not isinstance(value, str):
        raise InvalidRequest(f"'{field}' must be a string.", param=f"{param}.{field}")
    return value


# ---------------------------------------------------------------- system and messages


def _system(system: Any) -> list[dict[str, Any]]:
    if system is None or isinstance(system, str):
        return [{"role": "system", "content": system}] if system else []
    if not isinstance(system, list):
        raise InvalidRequest("'system' must be a string or a list of text blocks.", param="system")
    texts = []
    for j, block in enumerate(system):
        if not isinstance(block, dict) or block.get("type") != "text":
            raise InvalidRequest("'system' blocks must be text blocks.", param=f"system[{j}]")
        texts.append(_str(block, "text", f"system[{j}]"))
    text = "\n".join(t for t in texts if t)
    return [{"role": "system", "content": text}] if text else []


def _messages(raw: Any) -> list[dict[str, Any]]:
    if not isinstance(raw, list):
        raise InvalidRequest("'messages' must be a list of messages.", param="messages")
    out: list[dict[str, Any]] = []
    for i, message in enumerate(raw):
        param = f"messages[{i}]"
        if not isinstance(message, dict):
            raise InvalidRequest("Each message must be an object.", param=param)
        role, content = message.get("role"), message.get("content")
        if role not in ("user", "assistant"):
            raise InvalidRequest(
                "A message's 'role' must be 'user' or 'assistant'; put system text in 'system'.", param=f"{param}.role"
            )
        if isinstance(content, str):
            out.append({"role": role, "content": content})
        elif not isinstance(content, list):
            raise InvalidRequest("'content' must be a string or a list of blocks.", param=f"{param}.content")
        elif role == "user":
            out.extend(_user_turn(content, f"{param}.content"))
        else:
            out.extend(_assistant_turn(content, f"{param}.content"))
    return out


def _kind(block: Any, param: str) -> str:
    kind = block.get("type") if isinstance(block, dict) else None
    if not isinstance(kind, str):
        raise InvalidRequest("Each content block must be an object with a 'type'.", param=param)
    return kind


_ALLOWED_BLOCKS = {
    "user": "'text', 'image', 'document' (PDF or plain text) and 'tool_result'",
    "assistant": "'text', 'tool_use' and 'thinking'",
}


def _unsupported(kind: str, role: str, param: str) -> InvalidRequest:
    return InvalidRequest(
        f"Content block type {kind!r} at {param} cannot be sent to this model (it is not an Anthropic model); "
        f"a {role} turn here can hold {_ALLOWED_BLOCKS[role]} blocks only.",
        param=param,
    )


def _user_turn(blocks: list[Any], param: str) -> list[dict[str, Any]]:
    """Tool messages first (chat wants them right after the assistant's calls), then one user message."""
    tools: list[dict[str, Any]] = []
    parts: list[dict[str, Any]] = []
    for j, block in enumerate(blocks):
        where = f"{param}[{j}]"
        kind = _kind(block, where)
        if kind == "text":
            parts.append({"type": "text", "text": _str(block, "text", where)})
        elif kind == "image":
            parts.append(_image(block, where))
        elif kind == "document":
            parts.append(_document(block, where))
        elif kind == "tool_result":
            tools.append(_tool_result(block, where, parts))
        else:
            raise _unsupported(kind, "user", where)
    if not parts:
        return tools
    if len(parts) == 1 and parts[0]["type"] == "text":
        return [*tools, {"role": "user", "content": parts[0]["text"]}]
    return [*tools, {"role": "user", "content": parts}]


def _image(block: dict[str, Any], param: str) -> dict[str, Any]:
    source = _object(block.get("source"), f"{param}.source")
    kind = source.get("type")
    if kind == "base64":
        media_type = _str(source, "media_type", f"{param}.source")
        url = f"data:{media_type};base64,{_str(source, 'data', f'{param}.source')}"
    elif kind == "url":
        url = _str(source, "url", f"{param}.source")
    else:
        raise InvalidRequest(
            f"Image source type {kind!r} cannot be sent to this model; send the image as 'base64' or 'url'.",
            param=f"{param}.source",
        )
    return {"type": "image_url", "image_url": {"url": url}}


def _document(block: dict[str, Any], param: str) -> dict[str, Any]:
    source = _object(block.get("source"), f"{param}.source")
    kind, media_type = source.get("type"), source.get("media_type")
    if kind == "base64" and media_type == "application/pdf":
        title = block.get("title")
        name = title if isinstance(title, str) and title else "document"
        filename = name if name.lower().endswith(".pdf") else f"{name}.pdf"
        file_data = f"data:application/pdf;base64,{_str(source, 'data', f'{param}.source')}"
        return {"type": "file", "file": {"filename": filename, "file_data": file_data}}
    if kind == "text" and media_type in (None, "text/plain"):
        return {"type": "text", "text": _str(source, "data", f"{param}.source")}
    raise InvalidRequest(
        f"Document source type {kind!r} ({media_type!r}) cannot be sent to this model; send a base64 PDF "
        "or plain text ('text' source) inline.",
        param=f"{param}.source",
    )


def _tool_result(block: dict[str, Any], param: str, parts: list[dict[str, Any]]) -> dict[str, Any]:
    """One `tool` message; the result's images go to `parts` (the user message after the tool messages),
    because a chat `tool` message can hold text only."""
    content = block.get("content")
    if content is None or isinstance(content, str):
        text = content or ""
    elif isinstance(content, list):
        texts = []
        for k, item in enumerate(content):
            where = f"{param}.content[{k}]"
            kind = _kind(item, where)
            if kind == "text":
                texts.append(_str(item, "text", where))
            elif kind == "image":
                parts.append(_image(item, where))
            else:
                raise InvalidRequest(
                    f"A tool result sent to this model can hold 'text' and 'image' blocks, not {kind!r}.", param=where
                )
        text = "\n".join(texts)
    else:
        raise InvalidRequest("'content' must be a string or a list of blocks.", param=f"{param}.content")
    if block.get("is_error"):
        # Chat has no error flag on a tool message; the model reads it from the text.
        text = f"Error: {text}" if text else "Error"
    return {"role": "tool", "tool_call_id": _str(block, "tool_use_id", param), "content": text}


def _assistant_turn(blocks: list[Any], param: str) -> list[dict[str, Any]]:
    texts: list[str] = []
    calls: list[dict[str, Any]] = []
    for j, block in enumerate(blocks):
        where = f"{param}[{j}]"
        kind = _kind(block, where)
        if kind == "text":
            texts.append(_str(block, "text", where))
        elif kind == "tool_use":
            arguments = orjson.dumps(_object(block.get("input"), f"{where}.input")).decode()
            function = {"name": _str(block, "name", where), "arguments": arguments}
            calls.append({"id": _str(block, "id", where), "type": "function", "function": function})
        elif kind not in ("thinking", "redacted_thinking"):
            raise _unsupported(kind, "assistant", where)
    text = "".join(texts)
    if not calls:
        return [{"role": "assistant", "content": text}] if text else []
    return [{"role": "assistant", "content": text or None, "tool_calls": calls}]


# ---------------------------------------------------------------- tools


def _tools(body: dict[str, Any], out: dict[str, Any]) -> None:
    tools = body.get("tools")
    if tools is not None and not isinstance(tools, list):
        raise InvalidRequest("'tools' must be a list.", param="tools")
    if tools:
        out["tools"] = [_tool(tool, f"tools[{i}]") for i, tool in enumerate(tools)]
    choice = _object(body.get("tool_choice"), "tool_choice")
    if not choice:
        return
    kind = choice.get("type")
    if kind == "tool":
        out["tool_choice"] = {"type": "function", "function": {"name": _str(choice, "name", "tool_choice")}}
    elif kind in _CHOICES:
        # OpenAI refuses a tool_choice without tools; without tools 'auto' and 'none' mean nothing anyway.
        if tools or kind == "any":
            out["tool_choice"] = _CHOICES[kind]
    else:
        raise InvalidRequest(
            f"'tool_choice.type' {kind!r} is unknown; use 'auto', 'any', 'tool' or 'none'.", param="tool_choice.type"
        )
    if choice.get("disable_parallel_tool_use") and tools and kind != "none":
        out["parallel_tool_calls"] = False


def _tool(tool: Any, param: str) -> dict[str, Any]:
    if not isinstance(tool, dict):
        raise InvalidRequest("Each tool must be an object.", param=param)
    kind = tool.get("type")
    if kind not in (None, "custom"):
        raise InvalidRequest(
            f"Tool {tool.get('name')!r} is Anthropic's server tool {kind!r}, which this model's deployments cannot "
            "run; only custom tools (name, description, input_schema) can be used. Remove it.",
            param=param,
        )
    function: dict[str, Any] = {"name": _str(tool, "name", param)}
    if tool.get("description") is not None:
        function["description"] = tool["description"]
    schema = tool.get("input_schema")
    function["parameters"] = schema if isinstance(schema, dict) else {"type": "object", "properties": {}}
    if tool.get("strict") is not None:
        function["strict"] = tool["strict"]
    return {"type": "function", "function": function}


# ---------------------------------------------------------------- sampling, metadata, format, reasoning


def _stop(stop: Any, out: dict[str, Any]) -> None:
    if stop is None:
        return
    if not isinstance(stop, list) or not all(isinstance(s, str) for s in stop):
        raise InvalidRequest("'stop_sequences' must be a list of strings.", param="stop_sequences")
    if len(stop) > _MAX_STOP:
        raise InvalidRequest(
            f"'stop_sequences' has {len(stop)} entries; this model's deployments accept at most {_MAX_STOP}. "
            "Send fewer.",
            param="stop_sequences",
        )
    if stop:
        out["stop"] = stop


def _metadata(metadata: Any, out: dict[str, Any]) -> None:
    user_id = _object(metadata, "metadata").get("user_id")
    if not isinstance(user_id, str) or not user_id:
        return
    # Claude Code's user ids are longer than OpenAI accepts; a digest still tells users apart.
    if len(user_id) > _MAX_SAFETY_ID:
        user_id = hashlib.sha256(user_id.encode()).hexdigest()
    out["safety_identifier"] = user_id


def _format(fmt: Any, out: dict[str, Any]) -> None:
    if fmt is None:
        return
    if not isinstance(fmt, dict) or fmt.get("type") != "json_schema" or not isinstance(fmt.get("schema"), dict):
        raise InvalidRequest(
            "'output_config.format' must be {'type': 'json_schema', 'schema': {...}}.", param="output_config.format"
        )
    # strict: false because Anthropic does not demand a schema chat's strict mode accepts.
    schema = {"name": "response", "schema": fmt["schema"], "strict": False}
    out["response_format"] = {"type": "json_schema", "json_schema": schema}


def _effort(thinking: dict[str, Any], effort: Any) -> str | None:
    kind = thinking.get("type")
    if kind == "disabled":
        return None
    if effort in _EFFORTS:
        return str(effort)
    if kind == "adaptive":
        return "medium"
    if kind != "enabled":
        return None
    budget = thinking.get("budget_tokens")
    if not isinstance(budget, int):
        return "medium"
    return "low" if budget < 4096 else "medium" if budget < 16384 else "high"
