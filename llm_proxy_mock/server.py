"""The mock upstream's aiohttp application (routes, health endpoint) and the CLI glue."""

from __future__ import annotations

import argparse
import asyncio
import random
import signal
from collections.abc import Callable

from aiohttp import web

from llm_proxy_mock.anthropic import count_tokens, messages
from llm_proxy_mock.azure import add_azure_routes
from llm_proxy_mock.chat import chat_completions
from llm_proxy_mock.control import add_control_routes
from llm_proxy_mock.conversations import add_conversation_routes
from llm_proxy_mock.embeddings import embeddings
from llm_proxy_mock.endpoints import completions, models, moderations, unknown_route
from llm_proxy_mock.exchange import JSON, STATE, MockState
from llm_proxy_mock.knobs import Knobs, add_knob_arguments, knobs_from_namespace
from llm_proxy_mock.responses import add_responses_routes
from llm_proxy_mock.responses_store import RESPONSES, ResponseStore

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 9000
MAX_REQUEST_BYTES = 64 * 1024 * 1024
SHUTDOWN_TIMEOUT_S = 0.5


async def _healthz(request: web.Request) -> web.Response:
    return web.Response(body=b'{"status":"ok"}', content_type=JSON)


def build_app(defaults: Knobs, seed: int = 0) -> web.Application:
    """The mock as an aiohttp app whose server-wide default knobs are `defaults`; `seed` seeds the
    random faults (`fail_rate`, `stall_rate`), so the k-th request gets the same draw on every run.

    Serve it with `handler_cancellation=True` (as `run_from_args` does), otherwise client
    disconnects are only noticed on the next write.
    """
    app = web.Application(client_max_size=MAX_REQUEST_BYTES)
    app[STATE] = MockState(defaults, rng=random.Random(seed))
    app[RESPONSES] = ResponseStore()
    app.router.add_post("/v1/chat/completions", chat_completions)
    app.router.add_post("/v1/messages", messages)
    app.router.add_post("/v1/messages/count_tokens", count_tokens)
    app.router.add_post("/v1/completions", completions)
    app.router.add_post("/v1/embeddings", embeddings)
    app.router.add_post("/v1/moderations", moderations)
    app.router.add_get("/v1/models", models)
    app.router.add_get("/v1/models/{model}", models)
    add_responses_routes(app)
    add_conversation_routes(app)
    add_azure_routes(app)
    app.router.add_get("/healthz", _healthz)
    add_control_routes(app)
    app.router.add_route("*", "/{tail:.*}", unknown_route)
    return app


def add_cli_arguments(parser: argparse.ArgumentParser) -> None:
    """Add `--host`, `--port`, `--seed` and one flag per knob (its server-wide default) to `parser`."""
    parser.add_argument("--host", default=DEFAULT_HOST, help=f"listen address (default {DEFAULT_HOST})")
    parser.add_argument(
        "--port", type=int, default=DEFAULT_PORT, help=f"listen port (default {DEFAULT_PORT}; 0 picks a free one)"
    )
    parser.add_argument("--seed", type=int, default=0, help="seed of the random faults (default 0)")
    add_knob_arguments(parser)


async def serve(app: web.Application, host: str, port: int) -> None:
    """Serve `app` on host:port until SIGINT or SIGTERM, then stop within about a second (in-flight streams are cut)."""
    runner = web.AppRunner(app, handler_cancellation=True, access_log=None, shutdown_timeout=SHUTDOWN_TIMEOUT_S)
    await runner.setup()
    try:
        site = web.TCPSite(runner, host, port, backlog=1024)
        await site.start()
        bound_port = runner.addresses[0][1] if runner.addresses else port
        print(f"mock-upstream listening on http://{host}:{bound_port}", flush=True)
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        await stop.wait()
    finally:
        await runner.cleanup()


def _loop_factory() -> Callable[[], asyncio.AbstractEventLoop] | None:
    try:
        import uvloop
    except ImportError:
        return None
    factory: Callable[[], asyncio.AbstractEventLoop] = uvloop.new_event_loop
    return factory


def run_from_args(ns: argparse.Namespace) -> None:
    """Run the mock with the options `add_cli_arguments` parsed, until SIGINT/SIGTERM (uvloop if present)."""
    app = build_app(knobs_from_namespace(ns), seed=getattr(ns, "seed", 0))
    with asyncio.Runner(loop_factory=_loop_factory()) as runner:
        runner.run(serve(app, ns.host, ns.port))


def main(argv: list[str] | None = None) -> None:
    """`python -m llm_proxy_mock [flags]`."""
    parser = argparse.ArgumentParser(
        prog="python -m llm_proxy_mock", description="Fake OpenAI-compatible upstream for tests and benchmarks"
    )
    add_cli_arguments(parser)
    run_from_args(parser.parse_args(argv))
