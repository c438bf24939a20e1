"""Needs staff: every sale the engine could not finish, with its reason and the reference the
guest was given, oldest first — also the paid sales with no card saved ("card needed") and those
whose payment is still being checked (a guest may be at the desk about it: shown, not acted on).

A case opens to its history and three actions: re-check (recovery reads the reader and Zenoti
again, and may settle it), record a payment taken by hand (payment type, the amount due prefilled,
a mandatory note), or close it as resolved (a mandatory note). Nothing is refunded automatically.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from PySide6.QtWidgets import QComboBox, QLineEdit, QStackedWidget, QVBoxLayout, QWidget

from kiosk.checkout.journal import SaleRecord
from kiosk.checkout.staff.cases import StaffCase
from kiosk.domain.money import Money
from kiosk.domain.reference import spoken
from kiosk.domain.sale import SaleState
from kiosk.ui import routes
from kiosk.ui.formatting import format_money, format_when
from kiosk.ui.i18n import tr, translator
from kiosk.ui.screens.staff_page import StaffScreen
from kiosk.ui.widgets.choice_list import ChoiceList, Row
from kiosk.ui.widgets.keyboard import OnScreenKeyboard
from kiosk.ui.widgets.parts import button, label


def record_amount(record: SaleRecord) -> str:
    if record.amount is None or record.currency is None:
        return "—"
    return format_money(Money(record.amount, record.currency), translator.locale)


def when(record: SaleRecord) -> str:
    return format_when(record.created_at, translator.locale)


class StaffQueueScreen(StaffScreen):
    """The list of cases, and one case's history and actions."""

    route = routes.StaffQueue
    title_text = "Needs staff"

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self._cases: dict[str, StaffCase] = {}
        self._case: StaffCase | None = None
        self._outcome: tuple[str, str] | None = None  # said once the list is read again
        self.pages = QStackedWidget()
        self.list = ChoiceList()
        self.list.chosen.connect(self.open_case)
        self.pages.addWidget(self.list)
        self.pages.addWidget(self._detail())
        self.body.addWidget(self.pages, 1)

    def _detail(self) -> QWidget:
        page = QWidget()
        column = QVBoxLayout(page)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(10)
        self.summary = label("subtitle")
        self.history = ChoiceList()
        row = self.action_row()
        self.back_button = button("ghost")
        self.text(self.back_button, "All cases")
        self.back_button.clicked.connect(self.show_list)
        self.recheck_button = button("secondary")
        self.text(self.recheck_button, "Re-check")
        self.recheck_button.clicked.connect(self.recheck)
        self.pay_button = button("secondary")
        self.text(self.pay_button, "Record a payment taken by hand")
        self.pay_button.clicked.connect(self.record_payment)
        self.resolve_button = button("danger")
        self.text(self.resolve_button, "Resolve")
        self.resolve_button.clicked.connect(self.resolve)
        for widget in (self.back_button, self.recheck_button, self.pay_button):
            row.addWidget(widget)
        row.addStretch(1)
        row.addWidget(self.resolve_button)
        form = self.action_row()
        self.payment_type = QComboBox()
        self.payment_type.setObjectName("handPaymentType")
        self.amount = QLineEdit()
        self.amount.setObjectName("handAmount")
        self.note = QLineEdit()
        self.note.setObjectName("staffNote")
        self.bind(self.note.setPlaceholderText, "Note (required): what happened, what you did")
        self.bind(self.note.setAccessibleName, "Note (required): what happened, what you did")
        self.bind(self.payment_type.setAccessibleName, "Payment type")
        self.bind(self.amount.setAccessibleName, "Amount")
        form.addWidget(self.payment_type)
        form.addWidget(self.amount)
        form.addWidget(self.note, 1)
        self.keyboard = OnScreenKeyboard()
        self.keyboard.attach(self.amount, self.note)
        column.addWidget(self.summary)
        column.addWidget(self.history, 1)
        column.addLayout(form)
        column.addLayout(row)
        column.addWidget(self.keyboard)
        return page

    # ------------------------------------------------------------------ the list

    def entered(self, *, route: routes.StaffQueue) -> None:
        self.load()

    def load(self) -> None:
        """The queue, read again."""
        self.show_list()
        self.run(
            "staff-needs-staff", self.flow.back_office.needs_staff, self._show, busy="Loading…"
        )

    def _show(self, cases: list[StaffCase]) -> None:
        self._cases = {case.record.id: case for case in cases}
        self.list.set_rows(
            [
                Row(
                    c.record.id,
                    f"{when(c.record)} · {spoken(c.record.id)} · {record_amount(c.record)}",
                    c.reason,
                )
                for c in cases
            ]
        )
        if self._outcome is not None:
            text, role = self._outcome
            self._outcome = None
            self.say(text, role=role)
        elif not cases:
            self.say(tr("Nothing needs staff right now"), role="ok")

    def show_list(self) -> None:
        self._case = None
        self.note.clear()
        self.pages.setCurrentIndex(0)

    # ------------------------------------------------------------------ one case

    def open_case(self, sale_id: str) -> None:
        case = self._cases.get(sale_id)
        if case is None:
            return
        self._case = case
        record = case.record
        self.summary.setText(
            tr(
                "Sale {sale} · {amount} · {reason}",
                sale=record.id[:8],
                amount=record_amount(record),
                reason=case.reason,
            )
        )
        self.history.set_rows(
            [
                Row(
                    str(e.seq),
                    f"{format_when(e.at, translator.locale)} · {e.state.value}",
                    e.event,
                    enabled=False,
                )
                for e in case.events
            ]
        )
        self._fill_payment(record)
        # A sale still being checked is shown, not acted on; a card needed has no money to take.
        self.recheck_button.setEnabled(case.actionable)
        self.resolve_button.setEnabled(case.actionable)
        self.pay_button.setEnabled(
            self.pay_button.isEnabled() and record.state is SaleState.NEEDS_STAFF
        )
        self.pages.setCurrentIndex(1)
        self.keyboard.set_target(self.note)

    def _fill_payment(self, record: SaleRecord) -> None:
        types = self.flow.payment_types
        self.payment_type.clear()
        if types.cash is not None:
            self.payment_type.addItem(tr("Cash"), types.cash)
        for type_id, type_name in types.others:
            self.payment_type.addItem(type_name, type_id)
        self.amount.setText(f"{record.amount}" if record.amount is not None else "")
        self.pay_button.setEnabled(self.payment_type.count() > 0)

    def _note(self) -> str | None:
        note = self.note.text().strip()
        if not note:
            self.say(tr("Write a note first: it is required"), role="error")
            self.note.setFocus()
            return None
        return note

    def recheck(self) -> None:
        case = self._case
        if case is not None:
            sale_id = case.record.id
            self.run(
                "staff-case", lambda: self.flow.back_office.recheck(self.who, sale_id), self._done
            )

    def record_payment(self) -> None:
        case, note = self._case, self._note()
        if case is None or note is None:
            return
        try:
            amount = Decimal(self.amount.text().strip())
        except InvalidOperation:
            self.say(tr("The amount is not a number"), role="error")
            return
        money = Money(amount, case.record.currency or self.flow.currency)
        type_id = str(self.payment_type.currentData())
        sale_id = case.record.id
        self.run(
            "staff-case",
            lambda: self.flow.back_office.record_payment(self.who, sale_id, type_id, money, note),
            self._done,
        )

    def resolve(self) -> None:
        case, note = self._case, self._note()
        if case is not None and note is not None:
            sale_id = case.record.id
            self.run(
                "staff-case",
                lambda: self.flow.back_office.resolve(self.who, sale_id, note),
                self._done,
            )

    def _done(self, record: SaleRecord) -> None:
        """Say what became of the sale, and show the queue again."""
        if record.state is SaleState.NEEDS_STAFF:
            reason = record.needs_staff_reason or ""
            self._outcome = (tr("Still needs staff: {reason}", reason=reason), "error")
        else:
            self._outcome = (tr("Done: the sale is now {state}", state=record.state.value), "ok")
        self.load()

    def forget_guest(self) -> None:
        super().forget_guest()
        self._cases = {}
        self._case = None
        self.list.clear()
        self.history.clear()
        self.note.clear()
        self.amount.clear()
