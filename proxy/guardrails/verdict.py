"""The guardrails' verdict header; the verdict type itself is plain data in `proxy.core.verdict`."""

from __future__ import annotations

from proxy.core.verdict import Verdict

__all__ = ["Verdict", "header_value"]  # Verdict re-exported: the guardrails' modules name it from here


def header_value(verdicts: list[Verdict], *, output_pending: bool) -> bytes:
    """`x-llm-proxy-guardrails`: `name/phase=outcome` items; a stream's output verdicts are not
    known when its headers go out, so they read `pending` (the log line has the final ones)."""
    items = [
        f"{v.guardrail}/{v.phase}={'pending' if output_pending and v.phase == 'output' else v.shown}" for v in verdicts
    ]
    return ", ".join(items).encode()


HEADER = b"x-llm-proxy-guardrails"


def set_header(headers: list[tuple[bytes, bytes]], verdicts: list[Verdict], *, output_pending: bool) -> None:
    """(Re)write `x-llm-proxy-guardrails` among `headers` (the ones every answer of the request carries)."""
    headers[:] = [h for h in headers if h[0] != HEADER]
    headers.append((HEADER, header_value(verdicts, output_pending=output_pending)))
