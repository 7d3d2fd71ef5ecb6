"""The one rule that splits every evaluation set into a development part and a held-out part.

Guarantees:
- `split_of(key)` depends only on the text of `key` (a keyed BLAKE2b digest), never on the order,
  size or source of a set: a sample keeps its split when sets grow, are reordered or are regenerated.
- About one sample in three is held out (`HELDOUT_SHARE`).
- Rules and thresholds are tuned on `dev(...)` only; reports quote `heldout(...)`. Nothing in the
  proxy imports this module, and nothing here may print held-out texts.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from typing import Literal, TypeVar

Split = Literal["dev", "heldout"]
T = TypeVar("T")

HELDOUT_SHARE = 1 / 3
# A fixed key: changing it would silently move samples between the splits.
_KEY = b"llm-policy-proxy heldout v1"
_BUCKETS = 3


def split_of(key: str) -> Split:
    """Which split the sample identified by `key` (its text, or its first text for a pair) belongs to."""
    digest = hashlib.blake2b(" ".join(key.split()).casefold().encode(), digest_size=8, key=_KEY).digest()
    return "heldout" if int.from_bytes(digest, "big") % _BUCKETS == 0 else "dev"


def select(items: Iterable[T], split: Split, key: Callable[[T], str]) -> list[T]:
    """The items of `split`, in their original order."""
    return [item for item in items if split_of(key(item)) == split]


def dev(items: Iterable[T], key: Callable[[T], str]) -> list[T]:
    """The development part: the only one rules and thresholds may be tuned on."""
    return select(items, "dev", key)


def heldout(items: Iterable[T], key: Callable[[T], str]) -> list[T]:
    """The held-out part: scored and reported, never read while changing rules."""
    return select(items, "heldout", key)
