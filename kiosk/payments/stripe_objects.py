"""Stripe's objects read into the terminal's words: a decline's reason, a card's brand and last
four, a listed PaymentIntent, an amount in minor units. Pure functions, no I/O.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from kiosk.domain.money import Money, minor_unit_exponent
from kiosk.payments.stripe_http import JsonObject
from kiosk.payments.terminal import DeclineReason, ReaderPayment

# Stripe's decline and error codes, sorted into what a guest can act on. Anything not listed is a
# plain "declined": the guest never sees a raw code (rule 6).
_DECLINE_REASONS: Mapping[str, DeclineReason] = {
    "insufficient_funds": DeclineReason.INSUFFICIENT_FUNDS,
    "withdrawal_count_limit_exceeded": DeclineReason.INSUFFICIENT_FUNDS,
    "card_velocity_exceeded": DeclineReason.INSUFFICIENT_FUNDS,
    "expired_card": DeclineReason.EXPIRED_CARD,
    "incorrect_pin": DeclineReason.INCORRECT_PIN,
    "invalid_pin": DeclineReason.INCORRECT_PIN,
    "pin_try_exceeded": DeclineReason.INCORRECT_PIN,
    "offline_pin_required": DeclineReason.INCORRECT_PIN,
    "online_or_offline_pin_required": DeclineReason.INCORRECT_PIN,
    "card_not_supported": DeclineReason.CARD_NOT_SUPPORTED,
    "currency_not_supported": DeclineReason.CARD_NOT_SUPPORTED,
    "transaction_not_allowed": DeclineReason.CARD_NOT_SUPPORTED,
    "processing_error": DeclineReason.READ_ERROR,
    "incorrect_number": DeclineReason.READ_ERROR,
    "invalid_number": DeclineReason.READ_ERROR,
}


def decline_reason(error: Mapping[str, Any]) -> DeclineReason:
    """The guest-facing category of a ``last_payment_error`` (decline_code first: it is finer)."""
    for key in ("decline_code", "code"):
        reason = _DECLINE_REASONS.get(str(error.get(key) or ""))
        if reason is not None:
            return reason
    return DeclineReason.DECLINED


def object_id(value: Any) -> str | None:
    """Stripe gives a related object as its id, or as the object when expanded."""
    if isinstance(value, dict):
        value = value.get("id")
    return value if isinstance(value, str) else None


def card_of(payment_method: Any) -> tuple[str | None, str | None]:
    """Brand and last four digits from an expanded ``card_present`` PaymentMethod, when given."""
    if not isinstance(payment_method, dict):
        return None, None
    card = payment_method.get("card_present")
    if not isinstance(card, dict):
        return None, None
    brand, last4 = card.get("brand"), card.get("last4")
    return (
        brand if isinstance(brand, str) else None,
        last4 if isinstance(last4, str) else None,
    )


def reader_payment(intent: JsonObject) -> ReaderPayment:
    currency = str(intent.get("currency") or "").upper()
    metadata = intent.get("metadata")
    sale_id = metadata.get("sale_id") if isinstance(metadata, dict) else None
    return ReaderPayment(
        intent_id=str(intent.get("id")),
        status=str(intent.get("status")),
        amount=money_from_minor(int(intent.get("amount") or 0), currency),
        received=money_from_minor(int(intent.get("amount_received") or 0), currency),
        created=datetime.fromtimestamp(int(intent.get("created") or 0), UTC),
        sale_id=sale_id if isinstance(sale_id, str) else None,
    )


def money_from_minor(minor: int, currency: str) -> Money:
    return Money(Decimal(minor).scaleb(-minor_unit_exponent(currency)), currency)
