"""Optional prompt and answer capture for the request log: redacted and bounded.

Guarantees: nothing is captured unless the policy turns it on; captured text has every secret the
policy itself holds (virtual, admin and provider keys: `proxy.observability.secrets`) replaced by
`[SECRET]`, then every PII and secret finding replaced by its kind (`[EMAIL]`, `[OPENAI_KEY]`, ...)
before it reaches the log, and is cut to the configured length (the cut happens after redaction,
so a secret is never half-kept).
"""

from __future__ import annotations

from typing import Any

from proxy.guardrails.pii import PLACEHOLDER_NAMES, PiiDetector
from proxy.observability.secrets import SecretRedactor


class Capture:
    """Turns a request's messages and answer pieces into log-safe text."""

    def __init__(self, max_chars: int, secrets: SecretRedactor | None = None) -> None:
        self._detector = PiiDetector()
        self._secrets = secrets or SecretRedactor(())
        self._max = max_chars

    def redact(self, text: str) -> str:
        text = self._secrets.redact(text)
        out: list[str] = []
        pos = 0
        for f in self._detector.find(text):
            out += [text[pos : f.start], f"[{PLACEHOLDER_NAMES.get(f.entity, f.entity.upper())}]"]
            pos = f.end
        out.append(text[pos:])
        return "".join(out)[: self._max]

    def bounded(self, text: str) -> str:
        """Redacted and cut; only a margin past the cut is scanned, so huge texts cost little."""
        return self.redact(text[: self._max + 1024])

    def prompt(self, body: dict[str, Any] | None) -> str:
        lines = []
        for message in (body or {}).get("messages") or ():
            if isinstance(message, dict):
                content = message.get("content")
                text = content if isinstance(content, str) else _parts_text(content)
                lines.append(f"{message.get('role', '?')}: {text}")
        return self.bounded("\n".join(lines))


def _parts_text(content: Any) -> str:
    if not isinstance(content, list):
        return ""
    return " ".join(str(p.get("text", "")) for p in content if isinstance(p, dict) and p.get("type") == "text")
