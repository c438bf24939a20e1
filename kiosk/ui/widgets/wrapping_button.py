"""A push button whose caption wraps onto more lines instead of being cut off.

Qt's push button paints its text on one line: a long translation, or large text on the portrait
kiosk, runs past its edges. This one keeps ``text()`` whole (for the accessible name, and for
whoever taps it by what it says) and only paints it wrapped at word boundaries.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPaintEvent, QPalette
from PySide6.QtWidgets import QPushButton, QStyle, QStyleOptionButton, QStylePainter

_SIDE = 12  # room kept between the caption and the button's edge, on each side


class WrappingButton(QPushButton):
    """A push button with a word-wrapped caption."""

    def paintEvent(self, event: QPaintEvent) -> None:
        option = QStyleOptionButton()
        self.initStyleOption(option)
        caption, option.text = option.text, ""
        painter = QStylePainter(self)
        painter.drawControl(QStyle.ControlElement.CE_PushButton, option)
        contents = self.style().subElementRect(
            QStyle.SubElement.SE_PushButtonContents, option, self
        )
        painter.drawItemText(
            contents.adjusted(_SIDE, 0, -_SIDE, 0),
            int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap),
            self.palette(),
            self.isEnabled(),
            caption,
            QPalette.ColorRole.ButtonText,
        )

    def minimumSizeHint(self) -> QSize:
        # As narrow as its longest word: the layout may then share the width out fairly.
        hint = super().minimumSizeHint()
        words = self.text().split() or [""]
        widest = max(self.fontMetrics().horizontalAdvance(word) for word in words)
        return QSize(min(hint.width(), widest + 2 * _SIDE + 24), hint.height())
