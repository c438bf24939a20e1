"""One guest's sale: the coroutines a screen (or the CLI) calls, in the order a guest meets them.

Every step is single-flight: tapping twice joins the step already running instead of starting a
second one, and a step keeps running when the screen that started it goes away (a payment is never
cut off half-way). Every change is journalled first, then published as a ``SaleView``.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, TypeVar, cast

from kiosk.checkout.card import CardPayment
from kiosk.checkout.errors import MethodNotAllowed, PaymentInFlight, SaleError, StepNotAllowed
from kiosk.checkout.guests import GuestDirectory
from kiosk.checkout.journal import Consent, Journal, SaleRecord
from kiosk.checkout.phone import PhonePayment
from kiosk.checkout.settings import SaleSettings
from kiosk.checkout.settlement import Settlement
from kiosk.checkout.view import GuestCandidate, Method, Problem, SaleView
from kiosk.domain.catalog import Membership
from kiosk.domain.guest import Guest, NewGuest, Phone
from kiosk.domain.invoice import Invoice, InvoiceItem
from kiosk.domain.money import Money
from kiosk.domain.receipt import Receipt
from kiosk.domain.sale import SaleState
from kiosk.payments.terminal import (
    PaymentTerminal,
    TerminalError,
    TerminalStatus,
    TerminalUnknownOutcome,
)
from kiosk.zenoti.client import ZenotiClient
from kiosk.zenoti.errors import ZenotiError, ZenotiUnavailable, ZenotiUnknownOutcome

log = logging.getLogger("kiosk.checkout")

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


class Sale:
    """A guest's sale, from the memberships they picked to the receipt."""

    def __init__(
        self,
        parts: SaleParts,
        record: SaleRecord,
        memberships: tuple[Membership, ...],
        invoice: Invoice | None = None,
    ) -> None:
        self._parts = parts
        self._record = record
        self._memberships = memberships
        self._guest: Guest | None = None
        self._candidates: dict[str, Guest] = {}
        self._invoice = invoice
        self._problem: Problem | None = None
        self._phone_uri: str | None = None
        self._receipt: Receipt | None = None
        self._card_last_four: str | None = None
        self._listeners: list[Listener] = []
        self._step: tuple[str, asyncio.Future[Any]] | None = None
        self._cancel_payment = asyncio.Event()

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
            invoice=self._invoice,
            amount_due=amount,
            method=Method(record.method) if record.method else None,
            phone_payment_uri=self._phone_uri if record.state is SaleState.AWAITING_CARD else None,
            problem=self._problem,
            receipt=self._receipt,
            needs_staff_reason=record.needs_staff_reason,
        )

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call ``listener`` with every new view; returns the function that stops it."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener) if listener in self._listeners else None

    # ------------------------------------------------------------------ the guest's steps

    async def find_guests(
        self, *, phone: Phone | None = None, email: str | None = None
    ) -> list[GuestCandidate]:
        """Search by phone or email; the candidates come back masked for a public screen."""
        self._require("find the guest", SaleState.CHOOSING, SaleState.GUEST_IDENTIFIED)
        found = await self._parts.guests.find(phone=phone, email=email)
        self._candidates = {guest.id: guest for guest in found}
        return [GuestCandidate(g.id, g.masked_name, g.masked_phone, g.masked_email) for g in found]

    async def choose_guest(self, guest_id: str) -> SaleView:
        """The guest confirmed which candidate they are (or staff chose one they searched for)."""
        guest = self._candidates.get(guest_id) or await self._parts.guests.by_id(guest_id)
        if guest is None:
            raise SaleError("that guest was not among the search results")
        return await self._once("identify", lambda: self._identify(guest))

    async def register_guest(self, new_guest: NewGuest) -> SaleView:
        """Register a new guest with the organisation's mandatory fields, then continue as them."""

        async def register() -> SaleView:
            self._require("register", SaleState.CHOOSING, SaleState.GUEST_IDENTIFIED)
            guest = await self._parts.guests.register(new_guest)
            return await self._identify(guest)

        return await self._once("register", register)

    async def accept_terms(self, text: str, signature_png: bytes | None = None) -> SaleView:
        """Record the consent (with the signature for recurring billing) and the time."""

        async def accept() -> SaleView:
            self._require("accept the terms", SaleState.GUEST_IDENTIFIED)
            if self._record.recurring and not signature_png:
                raise SaleError("a recurring membership needs the guest's signature")
            if self._record.recurring:
                await self._parts.journal.record_consent(
                    Consent(self.id, text, datetime.now(UTC), signature_png)
                )
            return await self._move(SaleState.TERMS_ACCEPTED, "terms accepted")

        return await self._once("terms", accept)

    async def create_invoice(self) -> Invoice:
        """Create Zenoti's invoice once and read back its real totals."""
        return await self._once("invoice", self._create_invoice)

    # ------------------------------------------------------------------ paying

    async def pay_by_card(self) -> SaleView:
        """Take the payment on the reader; returns at rest (receipt, decline, cancelled, staff)."""
        return await self._once("pay", self._pay_by_card)

    async def pay_on_phone(self) -> SaleView:
        """Show Zenoti's hosted card page (as a QR) and wait for the invoice to be paid."""
        return await self._once("pay", self._pay_on_phone)

    async def pay_cash(self, *, staff_mode: bool, payment_type_id: str | None = None) -> SaleView:
        """Staff only: the money was handed over; record it with a cash (or other) payment type."""
        if not staff_mode:
            raise MethodNotAllowed("cash is taken only by staff")
        type_id = payment_type_id or self._parts.settings.payment_types.cash
        if type_id is None:
            raise MethodNotAllowed("no cash payment type is configured")

        async def pay() -> SaleView:
            self._require("take cash", SaleState.INVOICE_READY, SaleState.DECLINED)
            amount = self._due()
            method = (
                Method.CASH if type_id == self._parts.settings.payment_types.cash else Method.OTHER
            )
            if self._record.state is SaleState.DECLINED:
                await self._move(SaleState.INVOICE_READY, "another method")
            self._record = await self._parts.journal.transition(
                self.id,
                SaleState.APPROVED,
                event="staff took the payment",
                method=method.value,
                amount=amount.amount,
                currency=amount.currency,
                payment_reference=f"kiosk-{method.value}-{self.id}",
                payment_type_id=type_id,
            )
            self._publish()
            return await self._finish(type_id, read_first=False)

        return await self._once("pay", pay)

    def cancel_payment(self) -> None:
        """The guest pressed cancel: the running payment cancels if it still can."""
        self._cancel_payment.set()

    async def present_test_card(self, card_number: str) -> bool:
        """Sandbox only: a tester taps a card on the simulated reader; False if it did not land.

        Like a real tap on a reader that is not waiting, a failed tap changes nothing: the
        payment's own watch decides what happened.
        """
        if self._parts.terminal is None:
            raise MethodNotAllowed("no card reader is configured")
        try:
            await self._parts.terminal.present_test_card(card_number)
        except (TerminalError, TerminalUnknownOutcome) as error:
            log.info("test card not presented: %s", type(error).__name__)
            return False
        return True

    # ------------------------------------------------------------------ leaving

    async def abandon(self) -> SaleView:
        """The guest walked away (or tapped "start over"). Refused while a payment is in flight."""
        if self.view.payment_in_flight:
            raise PaymentInFlight("a payment is under way; it has its own deadline")
        running = self._step
        if running is not None and not running[1].done():
            if running[0] == "pay":
                raise PaymentInFlight("a payment is under way; it has its own deadline")
            await asyncio.wait({running[1]})
        return await self._once("abandon", self._abandon)

    async def recover(self) -> SaleView:
        """Settle a sale found unfinished in the journal (start-up, or a staff re-check)."""
        return await self._once("recover", self._recover)

    # ------------------------------------------------------------------ step bodies

    async def _identify(self, guest: Guest) -> SaleView:
        self._guest = guest
        self._candidates.clear()
        if self._record.state is SaleState.GUEST_IDENTIFIED:
            self._record = await self._parts.journal.note(
                self.id, event="guest changed", guest_id=guest.id
            )
            self._publish()
            return self.view
        return await self._move(SaleState.GUEST_IDENTIFIED, "guest identified", guest_id=guest.id)

    async def _create_invoice(self) -> Invoice:
        if self._invoice is not None:
            return self._invoice
        self._require("create the invoice", SaleState.TERMS_ACCEPTED)
        settings, zenoti = self._parts.settings, self._parts.zenoti
        guest_id = _need(self._record.guest_id)
        await self._move(SaleState.INVOICE_REQUESTED, "creating the invoice")
        try:
            invoice_id = await zenoti.create_membership_invoice(
                settings.center_id,
                guest_id,
                list(self._record.membership_ids),
                settings.kiosk_employee_id,
            )
        except ZenotiUnknownOutcome:
            found = await self._find_invoice_made_for_us()
            if found is None:
                await self._move(SaleState.TERMS_ACCEPTED, "invoice not created")
                raise SaleError(
                    "the invoice could not be confirmed", Problem.SERVICE_UNAVAILABLE
                ) from None
            invoice_id = found
        except ZenotiError as error:
            await self._move(
                SaleState.TERMS_ACCEPTED, "invoice refused", detail={"code": error.code}
            )
            problem = Problem.SERVICE_UNAVAILABLE if isinstance(error, ZenotiUnavailable) else None
            raise SaleError(f"Zenoti refused the invoice ({error.code})", problem) from error
        # The invoice id is durable before anything else happens.
        self._record = await self._parts.journal.note(
            self.id, event="invoice created", invoice_id=invoice_id
        )
        invoice = await self._read_invoice_or_raise(invoice_id)
        self._invoice = invoice
        await self._move(
            SaleState.INVOICE_READY,
            "invoice read back",
            amount=invoice.dues.balance.amount,
            currency=invoice.dues.balance.currency,
        )
        return invoice

    async def _pay_by_card(self) -> SaleView:
        terminal = self._parts.terminal
        if terminal is None:
            raise MethodNotAllowed("no card reader is configured")
        self._require(
            "pay by card", SaleState.INVOICE_READY, SaleState.INTENT_CREATED, SaleState.DECLINED
        )
        self._cancel_payment.clear()
        self._problem = None
        outcome = await self._card(terminal).pay(self._record, self._due())
        self._record, self._problem = outcome.record, outcome.problem
        self._card_last_four = outcome.card_last_four
        if outcome.record.state is SaleState.APPROVED:
            return await self._finish(
                self._parts.settings.payment_types.card_terminal, read_first=False
            )
        self._publish()
        return self.view

    async def _pay_on_phone(self) -> SaleView:
        self._require("pay on the phone", SaleState.INVOICE_READY, SaleState.DECLINED)
        if self._record.state is SaleState.DECLINED:
            await self._move(SaleState.INVOICE_READY, "another method")
        self._cancel_payment.clear()
        self._problem = None
        outcome = await self._phone().pay(self._record)
        self._record, self._problem = outcome.record, outcome.problem
        if outcome.invoice is not None:
            self._invoice = outcome.invoice
        if outcome.record.state is SaleState.RECORDED:
            return await self._finish(None, read_first=False)
        self._publish()
        return self.view

    async def _finish(self, payment_type_id: str | None, *, read_first: bool) -> SaleView:
        """APPROVED or RECORDED → recorded, closed, emailed, receipt. Never refunds."""
        settlement = self._parts.settlement
        record = self._record
        if record.state is SaleState.APPROVED or (
            record.state is SaleState.NEEDS_STAFF and record.payment_reference is not None
        ):
            if payment_type_id is None:
                raise ValueError("an approved payment needs its payment type to be recorded")
            record = await settlement.record_payment(
                record, self._paid_amount(), payment_type_id, read_first=read_first
            )
            self._set(
                record, Problem.PAID_NOT_RECORDED if record.state is SaleState.NEEDS_STAFF else None
            )
        if record.state is SaleState.RECORDED:
            live = self._invoice is not None and not read_first
            closed = await settlement.close(
                record, balance_left=self._due() - self._paid_amount() if live else None
            )
            record = closed.record
            if closed.invoice is not None:
                self._invoice = closed.invoice
            self._set(
                record, Problem.PAID_NOT_RECORDED if record.state is SaleState.NEEDS_STAFF else None
            )
        if record.state is SaleState.CLOSED:
            email_sent = record.email_sent
            if email_sent is None:
                email_sent = await settlement.email(record)
            add_card_url = await self._add_card_url() if record.recurring else None
            record = await self._parts.journal.transition(
                self.id, SaleState.COMPLETED, event="receipt"
            )
            self._receipt = self._make_receipt(record, email_sent, add_card_url)
            self._set(record, None)
        return self.view

    async def _abandon(self) -> SaleView:
        state = self._record.state
        if state in (SaleState.CHOOSING, SaleState.GUEST_IDENTIFIED, SaleState.TERMS_ACCEPTED):
            return await self._move(SaleState.ABANDONED, "guest left", guest_id=None)
        if state in (SaleState.INVOICE_READY, SaleState.INTENT_CREATED, SaleState.DECLINED):
            return await self._cancel_sale()
        if state in (SaleState.APPROVED, SaleState.RECORDED, SaleState.CLOSED):
            return await self._finish(self._payment_type(), read_first=False)
        return self.view  # completed, cancelled, needs staff: nothing more to do here

    async def _cancel_sale(self) -> SaleView:
        """Nothing was taken: take the attempt off the reader, empty the invoice, and end."""
        if self._record.method == Method.CARD.value and self._parts.terminal is not None:
            reading = await self._card(self._parts.terminal, guest_present=False).release(
                self._record
            )
            if reading is not None and reading.status is TerminalStatus.APPROVED:
                # The guest paid after all: money first, whatever the screen did.
                self._record = await self._parts.journal.get(self.id)
                outcome = await self._card(self._parts.terminal, guest_present=False).reconcile(
                    await self._to_unknown("approved while leaving")
                )
                self._record = outcome.record
                return await self._finish(self._payment_type(), read_first=False)
        if self._record.method == Method.PHONE.value:
            paid = await self._phone().settle_after_crash(self._record)
            if paid.record.state is SaleState.RECORDED:
                self._record = paid.record
                return await self._finish(None, read_first=False)
        invoice_id = _need(self._record.invoice_id)
        self._record = await self._parts.journal.note(
            self.id, event="removing the invoice items", pending_effect="remove_items"
        )
        try:
            invoice = self._invoice or await self._parts.zenoti.invoice(invoice_id)
            for item in self._own_items(invoice):
                await self._parts.zenoti.remove_invoice_item(
                    invoice_id, item.id, "guest left the kiosk"
                )
        except ZenotiError as error:
            # Left for recovery: the journal still says which invoice to empty.
            log.info("invoice items not removed yet: %s %s", error.route, error.code)
            return self.view
        if self._record.state is not SaleState.INVOICE_READY and self._record.state not in (
            SaleState.INTENT_CREATED,
            SaleState.DECLINED,
        ):
            self._record = await self._parts.journal.transition(
                self.id, SaleState.INVOICE_READY, event="payment given up"
            )
        return await self._move(
            SaleState.CANCELLED, "sale cancelled", pending_effect=None, guest_id=None
        )

    async def _recover(self) -> SaleView:
        state, record = self._record.state, self._record
        if state in (SaleState.CHOOSING, SaleState.GUEST_IDENTIFIED, SaleState.TERMS_ACCEPTED):
            return await self._move(
                SaleState.ABANDONED, "found unfinished: guest gone", guest_id=None
            )
        if state is SaleState.INVOICE_REQUESTED:
            invoice_id = record.invoice_id or await self._find_invoice_made_for_us()
            if invoice_id is None:
                return await self._move(SaleState.ABANDONED, "no invoice was made", guest_id=None)
            invoice = await self._read_invoice_or_raise(invoice_id)
            self._invoice = invoice
            await self._move(
                SaleState.INVOICE_READY,
                "invoice found",
                invoice_id=invoice_id,
                amount=invoice.dues.balance.amount,
                currency=invoice.dues.balance.currency,
            )
            return await self._cancel_sale()
        if state in (SaleState.APPROVED,):
            return await self._finish(self._payment_type(), read_first=True)
        if state in (SaleState.RECORDED, SaleState.CLOSED):
            return await self._finish(None, read_first=True)
        if record.method == Method.PHONE.value and state in (
            SaleState.INTENT_CREATED,
            SaleState.AWAITING_CARD,
            SaleState.UNKNOWN,
            SaleState.RECONCILING,
        ):
            paid = await self._phone().settle_after_crash(self._record)
            self._record = paid.record
            if paid.record.state is SaleState.RECORDED:
                return await self._finish(None, read_first=True)
            if self._record.state is SaleState.AWAITING_CARD:
                await self._move(SaleState.INVOICE_READY, "phone payment not made")
            return await self._cancel_sale()
        if state is SaleState.INVOICE_READY:
            return await self._cancel_sale()
        if state is SaleState.NEEDS_STAFF and record.payment_reference is not None:
            # Money was taken: recording it (after reading the invoice) is all that is left.
            return await self._finish(self._payment_type(), read_first=True)
        terminal = self._parts.terminal
        if terminal is None or record.intent_id is None:
            return self.view
        card = self._card(terminal, guest_present=False)
        if state in (SaleState.INTENT_CREATED, SaleState.DECLINED):
            return await self._cancel_sale()
        if state in (SaleState.SENT, SaleState.AWAITING_CARD, SaleState.PROCESSING):
            self._record = await self._to_unknown("found unfinished after a restart")
        outcome = await card.reconcile(self._record)
        self._record = outcome.record
        if outcome.record.state is SaleState.APPROVED:
            return await self._finish(self._payment_type(), read_first=True)
        if outcome.record.state in (
            SaleState.INTENT_CREATED,
            SaleState.DECLINED,
            SaleState.INVOICE_READY,
        ):
            return await self._cancel_sale()
        if outcome.record.state is SaleState.AWAITING_CARD:
            # Armed on the reader with nobody there: take it off, then end the sale.
            return await self._cancel_sale_after_release()
        self._publish()
        return self.view

    async def _cancel_sale_after_release(self) -> SaleView:
        assert self._parts.terminal is not None
        reading = await self._card(self._parts.terminal, guest_present=False).release(self._record)
        if reading is not None and reading.status is TerminalStatus.APPROVED:
            self._record = (
                await self._card(self._parts.terminal, guest_present=False).reconcile(
                    await self._to_unknown("approved while leaving")
                )
            ).record
            return await self._finish(self._payment_type(), read_first=True)
        self._record = await self._parts.journal.transition(
            self.id, SaleState.INTENT_CREATED, event="taken off the reader"
        )
        return await self._cancel_sale()

    # ------------------------------------------------------------------ helpers

    async def _once(self, name: str, make: Callable[[], Awaitable[T]]) -> T:
        """Run a step once: a second call while it runs joins it; another step is refused."""
        if self._step is not None and not self._step[1].done():
            running_name, running = self._step
            if running_name != name:
                raise StepNotAllowed(name, self.state)
            return cast(T, await asyncio.shield(running))
        task: asyncio.Future[Any] = asyncio.ensure_future(make())
        self._step = (name, task)
        self._parts.steps.add(task)
        task.add_done_callback(self._parts.steps.discard)
        return cast(T, await asyncio.shield(task))

    def _require(self, step: str, *states: SaleState) -> None:
        if self._record.state not in states:
            raise StepNotAllowed(step, self._record.state)

    async def _move(self, state: SaleState, event: str, **changes: Any) -> SaleView:
        self._record = await self._parts.journal.transition(self.id, state, event=event, **changes)
        self._publish()
        return self.view

    async def _to_unknown(self, event: str) -> SaleRecord:
        record = self._record
        if record.state in (SaleState.UNKNOWN, SaleState.RECONCILING, SaleState.NEEDS_STAFF):
            return record
        return await self._parts.journal.transition(self.id, SaleState.UNKNOWN, event=event)

    def _set(self, record: SaleRecord, problem: Problem | None) -> None:
        self._record, self._problem = record, problem
        self._publish()

    def _publish(self) -> None:
        view = self.view
        for listener in list(self._listeners):
            try:
                listener(view)
            except Exception:
                log.exception("a sale listener failed")

    async def _publish_from(self, record: SaleRecord, problem: Problem | None) -> None:
        self._set(record, problem)

    def _card(self, terminal: PaymentTerminal, *, guest_present: bool = True) -> CardPayment:
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

    def _paid_amount(self) -> Money:
        return self._due()

    def _payment_type(self) -> str:
        if self._record.payment_type_id is not None:
            return self._record.payment_type_id  # staff chose it: cash, a voucher…
        types = self._parts.settings.payment_types
        method = self._record.method
        if method == Method.CASH.value and types.cash is not None:
            return types.cash
        return types.card_terminal

    def _own_items(self, invoice: Invoice) -> list[InvoiceItem]:
        """The lines this sale put on the invoice; a front desk's own lines are never removed."""
        kept = self._record.kept_item_ids
        if not kept:
            return list(invoice.items)
        sold = set(self._record.membership_ids)
        return [i for i in invoice.items if i.id not in kept and i.item_id in sold]

    async def _read_invoice_or_raise(self, invoice_id: str) -> Invoice:
        try:
            return await self._parts.zenoti.invoice(invoice_id)
        except ZenotiError as error:
            raise SaleError(
                "the invoice could not be read back", Problem.SERVICE_UNAVAILABLE
            ) from error

    async def _find_invoice_made_for_us(self) -> str | None:
        """After a lost answer: the newest open invoice the kiosk made for this guest."""
        guest_id = self._record.guest_id
        try:
            invoices = await self._parts.zenoti.open_invoices(self._parts.settings.center_id)
        except ZenotiError:
            return None
        kiosk = self._parts.settings.kiosk_employee_id
        mine = [
            summary
            for summary in invoices
            if summary.guest_id == guest_id and summary.sale_by_id in (None, kiosk)
        ]
        # Zenoti's dates are the center's local time: order by them, never compare with ours.
        mine.sort(key=lambda summary: (summary.date is not None, summary.date or datetime.min))
        return mine[-1].id if mine else None

    async def _add_card_url(self) -> str | None:
        guest_id = self._record.guest_id
        if guest_id is None:
            return None
        settings = self._parts.settings
        try:
            page = await self._parts.zenoti.start_add_card(
                guest_id, settings.center_id, settings.redirect_uri, "kiosk"
            )
        except ZenotiError as error:
            log.info("add-card page not offered: %s %s", error.route, error.code)
            return None
        return page.uri

    def _make_receipt(
        self, record: SaleRecord, email_sent: bool, add_card_url: str | None
    ) -> Receipt:
        invoice_id = _need(record.invoice_id)
        return Receipt(
            sale_id=record.id,
            invoice_id=invoice_id,
            invoice_number=self._invoice.number if self._invoice else None,
            receipt_number=record.receipt_number
            or (self._invoice.receipt_number if self._invoice else None),
            membership_names=tuple(m.title for m in self._memberships),
            amount_paid=self._paid_amount(),
            method=record.method or "card",
            paid_at=record.updated_at,
            receipt_url=self._parts.settings.receipt_url(invoice_id),
            email_sent=email_sent,
            recurring=record.recurring,
            add_card_url=add_card_url,
            card_last_four=self._card_last_four,
        )


def _need(value: str | None) -> str:
    if value is None:
        raise ValueError("the sale lacks an id this step needs")
    return value
