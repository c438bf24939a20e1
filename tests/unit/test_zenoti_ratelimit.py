"""RateBudget: a token bucket on a fake clock that also obeys Zenoti's headers and 429s."""

from __future__ import annotations

import asyncio

import pytest

from kiosk.zenoti.ratelimit import (
    Headroom,
    Priority,
    RateBudget,
    calls_at,
    priority_of,
    retry_after,
)


class FakeClock:
    """A monotonic clock that only moves when someone sleeps."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(round(seconds, 6))
        self.now += seconds
        await asyncio.sleep(0)


def _budget(clock: FakeClock, per_minute: float = 60, burst: int | None = None) -> RateBudget:
    return RateBudget(per_minute, burst, clock=clock, sleep=clock.sleep)


@pytest.mark.asyncio
async def test_a_burst_goes_out_at_once_then_calls_are_spaced_by_the_rate() -> None:
    clock = FakeClock()
    budget = _budget(clock, per_minute=60, burst=3)
    waits = [await budget.acquire() for _ in range(5)]
    assert waits == [0.0, 0.0, 0.0, pytest.approx(1.0), pytest.approx(1.0)]
    assert clock.now == pytest.approx(1002.0)


@pytest.mark.asyncio
async def test_the_bucket_refills_with_time_up_to_its_capacity() -> None:
    clock = FakeClock()
    budget = _budget(clock, per_minute=30, burst=2)
    await budget.acquire()
    await budget.acquire()
    assert budget.tokens == pytest.approx(0.0)
    clock.now += 600
    assert budget.tokens == pytest.approx(2.0)


@pytest.mark.asyncio
async def test_zero_remaining_makes_everyone_wait_for_the_reset() -> None:
    clock = FakeClock()
    budget = _budget(clock)
    budget.observe({"ratelimit-remaining": "0", "ratelimit-reset": "12"})
    assert await budget.acquire() == pytest.approx(12.0)


@pytest.mark.asyncio
async def test_remaining_lowers_the_local_guess_to_the_organisations_count() -> None:
    clock = FakeClock()
    budget = _budget(clock, per_minute=60)
    budget.observe({"ratelimit-remaining": "2", "ratelimit-reset": "1"})
    assert [await budget.acquire() for _ in range(3)] == [0.0, 0.0, pytest.approx(1.0)]


@pytest.mark.asyncio
async def test_a_429_blocks_for_retry_after() -> None:
    clock = FakeClock()
    budget = _budget(clock)
    budget.penalize(7)
    assert await budget.acquire() == pytest.approx(7.0)


@pytest.mark.asyncio
async def test_garbage_headers_are_ignored() -> None:
    clock = FakeClock()
    budget = _budget(clock)
    budget.observe({"ratelimit-remaining": "lots", "ratelimit-reset": "soon"})
    budget.observe({"ratelimit-remaining": "nan", "ratelimit-reset": "-4"})
    assert await budget.acquire() == 0.0
    # No usable reset: wait for one local refill, not forever.
    budget.observe({"ratelimit-remaining": "0", "ratelimit-reset": "inf"})
    assert await budget.acquire() == pytest.approx(1.0)
    assert retry_after({"retry-after": "Wed, 21 Oct 2015 07:28:00 GMT"}) is None
    assert retry_after({"retry-after": " 3 "}) == 3.0


@pytest.mark.asyncio
async def test_concurrent_callers_queue_in_order() -> None:
    clock = FakeClock()
    budget = _budget(clock, per_minute=60, burst=1)
    order: list[int] = []

    async def call(n: int) -> None:
        await budget.acquire()
        order.append(n)

    await asyncio.gather(*(call(n) for n in range(4)))
    assert order == [0, 1, 2, 3]
    assert clock.now == pytest.approx(1003.0)


def test_nonsense_configuration_is_refused() -> None:
    with pytest.raises(ValueError, match="per_minute"):
        RateBudget(0)
    with pytest.raises(ValueError, match="burst"):
        RateBudget(60, 0)


def test_the_last_headers_are_kept_for_an_operator_to_read() -> None:
    budget = _budget(FakeClock())
    assert budget.headroom is None
    budget.observe({"organization-ratelimit-limit": "60;w=60;b=60", "ratelimit-remaining": "57"})
    assert budget.headroom == Headroom(remaining=57, limit=60, reset=None)
    budget.observe({"ratelimit-remaining": "0", "ratelimit-reset": "4"})
    assert budget.headroom == Headroom(remaining=0, limit=None, reset=4.0)
    budget.observe({"ratelimit-remaining": "lots"})  # unreadable: the last good reading stays
    assert budget.headroom.remaining == 0


@pytest.mark.asyncio
async def test_background_calls_leave_the_reserve_that_money_calls_may_spend() -> None:
    clock = FakeClock()
    budget = RateBudget(60, 5, reserve=2, clock=clock, sleep=clock.sleep)
    assert [await budget.acquire(Priority.BACKGROUND) for _ in range(3)] == [0.0, 0.0, 0.0]
    assert [await budget.acquire(Priority.MONEY) for _ in range(2)] == [0.0, 0.0]
    # Empty now: background work waits until the reserve is back plus one (3 s at 1 a second).
    assert await budget.acquire(Priority.GUEST) == pytest.approx(3.0)


def test_each_route_goes_at_its_priority_unless_the_caller_chose_one() -> None:
    assert priority_of("POST", "/v1/invoices/{invoice_id}/payment/custom") is Priority.MONEY
    assert priority_of("GET", "/v1/invoices/{invoice_id}") is Priority.MONEY
    assert priority_of("POST", "/v1/tokens") is Priority.MONEY
    assert priority_of("GET", "/v1/guests/search") is Priority.GUEST
    assert priority_of("GET", "/v1/centers/{center_id}/memberships") is Priority.BACKGROUND
    with calls_at(Priority.BACKGROUND):  # a report reading invoices is not a sale
        assert priority_of("GET", "/v1/invoices/{invoice_id}") is Priority.BACKGROUND
    assert priority_of("GET", "/v1/invoices/{invoice_id}") is Priority.MONEY
