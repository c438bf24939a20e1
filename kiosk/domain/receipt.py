"""What the guest takes away: the receipt of a finished sale."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from kiosk.domain.money import Money


@dataclass(frozen=True, slots=True)
class Receipt:
    """A finished sale as the receipt screen and the receipt QR show it.

    ``add_card_url`` is set for a recurring membership: later cycles bill a card saved with
    Zenoti's processor, so the guest is offered that page.
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
    add_card_url: str | None = None
    card_last_four: str | None = None
