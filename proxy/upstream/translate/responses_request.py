"""Pure translation of a Responses API request into a Chat Completions request (protocol.md section 9).

Used when a `/v1/responses` request is routed to a deployment that only speaks chat completions.
Guarantees: no I/O and no shared state; the stateless subset of the Responses API maps field by
field (the table in protocol.md section 9); anything that needs server-side state or a built-in
tool raises `InvalidRequest` (400) naming the field and saying what to send instead. Top-level
fields this module does not know pass through unchanged, so the upstream decides about them.

Deliberately dropped, not refused:
- `store`: nothing is stored on this path; the answer can never be chained, so the echo says
  `store: false`.
- `reasoning` input items and `reasoning.summary`: reasoning items are another provider's opaque
  (often encrypted) state that a chat model cannot read, and chat completions has no summaries;
  clients replaying a whole conversation send them back as a matter of course.
- `include: reasoning.encrypted_content`: there are no reasoning items to encrypt.
- `stream_options`, `truncation: "disabled"`, `background: false`: no effect on a chat request.
- function tool fields chat has no place for (`defer_loading`, `output_schema`, ...).
"""

from __future__ import annotations

from typing import Any

from proxy.core.errors import InvalidRequest

_NEEDS_RESPONSES = "needs a deployment that speaks the Responses API; this model's deployments do not."
_INCLUDABLE = frozenset({"reasoning.encrypted_content", "message.output_text.logprobs"})
_TEXT_PARTS = frozenset({"input_text", "output_text"})
_ROLES = frozenset({"user", "assistant", "system", "developer"})
# Fields read (and translated, checked or dropped) here; every other field passes through.
_CONSUMED = frozenset(
    {
        "input",
        "instructions",
        "tools",
        "tool_choice",
        "text",
        "reasoning",
        "max_output_tokens",
        "top_logprobs",
        "include",
        "stream",
        "stream_options",
        "store",
        "truncation",
        "background",
        "previous_response_id",
        "conversation",
        "max_tool_calls",
        "prompt",
    }
)


def to_chat_request(body: dict[str, Any], *, stream: bool) -> dict[str, Any]:
    """Chat completions body for a checked Responses request body; `model` is copied as is.

    With `stream`, asks for a stream whose last chunk carries the usage.
    """
    _refuse_stateful(body)
    out: dict[str, Any] = {"model": body.get("model"), "messages": _messages(body)}
    out.update((key, value) for key, value in body.items() if key not in _CONSUMED and key != "model")
    _tools(body, out)
    _text(body.get("text"), out)
    reasoning = body.get("reasoning")
    if isinstance(reasoning, dict) and reasoning.get("effort") is not None:
        out["reasoning_effort"] = reasoning["effort"]
    if body.get("max_output_tokens") is not None:
        out["max_completion_tokens"] = body["max_output_tokens"]
    if body.get("top_logprobs") is not None:
        out["top_logprobs"] = body["top_logprobs"]
        out["logprobs"] = True
    if "message.output_text.logprobs" in _include(body.get("include")):
        out["logprobs"] = True
    if stream:
        out["stream"] = True
        out["stream_options"] = {"include_usage": True}
    return out


def _refuse_stateful(body: dict[str, Any]) -> None:
    for field in ("previous_response_id", "conversation"):
        if body.get(field) is not None:
            raise InvalidRequest(
                f"'{field}' {_NEEDS_RESPONSES} Send the whole conversation in 'input' instead.", param=field
            )
    if body.get("background"):
        raise InvalidRequest(
            f"'background': true {_NEEDS_RESPONSES} Send the request without 'background' and wait for the answer.",
            param="background",
        )
    if body.get("prompt") is not None:
        raise InvalidRequest(
            f"'prompt' (a stored prompt template) {_NEEDS_RESPONSES} "
            "Send the prompt's text in 'instructions' and 'input'.",
            param="prompt",
        )
    if body.get("truncation") not in (None, "disabled"):
        raise InvalidRequest(
            "'truncation': 'auto' is not available for this model; "
            "shorten 'input' yourself and leave 'truncation' out.",
            param="truncation",
        )
    if body.get("max_tool_calls") is not None:
        raise InvalidRequest(
            "'max_tool_calls' limits built-in tool calls, which this model's deployments do not have; leave it out.",
            param="max_tool_calls",
        )


def _include(include: Any) -> list[str]:
    if include is None:
        return []
    if not isinstance(include, list):
        raise InvalidRequest("'include' must be a list of strings.", param="include")
    for value in include:
        if value not in _INCLUDABLE:
            raise InvalidRequest(
                f"'include' value {value!r} is not available for this model; only 'reasoning.encrypted_content' "
                "and 'message.output_text.logprobs' are. Remove it.",
                param="include",
            )
    return include


# ---------------------------------------------------------------- messages


def _messages(body: dict[str, Any]) -> list[dict[str, Any]]:
    messages: list[dict[str, Any]] = []
    instructions = body.get("instructions")
    if instructions is not None and not isinstance(instructions, str):
        raise InvalidRequest("'instructions' must be a string.", param="instructions")
    if instructions:
        messages.append({"role": "system", "content": instructions})
    raw = body.get("input")
    if isinstance(raw, str):
        messages.append({"role": "user", "content": raw})
    elif isinstance(raw, list):
        for i, item in enumerate(raw):
            _item(item, f"input[{i}]", messages)
    else:
        raise InvalidRequest("'input' must be a string or a list of input items.", param="input")
    return messages


def _item(item: Any, param: str, messages: list[dict[str, Any]]) -> None:
    if not isinstance(item, dict):
        raise InvalidRequest("Each input item must be an object.", param=param)
    kind = item.get("type") or ("message" if "role" in item else "item_reference")
    if kind == "message":
        messages.append(_message(item, param))
    elif kind == "function_call":
        _function_call(item, param, messages)
    elif kind == "function_call_output":
        content = _tool_output(item.get("output"), f"{param}.output")
        messages.append({"role": "tool", "tool_call_id": _str(item, "call_id", param), "content": content})
    elif kind == "item_reference":
        raise InvalidRequest(
            f"'item_reference' items point at stored items, and that {_NEEDS_RESPONSES} Send the item itself.",
            param=param,
        )
    elif kind != "reasoning":  # reasoning items are dropped: see the module docstring
        raise InvalidRequest(
            f"Input items of type {kind!r} are not available for this model; only 'message', 'function_call' "
            "and 'function_call_output' items can be sent.",
            param=param,
        )


def _message(item: dict[str, Any], param: str) -> dict[str, Any]:
    role = item.get("role")
    if role not in _ROLES:
        raise InvalidRequest(
            "A message's 'role' must be 'user', 'assistant', 'system' or 'developer'.", param=f"{param}.role"
        )
    content = item.get("content")
    if isinstance(content, list):
        parts = [_part(part, f"{param}.content[{j}]") for j, part in enumerate(content)]
        content = parts[0]["text"] if len(parts) == 1 and parts[0]["type"] == "text" else parts
    elif not isinstance(content, str):
        raise InvalidRequest("A message's 'content' must be a string or a list of parts.", param=f"{param}.content")
    return {"role": role, "content": content}


def _part(part: Any, param: str) -> dict[str, Any]:
    kind = part.get("type") if isinstance(part, dict) else None
    if kind in _TEXT_PARTS:
        return {"type": "text", "text": _str(part, "text", param)}
    if kind == "refusal":
        return {"type": "refusal", "refusal": _str(part, "refusal", param)}
    if kind == "input_image":
        _no_file_reference(part, ("file_id",), param)
        url = _str(part, "image_url", param)
        image = {"url": url} if part.get("detail") is None else {"url": url, "detail": part["detail"]}
        return {"type": "image_url", "image_url": image}
    if kind == "input_file":
        _no_file_reference(part, ("file_id", "file_url"), param)
        file = {"file_data": _str(part, "file_data", param)}
        if part.get("filename") is not None:
            file["filename"] = part["filename"]
        return {"type": "file", "file": file}
    raise InvalidRequest(
        f"Content part type {kind!r} is not available for this model; use 'input_text', 'input_image' "
        "(with 'image_url') or 'input_file' (with 'file_data').",
        param=param,
    )


def _no_file_reference(part: dict[str, Any], fields: tuple[str, ...], param: str) -> None:
    for field in fields:
        if part.get(field) is not None:
            raise InvalidRequest(
                f"'{field}' refers to a file stored with another provider, which this model's deployments cannot "
                "read. Send the content inline ('image_url' as a data URL, or 'file_data').",
                param=f"{param}.{field}",
            )


def _function_call(item: dict[str, Any], param: str, messages: list[dict[str, Any]]) -> None:
    function = {"name": _str(item, "name", param), "arguments": _str(item, "arguments", param)}
    call = {"id": _str(item, "call_id", param), "type": "function", "function": function}
    last = messages[-1] if messages else None
    # Consecutive calls (and calls right after the assistant's text) are one assistant turn in chat.
    if last is not None and last["role"] == "assistant":
        last.setdefault("tool_calls", []).append(call)
    else:
        messages.append({"role": "assistant", "content": None, "tool_calls": [call]})


def _tool_output(output: Any, param: str) -> str:
    if isinstance(output, str):
        return output
    if not isinstance(output, list):
        raise InvalidRequest("'output' must be a string or a list of 'input_text' parts.", param=param)
    texts: list[str] = []
    for j, part in enumerate(output):
        if not isinstance(part, dict) or part.get("type") != "input_text":
            raise InvalidRequest(
                "A function call output sent to this model can hold text only ('input_text' parts).",
                param=f"{param}[{j}]",
            )
        texts.append(_str(part, "text", f"{param}[{j}]"))
    return "".join(texts)


def _str(obj: dict[str, Any], field: str, param: str) -> str:
    value = obj.get(field)
    if not isinstance(value, str):
        raise InvalidRequest(f"'{field}' must be a string.", param=f"{param}.{field}")
    return value


# ---------------------------------------------------------------- tools and output format


def _tools(body: dict[str, Any], out: dict[str, Any]) -> None:
    tools = body.get("tools")
    if tools is not None:
        if not isinstance(tools, list):
            raise InvalidRequest("'tools' must be a list.", param="tools")
        out["tools"] = [_tool(tool, f"tools[{i}]") for i, tool in enumerate(tools)]
    choice = body.get("tool_choice")
    if choice is not None:
        out["tool_choice"] = _tool_choice(choice)


def _tool(tool: Any, param: str) -> dict[str, Any]:
    kind = tool.get("type") if isinstance(tool, dict) else None
    if kind != "function":
        raise InvalidRequest(
            f"Tools of type {kind!r} are built into the Responses API and this model's deployments cannot run "
            "them; only 'function' tools can be used. Remove it.",
            param=param,
        )
    function = {"name": _str(tool, "name", param)}
    for field in ("description", "parameters", "strict"):
        if tool.get(field) is not None:
            function[field] = tool[field]
    return {"type": "function", "function": function}


def _tool_choice(choice: Any) -> Any:
    if choice in ("none", "auto", "required"):
        return choice
    kind = choice.get("type") if isinstance(choice, dict) else None
    if kind == "function":
        return {"type": "function", "function": {"name": _str(choice, "name", "tool_choice")}}
    if kind == "allowed_tools":
        tools = choice.get("tools")
        if not isinstance(tools, list):
            raise InvalidRequest("'tool_choice.tools' must be a list.", param="tool_choice.tools")
        allowed = []
        for j, tool in enumerate(tools):
            if not isinstance(tool, dict) or tool.get("type") != "function":
                raise _built_in_choice(tool.get("type") if isinstance(tool, dict) else None, f"tool_choice.tools[{j}]")
            allowed.append({"type": "function", "function": {"name": _str(tool, "name", f"tool_choice.tools[{j}]")}})
        return {"type": "allowed_tools", "allowed_tools": {"mode": choice.get("mode"), "tools": allowed}}
    raise _built_in_choice(kind, "tool_choice")


def _built_in_choice(kind: Any, param: str) -> InvalidRequest:
    return InvalidRequest(
        f"'tool_choice' names the built-in tool {kind!r}, which this model's deployments do not have; name a "
        "function tool, or use 'auto', 'none' or 'required'.",
        param=param,
    )


def _text(text: Any, out: dict[str, Any]) -> None:
    if text is None:
        return
    if not isinstance(text, dict):
        raise InvalidRequest("'text' must be an object.", param="text")
    if text.get("verbosity") is not None:
        out["verbosity"] = text["verbosity"]
    fmt = text.get("format")
    if fmt is None:
        return
    kind = fmt.get("type") if isinstance(fmt, dict) else None
    if kind == "text":
        return
    if kind == "json_object":
        out["response_format"] = {"type": "json_object"}
    elif kind == "json_schema" and isinstance(fmt, dict):
        spec = {field: fmt[field] for field in ("name", "schema", "strict", "description") if field in fmt}
        out["response_format"] = {"type": "json_schema", "json_schema": spec}
    else:
        raise InvalidRequest(
            f"'text.format' type {kind!r} is not available for this model; use 'text', 'json_object' or 'json_schema'.",
            param="text.format",
        )
