"""The sale engine: the one object the UI and the CLI hold. It starts sales, serves the cached
catalogue, settles what the journal holds unfinished, and keeps background work alive.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import Coroutine, Sequence
from typing import Any

from kiosk.checkout.catalogue import CatalogueCache, chosen_memberships
from kiosk.checkout.guests import GuestDirectory
from kiosk.checkout.journal import Journal
from kiosk.checkout.recovery import RecoveryReport, recover_unfinished
from kiosk.checkout.sale import Sale, SaleParts
from kiosk.checkout.settings import SaleSettings
from kiosk.checkout.settlement import Settlement
from kiosk.checkout.staff_desk import StaffDesk
from kiosk.domain.catalog import Catalog
from kiosk.payments.terminal import PaymentTerminal
from kiosk.zenoti.client import ZenotiClient

log = logging.getLogger("kiosk.checkout")


class SaleEngine:
    """Sells memberships for one center through Zenoti and (optionally) a card reader."""

    def __init__(
        self,
        zenoti: ZenotiClient,
        journal: Journal,
        settings: SaleSettings,
        terminal: PaymentTerminal | None = None,
        *,
        catalogue_max_age: float = 900.0,
    ) -> None:
        self._settings = settings
        self._parts = SaleParts(
            zenoti=zenoti,
            journal=journal,
            settings=settings,
            terminal=terminal,
            guests=GuestDirectory(zenoti, settings.center_id, settings.dialling_code),
            settlement=Settlement(zenoti, journal, settings),
        )
        self._catalogue = CatalogueCache(
            lambda: zenoti.memberships(settings.center_id), max_age=catalogue_max_age
        )
        self._background: set[asyncio.Task[Any]] = set()
        self.staff = StaffDesk(self._parts, self.catalogue, lambda: self._catalogue.cached)

    @property
    def settings(self) -> SaleSettings:
        return self._settings

    @property
    def has_card_reader(self) -> bool:
        return self._parts.terminal is not None

    @property
    def can_sell(self) -> bool:
        """Whether a catalogue is at hand (fresh, or the last good copy): none, nothing sells."""
        return self._catalogue.cached is not None

    async def catalogue(self) -> Catalog:
        """The memberships on sale now (cached; the last good copy when Zenoti is away)."""
        return await self._catalogue.get()

    async def start_sale(self, membership_ids: Sequence[str]) -> Sale:
        """A new sale for the memberships the guest picked (a recurring one stands alone)."""
        memberships = chosen_memberships(await self.catalogue(), membership_ids)
        record = await self._parts.journal.begin_sale(
            uuid.uuid4().hex,
            self._settings.center_id,
            [m.id for m in memberships],
            recurring=any(m.is_recurring for m in memberships),
        )
        return Sale(self._parts, record, memberships)

    async def recover(self) -> RecoveryReport:
        """Settle every unfinished sale in the journal by reading the originals back."""
        catalog = self._catalogue.cached
        return await recover_unfinished(self._parts, catalog)

    def keep(self, work: Coroutine[Any, Any, Any], name: str) -> asyncio.Task[Any]:
        """Run ``work`` in the background, holding a strong reference and logging its failure."""
        task = asyncio.create_task(work, name=name)
        self._background.add(task)
        task.add_done_callback(self._forget)
        return task

    def _forget(self, task: asyncio.Task[Any]) -> None:
        self._background.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error("background work %s failed", task.get_name(), exc_info=task.exception())

    async def shutdown(self) -> None:
        """Park every step in flight and stop background work; the journal keeps their state.

        Cancelling is safe at any await: each side effect was journalled before it was made, and
        recovery at the next start settles whatever was interrupted (by this, or by a crash).
        """
        pending = {task for task in self._parts.steps | self._background if not task.done()}
        for task in pending:
            task.cancel()
        if pending:
            await asyncio.wait(pending)
        for task in pending:
            if not task.cancelled() and task.exception() is not None:
                log.info("step %s ended while shutting down", task)
