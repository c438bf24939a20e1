"""Invoices: dues, and finding our own payment again after an unknown outcome."""

from __future__ import annotations

from kiosk.domain.center import Employee
from kiosk.domain.invoice import Dues, Invoice, InvoiceTotals, Transaction
from kiosk.domain.money import Money


def _usd(text: str) -> Money:
    return Money.of(text, "USD")


def _transaction(reference: str | None, amount: str) -> Transaction:
    return Transaction(
        id="t",
        payment_type_id="pt",
        payment_mode="Custom",
        payment_name="Kiosk card",
        card_number=None,
        additional_data=reference,
        total_amount_paid=_usd(amount),
        amount_paid=_usd(amount),
        tip=Money.zero("USD"),
        paid_at=None,
    )


def _invoice(balance: str, transactions: tuple[Transaction, ...] = ()) -> Invoice:
    return Invoice(
        id="i1",
        number="IV1",
        receipt_number=None,
        is_closed=False,
        center_id="c",
        guest_id="g",
        date=None,
        items=(),
        totals=InvoiceTotals(_usd("89"), _usd("7.12"), _usd("0"), _usd("96.12")),
        dues=Dues(_usd("96.12"), _usd("96.12") - _usd(balance), _usd(balance)),
        transactions=transactions,
    )


def test_transaction_with_reference_finds_our_payment() -> None:
    invoice = _invoice("0", (_transaction("other", "10"), _transaction("pi_123", "86.12")))
    found = invoice.transaction_with_reference("pi_123")
    assert found is not None
    assert found.amount_paid == _usd("86.12")
    assert invoice.transaction_with_reference("pi_999") is None


def test_is_fully_paid_follows_the_balance() -> None:
    assert _invoice("0").is_fully_paid
    assert _invoice("-1").is_fully_paid
    assert not _invoice("0.01").is_fully_paid
    assert _invoice("5").balance == _usd("5")


def test_employee_name() -> None:
    assert Employee("e", "K", "Kiosk", "", None).name == "Kiosk"
