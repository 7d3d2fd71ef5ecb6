"""Bounded reads of upstream answers: providers (`providers.http.read_body` maps the errors) and side
calls (guardrail classifiers, embedding endpoints).

Guarantee: at most `limit` bytes of a body are ever held (counted after decoding: aiohttp decodes
in bounded pieces); a longer answer raises `AnswerTooLarge` and the connection is dropped, so a
faulty or hostile upstream cannot grow the proxy's memory.
"""

from __future__ import annotations

import aiohttp

SIDE_CALL_MAX_BYTES = 16 * 1024 * 1024


class AnswerTooLarge(ValueError):
    """The answer was longer than the caller's limit."""


async def read_capped(resp: aiohttp.ClientResponse, limit: int = SIDE_CALL_MAX_BYTES) -> bytes:
    """The whole body of `resp`, refusing more than `limit` bytes."""
    declared = resp.content_length
    if declared is not None and declared > limit and "content-encoding" not in resp.headers:
        resp.close()
        raise AnswerTooLarge(f"answer of {declared} bytes is over {limit}")
    pieces: list[bytes] = []
    size = 0
    while piece := await resp.content.readany():
        size += len(piece)
        if size > limit:
            resp.close()
            raise AnswerTooLarge(f"answer is over {limit} bytes")
        pieces.append(piece)
    return pieces[0] if len(pieces) == 1 else b"".join(pieces)
