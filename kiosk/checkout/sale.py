"""One guest's sale: the coroutines a screen (or the CLI) calls, in the order a guest meets them.

Every step is single-flight: tapping twice joins the step already running instead of starting a
second one, and a step keeps running when the screen that started it goes away (a payment is never
cut off half-way). Every change is journalled first, then published as a ``SaleView``.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

from kiosk.checkout.behaviour import RELEASE, Do, Payment, Step, behaviour
from kiosk.checkout.errors import MethodNotAllowed, PaymentInFlight, SaleError
from kiosk.checkout.invoicing import InvoiceNotMade
from kiosk.checkout.journal import Consent, SaleRecord
from kiosk.checkout.sale_card import CardOnFileSteps
from kiosk.checkout.sale_core import SaleParts
from kiosk.checkout.sale_offers import OfferCodeSteps
from kiosk.checkout.view import GuestCandidate, Method, SaleView
from kiosk.domain.catalog import Membership
from kiosk.domain.guest import Guest, NewGuest, Phone
from kiosk.domain.invoice import Invoice
from kiosk.domain.sale import SaleState
from kiosk.payments.terminal import SimulatedReader, TerminalError, TerminalUnknownOutcome

log = logging.getLogger("kiosk.checkout")

__all__ = ["Sale", "SaleParts"]


class Sale(CardOnFileSteps, OfferCodeSteps):
    """A guest's sale, from the memberships they picked to the receipt."""

    def __init__(
        self,
        parts: SaleParts,
        record: SaleRecord,
        memberships: tuple[Membership, ...],
        invoice: Invoice | None = None,
    ) -> None:
        super().__init__(parts, record, memberships, invoice)
        self._actions: dict[Do, Callable[[], Awaitable[SaleView]]] = {
            Do.REST: self._rest,
            Do.ABANDON: self._abandoned,
            Do.FIND_INVOICE: self._find_invoice,
            Do.CANCEL: self._cancel,
            Do.FINISH: self._finish,
            Do.RECHECK: self._recheck,
            Do.RECONCILE_CARD: self._reconcile_card,
            Do.CHECK_CARD_ON_FILE: self._check_card_on_file,
        }
        self._releases: dict[Do, Callable[[], Awaitable[SaleView | None]]] = {
            Do.RELEASE_CARD: self._release_card,
            Do.CHECK_PHONE: self._check_phone,
            Do.NOTHING: self._nothing_to_release,
        }

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
        return await self._once("identify", lambda: self._identify(guest, returning=True))

    async def register_guest(self, new_guest: NewGuest) -> SaleView:
        """Register a new guest with the organisation's mandatory fields, then continue as them."""

        async def register() -> SaleView:
            self._require("register", SaleState.CHOOSING, SaleState.GUEST_IDENTIFIED)
            guest = await self._parts.guests.register(new_guest)
            return await self._identify(guest, returning=False)

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
            await self._move(
                SaleState.APPROVED,
                "staff took the payment",
                method=method.value,
                amount=amount.amount,
                currency=amount.currency,
                payment_reference=f"kiosk-{method.value}-{self.id}",
                payment_type_id=type_id,
            )
            return await self._do(Step.SETTLE)

        return await self._once("pay", pay)

    def cancel_payment(self) -> None:
        """The guest pressed cancel: the running payment cancels if it still can."""
        self._cancel_payment.set()

    async def present_test_card(self, card_number: str) -> bool:
        """Sandbox only: a tester taps a card on the simulated reader; False if it did not land.

        Like a real tap on a reader that is not waiting, a failed tap changes nothing: the
        payment's own watch decides what happened.
        """
        reader = self._parts.terminal
        if not isinstance(reader, SimulatedReader):
            raise MethodNotAllowed("no simulated card reader is configured")
        try:
            await reader.present_test_card(card_number)
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
            if running[0] == "card":
                self._cancel_payment.set()  # left the add-card page: the step reads once more
            await asyncio.wait({running[1]})
        return await self._once("abandon", lambda: self._do(Step.ABANDON))

    async def send_to_desk(self) -> SaleView:
        """The guest left for the desk with this sale's reference while its payment is still
        checked: the check runs on; once it rests, a sale nothing was taken for is given up."""
        self._keep(
            await self._parts.journal.note(
                self.id, event="guest sent to the desk with the reference"
            ),
            publish=False,
        )
        self._cancel_payment.set()  # nobody is at the reader now: never leave it armed
        running = self._step
        if running is not None and not running[1].done():
            await asyncio.wait({running[1]})
        if self.state.is_final or self.view.payment_in_flight:
            return self.view
        return await self.abandon()

    async def recover(self) -> SaleView:
        """Settle a sale found unfinished in the journal (start-up, or a staff re-check)."""

        async def recover() -> SaleView:
            self._recovering = True
            return await self._do(Step.RECOVER)

        return await self._once("recover", recover)

    # ------------------------------------------------------------------ the guest's step bodies

    async def _identify(self, guest: Guest, *, returning: bool) -> SaleView:
        self._guest = guest
        self._returning = returning
        self._candidates.clear()
        if self.state is SaleState.GUEST_IDENTIFIED:
            self._keep(
                await self._parts.journal.note(self.id, event="guest changed", guest_id=guest.id)
            )
            return self.view
        return await self._move(SaleState.GUEST_IDENTIFIED, "guest identified", guest_id=guest.id)

    async def _create_invoice(self) -> Invoice:
        if self._invoice is not None:
            return self._invoice
        self._require("create the invoice", SaleState.TERMS_ACCEPTED)
        await self._move(SaleState.INVOICE_REQUESTED, "creating the invoice")
        try:
            invoice_id = await self._invoicing.create(self._record)
        except InvoiceNotMade as refused:
            if refused.code is None:
                await self._move(SaleState.TERMS_ACCEPTED, "invoice not created")
            else:
                detail = {"code": refused.code}
                await self._move(SaleState.TERMS_ACCEPTED, "invoice refused", detail=detail)
            raise
        # The invoice id is durable before anything else happens.
        self._keep(
            await self._parts.journal.note(self.id, event="invoice created", invoice_id=invoice_id),
            publish=False,
        )
        invoice = await self._invoicing.read(invoice_id)
        self._invoice = invoice
        await self._move(
            SaleState.INVOICE_READY,
            "invoice read back",
            amount=invoice.dues.balance.amount,
            currency=invoice.dues.balance.currency,
        )
        return invoice

    async def _pay_by_card(self) -> SaleView:
        if self._parts.terminal is None:
            raise MethodNotAllowed("no card reader is configured")
        self._require(
            "pay by card", SaleState.INVOICE_READY, SaleState.INTENT_CREATED, SaleState.DECLINED
        )
        self._cancel_payment.clear()
        self._problem = None
        outcome = await self._card().pay(self._record, self._due())
        self._card_last_four = outcome.card_last_four
        self._keep(outcome.record, outcome.problem, publish=False)
        return await self._do(Step.SETTLE)

    async def _pay_on_phone(self) -> SaleView:
        self._require("pay on the phone", SaleState.INVOICE_READY, SaleState.DECLINED)
        if self.state is SaleState.DECLINED:
            # The guest chose another way: the sale is choosing a method again, the phone's.
            await self._move(SaleState.INVOICE_READY, "another method", method=Method.PHONE.value)
        self._cancel_payment.clear()
        self._problem = None
        outcome = await self._phone().pay(self._record)
        if outcome.invoice is not None:
            self._invoice = outcome.invoice
        self._keep(outcome.record, outcome.problem, publish=False)
        return await self._do(Step.SETTLE)

    # ------------------------------------------------------------------ what the table says to do

    async def _do(self, step: Step) -> SaleView:
        """Run what ``behaviour`` says ``step`` does where the sale stands now."""
        action = behaviour(step, self.state, self._payment())
        if action is Do.REST and step in (Step.SETTLE, Step.RECONCILED):
            self._publish()  # a payment came to rest here: the guest sees where
        return await self._actions[action]()

    async def _rest(self) -> SaleView:
        return self.view

    async def _abandoned(self) -> SaleView:
        event = "found unfinished: guest gone" if self._recovering else "guest left"
        return await self._move(SaleState.ABANDONED, event, guest_id=None)

    async def _find_invoice(self) -> SaleView:
        """The invoice POST was written ahead: find what Zenoti made, then give it up."""
        record = self._record
        invoice_id = record.invoice_id or await self._invoicing.find_made_for(record.guest_id)
        if invoice_id is None:
            return await self._move(SaleState.ABANDONED, "no invoice was made", guest_id=None)
        invoice = await self._invoicing.read(invoice_id)
        self._invoice = invoice
        await self._move(
            SaleState.INVOICE_READY,
            "invoice found",
            invoice_id=invoice_id,
            amount=invoice.dues.balance.amount,
            currency=invoice.dues.balance.currency,
        )
        return await self._cancel()

    async def _cancel(self) -> SaleView:
        """Nothing more will be paid: take back what the payment left out, empty the invoice."""
        paid = await self._releases[RELEASE[self._payment()]]()
        if paid is not None:
            return paid  # the guest paid after all: money first, whatever the screen did
        self._keep(
            await self._parts.journal.note(
                self.id, event="removing the invoice items", pending_effect="remove_items"
            ),
            publish=False,
        )
        if not await self._invoicing.remove_own_items(self._record, self._invoice):
            return self.view  # recovery empties it later: the journal says which invoice
        return await self._move(
            SaleState.CANCELLED, "sale cancelled", pending_effect=None, guest_id=None
        )

    async def _finish(self) -> SaleView:
        """Money taken: the one settlement pipeline, then the guest's receipt. Never refunds."""
        finished = await self._parts.settlement.finish(
            self._record,
            self._payment_type(),
            read_first=self._recovering,
            paid_off=self._invoice is not None,
            completed_event="receipt",
            publish=self._publish_from,
        )
        if finished.invoice is not None:
            self._invoice = finished.invoice
        record = finished.record
        if record.state not in (SaleState.COMPLETED, SaleState.CARD_NEEDED):
            return self.view
        self._receipt = self._make_receipt(record, bool(finished.email_sent), finished.saved_card)
        self._keep(record, None)
        return self.view

    async def _recheck(self) -> SaleView:
        if self._record.payment_reference is not None:
            return await self._finish()  # money was taken: recording it is all that is left
        if self._payment() is Payment.CARD:
            return await self._reconcile_card()
        return self.view

    async def _reconcile_card(self) -> SaleView:
        if self.state in (SaleState.SENT, SaleState.AWAITING_CARD, SaleState.PROCESSING):
            # A restart lost sight of the reader: that is an unknown outcome, read back.
            await self._to_unknown("found unfinished after a restart")
        outcome = await self._card(guest_present=False).reconcile(self._record)
        self._keep(outcome.record, publish=False)
        return await self._do(Step.RECONCILED)

    async def _release_card(self) -> SaleView | None:
        settled = await self._card(guest_present=False).leave(self._record)
        if settled is not None:  # read back on the way: paid after all, or still to settle
            self._card_last_four = settled.card_last_four
            self._keep(settled.record, settled.problem, publish=False)
            return await self._do(Step.RECONCILED)
        if self.state is SaleState.AWAITING_CARD:
            await self._move(SaleState.INTENT_CREATED, "taken off the reader", publish=False)
        return None

    async def _check_phone(self) -> SaleView | None:
        paid = await self._phone().settle_after_crash(self._record)
        if paid.record.state is not SaleState.RECORDED:
            return None
        self._keep(paid.record, publish=False)
        return await self._finish()

    async def _nothing_to_release(self) -> SaleView | None:
        return None
