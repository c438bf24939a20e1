"""The kiosk's connection to the fleet's Redis, and whether it answers right now.

Every Redis command goes through :meth:`RedisLink.run`: a command that fails marks the link down
and raises :class:`FleetUnavailable`, and the caller carries on locally (the budget with its
share, the catalogue with its copy). While the link is down nothing waits on Redis; a probe
checks every few seconds and the link comes back up on the first answer.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from typing import TypeVar

from redis.asyncio import Redis
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff
from redis.exceptions import RedisError

from kiosk.fleet.settings import FleetSettings

log = logging.getLogger("kiosk.fleet")

T = TypeVar("T")
# What a lost or refused Redis raises; anything else is a bug and goes on up.
REDIS_GONE = (RedisError, OSError, TimeoutError)


def stop_if_cancelled() -> None:
    """Raise CancelledError when this task was asked to stop.

    A cancellation that lands while a Redis command's own timeout fires can reach the caller as
    a timeout (and so as FleetUnavailable, which background loops shrug off); the task's
    cancellation count still says it was asked to stop, so a loop checks it at each turn.
    """
    task = asyncio.current_task()
    if task is not None and task.cancelling():
        raise asyncio.CancelledError


class FleetUnavailable(Exception):
    """Redis did not answer: the caller works on its own until the link is back."""


class RedisLink:
    """One Redis client for the kiosk, with its up/down state and listeners for changes."""

    def __init__(
        self,
        settings: FleetSettings,
        *,
        probe_every: float = 2.0,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.settings = settings
        self.redis: Redis = Redis.from_url(
            settings.redis_url,
            password=settings.redis_password,
            decode_responses=True,
            socket_timeout=settings.redis_timeout,
            socket_connect_timeout=settings.redis_timeout,
            # One quick retry mends a pooled connection a restarted Redis left stale; more would
            # only make a call wait longer before the kiosk goes local.
            retry=Retry(NoBackoff(), 1),
            client_name=f"kiosk:{settings.kiosk_name}",
        )
        self._probe_every = probe_every
        self._clock = clock
        self._up = True
        self._down_since: float | None = None
        self._listeners: list[Callable[[bool], None]] = []

    @property
    def up(self) -> bool:
        """Whether the last command (or probe) was answered."""
        return self._up

    @property
    def down_since(self) -> float | None:
        """When Redis stopped answering (Unix time), or None while it answers."""
        return self._down_since

    def on_change(self, listener: Callable[[bool], None]) -> None:
        """Call ``listener(up)`` each time the link goes down or comes back."""
        self._listeners.append(listener)

    async def run(self, work: Callable[[Redis], Awaitable[T]]) -> T:
        """``work`` on the client; FleetUnavailable when the link is down or the command failed."""
        if not self._up:
            raise FleetUnavailable(f"Redis at {self.settings.redis_address} is unreachable")
        try:
            return await work(self.redis)
        except REDIS_GONE as error:
            self._went_down(error)
            raise FleetUnavailable(str(error)) from error

    async def probe(self) -> bool:
        """Ask Redis once, whatever the state; True (and the link up) when it answered."""
        try:
            await self.redis.ping()
        except REDIS_GONE as error:
            self._went_down(error)
            return False
        self._came_back()
        return True

    async def watch(self) -> None:
        """Probe while the link is down, until cancelled (a background task of the fleet)."""
        while True:
            stop_if_cancelled()
            await asyncio.sleep(self._probe_every)
            if not self._up:
                await self.probe()

    async def aclose(self) -> None:
        """Close the connections."""
        await self.redis.aclose()

    def _went_down(self, error: BaseException) -> None:
        if not self._up:
            return
        self._up = False
        self._down_since = self._clock()
        log.warning(
            "fleet: Redis at %s stopped answering (%s); working locally",
            self.settings.redis_address,
            type(error).__name__,
        )
        self._tell(False)

    def _came_back(self) -> None:
        if self._up:
            return
        self._up = True
        self._down_since = None
        log.info("fleet: Redis at %s answers again; rejoining", self.settings.redis_address)
        self._tell(True)

    def _tell(self, up: bool) -> None:
        for listener in self._listeners:
            listener(up)
