"""Add to an open invoice: the center's open invoices (the front desk's too), newest first.

Picking one moves on to its guest's memberships; an invoice with no guest asks for one first.
"""

from __future__ import annotations

from typing import Any

from kiosk.domain.invoice import InvoiceSummary
from kiosk.ui import routes
from kiosk.ui.formatting import format_money, format_when
from kiosk.ui.i18n import tr, translator
from kiosk.ui.screens.staff_page import StaffScreen
from kiosk.ui.widgets.choice_list import ChoiceList, Row


def invoice_row(invoice: InvoiceSummary) -> Row:
    locale = translator.locale
    total = format_money(invoice.total, locale) if invoice.total is not None else "—"
    balance = format_money(invoice.balance, locale) if invoice.balance is not None else "—"
    when = format_when(invoice.date, locale) if invoice.date else ""
    title = tr("Invoice {number}", number=invoice.number or invoice.id[:8])
    detail = tr("Total {total} · balance {balance}", total=total, balance=balance)
    return Row(invoice.id, f"{title} · {when}", detail)


class StaffInvoicesScreen(StaffScreen):
    """The open invoices; a tap picks one."""

    route = routes.StaffInvoices
    title_text = "Add to an open invoice"

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self._invoices: dict[str, InvoiceSummary] = {}
        self.list = ChoiceList()
        self.list.chosen.connect(self.choose)
        self.body.addWidget(self.list, 1)

    def entered(self, *, route: routes.StaffInvoices) -> None:
        self.list.clear()
        self.run(
            "staff-open-invoices",
            self.flow.back_office.open_invoices,
            self._show,
            busy="Loading…",
        )

    def _show(self, invoices: list[InvoiceSummary]) -> None:
        self._invoices = {invoice.id: invoice for invoice in invoices}
        self.list.set_rows([invoice_row(invoice) for invoice in invoices])
        if not invoices:
            self.say(tr("No open invoices right now"))

    def choose(self, invoice_id: str) -> None:
        invoice = self._invoices.get(invoice_id)
        if invoice is None:
            return
        if invoice.guest_id is None:
            self.router.go(routes.StaffGuests(invoice=invoice))
            return
        self.router.go(
            routes.StaffMemberships(
                guest_id=invoice.guest_id, guest_name=tr("the invoice's guest"), invoice=invoice
            )
        )

    def retranslate(self) -> None:
        self.list.set_rows([invoice_row(invoice) for invoice in self._invoices.values()])

    def forget_guest(self) -> None:
        super().forget_guest()
        self._invoices = {}
        self.list.clear()
