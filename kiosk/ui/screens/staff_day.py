"""End of day: the day's reconciliation of the journal, the reader's payments and Zenoti's invoices,
as a plain table with the count of each category on top. Today by default; step back a day at a
time. (``kiosk reconcile --date`` writes the same rows as CSV.)
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QHeaderView,
    QScroller,
    QTableWidget,
    QTableWidgetItem,
)

from kiosk.checkout.reconcile import Category, Reconciliation
from kiosk.ui import routes
from kiosk.ui.formatting import format_date, format_money
from kiosk.ui.i18n import tr, translator
from kiosk.ui.screens.staff_page import StaffScreen
from kiosk.ui.widgets.parts import button, label

CATEGORY_NAMES = {
    Category.MATCHED: "Matched",
    Category.PAID_NOT_RECORDED: "Paid but not recorded",
    Category.RECORDED_NOT_PAID: "Recorded but not paid",
    Category.OPEN_INVOICE: "Open invoice left by the kiosk",
    Category.NOT_CHECKED: "Could not check",
    Category.CARD_NEEDED: "Card needed",
}
COLUMNS = ("Category", "Sale", "Invoice", "Amount", "Method", "Explanation")


class StaffDayScreen(StaffScreen):
    """A day, its counts, and its rows."""

    route = routes.StaffDay
    title_text = "End of day"

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self._day = date.today()
        self._result: Reconciliation | None = None
        picker = self.action_row()
        self.previous_button = button("secondary")
        self.text(self.previous_button, "Previous day")
        self.previous_button.clicked.connect(
            lambda _=False: self.show_day(self._day - timedelta(1))
        )
        self.day_label = label("subtitle", wrap=False)
        self.next_button = button("secondary")
        self.text(self.next_button, "Next day")
        self.next_button.clicked.connect(lambda _=False: self.show_day(self._day + timedelta(1)))
        picker.addWidget(self.previous_button)
        picker.addWidget(self.day_label, 1)
        picker.addWidget(self.next_button)
        self.body.addLayout(picker)
        self.counts = label("body")
        self.counts.setObjectName("dayCounts")
        self.body.addWidget(self.counts)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("dayTable")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setCornerButtonEnabled(False)
        for corner in self.table.findChildren(QAbstractButton):
            corner.hide()  # selects the whole table: nothing a reader of it needs
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(len(COLUMNS) - 1, QHeaderView.ResizeMode.Stretch)
        QScroller.grabGesture(
            self.table.viewport(), QScroller.ScrollerGestureType.LeftMouseButtonGesture
        )
        self.body.addWidget(self.table, 1)

    def show_day(self, day: date) -> None:
        self._day = min(day, date.today())
        self._result = None
        self._render()
        chosen = self._day
        self.run(
            "staff-reconcile",
            lambda: self.flow.back_office.reconcile(chosen),
            self._show,
            busy="Comparing the journal, the reader and Zenoti…",
        )

    def _show(self, result: Reconciliation) -> None:
        if result.day == self._day:
            self._result = result
            self._render()

    def _render(self) -> None:
        self.day_label.setText(format_date(self._day, translator.locale))
        self.next_button.setEnabled(self._day < date.today())
        self.table.setHorizontalHeaderLabels([tr(column) for column in COLUMNS])
        result = self._result
        rows = result.rows if result is not None else ()
        if result is not None:
            counts = result.counts
            self.counts.setText(
                "   ".join(
                    tr("{category}: {count}", category=tr(name), count=counts.get(c.value, 0))
                    for c, name in CATEGORY_NAMES.items()
                )
            )
        else:
            self.counts.setText("")
        self.table.setRowCount(len(rows))
        for index, row in enumerate(rows):
            amount = format_money(row.amount, translator.locale) if row.amount is not None else ""
            cells = (
                tr(CATEGORY_NAMES[row.category]),
                (row.sale_id or "")[:8],
                row.invoice_number or "",
                amount,
                row.method or "",
                row.explanation,
            )
            for column, text in enumerate(cells):
                self.table.setItem(index, column, QTableWidgetItem(text))
        self.table.resizeRowsToContents()

    def entered(self, *, route: routes.StaffDay) -> None:
        self.show_day(date.today())

    def retranslate(self) -> None:
        self._render()

    def forget_guest(self) -> None:
        super().forget_guest()
        self._result = None
        self.table.setRowCount(0)
