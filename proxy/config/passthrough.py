"""Policy for the `/v1/*` calls the proxy forwards byte for byte (pass-through): where they go and
which paths may go at all.

Guarantees: `allow` patterns are globs over canonical `/v1/...` paths, matched case-sensitively
(`*` also crosses `/`, so `/v1/files*` covers `/v1/files/file-1/content`); `admits` is the one
test of a path against them. Unset, every path passes in open mode and none in keys mode (the
access stage applies it). `passthrough_warnings` names each allowed glob that lets unpriced calls
spend money while the policy counts spend or tokens.
"""

from __future__ import annotations

from dataclasses import dataclass
from fnmatch import fnmatchcase

# Paths that can spend money upstream without the proxy pricing them, by family, each with the
# concrete paths a glob is tried against (so `/v1/*`, `/v1/image*` and `/v1/*/generations` all count).
MONEY_PATHS: dict[str, tuple[str, ...]] = {
    "/v1/audio*": ("/v1/audio/speech", "/v1/audio/transcriptions", "/v1/audio/translations"),
    "/v1/images*": ("/v1/images/generations", "/v1/images/edits", "/v1/images/variations"),
    "/v1/files*": ("/v1/files", "/v1/files/file-abc/content"),
    "/v1/batches*": ("/v1/batches", "/v1/batches/batch_abc/cancel"),
    "/v1/completions": ("/v1/completions",),
    "/v1/fine_tuning*": ("/v1/fine_tuning/jobs", "/v1/fine_tuning/jobs/ftjob-abc/cancel"),
    "/v1/realtime*": ("/v1/realtime", "/v1/realtime/sessions", "/v1/realtime/client_secrets"),
    "/v1/videos*": ("/v1/videos", "/v1/videos/video_abc/remix"),
    "/v1/vector_stores*": ("/v1/vector_stores", "/v1/vector_stores/vs_abc/files"),
    "/v1/uploads*": ("/v1/uploads", "/v1/uploads/upload_abc/parts"),
}


@dataclass(frozen=True, slots=True, kw_only=True)
class PassthroughConfig:
    """Where `/v1/*` calls that no governed surface serves go, byte for byte, and which may go.

    `provider`: an OpenAI-style provider (default: the first declared). `allow`: globs over the
    path (`/v1/files*`, `/v1/audio/*`, `/v1/moderations`); unset, keys mode forwards nothing and
    open mode everything; set, it holds in both modes.
    """

    provider: str | None = None
    allow: tuple[str, ...] | None = None

    def admits(self, path: str, *, keys_mode: bool) -> bool:
        """Whether a pass-through call of the canonical `path` may be forwarded."""
        if self.allow is None:
            return not keys_mode
        return any(fnmatchcase(path, pattern) for pattern in self.allow)


def check_passthrough(config: PassthroughConfig) -> list[str]:
    problems: list[str] = []
    for i, pattern in enumerate(config.allow or ()):
        if not pattern.startswith("/v1/"):
            problems.append(f"passthrough.allow[{i}]: '{pattern}' must be a path under /v1/ (globs allowed)")
    return problems


def passthrough_warnings(config: PassthroughConfig, *, keys_mode: bool, counts_spend: bool) -> list[str]:
    """With budgets or token limits (`counts_spend`): each allowed glob that admits a path that can
    spend money, one line per glob; in open mode with `allow` unset, one line for all of them."""
    if not counts_spend:
        return []
    why = "calls there are not priced, so budgets and token limits do not count them"
    if config.allow is None:
        if keys_mode:
            return []
        return [f"passthrough.allow is unset: open mode forwards every /v1 path, those that can spend money too; {why}"]
    warnings = []
    for pattern in config.allow:
        families = [family for family, paths in MONEY_PATHS.items() if any(fnmatchcase(p, pattern) for p in paths)]
        if families:
            which = f" ({', '.join(families)})" if len(families) > 1 else ""
            warnings.append(f"passthrough.allow admits {pattern}{which}: {why}")
    return warnings
