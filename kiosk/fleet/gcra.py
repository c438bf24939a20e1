"""The organisation's bucket in Redis: GCRA (a token bucket kept as one timestamp), each step one
atomic Lua script that reads the time from Redis (``TIME``), never from a kiosk's clock.

The key holds the bucket's *theoretical arrival time* (TAT) in microseconds of Redis's clock:
calls left now = (now + burst·interval − TAT) / interval, at most ``burst``. A call that must
keep a reserve of ``r`` calls goes only while more than ``r`` are left. What Zenoti says (calls
left, a reset, a 429's ``Retry-After``) only ever moves the TAT forward, for every kiosk at once.
Scripts replicate as their effects (Redis ≥ 5), so ``TIME`` inside them is allowed.

Calls that must wait queue in the order they first asked (one queue for the money path, one for
the rest): the k-th in line goes once k calls are free for it, so no kiosk starves however often
the others ask. A waiter that stops asking (its kiosk died, its guest left) drops out of the line
after ``STALE`` seconds.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from redis.asyncio import Redis

# Microseconds are whole numbers well inside a double's 2**53: no precision is lost in Lua.
_NOW = """
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000000 + tonumber(clock[2])
local interval = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local tat = tonumber(redis.call('GET', KEYS[1]) or now)
if tat < now then tat = now end
"""

STALE = 3.0  # seconds: a waiter asks again at least every second
POLL = 1.0  # seconds: the longest a waiter sleeps before asking again

# KEYS[2], KEYS[3]: the line (first asked) and when each waiter last asked. ARGV[3]: calls this
# priority leaves untouched; ARGV[4]: the waiter ('' for none); ARGV[5]: µs after which a silent
# waiter leaves the line. Returns {granted, µs to wait, µs of calls left}.
TAKE = (
    _NOW
    + """
local waiter = ARGV[4]
local ahead = 0
if waiter ~= '' then
  local stale = redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', now - tonumber(ARGV[5]))
  for _, gone in ipairs(stale) do
    redis.call('ZREM', KEYS[2], gone)
    redis.call('ZREM', KEYS[3], gone)
  end
  redis.call('ZADD', KEYS[2], 'NX', now, waiter)
  redis.call('ZADD', KEYS[3], now, waiter)
  local keep = math.ceil(tonumber(ARGV[5]) / 1000) * 2
  redis.call('PEXPIRE', KEYS[2], keep)
  redis.call('PEXPIRE', KEYS[3], keep)
  ahead = redis.call('ZRANK', KEYS[2], waiter)
end
local go_at = tat + (ahead + 1) * interval - (burst - tonumber(ARGV[3])) * interval
if go_at > now then
  return {0, go_at - now, now + burst * interval - tat}
end
local after = tat + interval
redis.call('SET', KEYS[1], string.format('%d', after), 'PX', math.ceil((after - now) / 1000) + 1000)
if waiter ~= '' then
  redis.call('ZREM', KEYS[2], waiter)
  redis.call('ZREM', KEYS[3], waiter)
end
return {1, 0, now + burst * interval - after}
"""
)
# Leave the line (a waiter that gave up). KEYS: the line, its last-asked set; ARGV[1]: the waiter.
LEAVE = """
redis.call('ZREM', KEYS[1], ARGV[1])
return redis.call('ZREM', KEYS[2], ARGV[1])
"""

# ARGV[3]: calls left when Zenoti said so (-1: not said); ARGV[4]: µs until it allows the next
# call (-1: not said); ARGV[5]: µs since it said so. Returns 1 when the bucket moved.
HOLD = (
    _NOW
    + """
local said = now - tonumber(ARGV[5])
local least = tat
local left = tonumber(ARGV[3])
if left >= 0 then least = math.max(least, said + (burst - left) * interval) end
local blocked = tonumber(ARGV[4])
if blocked >= 0 then least = math.max(least, said + blocked + (burst - 1) * interval) end
if least <= tat then return 0 end
redis.call('SET', KEYS[1], string.format('%d', least), 'PX', math.ceil((least - now) / 1000) + 1000)
return 1
"""
)


@dataclass(frozen=True, slots=True)
class Take:
    """One attempt at a call: granted, or how long until it would be."""

    granted: bool
    wait: float  # seconds
    left: float  # calls left in the bucket after the attempt


def _micros(seconds: float) -> int:
    return max(0, math.ceil(seconds * 1_000_000))


class SharedBucket:
    """The organisation's bucket under ``key``: ``per_minute`` calls, bursts of ``burst``."""

    def __init__(self, redis: Redis, key: str, *, per_minute: float, burst: int) -> None:
        if per_minute <= 0 or burst < 1:
            raise ValueError("a bucket needs a positive rate and a burst of at least 1")
        self.key = key
        self.per_minute = per_minute
        self.burst = burst
        self.interval = 60.0 / per_minute
        self._interval_us = _micros(self.interval)
        self._take = redis.register_script(TAKE)
        self._hold = redis.register_script(HOLD)
        self._leave = redis.register_script(LEAVE)

    def _line(self, reserve: int) -> list[str]:
        line = f"{self.key}:line:{'money' if reserve == 0 else 'rest'}"
        return [line, f"{line}:asked"]

    async def take(self, reserve: int = 0, waiter: str = "") -> Take:
        """Spend one call if more than ``reserve`` are left (and, for a ``waiter`` in line, once
        those before it are served)."""
        reserve = min(max(0, reserve), self.burst - 1)
        granted, wait_us, left_us = await self._take(
            keys=[self.key, *self._line(reserve)],
            args=[self._interval_us, self.burst, reserve, waiter, _micros(STALE)],
        )
        return Take(bool(granted), int(wait_us) / 1e6, int(left_us) / self._interval_us)

    async def leave(self, reserve: int, waiter: str) -> None:
        """``waiter`` no longer waits (its call was cancelled)."""
        await self._leave(keys=self._line(min(max(0, reserve), self.burst - 1)), args=[waiter])

    async def hold(
        self, *, left: int | None = None, blocked: float | None = None, age: float = 0.0
    ) -> bool:
        """Zenoti said ``age`` seconds ago: ``left`` calls remain, or none for ``blocked`` s."""
        return bool(
            await self._hold(
                keys=[self.key],
                args=[
                    self._interval_us,
                    self.burst,
                    -1 if left is None else max(0, left),
                    -1 if blocked is None else _micros(blocked),
                    _micros(age),
                ],
            )
        )
