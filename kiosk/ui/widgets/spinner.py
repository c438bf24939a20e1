"""A spinner: the kiosk is working, not frozen, while the guest waits on an answer.

It turns only while shown (a hidden spinner costs nothing), and its colour is the brand's
(``qproperty-accent`` in ``pay.qss``).
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QHideEvent, QPainter, QPaintEvent, QPen, QShowEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from kiosk.ui.widgets.reader_panel import colour_property

STEP_DEGREES = 30
STEP_MS = 80


class Spinner(QWidget):
    """An arc going round."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._accent = QColor(Qt.GlobalColor.darkCyan)  # until the stylesheet sets it
        self._angle = 0
        self._timer = QTimer(self)
        self._timer.setInterval(STEP_MS)
        self._timer.timeout.connect(self._turn)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.setFixedSize(72, 72)
        self.setAccessibleName("")  # the words beside it say what is happening

    accent = colour_property("_accent")

    @property
    def turning(self) -> bool:
        return self._timer.isActive()

    def _turn(self) -> None:
        self._angle = (self._angle + STEP_DEGREES) % 360
        self.update()

    def showEvent(self, event: QShowEvent) -> None:
        self._timer.start()
        super().showEvent(event)

    def hideEvent(self, event: QHideEvent) -> None:
        self._timer.stop()
        super().hideEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        width = max(4.0, self.width() / 10)
        inset = width / 2 + 1
        ring = QRectF(inset, inset, self.width() - 2 * inset, self.height() - 2 * inset)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        faint = QColor(self._accent)
        faint.setAlpha(50)
        painter.setPen(QPen(faint, width))
        painter.drawEllipse(ring)
        pen = QPen(self._accent, width)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        painter.setPen(pen)
        # Qt's angles are in sixteenths of a degree, counter-clockwise: a quarter arc turning.
        painter.drawArc(ring, -self._angle * 16, 100 * 16)
        painter.end()
