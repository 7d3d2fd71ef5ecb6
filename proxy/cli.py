"""`llm-proxy serve | check | route | mock-upstream`: the command-line entry points."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

import yaml

from proxy.config.loader import ConfigError, masked_plain
from proxy.config.policy import Policy, load_policy
from proxy.server import CONFIG_ENV

DEFAULT_CONFIG = Path(__file__).with_name("default_config.yaml")
HOST_ENV = "LLM_PROXY_HOST"
WORKERS_ENV = "LLM_PROXY_WORKERS"


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 2
    result: int = args.run(args)
    return result


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="llm-proxy", description="OpenAI-compatible LLM gateway with a YAML policy")
    sub = parser.add_subparsers(dest="command")
    serve = sub.add_parser("serve", help="run the proxy")
    serve.add_argument("--config", help=f"policy file (default: ${CONFIG_ENV} or ./config.yaml)")
    # Unset or empty env vars leave the policy's value in force; argparse applies `type` to a string default.
    serve.add_argument(
        "--host",
        default=os.environ.get(HOST_ENV) or None,
        help=f"listen address (default: ${HOST_ENV}, else server.host of the policy)",
    )
    serve.add_argument("--port", type=int, help="listen port (default: server.port of the policy)")
    serve.add_argument(
        "--workers",
        type=_positive_int,
        default=os.environ.get(WORKERS_ENV) or None,
        help=f"worker processes (default: ${WORKERS_ENV}, else server.workers of the policy)",
    )
    serve.set_defaults(run=_serve)
    check = sub.add_parser("check", help="validate a policy file and print it resolved, secrets masked")
    check.add_argument("path", nargs="?", help="policy file (default: as for serve)")
    check.set_defaults(run=_check)
    route = sub.add_parser("route", help="dry run: which router rule a sample request would take, and why")
    from proxy.route_cli import add_route_arguments

    add_route_arguments(route)
    route.set_defaults(run=_route)
    mock = sub.add_parser("mock-upstream", help="run the built-in fake OpenAI-compatible upstream")
    from llm_proxy_mock import add_cli_arguments

    add_cli_arguments(mock)
    mock.set_defaults(run=_mock_upstream)
    return parser


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def resolve_config_path(explicit: str | None) -> Path:
    """--config, then $LLM_PROXY_CONFIG, then ./config.yaml, then the packaged default policy."""
    if explicit:
        return Path(explicit)
    if os.environ.get(CONFIG_ENV):
        return Path(os.environ[CONFIG_ENV])
    local = Path("config.yaml")
    return local if local.exists() else DEFAULT_CONFIG


def _load_or_report(path: Path) -> Policy | None:
    try:
        return load_policy(path, os.environ)
    except ConfigError as exc:
        print(f"{path}: {len(exc.problems)} error(s) in the policy:", file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        return None


def _check(args: argparse.Namespace) -> int:
    path = resolve_config_path(args.path)
    policy = _load_or_report(path)
    if policy is None:
        return 1
    print(yaml.safe_dump(masked_plain(policy), sort_keys=False), end="")
    for warning in policy.warnings():
        print(f"warning: {warning}", file=sys.stderr)
    print(f"# {path}: policy OK", file=sys.stderr)
    return 0


def _route(args: argparse.Namespace) -> int:
    path = resolve_config_path(args.config)
    policy = _load_or_report(path)
    if policy is None:
        return 2
    from proxy.route_cli import route

    return route(policy, args)


def _serve(args: argparse.Namespace) -> int:
    path = resolve_config_path(args.config)
    policy = _load_or_report(path)
    if policy is None:
        return 1
    from proxy.server import serve

    serve(policy, path, host=args.host, port=args.port, workers=args.workers)
    return 0


def _mock_upstream(args: argparse.Namespace) -> int:
    from llm_proxy_mock import run_from_args

    run_from_args(args)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
