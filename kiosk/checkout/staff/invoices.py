"""Selling onto an invoice the front desk already opened (staff mode, tablet).

Zenoti bills a recurring membership on its own invoice, so the kiosk says so *before* asking
Zenoti: several memberships with a recurring one are refused from the catalogue alone, and a
recurring one onto an invoice that already has lines is refused from the open-invoice listing
(or, if the invoice was not listed, from one read of it) — never by trying the PUT and failing.

The lines that were on the invoice before are journalled ahead of the PUT, so that giving the
sale up — now, or in recovery after a crash — removes only what the kiosk added.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime

from kiosk.checkout.catalogue import chosen_memberships
from kiosk.checkout.errors import SaleError, ServiceUnavailable, zenoti_errors
from kiosk.checkout.sale import Sale, SaleParts
from kiosk.domain.catalog import Catalog
from kiosk.domain.invoice import Invoice, InvoiceSummary
from kiosk.domain.sale import SaleState
from kiosk.zenoti.errors import ZenotiError, ZenotiUnknownOutcome

ALONE_ON_ITS_INVOICE = "a recurring membership must be alone on its invoice"


class OpenInvoiceSales:
    """Lists a center's open invoices and starts sales that add memberships to one."""

    def __init__(self, parts: SaleParts, catalogue: Callable[[], Awaitable[Catalog]]) -> None:
        self._parts = parts
        self._catalogue = catalogue
        self._listed: dict[str, InvoiceSummary] = {}

    async def open_invoices(self) -> list[InvoiceSummary]:
        """The center's open invoices, newest first (Zenoti's local dates; undated last)."""
        with zenoti_errors(
            "the open invoices could not be read", "Zenoti refused the open invoices ({code})"
        ):
            found = await self._parts.zenoti.open_invoices(self._parts.settings.center_id)
        found.sort(key=lambda s: (s.date is not None, s.date or datetime.min), reverse=True)
        self._listed = {summary.id: summary for summary in found}
        return found

    async def start_sale(
        self, who: str, invoice_id: str, guest_id: str, membership_ids: Sequence[str]
    ) -> Sale:
        """Add the memberships to the open invoice; the Sale then pays the invoice's balance."""
        memberships = chosen_memberships(
            await self._catalogue(), membership_ids, alone=ALONE_ON_ITS_INVOICE
        )
        recurring = any(m.is_recurring for m in memberships)
        listed = self._listed.get(invoice_id)
        if recurring and listed is not None and listed.total and not listed.total.is_zero:
            raise SaleError(ALONE_ON_ITS_INVOICE)
        before = await self._read(invoice_id)
        if recurring and before.items:
            raise SaleError(ALONE_ON_ITS_INVOICE)
        if before.is_closed:
            raise SaleError("that invoice is closed already")
        if before.guest_id not in (None, guest_id):
            raise SaleError("that invoice is another guest's")
        journal, settings = self._parts.journal, self._parts.settings
        record = await journal.begin_sale(
            uuid.uuid4().hex, settings.center_id, [m.id for m in memberships], recurring=recurring
        )
        sale_id = record.id
        # One hop, the one that happened: guest and terms are the front desk's, and the lines
        # already on the invoice are durable before the PUT.
        await journal.transition(
            sale_id,
            SaleState.INVOICE_REQUESTED,
            event="adding to an open invoice",
            detail={"who": who, "terms": "taken at the front desk"},
            guest_id=guest_id,
            invoice_id=invoice_id,
            kept_item_ids=[item.id for item in before.items],
        )
        await journal.audit(
            who,
            "added memberships to an open invoice",
            sale_id=sale_id,
            detail={"invoice_id": invoice_id, "memberships": len(memberships)},
        )
        try:
            await self._parts.zenoti.add_memberships_to_invoice(
                invoice_id,
                settings.center_id,
                guest_id,
                [m.id for m in memberships],
                settings.kiosk_employee_id,
            )
        except ZenotiUnknownOutcome:
            pass  # the read-back below says whether the lines are there
        except ZenotiError as error:
            await journal.transition(
                sale_id,
                SaleState.ABANDONED,
                event="Zenoti refused the memberships",
                detail={"code": error.code},
                guest_id=None,
            )
            raise SaleError(f"Zenoti refused to add the memberships ({error.code})") from error
        after = await self._read(invoice_id)
        kept = {item.id for item in before.items}
        if not any(item.id not in kept for item in after.items):
            await journal.transition(
                sale_id, SaleState.ABANDONED, event="the memberships did not appear", guest_id=None
            )
            raise ServiceUnavailable("Zenoti did not confirm the memberships on the invoice")
        record = await journal.transition(
            sale_id,
            SaleState.INVOICE_READY,
            event="invoice read back",
            amount=after.dues.balance.amount,
            currency=after.dues.balance.currency,
        )
        return Sale(self._parts, record, memberships, after)

    async def _read(self, invoice_id: str) -> Invoice:
        with zenoti_errors("the invoice could not be read", "Zenoti refused the invoice ({code})"):
            return await self._parts.zenoti.invoice(invoice_id)
