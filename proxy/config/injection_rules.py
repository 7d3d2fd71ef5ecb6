"""Prompt-injection rule sets as data: the YAML format, read and validated before any detector uses it.

Guarantees: a rule set is a list of mappings with `id`, `category`, `weight`, `pattern` and an
optional `description`, nothing else; ids are unique non-empty strings, the weight is a number in
(0, 1], the pattern compiles in RE2. Any problem raises `ValueError` naming the rule, so
`llm-proxy check` reports an operator's `rules_file` with the words the detector would use.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from proxy.core.patterns import PatternError, compile_linear

_RULE_FIELDS = frozenset({"id", "category", "weight", "pattern", "description"})


@dataclass(frozen=True, slots=True)
class Rule:
    """One detection rule: `pattern` (RE2 syntax) is searched, case-insensitively, in every normalised view.

    `weight` in (0, 1] is the rule's contribution to the score; `category` groups rules for reporting.
    """

    id: str
    category: str
    weight: float
    pattern: str
    description: str = ""


def read_rules(path: Path) -> tuple[Rule, ...]:
    """The validated rules of the YAML file at `path`; OSError if it cannot be read."""
    return rules_from_yaml(path.read_text("utf-8"))


def rules_from_yaml(text: str) -> tuple[Rule, ...]:
    """The validated rules of a YAML document (see `parse_rules`)."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ValueError(f"injection rules: invalid YAML: {exc}") from None
    return parse_rules(data)


def parse_rules(data: Any) -> tuple[Rule, ...]:
    """Build and validate rules from already-parsed data (a list of mappings, e.g. from a policy file)."""
    if not isinstance(data, list):
        raise ValueError("injection rules: expected a list of rules")
    rules: list[Rule] = []
    for index, item in enumerate(data):
        if not isinstance(item, dict):
            raise ValueError(f"injection rule #{index}: expected a mapping")
        rule_id = item.get("id", f"#{index}")
        unknown = sorted(set(item) - _RULE_FIELDS)
        if unknown:
            raise ValueError(f"injection rule {rule_id!r}: unknown field(s) {', '.join(map(str, unknown))}")
        missing = sorted(_RULE_FIELDS - {"description"} - set(item))
        if missing:
            raise ValueError(f"injection rule {rule_id!r}: missing field(s) {', '.join(missing)}")
        rules.append(Rule(**{key: item[key] for key in _RULE_FIELDS if key in item}))
    return validate_rules(rules)


def validate_rules(rules: Iterable[Rule]) -> tuple[Rule, ...]:
    """Return `rules` as a tuple after checking each; raises ValueError naming the rule and the problem."""
    checked: list[Rule] = []
    seen: set[str] = set()
    for rule in rules:
        _check_rule(rule)
        if rule.id in seen:
            raise ValueError(f"injection rule {rule.id!r}: duplicate id")
        seen.add(rule.id)
        checked.append(rule)
    return tuple(checked)


def _check_rule(rule: Rule) -> None:
    name = repr(rule.id)
    if not isinstance(rule.id, str) or not rule.id.strip():
        raise ValueError(f"injection rule {name}: id must be a non-empty string")
    if not isinstance(rule.category, str) or not rule.category.strip():
        raise ValueError(f"injection rule {name}: category must be a non-empty string")
    if not isinstance(rule.description, str):
        raise ValueError(f"injection rule {name}: description must be a string")
    weight = rule.weight
    if isinstance(weight, bool) or not isinstance(weight, int | float) or not math.isfinite(weight):
        raise ValueError(f"injection rule {name}: weight must be a number in (0, 1]")
    if not 0 < weight <= 1:
        raise ValueError(f"injection rule {name}: weight {weight} is outside (0, 1]")
    if not isinstance(rule.pattern, str) or not rule.pattern:
        raise ValueError(f"injection rule {name}: pattern must be a non-empty string")
    try:
        compile_linear(rule.pattern, ignore_case=True)
    except PatternError as exc:
        raise ValueError(f"injection rule {name}: invalid pattern: {exc}") from None
