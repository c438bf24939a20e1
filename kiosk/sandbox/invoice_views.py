"""Invoices as Zenoti serves them: the invoice object, transactions, and guest memberships."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from kiosk.sandbox.clock import add_months, local_iso
from kiosk.sandbox.guestbook import get_guest, national_number
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
    """The bare number: Zenoti's sample keeps the prefix apart, in ``invoice_number_prefix``."""
    return str(invoice.number)


def item_json(item: InvoiceItem, center: Center, ref: Reference | None = None) -> dict[str, Any]:
    seller = ref.employee(item.sale_by_id) if ref is not None and item.sale_by_id else None
    return {
        "invoice_item_id": item.id,
        "id": item.membership_id,
        "name": item.name,
        "type": MEMBERSHIP_ITEM_TYPE,
        "is_giftcard": None,
        "code": item.code,
        "price": {
            "currency_id": center.currency_id,
            "sales": item.sales,
            "tax": item.tax,
            "final": item.final,
            "discount": item.discount,
        },
        "quantity": item.quantity,
        "sale_by_id": item.sale_by_id,
        "therapist_name": f"{seller.first_name} {seller.last_name}" if seller else "",
        "sac": "",
    }


def transaction_json(payment: Payment, center: Center) -> dict[str, Any]:
    """One transaction as in Zenoti's invoice sample (no card: ``card_number`` is ``""``)."""
    return {
        "payment_option": {
            "id": payment.option_id,
            "payment_mode": payment.payment_mode,
            "payment_name": payment.payment_name,
            "card_number": payment.card_number or "",
            "additional_data": payment.additional_data,
        },
        "total_amount_paid": payment.amount,
        "amount_paid": payment.applied,
        "tip_amount": payment.tip,
        "ssg_amount": ZERO,
        "donation_amount": ZERO,
        "fee_amount": ZERO,
        "cash_back_amount": ZERO,
        "transaction_id": payment.id,
        "payment_date": local_iso(payment.paid_at, center.time_zone),
        "cash_regester_id": payment.cash_register_id,  # Zenoti's spelling
        "gst_sequences": [],
    }


def display_phone(phone: dict[str, Any] | None, ref: Reference | None) -> str | None:
    """``+<dialling code> <number>``, the string Zenoti's invoice sample shows for the guest."""
    raw = str((phone or {}).get("number") or "")
    country = ref.country((phone or {}).get("country_code")) if ref is not None else None
    number = national_number(raw, country)
    if not number:
        return None
    return f"+{country['phone_code']} {number}" if country else number


def guest_summary(store: Store, guest_id: str, ref: Reference | None = None) -> dict[str, Any]:
    guest = get_guest(store, guest_id)
    info = guest["personal_info"] if guest else {}
    return {
        "id": guest_id,
        "first_name": info.get("first_name"),
        "last_name": info.get("last_name"),
        "gender": info.get("gender", -1),
        "code": (guest or {}).get("code") or "",
        "mobile_phone": display_phone(info.get("mobile_phone"), ref),
        "email": info.get("email") or None,
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
    store: Store,
    center: Center,
    invoice: Invoice,
    *,
    items: bool,
    transactions: bool,
    appointments: bool = False,
    ref: Reference | None = None,
) -> dict[str, Any]:
    """The ``invoice`` object as in Zenoti's sample (retrieve-invoice-details).

    Lists not asked for with ``expand`` are null (*sandbox picks*: Zenoti's sample does not show
    an unexpanded invoice). A membership sale has no appointments (an empty list when expanded),
    no group invoice, no appointment group, no GST and no environmental fee.
    """
    return {
        "group_invoice_id": None,
        "id": invoice.id,
        "invoice_number": invoice_number(invoice, center),
        "invoice_number_prefix": center.invoice_prefix,
        "receipt_number": invoice.receipt_number,
        "appointment_group_id": None,
        "lock": False,
        "is_closed": invoice.is_closed,
        "is_refund": False,
        "invoice_date": local_iso(invoice.created_at, center.time_zone),
        "has_redemptions": False,
        "center_id": invoice.center_id,
        "gstin": "",
        "gst_sequence": {"prefix": "", "number": ""},
        "invoice_dues": dues_json(invoice),
        "environmental_fee": {"total": ZERO, "paid": ZERO, "balance": ZERO},
        "total_price": total_price_json(invoice, center),
        "guest": guest_summary(store, invoice.guest_id, ref),
        "invoice_items": [item_json(i, center, ref) for i in invoice.items] if items else None,
        "appointments": [] if appointments else None,
        "transactions": [transaction_json(p, center) for p in invoice.payments]
        if transactions
        else None,
        "additional_fields": [],
    }


def open_invoice_json(
    store: Store, center: Center, invoice: Invoice, ref: Reference | None = None
) -> dict[str, Any]:
    """One entry of ``todays_invoices`` (retrieve-open-invoices' TodaysInvoicesDetails).

    The reference table, as consulted, stops after ``therapist_name``; ``sale_by_id`` and
    ``invoice_dues`` are *sandbox* additions (the kiosk recognises its own abandoned invoices by
    the seller, and shows the balance); a client must do without them against Zenoti.
    """
    guest = guest_summary(store, invoice.guest_id, ref)
    seller = ref.employee(invoice.sale_by_id) if ref is not None and invoice.sale_by_id else None
    name = " ".join(part for part in (guest["first_name"], guest["last_name"]) if part)
    discount = sum((item.discount for item in invoice.items), ZERO)
    return {
        "invoice_no": invoice_number(invoice, center),
        "name": name,
        "items": ", ".join(item.name for item in invoice.items),
        "sale_date": local_iso(invoice.created_at, center.time_zone),
        "appointment_date": local_iso(invoice.created_at, center.time_zone),
        "start_time": "",
        "price": invoice.net + discount,
        "discount": discount,
        "redemptions": ZERO,
        "final_price": invoice.net,
        "final_price_tax": invoice.total,
        "taxes": invoice.tax,
        "rounding_adjustment": ZERO,
        "mobile_phone": guest["mobile_phone"] or "",
        "email": guest["email"] or "",
        "invoice_id": invoice.id,
        "receive_email": bool(guest["email"]),
        "SSG_amount": ZERO,
        "unassigned_tip": ZERO,
        "app_group_id": None,
        "user_id": invoice.guest_id,
        "therapist_name": f"{seller.first_name} {seller.last_name}" if seller else "",
        "sale_by_id": invoice.sale_by_id,  # sandbox addition, see above
        "invoice_dues": dues_json(invoice),  # sandbox addition, see above
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
