"""A kiosk's place in its fleet, put together: the Redis link, the shared budget, the shared
catalogue, the heartbeat and the metrics, with the background work that keeps them current.

``kiosk.wiring`` builds one from ``[fleet]`` and hands its parts to the Zenoti client and the
sale engine; without ``[fleet]`` none of this exists.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import Counter
from collections.abc import Awaitable, Callable, Mapping
from datetime import UTC, datetime
from typing import Any

from kiosk import __version__
from kiosk.checkout.catalogue import CatalogueCache
from kiosk.checkout.journal import Journal
from kiosk.domain.catalog import Catalog
from kiosk.domain.sale import SaleState
from kiosk.fleet.budget import FleetBudget
from kiosk.fleet.catalogue import SharedCatalogue
from kiosk.fleet.heartbeat import Heartbeat
from kiosk.fleet.link import RedisLink
from kiosk.fleet.metrics import KioskMetrics
from kiosk.fleet.reader_meter import metered
from kiosk.fleet.settings import FleetSettings
from kiosk.payments.terminal import PaymentTerminal
from kiosk.zenoti.client import ZenotiClient

log = logging.getLogger("kiosk.fleet")

FAR_FUTURE = datetime(9999, 1, 1, tzinfo=UTC)
STOP_WITHIN = 2.0  # seconds the fleet's background work gets to end when the kiosk stops


class Fleet:
    """Everything a kiosk of a chain shares with the others; ``aclose()`` it."""

    def __init__(
        self,
        settings: FleetSettings,
        *,
        center_id: str,
        per_minute: float,
        probe_every: float = 2.0,
        shared_budget: bool = True,
    ) -> None:
        self.settings = settings
        self.center_id = center_id
        self.metrics = KioskMetrics()
        self.link = RedisLink(settings, probe_every=probe_every)
        self.link.on_change(self.metrics.link_changed)
        self.metrics.link_changed(True)
        self.budget = FleetBudget(
            self.link,
            f"{settings.namespace}:budget",
            per_minute=per_minute,
            reserve=settings.reserve,
            meter=self.metrics,
            shared=shared_budget,
        )
        self.heartbeat = Heartbeat(
            self.link,
            namespace=settings.namespace,
            kiosk_name=settings.kiosk_name,
            center_id=center_id,
            version=__version__,
            facts=self._facts,
            every=settings.heartbeat_every,
            on_count=self._kiosks_seen,
            health=lambda: self.budget.health().line,
        )
        self.catalogue: SharedCatalogue | None = None
        self._journal: Journal | None = None
        self._started = datetime.now(UTC)
        self._tasks: set[asyncio.Task[Any]] = set()

    def catalogue_cache(
        self, load_from_zenoti: Callable[[], Awaitable[Catalog]], *, max_age: float = 900.0
    ) -> CatalogueCache:
        """The kiosk's catalogue cache, loading through the center's shared copy."""
        self.catalogue = SharedCatalogue(
            self.link,
            self.settings.namespace,
            self.center_id,
            load_from_zenoti,
            max_age=max_age,
            poll_every=self.settings.catalogue_poll_every,
        )
        cache = CatalogueCache(self.catalogue.load, max_age=max_age)
        self.catalogue.attach(cache)
        return cache

    def engine_parts(self, zenoti: ZenotiClient, center_id: str) -> dict[str, Any]:
        """The sale engine's fleet-given parts: the shared catalogue's cache, the fleet view."""
        return {
            "catalogue": self.catalogue_cache(lambda: zenoti.memberships(center_id)),
            "fleet": self.heartbeat,
        }

    def meter(self, terminal: PaymentTerminal) -> PaymentTerminal:
        """The reader driver, counted for the metrics."""
        self.metrics.reader = "ready"
        return metered(terminal, self.metrics.reader_did)

    async def start(self, journal: Journal) -> None:
        """Join: the first heartbeat, then the background work (probe, beats, announcements)."""
        self._journal = journal
        journal.time_writes(self.metrics.journal_wrote)
        if self.settings.metrics_port is not None:
            port = self.metrics.serve(self.settings.metrics_port)
            log.info("fleet: metrics on http://127.0.0.1:%d/metrics", port)
        if await self.link.probe():
            with contextlib.suppress(Exception):
                await self.heartbeat.beat()
        self._keep(self.link.watch(), "fleet-redis-probe")
        self._keep(self.heartbeat.run(), "fleet-heartbeat")
        if self.catalogue is not None:
            self._keep(self.catalogue.follow(), "fleet-catalogue")

    async def aclose(self) -> None:
        """Stop the background work, the metrics and the connections."""
        self._journal = None  # closed next: no heartbeat reads it from here on
        for task in self._tasks:
            task.cancel()
        if self._tasks:  # bounded: a kiosk that is stopping never waits on Redis for long
            await asyncio.wait(self._tasks, timeout=STOP_WITHIN)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.budget.settled(), STOP_WITHIN)
        self.metrics.stop()
        await self.link.aclose()

    def _keep(self, work: Any, name: str) -> None:
        task = asyncio.ensure_future(work)
        task.set_name(name)
        self._tasks.add(task)

    def _kiosks_seen(self, count: int) -> None:
        self.budget.kiosks = max(1, count)

    async def _facts(self) -> Mapping[str, str | int | None]:
        """What this kiosk's heartbeat says beside its screen."""
        health = self.budget.health()
        facts: dict[str, str | int | None] = {
            "reader": self.metrics.reader,
            "zenoti": self.metrics.zenoti,
            "budget": health.mode,
            "budget_used": health.used_last_minute,
            "needs_staff": 0,
            "last_sale_at": None,
        }
        if self._journal is None:
            return facts
        waiting = await self._journal.in_states(SaleState.NEEDS_STAFF)
        last = await self._journal.in_states(SaleState.COMPLETED, newest_first=True, limit=1)
        finished = await self._journal.sales_between(self._started, FAR_FUTURE)
        self.metrics.sales_finished(
            Counter(r.state.value for r in finished if r.state.is_final), len(waiting)
        )
        facts["needs_staff"] = len(waiting)
        facts["last_sale_at"] = last[0].updated_at.isoformat() if last else None
        return facts
