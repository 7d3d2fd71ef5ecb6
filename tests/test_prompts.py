"""Prompt templates: selection from body or header, server-side rendering, versions and the listing."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from proxy.config.loader import ConfigError
from proxy.config.policy import Policy, parse_policy
from proxy.core.errors import InvalidRequest, ProxyError
from proxy.experiments.prompts import PROMPT_HEADER, PromptLibrary, PromptNotFound, PromptRequest, prompt_request

BASE: dict[str, Any] = {
    "providers": {"p": {"type": "openai", "base_url": "http://127.0.0.1:1/v1"}},
    "models": {"m": {"deployments": [{"provider": "p", "model": "m"}]}},
}

PROMPTS: dict[str, Any] = {
    "support": {
        "versions": {
            "1": {
                "created": "2026-10-01T09:00:00+02:00",
                "description": "first cut",
                "messages": [
                    {"role": "system", "content": "You help customers of {{company}}."},
                    {"role": "user", "content": "{{ question }}"},
                ],
            },
            "2": {
                "created": "2026-10-15T12:00:00Z",
                "messages": [
                    {"role": "system", "content": "You help customers of {{company}} in {{  tone  }} tone."},
                    {"role": "user", "content": "{{question}}"},
                ],
                "defaults": {"tone": "a friendly"},
            },
            "10": {
                "created": "2026-11-01T09:00:00Z",
                "messages": [{"role": "system", "content": "Static text, no variables."}],
            },
        },
    },
    "pinned": {
        "default_version": 1,
        "versions": {
            "1": {"created": "2026-10-01T00:00:00Z", "messages": [{"role": "user", "content": "one"}]},
            "2": {"created": "2026-10-02T00:00:00Z", "messages": [{"role": "user", "content": "two"}]},
        },
    },
}


def policy_with(prompts: dict[str, Any]) -> Policy:
    return parse_policy({**BASE, "prompts": prompts}, env={})


@pytest.fixture(scope="module")
def library() -> PromptLibrary:
    return PromptLibrary(policy_with(PROMPTS).prompts)


def refused(exc_type: type[ProxyError], headers: list[tuple[bytes, bytes]], body: dict[str, Any]) -> ProxyError:
    with pytest.raises(exc_type) as info:
        prompt_request(headers, body)
    return info.value


# --- selection from the body ---------------------------------------------------------------------


def test_no_selection() -> None:
    body = {"model": "m", "messages": [], "metadata": {"a": "b"}}
    assert prompt_request([(b"x-other", b"v")], body) is None
    assert "metadata" in body


def test_body_selection_pops_prompt_field() -> None:
    body = {"model": "m", "prompt": {"id": "support", "version": 2, "variables": {"company": "ACME"}}}
    assert prompt_request([], body) == PromptRequest("support", 2, {"company": "ACME"})
    assert "prompt" not in body


@pytest.mark.parametrize(("version", "expected"), [(3, 3), ("3", 3), ("10", 10), (None, None)])
def test_body_version_as_int_or_string(version: Any, expected: int | None) -> None:
    req = prompt_request([], {"prompt": {"id": "t", "version": version}})
    assert req is not None
    assert req.version == expected
    assert req.strict


def test_body_variable_values_become_strings() -> None:
    variables = {"s": "x", "i": 3, "f": 1.5, "t": True, "n": False}
    req = prompt_request([], {"prompt": {"id": "t", "variables": variables}})
    assert req is not None
    assert req.variables == {"s": "x", "i": "3", "f": "1.5", "t": "true", "n": "false"}


@pytest.mark.parametrize(
    ("prompt", "param"),
    [
        ("support", "prompt"),
        (["support"], "prompt"),
        ({"variables": {}}, "prompt.id"),
        ({"id": 7}, "prompt.id"),
        ({"id": ""}, "prompt.id"),
        ({"id": "t", "version": "latest"}, "prompt.version"),
        ({"id": "t", "version": "abc"}, "prompt.version"),
        ({"id": "t", "version": "0"}, "prompt.version"),
        ({"id": "t", "version": 0}, "prompt.version"),
        ({"id": "t", "version": -1}, "prompt.version"),
        ({"id": "t", "version": 1.5}, "prompt.version"),
        ({"id": "t", "version": True}, "prompt.version"),
        ({"id": "t", "version": "²"}, "prompt.version"),
        ({"id": "t", "variables": ["a"]}, "prompt.variables"),
        ({"id": "t", "variables": "a=b"}, "prompt.variables"),
        ({"id": "t", "variables": {"a": None}}, "prompt.variables.a"),
        ({"id": "t", "variables": {"b": {"x": 1}}}, "prompt.variables.b"),
        ({"id": "t", "variables": {"c": [1]}}, "prompt.variables.c"),
        ({"id": "t", "vars": {}}, "prompt.vars"),
    ],
)
def test_body_bad_types_name_the_field(prompt: Any, param: str) -> None:
    err = refused(InvalidRequest, [], {"prompt": prompt})
    assert err.status == 400
    assert err.param == param
    assert f"'{param}'" in err.message


# --- selection from the header -------------------------------------------------------------------


def test_header_selection_by_name() -> None:
    req = prompt_request([(PROMPT_HEADER, b"support")], {"model": "m"})
    assert req == PromptRequest("support", None, {}, strict=False)


def test_header_selection_pinned_with_metadata_variables() -> None:
    body = {"model": "m", "metadata": {"company": "ACME", "team": "billing", "n": 3}}
    req = prompt_request([(PROMPT_HEADER, b"support@2")], body)
    assert req == PromptRequest("support", 2, {"company": "ACME", "team": "billing"}, strict=False)
    assert body["metadata"] == {"company": "ACME", "team": "billing", "n": 3}  # left for the upstream


@pytest.mark.parametrize("value", [b"support@x", b"support@", b"support@0", b"support@latest", b"@2", b""])
def test_header_bad_value(value: bytes) -> None:
    err = refused(InvalidRequest, [(PROMPT_HEADER, value)], {})
    assert err.param == "x-llm-proxy-prompt"
    assert "x-llm-proxy-prompt" in err.message


def test_header_non_ascii_and_repeated_are_refused() -> None:
    assert refused(InvalidRequest, [(PROMPT_HEADER, "café".encode())], {}).param == "x-llm-proxy-prompt"
    repeated = [(PROMPT_HEADER, b"a"), (PROMPT_HEADER, b"b")]
    assert "once" in refused(InvalidRequest, repeated, {}).message


def test_header_and_body_at_once_refused() -> None:
    err = refused(InvalidRequest, [(PROMPT_HEADER, b"support")], {"prompt": {"id": "support"}})
    assert err.param == "prompt"
    assert "not both" in err.message


# --- rendering -----------------------------------------------------------------------------------


def test_render_with_defaults_and_whitespace_in_placeholders(library: PromptLibrary) -> None:
    req = PromptRequest("support", 2, {"company": "ACME", "question": "Where is my order?"})
    assert library.render(req, 2) == [
        {"role": "system", "content": "You help customers of ACME in a friendly tone."},
        {"role": "user", "content": "Where is my order?"},
    ]
    req = PromptRequest("support", 2, {"company": "ACME", "question": "?", "tone": "a formal"})
    assert library.render(req, 2)[0]["content"] == "You help customers of ACME in a formal tone."


def test_render_without_variables(library: PromptLibrary) -> None:
    assert library.render(PromptRequest("support", None, {}), 10) == [
        {"role": "system", "content": "Static text, no variables."}
    ]


def test_render_missing_variables_names_them_all(library: PromptLibrary) -> None:
    with pytest.raises(InvalidRequest) as info:
        library.render(PromptRequest("support", 1, {}), 1)
    err = info.value
    assert (err.status, err.code, err.param) == (400, "missing_prompt_variable", "prompt.variables")
    assert "company" in err.message
    assert "question" in err.message
    assert "'support' version 1" in err.message


def test_render_unknown_variable_lists_the_known_ones(library: PromptLibrary) -> None:
    req = PromptRequest("support", 1, {"company": "A", "question": "q", "compnay": "typo"})
    with pytest.raises(InvalidRequest) as info:
        library.render(req, 1)
    err = info.value
    assert (err.code, err.param) == ("unknown_prompt_variable", "prompt.variables")
    assert "compnay" in err.message
    assert "company, question" in err.message


def test_render_ignores_unrelated_metadata_in_header_mode(library: PromptLibrary) -> None:
    body = {"metadata": {"company": "ACME", "question": "hi", "team": "billing"}}
    req = prompt_request([(PROMPT_HEADER, b"support@1")], body)
    assert req is not None
    assert library.render(req, library.version_of(req.name, req.version))[1] == {"role": "user", "content": "hi"}


def test_render_inserts_values_literally(library: PromptLibrary) -> None:
    req = PromptRequest("support", 1, {"company": "{{question}}", "question": "{{ company }} \\1 $x"})
    messages = library.render(req, 1)
    assert messages[0]["content"] == "You help customers of {{question}}."
    assert messages[1]["content"] == "{{ company }} \\1 $x"


def test_render_does_not_mutate_the_library(library: PromptLibrary) -> None:
    messages = library.render(PromptRequest("pinned", None, {}), 1)
    messages[0]["content"] = "changed"
    assert library.render(PromptRequest("pinned", None, {}), 1)[0]["content"] == "one"


# --- versions ------------------------------------------------------------------------------------


def test_version_resolution(library: PromptLibrary) -> None:
    assert library.version_of("support", None) == 10  # numeric, not lexicographic ("2" > "10")
    assert library.version_of("support", 2) == 2
    assert library.version_of("pinned", None) == 1  # default_version
    assert library.version_of("pinned", 2) == 2


def test_unknown_template_is_404_listing_available(library: PromptLibrary) -> None:
    with pytest.raises(PromptNotFound) as info:
        library.version_of("nope", None)
    err = info.value
    assert (err.status, err.type_, err.code, err.param) == (
        404,
        "invalid_request_error",
        "prompt_not_found",
        "prompt.id",
    )
    assert "nope" in err.message
    assert "pinned, support" in err.message
    with pytest.raises(PromptNotFound):
        library.render(PromptRequest("nope", None, {}), 1)


def test_unknown_version_is_404_listing_versions(library: PromptLibrary) -> None:
    with pytest.raises(PromptNotFound) as info:
        library.version_of("support", 3)
    assert info.value.param == "prompt.version"
    assert "1, 2, 10" in info.value.message
    with pytest.raises(PromptNotFound):
        library.render(PromptRequest("support", 3, {}), 3)


def test_empty_library() -> None:
    empty = PromptLibrary({})
    assert not empty
    assert empty.names() == []
    assert empty.listing() == []
    with pytest.raises(PromptNotFound) as info:
        empty.version_of("x", None)
    assert "none are configured" in info.value.message


# --- listing -------------------------------------------------------------------------------------


def test_listing_shape(library: PromptLibrary) -> None:
    assert library
    assert library.names() == ["pinned", "support"]
    listing = library.listing()
    assert [t["name"] for t in listing] == ["pinned", "support"]
    support = listing[1]
    assert support["default_version"] == 10
    assert [v["version"] for v in support["versions"]] == [1, 2, 10]
    first, second = support["versions"][0], support["versions"][1]
    assert first["created"] == "2026-10-01T07:00:00Z"  # normalised from +02:00
    assert first["description"] == "first cut"
    assert first["variables"] == ["company", "question"]
    assert first["defaults"] == {}
    assert first["messages"][1] == {"role": "user", "content": "{{ question }}"}
    assert second["variables"] == ["company", "tone", "question"]
    assert second["defaults"] == {"tone": "a friendly"}
    assert set(first) == {"version", "created", "description", "variables", "defaults", "messages", "sha256"}
    assert listing[0]["default_version"] == 1


def test_listing_digest_tracks_content(library: PromptLibrary) -> None:
    digests = [v["sha256"] for v in library.listing()[1]["versions"]]
    assert len(set(digests)) == 3
    assert all(len(d) == 64 for d in digests)
    # Same content under another name and creation time: same digest; an edited default: a new one.
    copy = {"versions": {"7": {**PROMPTS["support"]["versions"]["2"], "created": "2027-01-01T00:00:00Z"}}}
    edited = {"versions": {"7": {**PROMPTS["support"]["versions"]["2"], "defaults": {"tone": "a dry"}}}}
    other = PromptLibrary(policy_with({"copy": copy, "edited": edited}).prompts).listing()
    assert other[0]["versions"][0]["sha256"] == digests[1]
    assert other[1]["versions"][0]["sha256"] != digests[1]


def test_listing_is_a_copy(library: PromptLibrary) -> None:
    library.listing()[1]["versions"][0]["defaults"]["x"] = "y"
    library.listing()[1]["versions"][0]["messages"].clear()
    assert library.listing()[1]["versions"][0]["defaults"] == {}
    assert len(library.listing()[1]["versions"][0]["messages"]) == 2


# --- the policy loader ---------------------------------------------------------------------------


def problems_of(prompts: dict[str, Any]) -> list[str]:
    with pytest.raises(ConfigError) as info:
        policy_with(prompts)
    return info.value.problems


def one_version(**fields: Any) -> dict[str, Any]:
    version = {"created": "2026-11-01T09:00:00Z", "messages": [{"role": "user", "content": "hi {{name}}"}]}
    return {"versions": {"1": {**version, **fields}}}


def test_loader_rejects_bad_version_number() -> None:
    template = {"versions": {"abc": one_version()["versions"]["1"]}}
    assert any(
        p.startswith("prompts.t.versions.abc: a version must be a positive integer")
        for p in problems_of({"t": template})
    )


def test_loader_requires_created() -> None:
    template = {"versions": {"1": {"messages": [{"role": "user", "content": "x"}]}}}
    assert "prompts.t.versions.1.created: required key is missing" in problems_of({"t": template})


def test_loader_rejects_bad_created() -> None:
    problems = problems_of({"t": one_version(created="yesterday")})
    assert any(p.startswith("prompts.t.versions.1.created: must be an ISO 8601 time") for p in problems)


def test_loader_rejects_bad_role() -> None:
    problems = problems_of({"t": one_version(messages=[{"role": "bot", "content": "x"}])})
    assert any(p.startswith("prompts.t.versions.1.messages[0].role: must be one of") for p in problems)


def test_loader_rejects_missing_default_version() -> None:
    assert "prompts.t.default_version: no version 4" in problems_of({"t": {**one_version(), "default_version": 4}})


def test_loader_rejects_defaults_for_unused_variable() -> None:
    problems = problems_of({"t": one_version(defaults={"nmae": "x"})})
    assert "prompts.t.versions.1.defaults.nmae: the template has no variable 'nmae'" in problems


def test_loader_accepts_unquoted_yaml_timestamp() -> None:
    prompts = yaml.safe_load(
        """
        t:
          versions:
            1:
              created: 2026-11-01T09:00:00Z
              messages: [{role: user, content: "hi {{ name }}"}]
        """
    )
    library = PromptLibrary(policy_with(prompts).prompts)
    assert library.listing()[0]["versions"][0]["created"] == "2026-11-01T09:00:00Z"
    assert library.render(PromptRequest("t", None, {"name": "Ann"}), 1) == [{"role": "user", "content": "hi Ann"}]
