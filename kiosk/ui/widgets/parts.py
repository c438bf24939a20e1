"""The small parts screens and widgets are built from: a label and a button with a stylesheet
role, and touch-scrolled areas. Widgets take them from here, never from a screen."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QLabel, QPushButton, QScrollArea, QScroller, QSizePolicy, QWidget

from kiosk.ui.theme import set_role


def label(role: str, text: str = "", *, wrap: bool = True) -> QLabel:
    """A label with a stylesheet role."""
    widget = QLabel(text)
    set_role(widget, role)
    widget.setWordWrap(wrap)
    widget.setTextFormat(Qt.TextFormat.PlainText)
    return widget


def set_shown(widget: QWidget, shown: bool) -> None:
    """Show or hide ``widget`` only when that changes anything: even a widget already shown
    costs a call into Qt for every ask, and screens ask on every visit."""
    if widget.isHidden() == shown:
        widget.setVisible(shown)


def button(role: str) -> QPushButton:
    """A push button with a stylesheet role (its text is bound by the screen)."""
    widget = QPushButton()
    set_role(widget, role)
    return widget


def kinetic(area: QScrollArea) -> QScrollArea:
    """Touch scrolling with momentum on a scroll area."""
    QScroller.grabGesture(area.viewport(), QScroller.ScrollerGestureType.LeftMouseButtonGesture)
    area.setWidgetResizable(True)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    return area


class _HeightLeft(QScrollArea):
    """A scroll area that prefers the height it must keep (its minimum), not all its content."""

    def sizeHint(self) -> QSize:
        return QSize(super().sizeHint().width(), self.minimumHeight())


def scroll_area() -> QScrollArea:
    """A touch-scrolled area that takes the height left to it.

    Its preferred height would be all of its content: the window would grow to show a long form
    whole rather than let it scroll. Ignoring it, the area fills what the rest leaves. An area
    that must keep a minimum height beside wrapped text should be made Expanding instead: its
    preferred height is then that minimum, and Qt, which sizes a column of wrapped text by its
    items' preferred heights (an ignored one counting as nothing), keeps room for it.
    """
    area = kinetic(_HeightLeft())
    area.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Ignored)
    return area
