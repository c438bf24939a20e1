"""What the guest takes away: the receipt of a finished sale."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from kiosk.domain.money import Money


@dataclass(frozen=True, slots=True)
class Receipt:
    """A finished sale as the receipt screen and the receipt QR show it.

    A recurring membership's later cycles bill a card saved with Zenoti's processor:
    ``card_saved`` says whether one is on file (the last four when the kiosk saw it saved).
    """

    sale_id: str
    invoice_id: str
    invoice_number: str | None
    receipt_number: str | None
    membership_names: tuple[str, ...]
    amount_paid: Money
    method: str
    paid_at: datetime
    receipt_url: str | None
    email_sent: bool
    recurring: bool
    card_last_four: str | None = None
    card_saved: bool = False
    saved_card_last_four: str | None = None
