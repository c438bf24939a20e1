"""A sale's Zenoti invoice: made once (a lost answer is found, never posted twice), read back for
its real totals, and emptied of the kiosk's own lines when the sale is given up.

Only Zenoti calls live here; the sale journals around them (ahead of the POST, the invoice id as
soon as it is known) and publishes.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from kiosk.checkout.errors import SaleError, zenoti_errors
from kiosk.checkout.journal import SaleRecord
from kiosk.checkout.settings import SaleSettings
from kiosk.checkout.view import Problem
from kiosk.domain.invoice import Invoice, InvoiceItem
from kiosk.zenoti.client import ZenotiClient
from kiosk.zenoti.errors import ZenotiError, ZenotiUnknownOutcome

log = logging.getLogger("kiosk.checkout")

_UNREADABLE = "the invoice could not be read back"


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
        with zenoti_errors(_not_made(Problem.SERVICE_UNAVAILABLE), _not_made(None)):
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

    async def read(self, invoice_id: str) -> Invoice:
        """The invoice as Zenoti has it now; ``SaleError`` when it cannot be read."""
        with zenoti_errors(
            _UNREADABLE, lambda _: SaleError(_UNREADABLE, Problem.SERVICE_UNAVAILABLE)
        ):
            return await self._zenoti.invoice(invoice_id)

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


def _not_made(problem: Problem | None) -> Callable[[ZenotiError], SaleError]:
    """An invoice Zenoti did not make, told with ``problem`` (and Zenoti's code)."""

    def say(error: ZenotiError) -> SaleError:
        return InvoiceNotMade(f"Zenoti refused the invoice ({error.code})", problem, error.code)

    return say


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
