"""Identify: "Who's joining?" The guest types their mobile number on a big keypad (or their
email on the on-screen keyboard); Zenoti's matches come back masked; the guest picks themself, or
signs up. A guest who knows they are new signs up from the start ("New here? Sign up", under
"Find me"; beside the title on the email page), without searching first.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.checkout.errors import SaleError
from kiosk.checkout.view import GuestCandidate
from kiosk.domain.guest import Phone
from kiosk.ui import routes
from kiosk.ui.asyncbridge import async_slot
from kiosk.ui.messages import error_text
from kiosk.ui.screens.guest_page import GuestScreen
from kiosk.ui.widgets import guest_choices
from kiosk.ui.widgets.country_picker import CountryPicker
from kiosk.ui.widgets.dialled_number import DialledNumber
from kiosk.ui.widgets.form import looks_like_email, tell, touch_edit, wipe
from kiosk.ui.widgets.guest_choices import GuestChoices
from kiosk.ui.widgets.keyboard import OnScreenKeyboard
from kiosk.ui.widgets.keypad import PhoneKeypad
from kiosk.ui.widgets.language_bar import language_room
from kiosk.ui.widgets.parts import button, label

PHONE, EMAIL, RESULTS = range(3)


BAR_HOLDS_SWITCH_PX = 1200  # a tablet's top bar (1280 px) has room for the phone/email switch


class IdentifyScreen(GuestScreen):
    """Finds the guest in Zenoti by mobile number or email."""

    route = routes.Identify

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self._digits = ""
        self._entry_page = PHONE
        self._searching = False
        self._visit = 0  # bumped by forget_guest: a late answer must not show a gone guest
        self.back_button = self.way_out
        self.text(self.back_button, "Back")
        self.back_button.clicked.connect(self.back)
        self.results = GuestChoices()
        self.results.chosen.connect(self.choose)
        self.results.sign_up.connect(self.sign_up)
        self.results.retry.connect(lambda: self.show_entry(self._entry_page))
        self.pages = QStackedWidget()
        self.pages.addWidget(self._phone_page())
        self.pages.addWidget(self._email_page())
        self.pages.addWidget(self.results)
        self.column.addWidget(self.pages, 1)
        self._bar_tail = 0  # items after the phone/email switch in the top bar
        if self.router.shell is not None:  # keep clear of the floating language chips
            self.bar_row.addSpacing(language_room(self.router.shell.look))
            self._bar_tail = 1
        self._set_searching(False)
        self.settle_shape()
        self._show_page(PHONE)
        self.setTabOrder(self.back_button, self.country.toggle)

    # ------------------------------------------------------------------ building

    def _phone_page(self) -> QWidget:
        page = QWidget()
        self.phone_grid = QGridLayout(page)
        self.phone_info = QWidget()
        info = QVBoxLayout(self.phone_info)
        info.setContentsMargins(0, 0, 0, 0)
        info.setSpacing(16)
        title = label("title")
        self.text(title, "Who's joining?")
        self.phone_hint = hint = label("body")
        self.text(hint, "Enter your mobile number and we'll find you")
        self.country = CountryPicker(inline=False, keyboard=True)
        self.country.changed.connect(lambda _country: self._number_edited())
        self.country.opened.connect(self._show_countries)
        self.dialled = DialledNumber()
        for widget in (title, hint, self.country, self.dialled):
            info.addWidget(widget)
        self.keypad = PhoneKeypad()
        self.keypad.typed.connect(self.type_digit)
        self.keypad.deleted.connect(self.delete_digit)
        self.keypad.cleared.connect(self.clear_number)
        self.pad = QStackedWidget()
        self.pad.addWidget(self.keypad)
        self.pad.addWidget(self.country.choices)
        self.phone_actions = QWidget()
        self.action_column = actions = QVBoxLayout(self.phone_actions)
        actions.setContentsMargins(0, 0, 0, 0)
        actions.setSpacing(16)
        self.phone_error = label("error")
        self.find_button = button("primary")
        self.find_button.clicked.connect(self.find_guest)
        self.email_mode = button("ghost")
        self.text(self.email_mode, "Use email instead")
        self.email_mode.clicked.connect(lambda: self.show_entry(EMAIL))
        # The second way in, from the start: a new guest need not search to be told so.
        self.new_here = button("secondary")
        self.text(self.new_here, "New here? Sign up")
        self.new_here.clicked.connect(self.sign_up)
        actions.addWidget(self.phone_error)
        actions.addWidget(self.find_button)
        actions.addWidget(self.new_here)
        self._show_number()
        return page

    def _email_page(self) -> QWidget:
        page = QWidget()
        column = QVBoxLayout(page)
        self.email_column = column
        column.setSpacing(16)
        title = label("title")
        self.text(title, "Who's joining?")
        self.email_new_here = button("secondary")
        self.text(self.email_new_here, "New here? Sign up")
        self.email_new_here.clicked.connect(self.sign_up)
        heading = QHBoxLayout()
        heading.setSpacing(16)
        heading.addWidget(title, 1)
        heading.addWidget(self.email_new_here)
        self.email_hint = label("body")
        self.text(self.email_hint, "Type the email address you gave us")
        self.email = touch_edit(
            Qt.InputMethodHint.ImhEmailCharactersOnly | Qt.InputMethodHint.ImhNoAutoUppercase
        )
        self.email.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.bind(self.email.setAccessibleName, "Email address")
        self.bind(self.email.setPlaceholderText, "name@example.com")
        self.email.textChanged.connect(self._email_changed)
        self.email.returnPressed.connect(self.find_guest)
        self.email_error = label("error")
        self.email_find = button("primary")
        self.email_find.clicked.connect(self.find_guest)
        self.phone_mode = button("ghost")
        self.text(self.phone_mode, "Use my mobile number")
        self.phone_mode.clicked.connect(lambda: self.show_entry(PHONE))
        self.keyboard = OnScreenKeyboard()
        self.keyboard.attach(self.email)
        entry = QHBoxLayout()
        entry.setSpacing(16)
        entry.addWidget(self.email, 1)
        entry.addWidget(self.email_find)
        column.addLayout(heading)
        column.addWidget(self.email_hint)
        # The field sits just above the keyboard, within reach and in one glance with it.
        column.addStretch(1)
        column.addLayout(entry)
        column.addWidget(self.email_error)
        column.addWidget(self.keyboard)
        self._email_changed("")
        return page

    def arrange(self, landscape: bool) -> None:
        """Portrait: the keypad between the number and the action; landscape: beside them,
        with tighter margins (a wide screen is short) and the answers side by side."""
        margins = (40, 16, 40, 16) if landscape else (48, 32, 48, 32)
        for layout in (self.phone_grid, self.email_column):
            layout.setContentsMargins(*margins)
        self.phone_grid.setSpacing(16 if landscape else 32)
        # A short screen: the two ways in ("Find me", "New here?") close together.
        self.action_column.setSpacing(8 if landscape else 16)
        self.email_column.setSpacing(8 if landscape else 16)
        # A wide screen is short: the keyboard needs the height; the field's placeholder and
        # name say what to type.
        self.email_hint.setVisible(not landscape)
        # Likewise the phone's: its column holds both ways in ("Find me", "New here?"), and the
        # number box says what to type.
        self.phone_hint.setVisible(not landscape)
        self.results.set_wide(landscape)
        self._place_switches(landscape)
        grid = self.phone_grid
        for widget in (self.phone_info, self.pad, self.phone_actions):
            grid.removeWidget(widget)
        for row in range(3):
            grid.setRowStretch(row, 0)
        if landscape:
            grid.addWidget(self.phone_info, 0, 0)
            grid.addWidget(self.phone_actions, 2, 0, Qt.AlignmentFlag.AlignBottom)
            grid.addWidget(self.pad, 0, 1, 3, 1)
            grid.setColumnStretch(1, 1)
            self.country.set_columns(1)  # half a screen is too narrow for two
        else:
            grid.addWidget(self.phone_info, 0, 0)
            grid.addWidget(self.pad, 1, 0)
            grid.addWidget(self.phone_actions, 2, 0, Qt.AlignmentFlag.AlignBottom)
            grid.setColumnStretch(1, 0)
            self.country.set_columns(1)  # long names ("República Centroafricana") whole
            # Some spare height makes the keys bigger, the rest keeps the action at the bottom.
            grid.setRowStretch(1, 3)
        grid.setRowStretch(2, 2)
        grid.setColumnStretch(0, 1)

    def _place_switches(self, landscape: bool) -> None:
        """Phone or email: on a tablet's wide bar, the switch waits at its trailing end;
        otherwise it sits with the ways on, under "New here?" or the email hint (the portrait
        kiosk's 1080 px bar, in reach mode too, holds the way out and the languages, and the
        switch only in short languages at normal text)."""
        for switch in (self.email_mode, self.phone_mode):
            for layout in (self.bar_row, self.action_column, self.email_column):
                layout.removeWidget(switch)
        if landscape and self.room().width() >= BAR_HOLDS_SWITCH_PX:
            at = self.bar_row.count() - self._bar_tail
            self.bar_row.insertWidget(at, self.email_mode)
            self.bar_row.insertWidget(at + 1, self.phone_mode)
        else:
            self.action_column.addWidget(self.email_mode)
            below_hint = self.email_column.indexOf(self.email_hint) + 1
            self.email_column.insertWidget(
                below_hint, self.phone_mode, 0, Qt.AlignmentFlag.AlignLeading
            )
        # A new parent hides a widget: show the one the current page calls for.
        self._show_page(self.pages.currentIndex())

    # ------------------------------------------------------------------ entering the number

    def type_digit(self, digit: str) -> None:
        if len(self._digits) < self.country.country.max_digits(self._digits + digit):
            self._digits += digit
        self._number_edited()

    def delete_digit(self) -> None:
        self._digits = self._digits[:-1]
        self._number_edited()

    def clear_number(self) -> None:
        self._digits = ""
        self._number_edited()

    def _number_edited(self) -> None:
        tell(self.phone_error, "")  # the guest is correcting: the old complaint goes
        self._show_number()

    def _show_number(self) -> None:
        country = self.country.country
        self._digits = self._digits[: country.max_digits(self._digits)]
        self.dialled.show_number(country.written(self._digits) if self._digits else "")
        self.find_button.setEnabled(country.is_complete(self._digits) and not self._searching)

    def _show_countries(self, is_open: bool) -> None:
        self.pad.setCurrentIndex(1 if is_open else 0)
        if is_open:
            self._learn_countries()

    @async_slot
    async def _learn_countries(self) -> None:
        await self.flow.countries()  # Zenoti's ids for every country, read once
        self.country.refresh()

    def _email_changed(self, text: str) -> None:
        tell(self.email_error, "")
        self._enable_email_find()

    def _enable_email_find(self) -> None:
        self.email_find.setEnabled(looks_like_email(self.email.text()) and not self._searching)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # A physical keyboard (staff, accessibility) types on the keypad too.
        if self.pages.currentIndex() == PHONE:
            if event.text().isdigit() and event.text().isascii():
                self.type_digit(event.text())
                return
            if event.key() == Qt.Key.Key_Backspace:
                self.delete_digit()
                return
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.find_guest()
                return
        super().keyPressEvent(event)

    def _show_page(self, page: int) -> None:
        self.pages.setCurrentIndex(page)
        self.email_mode.setVisible(page == PHONE)
        self.phone_mode.setVisible(page == EMAIL)

    def show_entry(self, page: int) -> None:
        """Show the phone or the email entry."""
        self._entry_page = page
        self._show_page(page)
        if page == EMAIL:
            self.keyboard.set_target(self.email)
            self.email.setFocus()

    # ------------------------------------------------------------------ searching

    def _query(self) -> tuple[Phone | None, str | None]:
        if self._entry_page == EMAIL:
            text = self.email.text().strip()
            return None, text if looks_like_email(text) else None
        country = self.country.country
        if not country.is_complete(self._digits):
            return None, None
        return Phone(country.zenoti_id, country.national(self._digits)), None

    def find_guest(self) -> None:
        """Search Zenoti with what the guest entered; a second tap while it runs does nothing."""
        phone, email = self._query()
        if self._searching or (phone is None and email is None):
            return
        # Busy at once, in the tap itself: a second tap must find the button already disabled.
        self._set_searching(True)
        self._search(phone, email)

    @async_slot
    async def _search(self, phone: Phone | None, email: str | None) -> None:
        visit = self._visit
        error_label = self.email_error if email else self.phone_error
        try:
            candidates = await self.flow.sale.find_guests(phone=phone, email=email)
        except SaleError as error:
            if visit == self._visit:
                tell(error_label, error_text(error))
            return
        finally:
            self._set_searching(False)
        if visit == self._visit:
            self._show_results(candidates)

    def _set_searching(self, searching: bool) -> None:
        self._searching = searching
        for find in (self.find_button, self.email_find):
            if searching:
                self.text(find, "Searching…")
            else:
                self.text(find, "Find me")
        self._show_number()
        self._enable_email_find()

    def _show_results(self, candidates: list[GuestCandidate]) -> None:
        by = guest_choices.EMAIL if self._entry_page == EMAIL else guest_choices.PHONE
        self.results.present(candidates, by)
        self._show_page(RESULTS)

    def choose(self, guest_id: str) -> None:
        """The guest says which one they are: tell the sale, then on to the terms."""
        if self._searching:
            return
        self._searching = True
        self.results.set_busy(True)  # at once: a second tap finds every choice disabled
        self._choose(guest_id)

    @async_slot
    async def _choose(self, guest_id: str) -> None:
        visit = self._visit
        try:
            await self.flow.sale.choose_guest(guest_id)
        except SaleError as error:
            if visit == self._visit:
                self.results.say(error_text(error))
            return
        finally:
            self._searching = False
            self.results.set_busy(False)
        if visit == self._visit:
            self.router.go(routes.Terms())

    def sign_up(self) -> None:
        """On to register, with the number or email typed here (when whole) carried over."""
        phone, email = self._query()
        self.router.go(routes.Register(phone=phone, email=email))

    def back(self) -> None:
        if self.pages.currentIndex() == RESULTS:
            self.show_entry(self._entry_page)
            return
        self.router.back()

    # ------------------------------------------------------------------ life cycle

    def entered(self, *, route: routes.Identify) -> None:
        self.show_entry(self._entry_page)
        self.results.clear()

    def forget_guest(self) -> None:
        self._visit += 1
        self._digits = ""
        wipe(self.email)
        self.results.clear()
        for error in (self.phone_error, self.email_error):
            tell(error, "")
        self.country.reset()
        self._show_number()
        self.show_entry(PHONE)
