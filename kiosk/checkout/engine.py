"""The sale engine: the one object the UI and the CLI hold. It starts sales, serves the cached
catalogue, settles what the journal holds unfinished, and keeps background work alive.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import Callable, Coroutine, Sequence
from typing import Any

from kiosk.checkout.catalogue import CatalogueCache, chosen_memberships
from kiosk.checkout.errors import SaleError, zenoti_errors
from kiosk.checkout.fleet import FleetView
from kiosk.checkout.guests import GuestDirectory
from kiosk.checkout.health import Health, HealthProbe
from kiosk.checkout.images import MembershipImages
from kiosk.checkout.journal import Journal, StorageFault
from kiosk.checkout.journal_health import JournalState, Paid
from kiosk.checkout.journal_outage import JournalWatch
from kiosk.checkout.receipts import GuestChoices, ReceiptDesk
from kiosk.checkout.recovery import RecoveryReport, memberships_of, recover_unfinished
from kiosk.checkout.sale import Sale, SaleParts
from kiosk.checkout.settings import SaleSettings
from kiosk.checkout.settlement import Settlement
from kiosk.checkout.staff.desk import StaffDesk
from kiosk.domain.catalog import Catalog, Membership
from kiosk.domain.center import Country
from kiosk.domain.sale import MONEY_TAKEN
from kiosk.payments.terminal import PaymentTerminal
from kiosk.printing.printer import ReceiptPrinter
from kiosk.printing.ticket import Business
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
        catalogue: CatalogueCache | None = None,
        fleet: FleetView | None = None,
        printer: ReceiptPrinter | None = None,
        business: Business | None = None,
        images: MembershipImages | None = None,
    ) -> None:
        self._settings = settings
        self._images = images  # the memberships' pictures; None: the kiosk shows none
        choices = GuestChoices()  # whose guest chooses email, paper, both or neither
        self.fleet = fleet  # the other kiosks of a chain; None for a kiosk on its own
        self._parts = SaleParts(
            zenoti=zenoti,
            journal=journal,
            settings=settings,
            terminal=terminal,
            guests=GuestDirectory(zenoti, settings.center_id, settings.dialling_code),
            settlement=Settlement(zenoti, journal, settings, email_waits=choices.waiting),
        )
        # A chain of kiosks passes the cache its fleet shares; a kiosk on its own loads its own.
        self._catalogue = catalogue or CatalogueCache(
            lambda: zenoti.memberships(settings.center_id), max_age=catalogue_max_age
        )
        self._background: set[asyncio.Task[Any]] = set()
        # A journal that stops writing: the watch tries it again, then settles what was held.
        self.journal_watch = JournalWatch(journal, self._settle_set_aside, self.keep)
        self.staff = StaffDesk(self._parts, self.catalogue, lambda: self._catalogue.cached)
        self.receipts = ReceiptDesk(
            zenoti,
            journal,
            settings,
            self._parts.settlement,
            choices,
            printer,
            business or Business(""),
            lambda: self._catalogue.cached,
        )
        self._health = HealthProbe(zenoti, settings.center_id, terminal)
        self._zenoti = zenoti
        self._countries: tuple[Country, ...] = ()

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

    async def membership_image(self, membership: Membership) -> bytes | None:
        """The bytes of ``membership``'s picture, or None (it has none, or none can be had now);
        never raises."""
        if self._images is None:
            return None
        return await self._images.image(membership)

    async def countries(self) -> tuple[Country, ...]:
        """Zenoti's countries (its own ids: 225 is the USA), read once; empty while Zenoti has
        not answered (a guest's phone then takes the center's country)."""
        if not self._countries:
            try:
                with zenoti_errors("the countries could not be read", "countries refused ({code})"):
                    self._countries = tuple(await self._zenoti.countries())
            except SaleError:
                log.info("Zenoti's countries could not be read; offering the center's own")
        return self._countries

    async def health(self) -> Health:
        """Whether Zenoti answers and the card reader is online, now (asked before a guest
        starts: with Zenoti away nothing can be sold; with the reader away, only on the phone)."""
        return await self._health.check()

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

    @property
    def journal(self) -> JournalState:
        """Whether the journal writes (else: out of order), and the sales set aside meanwhile."""
        return self._parts.journal.health.state

    def subscribe_journal(self, listener: Callable[[JournalState], None]) -> Callable[[], None]:
        """Hear every change of the journal's health; returns the function that stops it."""
        return self._parts.journal.health.subscribe(listener)

    def set_aside(self, sale: Sale) -> None:
        """The kiosk went out of order with ``sale`` in hand: it takes no further step, and is
        settled (as recovery would) once the journal writes again. A card still waiting on the
        reader is cancelled now: the guest is leaving."""
        state = sale.state
        if state in MONEY_TAKEN:
            paid = Paid.YES
        elif state.payment_in_flight:
            paid = Paid.CHECKING  # its payment step, cancelled and refused its writes, finds out
        else:
            paid = Paid.UNSURE if state.money_may_be_taken else Paid.NO
        self._parts.journal.health.set_aside(sale.id, paid)
        sale.cancel_payment()

    def inject_storage_fault(self, fault: StorageFault | None) -> None:
        """``kiosk simulate --faults machine``: a failing disk under the journal."""
        self._parts.journal.inject(fault)

    async def _settle_set_aside(self, sale_id: str) -> None:
        record = await self._parts.journal.get(sale_id)
        if not record.state.is_final:
            memberships = memberships_of(self._catalogue.cached, record.membership_ids)
            await Sale(self._parts, record, memberships).recover()

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
