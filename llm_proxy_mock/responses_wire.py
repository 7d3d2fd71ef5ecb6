"""Pure builders for the Responses API wire format (protocol.md §9): output items, usage, the
`response` object with the request echo the openai SDK's `Response` type expects, and sample JSON
for a `text.format` schema. Nothing here does I/O; ids are the caller's.
"""

from __future__ import annotations

from typing import Any

from llm_proxy_mock.openai_wire import estimate_prompt_tokens

MAX_SCHEMA_DEPTH = 8
ENCRYPTED_REASONING = "gAAAAABmock-encrypted-reasoning=="

# Request fields the response echoes, with the value it shows when the request left them out.
ECHO_DEFAULTS: dict[str, Any] = {
    "instructions": None,
    "metadata": {},
    "parallel_tool_calls": True,
    "temperature": 1.0,
    "top_p": 1.0,
    "tool_choice": "auto",
    "tools": [],
    "max_output_tokens": None,
    "max_tool_calls": None,
    "previous_response_id": None,
    "reasoning": {"effort": None, "summary": None},
    "store": True,
    "text": {"format": {"type": "text"}, "verbosity": "medium"},
    "truncation": "disabled",
    "user": None,
    "background": False,
    "service_tier": "default",
    "prompt_cache_key": None,
    "safety_identifier": None,
    "top_logprobs": 0,
}


def count_input_tokens(payload: dict[str, Any], items: list[dict[str, Any]]) -> int:
    """Input tokens as the chat mock counts them for the same conversation: `instructions` as a
    system message, then each input item as a message (4 + the words of its text; a function call
    output's text is its `output`)."""
    messages: list[Any] = []
    if isinstance(payload.get("instructions"), str):
        messages.append({"content": payload["instructions"]})
    for item in items:
        messages.append({"content": item.get("content", item.get("output"))})
    return estimate_prompt_tokens(messages)


def usage(
    input_tokens: int, output_tokens: int, *, cached: int = 0, cache_write: int = 0, reasoning: int = 0
) -> dict[str, Any]:
    """The Responses `usage` object (`cached` is part of `input_tokens`, `reasoning` of `output_tokens`)."""
    return {
        "input_tokens": input_tokens,
        "input_tokens_details": {"cached_tokens": cached, "cache_write_tokens": cache_write},
        "output_tokens": output_tokens,
        "output_tokens_details": {"reasoning_tokens": reasoning},
        "total_tokens": input_tokens + output_tokens,
    }


def output_text_part(text: str) -> dict[str, Any]:
    """An `output_text` content part."""
    return {"type": "output_text", "text": text, "annotations": [], "logprobs": []}


def message_item(id_: str, text: str, status: str) -> dict[str, Any]:
    """An assistant `message` output item holding one `output_text` part."""
    return {"id": id_, "type": "message", "role": "assistant", "status": status, "content": [output_text_part(text)]}


def function_call_item(id_: str, call_id: str, name: str, arguments: str) -> dict[str, Any]:
    """A completed `function_call` output item."""
    return {
        "id": id_,
        "type": "function_call",
        "status": "completed",
        "call_id": call_id,
        "name": name,
        "arguments": arguments,
    }


def reasoning_item(id_: str, encrypted: bool) -> dict[str, Any]:
    """A `reasoning` output item (no summary; `encrypted_content` when the request's `include` asked)."""
    item: dict[str, Any] = {"id": id_, "type": "reasoning", "summary": []}
    if encrypted:
        item["encrypted_content"] = ENCRYPTED_REASONING
    return item


def response_object(
    payload: dict[str, Any],
    *,
    id_: str,
    created_at: int,
    model: str,
    status: str,
    output: list[dict[str, Any]],
    usage_obj: dict[str, Any] | None,
    conversation_id: str | None,
) -> dict[str, Any]:
    """The `response` object: the answer plus the request's echoed fields (see ECHO_DEFAULTS)."""
    echo = {
        name: payload[name] if payload.get(name) is not None else default for name, default in ECHO_DEFAULTS.items()
    }
    incomplete = {"reason": "max_output_tokens"} if status == "incomplete" else None
    return {
        "id": id_,
        "object": "response",
        "created_at": created_at,
        "status": status,
        "completed_at": created_at if status == "completed" else None,
        "error": None,
        "incomplete_details": incomplete,
        "model": model,
        "output": output,
        "usage": usage_obj,
        "conversation": {"id": conversation_id} if conversation_id else None,
        **echo,
    }


def text_format(payload: dict[str, Any]) -> dict[str, Any] | None:
    """`text.format` when it asks for JSON (`json_schema` or `json_object`), else None."""
    text = payload.get("text")
    fmt = text.get("format") if isinstance(text, dict) else None
    if isinstance(fmt, dict) and fmt.get("type") in ("json_schema", "json_object"):
        return fmt
    return None


def function_tools(payload: dict[str, Any]) -> list[dict[str, Any]]:
    """The request's flat function tools, in order."""
    tools = payload.get("tools")
    if not isinstance(tools, list):
        return []
    return [t for t in tools if isinstance(t, dict) and t.get("type") == "function" and isinstance(t.get("name"), str)]


def schema_instance(schema: Any, filler: str, root: Any = None, depth: int = 0) -> Any:
    """A small value that satisfies the JSON schema `schema` (every declared property present,
    strings set to `filler`, the first `enum`/`anyOf` choice, one array element); `$ref`s resolve in `root`."""
    root = schema if root is None else root
    if depth > MAX_SCHEMA_DEPTH or not isinstance(schema, dict):
        return None
    ref = schema.get("$ref")
    if isinstance(ref, str):
        return schema_instance(_resolve(root, ref), filler, root, depth + 1)
    if "const" in schema:
        return schema["const"]
    if isinstance(schema.get("enum"), list) and schema["enum"]:
        return schema["enum"][0]
    for key in ("anyOf", "oneOf", "allOf"):
        if isinstance(schema.get(key), list) and schema[key]:
            return schema_instance(schema[key][0], filler, root, depth + 1)
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "null")
    if kind == "object" or "properties" in schema:
        props = schema.get("properties")
        props = props if isinstance(props, dict) else {}
        return {name: schema_instance(sub, filler, root, depth + 1) for name, sub in props.items()}
    if kind == "array":
        return [schema_instance(schema.get("items"), filler, root, depth + 1)] if "items" in schema else []
    return _scalar(kind, schema, filler)


def _scalar(kind: Any, schema: dict[str, Any], filler: str) -> Any:
    low = schema.get("minimum", 0)
    if kind == "integer":
        return int(low) if isinstance(low, int | float) else 0
    if kind == "number":
        return float(low) if isinstance(low, int | float) else 0.0
    if kind == "boolean":
        return True
    if kind == "null":
        return None
    return filler


def _resolve(root: Any, ref: str) -> Any:
    node = root
    for part in ref.removeprefix("#/").split("/"):
        node = node.get(part) if isinstance(node, dict) else None
    return node
