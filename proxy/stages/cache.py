"""Cache stage: answers repeated requests from the exact layer, near-repeats from the semantic layer.

Enforces: lookups only inside the caller's partition (tenant + namespace + alias; in open mode the
tenant is a keyed digest of the caller's credential, see `proxy.cache.tenancy`, and a request
without one bypasses the cache unless `cache.anonymous`); at most `max_namespaces_per_tenant`
namespaces per tenant, none longer than 128 characters (else 400); a hit is replayed
as JSON or as a stream through the surface's reply path (the `replay` given at construction), so
it still passes the output guardrails (restored placeholders are this request's own); identical
requests in flight are coalesced behind one upstream call. Hooks: on_request looks up (or joins
a flight) and, on a miss, adds the answer filter that keeps the answer (a stream's events as the
upstream sent them, or the JSON answer); on_response stores a complete, successful answer and
lands the flight. Config: `cache`. On failure: a store or embedder that cannot answer bypasses the
cache (`x-cache: bypass`); the request goes on to the upstream.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping
from typing import Any, ClassVar

from proxy.cache.agreement import agree, signature
from proxy.cache.answer import CachedAnswer
from proxy.cache.coalesce import Flight, Flights, wait_for
from proxy.cache.embedders import build_embedder
from proxy.cache.keys import exact_key, semantic_query
from proxy.cache.known_words import known as known_words
from proxy.cache.namespaces import NamespaceLimit
from proxy.cache.replay import Replayer, follow_reply, replay_reply
from proxy.cache.request import CacheState, controls_from
from proxy.cache.store import CacheStore, CacheUnavailable
from proxy.cache.store_factory import build_cache_store
from proxy.cache.tenancy import Tenancy
from proxy.config.policy import Policy
from proxy.core.exchange import Exchange, Reply, Usage
from proxy.core.stage import Stage
from proxy.observability.metrics import Metrics
from proxy.stages.auth import bearer_token
from proxy.state.redis_target import target_of

log = logging.getLogger("proxy.cache")
FOLLOW_TIMEOUT_S = 600.0


class CacheStage(Stage):
    name: ClassVar[str] = "cache"
    endpoints: ClassVar[frozenset[str]] = frozenset({"chat", "responses", "embeddings", "messages"})

    def __init__(self, policy: Policy, metrics: Metrics | None, replays: Mapping[str, Replayer]) -> None:
        """`replays`: by endpoint, the surface's reply path, which sends hits and coalesced answers."""
        self.config = config = policy.cache
        self.metrics = metrics
        self.replays = replays
        self.store: CacheStore | None = None
        if config.enabled:
            self.store = build_cache_store(
                target_of(policy.state),
                max_entries=config.max_entries,
                max_bytes=config.max_bytes,
                max_vectors_per_partition=config.max_vectors_per_partition,
            )
        self.embedder, self.threshold = build_embedder(policy)
        self.flights = Flights()
        self._ttl_header = config.ttl_header.lower().encode()
        self._ns_header = config.namespace_header.lower().encode() if config.namespace_header else None
        shared = policy.operator_keyed_aliases() if config.open_mode == "shared" else frozenset()
        self.tenancy = Tenancy(keys_mode=bool(policy.keys), shared_aliases=shared, anonymous=config.anonymous)
        self.namespaces = NamespaceLimit(
            config.max_namespaces_per_tenant,
            config.ttl_s,
            config.namespace_header or "",
            max_tracked=config.max_entries,
        )

    async def start(self) -> None:
        if self.embedder is None:
            return
        # The agreement check's word list (121k words, ~40 ms to decompress) is read here, off the
        # event loop, rather than inside the first semantic lookup a caller waits on.
        await asyncio.to_thread(known_words)
        if hasattr(self.embedder, "start"):
            await self.embedder.start()

    async def close(self) -> None:
        if self.embedder is not None and hasattr(self.embedder, "close"):
            await self.embedder.close()
        if self.store is not None:
            await self.store.close()

    @property
    def active(self) -> bool:
        return self.store is not None

    def _applies(self, scope: Any, ex: Exchange) -> bool:
        return (not scope.keys or ex.tenant in scope.keys) and (not scope.models or ex.alias in scope.models)

    async def on_request(self, ex: Exchange) -> Reply | None:
        if self.store is None or not self._applies(self.config, ex):
            return None
        assert ex.body is not None and ex.alias is not None
        if not ex.surface.cacheable(ex.body):
            return None
        controls = controls_from(ex.headers, self._ttl_header, self._ns_header)
        ttl = min(controls.ttl_s or self.config.ttl_s, self.config.ttl_s)
        tenant = await self._tenant(ex)
        if tenant is None:  # nobody to scope the entry to (or the store cannot say): no cache at all
            ex.cache = CacheState("", controls, ttl, status="bypass")
            ex.response_headers.append((b"x-cache", b"bypass"))
            return None
        self.namespaces.use(tenant, controls.namespace)
        key = exact_key(tenant, controls.namespace, ex.endpoint, ex.alias, _key_fields(ex))
        state = ex.cache = CacheState(key, controls, ttl, tenant)
        if controls.lookup:
            reply = await self._lookup(ex, state)
        else:  # a refresh skips the lookup, but its answer is still stored for semantic lookups
            reply = None
            if controls.store:
                await self._embed_query(ex, state)
        if reply is None and state.status == "miss":
            reply = await self._coalesce(ex, state)
        if reply is None and state.status == "miss":
            self._keep_answer(ex, state)
        ex.response_headers.append((b"x-cache", state.status.encode()))
        if state.similarity is not None:
            ex.response_headers.append((b"x-cache-similarity", f"{state.similarity:.4f}".encode()))
        return reply

    def _keep_answer(self, ex: Exchange, state: CacheState) -> None:
        """Have the reply path hand this miss's answer to the cache, as the upstream sent it."""
        if ex.stream:
            recorder = self.replays[ex.endpoint].codec.recorder(self.config.max_bytes)  # no larger entry is kept
            state.recorder = recorder
            if state.flight is not None:
                state.flight.recorder = state.recorder
            ex.add_filter(state.recorder)
        else:
            ex.add_filter(state)

    async def _tenant(self, ex: Exchange) -> str | None:
        """The partition's tenant part; None when the request must not use the cache."""
        assert self.store is not None and ex.alias is not None
        credential = bearer_token(ex.authorization)
        try:
            return await self.tenancy.partition(ex.tenant, ex.alias, credential, self.store.partition_secret)
        except CacheUnavailable:  # the secret could not be read
            return None

    async def _lookup(self, ex: Exchange, state: CacheState) -> Reply | None:
        assert self.store is not None and ex.body is not None
        keys = [state.key]
        if ex.emergency_from is not None:  # emergency mode: repeats of the alias asked for, from cache
            fields = _key_fields(ex)
            keys.insert(0, exact_key(state.tenant, state.controls.namespace, ex.endpoint, ex.emergency_from, fields))
        try:
            for key in keys:
                entry = CachedAnswer.loads(raw) if (raw := await self.store.get(key)) else None
                if entry is not None:
                    return await self._hit(ex, state, entry, "hit-exact")
            return await self._semantic(ex, state)
        except CacheUnavailable:
            state.status = "bypass"
            return None

    async def _embed_query(self, ex: Exchange, state: CacheState) -> bool:
        """Set the request's semantic query and vector on `state`; False when the semantic layer does not apply."""
        sem = self.config.semantic
        if self.embedder is None or not self._applies(sem, ex):
            return False
        assert ex.body is not None and ex.alias is not None
        parts = ex.surface.semantic_parts(ex.body, max_turns=sem.max_turns, any_temperature=sem.any_temperature)
        if parts is not None and (headers := _answer_headers(ex)):
            parts.pinned.append(headers)
        space = str(self.embedder.name)
        query = semantic_query(state.tenant, state.controls.namespace, ex.endpoint, ex.alias, parts, space=space)
        if query is None:
            return False
        try:
            vector = (await asyncio.wait_for(self.embedder.embed([query.text]), sem.timeout_s))[0]
        except Exception as exc:  # any embedder failure only bypasses the semantic layer
            log.warning("semantic cache: embedder failed (%s); layer bypassed", type(exc).__name__)
            return False
        state.query, state.vector = query, vector
        return True

    async def _semantic(self, ex: Exchange, state: CacheState) -> Reply | None:
        if not await self._embed_query(ex, state):
            return None
        assert self.store is not None and state.query is not None and state.vector is not None
        query, vector = state.query, state.vector
        for near in await self.store.nearest(query.partition, vector, 3):
            if near.score < self.threshold:
                break
            if not agree(_query_signature(state), near.signature):
                continue
            raw = await self.store.get(near.key)
            entry = CachedAnswer.loads(raw) if raw else None
            if entry is not None:
                state.similarity = near.score
                return await self._hit(ex, state, entry, "hit-semantic")
        return None

    async def _hit(self, ex: Exchange, state: CacheState, entry: CachedAnswer, status: str) -> Reply:
        state.status = status
        state.saved_usd = entry.cost_usd
        state.saved_tokens = entry.prompt_tokens + entry.completion_tokens
        return await replay_reply(ex, entry.answer, self.replays[ex.endpoint])

    async def _coalesce(self, ex: Exchange, state: CacheState) -> Reply | None:
        if not self.config.coalesce:
            return None
        flight, leader = self.flights.join(state.key)
        if leader:
            state.flight = flight
            return None
        reply = await self._follow(ex, state, flight)
        if reply is not None:
            state.status, state.coalesced = "hit-exact", True
            ex.response_headers.append((b"x-cache-coalesced", b"true"))
        return reply

    async def _follow(self, ex: Exchange, state: CacheState, flight: Flight) -> Reply | None:
        """The leader's answer for this follower, or None to make its own call (the leader failed)."""
        if ex.stream:
            live = await follow_reply(ex, flight, FOLLOW_TIMEOUT_S, self.replays[ex.endpoint])
            if live is not None:
                return live
        answer = await wait_for(flight, FOLLOW_TIMEOUT_S)
        if answer is None:
            return None
        state.saved_usd = answer.cost_usd
        state.saved_tokens = answer.prompt_tokens + answer.completion_tokens
        return await replay_reply(ex, answer.answer, self.replays[ex.endpoint])

    async def on_response(self, ex: Exchange) -> None:
        state = ex.cache
        if not isinstance(state, CacheState):  # the Exchange types it by what logs read; only this stage sets it
            return
        if state.status.startswith("hit"):
            ex.usage = Usage()  # served without an upstream call: limits refund, budgets charge nothing
        entry = self._answer(ex, state) if state.status == "miss" else None
        if state.recorder is not None and not state.recorder.closed:
            state.recorder.close()
        if state.flight is not None:
            self.flights.land(state.key, state.flight, entry)
        if entry is not None and state.controls.store:
            await self._store(state, entry)
        self._count(ex, state)

    def _answer(self, ex: Exchange, state: CacheState) -> CachedAnswer | None:
        """The answer to keep: a whole, successful one that no guardrail cut."""
        if ex.status != 200 or ex.error is not None or ex.client_gone or ex.finish_reason == "content_filter":
            return None
        if state.recorder is not None:
            answer = state.recorder.answer() if state.recorder.complete else None
        else:
            answer = state.answer
        if answer is None or not self.replays[ex.endpoint].codec.cacheable(answer):
            return None
        usage = ex.usage
        if usage is None:
            return CachedAnswer(answer, 0, 0, 0.0)
        # The budget stage prices the request after this hook (hooks unwind in reverse): price it here.
        return CachedAnswer(answer, usage.prompt_tokens, usage.completion_tokens, ex.usage_cost() or 0.0)

    async def _store(self, state: CacheState, entry: CachedAnswer) -> None:
        assert self.store is not None
        try:
            await self.store.put(state.key, entry.dumps(), state.ttl_s)
            if state.query is not None and state.vector is not None:
                sig = _query_signature(state)
                await self.store.add_vector(state.query.partition, state.key, state.vector, sig, state.ttl_s)
        except CacheUnavailable:
            log.warning("cache store unavailable; answer not kept")

    def _count(self, ex: Exchange, state: CacheState) -> None:
        m = self.metrics
        if m is None:
            return
        model = m.model_label(ex.alias)
        m.inc(m.cache_lookups, model, state.status)
        if state.saved_usd:
            m.inc(m.cache_saved_usd, model, amount=state.saved_usd)


def _query_signature(state: CacheState) -> bytes:
    """The query's agreement signature, computed once per request: only when a neighbour is close
    enough to need it, or when a miss is stored (and then reused, not tokenised again)."""
    assert state.query is not None
    if state.query_signature is None:
        state.query_signature = signature(state.query.text)
    return state.query_signature


def _key_fields(ex: Exchange) -> dict[str, Any]:
    """What the exact key hashes: the body's fields that can change the answer and, for a door
    whose headers can too (Anthropic's `anthropic-beta`), those headers."""
    assert ex.body is not None
    fields = ex.surface.cache_fields(ex.body)
    headers = _answer_headers(ex)
    return {"body": fields, "headers": headers} if headers else fields  # apart: no body field can pose as one


def _answer_headers(ex: Exchange) -> list[str]:
    names = ex.surface.answer_headers
    return [f"{n.decode()}: {v.decode('latin-1')}" for n, v in ex.headers if n in names] if names else []
