"""Task and complexity labels for router rules: a built-in heuristic and an LLM-backed classifier.

Guarantees: the heuristic is pure and cheap (a few RE2 searches over the last user message, which
it reads at most `MAX_CHARS` of) and gives exactly one of simple|complex and one of
code|math|general. The LLM classifier asks a configured alias, bounded by its timeout, caches each
verdict by a digest of the text (never the text), and answers None on any failure or a reply
that names none of its labels: a classifier never fails the request it classifies.
"""

from __future__ import annotations

import asyncio
import hashlib
from collections import OrderedDict
from collections.abc import Awaitable, Callable

from proxy.config.routers import ClassifierConfig
from proxy.core.patterns import compile_linear

MAX_CHARS = 20_000
_CODE = compile_linear(
    r"```|\bdef \w+\(|\bfunction\s*\w*\(|\bclass \w+[:({]|#include\b|\bimport \w+|\bSELECT\b.+\bFROM\b|"
    r"\b(?:python|javascript|typescript|golang|rust|java|sql|regex|stack ?trace|traceback|compile|refactor|"
    r"unit tests?|bug|segfault)\b",
    ignore_case=True,
)
_MATH = compile_linear(
    r"\b(?:prove|proof|integral|derivative|equation|theorem|matrix|probability|solve for)\b|\d\s*[-+*/^=]\s*\d",
    ignore_case=True,
)
_REASONING = compile_linear(
    r"\b(?:why|explain|analy[sz]e|compare|contrast|design|architect\w*|trade-?offs?|step by step|evaluate|"
    r"optimi[sz]e|derive|justify|critique|plan|strategy|pros and cons|in depth|detailed)\b",
    ignore_case=True,
)
_WORD = compile_linear(r"\w+")

Ask = Callable[[str], Awaitable[str | None]]  # the classifier model's answer to the prompt, None on failure


def heuristic_labels(text: str, turns: int = 1) -> frozenset[str]:
    """Complexity and task of the last user message (and the length of the conversation)."""
    text = text[:MAX_CHARS]
    task = "code" if _CODE.search(text) else "math" if _MATH.search(text) else "general"
    words = sum(1 for _ in _WORD.finditer(text)) if len(text) < 4000 else len(text) // 5
    score = 0
    score += 2 if words > 250 else 1 if words > 60 else 0
    score += min(2, sum(1 for _ in _REASONING.finditer(text)))
    score += 1 if text.count("?") >= 2 else 0
    score += 1 if task != "general" else 0
    score += 1 if turns > 6 else 0
    return frozenset({"complex" if score >= 2 else "simple", task})


class LlmClassifier:
    """Asks a cheap model for one label; verdicts cached by text digest, LRU."""

    def __init__(self, config: ClassifierConfig, ask: Ask) -> None:
        self.config = config
        self._ask = ask
        self._cache: OrderedDict[bytes, str] = OrderedDict()
        self.prompt_head = (
            "Classify the user's request below. Answer with exactly one word, one of: "
            + ", ".join(config.labels)
            + ".\n\nRequest:\n"
        )

    async def labels(self, text: str) -> tuple[frozenset[str] | None, str]:
        """(labels or None, outcome: cached | ok | timeout | error | unclear)."""
        text = text[:MAX_CHARS]
        digest = hashlib.sha256(text.encode()).digest()
        found = self._cache.get(digest)
        if found is not None:
            self._cache.move_to_end(digest)
            return frozenset({found}), "cached"
        try:
            async with asyncio.timeout(self.config.timeout_s):
                answer = await self._ask(self.prompt_head + text)
        except TimeoutError:
            return None, "timeout"
        label = self._label_in(answer) if answer is not None else None
        if label is None:
            return None, "error" if answer is None else "unclear"
        self._remember(digest, label)
        return frozenset({label}), "ok"

    def _label_in(self, answer: str) -> str | None:
        words = [w.lower() for w in answer.replace(".", " ").replace(",", " ").split()]
        return next((label for label in self.config.labels if label.lower() in words[:5]), None)

    def _remember(self, digest: bytes, label: str) -> None:
        if self.config.cache_entries <= 0:
            return
        self._cache[digest] = label
        while len(self._cache) > self.config.cache_entries:
            self._cache.popitem(last=False)
