"""The mock's own control endpoints under `/_mock/`: the request log, the fault script and the stats."""

from __future__ import annotations

from typing import Any

import orjson
from aiohttp import web

from llm_proxy_mock.exchange import JSON, STATE
from llm_proxy_mock.faults import Script
from llm_proxy_mock.knobs import KnobError
from llm_proxy_mock.openai_wire import error_envelope


def _json(obj: Any, status: int = 200) -> web.Response:
    return web.Response(status=status, body=orjson.dumps(obj), content_type=JSON)


def _bad_request(message: str, param: str | None, code: str) -> web.Response:
    body = error_envelope(message, "invalid_request_error", param, code)
    return web.Response(status=400, body=body, content_type=JSON)


async def get_log(request: web.Request) -> web.Response:
    """`GET /_mock/log[?id=...]`: the recorded requests, oldest first."""
    records = request.app[STATE].recorder.select(request.query.get("id"))
    return _json({"requests": records})


async def clear_log(request: web.Request) -> web.Response:
    """`DELETE /_mock/log`."""
    return _json({"cleared": request.app[STATE].recorder.clear()})


async def set_script(request: web.Request) -> web.Response:
    """`POST /_mock/script` `{"steps": [{knobs}, ...], "repeat": bool}`: replace the fault script."""
    raw = await request.read()
    try:
        script = Script.parse(orjson.loads(raw))
    except orjson.JSONDecodeError:
        return _bad_request("The body is not valid JSON.", None, "invalid_json")
    except KnobError as exc:
        return _bad_request(exc.message, exc.param, exc.code)
    request.app[STATE].script = script
    return _json({"steps": len(script.steps), "repeat": script.repeat})


async def get_script(request: web.Request) -> web.Response:
    """`GET /_mock/script`: the steps, how many were taken and how many remain."""
    return _json(request.app[STATE].script.describe())


async def clear_script(request: web.Request) -> web.Response:
    """`DELETE /_mock/script`: back to the normal defaults."""
    state = request.app[STATE]
    cleared = len(state.script.steps)
    state.script = Script()
    return _json({"cleared": cleared})


async def get_stats(request: web.Request) -> web.Response:
    """`GET /_mock/stats`: `{"requests", "by_status": {"200": n, "dropped": n, ...}, "in_flight"}`."""
    return _json(request.app[STATE].stats.describe())


async def reset_stats(request: web.Request) -> web.Response:
    """`DELETE /_mock/stats`: zero the counters (requests still in flight stay counted)."""
    stats = request.app[STATE].stats
    stats.reset()
    return _json(stats.describe())


def add_control_routes(app: web.Application) -> None:
    """Register the `/_mock/*` endpoints on `app`."""
    for path, get, delete in (
        ("/_mock/log", get_log, clear_log),
        ("/_mock/script", get_script, clear_script),
        ("/_mock/stats", get_stats, reset_stats),
    ):
        app.router.add_get(path, get)
        app.router.add_delete(path, delete)
    app.router.add_post("/_mock/script", set_script)
