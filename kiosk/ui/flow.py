"""The controller between the screens and the sale engine: holds the current sale, turns the
engine's published views into a Qt signal, and ends a sale so that nothing of the guest stays.

It is the screens' one way to the engine: what they need of it is a named method or property
here (the catalogue, the business's settings, staff mode's ``back_office``), never the engine.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QObject, Signal

from kiosk.checkout.engine import SaleEngine
from kiosk.checkout.errors import PaymentInFlight, SaleError
from kiosk.checkout.fleet import FleetView
from kiosk.checkout.health import Health
from kiosk.checkout.journal_health import JournalState
from kiosk.checkout.receipts import Kept, ReceiptDesk
from kiosk.checkout.sale import Sale
from kiosk.checkout.settings import Deadlines, PaymentTypes
from kiosk.checkout.view import SaleView
from kiosk.domain.catalog import Catalog, Membership
from kiosk.ui import content, prices
from kiosk.ui.back_office import BackOffice
from kiosk.ui.brand import Brand
from kiosk.ui.staff_session import StaffSession
from kiosk.ui.widgets import membership_image as pictures

log = logging.getLogger("kiosk.ui")


class SaleFlow(QObject):
    """The kiosk's one sale at a time, as the screens see it."""

    changed = Signal(object)  # SaleView, after every journalled change
    reachable = Signal(bool)  # whether Zenoti answered the last time it was asked
    staff_needed = Signal()  # a guest was sent to the desk: the staff queue has one more
    journal_changed = Signal(object)  # JournalState: the kiosk out of order, or selling again

    def __init__(self, engine: SaleEngine, brand: Brand, *, sandbox: bool) -> None:
        super().__init__()
        self.engine = engine  # for the composition root and tests; screens use what is below
        self.brand = brand
        self.sandbox = sandbox
        self.staff = StaffSession(self)
        # Every screen shows prices the business's way (with tax, or "+ tax").
        prices.show_tax(engine.settings.tax_display)
        # ...and the memberships in the business's own translations, where it wrote them.
        content.use(engine.settings.content, engine.settings.content_language)
        # ...and their pictures, from the engine's image cache.
        pictures.use(self.membership_image)
        self._sale: Sale | None = None
        self._stop_listening: Callable[[], None] | None = None
        # What the attract screen's last look found (until then: assume both are there).
        self.last_health = Health(zenoti=True, reader=True if engine.has_card_reader else None)
        self.watch_health = True  # the attract screen looks at Zenoti and the reader
        engine.subscribe_journal(self.journal_changed.emit)

    @property
    def sale(self) -> Sale:
        """The current sale; a screen that needs one when there is none is a bug."""
        if self._sale is None:
            raise SaleError("no sale is under way")
        return self._sale

    @property
    def has_sale(self) -> bool:
        return self._sale is not None

    @property
    def view(self) -> SaleView | None:
        return self._sale.view if self._sale is not None else None

    @property
    def staff_mode(self) -> bool:
        """A staff member is unlocked (cash and the other payment types are offered)."""
        return self.staff.active

    @property
    def payment_in_flight(self) -> bool:
        view = self.view
        return view is not None and view.payment_in_flight

    # ------------------------------------------------------------ the engine, as screens see it

    @property
    def back_office(self) -> BackOffice:
        """Staff mode's calls (cases, receipts, assisted sales, end of day, PIN, audit)."""
        return self.engine.staff

    @property
    def receipts(self) -> ReceiptDesk:
        """Receipts after payment: the guest's choice, the printer's status, reprints."""
        return self.engine.receipts

    async def keep_receipt(self, *, email: bool, paper: bool) -> Kept:
        """Send the current sale's receipt as the guest chose; it goes on in the background
        when the screen is left (a ticket half-printed is not cut off)."""
        work = self.engine.receipts.keep(self.sale.view, email=email, paper=paper)
        kept: Kept = await asyncio.shield(self.engine.keep(work, name="keep-receipt"))
        return kept

    @property
    def fleet(self) -> FleetView | None:
        """The other kiosks of the chain, for staff mode; None for a kiosk on its own."""
        return self.engine.fleet

    def showing(self, screen: str) -> None:
        """The window shows ``screen`` now (a route's name): the fleet's heartbeat carries it."""
        if self.engine.fleet is not None:
            self.engine.fleet.showing(screen)

    @property
    def has_card_reader(self) -> bool:
        """A card reader is configured (the card button and the sandbox reader panel show)."""
        return self.engine.has_card_reader

    @property
    def payment_types(self) -> PaymentTypes:
        """The Zenoti payment types payments are recorded with (cash and others for staff)."""
        return self.engine.settings.payment_types

    @property
    def deadlines(self) -> Deadlines:
        """How long each wait may last (the guest's wait on an unknown outcome among them)."""
        return self.engine.settings.deadlines

    @property
    def currency(self) -> str:
        """The center's currency, for an amount staff type in."""
        return self.engine.settings.currency

    @property
    def can_sell(self) -> bool:
        """A catalogue is at hand (fresh, or the last good copy); without one nothing sells."""
        return self.engine.can_sell

    async def catalogue(self) -> Catalog:
        """The memberships on sale (cached by the engine); says whether Zenoti was reachable."""
        try:
            catalog = await self.engine.catalogue()
        except SaleError:
            self.reachable.emit(False)
            raise
        self.reachable.emit(True)
        return catalog

    async def membership_image(self, membership: Membership) -> bytes | None:
        """The bytes of the membership's picture, or None (none, or not now); never raises."""
        return await self.engine.membership_image(membership)

    async def countries(self) -> None:
        """Learn Zenoti's countries (its ids) for the guests' phone numbers: asked when a guest
        first opens the country list (the center's own country needs none)."""
        from kiosk.ui.countries import countries, home_region  # phonenumbers: when first needed

        countries.set_home(home_region(self.engine.settings.dialling_code))
        countries.learn(await self.engine.countries())

    async def health(self) -> Health:
        """Whether Zenoti answers and the reader is online now; the trouble banner follows it."""
        health = await self.engine.health()
        self.last_health = health
        # Zenoti answering is not yet a catalogue: without one, only the catalogue's own
        # answer may clear the trouble banner.
        if not health.zenoti or self.engine.can_sell:
            self.reachable.emit(health.zenoti)
        return health

    async def begin(self, membership_ids: Sequence[str]) -> Sale:
        """Start the guest's sale with what they picked (ending any sale before it)."""
        self.end()
        return self.adopt(await self.engine.start_sale(membership_ids))

    def adopt(self, sale: Sale) -> Sale:
        """Follow ``sale`` as the current one (a sale staff started on an open invoice)."""
        self.end()
        self._sale = sale
        self.engine.receipts.follow(sale.id)  # the guest chooses how to keep the receipt
        self._stop_listening = sale.subscribe(self.changed.emit)
        self.changed.emit(sale.view)
        return sale

    def release_to_desk(self) -> None:
        """The guest leaves for the desk with the sale's reference while its payment is still
        checked: the engine goes on settling it in the background (and gives it up if nothing
        was taken); staff see it in their queue."""
        sale = self._sale
        if sale is None:
            return
        if self._stop_listening is not None:
            self._stop_listening()
        self._sale = None
        self._stop_listening = None
        self.engine.receipts.let_go(sale.id)
        self.engine.keep(sale.send_to_desk(), name="sale-sent-to-desk")
        self.staff_needed.emit()

    def end(self) -> bool:
        """Let go of the sale: the engine finishes or cancels it in the background.

        Refused (False) while a payment is in flight: that has its own deadline.
        """
        sale = self._sale
        if sale is None:
            return True
        if sale.view.payment_in_flight:
            return False
        self._let_go(sale)
        if not sale.state.is_final:
            self.engine.keep(self._abandon(sale), name="abandon-sale")
        return True

    @property
    def journal(self) -> JournalState:
        """Whether the journal writes; while it does not, the kiosk is out of order."""
        return self.engine.journal

    def set_aside(self) -> str | None:
        """Out of order: let go of the sale in hand without a step (its steps would not be
        written); the engine settles it when the journal writes again. Returns its id."""
        sale = self._sale
        if sale is None:
            return None
        self._let_go(sale)
        if not sale.state.is_final:
            self.engine.set_aside(sale)
        return sale.id

    def _let_go(self, sale: Sale) -> None:
        """Stop following ``sale``: no more views of it, no receipt choice kept for it."""
        if self._stop_listening is not None:
            self._stop_listening()
        self._sale = None
        self._stop_listening = None
        self.engine.receipts.let_go(sale.id)

    async def audit(self, action: str, *, sale_id: str | None = None, **detail: Any) -> None:
        """Write a staff action the UI alone knows of to the audit log, as the unlocked member."""
        member = self.staff.member
        if member is not None:
            await self.back_office.audit(member, action, sale_id=sale_id, **detail)

    async def _abandon(self, sale: Sale) -> None:
        try:
            await sale.abandon()
        except PaymentInFlight:
            log.info("sale %s left with a payment in flight; it settles on its own", sale.id)
        except SaleError as error:
            log.info("sale %s left unfinished for recovery: %s", sale.id, error)
