"""What a detector reports: a typed span of the text it scanned, never the text itself."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Finding:
    """`text[start:end]` is an instance of `entity` (e.g. "email", "credit_card", "openai_key")."""

    entity: str
    start: int
    end: int
