"""Pay on your own phone: Zenoti's hosted card page, shown as a QR code, then the invoice is
watched until its balance is 0.

Zenoti's own processor takes the card and records the payment itself, so there is nothing for the
kiosk to record: a balance of 0 is RECORDED. Polls back off (the 60-per-minute budget is shared by
the whole business), and the wait has a deadline. A cancelled or timed-out wait reads the invoice
once more before giving up, because the guest may have paid a moment ago.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from kiosk.checkout.journal import Journal, SaleRecord
from kiosk.checkout.settings import SaleSettings
from kiosk.checkout.view import Problem
from kiosk.domain.invoice import Invoice
from kiosk.domain.sale import SaleState
from kiosk.zenoti.client import ZenotiClient
from kiosk.zenoti.errors import ZenotiError, ZenotiUnknownOutcome

log = logging.getLogger("kiosk.checkout")

Publish = Callable[[SaleRecord, Problem | None], Awaitable[None]]
ShowPage = Callable[[str], None]


@dataclass(frozen=True, slots=True)
class PhoneOutcome:
    """Where the phone payment came to rest."""

    record: SaleRecord
    problem: Problem | None = None
    invoice: Invoice | None = None


class PhonePayment:
    """Drives one sale's pay-on-phone wait."""

    def __init__(
        self,
        zenoti: ZenotiClient,
        journal: Journal,
        settings: SaleSettings,
        publish: Publish,
        show_page: ShowPage,
        cancel_requested: asyncio.Event,
    ) -> None:
        self._zenoti = zenoti
        self._journal = journal
        self._settings = settings
        self._publish = publish
        self._show_page = show_page
        self._cancel = cancel_requested

    async def pay(self, record: SaleRecord) -> PhoneOutcome:
        """Open the hosted page, show it, and wait for the invoice to be paid."""
        invoice_id = _invoice_id(record)
        record = await self._journal.note(
            record.id,
            event="opening the pay-on-phone page",
            pending_effect="online_payment",
            method="phone",
        )
        page = None
        for _ in range(2):  # a second hosted page is harmless: it is a page, not a payment
            try:
                page = await self._zenoti.start_online_payment(
                    invoice_id, self._settings.center_id, self._settings.redirect_uri
                )
                break
            except ZenotiUnknownOutcome:
                continue
            except ZenotiError as error:
                log.info("pay-on-phone page refused: %s %s", error.route, error.code)
                break
        if page is None:
            record = await self._journal.note(record.id, event="no phone page", pending_effect=None)
            await self._publish(record, Problem.SERVICE_UNAVAILABLE)
            return PhoneOutcome(record, Problem.SERVICE_UNAVAILABLE)
        self._show_page(page.uri)
        # Its own state and its own token: a hosted page is not a card reader's intent.
        record = await self._journal.transition(
            record.id,
            SaleState.AWAITING_PHONE,
            event="waiting for the phone payment",
            pending_effect=None,
            phone_token=page.token_id or page.uri,
        )
        await self._publish(record, None)
        return await self.wait(record)

    async def wait(self, record: SaleRecord) -> PhoneOutcome:
        """Poll the invoice with backoff until paid, cancelled, or past the deadline."""
        invoice_id = _invoice_id(record)
        deadlines = self._settings.deadlines
        deadline = time.monotonic() + deadlines.phone_payment
        delay = deadlines.poll_initial
        while True:
            stop = await self._sleep_or_cancel(min(delay, max(0.0, deadline - time.monotonic())))
            invoice = await self._read(invoice_id)
            if invoice is not None and invoice.is_fully_paid:
                return await self._paid(record, invoice)
            if stop or time.monotonic() >= deadline:
                problem = None if stop else Problem.PAYMENT_TIMED_OUT
                record = await self._journal.transition(
                    record.id,
                    SaleState.INVOICE_READY,
                    event="phone payment stopped: choose a method again",
                    phone_token=None,
                )
                await self._publish(record, problem)
                return PhoneOutcome(record, problem, invoice)
            delay = min(deadlines.poll_max, delay * 1.5)

    async def settle_after_crash(self, record: SaleRecord) -> PhoneOutcome:
        """Recovery: the wait was interrupted; the invoice alone says whether the guest paid."""
        invoice = await self._read(_invoice_id(record))
        if invoice is not None and invoice.is_fully_paid:
            return await self._paid(record, invoice)
        return PhoneOutcome(record, None, invoice)

    async def _paid(self, record: SaleRecord, invoice: Invoice) -> PhoneOutcome:
        newest = invoice.transactions[-1] if invoice.transactions else None
        reference = newest.id if newest is not None and newest.id else f"phone-{record.id}"
        record = await self._journal.transition(
            record.id,
            SaleState.RECORDED,
            event="paid on the phone",
            payment_reference=reference,
        )
        await self._publish(record, None)
        return PhoneOutcome(record, None, invoice)

    async def _read(self, invoice_id: str) -> Invoice | None:
        try:
            return await self._zenoti.invoice(invoice_id)
        except ZenotiError as error:
            log.info("invoice poll failed: %s %s", error.route, error.code)
            return None

    async def _sleep_or_cancel(self, seconds: float) -> bool:
        try:
            await asyncio.wait_for(self._cancel.wait(), timeout=seconds)
        except TimeoutError:
            return False
        return True


def _invoice_id(record: SaleRecord) -> str:
    if record.invoice_id is None:
        raise ValueError(f"sale {record.id} has no invoice to pay")
    return record.invoice_id
