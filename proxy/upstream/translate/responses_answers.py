"""Chat completion answers as Responses API `response` objects (protocol.md section 9).

Guarantees: no I/O and no shared state beyond fresh random ids; the objects parse as the openai
SDK's `Response` (so `output_text` gives the answer's text); `output` holds the assistant message
(`output_text` and/or `refusal` parts) first, then one `function_call` item per tool call; usage
counters missing from the chat answer count as 0. The stream translation builds its final
`response` with the same item and envelope builders, so both paths agree field for field.
"""

from __future__ import annotations

import secrets
from typing import Any

# finish_reason -> incomplete_details.reason; any other finish (stop, tool_calls, ...) is completed.
_INCOMPLETE = {"length": "max_output_tokens", "content_filter": "content_filter"}


def new_id(prefix: str) -> str:
    """A fresh id such as `resp_…`, `msg_…`, `fc_…` or `call_…` (prefix + "_" + 48 random hex digits)."""
    return f"{prefix}_{secrets.token_hex(24)}"


def to_response(
    answer: dict[str, Any], *, request: dict[str, Any], response_id: str, created_at: int, model: str
) -> dict[str, Any]:
    """A chat.completion answer -> the `response` object for the Responses `request` it answers.

    Only the first choice is used (a translated request always asks for one).
    """
    choices = answer.get("choices") or [{}]
    choice = choices[0]
    message = choice.get("message") or {}
    incomplete = incomplete_reason(choice.get("finish_reason"))
    calls = message.get("tool_calls") or []
    output: list[dict[str, Any]] = []
    text, refusal = message.get("content"), message.get("refusal")
    if text or refusal or not calls:
        content = []
        if text or not refusal:
            content.append(text_part(text or "", logprobs((choice.get("logprobs") or {}).get("content"))))
        if refusal:
            content.append(refusal_part(refusal))
        output.append(message_item(new_id("msg"), content, "completed"))
    for call in calls:
        function = call.get("function") or {}
        call_id = call.get("id") or new_id("call")
        arguments = function.get("arguments") or ""
        output.append(function_call_item(new_id("fc"), call_id, function.get("name") or "", arguments, "completed"))
    if incomplete and output:
        # Only the last item can have been cut short; earlier ones were finished before it began.
        output[-1]["status"] = "incomplete"
    return response_object(
        request=request,
        response_id=response_id,
        created_at=created_at,
        model=model,
        status="incomplete" if incomplete else "completed",
        output=output,
        usage=responses_usage(answer.get("usage")),
        incomplete=incomplete,
        service_tier=answer.get("service_tier"),
    )


def incomplete_reason(finish_reason: Any) -> str | None:
    """`incomplete_details.reason` for a chat finish_reason, or None when the answer is complete."""
    return _INCOMPLETE.get(finish_reason) if isinstance(finish_reason, str) else None


def responses_usage(usage: dict[str, Any] | None) -> dict[str, Any]:
    """Chat usage -> Responses usage; every counter is present (0 when the chat usage lacks it)."""
    usage = usage or {}
    prompt = usage.get("prompt_tokens_details") or {}
    completion = usage.get("completion_tokens_details") or {}
    input_tokens, output_tokens = _count(usage, "prompt_tokens"), _count(usage, "completion_tokens")
    return {
        "input_tokens": input_tokens,
        "input_tokens_details": {
            "cached_tokens": _count(prompt, "cached_tokens"),
            "cache_write_tokens": _count(prompt, "cache_write_tokens"),
        },
        "output_tokens": output_tokens,
        "output_tokens_details": {"reasoning_tokens": _count(completion, "reasoning_tokens")},
        "total_tokens": _count(usage, "total_tokens") or input_tokens + output_tokens,
    }


def _count(obj: dict[str, Any], key: str) -> int:
    value = obj.get(key)
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


# ---------------------------------------------------------------- builders shared with the stream


def text_part(text: str, logprobs: list[dict[str, Any]]) -> dict[str, Any]:
    """An `output_text` content part (annotations are always empty: chat answers have none)."""
    return {"type": "output_text", "text": text, "annotations": [], "logprobs": logprobs}


def refusal_part(refusal: str) -> dict[str, Any]:
    return {"type": "refusal", "refusal": refusal}


def message_item(item_id: str, content: list[dict[str, Any]], status: str) -> dict[str, Any]:
    return {"id": item_id, "type": "message", "role": "assistant", "status": status, "content": content}


def function_call_item(item_id: str, call_id: str, name: str, arguments: str, status: str) -> dict[str, Any]:
    return {
        "id": item_id,
        "type": "function_call",
        "call_id": call_id,
        "name": name,
        "arguments": arguments,
        "status": status,
    }


def logprobs(content: Any) -> list[dict[str, Any]]:
    """Chat `logprobs.content` -> Responses `output_text.logprobs` (same fields; null bytes become [])."""
    if not isinstance(content, list):
        return []
    return [
        {
            "token": entry.get("token", ""),
            "bytes": entry.get("bytes") or [],
            "logprob": entry.get("logprob", 0.0),
            "top_logprobs": [
                {"token": top.get("token", ""), "bytes": top.get("bytes") or [], "logprob": top.get("logprob", 0.0)}
                for top in entry.get("top_logprobs") or []
            ],
        }
        for entry in content
        if isinstance(entry, dict)
    ]


def response_object(
    *,
    request: dict[str, Any],
    response_id: str,
    created_at: int,
    model: str,
    status: str,
    output: list[dict[str, Any]],
    usage: dict[str, Any] | None,
    incomplete: str | None = None,
    service_tier: Any = None,
) -> dict[str, Any]:
    """The `response` envelope: `output`, `usage` and status plus the echo of the request's settings."""
    reasoning = request.get("reasoning") or {}
    parallel = request.get("parallel_tool_calls")
    return {
        "id": response_id,
        "object": "response",
        "created_at": created_at,
        "status": status,
        "background": False,
        "error": None,
        "incomplete_details": {"reason": incomplete} if incomplete else None,
        "instructions": request.get("instructions"),
        "max_output_tokens": request.get("max_output_tokens"),
        "max_tool_calls": None,
        "metadata": request.get("metadata") or {},
        "model": model,
        "output": output,
        "parallel_tool_calls": True if parallel is None else parallel,
        "previous_response_id": None,
        "prompt_cache_key": request.get("prompt_cache_key"),
        "reasoning": {"effort": reasoning.get("effort"), "summary": reasoning.get("summary")},
        "safety_identifier": request.get("safety_identifier"),
        "service_tier": service_tier or request.get("service_tier"),
        "store": False,
        "temperature": request.get("temperature"),
        "text": request.get("text") or {"format": {"type": "text"}},
        "tool_choice": request.get("tool_choice") or "auto",
        "tools": request.get("tools") or [],
        "top_logprobs": request.get("top_logprobs"),
        "top_p": request.get("top_p"),
        "truncation": "disabled",
        "usage": usage,
        "user": request.get("user"),
    }
