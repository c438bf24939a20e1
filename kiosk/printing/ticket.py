"""What a printed receipt says, gathered from a finished sale: the business, the membership, the
amounts, the invoice number, the next payment of a recurring membership, the receipt's address.

Printed tickets are in the business's own words (English): a thermal printer's code pages carry
no Arabic shaping, and the guest's language is on the screen and in the email.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from kiosk.domain.catalog import Membership
from kiosk.domain.invoice import Invoice
from kiosk.domain.money import Money
from kiosk.domain.receipt import Receipt

SYMBOLS = {"USD": "$", "CAD": "$", "AUD": "$", "EUR": "€", "GBP": "£"}
METHODS = {
    "card": "Card",
    "phone": "Card, on the guest's phone",
    "cash": "Cash",
}


@dataclass(frozen=True, slots=True)
class Business:
    """Whose receipt it is: the name at the top and, when configured, the logo above it."""

    name: str
    logo: Path | None = None


@dataclass(frozen=True, slots=True)
class Line:
    """One row of amounts: a name on the left, an amount on the right."""

    name: str
    amount: Money
    minus: bool = False  # a discount


@dataclass(frozen=True, slots=True)
class NextPayment:
    """When a recurring membership charges next, and how much."""

    membership: str
    on: date
    amount: Money | None
    every: str


@dataclass(frozen=True, slots=True)
class Ticket:
    """One printed receipt."""

    business: Business
    memberships: tuple[str, ...]
    lines: tuple[Line, ...]
    totals: tuple[Line, ...]
    paid: Money
    method: str
    paid_at: datetime
    invoice_number: str | None
    receipt_number: str | None
    next_payments: tuple[NextPayment, ...]
    receipt_url: str | None
    copy: bool = False  # a reprint says so


def paper_amount(money: Money) -> str:
    """``$1,234.50``: the amount as a receipt prints it, in characters every code page has."""
    figure = f"{money.quantized().amount:,}"
    symbol = SYMBOLS.get(money.currency)
    return f"{symbol}{figure}" if symbol else f"{figure} {money.currency}"


def ticket_for(
    business: Business,
    receipt: Receipt,
    invoice: Invoice | None,
    memberships: Iterable[Membership],
    *,
    copy: bool = False,
) -> Ticket:
    """The ticket of a finished sale: the invoice's own lines and totals when it was read."""
    lines: list[Line] = []
    totals: list[Line] = []
    if invoice is not None:
        for item in invoice.items:
            name = item.name if item.quantity <= 1 else f"{item.quantity} x {item.name}"
            lines.append(Line(name, item.sales))
            if not item.discount.is_zero:
                lines.append(Line("Discount", item.discount, minus=True))
        totals += [
            Line("Subtotal", invoice.totals.net),
            Line("Tax", invoice.totals.tax),
            Line("Total", invoice.totals.sum_total),
        ]
    paid_on = receipt.paid_at.astimezone().date()
    return Ticket(
        business=business,
        memberships=receipt.membership_names,
        lines=tuple(lines),
        totals=tuple(totals),
        paid=receipt.amount_paid,
        method=method_words(receipt),
        paid_at=receipt.paid_at,
        invoice_number=receipt.invoice_number,
        receipt_number=receipt.receipt_number,
        next_payments=tuple(next_payments(memberships, paid_on)),
        receipt_url=receipt.receipt_url,
        copy=copy,
    )


def method_words(receipt: Receipt) -> str:
    """How it was paid, as the ticket says it."""
    words = METHODS.get(receipt.method, "Paid at the front desk")
    if receipt.method == "card" and receipt.card_last_four:
        return f"{words} **** {receipt.card_last_four}"
    return words


def next_payments(memberships: Iterable[Membership], paid_on: date) -> list[NextPayment]:
    """The first repeating charge of each recurring membership: the day of the sale plus
    Zenoti's first-collection delay (the same day the terms named)."""
    return [
        NextPayment(
            membership=m.title,
            on=paid_on + timedelta(days=m.first_collection_after_days or 0),
            amount=m.recurring_amount,
            every=str(m.billing_frequency) if m.billing_frequency else "",
        )
        for m in memberships
        if m.is_recurring
    ]
