"""Which country a mobile number belongs to: a button naming it that opens every country, with a
search box (a name in the guest's language or English, "+44", "GB"), and a line edit that writes
a number the country's way as it is typed. The countries are ``kiosk.ui.countries``'.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.ui.countries import Country, countries
from kiosk.ui.i18n import tr, translator
from kiosk.ui.theme import set_role
from kiosk.ui.widgets.form import touch_edit
from kiosk.ui.widgets.keyboard import OnScreenKeyboard
from kiosk.ui.widgets.parts import label, scroll_area

INLINE_LIST_HEIGHT = 420  # px: five or six countries at a time, below the button


def country_by_id(zenoti_id: int | None) -> Country:
    """The country with this Zenoti id; the center's own when unknown."""
    return countries.by_id(zenoti_id)


class CountryPicker(QWidget):
    """A button naming the country; tapping it opens a searchable list of every country.

    ``inline`` shows the choices below the button; otherwise the owner places ``choices`` where
    there is room (say, in place of a keypad) and shows it on ``opened``. ``keyboard`` gives the
    search box a keyboard of its own (a screen without one to lend: the phone keypad's).
    """

    changed = Signal(object)  # Country
    opened = Signal(bool)

    def __init__(self, *, inline: bool = True, keyboard: bool = False) -> None:
        super().__init__()
        self._country: Country | None = None  # None: the center's own, whatever Zenoti says
        self._inline = inline
        self._columns = 1
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        self.toggle = QPushButton()
        set_role(self.toggle, "secondary")
        self.toggle.setCheckable(True)
        self.toggle.toggled.connect(self._open)
        column.addWidget(self.toggle)

        self.choices = QWidget()
        # It takes the room its owner gives (a keypad's): its own keyboard and list would
        # otherwise make that room taller, on every page sharing it.
        if not inline:
            self.choices.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Ignored)
        choices = QVBoxLayout(self.choices)
        choices.setContentsMargins(0, 0, 0, 0)
        choices.setSpacing(12)
        self.search = touch_edit(Qt.InputMethodHint.ImhNoPredictiveText)
        self.search.setObjectName("countrySearch")
        self.search.textChanged.connect(lambda _text: self._show_matches())
        self.nothing = label("muted")
        self.list_area = scroll_area()
        holder = QWidget()
        self._grid = QGridLayout(holder)
        self._grid.setContentsMargins(0, 0, 8, 0)
        self.list_area.setWidget(holder)
        self.buttons: dict[str, QPushButton] = {}  # by ISO code, made when first opened
        choices.addWidget(self.search)
        choices.addWidget(self.nothing)
        choices.addWidget(self.list_area, 1)
        self.keyboard: OnScreenKeyboard | None = None
        if keyboard:
            self.keyboard = OnScreenKeyboard()
            self.keyboard.attach(self.search)
            choices.addWidget(self.keyboard)
        if inline:
            self.list_area.setMinimumHeight(INLINE_LIST_HEIGHT)  # a form scrolls around it
            self.choices.hide()
            column.addWidget(self.choices)
        translator.changed.connect(self._render)
        self._render()

    def set_columns(self, columns: int) -> None:
        """Lay the country buttons out in ``columns`` columns (one where room is narrow)."""
        self._columns = columns
        self._show_matches()

    @property
    def country(self) -> Country:
        return self._country or countries.home

    def choose(self, country: Country) -> None:
        """Select ``country`` and close the choices."""
        changed = country != self.country
        self._country = country
        self.toggle.setChecked(False)
        self._render()
        if changed:
            self.changed.emit(country)

    def reset(self) -> None:
        """Back to the center's country, closed, the search empty."""
        self.search.clear()
        self._country = None
        self.toggle.setChecked(False)
        self._render()

    def refresh(self) -> None:
        """Show the countries again (the list grew: Zenoti's countries were read)."""
        self._show_matches()

    def matches(self) -> list[str]:
        """The ISO codes of the countries the search shows now, in order."""
        return [code for code, button in self.buttons.items() if not button.isHidden()]

    def _open(self, is_open: bool) -> None:
        if is_open:
            self.search.clear()
            self._show_matches()
            if self.keyboard is not None:
                self.keyboard.set_target(self.search)
        if self._inline:
            self.choices.setVisible(is_open)
        self._render()
        self.opened.emit(is_open)

    def _show_matches(self) -> None:
        if not self.toggle.isChecked():
            return
        found = countries.search(self.search.text())
        for country in found:
            if country.region not in self.buttons:
                self.buttons[country.region] = self._button(country)
        for button in self.buttons.values():
            self._grid.removeWidget(button)
            button.hide()
        for index, country in enumerate(found):
            button = self.buttons[country.region]
            button.setText(country.caption)
            button.setAccessibleName(country.caption)
            button.setChecked(country == self.country)
            self._grid.addWidget(button, index // self._columns, index % self._columns)
            button.show()
        rows = -(-len(found) // self._columns)
        for row in range(self._grid.rowCount()):
            # Spare height below the last row: the buttons stay together at the top.
            self._grid.setRowStretch(row, 1 if row == rows else 0)
        self.nothing.setText(tr("No country matches “{query}”", query=self.search.text().strip()))
        self.nothing.setVisible(not found)
        self.list_area.verticalScrollBar().setValue(0)

    def _button(self, country: Country) -> QPushButton:
        button = QPushButton()
        set_role(button, "chip")
        button.setProperty("target", "touch")  # guest.qss: a full touch target, not a chip's
        button.setCheckable(True)
        button.setObjectName(f"country-{country.region}")
        button.clicked.connect(lambda _=False, code=country.region: self._chosen(code))
        return button

    def _chosen(self, region: str) -> None:
        country = next((c for c in countries.all() if c.region == region), None)
        if country is not None:
            self.choose(country)

    def _render(self, _language: str = "") -> None:
        arrow = "▴" if self.toggle.isChecked() else "▾"
        caption = self.country.caption
        self.toggle.setText(f"{caption}  {arrow}")
        self.toggle.setAccessibleName(tr("Country: {country}", country=caption))
        self.toggle.setAccessibleDescription(
            tr("Choose your country from the list") if self.toggle.isChecked() else ""
        )
        self.search.setPlaceholderText(tr("Search for your country"))
        self.search.setAccessibleName(tr("Search for your country"))
        self._show_matches()


class PhoneEdit(QLineEdit):
    """A mobile-number field that writes the number the country's way as it is typed."""

    def __init__(self) -> None:
        super().__init__()
        self.country = countries.home
        self.setProperty("target", "touch")  # guest.qss: full touch height
        # Numbers read left to right in every language.
        self.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.setInputMethodHints(Qt.InputMethodHint.ImhDialableCharactersOnly)
        self.textEdited.connect(self._reformat)

    @property
    def digits(self) -> str:
        return "".join(c for c in self.text() if c.isascii() and c.isdigit())

    def set_number(self, country: Country, digits: str) -> None:
        """Show ``digits`` of ``country`` (replacing the text, and its undo history)."""
        self.country = country
        self.setText(country.format(digits[: country.max_digits(digits)]))

    def set_country(self, country: Country) -> None:
        self.set_number(country, self.digits)

    def _reformat(self, text: str) -> None:
        # Keep the cursor after the same digit it followed before the punctuation moved.
        cursor = self.cursorPosition()
        before = sum(1 for c in text[:cursor] if c.isascii() and c.isdigit())
        digits = self.digits[: self.country.max_digits(self.digits)]
        formatted = self.country.format(digits)
        if formatted == text:
            return
        self.setText(formatted)
        position, seen = 0, 0
        while position < len(formatted) and seen < before:
            seen += formatted[position].isdigit()
            position += 1
        self.setCursorPosition(position)
