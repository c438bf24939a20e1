"""The organisation's call budget: a token bucket that also obeys what Zenoti says about it.

Zenoti allows 60 calls a minute for the whole organisation (every kiosk and integration shares it),
so the local bucket is only a first guess: ``RateLimit-Remaining: 0`` or a 429 makes every caller
wait until Zenoti's reset.

Every call carries a :class:`Priority`: the money path may spend the whole burst, the rest leaves a
reserve for it. The session asks a :class:`CallBudget` for each call; :class:`RateBudget` is this
kiosk's own bucket, and a chain of kiosks plugs in one shared by all of them.
"""

from __future__ import annotations

import asyncio
import contextvars
import logging
import math
import time
from collections.abc import Awaitable, Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from enum import Enum
from typing import Protocol

log = logging.getLogger("kiosk.zenoti")

Clock = Callable[[], float]
Sleep = Callable[[float], Awaitable[None]]


def _seconds(value: str | None) -> float | None:
    """A non-negative number of seconds from a header, or None."""
    if value is None:
        return None
    try:
        seconds = float(value.strip())
    except ValueError:
        return None
    return seconds if math.isfinite(seconds) and seconds >= 0 else None


@dataclass(frozen=True, slots=True)
class Headroom:
    """What Zenoti last said about the organisation's budget, for an operator to read."""

    remaining: int  # calls left now
    limit: int | None  # calls a minute (``Organization-RateLimit-Limit: 60;w=60;b=60``)
    reset: float | None  # seconds until one more call is allowed


def limit_of(headers: Mapping[str, str]) -> int | None:
    """The first number of ``Organization-RateLimit-Limit`` (or plain ``RateLimit-Limit``)."""
    value = headers.get("organization-ratelimit-limit") or headers.get("ratelimit-limit")
    seconds = _seconds((value or "").partition(";")[0] or None)
    return None if seconds is None else math.floor(seconds)


def retry_after(headers: Mapping[str, str]) -> float | None:
    """``Retry-After`` in seconds (the HTTP-date form is not used by Zenoti and is ignored)."""
    return _seconds(headers.get("retry-after"))


@dataclass(frozen=True, slots=True)
class Observation:
    """What one answer said about the budget: calls left and seconds until the next one."""

    remaining: int
    reset: float | None


def observation(headers: Mapping[str, str]) -> Observation | None:
    """``RateLimit-Remaining`` / ``RateLimit-Reset`` of an answer; None when it carried none."""
    remaining = _seconds(headers.get("ratelimit-remaining"))
    if remaining is None:
        return None
    return Observation(math.floor(remaining), _seconds(headers.get("ratelimit-reset")))


class Priority(Enum):
    """How much of the budget a call may spend."""

    MONEY = "money"  # invoice, payment, close, read-backs that settle a payment: the whole burst
    GUEST = "guest"  # finding or registering the guest in front of the kiosk: leaves the reserve
    BACKGROUND = "background"  # catalogue, reports, the doctor: leaves the reserve

    @property
    def keeps_reserve(self) -> bool:
        """Whether this call must leave the money path's reserve untouched."""
        return self is not Priority.MONEY


_chosen: contextvars.ContextVar[Priority | None] = contextvars.ContextVar(
    "zenoti_call_priority", default=None
)


@contextmanager
def calls_at(priority: Priority) -> Iterator[None]:
    """Every Zenoti call made inside (and in tasks started inside) goes at ``priority``."""
    token = _chosen.set(priority)
    try:
        yield
    finally:
        _chosen.reset(token)


def priority_of(method: str, template: str) -> Priority:
    """The priority of a route: the one chosen with :func:`calls_at`, else by what it touches."""
    chosen = _chosen.get()
    if chosen is not None:
        return chosen
    if template.startswith("/v1/invoices") or template == "/v1/tokens":
        return Priority.MONEY  # a token renewal must never be what holds a payment up
    if template.startswith("/v1/guests"):
        return Priority.GUEST
    return Priority.BACKGROUND  # centers, employees, countries, the catalogue, listings


class CallBudget(Protocol):
    """What the Zenoti session needs of a call budget, wherever its count is kept."""

    @property
    def headroom(self) -> Headroom | None:
        """What Zenoti last said about the organisation's budget."""
        ...

    async def acquire(self, priority: Priority = Priority.MONEY) -> float:
        """Wait until one call at ``priority`` may go; how long it waited."""
        ...

    def observe(self, headers: Mapping[str, str]) -> None:
        """Follow an answer's ``RateLimit-Remaining`` / ``RateLimit-Reset``."""
        ...

    def penalize(self, seconds: float) -> None:
        """Zenoti throttled a call (429 + ``Retry-After``): nobody calls for ``seconds``."""
        ...


class RateBudget:
    """Async token bucket: ``per_minute`` calls, bursts of ``burst``; ``acquire()`` per call.

    Calls that keep the reserve (:attr:`Priority.keeps_reserve`) go only while more than
    ``reserve`` tokens are left; with the default 0 every call is alike.
    """

    def __init__(
        self,
        per_minute: float = 60,
        burst: int | None = None,
        *,
        reserve: int = 0,
        clock: Clock = time.monotonic,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        if per_minute <= 0:
            raise ValueError("per_minute must be positive")
        self._rate = per_minute / 60.0
        self._capacity = float(burst if burst is not None else max(1, int(per_minute)))
        if self._capacity < 1:
            raise ValueError("burst must be at least 1")
        if reserve < 0:
            raise ValueError("reserve must not be negative")
        self._reserve = min(float(reserve), self._capacity - 1)
        self._clock = clock
        self._sleep = sleep
        self._tokens = self._capacity
        self._updated = clock()
        self._blocked_until = -math.inf
        self._lock = asyncio.Lock()
        # The last rate-limit headers seen; None until a response carried them.
        self._headroom: Headroom | None = None

    @property
    def headroom(self) -> Headroom | None:
        """What Zenoti last said about the organisation's budget; None until an answer said."""
        return self._headroom

    @property
    def tokens(self) -> float:
        """Calls that could go out right now (for tests and diagnostics)."""
        self._refill(self._clock())
        return self._tokens if self._clock() >= self._blocked_until else 0.0

    def _refill(self, now: float) -> None:
        elapsed = max(0.0, now - self._updated)
        self._tokens = min(self._capacity, self._tokens + elapsed * self._rate)
        self._updated = now

    async def acquire(self, priority: Priority = Priority.MONEY) -> float:
        """Wait for a call's token; returns how long we waited (callers queue in order)."""
        needed = 1 + (self._reserve if priority.keeps_reserve else 0.0)
        waited = 0.0
        async with self._lock:
            while True:
                now = self._clock()
                self._refill(now)
                if now < self._blocked_until:
                    wait = self._blocked_until - now
                elif self._tokens >= needed:
                    self._tokens -= 1
                    return waited
                else:
                    wait = (needed - self._tokens) / self._rate
                if waited == 0.0:
                    log.info("rate budget: waiting %.2fs", wait)
                await self._sleep(wait)
                waited += wait

    def observe(self, headers: Mapping[str, str]) -> None:
        """Follow ``RateLimit-Remaining``/``-Reset``: Zenoti's count is the organisation's."""
        seen = observation(headers)
        if seen is None:
            return
        self._headroom = Headroom(seen.remaining, limit_of(headers), seen.reset)
        self.follow(seen)

    def follow(self, seen: Observation, age: float = 0.0) -> None:
        """Believe what Zenoti said ``age`` seconds ago: never more calls left than it counted."""
        now = self._clock()
        self._refill(now)
        self._tokens = min(self._tokens, seen.remaining + age * self._rate)
        if seen.remaining < 1 and seen.reset is not None:
            self._blocked_until = max(self._blocked_until, now + seen.reset - age)

    def penalize(self, seconds: float) -> None:
        """Zenoti throttled us (429 + ``Retry-After``): nobody calls for ``seconds``."""
        now = self._clock()
        self._refill(now)
        self._tokens = 0.0
        self._blocked_until = max(self._blocked_until, now + max(0.0, seconds))
