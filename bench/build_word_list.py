"""`python bench/build_word_list.py`: regenerate proxy/cache/data/english_words.txt.xz, the known-word list
the cache's agreement check uses to tell a typo from a different real word.

Source: the English word-frequency dictionary bundled in `pyspellchecker` (MIT licence; install it
only to run this script, the proxy never imports it). Kept: lowercase ASCII words of `MIN_LEN` to
`MAX_LEN` letters (the lengths `proxy.cache.known_words` corrects and corrects to), one a line,
sorted, xz-compressed. Deterministic for a given pyspellchecker version.
"""

from __future__ import annotations

import gzip
import json
import lzma
import sys
from importlib.resources import files
from pathlib import Path

from proxy.cache.known_words import MAX_LEN, MIN_LEN

OUT = Path(__file__).resolve().parent.parent / "proxy" / "cache" / "data" / "english_words.txt.xz"


def words() -> list[str]:
    raw = files("spellchecker").joinpath("resources/en.json.gz").read_bytes()
    table: dict[str, int] = json.loads(gzip.decompress(raw))
    keep = {w for w in table if MIN_LEN - 1 <= len(w) <= MAX_LEN + 1 and w.isascii() and w.isalpha() and w.islower()}
    return sorted(keep)


def main() -> int:
    found = words()
    OUT.write_bytes(lzma.compress(("\n".join(found) + "\n").encode("ascii"), preset=9 | lzma.PRESET_EXTREME))
    print(f"{len(found)} words -> {OUT} ({OUT.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
