"""Assisted checkout, step one: find any guest by name, phone or email and pick them.

Staff type on the kiosk's own keyboard or a physical one; the engine decides which Zenoti search
fits the text. Staff see guests unmasked (they are at the desk with them); the list is wiped as
soon as the screen is left for good (``forget_guest``).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QLineEdit

from kiosk.domain.guest import Guest
from kiosk.domain.invoice import InvoiceSummary
from kiosk.ui import routes
from kiosk.ui.i18n import tr
from kiosk.ui.screens.staff_page import StaffScreen
from kiosk.ui.widgets.choice_list import ChoiceList, Row
from kiosk.ui.widgets.keyboard import OnScreenKeyboard
from kiosk.ui.widgets.parts import button


def guest_row(guest: Guest) -> Row:
    name = f"{guest.first_name} {guest.last_name}".strip()
    reach = " · ".join(x for x in (guest.phone.number if guest.phone else "", guest.email) if x)
    return Row(guest.id, name or guest.code, reach)


class StaffGuestsScreen(StaffScreen):
    """A search field, the results, and the keyboard; a tap on a guest moves on."""

    route = routes.StaffGuests
    title_text = "Find the guest"

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self._invoice: InvoiceSummary | None = None  # an open invoice without a guest
        self._found: dict[str, Guest] = {}
        row = self.action_row()
        self.query = QLineEdit()
        self.query.setObjectName("guestQuery")
        self.bind(self.query.setPlaceholderText, "Name, phone or email")
        self.bind(self.query.setAccessibleName, "Name, phone or email")
        self.query.returnPressed.connect(self.search)
        self.search_button = button("primary")
        self.text(self.search_button, "Search")
        self.search_button.clicked.connect(self.search)
        row.addWidget(self.query, 1)
        row.addWidget(self.search_button)
        self.body.addLayout(row)
        self.results = ChoiceList()
        self.results.chosen.connect(self.choose)
        self.body.addWidget(self.results, 1)
        self.keyboard = OnScreenKeyboard()
        self.keyboard.attach(self.query)
        self.body.addWidget(self.keyboard)

    def search(self) -> None:
        text = self.query.text().strip()
        if len(text) < 2:
            self.say(tr("Type at least two letters or digits"), role="error")
            return
        self.run(
            "staff-find-guests",
            lambda: self.flow.back_office.find_guests(text),
            self._show,
            busy="Searching…",
        )

    def _show(self, guests: list[Guest]) -> None:
        self._found = {guest.id: guest for guest in guests}
        self.results.set_rows([guest_row(guest) for guest in guests])
        if not guests:
            self.say(tr("No guest found — check the spelling or try the phone number"))

    def choose(self, guest_id: str) -> None:
        guest = self._found.get(guest_id)
        if guest is None:
            return
        name = f"{guest.first_name} {guest.last_name}".strip()
        self.router.go(
            routes.StaffMemberships(guest_id=guest_id, guest_name=name, invoice=self._invoice)
        )

    def entered(self, *, route: routes.StaffGuests) -> None:
        self._invoice = route.invoice
        self.query.clear()
        self.results.clear()
        self._found = {}
        self.keyboard.set_target(self.query)
        self.query.setFocus()

    def forget_guest(self) -> None:
        super().forget_guest()
        self.query.clear()
        self.results.clear()
        self._found = {}
        self._invoice = None
