"""Which country a mobile number belongs to: the countries the kiosk knows, how their numbers are
written, a picker of big buttons, and a line edit that formats a number as it is typed.

Zenoti identifies a country by its own *country id* (225 = USA), not by the dialling code.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QLineEdit, QPushButton, QVBoxLayout, QWidget

from kiosk.ui.i18n import tr, translator
from kiosk.ui.theme import set_role


@dataclass(frozen=True, slots=True)
class Country:
    """A country whose mobile numbers the kiosk takes; ``pattern`` writes one (``#`` a digit)."""

    zenoti_id: int
    dialling_code: str
    pattern: str
    trunk: str = ""  # a national prefix some guests type first ("0" in the UK)

    def pattern_for(self, digits: str) -> str:
        """The pattern for these digits: one more digit in the first group after a trunk 0."""
        if self.trunk and digits.startswith(self.trunk):
            return "#" + self.pattern
        return self.pattern

    def max_digits(self, digits: str = "") -> int:
        return self.pattern_for(digits).count("#")

    def is_complete(self, digits: str) -> bool:
        """Whether ``digits`` is a whole national number of this country."""
        return len(digits) == self.max_digits(digits)

    def format(self, digits: str) -> str:
        """``(917) 555-01`` as the guest types; digits beyond the pattern follow as they are."""
        out: list[str] = []
        used = 0
        for mark in self.pattern_for(digits):
            if used >= len(digits):
                break
            if mark == "#":
                out.append(digits[used])
                used += 1
            else:
                out.append(mark)
        return "".join(out) + digits[used:]

    @property
    def name(self) -> str:
        """The country's name in the guest's language."""
        return country_name(self.zenoti_id)

    @property
    def caption(self) -> str:
        """``United States +1``: the name and dialling code, as a button shows them."""
        # Left-to-right marks keep "+44" whole (not "44+") inside Arabic text.
        return f"{self.name} \u200e+{self.dialling_code}\u200e"


USA = Country(225, "1", "(###) ###-####")
COUNTRIES: tuple[Country, ...] = (
    USA,
    Country(38, "1", "(###) ###-####"),
    Country(224, "44", "#### ######", trunk="0"),
    Country(199, "34", "### ## ## ##"),
    Country(138, "52", "## #### ####"),
    Country(95, "91", "##### #####", trunk="0"),
)


def country_name(zenoti_id: int) -> str:
    """The name of a country the kiosk knows, translated (literal keys, for the i18n check)."""
    names = {
        225: tr("United States"),
        38: tr("Canada"),
        224: tr("United Kingdom"),
        199: tr("Spain"),
        138: tr("Mexico"),
        95: tr("India"),
    }
    return names.get(zenoti_id, "")


def country_by_id(zenoti_id: int | None) -> Country:
    """The country with this Zenoti id; the USA when unknown."""
    return next((c for c in COUNTRIES if c.zenoti_id == zenoti_id), USA)


class CountryPicker(QWidget):
    """A button naming the country; tapping it opens big buttons for every country.

    ``inline`` shows the choices below the button; otherwise the owner places ``choices`` where
    there is room (say, in place of a keypad) and shows it on ``opened``.
    """

    changed = Signal(object)  # Country
    opened = Signal(bool)

    def __init__(self, *, inline: bool = True) -> None:
        super().__init__()
        self._country = USA
        self._inline = inline
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        self.toggle = QPushButton()
        set_role(self.toggle, "secondary")
        self.toggle.setCheckable(True)
        self.toggle.toggled.connect(self._open)
        column.addWidget(self.toggle)

        self.choices = QWidget()
        self._grid = QGridLayout(self.choices)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self.buttons: dict[int, QPushButton] = {}
        for country in COUNTRIES:
            button = QPushButton()
            set_role(button, "chip")
            button.setProperty("target", "touch")  # guest.qss: a full touch target, not a chip's
            button.setCheckable(True)
            button.clicked.connect(lambda _=False, c=country: self.choose(c))
            self.buttons[country.zenoti_id] = button
        self.set_columns(2)
        if inline:
            self.choices.hide()
            column.addWidget(self.choices)
        translator.changed.connect(self._render)
        self._render()

    def set_columns(self, columns: int) -> None:
        """Lay the country buttons out in ``columns`` columns (one where room is narrow)."""
        for index, button in enumerate(self.buttons.values()):
            self._grid.removeWidget(button)
            self._grid.addWidget(button, index // columns, index % columns)
        rows = -(-len(self.buttons) // columns)
        for row in range(len(self.buttons) + 1):
            # Spare height below the last row: the buttons stay together at the top.
            self._grid.setRowStretch(row, 1 if row == rows else 0)

    @property
    def country(self) -> Country:
        return self._country

    def choose(self, country: Country) -> None:
        """Select ``country`` and close the choices."""
        changed = country != self._country
        self._country = country
        self.toggle.setChecked(False)
        self._render()
        if changed:
            self.changed.emit(country)

    def reset(self) -> None:
        """Back to the default country, closed."""
        self.choose(USA)

    def _open(self, is_open: bool) -> None:
        if self._inline:
            self.choices.setVisible(is_open)
        self._render()
        self.opened.emit(is_open)

    def _render(self, _language: str = "") -> None:
        arrow = "▴" if self.toggle.isChecked() else "▾"
        self.toggle.setText(f"{self._country.caption}  {arrow}")
        self.toggle.setAccessibleName(tr("Country: {country}", country=self._country.caption))
        self.toggle.setAccessibleDescription(
            tr("Choose your country from the list") if self.toggle.isChecked() else ""
        )
        for zenoti_id, button in self.buttons.items():
            country = country_by_id(zenoti_id)
            button.setText(country.caption)
            button.setAccessibleName(country.caption)
            button.setChecked(country == self._country)


class PhoneEdit(QLineEdit):
    """A mobile-number field that writes the number the country's way as it is typed."""

    def __init__(self) -> None:
        super().__init__()
        self.country = USA
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
