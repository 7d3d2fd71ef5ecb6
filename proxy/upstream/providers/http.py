"""The pooled HTTP client one provider uses, with the proxy's timeout and error semantics.

Guarantees: one aiohttp session per provider, sized for thousands of concurrent streams; connect
failures become UpstreamUnreachable (502) and timeouts UpstreamTimeout (504), with a message that
names no upstream address (the detail goes to the log); the first-byte timeout covers the wait
for headers and the first body bytes, after which `idle_s` bounds every gap between chunks (a
stream's bounds on complete events are in `streams`);
response headers that must not cross a proxy are dropped; every body read is capped at the
provider's `max_response_bytes`, counted after decoding (a breach is UpstreamProtocolError, 502).

Compressed answers are decoded, with a limit: the proxy must read chat answers (usage, model,
shape checks, cache, guardrails), so passing `content-encoding` through would not do. aiohttp
(>= 3.13.3) decodes in pieces of bounded size as the body is read, and `read_body` stops at the
cap, so a small compressed body that expands to gigabytes costs at most the cap plus one piece.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import aiohttp

from proxy.config.policy import ProviderConfig, Timeouts
from proxy.core.errors import UpstreamProtocolError, UpstreamTimeout, UpstreamUnreachable
from proxy.core.exchange import Headers
from proxy.core.http_read import AnswerTooLarge, read_capped

log = logging.getLogger("proxy.upstream")

# Hop-by-hop headers (RFC 9110 7.6.1) plus framing and per-hop metadata we set ourselves.
_DROP_RESPONSE_HEADERS = frozenset(
    {
        b"connection",
        b"keep-alive",
        b"proxy-authenticate",
        b"proxy-authorization",
        b"te",
        b"trailer",
        b"trailers",
        b"transfer-encoding",
        b"upgrade",
        b"content-length",
        b"content-encoding",
        b"date",
        b"server",
        b"x-request-id",
        b"set-cookie",
        b"alt-svc",
    }
)
# Caller headers an OpenAI-compatible upstream may need; everything else stays at the proxy.
FORWARDED_REQUEST_HEADERS = frozenset(
    {"openai-organization", "openai-project", "openai-beta", "idempotency-key", "accept-language"}
)


def response_headers(resp: aiohttp.ClientResponse) -> Headers:
    """Upstream headers safe to pass to the caller; upstream's request id is kept under another name."""
    out: Headers = []
    for name, value in resp.raw_headers:
        lname = name.lower()
        if lname in (b"x-request-id", b"request-id"):
            out.append((b"x-upstream-request-id", value))
        elif lname not in _DROP_RESPONSE_HEADERS:
            out.append((lname, value))
    return out


class HttpUpstream:
    """A provider's connection pool and the timeouts of its policy."""

    __slots__ = ("_client_timeouts", "base_url", "config", "session")

    def __init__(self, config: ProviderConfig) -> None:
        self.config = config
        self.base_url = config.base_url.rstrip("/")
        self._client_timeouts: dict[Timeouts, aiohttp.ClientTimeout] = {}
        self.session: aiohttp.ClientSession | None = None

    def client_timeout(self, t: Timeouts) -> aiohttp.ClientTimeout:
        """aiohttp's view of our timeouts: `sock_read` starts as the first-byte limit."""
        found = self._client_timeouts.get(t)
        if found is None:
            found = self._client_timeouts[t] = aiohttp.ClientTimeout(
                total=t.total_s, sock_connect=t.connect_s, connect=t.connect_s + 1.0, sock_read=t.first_byte_s
            )
        return found

    async def start(self) -> None:
        connector = aiohttp.TCPConnector(
            limit=self.config.max_connections, limit_per_host=0, ttl_dns_cache=300, keepalive_timeout=30
        )
        self.session = aiohttp.ClientSession(
            connector=connector,
            timeout=self.client_timeout(self.config.timeouts),
            auto_decompress=True,  # in bounded pieces; `read_body` caps the decoded total
            cookie_jar=aiohttp.DummyCookieJar(),
        )

    async def close(self) -> None:
        if self.session is not None:
            await self.session.close()
            self.session = None

    async def request(
        self, method: str, url: str, body: bytes | None, headers: dict[str, str], timeouts: Timeouts | None = None
    ) -> aiohttp.ClientResponse:
        """Send a request and wait for the response headers, mapping failures to ProxyErrors."""
        assert self.session is not None, "provider used before start()"
        t = timeouts or self.config.timeouts
        try:
            return await self.session.request(
                method, url, data=body, headers=headers, allow_redirects=False, timeout=self.client_timeout(t)
            )
        except BaseException as exc:
            raise map_client_error(exc, t.first_byte_s) from exc

    def switch_to_idle_timeout(self, resp: aiohttp.ClientResponse, idle_s: float | None = None) -> None:
        """After the first bytes arrived, bound the gaps between chunks by `idle_s` instead."""
        conn = resp.connection
        if conn is not None and conn.protocol is not None:
            conn.protocol.read_timeout = idle_s if idle_s is not None else self.config.timeouts.idle_s


async def read_body(resp: aiohttp.ClientResponse, limit: int, waited_s: float | None = None) -> bytes:
    """The whole answer body, at most `limit` bytes once decoded; on any failure the connection is
    dropped and the error mapped (a body over the limit is an UpstreamProtocolError)."""
    try:
        body = await read_capped(resp, limit)
    except AnswerTooLarge:
        raise too_large(limit) from None
    except BaseException as exc:
        resp.close()
        raise map_client_error(exc, waited_s) from exc
    resp.release()
    return body


async def read_head(resp: aiohttp.ClientResponse, size: int) -> bytes:
    """At most the first `size` bytes of a body the proxy refuses anyway; the connection is dropped."""
    try:
        return await resp.content.read(size)
    except (aiohttp.ClientError, OSError, TimeoutError):
        return b""
    finally:
        resp.close()


def too_large(limit: int) -> UpstreamProtocolError:
    return UpstreamProtocolError(
        f"The upstream's answer is larger than the {limit} bytes this proxy accepts from it. Try again later."
    )


def map_client_error(exc: BaseException, waited_s: float | None = None) -> BaseException:
    """aiohttp/OS failures as ProxyErrors; anything else (cancellation included) is returned as is.

    The caller's message never carries the upstream's address; the log line has the detail."""
    if isinstance(exc, asyncio.TimeoutError | aiohttp.ServerTimeoutError):
        limit = f" (limit {waited_s:g}s)" if waited_s is not None else ""
        return UpstreamTimeout(f"The upstream did not answer in time{limit}. Try again later.")
    if isinstance(exc, aiohttp.ClientConnectorError):
        log.warning("upstream connect failed: %s", _reason(exc))
        return UpstreamUnreachable("Cannot connect to the upstream. Try again later.")
    if isinstance(exc, aiohttp.ClientError | OSError):
        log.warning("upstream connection failed: %s", _reason(exc))
        return UpstreamUnreachable("The upstream connection failed. Try again later.")
    return exc


def _reason(exc: BaseException) -> str:
    text: Any = getattr(exc, "os_error", None) or exc
    return (type(exc).__name__ + (f": {text}" if str(text) else ""))[:200]
