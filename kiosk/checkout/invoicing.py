"""A sale's Zenoti invoice: made once (a lost answer is found, never posted twice), read back for
its real totals, and emptied of the kiosk's own lines when the sale is given up.

Only Zenoti calls live here; the sale journals around them (ahead of the POST, the invoice id as
soon as it is known) and publishes.
"""

from __future__ import annotations

import logging
from datetime import datetime

from kiosk.checkout.errors import SaleError
from kiosk.checkout.journal import SaleRecord
from kiosk.checkout.settings import SaleSettings
from kiosk.checkout.view import Problem
from kiosk.domain.invoice import Invoice, InvoiceItem
from kiosk.zenoti.client import ZenotiClient
from kiosk.zenoti.errors import ZenotiError, ZenotiUnavailable, ZenotiUnknownOutcome

log = logging.getLogger("kiosk.checkout")


class InvoiceNotMade(SaleError):
    """Zenoti made no invoice (refused it, or nobody can find one after a lost answer)."""

    def __init__(self, message: str, problem: Problem | None, code: object | None) -> None:
        super().__init__(message, problem)
        self.code = code


class Invoicing:
    """Makes, reads and empties one center's membership invoices for the kiosk."""

    def __init__(self, zenoti: ZenotiClient, settings: SaleSettings) -> None:
        self._zenoti = zenoti
        self._settings = settings

    async def create(self, record: SaleRecord) -> str:
        """POST the membership invoice; after a lost answer, the invoice made for us, if any."""
        settings = self._settings
        guest_id = _need(record.guest_id)
        try:
            return await self._zenoti.create_membership_invoice(
                settings.center_id,
                guest_id,
                list(record.membership_ids),
                settings.kiosk_employee_id,
            )
        except ZenotiUnknownOutcome:
            found = await self.find_made_for(guest_id)
            if found is None:
                raise InvoiceNotMade(
                    "the invoice could not be confirmed", Problem.SERVICE_UNAVAILABLE, None
                ) from None
            return found
        except ZenotiError as error:
            problem = Problem.SERVICE_UNAVAILABLE if isinstance(error, ZenotiUnavailable) else None
            raise InvoiceNotMade(
                f"Zenoti refused the invoice ({error.code})", problem, error.code
            ) from error

    async def read(self, invoice_id: str) -> Invoice:
        """The invoice as Zenoti has it now; ``SaleError`` when it cannot be read."""
        try:
            return await self._zenoti.invoice(invoice_id)
        except ZenotiError as error:
            raise SaleError(
                "the invoice could not be read back", Problem.SERVICE_UNAVAILABLE
            ) from error

    async def find_made_for(self, guest_id: str | None) -> str | None:
        """After a lost answer: the newest open invoice the kiosk made for this guest."""
        try:
            invoices = await self._zenoti.open_invoices(self._settings.center_id)
        except ZenotiError:
            return None
        kiosk = self._settings.kiosk_employee_id
        mine = [
            summary
            for summary in invoices
            if summary.guest_id == guest_id and summary.sale_by_id in (None, kiosk)
        ]
        # Zenoti's dates are the center's local time: order by them, never compare with ours.
        mine.sort(key=lambda summary: (summary.date is not None, summary.date or datetime.min))
        return mine[-1].id if mine else None

    async def remove_own_items(self, record: SaleRecord, invoice: Invoice | None) -> bool:
        """Remove the lines this sale added; False if Zenoti could not be reached (retry later)."""
        invoice_id = _need(record.invoice_id)
        try:
            current = invoice or await self._zenoti.invoice(invoice_id)
            for item in own_items(record, current):
                await self._zenoti.remove_invoice_item(invoice_id, item.id, "guest left the kiosk")
        except ZenotiError as error:
            # Left for recovery: the journal still says which invoice to empty.
            log.info("invoice items not removed yet: %s %s", error.route, error.code)
            return False
        return True

    async def add_card_url(self, guest_id: str) -> str | None:
        """Zenoti's add-card page for a recurring membership's later cycles; None if not offered."""
        settings = self._settings
        try:
            # Zenoti's default ``source`` (1, WebStore): "kiosk" is not a value it documents.
            page = await self._zenoti.start_add_card(
                guest_id, settings.center_id, settings.redirect_uri
            )
        except ZenotiError as error:
            log.info("add-card page not offered: %s %s", error.route, error.code)
            return None
        return page.uri


def own_items(record: SaleRecord, invoice: Invoice) -> list[InvoiceItem]:
    """The lines this sale put on the invoice; a front desk's own lines are never removed."""
    kept = record.kept_item_ids
    if not kept:
        return list(invoice.items)
    sold = set(record.membership_ids)
    return [i for i in invoice.items if i.id not in kept and i.item_id in sold]


def _need(value: str | None) -> str:
    if value is None:
        raise ValueError("the sale lacks an id this step needs")
    return value
