"""What every sale holds and how it changes: the journal's record (changed in one place), the
published views, single-flight steps, and the parts a payment step works with.

``Sale`` (sale.py) adds the steps a guest takes and runs what the behaviour table says.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from types import EllipsisType
from typing import Any, TypeVar, cast

from kiosk.checkout.behaviour import Payment, payment_of
from kiosk.checkout.card import CardPayment
from kiosk.checkout.errors import MethodNotAllowed, StepNotAllowed
from kiosk.checkout.guests import GuestDirectory
from kiosk.checkout.invoicing import Invoicing
from kiosk.checkout.journal import Journal, JournalUnwritable, SaleRecord
from kiosk.checkout.journal_health import Paid
from kiosk.checkout.journal_outage import money_of
from kiosk.checkout.phone import PhonePayment
from kiosk.checkout.settings import SaleSettings
from kiosk.checkout.settlement import Settlement
from kiosk.checkout.view import Method, Problem, SaleView
from kiosk.domain.catalog import Membership
from kiosk.domain.guest import Guest, SavedCard
from kiosk.domain.invoice import Invoice
from kiosk.domain.money import Money
from kiosk.domain.receipt import Receipt
from kiosk.domain.sale import SaleState
from kiosk.payments.terminal import PaymentTerminal
from kiosk.zenoti.client import ZenotiClient

T = TypeVar("T")
Listener = Callable[[SaleView], None]


@dataclass(frozen=True, slots=True)
class SaleParts:
    """What every sale works with; built once by the engine."""

    zenoti: ZenotiClient
    journal: Journal
    settings: SaleSettings
    terminal: PaymentTerminal | None
    guests: GuestDirectory
    settlement: Settlement
    # Every step in flight, so that shutting down can park them (the journal holds their state).
    steps: set[asyncio.Future[Any]] = field(default_factory=set)


class SaleCore:
    """One sale's record, views and single-flight steps; the base of ``Sale``."""

    def __init__(
        self,
        parts: SaleParts,
        record: SaleRecord,
        memberships: tuple[Membership, ...],
        invoice: Invoice | None = None,
    ) -> None:
        self._parts = parts
        self._invoicing = Invoicing(parts.zenoti, parts.settings)
        # The sale's current record: assigned in ``_keep`` alone.
        self._record = record
        self._memberships = memberships
        self._guest: Guest | None = None
        self._returning = False  # the guest was found, not registered in this sale
        self._candidates: dict[str, Guest] = {}
        self._invoice = invoice
        self._problem: Problem | None = None
        self._phone_uri: str | None = None
        self._add_card_uri: str | None = None
        self._receipt: Receipt | None = None
        self._card_last_four: str | None = None
        self._listeners: list[Listener] = []
        self._step: tuple[str, asyncio.Future[Any]] | None = None
        self._cancel_payment = asyncio.Event()
        self._recovering = False  # found unfinished: a post may have gone out before

    # ------------------------------------------------------------------ what screens read

    @property
    def id(self) -> str:
        return self._record.id

    @property
    def state(self) -> SaleState:
        return self._record.state

    @property
    def view(self) -> SaleView:
        """The current snapshot, as last published."""
        record = self._record
        amount = (
            Money(record.amount, record.currency)
            if record.amount is not None and record.currency is not None
            else None
        )
        return SaleView(
            sale_id=record.id,
            state=record.state,
            memberships=self._memberships,
            guest_masked_name=self._guest.masked_name if self._guest else None,
            guest_first_name=(self._guest.first_name.strip() or None) if self._guest else None,
            returning_guest=self._guest is not None and self._returning,
            invoice=self._invoice,
            amount_due=amount,
            method=Method(record.method) if record.method else None,
            phone_payment_uri=self._phone_uri if record.state is SaleState.AWAITING_PHONE else None,
            add_card_uri=self._add_card_uri if record.state is SaleState.SAVING_CARD else None,
            problem=self._problem,
            receipt=self._receipt,
            needs_staff_reason=record.needs_staff_reason,
        )

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call ``listener`` with every new view; returns the function that stops it."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener) if listener in self._listeners else None

    # ------------------------------------------------------------------ helpers

    async def _once(self, name: str, make: Callable[[], Awaitable[T]]) -> T:
        """Run a step once: a second call while it runs joins it; another step is refused."""
        if self._step is not None and not self._step[1].done():
            running_name, running = self._step
            if running_name != name:
                raise StepNotAllowed(name, self.state)
            return cast(T, await asyncio.shield(running))
        task: asyncio.Future[Any] = asyncio.ensure_future(self._set_aside_if_unwritten(make))
        self._step = (name, task)
        self._parts.steps.add(task)
        task.add_done_callback(self._parts.steps.discard)
        return cast(T, await asyncio.shield(task))

    async def _set_aside_if_unwritten(self, make: Callable[[], Awaitable[T]]) -> T:
        """A step the journal could not write sets the sale aside; what the guest paid is then
        learnt without the journal (a card attempt is taken off the reader first)."""
        try:
            return await make()
        except JournalUnwritable:
            health = self._parts.journal.health
            held = health.state.sale(self.id)
            if held is None or held.paid is Paid.CHECKING:
                health.set_aside(self.id, Paid.CHECKING)
                parts = self._parts
                paid = await money_of(self._record, parts.terminal, parts.settings.deadlines)
                health.learnt(self.id, paid)
            raise

    def _require(self, step: str, *states: SaleState) -> None:
        if self.state not in states:
            raise StepNotAllowed(step, self.state)

    def _keep(
        self,
        record: SaleRecord,
        problem: Problem | EllipsisType | None = ...,
        *,
        publish: bool = True,
    ) -> None:
        """The one place the sale's current record (and what to tell the guest) changes."""
        self._record = record
        if not isinstance(problem, EllipsisType):
            self._problem = problem
        if publish:
            self._publish()

    async def _move(
        self, state: SaleState, event: str, *, publish: bool = True, **changes: Any
    ) -> SaleView:
        record = await self._parts.journal.transition(self.id, state, event=event, **changes)
        self._keep(record, publish=publish)
        return self.view

    async def _to_unknown(self, event: str) -> None:
        if self.state not in (SaleState.UNKNOWN, SaleState.RECONCILING, SaleState.NEEDS_STAFF):
            await self._move(SaleState.UNKNOWN, event, publish=False)

    def _publish(self) -> None:
        # The screens listen through a Qt signal: a slot that fails goes to the crash guard
        # (sys.excepthook), never back into the payment that published.
        view = self.view
        for listener in list(self._listeners):
            listener(view)

    async def _publish_from(self, record: SaleRecord, problem: Problem | None) -> None:
        self._keep(record, problem)

    def _payment(self) -> Payment:
        record = self._record
        return payment_of(
            record.method, record.intent_id, has_reader=self._parts.terminal is not None
        )

    def _card(self, *, guest_present: bool = True) -> CardPayment:
        terminal = self._parts.terminal
        if terminal is None:
            raise MethodNotAllowed("no card reader is configured")
        return CardPayment(
            self._parts.journal,
            terminal,
            self._parts.settings.deadlines,
            self._publish_from,
            self._cancel_payment,
            guest_present=guest_present,
        )

    def _phone(self) -> PhonePayment:
        def show(uri: str) -> None:
            self._phone_uri = uri

        return PhonePayment(
            self._parts.zenoti,
            self._parts.journal,
            self._parts.settings,
            self._publish_from,
            show,
            self._cancel_payment,
        )

    def _due(self) -> Money:
        record = self._record
        if record.amount is None or record.currency is None:
            raise StepNotAllowed("pay", record.state)
        return Money(record.amount, record.currency)

    def _payment_type(self) -> str:
        if self._record.payment_type_id is not None:
            return self._record.payment_type_id  # staff chose it: cash, a voucher…
        types = self._parts.settings.payment_types
        if self._record.method == Method.CASH.value and types.cash is not None:
            return types.cash
        return types.card_terminal

    def _make_receipt(
        self, record: SaleRecord, email_sent: bool, saved_card: SavedCard | None
    ) -> Receipt:
        invoice_id = _need(record.invoice_id)
        invoice = self._invoice
        return Receipt(
            sale_id=record.id,
            invoice_id=invoice_id,
            invoice_number=invoice.number if invoice else None,
            receipt_number=record.receipt_number or (invoice.receipt_number if invoice else None),
            membership_names=tuple(m.title for m in self._memberships),
            amount_paid=self._due(),
            method=record.method or "card",
            paid_at=record.updated_at,
            receipt_url=self._parts.settings.receipt_url(invoice_id),
            email_sent=email_sent,
            recurring=record.recurring,
            card_last_four=self._card_last_four,
            card_saved=record.recurring and record.state is SaleState.COMPLETED,
            saved_card_last_four=saved_card.last_four if saved_card is not None else None,
        )


def _need(value: str | None) -> str:
    if value is None:
        raise ValueError("the sale lacks an id this step needs")
    return value
