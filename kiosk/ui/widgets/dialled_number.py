"""The number a guest has dialled so far, in a box that reads it back as they type.

Empty, it says what to type ("Your mobile number"); once a digit is in, it shows the number as
the country writes it. The number reads left to right in every language.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout

from kiosk.ui.i18n import tr, translator
from kiosk.ui.theme import set_role
from kiosk.ui.widgets.parts import label


class DialledNumber(QFrame):
    """A panel holding the written number, or the hint while nothing is dialled."""

    def __init__(self) -> None:
        super().__init__()
        set_role(self, "panel")
        row = QHBoxLayout(self)
        row.setContentsMargins(24, 8, 24, 8)
        self.number = label("dial", wrap=False)
        self.number.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.number.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.hint = label("dial-hint")
        row.addWidget(self.number)
        row.addWidget(self.hint)
        translator.changed.connect(self._translate)
        self._translate()
        self.show_number("")

    def show_number(self, written: str) -> None:
        """``written``: the number as its country writes it; empty, the hint shows instead."""
        self.number.setText(written)
        self.number.setVisible(bool(written))
        self.hint.setVisible(not written)

    def _translate(self) -> None:
        # Read out as its text (the number itself), described as what it is.
        self.number.setAccessibleDescription(tr("Mobile number"))
        self.hint.setText(tr("Your mobile number"))
