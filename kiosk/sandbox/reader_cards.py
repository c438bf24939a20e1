"""Stripe's test card numbers for card-present payments, and what each one does.

Any other number declines the way Stripe test mode treats a real card (``test_mode_live_card``).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CardOutcome:
    """What the processor answers for a presented card: approval, or a decline with its codes."""

    approved: bool
    code: str | None = None  # last_payment_error.code, e.g. card_declined, expired_card
    decline_code: str | None = None
    message: str | None = None


APPROVE = CardOutcome(approved=True)
_GENERIC = CardOutcome(False, "card_declined", "generic_decline", "Your card was declined.")

TEST_CARDS: dict[str, CardOutcome] = {
    "4242424242424242": APPROVE,
    "4000056655665556": APPROVE,  # Visa debit
    "5555555555554444": APPROVE,
    "2223003122003222": APPROVE,
    "5200828282828210": APPROVE,  # Mastercard debit
    "378282246310005": APPROVE,
    "6011111111111117": APPROVE,
    "3056930009020004": APPROVE,
    "3566002020360505": APPROVE,
    "6200000000000005": APPROVE,
    "4000000000000002": _GENERIC,
    "4000000000009995": CardOutcome(
        False, "card_declined", "insufficient_funds", "Your card has insufficient funds."
    ),
    "4000000000009987": CardOutcome(False, "card_declined", "lost_card", "Your card was declined."),
    "4000000000009979": CardOutcome(
        False, "card_declined", "stolen_card", "Your card was declined."
    ),
    "4000000000000069": CardOutcome(
        False, "expired_card", "expired_card", "Your card has expired."
    ),
    "4000000000000119": CardOutcome(
        False,
        "processing_error",
        "processing_error",
        "An error occurred while processing your card. Try again in a little bit.",
    ),
}

_LIVE_CARD = CardOutcome(
    False,
    "card_declined",
    "test_mode_live_card",
    "Your card was declined. Your request was in test mode, but used a non test card.",
)

DEFAULT_TEST_CARD = "4242424242424242"


def outcome_of(number: str) -> CardOutcome:
    """The processor's answer for a presented test card."""
    return TEST_CARDS.get(number, _LIVE_CARD)


def brand_of(number: str) -> str:
    """The card network, by the number's leading digits (Stripe's lower-case brand names)."""
    if number.startswith("4"):
        return "visa"
    if number[:2] in {"34", "37"}:
        return "amex"
    if number[:2] in {"51", "52", "53", "54", "55"} or "2221" <= number[:4] <= "2720":
        return "mastercard"
    if number.startswith(("6011", "65", "644", "645", "646", "647", "648", "649")):
        return "discover"
    if number.startswith(("300", "301", "302", "303", "304", "305", "36", "38")):
        return "diners"
    if number.startswith("35"):
        return "jcb"
    if number.startswith("62"):
        return "unionpay"
    return "unknown"
