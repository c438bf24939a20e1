"""One catalogue per center for the whole fleet, kept in Redis under a versioned key.

A kiosk whose copy is old reads the center's shared copy; only when that is old too does one
kiosk (the one holding the refresh lock, which expires on its own) load it from Zenoti, store
it as the next version and announce the version on pub/sub. The others pick it up from the
announcement, or from polling the version when an announcement was missed. Each kiosk keeps its
own copy and sells from it while Redis is gone, loading from Zenoti itself as a single kiosk does.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Protocol

from redis.asyncio import Redis

from kiosk.domain.catalog import Catalog
from kiosk.fleet import catalogue_codec
from kiosk.fleet.link import REDIS_GONE, FleetUnavailable, RedisLink, stop_if_cancelled

log = logging.getLogger("kiosk.fleet")

# {version, seconds since it was stored (Redis's clock), data}; {0, -1, false} when none.
_READ = """
local found = redis.call('HMGET', KEYS[1], 'version', 'stored_at', 'data')
if not found[1] then return {0, -1, false} end
local clock = redis.call('TIME')
return {tonumber(found[1]), tonumber(clock[1]) - tonumber(found[2]), found[3]}
"""
# Store the next version and announce it; ARGV: data, who loaded it, the channel.
_STORE = """
local clock = redis.call('TIME')
local version = redis.call('HINCRBY', KEYS[1], 'version', 1)
redis.call('HSET', KEYS[1], 'data', ARGV[1], 'stored_at', clock[1], 'by', ARGV[2])
redis.call('PUBLISH', ARGV[3], version)
return version
"""
_UNLOCK = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
"""


class CopyHolder(Protocol):
    """The kiosk's own catalogue cache, which takes a newer copy when one is announced."""

    def replace(self, catalog: Catalog) -> None: ...


@dataclass(frozen=True, slots=True)
class SharedCopy:
    version: int
    age: float  # seconds, by Redis's clock
    catalog: Catalog


class SharedCatalogue:
    """The center's catalogue as the fleet shares it; :meth:`load` is the kiosk cache's loader."""

    def __init__(
        self,
        link: RedisLink,
        namespace: str,
        center_id: str,
        load_from_zenoti: Callable[[], Awaitable[Catalog]],
        *,
        max_age: float = 900.0,
        lock_for: float = 60.0,
        poll_every: float = 30.0,
        wait_for_other: float = 15.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._link = link
        self.key = f"{namespace}:catalogue:{center_id}"
        self.channel = f"{self.key}:announce"
        self._lock_key = f"{self.key}:lock"
        self._zenoti = load_from_zenoti
        self._max_age = max_age
        self._lock_for = lock_for
        self._poll_every = poll_every
        self._wait_for_other = wait_for_other
        self._clock = clock
        self._name = link.settings.kiosk_name
        self._read = link.redis.register_script(_READ)
        self._store = link.redis.register_script(_STORE)
        self._unlock = link.redis.register_script(_UNLOCK)
        self.version = 0  # the shared version this kiosk holds; 0: none yet
        self.loads_from_zenoti = 0  # for the fleet's metrics and tests
        self._holder: CopyHolder | None = None

    def attach(self, holder: CopyHolder) -> None:
        """Hand newer versions to ``holder`` as they are announced."""
        self._holder = holder

    async def load(self) -> Catalog:
        """A fresh catalogue: the shared copy, else one kiosk loads it and shares it."""
        try:
            shared = await self._shared()
            if shared is not None and shared.age < self._max_age:
                return self._adopt(shared)
            token = secrets.token_hex(8)
            if await self._link.run(lambda r: self._take_lock(r, token)):
                try:
                    return await self._load_and_share()
                finally:
                    with contextlib.suppress(FleetUnavailable):
                        await self._link.run(
                            lambda _: self._unlock(keys=[self._lock_key], args=[token])
                        )
            if shared is not None:
                return self._adopt(shared)  # old, but another kiosk is refreshing it right now
            return await self._wait_for_the_other_kiosk()
        except FleetUnavailable:
            return await self._from_zenoti()  # Redis is gone: as a single kiosk does

    async def follow(self) -> None:
        """Take new versions as announced (pub/sub), polling the version as the backstop."""
        last_poll = self._clock()
        while True:
            stop_if_cancelled()
            if not self._link.up:
                await asyncio.sleep(1.0)
                continue
            pubsub = self._link.redis.pubsub(ignore_subscribe_messages=True)
            try:
                await pubsub.subscribe(self.channel)
                await self._check()  # whatever was announced while we were not listening
                while True:
                    stop_if_cancelled()
                    message = await pubsub.get_message(timeout=1.0)
                    due = self._clock() - last_poll >= self._poll_every
                    if message is not None or due:
                        last_poll = self._clock()
                        await self._check()
            except (*REDIS_GONE, FleetUnavailable) as error:
                log.info("fleet: catalogue announcements interrupted (%s)", type(error).__name__)
                await asyncio.sleep(1.0)
            finally:
                with contextlib.suppress(*REDIS_GONE):
                    await pubsub.aclose()  # type: ignore[no-untyped-call, unused-ignore]  # typed in redis 8.2

    async def _check(self) -> None:
        """Take the shared copy when it is newer than ours."""
        version = await self._link.run(lambda r: r.hget(self.key, "version"))
        if version is None or int(version) <= self.version or self._holder is None:
            return
        shared = await self._shared()
        if shared is not None and shared.version > self.version:
            self._holder.replace(self._adopt(shared))
            log.info("fleet: catalogue version %d taken from the fleet", shared.version)

    async def _shared(self) -> SharedCopy | None:
        version, age, data = await self._link.run(lambda _: self._read(keys=[self.key]))
        if not version or not data:
            return None
        try:
            return SharedCopy(int(version), float(age), catalogue_codec.decode(data))
        except ValueError as error:
            log.info("fleet: the shared catalogue cannot be read (%s); loading it again", error)
            return None

    def _adopt(self, shared: SharedCopy) -> Catalog:
        self.version = max(self.version, shared.version)
        return shared.catalog

    async def _take_lock(self, redis: Redis, token: str) -> bool:
        locked = await redis.set(self._lock_key, token, nx=True, px=int(self._lock_for * 1000))
        return bool(locked)

    async def _from_zenoti(self) -> Catalog:
        self.loads_from_zenoti += 1
        return await self._zenoti()

    async def _load_and_share(self) -> Catalog:
        catalog = await self._from_zenoti()
        data = catalogue_codec.encode(catalog)
        try:
            version = await self._link.run(
                lambda _: self._store(keys=[self.key], args=[data, self._name, self.channel])
            )
        except FleetUnavailable:
            return catalog  # ours is good; the fleet gets the next one
        self.version = max(self.version, int(version))
        log.info("fleet: catalogue version %s loaded from Zenoti and shared", version)
        return catalog

    async def _wait_for_the_other_kiosk(self) -> Catalog:
        """No copy anywhere and another kiosk loading it: wait a little for its version."""
        deadline = self._clock() + self._wait_for_other
        while self._clock() < deadline:
            await asyncio.sleep(0.25)
            shared = await self._shared()
            if shared is not None:
                return self._adopt(shared)
        return await self._from_zenoti()
