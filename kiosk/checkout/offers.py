"""Offer codes on the review screen: Zenoti's media campaigns, applied to the sale's open invoice
(apply-a-media-campaign-offer-code-on-an-invoice), then the invoice read again for its totals.

A refusal is a reason the guest can be told in a sentence (``OfferRefusal``), never Zenoti's
code. Zenoti names no amount in its answer: the invoice read afterwards is the truth.
"""

from __future__ import annotations

import enum
import logging

from kiosk.checkout.errors import SaleError, zenoti_errors
from kiosk.checkout.view import Problem
from kiosk.domain.invoice import Invoice
from kiosk.domain.offer import OfferApplied
from kiosk.zenoti.client import ZenotiClient
from kiosk.zenoti.errors import (
    ZenotiError,
    ZenotiRateLimited,
    ZenotiUnavailable,
    ZenotiUnknownOutcome,
)

log = logging.getLogger("kiosk.checkout")

MAX_CODE_LENGTH = 40


class OfferRefusal(enum.Enum):
    """Why a code took nothing off, as the guest is told it."""

    NOT_FOUND = "not_found"  # no such code, or its campaign has ended (4017, 4027)
    NOT_FOR_THIS = "not_for_this"  # the code does not cover what is on the invoice (4025)
    ONE_ONLY = "one_only"  # a code is already applied (4024)
    USED_UP = "used_up"  # already used, or redeemed as often as it may be (4026, 4028)
    NOT_ACCEPTED = "not_accepted"  # anything else Zenoti refused


_REFUSALS = {
    4017: OfferRefusal.NOT_FOUND,
    4027: OfferRefusal.NOT_FOUND,
    4025: OfferRefusal.NOT_FOR_THIS,
    4024: OfferRefusal.ONE_ONLY,
    4026: OfferRefusal.USED_UP,
    4028: OfferRefusal.USED_UP,
}


class OfferRefused(SaleError):
    """Zenoti took nothing off for this code; ``refusal`` says why."""

    def __init__(self, refusal: OfferRefusal) -> None:
        super().__init__(f"offer code refused: {refusal.value}")
        self.refusal = refusal


def clean_code(typed: str) -> str:
    """The code as sent: what the guest typed, without spaces around it."""
    return typed.strip()


class OfferCodes:
    """Applies offer codes to one center's invoices."""

    def __init__(self, zenoti: ZenotiClient, center_id: str) -> None:
        self._zenoti = zenoti
        self._center_id = center_id

    async def apply(self, invoice_id: str, typed: str) -> OfferApplied | None:
        """Send the code; None when the answer was lost (then the invoice says what happened).
        ``OfferRefused`` when Zenoti refused it; nothing changed then, nor on any other error."""
        code = clean_code(typed)
        if not code or len(code) > MAX_CODE_LENGTH:
            raise OfferRefused(OfferRefusal.NOT_FOUND)
        with zenoti_errors("Zenoti cannot be reached", "Zenoti refused the offer code ({code})"):
            try:
                return await self._zenoti.apply_offer_code(invoice_id, self._center_id, code)
            except ZenotiUnknownOutcome:
                return None
            except (ZenotiUnavailable, ZenotiRateLimited):
                raise
            except ZenotiError as error:
                log.info("offer code refused: %s", error.code)
                number = error.code if isinstance(error.code, int) else 0
                raise OfferRefused(_REFUSALS.get(number, OfferRefusal.NOT_ACCEPTED)) from error

    async def read(self, invoice_id: str) -> Invoice:
        """The invoice as Zenoti has it now."""
        try:
            return await self._zenoti.invoice(invoice_id)
        except ZenotiError as error:
            raise SaleError(
                "the invoice could not be read back", Problem.SERVICE_UNAVAILABLE
            ) from error


def has_discount(invoice: Invoice) -> bool:
    """Whether any line carries a discount."""
    return any(not item.discount.is_zero for item in invoice.items)
