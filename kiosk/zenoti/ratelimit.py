"""The organisation's call budget: a token bucket that also obeys what Zenoti says about it.

Zenoti allows 60 calls a minute for the whole organisation (every kiosk and integration shares it),
so the local bucket is only a first guess: ``RateLimit-Remaining: 0`` or a 429 makes every caller
wait until Zenoti's reset.
"""

from __future__ import annotations

import asyncio
import logging
import math
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass

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


def _limit(headers: Mapping[str, str]) -> int | None:
    """The first number of ``Organization-RateLimit-Limit`` (or plain ``RateLimit-Limit``)."""
    value = headers.get("organization-ratelimit-limit") or headers.get("ratelimit-limit")
    seconds = _seconds((value or "").partition(";")[0] or None)
    return None if seconds is None else math.floor(seconds)


def retry_after(headers: Mapping[str, str]) -> float | None:
    """``Retry-After`` in seconds (the HTTP-date form is not used by Zenoti and is ignored)."""
    return _seconds(headers.get("retry-after"))


class RateBudget:
    """Async token bucket: ``per_minute`` calls, bursts of ``burst``; ``acquire()`` per call."""

    def __init__(
        self,
        per_minute: float = 60,
        burst: int | None = None,
        *,
        clock: Clock = time.monotonic,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        if per_minute <= 0:
            raise ValueError("per_minute must be positive")
        self._rate = per_minute / 60.0
        self._capacity = float(burst if burst is not None else max(1, int(per_minute)))
        if self._capacity < 1:
            raise ValueError("burst must be at least 1")
        self._clock = clock
        self._sleep = sleep
        self._tokens = self._capacity
        self._updated = clock()
        self._blocked_until = -math.inf
        self._lock = asyncio.Lock()
        # The last rate-limit headers seen; None until a response carried them.
        self.headroom: Headroom | None = None

    @property
    def tokens(self) -> float:
        """Calls that could go out right now (for tests and diagnostics)."""
        self._refill(self._clock())
        return self._tokens if self._clock() >= self._blocked_until else 0.0

    def _refill(self, now: float) -> None:
        elapsed = max(0.0, now - self._updated)
        self._tokens = min(self._capacity, self._tokens + elapsed * self._rate)
        self._updated = now

    async def acquire(self) -> float:
        """Wait for a call's token; returns how long we waited (callers queue in order)."""
        waited = 0.0
        async with self._lock:
            while True:
                now = self._clock()
                self._refill(now)
                if now < self._blocked_until:
                    wait = self._blocked_until - now
                elif self._tokens >= 1:
                    self._tokens -= 1
                    return waited
                else:
                    wait = (1 - self._tokens) / self._rate
                if waited == 0.0:
                    log.info("rate budget: waiting %.2fs", wait)
                await self._sleep(wait)
                waited += wait

    def observe(self, headers: Mapping[str, str]) -> None:
        """Follow ``RateLimit-Remaining``/``-Reset``: Zenoti's count is the organisation's."""
        remaining = _seconds(headers.get("ratelimit-remaining"))
        if remaining is None:
            return
        reset = _seconds(headers.get("ratelimit-reset"))
        self.headroom = Headroom(math.floor(remaining), _limit(headers), reset)
        now = self._clock()
        self._refill(now)
        self._tokens = min(self._tokens, math.floor(remaining))
        if remaining < 1 and reset is not None:
            self._blocked_until = max(self._blocked_until, now + reset)

    def penalize(self, seconds: float) -> None:
        """Zenoti throttled us (429 + ``Retry-After``): nobody calls for ``seconds``."""
        now = self._clock()
        self._refill(now)
        self._tokens = 0.0
        self._blocked_until = max(self._blocked_until, now + max(0.0, seconds))
