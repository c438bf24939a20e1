"""Invoices, their membership lines and payments: the rules Zenoti applies and the JSON it serves.

Shared by the Zenoti routes and the hosted pages, so a payment taken on the pay-on-phone page obeys
exactly the same rules as one recorded through the API.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from kiosk.sandbox.clock import utc_now_iso
from kiosk.sandbox.errors import ZenotiError
from kiosk.sandbox.money import ZERO, tax_on
from kiosk.sandbox.reference import Center, Membership, Reference
from kiosk.sandbox.store import Store
from kiosk.sandbox.wire import dumps

FIRST_INVOICE_NUMBER = 1001
MEMBERSHIP_ITEM_TYPE = 4  # undocumented in Zenoti; the sandbox picks 4 (see zenoti-wire.md)
CUSTOM_PAYMENT_MODE = 4
CARD_PAYMENT_MODE = 2


@dataclass(frozen=True)
class InvoiceItem:
    """One line: a membership, or a setup-fee membership's fee or first dues."""

    id: str
    membership_id: str
    line_kind: str  # "membership", "setup_fee" or "first_dues"
    name: str
    code: str
    sales: Decimal
    tax: Decimal
    final: Decimal
    quantity: int
    sale_by_id: str | None
    discount: Decimal = ZERO  # a campaign's, before tax (``final`` is after it)


@dataclass(frozen=True)
class Payment:
    """One transaction on an invoice; ``amount`` includes the tip."""

    id: str
    option_id: str
    payment_mode: int
    payment_name: str
    card_number: str | None
    additional_data: Any
    amount: Decimal
    tip: Decimal
    paid_at: str
    cash_register_id: str | None
    collected_by_id: str | None

    @property
    def applied(self) -> Decimal:
        """What this payment takes off the invoice's balance (the tip is on top)."""
        return self.amount - self.tip


@dataclass
class Invoice:
    """An invoice with its lines and payments, and the dues derived from them."""

    id: str
    center_id: str
    guest_id: str
    number: int
    sale_by_id: str | None
    created_at: str
    is_closed: bool
    closed_at: str | None
    closed_by_id: str | None
    receipt_number: str | None
    items: list[InvoiceItem] = field(default_factory=list)
    payments: list[Payment] = field(default_factory=list)

    @property
    def net(self) -> Decimal:
        return sum((i.sales - i.discount for i in self.items), ZERO)

    @property
    def tax(self) -> Decimal:
        return sum((i.tax for i in self.items), ZERO)

    @property
    def total(self) -> Decimal:
        return sum((i.final for i in self.items), ZERO)

    @property
    def paid(self) -> Decimal:
        return sum((p.applied for p in self.payments), ZERO)

    @property
    def balance(self) -> Decimal:
        return self.total - self.paid

    @property
    def fully_paid(self) -> bool:
        return bool(self.items) and self.balance == 0


def load_invoice(store: Store, invoice_id: str) -> Invoice | None:
    row = store.one("SELECT * FROM invoices WHERE id = ?", (invoice_id,))
    if row is None:
        return None
    discounts = {
        r["item_id"]: Decimal(r["amount"])
        for r in store.query(
            "SELECT item_id, amount FROM campaign_discounts WHERE invoice_id = ?", (invoice_id,)
        )
    }
    items = [
        InvoiceItem(
            id=r["id"],
            membership_id=r["membership_id"],
            line_kind=r["line_kind"],
            name=r["name"],
            code=r["code"],
            sales=Decimal(r["sales"]),
            tax=Decimal(r["tax"]),
            final=Decimal(r["final"]),
            quantity=r["quantity"],
            sale_by_id=r["sale_by_id"],
            discount=discounts.get(r["id"], ZERO),
        )
        for r in store.query(
            "SELECT * FROM invoice_items WHERE invoice_id = ? ORDER BY position", (invoice_id,)
        )
    ]
    payments = [
        Payment(
            id=r["id"],
            option_id=r["option_id"],
            payment_mode=r["payment_mode"],
            payment_name=r["payment_name"],
            card_number=r["card_number"],
            additional_data=json.loads(r["additional_data"], parse_float=Decimal),
            amount=Decimal(r["amount"]),
            tip=Decimal(r["tip"]),
            paid_at=r["paid_at"],
            cash_register_id=r["cash_register_id"],
            collected_by_id=r["collected_by_id"],
        )
        for r in store.query(
            "SELECT * FROM payments WHERE invoice_id = ? ORDER BY rowid", (invoice_id,)
        )
    ]
    return Invoice(
        id=row["id"],
        center_id=row["center_id"],
        guest_id=row["guest_id"],
        number=row["number"],
        sale_by_id=row["sale_by_id"],
        created_at=row["created_at"],
        is_closed=bool(row["is_closed"]),
        closed_at=row["closed_at"],
        closed_by_id=row["closed_by_id"],
        receipt_number=row["receipt_number"],
        items=items,
        payments=payments,
    )


def require_invoice(store: Store, invoice_id: str) -> Invoice:
    invoice = load_invoice(store, invoice_id)
    if invoice is None:
        raise ZenotiError(404, 418, "Invoice not found")
    return invoice


def list_invoices(store: Store, *, center_id: str | None = None) -> list[Invoice]:
    """Every invoice, oldest first, optionally of one center."""
    if center_id is None:
        rows = store.query("SELECT id FROM invoices ORDER BY rowid")
    else:
        rows = store.query(
            "SELECT id FROM invoices WHERE center_id = ? ORDER BY rowid", (center_id,)
        )
    return [inv for r in rows if (inv := load_invoice(store, r["id"])) is not None]


def check_memberships_fit(
    ref: Reference, existing: list[InvoiceItem], adding: list[Membership]
) -> None:
    """A recurring membership must be alone on its invoice (Zenoti refuses otherwise)."""
    present = [ref.membership(i.membership_id) for i in existing if i.line_kind != "setup_fee"]
    after = [m for m in present if m is not None] + adding
    if len(after) > 1 and any(m.is_recurring for m in after):
        raise ZenotiError(200, 502, "A recurring membership must be the only item on its invoice")


def create_invoice(store: Store, center: Center, guest_id: str, sale_by_id: str | None) -> str:
    """A new, empty, open invoice for the guest; returns its id."""
    invoice_id = str(uuid.uuid4())
    number = store.next_number(f"invoice:{center.id}", FIRST_INVOICE_NUMBER)
    store.execute(
        "INSERT INTO invoices (id, center_id, guest_id, number, sale_by_id, created_at)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (invoice_id, center.id, guest_id, number, sale_by_id, utc_now_iso()),
    )
    return invoice_id


def add_membership_lines(
    store: Store,
    center: Center,
    invoice_id: str,
    memberships: list[Membership],
    sale_by_id: str | None,
) -> None:
    """One line per membership; a setup-fee membership (type 2) adds the fee and the first dues."""
    row = store.one(
        "SELECT COALESCE(MAX(position), 0) AS last FROM invoice_items WHERE invoice_id = ?",
        (invoice_id,),
    )
    position = int(row["last"]) if row else 0
    for membership in memberships:
        lines: list[tuple[str, str, str, Decimal]] = []
        if membership.setup_fee is not None:
            lines.append(
                (
                    "setup_fee",
                    f"{membership.name} joining fee",
                    f"{membership.code}-FEE",
                    membership.setup_fee,
                )
            )
            lines.append(("first_dues", membership.name, membership.code, membership.price))
        else:
            lines.append(("membership", membership.name, membership.code, membership.price))
        for kind, name, code, sales in lines:
            position += 1
            tax = tax_on(sales, center.tax_rate)
            store.execute(
                "INSERT INTO invoice_items (id, invoice_id, position, membership_id, line_kind,"
                " name, code, sales, tax, final, quantity, sale_by_id)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?)",
                (
                    str(uuid.uuid4()),
                    invoice_id,
                    position,
                    membership.id,
                    kind,
                    name,
                    code,
                    str(sales),
                    str(tax),
                    str(sales + tax),
                    sale_by_id,
                ),
            )


def remove_item(store: Store, invoice: Invoice, item_id: str) -> None:
    """Take a line off an open invoice. Payments stay: the invoice may end up overpaid, and then
    it cannot be closed (459) until staff sort it out (the sandbox's choice)."""
    item = next((i for i in invoice.items if i.id == item_id), None)
    if item is None:
        raise ZenotiError(404, 502, "Invoice item not found")
    if invoice.is_closed:
        raise ZenotiError(200, 728, "Items cannot be removed from a closed invoice")
    store.execute("DELETE FROM invoice_items WHERE id = ?", (item_id,))


def check_payable(invoice: Invoice, applied: Decimal) -> None:
    """Zenoti's order of refusals for a payment of ``applied`` (tip excluded)."""
    if invoice.is_closed:
        raise ZenotiError(200, 728, "Payment cannot be added to a closed invoice")
    if invoice.items and invoice.balance <= 0:
        raise ZenotiError(200, 460, "Payment already made in full")
    if applied > invoice.balance:
        raise ZenotiError(200, 459, "Payment made in excess")


def record_payment(
    store: Store,
    invoice_id: str,
    *,
    option_id: str,
    payment_mode: int,
    payment_name: str,
    card_number: str | None,
    additional_data: Any,
    amount: Decimal,
    tip: Decimal = ZERO,
    cash_register_id: str | None = None,
    collected_by_id: str | None = None,
) -> Payment:
    """Write one transaction (the caller has checked it with :func:`check_payable`)."""
    payment = Payment(
        id=str(uuid.uuid4()),
        option_id=option_id,
        payment_mode=payment_mode,
        payment_name=payment_name,
        card_number=card_number,
        additional_data=additional_data,
        amount=amount,
        tip=tip,
        paid_at=utc_now_iso(),
        cash_register_id=cash_register_id,
        collected_by_id=collected_by_id,
    )
    store.execute(
        "INSERT INTO payments (id, invoice_id, option_id, payment_mode, payment_name, card_number,"
        " additional_data, amount, tip, paid_at, cash_register_id, collected_by_id)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            payment.id,
            invoice_id,
            option_id,
            payment_mode,
            payment_name,
            card_number,
            dumps(additional_data),
            str(amount),
            str(tip),
            payment.paid_at,
            cash_register_id,
            collected_by_id,
        ),
    )
    return payment


def close_invoice(store: Store, center: Center, invoice: Invoice, closed_by_id: str | None) -> None:
    """Close a fully paid invoice and give it a receipt number; closing twice changes nothing."""
    if invoice.is_closed:
        return
    if not invoice.items:
        raise ZenotiError(200, 502, "An invoice without items cannot be closed")
    # The messages are close-an-invoice's "Error Message Details", verbatim.
    if invoice.balance > 0:
        raise ZenotiError(200, 419, "Full Payment of invoice is not made.")
    if invoice.balance < 0:
        raise ZenotiError(200, 459, "Payment is made in excess.")
    receipt = store.next_number(f"receipt:{center.id}", 1)
    # Zenoti's invoice sample: receipt_number is the invoice prefix, "R" and a number.
    store.execute(
        "UPDATE invoices SET is_closed = 1, closed_at = ?, closed_by_id = ?, receipt_number = ?"
        " WHERE id = ?",
        (utc_now_iso(), closed_by_id, f"{center.invoice_prefix}R{receipt}", invoice.id),
    )


def close_if_paid(store: Store, ref: Reference, invoice_id: str, closed_by_id: str | None) -> None:
    """The business's auto-close: a payment that brings the balance to 0 closes the invoice."""
    invoice = require_invoice(store, invoice_id)
    center = ref.center(invoice.center_id)
    if center is not None and invoice.fully_paid and not invoice.is_closed:
        close_invoice(store, center, invoice, closed_by_id or ref.kiosk_employee.id)
