"""The policy's own secrets, found wherever they turn up in text the request log keeps.

Guarantees: `configured_secrets` lists every credential the policy holds in clear (virtual keys and
their previous secrets, admin keys, provider and embedding API keys, the metrics token: every value
typed `Secret`, plus passwords inside URLs); values shorter than `MIN_SECRET_CHARS` are left out
(placeholders such as `EMPTY` for a keyless vLLM, and no real key is that short). `SecretRedactor`
replaces each exact occurrence with `[SECRET]`, longest first, with one RE2 automaton built once per
policy: the secrets are laid out as a prefix tree, so the automaton stays small and a scan costs
tens of microseconds per few KB whether the policy has ten keys or thousands. A key given only as
`secret_sha256` cannot be recognised (the proxy never knows it).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

import re2

from proxy.config.loader import Secret
from proxy.core.patterns import Pattern

MIN_SECRET_CHARS = 8
PLACEHOLDER = "[SECRET]"
_MAX_PROGRAM_BYTES = 256 << 20  # thousands of keys: the prefix tree keeps it far below this


def configured_secrets(policy: object) -> list[str]:
    """Every secret value in a policy tree (see the module's docstring)."""
    found: list[str] = []
    stack: list[Any] = [policy]
    while stack:
        node = stack.pop()
        if isinstance(node, Secret):
            found.append(node.value)
        elif dataclasses.is_dataclass(node) and not isinstance(node, type):
            stack.extend(getattr(node, f.name) for f in dataclasses.fields(node))
        elif isinstance(node, tuple | list):
            stack.extend(node)
        elif isinstance(node, dict):
            stack.extend(node.values())
        elif isinstance(node, str) and "@" in node and "://" in node:
            found.append(_url_password(node))
    return [s for s in dict.fromkeys(found) if len(s) >= MIN_SECRET_CHARS]


def _url_password(url: str) -> str:
    try:
        return urlsplit(url).password or ""
    except ValueError:
        return ""


class SecretRedactor:
    """Replaces every exact occurrence of the given secrets; a no-op (and free) without any."""

    __slots__ = ("_pattern",)

    def __init__(self, secrets: Iterable[str]) -> None:
        words = sorted({s for s in secrets if len(s) >= MIN_SECRET_CHARS})
        self._pattern: Pattern | None = _compile(_prefix_tree_regex(words)) if words else None

    @property
    def active(self) -> bool:
        return self._pattern is not None

    def redact(self, text: str) -> str:
        if self._pattern is None or not text:
            return text
        return str(self._pattern.sub(PLACEHOLDER, text))


def _compile(pattern: str) -> Pattern:
    options = re2.Options()
    options.log_errors = False
    options.max_mem = _MAX_PROGRAM_BYTES
    return re2.compile(pattern, options)


def _prefix_tree_regex(words: list[str]) -> str:
    """One regex matching exactly `words`, shared prefixes written once (`vk-(?:a1|b2)`); where one
    word is a prefix of another the longer one wins (the optional tail is greedy)."""
    root: dict[str, Any] = {}
    for word in words:
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}  # a word ends here
    done: dict[int, str] = {}
    stack: list[tuple[dict[str, Any], bool]] = [(root, False)]
    while stack:  # post-order without recursion: a secret may be longer than the recursion limit
        node, children_done = stack.pop()
        if not children_done:
            stack.append((node, True))
            stack.extend((child, False) for ch, child in node.items() if ch)
            continue
        alternatives = [re2.escape(ch) + done.pop(id(child)) for ch, child in sorted(node.items()) if ch]
        ends_here = "" in node
        if not alternatives:
            done[id(node)] = ""
        elif len(alternatives) == 1 and not ends_here:
            done[id(node)] = alternatives[0]
        else:
            done[id(node)] = "(?:" + "|".join(alternatives) + ")" + ("?" if ends_here else "")
    return done[id(root)]
