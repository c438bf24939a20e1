"""The offer-code step of a sale: on the review screen, before any payment, the guest (or staff)
enters a code; Zenoti takes it off the invoice and the sale pays the invoice's new balance.

Written ahead like every step: the amount to pay is cleared before the code goes to Zenoti (a
sale with no amount cannot be paid), then set from the invoice read afterwards — or, when Zenoti
certainly changed nothing, back to what it was.
"""

from __future__ import annotations

from kiosk.checkout.errors import SaleError, ServiceUnavailable
from kiosk.checkout.offers import OfferCodes, OfferRefusal, OfferRefused, has_discount
from kiosk.checkout.sale_core import SaleCore
from kiosk.checkout.view import SaleView
from kiosk.domain.sale import SaleState


class OfferCodeSteps(SaleCore):
    """Applying an offer code to the sale's invoice."""

    async def apply_offer_code(self, code: str) -> SaleView:
        """Apply ``code``; the view then has the new invoice and amount due. ``OfferRefused``
        says why a code took nothing off."""
        return await self._once("offer", lambda: self._apply_offer_code(code))

    async def _apply_offer_code(self, code: str) -> SaleView:
        self._require("apply an offer code", SaleState.INVOICE_READY)
        invoice_id = self._record.invoice_id
        if invoice_id is None:
            raise ValueError("a sale ready to pay has an invoice")
        offers = OfferCodes(self._parts.zenoti, self._parts.settings.center_id)
        before = self._record.amount
        journal = self._parts.journal
        self._keep(await journal.note(self.id, event="applying an offer code", amount=None))
        try:
            applied = await offers.apply(invoice_id, code)
        except SaleError:  # refused, or never sent: nothing changed
            self._keep(await journal.note(self.id, event="offer code refused", amount=before))
            raise
        invoice = await offers.read(invoice_id)  # unreadable: no amount, so nothing is paid yet
        self._invoice = invoice
        balance = invoice.dues.balance
        self._keep(
            await journal.note(
                self.id,
                event="invoice read again",
                amount=balance.amount,
                currency=balance.currency,
            )
        )
        if applied is None and not has_discount(invoice):
            raise ServiceUnavailable("the offer code could not be confirmed")
        if applied is not None and not applied.discount_applied:
            raise OfferRefused(OfferRefusal.NOT_FOR_THIS)
        return self.view
