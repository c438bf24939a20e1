"""The reconciliation's rules on plain data: the cases the sandbox run does not produce
(hand payments, an unreadable invoice, a reader payment no sale owns, a cancelled sale)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime
from decimal import Decimal

from kiosk.checkout.journal import SaleRecord
from kiosk.checkout.reconcile import Category, reconcile
from kiosk.domain.invoice import Dues, Invoice, InvoiceItem, InvoiceTotals, Transaction
from kiosk.domain.money import Money
from kiosk.domain.sale import SaleState
from kiosk.payments.terminal import ReaderPayment

DAY = date(2025, 3, 1)
AT = datetime(2025, 3, 1, 15, tzinfo=UTC)
CARD, CASH = "type-card", "type-cash"


def usd(amount: str) -> Money:
    return Money(Decimal(amount), "USD")


def sale(sale_id: str, state: SaleState, **fields: object) -> SaleRecord:
    base: dict[str, object] = {"invoice_id": f"inv-{sale_id}", "amount": Decimal(50)}
    return SaleRecord(sale_id, state, AT, AT, "c", ("m",), currency="USD", **(base | fields))  # type: ignore[arg-type]


def invoice(invoice_id: str, *, paid: list[tuple[str, str]], items: int = 1) -> Invoice:
    zero = usd("0")
    transactions = tuple(
        Transaction("t", type_id, "custom", None, None, ref, usd("50"), usd("50"), zero, AT)
        for type_id, ref in paid
    )
    line = InvoiceItem("line", "m", "Serenity", 4, "S3", usd("50"), zero, usd("50"), zero, 1)
    balance = usd("0") if paid else usd("50")
    return Invoice(
        invoice_id,
        "SPA1",
        None,
        bool(paid),
        "c",
        "g",
        AT,
        (line,) * items,
        InvoiceTotals(usd("50"), zero, zero, usd("50")),
        Dues(usd("50"), usd("50") - balance, balance),
        transactions,
    )


def payment(intent_id: str, sale_id: str | None) -> ReaderPayment:
    return ReaderPayment(intent_id, "succeeded", usd("50"), usd("50"), AT, sale_id)


def categories(
    *,
    sales: Sequence[SaleRecord],
    invoices: Mapping[str, Invoice | None],
    payments: Sequence[ReaderPayment] = (),
) -> dict[str | None, str]:
    result = reconcile(
        DAY, sales, payments, invoices, (), card_payment_type=CARD, kiosk_employee_id="k"
    )
    return {row.sale_id or row.intent_id: row.category.value for row in result.rows}


def test_a_hand_payment_matches_only_when_zenoti_has_its_reference() -> None:
    recorded = sale("a", SaleState.COMPLETED, method="cash", payment_reference="kiosk-cash-a")
    missing = sale("b", SaleState.NEEDS_STAFF, method="other", payment_reference="kiosk-staff-b")
    found = categories(
        sales=[recorded, missing],
        invoices={
            "inv-a": invoice("inv-a", paid=[(CASH, "kiosk-cash-a")]),
            "inv-b": invoice("inv-b", paid=[]),
        },
    )
    assert found == {"a": "matched", "b": Category.PAID_NOT_RECORDED.value}


def test_an_invoice_zenoti_would_not_show_is_not_called_matched() -> None:
    found = categories(
        sales=[sale("a", SaleState.COMPLETED, method="card")], invoices={"inv-a": None}
    )
    assert found == {"a": Category.NOT_CHECKED.value}


def test_a_reader_payment_no_sale_owns_is_money_not_recorded() -> None:
    found = categories(sales=[], payments=[payment("pi_1", None)], invoices={})
    assert found == {"pi_1": Category.PAID_NOT_RECORDED.value}


def test_a_cancelled_sale_with_its_lines_removed_matches_and_with_lines_left_does_not() -> None:
    emptied = sale("a", SaleState.CANCELLED)
    left = sale("b", SaleState.CANCELLED)
    found = categories(
        sales=[emptied, left],
        invoices={
            "inv-a": invoice("inv-a", paid=[], items=0),
            "inv-b": invoice("inv-b", paid=[]),
        },
    )
    assert found == {"a": "matched", "b": Category.OPEN_INVOICE.value}


def test_a_sale_that_never_reached_an_invoice_is_not_listed() -> None:
    assert categories(sales=[sale("a", SaleState.ABANDONED, invoice_id=None)], invoices={}) == {}


def test_the_csv_has_a_header_and_plain_amounts() -> None:
    result = reconcile(
        DAY,
        [sale("a", SaleState.COMPLETED, method="card", intent_id="pi_1")],
        [payment("pi_1", "a")],
        {"inv-a": invoice("inv-a", paid=[(CARD, "pi_1")])},
        (),
        card_payment_type=CARD,
        kiosk_employee_id="k",
    )
    assert result.all_matched
    assert result.to_csv().splitlines() == [
        "category,sale_id,invoice_number,invoice_id,amount,currency,method,reader_intent,explanation",
        "matched,a,SPA1,inv-a,50.00,USD,card,pi_1,the reader's payment is recorded on the invoice",
    ]
