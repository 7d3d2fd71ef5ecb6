"""Input token counts for decisions that must not wait for the upstream's own count.

`TokenCounter` holds the tiktoken encoding of each upstream model whose encoding is known and
could be loaded, to count with `count_tokens` (tiktoken fetches its BPE files once, then caches
them under `TIKTOKEN_CACHE_DIR`); the files are loaded in the background after start-up, so until
then, and for every other model (Claude, open models) or when loading fails (no network), counts
fall back to `estimate_input_tokens`:
about four characters per token plus a few tokens per message, which costs microseconds. Both
count every text the model reads: message contents, tool results, the arguments of tool calls made
earlier in the conversation, and the `tools` / `functions` definitions.
Counting follows OpenAI's published chat formula: 3 tokens per message, 1 per `name`, 3 to
prime the reply. `estimate_texts` / `count_texts` are the two counts every surface shares (the
Responses surface counts each input item as one message).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable
from typing import Any

from proxy.core.surface import Encoding

log = logging.getLogger("proxy.tokens")

_CHARS_PER_TOKEN = 4
_PER_MESSAGE = 4
_CHAT_PER_MESSAGE, _CHAT_PER_NAME, _CHAT_REPLY_PRIMING = 3, 1, 3


def estimate_input_tokens(body: dict[str, Any]) -> int:
    """The cheap estimate: four characters per token over every message text (earlier tool calls'
    arguments and tool results included) and the tool and function definitions."""
    messages = body.get("messages")
    if not isinstance(messages, list):
        return estimate_texts((), 0, tool_definitions(body))
    texts = (t for m in messages if isinstance(m, dict) for t in message_texts(m))
    return estimate_texts(texts, len(messages), tool_definitions(body))


def estimate_text_tokens(text: str) -> int:
    """One text's tokens by the same estimate, rounded up: a text of one character is one token."""
    return -(-len(text) // _CHARS_PER_TOKEN)


def count_tokens(encoding: Encoding, body: dict[str, Any]) -> int:
    """A chat request's input tokens with `encoding`, by OpenAI's published formula."""
    messages = body.get("messages")
    dicts = [m for m in messages if isinstance(m, dict)] if isinstance(messages, list) else []
    texts = (t for m in dicts for t in message_texts(m))
    names = sum(_CHAT_PER_NAME for m in dicts if m.get("name"))
    return count_texts(encoding, texts, len(dicts), tool_definitions(body)) + names


def estimate_texts(texts: Iterable[str], items: int, definitions: list[list[Any]]) -> int:
    """Four characters per token over `texts` and the `definitions`' repr, plus a few per item
    (a message, or a Responses input item): the estimate every surface shares."""
    chars = sum(map(len, texts)) + sum(len(repr(d)) for d in definitions)
    return chars // _CHARS_PER_TOKEN + _PER_MESSAGE * items


def count_texts(encoding: Encoding, texts: Iterable[str], items: int, definitions: list[list[Any]]) -> int:
    """`texts` and the `definitions`' repr with `encoding`, plus the chat formula's overheads per
    item and for priming the reply: the count every surface shares."""
    total = _CHAT_REPLY_PRIMING + _CHAT_PER_MESSAGE * items
    total += sum(len(encoding.encode_ordinary(t)) for t in texts)
    return total + sum(len(encoding.encode_ordinary(repr(d))) for d in definitions)


def message_texts(message: dict[str, Any]) -> list[str]:
    """The texts of one message the model reads: its content, and the names and arguments of the
    tool calls (or legacy `function_call`) an assistant made earlier in the conversation."""
    texts = _texts(message.get("content"))
    calls = message.get("tool_calls")
    if isinstance(calls, list):
        for call in calls:
            if isinstance(call, dict):
                texts += _call_texts(call.get("function"))
    texts += _call_texts(message.get("function_call"))
    return texts


def _call_texts(function: Any) -> list[str]:
    if not isinstance(function, dict):
        return []
    return [v for v in (function.get("name"), function.get("arguments")) if isinstance(v, str)]


def tool_definitions(body: dict[str, Any]) -> list[list[Any]]:
    """`tools` and the legacy `functions` (chat only), where given: what the model reads of them."""
    return [d for d in (body.get("tools"), body.get("functions")) if isinstance(d, list) and d]


def _texts(content: Any) -> list[str]:
    if isinstance(content, str):
        return [content]
    if isinstance(content, list):
        return [p["text"] for p in content if isinstance(p, dict) and isinstance(p.get("text"), str)]
    return []


class TokenCounter:
    """The encoding each upstream model's input tokens are counted with (the surface counts, e.g.
    `ChatSurface.input_tokens`); loading never raises, never blocks."""

    def __init__(self, models: Iterable[str]) -> None:
        self._models = sorted(set(models))
        self._encodings: dict[str, Encoding] = {}

    def use(self, model: str, encoding: Encoding) -> None:
        """Count `model` with `encoding` (also how a deployment with a custom tokenizer plugs in)."""
        self._encodings[model] = encoding

    def encoding(self, model: str | None) -> Encoding | None:
        """The encoding `model` is counted with; None while it is estimated."""
        return self._encodings.get(model or "")

    async def load(self, timeout_s: float = 10.0) -> None:
        """Load tiktoken encodings for the models it knows; failures leave those models on the estimate."""
        try:
            import tiktoken
            from tiktoken.model import encoding_name_for_model
        except ImportError:
            log.info("tiktoken is not installed: input tokens are estimated")
            return
        names: dict[str, list[str]] = {}
        for model in self._models:
            try:
                names.setdefault(encoding_name_for_model(model), []).append(model)
            except KeyError:
                continue  # not an OpenAI model: the estimate it is
        for name, models in names.items():
            try:
                encoding = await asyncio.wait_for(asyncio.to_thread(tiktoken.get_encoding, name), timeout_s)
            except Exception as exc:  # network, cache or timeout: keep estimating, say so once
                log.warning(
                    "tiktoken encoding %s unavailable (%s): estimating tokens for %s", name, type(exc).__name__, models
                )
                continue
            for model in models:
                self.use(model, encoding)
