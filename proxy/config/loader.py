"""Generic YAML-tree -> frozen dataclass builder that reports every error with its path.

Guarantees: unknown keys, missing required keys, wrong types and unset environment variables are
all collected (never first-error-only), each as `path: message`; so is a key written twice in one
mapping (`load_yaml`: `models.gpt-4o: duplicate key (line 7; first at line 5)`), which YAML would
otherwise let the second one silently win; `${VAR}` and `${VAR:-default}` are interpolated from the
environment; values typed `Secret` never print their content.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import types
from collections.abc import Mapping
from typing import Any, Literal, TypeVar, Union, get_args, get_origin, get_type_hints
from urllib.parse import urlsplit, urlunsplit

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

T = TypeVar("T")

_ENV_REF = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}")


class Secret:
    """A credential read from the environment; `repr`/`str` never show it."""

    __slots__ = ("value",)

    def __init__(self, value: str) -> None:
        self.value = value

    def __bool__(self) -> bool:
        return bool(self.value)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other.value == self.value

    def __hash__(self) -> int:
        return hash(self.value)

    def __repr__(self) -> str:
        return "Secret('***')" if self.value else "Secret('')"

    __str__ = __repr__


class ConfigError(Exception):
    """All problems found in a policy, one `path: message` per line."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


_MERGE_TAG = "tag:yaml.org,2002:merge"


def load_yaml(text: str) -> tuple[Any, list[str]]:
    """The YAML document in `text`, and a problem per duplicate mapping key (the last one is kept,
    so the rest of the policy is still checked). Raises `yaml.YAMLError` on malformed YAML."""
    loader = _StrictLoader(text)
    try:
        return loader.get_single_data(), loader.duplicates
    finally:
        loader.dispose()


class _StrictLoader(yaml.SafeLoader):
    """A SafeLoader whose `construct_mapping` reports keys a mapping has twice, with their path and
    lines. Keys a mapping takes from a merge (`<<: *defaults`) and then sets itself are overrides,
    not duplicates: only the keys written in the mapping itself are compared."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.duplicates: list[str] = []
        self._paths: dict[int, str] = {}
        self._own: dict[int, list[tuple[Node, Node]]] = {}  # a mapping's pairs before merges were flattened in

    def construct_document(self, node: Node) -> Any:
        self._paths = _node_paths(node)
        return super().construct_document(node)

    def flatten_mapping(self, node: MappingNode) -> None:
        self._own.setdefault(id(node), [pair for pair in node.value if pair[0].tag != _MERGE_TAG])
        super().flatten_mapping(node)

    def construct_mapping(self, node: MappingNode, deep: bool = False) -> dict[Any, Any]:
        self.flatten_mapping(node)
        seen: dict[tuple[str, str], ScalarNode] = {}
        for key, _ in self._own.pop(id(node), ()):  # popped: each mapping is checked once
            if not isinstance(key, ScalarNode):
                continue
            first = seen.setdefault((key.tag, key.value), key)
            if first is not key:
                path = join(self._paths.get(id(node), ""), key.value)
                lines = f"line {key.start_mark.line + 1}; first at line {first.start_mark.line + 1}"
                self.duplicates.append(f"{path}: duplicate key ({lines})")
        return super().construct_mapping(node, deep)


def _node_paths(root: Node) -> dict[int, str]:
    """Each node's path in the policy (`models.gpt-4o.deployments[0]`), by node identity; a node
    reached again through an alias keeps the path of its anchor, which comes first in the document."""
    paths: dict[int, str] = {}
    stack: list[tuple[Node, str]] = [(root, "")]
    while stack:
        node, path = stack.pop()
        if id(node) in paths:
            continue
        paths[id(node)] = path
        children: list[tuple[Node, str]] = []
        if isinstance(node, MappingNode):
            for key, value in node.value:
                name = key.value if isinstance(key, ScalarNode) and key.tag != _MERGE_TAG else None
                children.append((value, join(path, name) if name is not None else path))
        elif isinstance(node, SequenceNode):
            children = [(value, f"{path}[{i}]") for i, value in enumerate(node.value)]
        stack.extend(reversed(children))  # depth first, in document order
    return paths


def interpolate(node: Any, env: Mapping[str, str], path: str, problems: list[str]) -> Any:
    """Replace `${VAR}` / `${VAR:-default}` in every string of a YAML tree."""
    if isinstance(node, str):
        return _interpolate_str(node, env, path, problems)
    if isinstance(node, list):
        return [interpolate(v, env, f"{path}[{i}]", problems) for i, v in enumerate(node)]
    if isinstance(node, dict):
        return {k: interpolate(v, env, join(path, str(k)), problems) for k, v in node.items()}
    return node


def _interpolate_str(text: str, env: Mapping[str, str], path: str, problems: list[str]) -> str:
    def repl(match: re.Match[str]) -> str:
        name, default = match.group(1), match.group(2)
        if name in env:
            return env[name]
        if default is not None:
            return default
        problems.append(f"{path}: environment variable {name} is not set (use ${{{name}:-}} for optional)")
        return ""

    return _ENV_REF.sub(repl, text) if "${" in text else text


def parse_time(text: str) -> dt.datetime | None:
    """An ISO 8601 time (UTC when it names no zone, so every time compares with every other), or None."""
    try:
        at = dt.datetime.fromisoformat(text)
    except ValueError:
        return None
    return at if at.tzinfo is not None else at.replace(tzinfo=dt.UTC)


def join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def build(cls: type[T], data: Any, path: str, problems: list[str]) -> T | None:
    """Build dataclass `cls` from a mapping, appending every problem found.

    Fields with problems are left out, so a partly broken section still yields an object built
    from its defaults when it can (later cross-checks then see as much as possible); None when a
    required field is missing or broken.
    """
    if not isinstance(data, dict):
        problems.append(f"{path or '<root>'}: expected a mapping, got {_kind(data)}")
        return None
    fields = {yaml_name(f): f for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
    hints = get_type_hints(cls)
    for key in data:
        if key not in fields:
            allowed = ", ".join(sorted(fields))
            problems.append(f"{join(path, str(key))}: unknown key (allowed: {allowed})")
    values: dict[str, Any] = {}
    complete = True
    for name, fld in fields.items():
        required = fld.default is dataclasses.MISSING and fld.default_factory is dataclasses.MISSING
        if name not in data:
            if required:
                problems.append(f"{join(path, name)}: required key is missing")
                complete = False
            continue
        value = convert(hints[fld.name], data[name], join(path, name), problems)
        if value is not None:
            values[fld.name] = value
        elif required:
            complete = False
    return cls(**values) if complete else None


def yaml_name(fld: dataclasses.Field[Any]) -> str:
    """The key in the policy file: the field's name, unless it had to differ (`global` is a keyword)."""
    return str(fld.metadata.get("yaml", fld.name))


def convert(tp: Any, value: Any, path: str, problems: list[str]) -> Any:
    """Check and convert one YAML value to the annotated type `tp`."""
    if tp is Any:
        return value
    origin = get_origin(tp)
    if origin in (Union, types.UnionType):
        return _convert_union(tp, value, path, problems)
    if origin is Literal:
        if value not in get_args(tp):
            choices = ", ".join(repr(a) for a in get_args(tp))
            problems.append(f"{path}: {value!r} is not one of {choices}")
            return None
        return value
    if origin is tuple:
        item_tp = get_args(tp)[0]
        if not isinstance(value, list):
            problems.append(f"{path}: expected a list, got {_kind(value)}")
            return None
        items = (convert(item_tp, v, f"{path}[{i}]", problems) for i, v in enumerate(value))
        return tuple(item for item in items if item is not None)
    if origin is dict:
        return _convert_dict(tp, value, path, problems)
    if dataclasses.is_dataclass(tp):
        return build(tp, value, path, problems)  # type: ignore[arg-type]
    return _convert_scalar(tp, value, path, problems)


def _convert_union(tp: Any, value: Any, path: str, problems: list[str]) -> Any:
    options = [a for a in get_args(tp) if a is not type(None)]
    if value is None:
        if type(None) in get_args(tp):
            return None
        problems.append(f"{path}: must not be null")
        return None
    return convert(options[0], value, path, problems)


def _convert_dict(tp: Any, value: Any, path: str, problems: list[str]) -> Any:
    _, val_tp = get_args(tp)
    if not isinstance(value, dict):
        problems.append(f"{path}: expected a mapping, got {_kind(value)}")
        return None
    items = {str(k): convert(val_tp, v, join(path, str(k)), problems) for k, v in value.items()}
    return {k: v for k, v in items.items() if v is not None}


def _convert_scalar(tp: Any, value: Any, path: str, problems: list[str]) -> Any:
    if tp is Secret:
        if isinstance(value, str):
            return Secret(value)
        problems.append(f"{path}: expected a string, got {_kind(value)}")
        return None
    if tp is str and isinstance(value, dt.date):
        return value.isoformat()  # YAML reads an unquoted timestamp as a datetime
    if tp is float and isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    if tp is int and isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value)  # env interpolation yields strings: "${PORT:-8080}"
    if tp is float and isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            pass
    if tp is bool and isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    if isinstance(value, tp) and not (tp is int and isinstance(value, bool)):
        return value
    problems.append(f"{path}: expected {tp.__name__}, got {_kind(value)} {value!r}")
    return None


def _kind(value: Any) -> str:
    return {dict: "a mapping", list: "a list", str: "a string", type(None): "null"}.get(
        type(value), type(value).__name__
    )


MASK = "***"


def to_plain(obj: Any) -> Any:
    """A dataclass tree as plain data, with `Secret` values masked (to print a policy: `masked_plain`)."""
    if isinstance(obj, Secret):
        return MASK if obj.value else ""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {yaml_name(f): to_plain(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, tuple | list):
        return [to_plain(v) for v in obj]
    if isinstance(obj, dict):
        return {k: to_plain(v) for k, v in obj.items()}
    return obj


def masked_plain(obj: Any) -> Any:
    """A policy (or any dataclass tree) as plain data for printing, everything secret masked: `Secret`
    values, and what `to_plain` leaves readable: key digests, header values (they often carry
    credentials) and passwords inside URLs."""
    return _masked(to_plain(obj))


def _masked(node: Any, name: str = "") -> Any:
    if isinstance(node, dict):
        if name == "headers":
            return dict.fromkeys(node, MASK)
        return {k: MASK if k == "secret_sha256" and v else _masked(v, k) for k, v in node.items()}
    if isinstance(node, list):
        return [_masked(v, name) for v in node]
    if isinstance(node, str) and "@" in node and "://" in node:
        return _mask_url(node)
    return node


def _mask_url(url: str) -> str:
    try:
        parts = urlsplit(url)
    except ValueError:
        return MASK
    if parts.password is None:
        return url
    host = parts.netloc.rpartition("@")[2]
    return urlunsplit(parts._replace(netloc=f"{parts.username or ''}:{MASK}@{host}"))
