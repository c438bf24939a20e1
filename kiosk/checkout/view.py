"""What the sale engine publishes after every change: everything a screen needs, nothing more.

A view holds no guest's name, phone or email in clear: only the masked forms a public screen may
show, and the first name alone (the greeting a returning guest is given). It is a snapshot; the
engine publishes a new one for every journalled change.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from kiosk.domain.catalog import Membership
from kiosk.domain.invoice import Invoice
from kiosk.domain.money import Money
from kiosk.domain.receipt import Receipt
from kiosk.domain.sale import SaleState


class Problem(enum.Enum):
    """Something the guest should hear about, in a sentence the UI owns (never a raw code)."""

    CARD_DECLINED = "card_declined"
    INSUFFICIENT_FUNDS = "insufficient_funds"
    CARD_EXPIRED = "card_expired"
    INCORRECT_PIN = "incorrect_pin"
    CARD_NOT_SUPPORTED = "card_not_supported"
    CARD_READ_ERROR = "card_read_error"
    READER_OFFLINE = "reader_offline"
    READER_BUSY = "reader_busy"
    CANNOT_CANCEL_NOW = "cannot_cancel_now"  # the card is being authorised
    PAYMENT_TIMED_OUT = "payment_timed_out"  # nobody presented a card before the deadline
    SERVICE_UNAVAILABLE = "service_unavailable"  # Zenoti or the processor cannot be reached
    PAYMENT_UNCONFIRMED = "payment_unconfirmed"  # staff must check whether money was taken
    PAID_NOT_RECORDED = "paid_not_recorded"  # money taken; staff will finish the membership


class Method(enum.Enum):
    """How a sale is paid."""

    CARD = "card"
    PHONE = "phone"
    CASH = "cash"
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class GuestCandidate:
    """A guest a search found, as a public screen may show them (masked)."""

    guest_id: str
    masked_name: str
    masked_phone: str | None
    masked_email: str | None


@dataclass(frozen=True, slots=True)
class SaleView:
    """One published snapshot of a sale."""

    sale_id: str
    state: SaleState
    memberships: tuple[Membership, ...]
    guest_masked_name: str | None = None
    guest_first_name: str | None = None  # alone, for a greeting; never with the rest of the name
    returning_guest: bool = False  # matched to a guest Zenoti already had (not registered now)
    invoice: Invoice | None = None
    amount_due: Money | None = None
    method: Method | None = None
    phone_payment_uri: str | None = None
    add_card_uri: str | None = None  # Zenoti's add-card page, while the guest is shown it
    problem: Problem | None = None
    receipt: Receipt | None = None
    needs_staff_reason: str | None = None

    @property
    def payment_in_flight(self) -> bool:
        """The idle reset must wait: a card may be on the reader or a phone payment under way."""
        return self.state.payment_in_flight

    @property
    def can_cancel_payment(self) -> bool:
        """Cancelling still makes sense (a card being authorised cannot be cancelled)."""
        return self.state in (SaleState.SENT, SaleState.AWAITING_CARD, SaleState.AWAITING_PHONE)
