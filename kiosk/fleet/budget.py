"""The organisation-wide Zenoti call budget every kiosk of the chain shares, through Redis.

While Redis answers, each call is one atomic step of the shared bucket (:mod:`kiosk.fleet.gcra`).
When it stops answering, the kiosk falls back at once to a local bucket of its share (the
organisation's rate divided by the kiosks last seen) and rejoins when Redis is back, first
telling the shared bucket what Zenoti last said. A call never fails because Redis went away.
Calls that must wait queue in the fleet's line in the order they first asked (kiosk.fleet.gcra):
none is always first, none starves.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import time
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Protocol

from kiosk.fleet.gcra import POLL, SharedBucket
from kiosk.fleet.link import FleetUnavailable, RedisLink
from kiosk.zenoti.ratelimit import (
    Headroom,
    Observation,
    Priority,
    RateBudget,
    Sleep,
    limit_of,
    observation,
)

log = logging.getLogger("kiosk.fleet")

SHARED, LOCAL, OWN = "shared", "local share", "own"


class BudgetMeter(Protocol):
    """Where the budget reports what it did (the metrics)."""

    def granted(self, priority: Priority, waited: float, mode: str) -> None: ...


@dataclass(frozen=True, slots=True)
class BudgetHealth:
    """Which bucket the kiosk spends from, for its heartbeat, health and the doctor."""

    mode: str  # SHARED, LOCAL (Redis gone) or OWN (sharing switched off)
    kiosks: int  # kiosks last seen (the share's divisor)
    per_minute: float  # what this kiosk may spend a minute in this mode
    used_last_minute: int  # calls this kiosk made in the last 60 s

    @property
    def line(self) -> str:
        if self.mode == SHARED:
            return f"shared budget ({self.per_minute:g} calls a minute for the organisation)"
        if self.mode == OWN:
            return f"own budget of {self.per_minute:g} calls a minute (not shared)"
        return (
            f"Redis unreachable: local share of {self.per_minute:g} calls a minute "
            f"(1 of {self.kiosks} kiosks)"
        )


class FleetBudget:
    """A :class:`~kiosk.zenoti.ratelimit.CallBudget` kept in Redis, local when Redis is gone."""

    def __init__(
        self,
        link: RedisLink,
        key: str,
        *,
        per_minute: float = 60,
        burst: int | None = None,
        reserve: int = 15,
        meter: BudgetMeter | None = None,
        shared: bool = True,
        sleep: Sleep = asyncio.sleep,
        jitter: Callable[[], float] = random.random,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._link = link
        self._bucket = SharedBucket(
            link.redis, key, per_minute=per_minute, burst=burst or max(1, int(per_minute))
        )
        self._reserve = min(max(0, reserve), self._bucket.burst - 1)
        self._meter = meter
        self._sleep = sleep
        self._jitter = jitter
        self._clock = clock
        self.kiosks = 1  # kiosks last seen; the heartbeat keeps it current
        # Not shared: each kiosk believes the whole budget is its own (how a chain sold before
        # the fleet, and what ``kiosk simulate`` compares the shared budget with).
        self._shared = shared
        self._local = self._share()
        self._headroom: Headroom | None = None
        self._last_seen: tuple[Observation, float] | None = None
        self._last_left = float(self._bucket.burst)
        self._holds: set[asyncio.Task[None]] = set()
        self._granted: list[float] = []
        link.on_change(self._link_changed)

    @property
    def headroom(self) -> Headroom | None:
        return self._headroom

    @property
    def mode(self) -> str:
        if not self._shared:
            return OWN
        return SHARED if self._link.up else LOCAL

    def health(self) -> BudgetHealth:
        """The bucket in use and what this kiosk spent in the last minute."""
        mode = self.mode
        per_minute = self._bucket.per_minute / (max(1, self.kiosks) if mode == LOCAL else 1)
        return BudgetHealth(mode, self.kiosks, per_minute, self._used_last_minute())

    async def acquire(self, priority: Priority = Priority.MONEY) -> float:
        """Wait for a call at ``priority``; returns the seconds waited. Never raises for Redis."""
        reserve = self._reserve if priority.keeps_reserve else 0
        waiter = uuid.uuid4().hex  # this call's place in the fleet's line, should it wait
        waited = 0.0
        await self.settled()  # what Zenoti just said goes into the bucket before we take from it
        while True:
            if not self._shared or not self._link.up:
                waited += await self._local.acquire(priority)
                return self._done(priority, waited, self.mode)
            try:
                take = await self._link.run(lambda _: self._bucket.take(reserve, waiter))
            except FleetUnavailable:
                continue  # the link is down now: the local share serves this call
            self._last_left = take.left
            if take.granted:
                return self._done(priority, waited, SHARED)
            # Ask again when our turn should come (a little jitter keeps the kiosks from asking
            # at the same instant), and at least every POLL seconds to keep our place.
            pause = min(POLL, take.wait + self._jitter() * min(0.05, self._bucket.interval / 10))
            try:
                await self._sleep(pause)
            except asyncio.CancelledError:
                self._leave_line(reserve, waiter)
                raise
            waited += pause

    async def settled(self) -> None:
        """Wait until what Zenoti last said has reached the shared bucket (or Redis failed)."""
        if self._holds:
            await asyncio.wait(set(self._holds))

    def observe(self, headers: Mapping[str, str]) -> None:
        """Follow Zenoti's count: another integration may be spending the budget too."""
        seen = observation(headers)
        if seen is None:
            return
        self._headroom = Headroom(seen.remaining, limit_of(headers), seen.reset)
        self._last_seen = (seen, self._clock())
        self._local.follow(seen)
        blocked = seen.reset if seen.remaining < 1 else None
        if seen.remaining < self._last_left or blocked is not None:
            self._hold(left=seen.remaining, blocked=blocked)

    def penalize(self, seconds: float) -> None:
        """A 429: nobody in the organisation calls for ``seconds``."""
        self._local.penalize(seconds)
        self._hold(left=0, blocked=max(0.0, seconds))

    def _hold(self, *, left: int | None, blocked: float | None, said: float | None = None) -> None:
        if not self._shared or not self._link.up:
            return
        said = self._clock() if said is None else said

        async def hold() -> None:
            age = self._clock() - said
            with contextlib.suppress(FleetUnavailable):  # the local share follows it anyway
                await self._link.run(
                    lambda _: self._bucket.hold(left=left, blocked=blocked, age=age)
                )

        task = asyncio.ensure_future(hold())
        self._holds.add(task)
        task.add_done_callback(self._holds.discard)

    def _leave_line(self, reserve: int, waiter: str) -> None:
        async def leave() -> None:
            with contextlib.suppress(FleetUnavailable):
                await self._link.run(lambda _: self._bucket.leave(reserve, waiter))

        task = asyncio.ensure_future(leave())  # the caller is being cancelled: not awaited
        self._holds.add(task)
        task.add_done_callback(self._holds.discard)

    def _share(self) -> RateBudget:
        kiosks = max(1, self.kiosks) if self._shared else 1
        return RateBudget(
            self._bucket.per_minute / kiosks,
            max(1, self._bucket.burst // kiosks),
            reserve=self._reserve // kiosks,
            sleep=self._sleep,
        )

    def _link_changed(self, up: bool) -> None:
        if not self._shared:
            return
        if up:
            self._rejoin()
            return
        self._local = self._share()
        if self._last_seen is not None:  # what Zenoti left, shared out like the rest
            seen, at = self._last_seen
            share = Observation(seen.remaining // max(1, self.kiosks), seen.reset)
            self._local.follow(share, age=self._clock() - at)
        log.warning("fleet: %s", self.health().line)

    def _rejoin(self) -> None:
        """Tell the shared bucket what Zenoti last said: the kiosks spent locally meanwhile."""
        if self._last_seen is None:
            return
        seen, at = self._last_seen
        blocked = seen.reset if seen.remaining < 1 else None
        self._last_left = float(self._bucket.burst)
        self._hold(left=seen.remaining, blocked=blocked, said=at)

    def _done(self, priority: Priority, waited: float, mode: str) -> float:
        now = self._clock()
        self._granted.append(now)
        if len(self._granted) > 4 * self._bucket.burst:
            self._used_last_minute()
        if self._meter is not None:
            self._meter.granted(priority, waited, mode)
        return waited

    def _used_last_minute(self) -> int:
        since = self._clock() - 60.0
        self._granted = [at for at in self._granted if at > since]
        return len(self._granted)
