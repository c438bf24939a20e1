"""The big phone keypad: digits 0–9, delete and clear, laid out like a phone in every language."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QPushButton, QSizePolicy, QWidget

from kiosk.ui.i18n import tr, translator
from kiosk.ui.theme import set_role

_ROWS = ("123", "456", "789")


class PhoneKeypad(QWidget):
    """Twelve keys; says which was pressed. It holds no number itself."""

    typed = Signal(str)  # one digit
    deleted = Signal()
    cleared = Signal()

    def __init__(self) -> None:
        super().__init__()
        # A keypad is a physical layout: 1 2 3 stays at the top left even right to left.
        self.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        self.keys: dict[str, QPushButton] = {}
        for row, digits in enumerate(_ROWS):
            for column, digit in enumerate(digits):
                grid.addWidget(self._digit(digit), row, column)
        self.clear_key = self._key("clear")
        self.clear_key.clicked.connect(self.cleared.emit)
        self.delete_key = self._key("delete")
        self.delete_key.setText("⌫")
        self.delete_key.setAutoRepeat(True)  # holding delete keeps deleting, as on a phone
        self.delete_key.clicked.connect(self.deleted.emit)
        grid.addWidget(self.clear_key, 3, 0)
        grid.addWidget(self._digit("0"), 3, 1)
        grid.addWidget(self.delete_key, 3, 2)
        for row in range(4):
            grid.setRowStretch(row, 1)
        translator.changed.connect(self._translate)
        self._translate()

    def _key(self, name: str) -> QPushButton:
        key = QPushButton()
        set_role(key, "key")
        key.setProperty("pad", "phone")  # guest.qss: larger than keyboard keys
        # Keys share the keypad's room evenly (rows have equal stretch), never below touch size.
        key.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.keys[name] = key
        return key

    def _digit(self, digit: str) -> QPushButton:
        key = self._key(digit)
        key.setText(digit)
        key.setAccessibleName(digit)
        key.clicked.connect(lambda _=False, d=digit: self.typed.emit(d))
        return key

    def _translate(self, _language: str = "") -> None:
        self.clear_key.setText(tr("Clear"))
        self.clear_key.setAccessibleName(tr("Clear the number"))
        self.delete_key.setAccessibleName(tr("Delete the last digit"))
