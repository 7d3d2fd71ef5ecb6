"""Usage counters: requests, input and output tokens and cost in USD per UTC day, reportable by key,
end user, model alias and key x model alias over a window of days.

Guarantees: one request's counters are plain spend adds and index adds (`UsageCounters.record`)
that the budget stage sends in the one `Store.apply` it makes anyway, so counting costs no extra
round trip. All of them live under the key's hash tag `{k:<key>}` (the tag limits and budgets use),
so they cost one script in one Redis Cluster slot: the counters of key x model and of key x end
user, and the key's per-day index of the models and users it saw. Key, model and user totals are
sums of those (a user's total spans the keys it came through, as user budgets do). The only other
write is the per-day index of keys under `{g}`, refreshed at most every `REINDEX_S` per key and
process. Everything expires `RETENTION_DAYS` after the day's first add. A report (`report`) lists
members with one command per index (no SCAN) and reads only counters that exist: three round trips.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import Any, Literal, get_args

from proxy.state.base import Store

GroupBy = Literal["key", "user", "model", "key_model"]
GROUPS: tuple[str, ...] = get_args(GroupBy)
RETENTION_DAYS = 35
TTL_S = RETENTION_DAYS * 86400.0
REINDEX_S = 60.0  # how often a process re-adds a key to the day's index (survives a Redis flush)
_SUFFIXES = (":n", ":in", ":out", ":usd")  # requests, input tokens, output tokens, cost USD
_MODEL, _USER = "m:", "u:"  # index member prefixes: a model alias or an end user seen by the key


def key_base(key: str, day: str) -> str:
    """Where `key`'s usage for `day` (YYYYMMDD) lives; counters and the key's index hang off it."""
    return f"llmp:{{k:{key}}}:usage:{day}"


def keys_index(day: str) -> str:
    """The set of keys with usage on `day`."""
    return f"llmp:{{g}}:usage:{day}:keys"


class UsageCounters:
    """Builds each request's counter adds; remembers which keys it indexed lately (per process)."""

    __slots__ = ("_clock", "_indexed")

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._indexed: dict[str, float] = {}  # day + key -> when to add the key to the day's index again

    def record(
        self,
        day: str,
        key: str,
        user: str | None,
        alias: str,
        *,
        tokens: tuple[int, int],
        cost_usd: float,
        spends: list[tuple[str, float, float]],
        members: list[tuple[str, str, float]],
    ) -> None:
        """Append one request's counter adds to `spends` and index adds to `members`.

        `tokens` are (input, output); zero amounts are not sent (a missing counter reads 0).
        """
        base = key_base(key, day)
        index = base + ":idx"
        _add(spends, f"{base}:{_MODEL}{alias}", tokens, cost_usd)
        members.append((index, _MODEL + alias, TTL_S))
        if user is not None:
            _add(spends, f"{base}:{_USER}{user}", tokens, cost_usd)
            members.append((index, _USER + user, TTL_S))
        marker = day + key
        now = self._clock()
        if self._indexed.get(marker, 0.0) <= now:
            if len(self._indexed) > 10_000:
                self._indexed.clear()
            self._indexed[marker] = now + REINDEX_S
            members.append((keys_index(day), key, TTL_S))


def _add(spends: list[tuple[str, float, float]], prefix: str, tokens: tuple[int, int], cost_usd: float) -> None:
    spends.append((prefix + ":n", 1.0, TTL_S))
    if tokens[0]:
        spends.append((prefix + ":in", tokens[0], TTL_S))
    if tokens[1]:
        spends.append((prefix + ":out", tokens[1], TTL_S))
    if cost_usd:
        spends.append((prefix + ":usd", cost_usd, TTL_S))


async def report(store: Store, group: str, days: Sequence[str]) -> list[dict[str, Any]]:
    """Rows summing each `group` member's counters over `days`, most expensive first (then most requests)."""
    listed = await store.get_members([keys_index(day) for day in days]) if days else []
    key_days = [(key, day) for day, keys in zip(days, listed, strict=True) for key in sorted(keys)]
    seen = await store.get_members([key_base(key, day) + ":idx" for key, day in key_days]) if key_days else []
    kind = _USER if group == "user" else _MODEL
    # (group label, counter prefix) per counter set to read
    wanted: list[tuple[tuple[str, str], str]] = []
    for (key, day), found in zip(key_days, seen, strict=True):
        for member in sorted(found):
            if member.startswith(kind):
                name = member[len(kind) :]
                wanted.append((_label(group, key, name), f"{key_base(key, day)}:{member}"))
    values = await store.get_spends([prefix + s for _, prefix in wanted for s in _SUFFIXES]) if wanted else []
    totals: dict[tuple[str, str], list[float]] = {}
    for i, (label, _) in enumerate(wanted):
        sums = totals.setdefault(label, [0.0, 0.0, 0.0, 0.0])
        for j in range(4):
            sums[j] += values[4 * i + j]
    rows = [_row(group, label, sums) for label, sums in totals.items()]
    rows.sort(key=lambda row: (-row["cost_usd"], -row["requests"], row["key"]))
    return rows


def _label(group: str, key: str, name: str) -> tuple[str, str]:
    if group == "key":
        return (key, "")
    if group == "key_model":
        return (key, name)
    return (name, "")


def _row(group: str, label: tuple[str, str], sums: list[float]) -> dict[str, Any]:
    row: dict[str, Any] = {"key": label[0]}
    if group == "key_model":
        row = {"key": f"{label[0]}/{label[1]}", "key_name": label[0], "model": label[1]}
    row["requests"] = round(sums[0])
    row["input_tokens"] = round(sums[1])
    row["output_tokens"] = round(sums[2])
    row["cost_usd"] = round(sums[3], 8)
    return row
