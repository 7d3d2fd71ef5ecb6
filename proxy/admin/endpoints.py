"""The admin API: `GET /admin/usage` (usage report), `GET /admin/config` (resolved policy, masked),
`GET /admin/keys` (completion keys without secrets), `GET /admin/prompts` (prompt templates and
versions) and `GET /admin/experiments` (per-variant report).

Guarantees: only an admin key (`admin_keys`) opens it, compared by SHA-256 digest in constant time
against every configured key; with no admin keys the API answers 404 (disabled); a completion key
(its current secret, or a previous one during or after a rotation) gets 403 and anything else 401.
Every refusal and bad parameter is an OpenAI-shaped error naming the parameter. `/admin/config`
never contains a secret: `Secret` values, key digests, provider header values and passwords in URLs
are masked. Neither endpoint touches the request pipeline.

`GET /admin/usage?group_by=key|user|model|key_model&window=day|7d|30d|month&date=YYYY-MM-DD`: totals
of the UTC days in the window ending at `date` (default today; `month`: the calendar month of
`date` up to today), days older than the usage retention left out, as `{"group_by", "window",
"from", "to", "state", "rows": [{"key", "requests", "input_tokens", "output_tokens", "cost_usd"}]}`,
rows by cost, highest first (`key_model` rows also carry `key_name` and `model`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Awaitable, Callable
from typing import Any

import orjson
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from proxy.config.key_access import resolve
from proxy.config.loader import masked_plain, parse_time, to_plain
from proxy.core.errors import Fault, InvalidRequest, PermissionDenied, ProxyError, RouteNotFound, Unauthorized
from proxy.experiments.report import experiments_report
from proxy.metering.usage import GROUPS, RETENTION_DAYS, report
from proxy.runtime import Runtime
from proxy.stages.auth import bearer_token, is_one_of
from proxy.state.base import StoreUnavailable

_JSON = "application/json"
WINDOWS = ("day", "7d", "30d", "month")
_PARAMS = frozenset({"group_by", "window", "date"})
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


class NotReady(ProxyError):
    status = 503
    type_ = "server_error"
    code = "unavailable"
    fault = Fault.PROXY


Handler = Callable[[Runtime, Request], Awaitable[Any]]


def admin_routes(get_runtime: Callable[[], Runtime | None]) -> list[Route]:
    """The admin endpoints, bound to whatever Runtime `get_runtime` returns at request time."""

    def endpoint(handler: Handler) -> Callable[[Request], Awaitable[Response]]:
        async def serve(request: Request) -> Response:
            try:
                rt = get_runtime()
                if rt is None or rt.closed:
                    raise NotReady("The proxy is starting or shutting down; retry shortly.")
                _authorize(request, rt.admin_digests, rt.completion_digests)
                body = await handler(rt, request)
            except ProxyError as err:
                return Response(err.body(), err.status, headers=err.headers, media_type=_JSON)
            return Response(orjson.dumps(body), media_type=_JSON, headers={"cache-control": "no-store"})

        return serve

    return [
        Route("/admin/usage", endpoint(_usage), methods=["GET"]),
        Route("/admin/config", endpoint(_config), methods=["GET"]),
        Route("/admin/keys", endpoint(_keys), methods=["GET"]),
        Route("/admin/prompts", endpoint(_prompts), methods=["GET"]),
        Route("/admin/experiments", endpoint(_experiments), methods=["GET"]),
    ]


def _authorize(request: Request, admin: tuple[bytes, ...], completion: tuple[bytes, ...]) -> None:
    if not admin:
        raise RouteNotFound("admin API disabled: configure admin_keys in the policy to use /admin/*.")
    header = request.headers.get("authorization") or request.headers.get("api-key")
    token = bearer_token(header.encode("latin-1") if header else None)
    if token is None:
        raise Unauthorized("Missing admin key. Send it as 'Authorization: Bearer <admin key>'.")
    digest = hashlib.sha256(token).hexdigest()
    if is_one_of(digest, admin):
        return
    if is_one_of(digest, completion):
        raise PermissionDenied("This is a completion key; /admin/* needs an admin key (admin_keys).")
    raise Unauthorized("Incorrect admin key provided.")


async def _usage(rt: Runtime, request: Request) -> dict[str, Any]:
    params = request.query_params
    unknown = sorted(set(params) - _PARAMS)
    if unknown:
        raise InvalidRequest(f"Unknown parameter '{unknown[0]}'; use group_by, window and date.", param=unknown[0])
    group = params.get("group_by", "key")
    if group not in GROUPS:
        raise InvalidRequest(f"group_by must be one of {', '.join(GROUPS)}; got '{group}'.", param="group_by")
    window = params.get("window", "day")
    if window not in WINDOWS:
        raise InvalidRequest(f"window must be one of {', '.join(WINDOWS)}; got '{window}'.", param="window")
    today = dt.datetime.now(dt.UTC).date()
    date = _date(params.get("date"), today)
    start, end = window_days(window, date, today)
    if not rt.policy.metrics.usage_counters:
        raise RouteNotFound("Usage counters are off in this policy (metrics.usage_counters: false).")
    days = [(start + dt.timedelta(days=n)).strftime("%Y%m%d") for n in range((end - start).days + 1)]
    try:
        rows = await report(rt.store, group, days)
    except StoreUnavailable as exc:
        raise NotReady("Usage counters cannot be read: the shared state is unavailable.") from exc
    return {
        "group_by": group,
        "window": window,
        "from": start.isoformat(),
        "to": end.isoformat(),
        "state": rt.state_mode,
        "rows": rows,
    }


def _date(value: str | None, today: dt.date) -> dt.date:
    if value is None:
        return today
    try:
        date = dt.date.fromisoformat(value) if _ISO_DAY.fullmatch(value) else None
    except ValueError:
        date = None
    if date is None:
        raise InvalidRequest(f"date must be a day as YYYY-MM-DD; got '{value[:40]}'.", param="date")
    if date > today:
        raise InvalidRequest(f"date {value} is in the future (UTC today is {today}).", param="date")
    if (today - date).days >= RETENTION_DAYS:
        raise InvalidRequest(f"date {value} is older than the {RETENTION_DAYS} days usage is kept.", param="date")
    return date


def window_days(window: str, date: dt.date, today: dt.date) -> tuple[dt.date, dt.date]:
    """First and last day (inclusive) of `window` ending at `date`, within the retention and not after today."""
    if window == "month":
        start = date.replace(day=1)
        end = min((start + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1), today)
    else:
        start, end = date - dt.timedelta(days={"day": 0, "7d": 6, "30d": 29}[window]), date
    return max(start, today - dt.timedelta(days=RETENTION_DAYS - 1)), end


async def _keys(rt: Runtime, request: Request) -> Any:
    """Every completion key without its secret: group, effective permissions, metadata, expiry, rotation."""
    now = dt.datetime.now(dt.UTC)
    rows = []
    for key in rt.policy.keys:
        access = resolve(key, rt.policy.key_groups)
        previous = key.previous
        until = parse_time(previous.valid_until) if previous is not None else None
        rows.append(
            {
                "name": key.name,
                "group": key.group,
                "metadata": key.metadata,
                "expires": key.expires,
                "expired": access.expires_at is not None and now.timestamp() >= access.expires_at,
                "rotation": None
                if previous is None
                else {
                    "previous_valid_until": previous.valid_until,
                    "previous_active": until is not None and now < until,
                },
                "permissions": {k: v for k, v in to_plain(access.permissions).items() if v is not None},
            }
        )
    return {"object": "list", "data": rows}


async def _prompts(rt: Runtime, request: Request) -> Any:
    return {"object": "list", "data": rt.prompts.listing()}


async def _experiments(rt: Runtime, request: Request) -> Any:
    try:
        return await experiments_report(rt.experiments, rt.policy.shadows)
    except StoreUnavailable as exc:
        raise NotReady("Experiment counters cannot be read: the shared state is unavailable.") from exc


async def _config(rt: Runtime, request: Request) -> Any:
    return masked_plain(rt.policy)
