"""Find a reference: any reference a guest was given — scanned with a handheld scanner (which
types the QR code's text and Enter, like a keyboard), typed from the short code, or picked from
today's sales — leads to its sale, in every state, with its outcome in plain words
("Cancelled — not charged") and its history.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QHBoxLayout, QLineEdit

from kiosk.checkout.journal import JournalEvent, SaleRecord
from kiosk.domain.reference import spoken
from kiosk.domain.sale import SaleState
from kiosk.ui import routes
from kiosk.ui.formatting import format_when
from kiosk.ui.i18n import tr, translator
from kiosk.ui.screens.staff_page import StaffScreen
from kiosk.ui.screens.staff_queue import record_amount
from kiosk.ui.widgets.choice_list import ChoiceList, Row
from kiosk.ui.widgets.keyboard import OnScreenKeyboard
from kiosk.ui.widgets.parts import button, label

_PAID = (SaleState.APPROVED, SaleState.RECORDED, SaleState.CLOSED)
_CARD = (SaleState.CARD_NEEDED, SaleState.SAVING_CARD)
_CHECKING = (SaleState.UNKNOWN, SaleState.RECONCILING)


def outcome(record: SaleRecord) -> str:
    """What became of a sale, as staff tell the guest."""
    state = record.state
    if state is SaleState.COMPLETED:
        return tr("Paid — membership sold")
    if state in _CARD:
        return tr("Paid — no card saved yet for the next payments")
    if state is SaleState.CANCELLED:
        return tr("Cancelled — not charged")
    if state is SaleState.ABANDONED:
        return tr("Left before paying — not charged")
    if state is SaleState.NEEDS_STAFF:
        return tr("Needs staff: {reason}", reason=record.needs_staff_reason or "")
    if state is SaleState.RESOLVED:
        return tr("Resolved by staff")
    if state in _CHECKING:
        return tr("Still being checked — the outcome is not known yet")
    if state in _PAID:
        return tr("Paid — being finished")
    return tr("In progress — nothing is charged yet")


class StaffLookupScreen(StaffScreen):
    """A reference field (scanner or keyboard), today's sales, and the sale found."""

    route = routes.StaffLookup
    title_text = "Find a reference"

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self._today: dict[str, SaleRecord] = {}
        row = QHBoxLayout()
        row.setSpacing(12)
        self.field = QLineEdit()
        self.field.setObjectName("referenceField")
        self.bind(self.field.setPlaceholderText, "Scan or type the guest's reference")
        self.bind(self.field.setAccessibleName, "Scan or type the guest's reference")
        self.field.returnPressed.connect(self.look_up)  # a scanner ends what it types with Enter
        self.find_button = button("primary")
        self.text(self.find_button, "Find")
        self.find_button.clicked.connect(self.look_up)
        # A scanner types by itself: the on-screen keyboard only when staff ask for it.
        self.keyboard_button = button("secondary")
        self.keyboard_button.setCheckable(True)
        self.text(self.keyboard_button, "Keyboard")
        self.keyboard_button.toggled.connect(self._show_keyboard)
        row.addWidget(self.field, 1)
        row.addWidget(self.find_button)
        row.addWidget(self.keyboard_button)
        self.body.addLayout(row)
        self.found = label("subtitle")
        self.found.setObjectName("referenceOutcome")
        self.details = label("muted")
        self.history = ChoiceList()
        self.today_title = label("subtitle")
        self.text(self.today_title, "Today's sales")
        self.today = ChoiceList()
        self.today.chosen.connect(self.pick)
        for widget in (self.found, self.details):
            self.body.addWidget(widget)
        self.body.addWidget(self.history, 1)
        self.body.addWidget(self.today_title)
        self.body.addWidget(self.today, 2)
        self.keyboard = OnScreenKeyboard()
        self.keyboard.attach(self.field)
        self.keyboard.hide()
        self.body.addWidget(self.keyboard)

    # ------------------------------------------------------------------ finding

    def entered(self, *, route: routes.StaffLookup) -> None:
        self._clear_found()
        self.field.clear()
        self.field.setFocus()  # a scanner types into whatever has the focus
        self.keyboard.set_target(self.field)
        self.run("staff-today", self.flow.back_office.todays_sales, self._show_today)

    def _show_keyboard(self, on: bool) -> None:
        self.keyboard.setVisible(on)
        self.field.setFocus()

    def look_up(self) -> None:
        """Look up what the field holds (scanned or typed)."""
        text = self.field.text()
        self.run("staff-lookup", lambda: self.flow.back_office.look_up(text), self._show_found)

    def pick(self, sale_id: str) -> None:
        record = self._today.get(sale_id)
        if record is not None:
            self._show_found([record])

    def _show_today(self, sales: list[SaleRecord]) -> None:
        self._today = {record.id: record for record in sales}
        self.today.set_rows(
            [
                Row(
                    record.id,
                    f"{format_when(record.created_at, translator.locale, with_date=False)} · "
                    f"{spoken(record.id)} · {record_amount(record)}",
                    outcome(record),
                )
                for record in sales
            ]
        )
        if not sales:
            self.today.set_rows([Row("", tr("No sales today yet"), enabled=False)])

    def _show_found(self, found: list[SaleRecord]) -> None:
        self._clear_found()
        if not found:
            self.say(tr("No sale has this reference"), role="error")
            return
        if len(found) > 1:
            self.say(tr("Several sales start with this code: scan the QR code instead"))
        record = found[0]
        self.found.setText(tr("{code}: {outcome}", code=spoken(record.id), outcome=outcome(record)))
        self.found.setAccessibleName(self.found.text())
        self.details.setText(
            tr(
                "Started {when} · {amount} · {state}",
                when=format_when(record.created_at, translator.locale),
                amount=record_amount(record),
                state=record.state.value,
            )
        )
        sale_id = record.id
        self.start("staff-history", self._history(sale_id))

    async def _history(self, sale_id: str) -> None:
        events = await self.flow.back_office.history(sale_id)
        self.history.set_rows([_event_row(e) for e in events])

    def _clear_found(self) -> None:
        self.found.clear()
        self.details.clear()
        self.history.clear()

    def forget_guest(self) -> None:
        super().forget_guest()
        self._today = {}
        self.keyboard_button.setChecked(False)
        self.field.clear()
        self.today.clear()
        self._clear_found()


def _event_row(event: JournalEvent) -> Row:
    when = format_when(event.at, translator.locale)
    return Row(str(event.seq), f"{when} · {event.state.value}", event.event, enabled=False)
