"""The card reader on screen: the picture that tells a guest to use it, and in the sandbox a
small panel of test cards a tester can tap.

The panel can do what a card does on a real reader and nothing more: present a test card number to
the sale (``Sale.present_test_card``). Scripting the reader itself (a timeout, going offline) is the
sandbox's business and not reachable from the kiosk's UI.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from PySide6.QtCore import Property, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.checkout.errors import SaleError
from kiosk.ui.asyncbridge import async_slot
from kiosk.ui.i18n import tr, translator
from kiosk.ui.theme import set_role
from kiosk.ui.widgets.parts import label

APPROVE = "4242424242424242"
DECLINE = "4000000000000002"
INSUFFICIENT_FUNDS = "4000000000009995"

PresentCard = Callable[[str], Awaitable[bool]]


class ReaderPanel(QFrame):
    """The "Sandbox reader" panel: Approve, Decline and Insufficient funds test cards."""

    def __init__(self, present: PresentCard, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("readerPanel")
        set_role(self, "panel")
        self._present = present
        self._waiting = False
        self._busy = False
        self._missed = False

        column = QVBoxLayout(self)
        column.setContentsMargins(16, 12, 16, 12)
        column.setSpacing(8)
        self.title = label("chip", wrap=False)
        self.title.setAlignment(Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignVCenter)
        self.note = label("muted")
        heading = QHBoxLayout()
        heading.setSpacing(12)
        heading.addWidget(self.title, 0)
        heading.addWidget(self.note, 1)
        column.addLayout(heading)

        row = QHBoxLayout()
        row.setSpacing(12)
        self.approve = self._card_button(APPROVE)
        self.decline = self._card_button(DECLINE)
        self.insufficient = self._card_button(INSUFFICIENT_FUNDS)
        for button in (self.approve, self.decline, self.insufficient):
            row.addWidget(button, 1)
        column.addLayout(row)

        translator.changed.connect(self._retranslate)
        self._retranslate()
        self._enable()

    def _card_button(self, number: str) -> QPushButton:
        button = QPushButton()
        button.setObjectName("testCard")
        set_role(button, "secondary")
        button.clicked.connect(lambda _=False: self.present(number))
        return button

    # ------------------------------------------------------------------ state

    def set_waiting(self, waiting: bool) -> None:
        """Whether the reader is waiting for a card (the only time a tap means anything)."""
        self._waiting = waiting
        if waiting:
            self._missed = False
        self._enable()
        self._retranslate()

    @async_slot
    async def present(self, number: str) -> None:
        """Tap the test card ``number`` on the simulated reader."""
        if self._busy:
            return  # one tap at a time, as on a real reader
        self._busy = True
        self._enable()
        try:
            landed = await self._present(number)
        except SaleError:
            landed = False
        finally:
            self._busy = False
        self._missed = not landed
        self._enable()
        self._retranslate()

    def _enable(self) -> None:
        for button in (self.approve, self.decline, self.insufficient):
            button.setEnabled(self._waiting and not self._busy)

    # ------------------------------------------------------------------ texts

    def _retranslate(self, _language: str = "") -> None:
        self.title.setText(tr("Sandbox reader"))
        if self._missed:
            note = tr("The reader was not waiting for a card")
        elif self._waiting:
            note = tr("Tap a test card")
        else:
            note = tr("Test cards work when the reader asks for a card")
        self.note.setText(note)
        names = (
            (self.approve, tr("Approve"), APPROVE),
            (self.decline, tr("Decline"), DECLINE),
            (self.insufficient, tr("Insufficient funds"), INSUFFICIENT_FUNDS),
        )
        for button, name, number in names:
            button.setText(name)
            button.setAccessibleName(tr("Sandbox reader: {card}", card=name))
            button.setToolTip(number)  # which test card, for the tester who wonders


def colour_property(attribute: str) -> Property:
    """A QColor Qt property over ``attribute``, so the stylesheet can set it (``qproperty-``)."""

    def get(widget: QWidget) -> QColor:
        return QColor(getattr(widget, attribute))

    def put(widget: QWidget, colour: QColor) -> None:
        setattr(widget, attribute, QColor(colour))
        widget.update()

    return Property(QColor, get, put)


class CardReaderArt(QWidget):
    """A card reader with a card going in and contactless waves: "use the reader", no words.

    Painted to fit its size, keeping its proportions; colours come from ``pay.qss``
    (``qproperty-accent`` is the brand colour, ``qproperty-ink`` the reader's body).
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # Defaults only until the stylesheet fills them in.
        self._accent = QColor(Qt.GlobalColor.darkCyan)
        self._ink = QColor(Qt.GlobalColor.darkGray)
        self._paper = QColor(Qt.GlobalColor.white)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    accent = colour_property("_accent")
    ink = colour_property("_ink")
    paper = colour_property("_paper")

    def paintEvent(self, event: QPaintEvent) -> None:
        side = min(self.width(), self.height())
        if side < 8:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.translate((self.width() - side) / 2, (self.height() - side) / 2)
        painter.scale(side / 100, side / 100)  # draw on a 100 × 100 canvas
        painter.setPen(Qt.PenStyle.NoPen)

        # The card, half in the reader's slot, tilted as a hand would hold it.
        painter.save()
        painter.translate(50, 30)
        painter.rotate(-8)
        painter.setBrush(self._accent)
        painter.drawRoundedRect(QRectF(-22, -24, 44, 30), 3, 3)
        painter.setBrush(self._paper)
        painter.drawRoundedRect(QRectF(-16, -17, 9, 7), 1.5, 1.5)  # the chip
        painter.restore()

        # The reader: body, screen, keys.
        painter.setBrush(self._ink)
        painter.drawRoundedRect(QRectF(28, 26, 44, 70), 7, 7)
        painter.setBrush(self._paper)
        painter.drawRoundedRect(QRectF(34, 34, 32, 20), 2.5, 2.5)
        for row in range(3):
            for column in range(3):
                painter.drawEllipse(QPointF(40 + column * 10, 64 + row * 9), 2.6, 2.6)

        # Contactless waves beside the reader.
        pen = QPen(self._accent, 3.2, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for step in range(3):
            radius = 6 + step * 6
            box = QRectF(76 - radius, 44 - radius, radius * 2, radius * 2)
            painter.drawArc(box, -45 * 16, 90 * 16)
        painter.end()
