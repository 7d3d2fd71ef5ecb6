"""`Homes`: where stored upstream objects live, per tenant, over the in-process store."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import pytest

from proxy.state import Homes, MemoryStore, ResilientStore, StoreUnavailable
from proxy.state.homes import STORED_FOR_S, valid_object_id
from tests.support import FakeClock


class DownStore(MemoryStore):
    """A store whose every remembered-value call fails, counting the calls that reached it."""

    def __init__(self) -> None:
        super().__init__()
        self.calls = 0

    async def remember(self, key: str, value: str, ttl_s: float) -> None:
        self.calls += 1
        raise StoreUnavailable("down")

    async def recall(self, key: str) -> str | None:
        self.calls += 1
        raise StoreUnavailable("down")


def run(coro: Any) -> Any:
    return asyncio.run(coro)


def test_records_are_found_by_their_tenant_only() -> None:
    async def body() -> None:
        homes = Homes(MemoryStore())
        await homes.record("team-a", "resp_abc123", "openai-east")
        await homes.record("team-a", "conv_9", "azure-eu")
        assert await homes.find("team-a", "resp_abc123") == "openai-east"
        assert await homes.find("team-a", "conv_9") == "azure-eu"
        assert await homes.find("team-b", "resp_abc123") is None  # as unknown as an id never made
        assert await homes.find("team-a", "resp_never") is None
        await homes.record("team-b", "resp_abc123", "openai-west")  # same id, other tenant: separate
        assert await homes.find("team-a", "resp_abc123") == "openai-east"
        assert await homes.find("team-b", "resp_abc123") == "openai-west"

    run(body())


def test_records_expire_after_the_ttl() -> None:
    async def body() -> None:
        clock = FakeClock()
        homes = Homes(MemoryStore(clock=clock), ttl_s=10)
        await homes.record("t", "resp_1", "east")
        clock.now += 9.9
        assert await homes.find("t", "resp_1") == "east"
        clock.now += 0.2
        assert await homes.find("t", "resp_1") is None

    run(body())
    assert Homes(MemoryStore()).ttl_s == STORED_FOR_S == 30 * 86400
    with pytest.raises(ValueError):
        Homes(MemoryStore(), ttl_s=0)


@pytest.mark.parametrize(
    "bad",
    ["", "x" * 129, "resp_1}:home:x", "resp 1", "resp:1", "résp", "resp\n1", "resp_\uff11", "../resp", "resp_1*"],
)
def test_malformed_ids_never_reach_the_store(bad: str) -> None:
    async def body() -> None:
        store = DownStore()  # any call reaching it would raise
        homes = Homes(store)
        assert await homes.find("t", bad) is None
        await homes.record("t", bad, "east")
        assert store.calls == 0

    assert not valid_object_id(bad)
    run(body())


def test_well_formed_ids_are_accepted_up_to_128_chars() -> None:
    async def body() -> None:
        homes = Homes(MemoryStore())
        longest = "resp_" + "a1-_B" * 24 + "xyz"
        assert len(longest) == 128
        await homes.record("t", longest, "east")
        assert await homes.find("t", longest) == "east"

    run(body())


def test_a_failed_record_is_logged_and_a_failed_find_raises(caplog: pytest.LogCaptureFixture) -> None:
    async def body() -> None:
        store = DownStore()
        homes = Homes(store)
        with caplog.at_level(logging.WARNING, logger="proxy.state"):
            await homes.record("t", "resp_1", "east")  # does not raise
        assert store.calls == 1
        assert "resp_1" in caplog.text and "east" in caplog.text
        with pytest.raises(StoreUnavailable):
            await homes.find("t", "resp_1")

    run(body())


def test_fail_open_store_keeps_finding_records_made_while_degraded() -> None:
    async def body() -> None:
        clock = FakeClock()
        fallback = MemoryStore(clock=clock)
        homes = Homes(ResilientStore(DownStore(), fallback, fail_open=True, clock=clock))
        await homes.record("t", "resp_1", "east")
        assert await homes.find("t", "resp_1") == "east"
        assert await homes.find("u", "resp_1") is None

    run(body())
