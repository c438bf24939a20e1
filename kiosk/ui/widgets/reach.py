"""Reach mode, for a seated or short guest at a tall portrait kiosk: one button, at the foot of
every guest screen, brings every control into the lower half of the screen (the upper half
then holds a calm panel that says so), and a second tap puts them back.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QVBoxLayout

from kiosk.ui.i18n import tr, translator
from kiosk.ui.theme import set_role
from kiosk.ui.widgets.parts import label


class ReachBar(QFrame):
    """The slim bar under the screens with the reach button; ``toggled`` says on or off."""

    toggled = Signal(bool)

    def __init__(self) -> None:
        super().__init__()
        set_role(self, "reachbar")
        row = QHBoxLayout(self)
        row.setContentsMargins(24, 8, 24, 8)
        self.button = QPushButton()
        self.button.setObjectName("reachButton")
        set_role(self.button, "toggle")
        self.button.setCheckable(True)
        self.button.toggled.connect(self._toggled)
        row.addWidget(self.button)
        row.addStretch(1)
        translator.changed.connect(self._render)
        self._render()

    @property
    def on(self) -> bool:
        return self.button.isChecked()

    def set_on(self, on: bool) -> None:
        self.button.setChecked(on)

    def _toggled(self, on: bool) -> None:
        self._render()
        self.toggled.emit(on)

    def _render(self, _language: str = "") -> None:
        if self.button.isChecked():
            text = tr("⇧ Move back up")
            self.button.setAccessibleDescription(tr("Everything is in the lower half now"))
        else:
            text = tr("⇩ Bring everything lower")
            self.button.setAccessibleDescription(
                tr("Moves every button into the lower half of the screen")
            )
        self.button.setText(text)
        self.button.setAccessibleName(text)


class ReachSpace(QFrame):
    """The upper half while reach mode is on: nothing to tap, only where everything went."""

    def __init__(self) -> None:
        super().__init__()
        set_role(self, "reachspace")
        column = QVBoxLayout(self)
        column.setContentsMargins(48, 48, 48, 48)
        self.note = label("subtitle")
        self.note.setAlignment(Qt.AlignmentFlag.AlignCenter)
        column.addStretch(1)
        column.addWidget(self.note)
        column.addStretch(1)
        translator.changed.connect(self._render)
        self._render()
        self.hide()

    def _render(self, _language: str = "") -> None:
        self.note.setText(tr("Everything is below, within reach ⇩"))
