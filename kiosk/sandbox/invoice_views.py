"""Invoices as Zenoti serves them: the invoice object, transactions, and guest memberships."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from kiosk.sandbox.clock import add_months, local_iso
from kiosk.sandbox.guestbook import get_guest
from kiosk.sandbox.ledger import (
    MEMBERSHIP_ITEM_TYPE,
    Invoice,
    InvoiceItem,
    Payment,
    list_invoices,
)
from kiosk.sandbox.money import ZERO
from kiosk.sandbox.reference import Center, Reference
from kiosk.sandbox.store import Store

INVOICE_STATUS_OPEN = 0
INVOICE_STATUS_CLOSED = 1
GUEST_MEMBERSHIP_ACTIVE = 1


def invoice_number(invoice: Invoice, center: Center) -> str:
    return f"{center.invoice_prefix}{invoice.number}"


def item_json(item: InvoiceItem, center: Center) -> dict[str, Any]:
    return {
        "invoice_item_id": item.id,
        "id": item.membership_id,
        "name": item.name,
        "type": MEMBERSHIP_ITEM_TYPE,
        "code": item.code,
        "price": {
            "currency_id": center.currency_id,
            "sales": item.sales,
            "tax": item.tax,
            "final": item.final,
            "discount": ZERO,
        },
        "quantity": item.quantity,
        "sale_by_id": item.sale_by_id,
    }


def transaction_json(payment: Payment, center: Center) -> dict[str, Any]:
    return {
        "transaction_id": payment.id,
        "payment_option": {
            "id": payment.option_id,
            "payment_mode": payment.payment_mode,
            "payment_name": payment.payment_name,
            "card_number": payment.card_number,
            "additional_data": payment.additional_data,
        },
        "total_amount_paid": payment.amount,
        "amount_paid": payment.applied,
        "tip_amount": payment.tip,
        "payment_date": local_iso(payment.paid_at, center.time_zone),
        "cash_regester_id": payment.cash_register_id,  # Zenoti's spelling
    }


def guest_summary(store: Store, guest_id: str) -> dict[str, Any]:
    guest = get_guest(store, guest_id)
    info = guest["personal_info"] if guest else {}
    return {
        "id": guest_id,
        "first_name": info.get("first_name"),
        "last_name": info.get("last_name"),
        "mobile_phone": info.get("mobile_phone"),
        "email": info.get("email"),
    }


def total_price_json(invoice: Invoice, center: Center) -> dict[str, Any]:
    return {
        "currency_id": center.currency_id,
        "net_price": invoice.net,
        "tax": invoice.tax,
        "rounding_adjustment": ZERO,
        "sum_total": invoice.total,
    }


def dues_json(invoice: Invoice) -> dict[str, Any]:
    return {"total": invoice.total, "paid": invoice.paid, "balance": invoice.balance}


def invoice_json(
    store: Store, center: Center, invoice: Invoice, *, items: bool, transactions: bool
) -> dict[str, Any]:
    """The ``invoice`` object; lists not asked for with ``expand`` are null, as in Zenoti."""
    return {
        "id": invoice.id,
        "invoice_number": invoice_number(invoice, center),
        "invoice_number_prefix": center.invoice_prefix,
        "receipt_number": invoice.receipt_number,
        "is_closed": invoice.is_closed,
        "is_refund": False,
        "lock": False,
        "invoice_date": local_iso(invoice.created_at, center.time_zone),
        "center_id": invoice.center_id,
        "invoice_dues": dues_json(invoice),
        "total_price": total_price_json(invoice, center),
        "guest": guest_summary(store, invoice.guest_id),
        "invoice_items": [item_json(i, center) for i in invoice.items] if items else None,
        "transactions": [transaction_json(p, center) for p in invoice.payments]
        if transactions
        else None,
    }


def open_invoice_json(store: Store, center: Center, invoice: Invoice) -> dict[str, Any]:
    """One entry of a center's invoice list."""
    guest = guest_summary(store, invoice.guest_id)
    return {
        "id": invoice.id,
        "invoice_number": invoice_number(invoice, center),
        "invoice_date": local_iso(invoice.created_at, center.time_zone),
        "is_closed": invoice.is_closed,
        "guest": {k: guest[k] for k in ("id", "first_name", "last_name")},
        "total_price": total_price_json(invoice, center),
        "invoice_dues": dues_json(invoice),
        "sale_by_id": invoice.sale_by_id,
    }


def guest_memberships(
    store: Store, ref: Reference, guest_id: str, center_id: str | None
) -> list[dict[str, Any]]:
    """A membership belongs to the guest once its invoice is closed and fully paid."""
    found = []
    for invoice in list_invoices(store, center_id=center_id):
        center = ref.center(invoice.center_id)
        if invoice.guest_id != guest_id or not invoice.is_closed or not invoice.fully_paid:
            continue
        if center is None or invoice.closed_at is None:
            continue
        start = date.fromisoformat(local_iso(invoice.closed_at, center.time_zone)[:10])
        for item in invoice.items:
            membership = ref.membership(item.membership_id)
            if membership is None or item.line_kind == "setup_fee":
                continue
            months = membership.duration_months
            next_collection = None
            if membership.is_recurring:
                next_collection = date.fromordinal(
                    start.toordinal() + membership.first_collection_after
                ).isoformat()
            found.append(
                {
                    "user_membership_id": str(uuid.uuid5(uuid.NAMESPACE_URL, item.id)),
                    "status": GUEST_MEMBERSHIP_ACTIVE,
                    "membership": {
                        "id": membership.id,
                        "name": membership.name,
                        "code": membership.code,
                        "type": membership.membership_type,
                    },
                    "invoice": {
                        "id": invoice.id,
                        "no": invoice_number(invoice, center),
                        "receipt_no": invoice.receipt_number,
                        "status": INVOICE_STATUS_CLOSED,
                    },
                    "start_date": start.isoformat(),
                    "expiry_date": add_months(start, months).isoformat() if months else None,
                    "next_collection_date": next_collection,
                    "credit_balance": ZERO,
                }
            )
    return found
