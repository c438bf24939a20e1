"""What the sale journal holds: one sale's record, a line of its history, a consent — and the
columns a write may change. Plain data; the journal (journal.py) reads and writes them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from kiosk.domain.sale import SaleState

# Columns a transition may change, beside the state. Anything else is a bug in the caller.
SALE_FIELDS = (
    "center_id",
    "guest_id",
    "membership_ids",
    "invoice_id",
    "amount",
    "currency",
    "method",
    "attempt_key",
    "intent_id",
    "reader_id",
    "payment_reference",
    "pending_effect",
    "receipt_number",
    "email_sent",
    "needs_staff_reason",
    "recurring",
    "kept_item_ids",
    "payment_type_id",
    "phone_token",
)


@dataclass(frozen=True, slots=True)
class SaleRecord:
    """One sale as the journal holds it."""

    id: str
    state: SaleState
    created_at: datetime
    updated_at: datetime
    center_id: str
    membership_ids: tuple[str, ...]
    guest_id: str | None = None
    invoice_id: str | None = None
    amount: Decimal | None = None
    currency: str | None = None
    method: str | None = None
    attempt_key: str | None = None
    intent_id: str | None = None
    reader_id: str | None = None
    payment_reference: str | None = None
    pending_effect: str | None = None
    receipt_number: str | None = None
    email_sent: bool | None = None
    needs_staff_reason: str | None = None
    recurring: bool = False
    # Lines of a front-desk invoice that were there before the kiosk added its own: never removed.
    kept_item_ids: tuple[str, ...] = ()
    payment_type_id: str | None = None  # set when staff took the payment (else: from the method)
    phone_token: str | None = None  # the hosted pay-on-phone page's token (never a card intent)


@dataclass(frozen=True, slots=True)
class JournalEvent:
    """One line of a sale's history: a transition or an intended/finished side effect."""

    seq: int
    sale_id: str
    at: datetime
    state: SaleState
    event: str
    detail: Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class Consent:
    """What a guest agreed to for a recurring membership, and their signature."""

    sale_id: str
    text: str
    accepted_at: datetime
    signature_png: bytes | None
