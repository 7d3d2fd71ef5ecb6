"""One request/response exchange: recording, knob resolution, and the non-stream ways to answer.

`serve()` wraps every recorded endpoint. It guarantees that the request is in the recorder before
anything can fail, that a client going away (handler cancelled, or a write failing with
ConnectionResetError) marks the record `disconnected`, that request errors become error bodies of
the endpoint's flavour (OpenAI envelope or Anthropic error), and that `/_mock/stats` counts the outcome.
Model endpoints (`scripted=True`) take the next `/_mock/script` step as their defaults.
"""

from __future__ import annotations

import asyncio
import dataclasses
import gzip
import itertools
import random
import time
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

import orjson
from aiohttp import web

from llm_proxy_mock import anthropic_wire
from llm_proxy_mock.faults import Script, Stats
from llm_proxy_mock.knobs import KnobError, Knobs, resolve
from llm_proxy_mock.openai_wire import MISSING_MODEL, error_envelope, knob_error_body
from llm_proxy_mock.recorder import Record, Recorder

JSON = "application/json"
Flavor = Literal["openai", "anthropic"]


@dataclass(slots=True)
class MockState:
    """Per-app state: the server-wide default knobs, the recorder, the request serial counter, the
    fault script, the answer counters, and the seeded RNG of the random faults."""

    defaults: Knobs
    recorder: Recorder = field(default_factory=Recorder)
    serials: Iterator[int] = field(default_factory=lambda: itertools.count(1))
    script: Script = field(default_factory=Script)
    stats: Stats = field(default_factory=Stats)
    rng: random.Random = field(default_factory=lambda: random.Random(0))


STATE = web.AppKey("mock_upstream_state", MockState)


class ApiError(Exception):
    """A request the mock refuses; answered as an OpenAI error envelope with `status`."""

    def __init__(
        self,
        status: int,
        message: str,
        *,
        type_: str = "invalid_request_error",
        param: str | None = None,
        code: str | None = None,
    ) -> None:
        super().__init__(message)
        self.status, self.message, self.type, self.param, self.code = status, message, type_, param, code


def model_not_found(model: str) -> ApiError:
    """The 404 OpenAI sends for an unknown model."""
    return ApiError(
        404,
        f"The model `{model}` does not exist or you do not have access to it.",
        param="model",
        code="model_not_found",
    )


@dataclass(slots=True)
class Exchange:
    """The request being answered, its record and knobs, and the response once one was started."""

    request: web.Request
    record: Record
    knobs: Knobs
    serial: int
    body: Any = None
    body_error: str | None = None
    created: int = field(default_factory=lambda: int(time.time()))
    response: web.StreamResponse | None = None
    flavor: Flavor = "openai"
    # This request's uniform draws in [0, 1) for `fail_rate` and `stall_rate`, taken on arrival.
    fail_draw: float = 1.0
    stall_draw: float = 1.0

    @property
    def request_id(self) -> str:
        """The request id sent on every response to this request."""
        return f"req_mock{self.serial:06d}"

    def id_headers(self) -> dict[str, str]:
        """`x-request-id` (OpenAI) or `request-id` (Anthropic)."""
        return {"request-id" if self.flavor == "anthropic" else "x-request-id": self.request_id}

    def json_object(self) -> dict[str, Any]:
        """The request body, which must be a JSON object (else ApiError 400)."""
        if isinstance(self.body, dict):
            return self.body
        raise ApiError(400, self.body_error or "The request body must be a JSON object.")

    def model(self, payload: dict[str, Any]) -> str:
        """The request's `model`: a string (else 400), not the missing model (else 404).

        On Azure deployment paths a body without `model` gets the deployment name.
        """
        model = payload.get("model")
        if model is None and "deployment" in self.request.match_info:
            model = self.request.match_info["deployment"]
        if not isinstance(model, str) or not model:
            raise ApiError(400, "you must provide a model parameter", param="model")
        if model == MISSING_MODEL:
            raise model_not_found(model)
        return model

    async def send(
        self, status: int, body: bytes, content_type: str, *, extra: dict[str, str] | None = None, compress: bool = True
    ) -> web.StreamResponse:
        """Send a complete non-stream response (gzipped if the knob says so) and mark it finished."""
        headers = {"Content-Type": content_type, **self.id_headers()}
        if extra:
            headers.update(extra)
        if self.knobs.pad_bytes:
            body += b" " * self.knobs.pad_bytes  # trailing whitespace keeps JSON valid
        if compress and self.knobs.gzip:
            body = gzip.compress(body, compresslevel=6, mtime=0)
            headers["Content-Encoding"] = "gzip"
        resp = web.Response(status=status, body=body, headers=headers)
        self.response = resp
        self.record.status = status
        await resp.prepare(self.request)
        await resp.write_eof()
        self.record.finished = True
        return resp

    async def send_raw(self) -> web.StreamResponse:
        """Answer 200 with the `raw_body` knob's bytes; with `stall_after` set, stall before ending the body."""
        knobs = self.knobs
        resp = web.StreamResponse(status=200, headers={"Content-Type": knobs.raw_content_type, **self.id_headers()})
        self.response = resp
        self.record.status = 200
        await resp.prepare(self.request)
        await resp.write((knobs.raw_body or "").encode())
        if knobs.stall_after is not None:
            await self.stall()
        await resp.write_eof()
        self.record.finished = True
        return resp

    async def send_json(self, obj: Any, status: int = 200) -> web.StreamResponse:
        """Send `obj` as a JSON body."""
        return await self.send(status, orjson.dumps(obj), JSON)

    async def send_api_error(self, exc: ApiError) -> web.StreamResponse:
        """Send the error body for a refused request (never gzipped), in the endpoint's flavour."""
        if self.flavor == "anthropic":
            body = anthropic_wire.error_body(anthropic_wire.error_type(exc.status), exc.message, self.request_id)
        else:
            body = error_envelope(exc.message, exc.type, exc.param, exc.code)
        return await self.send(exc.status, body, JSON, compress=False)

    async def send_knob_error(self, status: int) -> web.StreamResponse:
        """Send the error answer the `status` (or `fail_status`) knob asks for, with any retry-after headers.

        Anthropic endpoints answer in Anthropic's shape unless `error_format` asks for a non-OpenAI one.
        """
        if self.flavor == "anthropic" and self.knobs.error_format == "openai":
            body, content_type = anthropic_wire.knob_error_body(status, self.knobs, self.request_id), JSON
        else:
            body, content_type = knob_error_body(status, self.knobs)
        extra = {}
        if self.knobs.retry_after is not None:
            extra["retry-after"] = self.knobs.retry_after
        if self.knobs.retry_after_ms is not None:
            extra["retry-after-ms"] = self.knobs.retry_after_ms
        return await self.send(status, body, content_type, extra=extra)

    def drop(self) -> web.StreamResponse:
        """Close the TCP connection without finishing the response (the `drop_after` knob).

        Returns without awaiting, so the handler ends before aiohttp notices the closed transport.
        """
        self.record.dropped = True
        transport = self.request.transport
        if transport is not None:
            transport.close()
        return self.response if self.response is not None else web.Response(status=500)

    async def stall(self) -> None:
        """Wait `stall_ms`, or until the client goes away (the handler is then cancelled)."""
        if self.knobs.stall_ms is None:
            await asyncio.get_running_loop().create_future()
        else:
            await asyncio.sleep(self.knobs.stall_ms / 1000)

    async def preamble(self, *, stream: bool) -> web.StreamResponse | None:
        """Apply ttfb, a `stall_rate` stall, then (non-stream) stall and drop, then a `fail_rate` or
        `status` error; None means: answer now."""
        if self.knobs.ttfb_ms:
            await asyncio.sleep(self.knobs.ttfb_ms / 1000)
        if self.stall_draw < self.knobs.stall_rate:
            self.record.fault = "stall"
            await self.stall()
        if self.knobs.raw_body is not None and self.knobs.status < 400:
            return await self.send_raw()
        if not stream:
            if self.knobs.stall_after is not None:
                await self.stall()
            if self.knobs.drop_after is not None:
                return self.drop()
        if self.fail_draw < self.knobs.fail_rate:
            self.record.fault = "fail"
            return await self.send_knob_error(self.knobs.fail_status)
        if self.knobs.status >= 400:
            return await self.send_knob_error(self.knobs.status)
        return None


Handler = Callable[[Exchange], Awaitable[web.StreamResponse]]


async def serve(
    request: web.Request, handler: Handler, *, scripted: bool = False, flavor: Flavor = "openai"
) -> web.StreamResponse:
    """Record `request`, resolve its knobs and run `handler` (see the module docstring)."""
    state = request.app[STATE]
    # Everything up to the first await happens in arrival order: serial, script step, random draws.
    serial = next(state.serials)
    record = Record(
        id=f"mock-{serial}",
        method=request.method,
        path=request.path,
        query=dict(request.query),
        headers={k.lower(): v for k, v in request.headers.items()},
    )
    state.recorder.add(record)
    state.stats.started()
    defaults = state.defaults
    step = state.script.take() if scripted else None
    if step is not None:
        record.script_step = step[0]
        defaults = dataclasses.replace(defaults, **step[1])
    ex = Exchange(request=request, record=record, knobs=defaults, serial=serial, flavor=flavor)
    ex.fail_draw, ex.stall_draw = state.rng.random(), state.rng.random()
    try:
        try:
            await _parse(ex, request, defaults)
            return await handler(ex)
        except ApiError as exc:
            return await ex.send_api_error(exc)
    except asyncio.CancelledError:
        record.mark_disconnected()
        raise
    except ConnectionResetError:
        record.mark_disconnected()
        return ex.response if ex.response is not None else web.Response(status=500)
    finally:
        state.stats.ended(record)


async def _parse(ex: Exchange, request: web.Request, defaults: Knobs) -> None:
    raw = await request.read()
    if raw:
        ex.record.body_text = raw.decode("utf-8", "replace")
        try:
            ex.body = ex.record.body = orjson.loads(raw)
        except orjson.JSONDecodeError:
            ex.body_error = "We could not parse the JSON body of your request."
    try:
        body_mock = ex.body.get("mock") if isinstance(ex.body, dict) else None
        ex.knobs = resolve(defaults, request.headers.items(), body_mock)
    except KnobError as exc:
        raise ApiError(400, exc.message, param=exc.param, code=exc.code) from None
    if ex.knobs.id is not None:
        ex.record.id = ex.knobs.id
