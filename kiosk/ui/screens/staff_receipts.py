"""Receipts: the last finished sales, newest first; email a receipt again or show its QR code."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QHBoxLayout

from kiosk.checkout.journal import SaleRecord
from kiosk.checkout.receipts import PrintJob
from kiosk.ui import routes
from kiosk.ui.asyncbridge import spawn
from kiosk.ui.i18n import tr
from kiosk.ui.screens.staff_page import StaffScreen
from kiosk.ui.screens.staff_queue import record_amount, when
from kiosk.ui.widgets.choice_list import ChoiceList, Row
from kiosk.ui.widgets.parts import button
from kiosk.ui.widgets.printer_line import printer_sentence
from kiosk.ui.widgets.qr_view import QRView


class StaffReceiptsScreen(StaffScreen):
    """Recent sales beside the chosen one's QR code, with Resend email and Show QR."""

    route = routes.StaffReceipts
    title_text = "Receipts"

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self._sales: dict[str, SaleRecord] = {}
        self._chosen: SaleRecord | None = None
        row = QHBoxLayout()
        row.setSpacing(16)
        self.list = ChoiceList()
        self.list.chosen.connect(self.choose)
        self.qr = QRView()
        self.qr.setObjectName("receiptQr")
        self.qr.setMinimumSize(220, 220)
        row.addWidget(self.list, 3)
        row.addWidget(self.qr, 2)
        self.body.addLayout(row, 1)
        actions = self.action_row()
        self.resend_button = button("secondary")
        self.text(self.resend_button, "Resend email")
        self.resend_button.clicked.connect(self.resend)
        self.qr_button = button("primary")
        self.text(self.qr_button, "Show QR")
        self.qr_button.clicked.connect(self.show_qr)
        actions.addWidget(self.resend_button)
        actions.addWidget(self.qr_button)
        self.print_button = button("secondary")  # with a receipt printer: a copy on paper
        self.text(self.print_button, "Print again")
        self.print_button.clicked.connect(self.reprint)
        actions.addWidget(self.print_button)
        self.body.addLayout(actions)
        self._enable()

    def _enable(self) -> None:
        self.resend_button.setEnabled(self._chosen is not None)
        self.qr_button.setEnabled(self._chosen is not None)
        self.print_button.setVisible(self.flow.receipts.guest_chooses)
        self.print_button.setEnabled(self._chosen is not None)

    def entered(self, *, route: routes.StaffReceipts) -> None:
        self._chosen = None
        self.qr.set_payload(None)
        self._enable()
        self.run("staff-recent", self.flow.back_office.recent_sales, self._show, busy="Loading…")

    def _show(self, sales: list[SaleRecord]) -> None:
        self._sales = {record.id: record for record in sales}
        unprinted = {job.sale_id for job in self.flow.receipts.unprinted()}
        self.list.set_rows(
            [
                Row(
                    r.id,
                    f"{when(r)} · {record_amount(r)}",
                    tr("Receipt {number}", number=r.receipt_number or r.id[:8])
                    + (" · " + tr("not printed") if r.id in unprinted else ""),
                )
                for r in sales
            ]
        )
        if not sales:
            self.say(tr("No finished sales yet"))

    def choose(self, sale_id: str) -> None:
        self._chosen = self._sales.get(sale_id)
        self.qr.set_payload(None)
        self._enable()

    def resend(self) -> None:
        record = self._chosen
        if record is not None:
            self.run(
                "staff-resend",
                lambda: self.flow.back_office.resend_receipt(self.who, record.id),
                self._sent,
                busy="Sending…",
            )

    def reprint(self) -> None:
        """A copy of the chosen receipt on the printer (audited)."""
        record = self._chosen
        if record is not None:
            self.run(
                "staff-reprint",
                lambda: self.flow.receipts.reprint(self.who, record.id),
                self._reprinted,
                busy="Printing…",
            )

    def _reprinted(self, job: PrintJob) -> None:
        if job.printed:
            self.say(tr("The copy is printing"), role="ok")
        elif job.status is not None:
            self.say(printer_sentence(job.status), role="error")

    def _sent(self, sent: bool) -> None:
        if sent:
            self.say(tr("The receipt email is on its way"), role="ok")
        else:
            self.say(tr("The email could not be sent — show the QR code instead"), role="error")

    def show_qr(self) -> None:
        record = self._chosen
        if record is None:
            return
        url = self.flow.back_office.receipt_url(record)
        if url is None:
            self.say(tr("No receipt address is configured for this kiosk"), role="error")
            return
        self.qr.set_payload(url)
        self.qr.setAccessibleName(tr("QR code of the receipt"))
        spawn(self.flow.audit("showed a receipt QR", sale_id=record.id), "staff-audit")

    def forget_guest(self) -> None:
        super().forget_guest()
        self._sales = {}
        self._chosen = None
        self.list.clear()
        self.qr.set_payload(None)
