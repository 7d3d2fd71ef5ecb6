"""`llm-proxy route`: which rule of a router a sample request would take, and why (a dry run).

Guarantees: the decision is made by the same code as live routing (`CompiledRouter.decide` over
`request_facts` and `unfit_target`), so for the same request, key, headers, classifier labels,
budgets and breaker states it names the same model and rule as the proxy would. What a dry run
cannot know is given on the command line: `--key` (its permissions and group), `--header`,
`--label` (else the heuristic classifier runs; an LLM classifier is not called and gives no
label), `--key-budget-left` / `--day-budget-left` (USD; unset: no budget), `--unhealthy ALIAS`
(every breaker open). Experiments that change the alias before routing are not applied.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from pathlib import Path
from typing import Any

from proxy.config.key_access import KeyAccess, resolve
from proxy.config.policy import Policy
from proxy.core.errors import InvalidRequest
from proxy.core.json_body import parse_json_object
from proxy.routers.classifier import heuristic_labels
from proxy.routers.facts import RequestFacts, request_facts
from proxy.routers.rules import CompiledRouter, Decision, unfit_target
from proxy.surfaces.chat_body import check_chat_body


def add_route_arguments(route: argparse.ArgumentParser) -> None:
    route.add_argument("request", help="a chat completions request body (JSON file, or - for stdin)")
    route.add_argument("--config", help="policy file (default: as for serve)")
    route.add_argument("--router", help="the router to ask (default: the request's model)")
    route.add_argument("--key", help="the virtual key's name the request comes with")
    route.add_argument("--header", action="append", default=[], metavar="NAME:VALUE", help="a request header")
    route.add_argument("--label", action="append", default=None, help="classifier label(s) to assume")
    route.add_argument("--key-budget-left", type=float, help="USD left of the key's daily budget")
    route.add_argument("--day-budget-left", type=float, help="USD left of the global daily budget")
    route.add_argument(
        "--unhealthy", action="append", default=[], metavar="ALIAS", help="an alias whose breakers are open"
    )
    route.add_argument("--json", action="store_true", help="print the decision as JSON")


class DrySources:
    """Labels and budgets as the command line gives them."""

    def __init__(self, router: CompiledRouter, facts: RequestFacts, args: argparse.Namespace) -> None:
        self._router, self._facts, self._args = router, facts, args
        self.labels_used: frozenset[str] | None = None

    async def labels(self) -> frozenset[str] | None:
        config = self._router.config.classifier
        if self._args.label:
            self.labels_used = frozenset(self._args.label)
        elif config is not None and config.type == "heuristic":
            self.labels_used = heuristic_labels(self._facts.last_user, self._facts.turns)
        return self.labels_used

    async def budget_left(self) -> tuple[float | None, float | None]:
        return self._args.key_budget_left, self._args.day_budget_left


def route(policy: Policy, args: argparse.Namespace) -> int:
    try:
        body = _read_request(args.request)
    except (OSError, InvalidRequest) as exc:
        print(f"cannot read the request: {getattr(exc, 'message', exc)}", file=sys.stderr)
        return 2
    name = args.router or body.get("model")
    if name not in policy.routers:
        print(
            f"'{name}' is not a router of this policy (routers: {', '.join(policy.routers) or 'none'})", file=sys.stderr
        )
        return 2
    access = _access(policy, args.key)
    if isinstance(access, str):
        print(access, file=sys.stderr)
        return 2
    return _decide_and_print(policy, CompiledRouter(name, policy.routers[name]), body, access, args)


def _decide_and_print(
    policy: Policy, router: CompiledRouter, body: dict[str, Any], access: KeyAccess | None, args: argparse.Namespace
) -> int:
    headers = [_header(h) for h in args.header]
    group = next((k.group for k in policy.keys if k.name == args.key), None)  # unrestricted keys: access is None
    facts = request_facts(body, headers, args.key, group)
    sources = DrySources(router, facts, args)

    def unfit(alias: str) -> Any:
        return unfit_target(policy.models[alias], alias, facts, access, alias not in args.unhealthy)

    try:
        decision = asyncio.run(router.decide(facts, sources, unfit))
    except InvalidRequest as exc:
        print(json.dumps({"router": router.name, "refused": exc.message}) if args.json else f"refused: {exc.message}")
        return 1
    _print(decision, facts, sources.labels_used, args.json)
    return 0


def _print(decision: Decision, facts: RequestFacts, labels: frozenset[str] | None, as_json: bool) -> None:
    if as_json:
        out: dict[str, Any] = {"router": decision.router, "model": decision.target, "rule": decision.rule}
        out |= {"trace": decision.trace, "labels": sorted(labels) if labels is not None else None}
        print(json.dumps(out | {"input_tokens": facts.input_tokens}))
        return
    print(f"{decision.router} -> {decision.target} (rule: {decision.rule})")
    for line in decision.trace:
        print(f"  {line}")


def _read_request(path: str) -> dict[str, Any]:
    raw = sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
    body = parse_json_object(raw)
    check_chat_body(body)
    return body


def _access(policy: Policy, key_name: str | None) -> KeyAccess | str | None:
    if key_name is None:
        return None
    key = next((k for k in policy.keys if k.name == key_name), None)
    if key is None:
        return f"no key named '{key_name}' in the policy"
    access = resolve(key, policy.key_groups)
    return None if access.unrestricted else access


def _header(text: str) -> tuple[bytes, bytes]:
    name, _, value = text.partition(":")
    return name.strip().lower().encode("latin-1"), value.strip().encode("latin-1")
