"""One canonical path per request, decided before routing.

Guarantees: a request whose path could mean two different things (to us and to an upstream, or to
routing and to a permission check) is refused with 400 before anything routes it. Only canonical
paths go on: they start with `/`, have no empty, `.` or `..` segment (a trailing slash is an
empty segment), and percent-encode no character that changes how a path splits (`/`, `\\`, `.`,
`%`, `?`, `#`, `;`) nor any control byte. For such a path the percent-decoded string that routing
and permission checks see and the raw string that is forwarded name the same resource, and
joining it to a provider's base URL can never climb out of the base path.

Why refuse rather than normalise: normalising means the proxy and every upstream must agree on
each rule (dot segments, encoded separators, double encoding, matrix parameters); a disagreement
is how `/v1/./chat/completions` once reached the upstream as chat while the proxy treated it as an
ungoverned pass-through. No SDK sends such paths, so refusing costs real callers nothing. For
the same reason a governed path spelt in other letter case (`/v1/Chat/Completions`) is refused
rather than forwarded (`case_variant`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from yarl import URL

from proxy.core.errors import InvalidRequest

# Escapes of separators, dots, '%' itself, and control bytes (case-insensitive hex).
_BAD_ESCAPE = re.compile(rb"%(?:2[eE35]|5[cC]|3[bBfF]|[01][0-9a-fA-F]|7[fF])")
_ESCAPED_SLASH = re.compile(rb"%2[fF]")
# The OpenAI SDK encodes a '/' inside an id (`models.retrieve("org/model")`); the proxy answers
# /v1/models itself from the decoded id and forwards nothing, so there the escape is harmless.
_SLASH_IDS = b"/v1/models/"
_BAD_BYTES = re.compile(rb"[\x00-\x1f\x7f\\;]")
_MAX_PATH_BYTES = 2048


def path_problem(raw_path: bytes) -> str | None:
    """Why `raw_path` (as sent, before percent-decoding) is not canonical, or None if it is."""
    if not raw_path.startswith(b"/"):
        return "it does not start with '/'"
    if len(raw_path) > _MAX_PATH_BYTES:
        return f"it is longer than {_MAX_PATH_BYTES} bytes"
    if _BAD_ESCAPE.search(raw_path) or (_ESCAPED_SLASH.search(raw_path) and not raw_path.startswith(_SLASH_IDS)):
        return "it percent-encodes a character that changes how the path splits ('/', '.', '%', '?', '#', ';')"
    if _BAD_BYTES.search(raw_path):
        return "it contains a backslash, ';' or a control character"
    if raw_path == b"/":
        return None
    for segment in raw_path[1:].split(b"/"):
        if segment in (b"", b".", b".."):
            return "it has an empty, '.' or '..' segment"
    return None


def canonical_form(raw_path: bytes) -> str:
    """A best guess at the path the caller meant, for the error message only (never routed)."""
    text = raw_path.decode("latin-1")
    kept: list[str] = []
    for segment in text.split("/"):
        if segment in ("", "."):
            continue
        if segment == "..":
            if kept:
                kept.pop()
            continue
        kept.append(segment)
    return "/" + "/".join(kept)


def non_canonical_path(raw_path: bytes) -> InvalidRequest | None:
    """The 400 for a non-canonical path, or None when the path may be routed."""
    problem = path_problem(raw_path)
    if problem is None:
        return None
    shown = canonical_form(raw_path)[:200]
    return InvalidRequest(
        f"The request path is not canonical: {problem}. Send the plain path, e.g. {shown}.",
        code="invalid_path",
    )


def case_variant(path: str, governed: Iterable[str]) -> InvalidRequest | None:
    """The 400 for `path` when it differs from a governed path (or a governed path's prefix, ending
    in '/') only in letter case, else None. Routing is case-sensitive, so such a spelling would miss
    the governed handler and be forwarded as a pass-through, while an upstream that matches paths
    without regard to case would serve it as the governed call."""
    folded = path.lower()
    for known in governed:
        is_prefix = known.endswith("/")
        same = folded.startswith(known.lower()) if is_prefix else folded == known.lower()
        if not same or path.startswith(known):
            continue
        meant = known + path[len(known) :] if is_prefix else known
        return InvalidRequest(
            f"The request path is not canonical: it differs from {known} in letter case. Send {meant}.",
            code="invalid_path",
        )
    return None


def join_under(base_url: str, path_qs: str) -> str:
    """`base_url + path_qs`, refused unless the URL the HTTP client will send stays under the base
    path (the client resolves dot segments itself, so this checks what actually leaves)."""
    url = base_url + path_qs
    base_path = URL(base_url).path.rstrip("/")
    sent_path = URL(url).path
    if path_problem(path_qs.partition("?")[0].encode("latin-1")) is not None or not sent_path.startswith(
        base_path + "/"
    ):
        raise InvalidRequest("The request path is not canonical. Send the plain path.", code="invalid_path")
    return url
