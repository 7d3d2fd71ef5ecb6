"""Server-side prompt templates: which template a chat request selects, and its rendered messages.

A request selects a template in one of two ways (never both; that is a 400 on `prompt`):

1. The body field `prompt`: `{"id": "<name>", "version": 3 or "3" (optional), "variables": {...}}`,
   the shape of the Responses API `prompt` parameter (SDK users send it with `extra_body`). The
   field is removed from the body, since upstreams reject fields they do not know.
2. The header `x-llm-proxy-prompt: <name>` or `<name>@<version>`. The variables are then the string
   values of the body's `metadata`, which stays in the body; as metadata also carries unrelated
   tags, entries the template does not use are ignored.

Guarantees: every type error is a 400 naming the field to fix; an unknown template or version is a
404 listing what exists; rendering is a single pass (a variable's value is inserted literally, even
if it contains `{{ x }}`); a missing variable, or in body mode an unused one, is a 400 naming them
all. Version numbers compare as integers, so version 10 is newer than version 2.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from typing import Any

import orjson

from proxy.config.experiments import PLACEHOLDER, PromptTemplate, PromptVersion, template_variables
from proxy.config.loader import parse_time
from proxy.core.errors import Fault, InvalidRequest, ProxyError
from proxy.core.exchange import Headers

PROMPT_HEADER = b"x-llm-proxy-prompt"
_VERSION = re.compile(r"[0-9]+")  # ASCII only: str.isdigit() also accepts digits like '²'
_BODY_KEYS = ("id", "version", "variables")


class PromptNotFound(ProxyError):
    status = 404
    type_ = "invalid_request_error"
    code = "prompt_not_found"
    fault = Fault.CALLER


@dataclass(frozen=True, slots=True)
class PromptRequest:
    """What the caller asked for: a template name, a pinned version (None: not pinned) and variables.

    `strict` is False when the variables come from `metadata`, where unused entries are not mistakes.
    """

    name: str
    version: int | None
    variables: dict[str, str]
    strict: bool = True


def prompt_request(headers: Headers, body: dict[str, Any]) -> PromptRequest | None:
    """The template a chat request selects, or None; pops `prompt` from `body` (see module docstring)."""
    values = [value for name, value in headers if name == PROMPT_HEADER]
    selected = body.pop("prompt", None)
    if values and selected is not None:
        raise InvalidRequest(
            "Select a prompt template with either the 'prompt' field or the x-llm-proxy-prompt header, not both.",
            param="prompt",
        )
    if selected is not None:
        return _from_body(selected)
    if values:
        return _from_header(values, body.get("metadata"))
    return None


def _from_body(selected: Any) -> PromptRequest:
    if not isinstance(selected, dict):
        raise InvalidRequest(f"'prompt' must be an object with an 'id', got {_kind(selected)}.", param="prompt")
    for key in selected:
        if key not in _BODY_KEYS:
            raise InvalidRequest(
                f"'prompt.{key}' is not a known field; 'prompt' takes id, version and variables.", param=f"prompt.{key}"
            )
    name = selected.get("id")
    if not isinstance(name, str) or not name:
        raise InvalidRequest(f"'prompt.id' must be a template name (a string), got {_kind(name)}.", param="prompt.id")
    version = selected.get("version")
    if version is not None:
        version = _version(version, "'prompt.version'", "prompt.version")
    raw = selected.get("variables")
    if raw is not None and not isinstance(raw, dict):
        raise InvalidRequest(f"'prompt.variables' must be an object, got {_kind(raw)}.", param="prompt.variables")
    return PromptRequest(name, version, {str(k): _variable(k, v) for k, v in (raw or {}).items()})


def _from_header(values: list[bytes], metadata: Any) -> PromptRequest:
    where = "The x-llm-proxy-prompt header"
    if len(values) > 1:
        raise InvalidRequest(f"{where} was sent {len(values)} times; send it once.", param="x-llm-proxy-prompt")
    try:
        text = values[0].decode("ascii").strip()
    except UnicodeDecodeError:
        raise InvalidRequest(
            f"{where} must be ASCII: <name> or <name>@<version>.", param="x-llm-proxy-prompt"
        ) from None
    name, at, number = (part.strip() for part in text.partition("@"))
    if not name:
        raise InvalidRequest(f"{where} must be <name> or <name>@<version>, got '{text}'.", param="x-llm-proxy-prompt")
    version = _version(number, f"The version in {where.lower()}", "x-llm-proxy-prompt") if at else None
    variables = {k: v for k, v in metadata.items() if isinstance(v, str)} if isinstance(metadata, dict) else {}
    return PromptRequest(name, version, variables, strict=False)


def _version(value: Any, what: str, param: str) -> int:
    if isinstance(value, str) and _VERSION.fullmatch(value):
        value = int(value)
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise InvalidRequest(f"{what} must be a positive integer like 3, got {value!r}.", param=param)
    return value


def _variable(name: Any, value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str | int | float):
        return str(value)
    raise InvalidRequest(
        f"'prompt.variables.{name}' must be a string, number or boolean, got {_kind(value)}.",
        param=f"prompt.variables.{name}",
    )


def _kind(value: Any) -> str:
    kinds = {dict: "an object", list: "an array", str: "a string", bool: "a boolean", type(None): "null"}
    return kinds.get(type(value), "a number")


@dataclass(frozen=True, slots=True)
class _Version:
    """A template version prepared for the request path: placeholders found once, at load."""

    number: int
    parts: tuple[tuple[str, str, bool], ...]  # (role, content, content has a placeholder)
    variables: tuple[str, ...]  # in order of first use
    defaults: dict[str, str]
    created: str  # normalised to UTC
    description: str
    sha256: str  # of the canonical content, so operators see when a version was edited in place


class PromptLibrary:
    """The policy's templates; renders a request's messages server-side."""

    def __init__(self, prompts: dict[str, PromptTemplate]) -> None:
        self._templates: dict[str, dict[int, _Version]] = {}
        self._defaults: dict[str, int] = {}
        for name in sorted(prompts):
            template = prompts[name]
            numbers = sorted(template.versions, key=int)
            self._templates[name] = {int(n): _compile(int(n), template.versions[n]) for n in numbers}
            self._defaults[name] = template.default_version or int(numbers[-1])

    def __bool__(self) -> bool:
        return bool(self._templates)

    def names(self) -> list[str]:
        return list(self._templates)

    def version_of(self, name: str, pinned: int | None) -> int:
        """The version to use: `pinned`, else the template's default_version, else the highest."""
        versions = self._versions(name)
        if pinned is None:
            return self._defaults[name]
        if pinned not in versions:
            have = ", ".join(str(n) for n in versions)
            raise PromptNotFound(
                f"Prompt template '{name}' has no version {pinned}; it has {have}.", param="prompt.version"
            )
        return pinned

    def render(self, req: PromptRequest, version: int) -> list[dict[str, Any]]:
        """The version's messages with each `{{ var }}` replaced by the caller's value, else the default."""
        compiled = self._versions(req.name)[self.version_of(req.name, version)]
        label = f"prompt template '{req.name}' version {version}"
        if req.strict:
            unknown = sorted(set(req.variables).difference(compiled.variables))
            if unknown:
                used = ", ".join(compiled.variables) or "none"
                raise InvalidRequest(
                    f"Unknown variable(s) {', '.join(unknown)} for {label}; its variables are: {used}.",
                    param="prompt.variables",
                    code="unknown_prompt_variable",
                )
        values = {**compiled.defaults, **req.variables}
        missing = [v for v in compiled.variables if v not in values]
        if missing:
            raise InvalidRequest(
                f"Missing variable(s) {', '.join(missing)} for {label}; send them in 'prompt.variables'"
                " (or in metadata with the x-llm-proxy-prompt header).",
                param="prompt.variables",
                code="missing_prompt_variable",
            )

        def value(match: re.Match[str]) -> str:
            return values[match.group(1)]

        # re.sub scans each content once, so placeholders inside inserted values stay literal.
        return [
            {"role": role, "content": PLACEHOLDER.sub(value, content) if dynamic else content}
            for role, content, dynamic in compiled.parts
        ]

    def listing(self) -> list[dict[str, Any]]:
        """For GET /admin/prompts: every template, its effective default and its versions ascending."""
        return [
            {"name": name, "default_version": self._defaults[name], "versions": [_entry(v) for v in versions.values()]}
            for name, versions in self._templates.items()
        ]

    def _versions(self, name: str) -> dict[int, _Version]:
        versions = self._templates.get(name)
        if versions is None:
            have = ", ".join(self._templates) or "none are configured"
            raise PromptNotFound(f"Unknown prompt template '{name}'. Available templates: {have}.", param="prompt.id")
        return versions


def _compile(number: int, version: PromptVersion) -> _Version:
    parts = tuple((m.role, m.content, PLACEHOLDER.search(m.content) is not None) for m in version.messages)
    messages = [{"role": role, "content": content} for role, content, _ in parts]
    canonical = orjson.dumps({"messages": messages, "defaults": version.defaults}, option=orjson.OPT_SORT_KEYS)
    created = parse_time(version.created)
    return _Version(
        number=number,
        parts=parts,
        variables=tuple(template_variables(version)),
        defaults=dict(version.defaults),
        created=created.astimezone(dt.UTC).isoformat().replace("+00:00", "Z") if created else version.created,
        description=version.description,
        sha256=hashlib.sha256(canonical).hexdigest(),
    )


def _entry(v: _Version) -> dict[str, Any]:
    return {
        "version": v.number,
        "created": v.created,
        "description": v.description,
        "variables": list(v.variables),
        "defaults": dict(v.defaults),
        "messages": [{"role": role, "content": content} for role, content, _ in v.parts],
        "sha256": v.sha256,
    }
