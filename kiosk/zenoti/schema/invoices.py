"""Invoices, their summaries, payments recorded on them, and hosted payment pages."""

from __future__ import annotations

from kiosk.domain.invoice import (
    Dues,
    HostedPaymentPage,
    Invoice,
    InvoiceItem,
    InvoiceSummary,
    InvoiceTotals,
    PaymentRecorded,
    Transaction,
)
from kiosk.domain.money import Money
from kiosk.zenoti.schema.reader import Node


def _unwrap(body: Node, key: str) -> Node:
    return body.child(key) if body.has(key) else body


def parse_item(node: Node, currency: str) -> InvoiceItem:
    price = node.opt_child("price")
    zero = Money.zero(currency)
    final = price.money("final", currency) if price else zero
    return InvoiceItem(
        id=node.text("invoice_item_id"),
        item_id=node.opt_text("id"),
        name=node.opt_text("name") or "",
        type=node.opt_integer("type"),
        code=node.opt_text("code"),
        sales=(price.opt_money("sales", currency) if price else None) or final,
        tax=price.money_or_zero("tax", currency) if price else zero,
        final=final,
        discount=price.money_or_zero("discount", currency) if price else zero,
        quantity=node.opt_integer("quantity") or 1,
    )


def parse_transaction(node: Node, currency: str) -> Transaction:
    option = node.opt_child("payment_option")
    total = node.money("total_amount_paid", currency)
    return Transaction(
        id=node.opt_text("transaction_id"),
        payment_type_id=option.opt_text("id") if option else None,
        payment_mode=option.opt_text("payment_mode") if option else None,
        payment_name=option.opt_text("payment_name") if option else None,
        card_number=(option.opt_text("card_number") if option else None) or None,  # "" = none
        additional_data=option.opt_text_or_json("additional_data") if option else None,
        total_amount_paid=total,
        amount_paid=node.opt_money("amount_paid", currency) or total,
        tip=node.money_or_zero("tip_amount", currency),
        paid_at=node.opt_datetime("payment_date"),
    )


def parse_invoice(body: Node, currency: str) -> Invoice:
    """``{"invoice": {...}}`` (or the bare object) with items and transactions expanded."""
    node = _unwrap(body, "invoice")
    dues = node.child("invoice_dues")
    total = node.child("total_price")
    guest = node.opt_child("guest")
    return Invoice(
        id=node.text("id"),
        number=node.opt_text("invoice_number"),
        receipt_number=node.opt_text("receipt_number") or None,
        is_closed=node.flag("is_closed", default=False),
        center_id=node.opt_text("center_id"),
        guest_id=(guest.opt_text("id") if guest else None) or node.opt_text("guest_id"),
        date=node.opt_datetime("invoice_date"),
        items=tuple(parse_item(i, currency) for i in node.items("invoice_items")),
        totals=InvoiceTotals(
            net=total.money_or_zero("net_price", currency),
            tax=total.money_or_zero("tax", currency),
            rounding=total.money_or_zero("rounding_adjustment", currency),
            sum_total=total.money("sum_total", currency),
        ),
        dues=Dues(
            total=dues.money("total", currency),
            paid=dues.money_or_zero("paid", currency),
            balance=dues.money("balance", currency),
        ),
        transactions=tuple(parse_transaction(t, currency) for t in node.items("transactions")),
    )


def parse_invoice_summaries(body: Node, currency: str) -> list[InvoiceSummary]:
    """A center's open invoices.

    Zenoti's reference ("Retrieve open invoices") answers ``todays_invoices`` (and ``invoices``
    when searching), each entry with ``invoice_id``, ``invoice_no``, ``sale_date``, ``user_id``
    (the guest) and ``final_price_tax``. The older shape (``invoices[]`` with ``id``,
    ``invoice_number``, ``guest``, ``total_price``, ``invoice_dues``) is still read. The reference
    documents no balance and no seller: ``invoice_dues`` and ``sale_by_id`` are read when present.
    """
    found: list[InvoiceSummary] = []
    seen: set[str] = set()
    for node in [*body.items("todays_invoices"), *body.items("invoices")]:
        summary = _summary(node, currency)
        if summary.id not in seen:
            seen.add(summary.id)
            found.append(summary)
    return found


def _summary(node: Node, currency: str) -> InvoiceSummary:
    guest = node.opt_child("guest")
    total = node.opt_child("total_price")
    dues = node.opt_child("invoice_dues")
    invoice_id = node.opt_text("invoice_id") or node.text("id")
    sum_total = total.opt_money("sum_total", currency) if total else None
    return InvoiceSummary(
        id=invoice_id,
        number=node.opt_text("invoice_no") or node.opt_text("invoice_number"),
        date=node.opt_datetime("sale_date") or node.opt_datetime("invoice_date"),
        is_closed=node.flag("is_closed", default=False),
        guest_id=node.opt_text("user_id") or (guest.opt_text("id") if guest else None),
        sale_by_id=node.opt_text("sale_by_id"),
        total=node.opt_money("final_price_tax", currency) or sum_total,
        balance=dues.opt_money("balance", currency) if dues else None,
    )


def parse_invoice_id(body: Node) -> str:
    return body.text("invoice_id")


def parse_payment(body: Node, currency: str) -> PaymentRecorded:
    node = body.child("transaction")
    option = node.opt_child("payment_option")
    total = node.money("total_amount_paid", currency)
    return PaymentRecorded(
        payment_name=option.opt_text("payment_name") if option else None,
        additional_data=option.opt_text_or_json("additional_data") if option else None,
        total_amount_paid=total,
        amount_paid=node.opt_money("amount_paid", currency) or total,
        tip=node.money_or_zero("tip_amount", currency),
    )


def parse_hosted_page(body: Node) -> HostedPaymentPage | None:
    """The hosted page to send the guest to, or None when Zenoti answered without one."""
    uri = body.opt_text("hosted_payment_uri")
    if not uri:
        return None
    return HostedPaymentPage(uri=uri, token_id=body.opt_text("token_id"))
