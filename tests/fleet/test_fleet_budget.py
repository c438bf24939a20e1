"""The organisation's Zenoti budget shared by several kiosks through one real redis-server."""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import AsyncIterator, Callable

import pytest
import pytest_asyncio

from kiosk.fleet.budget import LOCAL, SHARED, FleetBudget
from kiosk.fleet.gcra import SharedBucket
from kiosk.fleet.link import RedisLink
from kiosk.fleet.settings import FleetSettings
from kiosk.zenoti import ApiKeyAuth, Backoff, ZenotiClient
from kiosk.zenoti.ratelimit import Priority
from tests.support.redis_server import RedisServer
from tests.support.sandbox_process import SandboxProcess

KEY = "test:budget"


def settings(server: RedisServer, name: str) -> FleetSettings:
    return FleetSettings(server.url, name, redis_timeout=0.3)


@pytest_asyncio.fixture
async def links(redis_server: RedisServer) -> AsyncIterator[Callable[[str], RedisLink]]:
    """Each call: one more kiosk's connection to the test's Redis (all closed afterwards)."""
    made: list[RedisLink] = []

    def link(name: str) -> RedisLink:
        made.append(RedisLink(settings(redis_server, name), probe_every=0.1))
        return made[-1]

    yield link
    for each in made:
        await each.aclose()


def busiest_second(times: list[float]) -> int:
    """The most calls granted within any one second of the run (by this machine's clock)."""
    times = sorted(times)
    return max(sum(1 for t in times[i:] if t - start <= 1.0) for i, start in enumerate(times))


@pytest.mark.asyncio
async def test_kiosks_sharing_redis_never_spend_more_than_the_organisations_bucket(
    links: Callable[[str], RedisLink],
) -> None:
    budgets = [
        FleetBudget(links(f"kiosk-{n}"), KEY, per_minute=1200, burst=8, reserve=0) for n in range(4)
    ]
    granted: list[float] = []

    async def sell(budget: FleetBudget, calls: int) -> None:
        for _ in range(calls):
            await budget.acquire(Priority.MONEY)
            granted.append(time.monotonic())

    started = time.monotonic()
    await asyncio.gather(*(sell(b, 12) for b in budgets for _ in range(2)))
    assert len(granted) == 96
    # 8 at once, then 20 a second: (96 - 8) / 20 = 4.4 s at the earliest.
    assert time.monotonic() - started >= 4.3
    assert busiest_second(granted) <= 8 + 20 + 1  # the burst, a second's refill, one of slack
    assert {b.mode for b in budgets} == {SHARED}


@pytest.mark.asyncio
async def test_background_work_leaves_the_reserve_for_the_money_path(
    links: Callable[[str], RedisLink],
) -> None:
    link = links("kiosk-1")
    # Six a minute: nothing refills while the test runs.
    bucket = SharedBucket(link.redis, KEY, per_minute=6, burst=10)
    background = [await bucket.take(reserve=4) for _ in range(7)]
    assert [t.granted for t in background] == [True] * 6 + [False]
    assert background[-1].wait == pytest.approx(10.0, abs=0.5)  # one more call's worth of time
    money = [await bucket.take(reserve=0) for _ in range(5)]
    assert [t.granted for t in money] == [True] * 4 + [False]


@pytest.mark.asyncio
async def test_a_kiosk_that_waits_sleeps_until_the_shared_bucket_allows_it(
    links: Callable[[str], RedisLink],
) -> None:
    pauses: list[float] = []

    async def sleep(seconds: float) -> None:
        pauses.append(seconds)
        await asyncio.sleep(seconds)

    # One a second: the time the test itself takes is small beside the waits it measures.
    first = FleetBudget(links("kiosk-1"), KEY, per_minute=60, burst=2, reserve=1)
    second = FleetBudget(links("kiosk-2"), KEY, per_minute=60, burst=2, reserve=1, sleep=sleep)
    assert await first.acquire(Priority.MONEY) == 0.0
    # One call left, and background work must leave one: kiosk 2 waits for the refill.
    waited = await second.acquire(Priority.BACKGROUND)
    assert 0.8 <= waited <= 1.2
    assert pauses
    assert 0.8 <= pauses[0] <= 1.06  # until the refill, plus at most 50 ms of jitter


@pytest.mark.asyncio
async def test_a_429_from_zenoti_moves_every_kiosks_next_call(
    links: Callable[[str], RedisLink], sandbox: SandboxProcess
) -> None:
    throttled = FleetBudget(links("kiosk-1"), KEY, per_minute=6000, burst=60)
    other = FleetBudget(links("kiosk-2"), KEY, per_minute=6000, burst=60)
    sandbox.inject(method="GET", path="/v1/centers", kind="rate_limit", count=1, retry_after=2)
    throttled_now = asyncio.Event()
    client = ZenotiClient(
        sandbox.base_url,
        ApiKeyAuth(sandbox.api_key),
        currency="USD",
        rate_budget=throttled,
        max_retries=1,
        backoff=Backoff(base=0.01, cap=0.05),
        on_answer=lambda _, status: throttled_now.set() if status == "429" else None,
    )
    async with client:
        call = asyncio.ensure_future(client.centers())
        await throttled_now.wait()
        thrown_at = time.monotonic()
        await throttled.settled()  # what the throttled kiosk was told is in the shared bucket
        waited = await other.acquire(Priority.MONEY)
        assert len(await call) >= 1
    assert time.monotonic() - thrown_at >= 1.9
    assert waited >= 1.6  # the other kiosk never saw the 429, yet it waited for it
    statuses = [r["status"] for r in sandbox.requests()]
    assert statuses == [429, 200]  # and the throttled kiosk retried only after Retry-After


@pytest.mark.asyncio
async def test_zenoti_saying_little_is_left_holds_back_every_kiosk(
    links: Callable[[str], RedisLink],
) -> None:
    """Another integration of the business spent the budget: Zenoti's count wins over ours."""
    told = FleetBudget(links("kiosk-1"), KEY, per_minute=60, burst=60, reserve=15)
    other = links("kiosk-2")
    bucket = SharedBucket(other.redis, KEY, per_minute=60, burst=60)
    told.observe({"ratelimit-remaining": "16", "ratelimit-reset": "1"})
    await told.acquire(Priority.MONEY)  # waits for the hold to land, then spends one
    assert (await bucket.take(reserve=15)).granted is False  # 15 left: background must wait
    assert (await bucket.take(reserve=0)).granted is True


@pytest.mark.asyncio
async def test_kiosks_waiting_together_take_turns(links: Callable[[str], RedisLink]) -> None:
    budgets = {
        f"kiosk-{n}": FleetBudget(links(f"kiosk-{n}"), KEY, per_minute=2400, burst=1)
        for n in range(3)
    }
    turns: Counter[str] = Counter()
    stop = asyncio.Event()

    async def keep_calling(name: str, budget: FleetBudget) -> None:
        while not stop.is_set():
            await budget.acquire(Priority.GUEST)
            turns[name] += 1
            if turns.total() >= 120:
                stop.set()

    await asyncio.gather(*(keep_calling(name, b) for name, b in budgets.items()))
    assert set(turns) == set(budgets)
    assert min(turns.values()) >= 20, turns  # 40 each on average; nobody starves


@pytest.mark.asyncio
async def test_redis_gone_mid_run_means_the_local_share_then_rejoining(
    links: Callable[[str], RedisLink],
    redis_server: RedisServer,
    caplog: pytest.LogCaptureFixture,
) -> None:
    kiosk_links = [links(f"kiosk-{n}") for n in range(3)]
    budgets = [FleetBudget(link, KEY, per_minute=600, burst=9, reserve=3) for link in kiosk_links]
    for budget in budgets:
        budget.kiosks = 3
        await budget.acquire(Priority.MONEY)

    redis_server.stop()
    started = time.monotonic()
    # A sale in flight goes on: the next calls come from this kiosk's share, never an error.
    waits = [await budgets[0].acquire(Priority.MONEY) for _ in range(4)]
    assert budgets[0].mode == LOCAL
    health = budgets[0].health()
    assert health.per_minute == pytest.approx(200.0)  # 600 a minute, one of three kiosks
    assert "local share of 200 calls a minute (1 of 3 kiosks)" in health.line
    assert waits[:3] == [0.0, 0.0, 0.0]  # its share of the burst: 9 // 3
    assert 0.15 <= waits[3] <= 0.35  # then one call every 0.3 s
    assert time.monotonic() - started < 1.5
    assert any("stopped answering" in r.getMessage() for r in caplog.records)

    redis_server.start()
    assert await kiosk_links[0].probe()
    assert budgets[0].mode == SHARED
    await budgets[0].acquire(Priority.MONEY)
    assert await kiosk_links[0].redis.exists(KEY) == 1  # the call was counted in Redis again
    caplog.clear()  # the warnings above were the point


@pytest.mark.asyncio
async def test_the_kiosk_that_asked_first_is_served_first_however_eager_the_others(
    links: Callable[[str], RedisLink],
) -> None:
    spender = FleetBudget(links("kiosk-0"), KEY, per_minute=600, burst=1)
    await spender.acquire(Priority.GUEST)  # the one call there is: both others must wait
    asked = asyncio.Event()

    async def slow_to_ask_again(seconds: float) -> None:
        asked.set()
        await asyncio.sleep(seconds + 0.15)

    first = FleetBudget(links("kiosk-1"), KEY, per_minute=600, burst=1, sleep=slow_to_ask_again)
    eager = FleetBudget(links("kiosk-2"), KEY, per_minute=600, burst=1)
    served: list[str] = []

    async def call(name: str, budget: FleetBudget) -> None:
        await budget.acquire(Priority.GUEST)
        served.append(name)

    waiting = asyncio.ensure_future(call("first", first))
    await asyncio.wait_for(asked.wait(), 5.0)  # it asked, and was told to wait
    await asyncio.gather(waiting, call("eager", eager))
    assert served == ["first", "eager"]
