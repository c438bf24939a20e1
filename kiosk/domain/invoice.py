"""Invoices as Zenoti keeps them: lines, totals, dues and the payments recorded against them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from kiosk.domain.money import Money


@dataclass(frozen=True, slots=True)
class InvoiceItem:
    """One invoice line (``id`` is Zenoti's ``invoice_item_id``; ``item_id`` what was sold)."""

    id: str
    item_id: str | None
    name: str
    type: int | None
    code: str | None
    sales: Money
    tax: Money
    final: Money
    discount: Money
    quantity: int


@dataclass(frozen=True, slots=True)
class Transaction:
    """A payment recorded on an invoice; ``additional_data`` carries our terminal reference."""

    id: str | None
    payment_type_id: str | None
    payment_mode: str | None
    payment_name: str | None
    card_number: str | None
    additional_data: str | None
    total_amount_paid: Money
    amount_paid: Money
    tip: Money
    paid_at: datetime | None


@dataclass(frozen=True, slots=True)
class Dues:
    """What the invoice asks for, what has been paid, and what is left."""

    total: Money
    paid: Money
    balance: Money


@dataclass(frozen=True, slots=True)
class InvoiceTotals:
    """Zenoti's ``total_price``: net, tax, rounding and the grand total."""

    net: Money
    tax: Money
    rounding: Money
    sum_total: Money


@dataclass(frozen=True, slots=True)
class Invoice:
    """A Zenoti invoice read back with its items and transactions."""

    id: str
    number: str | None
    receipt_number: str | None
    is_closed: bool
    center_id: str | None
    guest_id: str | None
    date: datetime | None
    items: tuple[InvoiceItem, ...]
    totals: InvoiceTotals
    dues: Dues
    transactions: tuple[Transaction, ...]

    def transaction_with_reference(self, reference: str) -> Transaction | None:
        """The payment recorded with this ``additional_data`` (our terminal reference), if any."""
        return next((t for t in self.transactions if t.additional_data == reference), None)

    @property
    def is_fully_paid(self) -> bool:
        """Nothing left to pay (an overpaid invoice counts as paid)."""
        return self.dues.balance.amount <= 0

    @property
    def balance(self) -> Money:
        return self.dues.balance


@dataclass(frozen=True, slots=True)
class InvoiceSummary:
    """An invoice in a center's list of open invoices (for sweeping abandoned kiosk sales)."""

    id: str
    number: str | None
    date: datetime | None
    is_closed: bool
    guest_id: str | None
    sale_by_id: str | None
    total: Money | None
    balance: Money | None


@dataclass(frozen=True, slots=True)
class HostedPaymentPage:
    """Zenoti's hosted card page: show ``uri`` (e.g. as a QR code), then poll the invoice."""

    uri: str
    token_id: str | None


@dataclass(frozen=True, slots=True)
class PaymentRecorded:
    """What Zenoti answered when a payment taken elsewhere was recorded on an invoice."""

    payment_name: str | None
    additional_data: str | None
    total_amount_paid: Money
    amount_paid: Money
    tip: Money
