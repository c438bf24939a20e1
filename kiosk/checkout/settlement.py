"""After the money is taken: record it in Zenoti exactly once, close at balance 0, email.

The rules this module keeps:
- a payment taken is recorded as a Zenoti custom payment carrying the terminal's reference in
  ``additional_data``; before any re-post the invoice's transactions are read, so the same payment
  is never recorded twice, whatever was lost on the way;
- if it still cannot be recorded, the sale goes to a person (NEEDS_STAFF) — never refunded;
- close only at balance 0, and only if Zenoti has not closed it already;
- the email is apart: a failed email never turns a paid sale into an error.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from kiosk.checkout.card_on_file import CardOnFile
from kiosk.checkout.journal import Journal, SaleRecord
from kiosk.checkout.settings import SaleSettings
from kiosk.checkout.view import Problem
from kiosk.domain.guest import SavedCard
from kiosk.domain.invoice import Invoice
from kiosk.domain.money import Money
from kiosk.domain.sale import SaleState
from kiosk.zenoti.client import ZenotiClient
from kiosk.zenoti.errors import (
    ErrorCode,
    ZenotiError,
    ZenotiUnavailable,
    ZenotiUnknownOutcome,
)

log = logging.getLogger("kiosk.checkout")

RECORD_EFFECT = "record_payment"
CLOSE_EFFECT = "close_invoice"

# Zenoti errors that say the call was not done and may work a moment later.
_TRANSIENT = (ZenotiUnavailable,)

Publish = Callable[[SaleRecord, Problem | None], Awaitable[None]]


@dataclass(frozen=True, slots=True)
class Closed:
    """The invoice is closed; its read-back, when the kiosk had to read it, carries the numbers."""

    record: SaleRecord
    invoice: Invoice | None


@dataclass(frozen=True, slots=True)
class Finished:
    """Where ``Settlement.finish`` left the sale: COMPLETED, CARD_NEEDED (paid; a recurring
    membership still needs a saved card), or NEEDS_STAFF with a reason."""

    record: SaleRecord
    invoice: Invoice | None  # the invoice as read on the way, when it had to be read
    email_sent: bool | None
    saved_card: SavedCard | None = None  # the card on file of a recurring membership


class Settlement:
    """Takes a sale from APPROVED to COMPLETED through Zenoti, or hands it to staff."""

    def __init__(
        self,
        zenoti: ZenotiClient,
        journal: Journal,
        settings: SaleSettings,
        *,
        email_waits: Callable[[str], bool] | None = None,
    ) -> None:
        self._zenoti = zenoti
        self._journal = journal
        self._settings = settings
        self.cards = CardOnFile(zenoti, journal, settings)
        # A guest at the kiosk chooses how to keep the receipt (kiosk.checkout.receipts).
        self._email_waits = email_waits or (lambda _sale_id: False)

    async def finish(
        self,
        record: SaleRecord,
        payment_type_id: str | None,
        *,
        read_first: bool,
        paid_off: bool,
        completed_event: str,
        publish: Publish | None = None,
    ) -> Finished:
        """The one pipeline after money is taken, for the guest's sale and for staff alike:
        record it once → close at 0 → email (apart) → COMPLETED (or CARD_NEEDED: a recurring
        membership without a saved card); or NEEDS_STAFF, never a refund.

        ``read_first``: a post may have gone out before (recovery, staff); ``paid_off``: the kiosk
        recorded exactly the balance it read in this sale, so the balance is 0 by arithmetic.
        ``publish`` hears every state on the way except COMPLETED, which the caller shows.
        """
        invoice: Invoice | None = None
        if record.state is SaleState.APPROVED or (
            record.state is SaleState.NEEDS_STAFF and record.payment_reference is not None
        ):
            if payment_type_id is None:
                raise ValueError("an approved payment needs its payment type to be recorded")
            record = await self.record_payment(
                record, _amount(record), payment_type_id, read_first=read_first
            )
            await _tell(publish, record)
        if record.state is SaleState.RECORDED:
            closed = await self.close(record, paid_off=paid_off and not read_first)
            record, invoice = closed.record, closed.invoice
            await _tell(publish, record)
        email_sent = record.email_sent
        card = None
        if record.state is SaleState.CLOSED:
            if email_sent is None and not self._email_waits(record.id):
                email_sent = await self.email(record)
            step = await self.cards.after_payment(record, completed_event)
            record, card = step.record, step.card
        return Finished(record, invoice, email_sent, card)

    async def record_payment(
        self, record: SaleRecord, amount: Money, payment_type_id: str, *, read_first: bool
    ) -> SaleRecord:
        """Post the approved payment once (rule 9). ``read_first`` when a post may have gone out."""
        invoice_id, reference = _require(record.invoice_id), _require(record.payment_reference)
        record = await self._journal.note(
            record.id, event="recording payment in Zenoti", pending_effect=RECORD_EFFECT
        )
        attempts = self._settings.deadlines.record_attempts
        last_error = "not tried"
        for attempt in range(attempts):
            if read_first or attempt > 0:
                found = await self._find_recorded(invoice_id, reference)
                if found is True:
                    return await self._recorded(record, "payment found on the invoice")
                if found is None and attempt > 0:
                    await asyncio.sleep(self._backoff(attempt))
                    continue
            try:
                await self._zenoti.add_custom_payment(
                    invoice_id,
                    amount=amount,
                    custom_payment_id=payment_type_id,
                    collected_by_id=self._settings.kiosk_employee_id,
                    additional_data=reference,
                )
            except ZenotiUnknownOutcome as error:
                last_error = error.message
                continue  # the next round reads the invoice before any re-post
            except _TRANSIENT as error:
                last_error = error.message
                await asyncio.sleep(self._backoff(attempt))
                continue
            except ZenotiError as error:
                # 460 (already paid) and 728 (closed) may mean *our* earlier post landed.
                landed_before = error.code in (
                    ErrorCode.ALREADY_PAID_IN_FULL,
                    ErrorCode.INVOICE_CLOSED,
                )
                if landed_before and await self._find_recorded(invoice_id, reference) is True:
                    return await self._recorded(record, "payment found on the invoice")
                return await self._needs_staff(
                    record, f"Zenoti refused the payment record ({error.code}): {error.message}"
                )
            return await self._recorded(record, "payment recorded in Zenoti")
        if await self._find_recorded(invoice_id, reference) is True:
            return await self._recorded(record, "payment found on the invoice")
        return await self._needs_staff(
            record, f"payment taken but not recorded in Zenoti after {attempts} tries: {last_error}"
        )

    async def close(self, record: SaleRecord, *, paid_off: bool) -> Closed:
        """Close at balance 0 (rule 10); ``paid_off`` only in a live sale that recorded exactly
        the balance it had read — else the invoice is read first."""
        invoice_id = _require(record.invoice_id)
        if not paid_off or self._settings.zenoti_auto_closes:
            invoice = await self._read(invoice_id)
            if invoice is None:
                return Closed(
                    await self._needs_staff(record, "cannot read the invoice to close it"), None
                )
            if invoice.is_closed:
                return Closed(await self._closed(record, invoice, "Zenoti had closed it"), invoice)
            if not invoice.dues.balance.is_zero:
                return Closed(
                    await self._needs_staff(
                        record, f"invoice balance is {invoice.dues.balance}, not 0: not closed"
                    ),
                    invoice,
                )
        record = await self._journal.note(
            record.id, event="closing the invoice", pending_effect=CLOSE_EFFECT
        )
        try:
            await self._zenoti.close_invoice(invoice_id, self._settings.kiosk_employee_id)
        except ZenotiError as error:
            # Auto-closed meanwhile, closed by a lost answer, or truly refused: the invoice says.
            invoice = await self._read(invoice_id)
            if invoice is not None and invoice.is_closed:
                return Closed(await self._closed(record, invoice, "invoice found closed"), invoice)
            return Closed(
                await self._needs_staff(
                    record, f"Zenoti would not close the invoice ({error.code}): {error.message}"
                ),
                invoice,
            )
        return Closed(await self._closed(record, None, "invoice closed"), None)

    async def email(self, record: SaleRecord) -> bool:
        """Ask Zenoti to email the invoice; never raises (rule 12). Returns whether it went out."""
        try:
            sent = await self._zenoti.email_invoice(_require(record.invoice_id))
        except ZenotiError as error:
            log.warning("receipt email not sent: %s %s", error.route, error.code)
            sent = False
        await self._journal.note(record.id, event="receipt email", email_sent=sent)
        return sent

    # ------------------------------------------------------------------ helpers

    async def _find_recorded(self, invoice_id: str, reference: str) -> bool | None:
        """True: our payment is on the invoice; False: it is not; None: cannot tell now."""
        invoice = await self._read(invoice_id)
        if invoice is None:
            return None
        return invoice.transaction_with_reference(reference) is not None

    async def _read(self, invoice_id: str) -> Invoice | None:
        try:
            return await self._zenoti.invoice(invoice_id)
        except ZenotiError as error:
            log.info("invoice read failed: %s %s", error.route, error.code)
            return None

    async def _recorded(self, record: SaleRecord, event: str) -> SaleRecord:
        return await self._journal.transition(
            record.id, SaleState.RECORDED, event=event, pending_effect=None
        )

    async def _closed(self, record: SaleRecord, invoice: Invoice | None, event: str) -> SaleRecord:
        receipt_number = invoice.receipt_number if invoice is not None else None
        return await self._journal.transition(
            record.id,
            SaleState.CLOSED,
            event=event,
            pending_effect=None,
            receipt_number=receipt_number,
        )

    async def _needs_staff(self, record: SaleRecord, reason: str) -> SaleRecord:
        log.error("sale %s needs staff: %s", record.id, reason)
        return await self._journal.transition(
            record.id,
            SaleState.NEEDS_STAFF,
            event="needs staff",
            detail={"reason": reason},
            needs_staff_reason=reason,
        )

    def _backoff(self, attempt: int) -> float:
        deadlines = self._settings.deadlines
        return float(min(deadlines.poll_max, deadlines.poll_initial * (2**attempt)))


async def _tell(publish: Publish | None, record: SaleRecord) -> None:
    if publish is not None:
        problem = Problem.PAID_NOT_RECORDED if record.state is SaleState.NEEDS_STAFF else None
        await publish(record, problem)


def _amount(record: SaleRecord) -> Money:
    if record.amount is None or record.currency is None:
        raise ValueError("the journal holds no amount for this payment")
    return Money(record.amount, record.currency)


def _require(value: str | None) -> str:
    if value is None:
        raise ValueError("the journal lacks an id this step needs")
    return value
