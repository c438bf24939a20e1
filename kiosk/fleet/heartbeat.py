"""Every kiosk's heartbeat in Redis, and the fleet read back from them.

A heartbeat is a hash per kiosk with an expiry of three beats, plus the kiosk's name in a set
scored by the time of its last beat (Redis's clock). A name whose heartbeat expired leaves the
set at the next beat or listing: a kiosk that stops beating drops out of the fleet on its own.
The number of kiosks seen is each kiosk's divisor for its local share of the budget when Redis
is gone.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import fields

from kiosk.checkout.fleet import KioskStatus
from kiosk.fleet.link import FleetUnavailable, RedisLink, stop_if_cancelled

log = logging.getLogger("kiosk.fleet")

LIFETIMES = 3  # a heartbeat lives three beats

# Drop from the set every kiosk whose heartbeat expired (each lives three of its own beats);
# ARGV[1] is the heartbeats' key prefix.
_PRUNE = """
local clock = redis.call('TIME')
local now = tonumber(clock[1]) + tonumber(clock[2]) / 1000000
for _, name in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
  if redis.call('EXISTS', ARGV[1] .. name) == 0 then redis.call('ZREM', KEYS[1], name) end
end
"""
# KEYS: the set of kiosks, this kiosk's hash. ARGV: prefix, lifetime (ms), name, field, value, ...
_BEAT = (
    _PRUNE
    + """
redis.call('ZADD', KEYS[1], now, ARGV[3])
redis.call('DEL', KEYS[2])
redis.call('HSET', KEYS[2], 'seen_at', string.format('%.6f', now), unpack(ARGV, 4))
redis.call('PEXPIRE', KEYS[2], ARGV[2])
return redis.call('ZCARD', KEYS[1])
"""
)
# KEYS: the set of kiosks. ARGV: prefix. Returns {now, name, fields, name, fields, ...}.
_LIST = (
    _PRUNE
    + """
local found = {string.format('%.6f', now)}
for _, name in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
  table.insert(found, name)
  table.insert(found, redis.call('HGETALL', ARGV[1] .. name))
end
return found
"""
)

Facts = Callable[[], Awaitable[Mapping[str, str | int | None]]]
_NOT_TEXT = {"needs_staff", "budget_used", "seen_ago", "last_sale_at"}
_TEXT = {f.name for f in fields(KioskStatus)} - _NOT_TEXT

# The state a screen means, for the fleet's table: a screen not named here is "selling".
STATES = {
    "attract": "waiting",
    "payment": "paying",
    "unavailable": "out of service",
}


def state_of(screen: str) -> str:
    if screen.startswith("staff"):
        return "staff"
    return STATES.get(screen, "selling")


class Heartbeat:
    """This kiosk's heartbeat, and the fleet as the heartbeats describe it (a ``FleetView``)."""

    def __init__(
        self,
        link: RedisLink,
        *,
        namespace: str,
        kiosk_name: str,
        center_id: str,
        version: str,
        facts: Facts,
        every: float = 5.0,
        on_count: Callable[[int], None] | None = None,
        health: Callable[[], str] = lambda: "",
    ) -> None:
        self._link = link
        self._set_key = f"{namespace}:kiosks"
        self._prefix = f"{namespace}:kiosk:"
        self._name = kiosk_name
        self._center_id = center_id
        self._version = version
        self._facts = facts
        self._every = every
        self._lifetime_ms = int(every * LIFETIMES * 1000)
        self._on_count = on_count
        self._health = health
        self._screen = "attract"
        self._beat = link.redis.register_script(_BEAT)
        self._namespace = namespace

    @property
    def kiosk_name(self) -> str:
        return self._name

    @property
    def health(self) -> str:
        return self._health()

    def showing(self, screen: str) -> None:
        self._screen = screen

    async def beat(self) -> int:
        """Write one heartbeat; the number of kiosks alive. FleetUnavailable without Redis."""
        facts = dict(await self._facts())
        facts.update(
            name=self._name,
            center_id=self._center_id,
            version=self._version,
            screen=self._screen,
            state=state_of(self._screen),
        )
        pairs: list[str] = []
        for key, value in sorted(facts.items()):
            pairs += [key, "" if value is None else str(value)]
        count = int(
            await self._link.run(
                lambda _: self._beat(
                    keys=[self._set_key, self._prefix + self._name],
                    args=[self._prefix, self._lifetime_ms, self._name, *pairs],
                )
            )
        )
        if self._on_count is not None:
            self._on_count(count)
        return count

    async def run(self) -> None:
        """Beat every few seconds until cancelled; a missed beat while Redis is gone is no error."""
        while True:
            with contextlib.suppress(FleetUnavailable):  # the next beat after Redis is back
                await self.beat()
            stop_if_cancelled()
            await asyncio.sleep(self._every)

    async def kiosks_here(self) -> list[KioskStatus]:
        try:
            return await read_fleet(self._link, self._namespace, center_id=self._center_id)
        except FleetUnavailable:
            return []


async def read_fleet(
    link: RedisLink, namespace: str, *, center_id: str | None = None
) -> list[KioskStatus]:
    """Every kiosk whose heartbeat has not expired, by name; FleetUnavailable without Redis."""
    listing = link.redis.register_script(_LIST)
    found = await link.run(
        lambda _: listing(keys=[f"{namespace}:kiosks"], args=[f"{namespace}:kiosk:"])
    )
    now = float(found[0])
    statuses = []
    for name, flat in zip(found[1::2], found[2::2], strict=True):
        status = status_from(name, dict(zip(flat[0::2], flat[1::2], strict=True)), now)
        if center_id is None or status.center_id == center_id:
            statuses.append(status)
    return sorted(statuses, key=lambda s: s.name)


def _int(text: str | None) -> int:
    try:
        return int(text or 0)
    except ValueError:
        return 0


def status_from(name: str, beat: Mapping[str, str], now: float) -> KioskStatus:
    """A kiosk's status from its heartbeat's fields (missing ones read as empty)."""
    text = {key: beat.get(key, "") for key in _TEXT}
    text["name"] = name
    try:
        seen_ago = max(0.0, now - float(beat.get("seen_at", now)))
    except ValueError:
        seen_ago = 0.0
    return KioskStatus(
        **text,
        last_sale_at=beat.get("last_sale_at") or None,
        needs_staff=_int(beat.get("needs_staff")),
        budget_used=_int(beat.get("budget_used")),
        seen_ago=seen_ago,
    )
