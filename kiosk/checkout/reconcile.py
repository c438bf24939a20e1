"""End of day: what the journal, the reader and Zenoti each say about one day's sales — compared.

Pure comparison, no I/O: ``reconcile_reading`` fetches the three accounts and hands them here, so
every rule below is testable on plain data. The rules, in the words the business reads them:

- matched: the money the reader (or staff, by hand) took is recorded on the sale's invoice;
- paid-but-not-recorded: money was taken, and Zenoti has no payment carrying its reference;
- recorded-but-not-paid: Zenoti holds a card-terminal payment the reader never took;
- open-invoice-left-by-kiosk: an invoice the kiosk sold on is still open with lines on it — the
  day's own, and any the kiosk left open on an earlier day, since those are still to be dealt with;
- could-not-check: Zenoti would not show the invoice, so nothing could be compared;
- card-needed: a recurring membership is paid, but no card is saved with Zenoti's processor for
  its later payments — ask the guest to save one (listed beside the sale's money row).
"""

from __future__ import annotations

import csv
import enum
import io
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from kiosk.checkout.journal import SaleRecord
from kiosk.checkout.view import Method
from kiosk.domain.invoice import Invoice, InvoiceSummary, Transaction
from kiosk.domain.money import Money
from kiosk.domain.sale import SaleState
from kiosk.payments.terminal import ReaderPayment


class Category(enum.Enum):
    MATCHED = "matched"
    PAID_NOT_RECORDED = "paid-but-not-recorded"
    RECORDED_NOT_PAID = "recorded-but-not-paid"
    OPEN_INVOICE = "open-invoice-left-by-kiosk"
    NOT_CHECKED = "could-not-check"
    CARD_NEEDED = "card-needed"


@dataclass(frozen=True, slots=True)
class Row:
    """One line of the end-of-day table."""

    category: Category
    explanation: str
    sale_id: str | None = None
    invoice_id: str | None = None
    invoice_number: str | None = None
    amount: Money | None = None
    method: str | None = None
    intent_id: str | None = None


CSV_COLUMNS = (
    "category",
    "sale_id",
    "invoice_number",
    "invoice_id",
    "amount",
    "currency",
    "method",
    "reader_intent",
    "explanation",
)


@dataclass(frozen=True, slots=True)
class Reconciliation:
    """The day's rows, and how many fall in each category."""

    day: date
    rows: tuple[Row, ...]

    @property
    def counts(self) -> Counter[str]:
        return Counter(row.category.value for row in self.rows)

    @property
    def all_matched(self) -> bool:
        return all(row.category is Category.MATCHED for row in self.rows)

    def to_csv(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(CSV_COLUMNS)
        for row in self.rows:
            amount = row.amount
            writer.writerow(
                (
                    row.category.value,
                    row.sale_id or "",
                    row.invoice_number or "",
                    row.invoice_id or "",
                    "" if amount is None else str(amount.quantized().amount),
                    "" if amount is None else amount.currency,
                    row.method or "",
                    row.intent_id or "",
                    row.explanation,
                )
            )
        return out.getvalue()


_HAND_METHODS = (Method.CASH.value, Method.OTHER.value)


def reconcile(
    day: date,
    sales: Sequence[SaleRecord],
    payments: Sequence[ReaderPayment],
    invoices: Mapping[str, Invoice | None],
    open_invoices: Sequence[InvoiceSummary],
    *,
    card_payment_type: str,
    kiosk_employee_id: str,
) -> Reconciliation:
    """Compare one day's three accounts (``invoices``: each invoice the journal names; None if
    Zenoti would not show it; ``open_invoices``: the center's open ones)."""
    taken = {p.intent_id: p for p in payments if p.succeeded}
    rows: list[Row] = []
    claimed: set[str] = set()  # reader intents some sale accounts for
    for sale in sales:
        if sale.invoice_id is None:
            continue  # left before an invoice existed: nothing to compare
        mine = [p for p in taken.values() if sale.id == p.sale_id or p.intent_id == sale.intent_id]
        claimed.update(p.intent_id for p in mine)
        rows += _sale_rows(sale, invoices.get(sale.invoice_id), mine, taken, card_payment_type)
        if sale.state in (SaleState.CARD_NEEDED, SaleState.SAVING_CARD):
            why = "paid, but no card is saved for the membership's later payments: ask the guest"
            rows.append(Row(Category.CARD_NEEDED, why, sale_id=sale.id, invoice_id=sale.invoice_id))
    for payment in taken.values():
        if payment.intent_id not in claimed:
            rows.append(
                Row(
                    Category.PAID_NOT_RECORDED,
                    "the reader took this payment, and no kiosk sale of the day accounts for it",
                    sale_id=payment.sale_id,
                    amount=payment.received,
                    method=Method.CARD.value,
                    intent_id=payment.intent_id,
                )
            )
    named = {sale.invoice_id for sale in sales}
    for summary in open_invoices:
        if summary.id in named or summary.sale_by_id != kiosk_employee_id:
            continue
        if summary.total is not None and not summary.total.is_zero:
            rows.append(_left_open(summary))
    return Reconciliation(day, tuple(rows))


def _left_open(summary: InvoiceSummary) -> Row:
    """An open kiosk invoice no sale of the day owns (earlier days' too: still to deal with)."""
    when = f" on {summary.date.date().isoformat()}" if summary.date else ""
    return Row(
        Category.OPEN_INVOICE,
        f"open in Zenoti with lines on it, sold by the kiosk{when}, and no kiosk sale of the day"
        " owns it: finish or empty it at the front desk",
        invoice_id=summary.id,
        invoice_number=summary.number,
        amount=summary.balance or summary.total,
    )


def _sale_rows(
    sale: SaleRecord,
    invoice: Invoice | None,
    mine: Sequence[ReaderPayment],
    taken: Mapping[str, ReaderPayment],
    card_payment_type: str,
) -> list[Row]:
    def row(category: Category, why: str, amount: Money | None, intent: str | None) -> Row:
        return Row(
            category,
            why + (" (resolved by staff)" if sale.state is SaleState.RESOLVED else ""),
            sale_id=sale.id,
            invoice_id=sale.invoice_id,
            invoice_number=invoice.number if invoice else None,
            amount=amount if amount is not None else _amount(sale),
            method=sale.method,
            intent_id=intent,
        )

    if invoice is None:
        return [row(Category.NOT_CHECKED, "Zenoti would not show the invoice", None, None)]
    recorded = {t.additional_data: t for t in invoice.transactions if t.additional_data}
    rows: list[Row] = []
    for payment in mine:
        if payment.intent_id in recorded:
            why = "the reader's payment is recorded on the invoice"
            rows.append(row(Category.MATCHED, why, payment.received, payment.intent_id))
        else:
            why = "the reader took the money; Zenoti has no payment for it"
            rows.append(row(Category.PAID_NOT_RECORDED, why, payment.received, payment.intent_id))
    hand_ref = sale.payment_reference if sale.method in _HAND_METHODS else None
    if hand_ref is not None and sale.state.money_may_be_taken:
        if hand_ref in recorded:
            rows.append(row(Category.MATCHED, "taken by staff and recorded in Zenoti", None, None))
        else:
            why = "the journal says staff took it; Zenoti has no payment for it"
            rows.append(row(Category.PAID_NOT_RECORDED, why, None, None))
    for transaction in _card_payments_not_taken(invoice.transactions, taken, card_payment_type):
        why = "Zenoti holds a card-terminal payment the reader never took"
        rows.append(
            row(
                Category.RECORDED_NOT_PAID,
                why,
                transaction.amount_paid,
                transaction.additional_data,
            )
        )
    if rows:
        return rows
    if sale.method == Method.PHONE.value and invoice.is_fully_paid and invoice.transactions:
        return [row(Category.MATCHED, "paid on the guest's phone, through Zenoti", None, None)]
    if not invoice.is_closed and invoice.items:
        why = "the invoice is still open with lines on it, and nothing was paid"
        return [row(Category.OPEN_INVOICE, why, invoice.dues.balance, None)]
    return [row(Category.MATCHED, f"{sale.state.value}: nothing was taken", None, None)]


def _card_payments_not_taken(
    transactions: Iterable[Transaction], taken: Mapping[str, ReaderPayment], card_type: str
) -> list[Transaction]:
    return [
        t
        for t in transactions
        if t.payment_type_id == card_type and (t.additional_data or "") not in taken
    ]


def _amount(sale: SaleRecord) -> Money | None:
    if sale.amount is None or sale.currency is None:
        return None
    return Money(sale.amount, sale.currency)
