"""The staff PIN pad: masked dots, the big phone keypad, Cancel and Unlock, over the whole window.

It holds the digits only until they are submitted (then they are wiped at once) and never shows
them. What the check said comes back through ``show_wrong`` / ``show_locked``; the check itself is
the engine's (``StaffAccess.unlock``), off the event loop.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from kiosk.ui.formatting import format_when
from kiosk.ui.i18n import tr, translator
from kiosk.ui.theme import set_role
from kiosk.ui.widgets.keypad import PhoneKeypad
from kiosk.ui.widgets.parts import label

MAX_DIGITS = 8  # kiosk.checkout.staff.pin: a PIN is 4 to 8 digits
MIN_DIGITS = 4


class PinOverlay(QFrame):
    """Covers the window with the PIN pad; ``submitted`` carries the PIN, once."""

    submitted = Signal(str)
    cancelled = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        set_role(self, "overlay")
        self.setObjectName("pinOverlay")
        self._digits = ""
        self._locked_until: datetime | None = None
        self._tries_left: int | None = None
        self._busy = False

        box = QFrame(self)
        set_role(box, "dialog")
        box.setObjectName("pinPad")
        column = QVBoxLayout(box)
        column.setContentsMargins(40, 32, 40, 32)
        column.setSpacing(16)
        self.title = label("title")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.dots = label("amount", wrap=False)
        self.dots.setObjectName("pinDots")
        self.dots.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message = label("error")
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.keypad = PhoneKeypad()
        self.keypad.typed.connect(self._typed)
        self.keypad.deleted.connect(self._deleted)
        self.keypad.cleared.connect(self._cleared)
        row = QHBoxLayout()
        row.setSpacing(16)
        self.cancel_button = QPushButton()
        set_role(self.cancel_button, "secondary")
        self.cancel_button.clicked.connect(self.cancel)
        self.unlock_button = QPushButton()
        set_role(self.unlock_button, "primary")
        self.unlock_button.clicked.connect(self.submit)
        row.addWidget(self.cancel_button, 1)
        row.addWidget(self.unlock_button, 1)
        for widget in (self.title, self.dots, self.message):
            column.addWidget(widget)
        column.addWidget(self.keypad, 1)
        column.addLayout(row)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addWidget(box, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(1)
        self._box = box
        translator.changed.connect(self._on_language)
        self.hide()

    # ------------------------------------------------------------------ showing

    def open(self) -> None:
        """Show an empty pad over the whole window."""
        self._digits = ""
        self._tries_left = None
        self._busy = False
        parent = self.parentWidget()
        if parent is not None:
            self.setGeometry(parent.rect())
            self._box.setMinimumWidth(min(560, parent.width() - 48))
        self._render()
        self.show()
        self.raise_()
        self.setFocus()

    def close_pad(self) -> None:
        self._digits = ""
        self._busy = False
        self.hide()

    @property
    def is_open(self) -> bool:
        return self.isVisible()

    @property
    def checking(self) -> bool:
        """A PIN was submitted and its check has not answered yet."""
        return self._busy

    def show_wrong(self, tries_left: int) -> None:
        """The PIN matched nobody: say how many tries are left, and start again."""
        self._busy = False
        self._tries_left = tries_left
        self._render()

    def show_locked(self, until: datetime | None) -> None:
        """Too many wrong PINs: no more tries until ``until`` (None: no longer locked)."""
        if until is not None:
            self._busy = False
        self._locked_until = until
        self._render()

    # ------------------------------------------------------------------ the keys

    def submit(self) -> None:
        if self._busy or self._locked_until is not None or len(self._digits) < MIN_DIGITS:
            return
        pin, self._digits = self._digits, ""
        self._busy = True
        self._render()
        self.submitted.emit(pin)

    def cancel(self) -> None:
        self.close_pad()
        self.cancelled.emit()

    def _typed(self, digit: str) -> None:
        if not self._busy and len(self._digits) < MAX_DIGITS:
            self._digits += digit
            self._render()

    def _deleted(self) -> None:
        self._digits = self._digits[:-1]
        self._render()

    def _cleared(self) -> None:
        self._digits = ""
        self._render()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """A physical keyboard works too: digits, Backspace, Enter, Escape."""
        key, text = event.key(), event.text()
        if text.isdigit() and len(text) == 1:
            self._typed(text)
        elif key == Qt.Key.Key_Backspace:
            self._deleted()
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.submit()
        elif key == Qt.Key.Key_Escape:
            self.cancel()
        else:
            super().keyPressEvent(event)

    # ------------------------------------------------------------------ rendering

    def _on_language(self, _language: str) -> None:
        self._render()

    def _render(self) -> None:
        self.title.setText(tr("Staff PIN"))
        self.dots.setText("●" * len(self._digits) if self._digits else "○○○○")
        self.dots.setAccessibleName(tr("{count} digits entered", count=len(self._digits)))
        if self._locked_until is not None:
            at = format_when(self._locked_until, translator.locale, with_date=False)
            message = tr("Locked — try again at {time}", time=at)
        elif self._busy:
            message = tr("Checking…")
        elif self._tries_left is not None:
            message = tr("Wrong PIN — {tries} tries left", tries=self._tries_left)
        else:
            message = ""
        self.message.setText(message)
        self.message.setAccessibleName(message)
        self.message.setVisible(bool(message))
        self.keypad.setEnabled(not self._busy and self._locked_until is None)
        self.unlock_button.setEnabled(not self._busy and self._locked_until is None)
        for button, text in (
            (self.cancel_button, tr("Cancel")),
            (self.unlock_button, tr("Unlock")),
        ):
            button.setText(text)
            button.setAccessibleName(text)

    def mousePressEvent(self, event: object) -> None:
        """A tap beside the pad does nothing (the pad stays until Cancel)."""
