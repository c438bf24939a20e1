"""A signature pad: the guest signs with a finger (or the mouse), "Clear" starts again, and the
signature leaves as PNG bytes. An untouched pad is no signature.
"""

from __future__ import annotations

import asyncio

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QImage, QMouseEvent, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from kiosk.ui.i18n import tr, translator
from kiosk.ui.theme import set_role
from kiosk.ui.widgets.parts import label

# The ink's width relative to the text height: it thickens with large text, like the strokes of
# the letters around it.
_INK_PER_LINE = 0.12


class SignaturePad(QWidget):
    """The surface the guest signs on; its palette's text colour (the stylesheet's) is the ink."""

    changed = Signal(bool)  # whether there is a signature now

    def __init__(self) -> None:
        super().__init__()
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self._strokes: list[QPainterPath] = []

    @property
    def is_empty(self) -> bool:
        return not self._strokes

    def clear(self) -> None:
        """Wipe the signature."""
        had = bool(self._strokes)
        self._strokes = []
        self.update()
        if had:
            self.changed.emit(False)

    def sizeHint(self) -> QSize:
        # Room for a signature: several lines of text high, whatever the text size...
        return QSize(self.fontMetrics().height() * 12, self.fontMetrics().height() * 5)

    def minimumSizeHint(self) -> QSize:
        # ...and never less than a comfortable stroke's height on a short screen.
        return QSize(self.fontMetrics().height() * 6, self.fontMetrics().height() * 3)

    def _pen(self, colour: QColor) -> QPen:
        width = max(2.0, self.fontMetrics().height() * _INK_PER_LINE)
        return QPen(colour, width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap,
                    Qt.PenJoinStyle.RoundJoin)  # fmt: skip

    def mousePressEvent(self, event: QMouseEvent) -> None:
        # Touch arrives here too: Qt turns an unhandled touch into mouse events.
        path = QPainterPath(event.position())
        # A tap alone is a dot, so that even the shortest stroke shows.
        path.lineTo(event.position() + QPointF(0.1, 0.1))
        self._strokes.append(path)
        self.update()
        if len(self._strokes) == 1:
            self.changed.emit(True)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._strokes and event.buttons() & Qt.MouseButton.LeftButton:
            self._strokes[-1].lineTo(event.position())
            self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        ink = self.palette().color(self.foregroundRole())
        # The line to sign on, faint, at three quarters of the height.
        line = QColor(ink)
        line.setAlpha(70)
        painter.setPen(QPen(line, 1))
        baseline = round(self.height() * 0.75)
        margin = self.fontMetrics().height()
        painter.drawLine(margin, baseline, self.width() - margin, baseline)
        painter.setPen(self._pen(ink))
        for path in self._strokes:
            painter.drawPath(path)
        painter.end()

    def image(self) -> QImage | None:
        """The strokes black on white whatever the theme (it is the business's evidence,
        printed or shown later); None when nothing was drawn."""
        if not self._strokes:
            return None
        image = QImage(self.size(), QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.white)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(self._pen(QColor(Qt.GlobalColor.black)))
        for path in self._strokes:
            painter.drawPath(path)
        painter.end()
        return image


class SignatureBox(QFrame):
    """ "Sign here", the pad, and a "Clear" button; ``changed(bool)`` says whether signed."""

    changed = Signal(bool)

    def __init__(self) -> None:
        super().__init__()
        set_role(self, "panel")
        column = QVBoxLayout(self)
        row = QHBoxLayout()
        self.prompt = label("muted")
        self.clear_button = QPushButton()
        set_role(self.clear_button, "ghost")
        self.clear_button.clicked.connect(self.clear)
        self.clear_button.setEnabled(False)
        row.addWidget(self.prompt, 1)
        row.addWidget(self.clear_button)
        self.pad = SignaturePad()
        self.pad.changed.connect(self._changed)
        column.addLayout(row)
        column.addWidget(self.pad)
        translator.changed.connect(self._translate)
        self._translate()

    @property
    def is_empty(self) -> bool:
        return self.pad.is_empty

    def clear(self) -> None:
        """Wipe the signature."""
        self.pad.clear()

    async def png(self) -> bytes | None:
        """The signature as PNG bytes, or None for an empty pad. The strokes are drawn here;
        the PNG is compressed on a worker thread (a few milliseconds the guest's tap need
        not wait on the Qt thread)."""
        image = self.pad.image()
        return None if image is None else await asyncio.to_thread(png_bytes, image)

    def _changed(self, signed: bool) -> None:
        self.clear_button.setEnabled(signed)
        self._translate()
        self.changed.emit(signed)

    def _translate(self, _language: str = "") -> None:
        self.prompt.setText(tr("Sign here with your finger"))
        self.clear_button.setText(tr("Clear"))
        self.clear_button.setAccessibleName(tr("Clear the signature"))
        self.pad.setAccessibleName(tr("Signature"))
        self.pad.setAccessibleDescription(
            tr("Signed") if not self.pad.is_empty else tr("Not signed yet")
        )


def png_bytes(image: QImage) -> bytes:
    """``image`` as PNG bytes (a QImage may be read on any thread)."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    # The stubs say bytes, but PySide6 6.11 takes the format only as a str at run time.
    image.save(buffer, "PNG")  # type: ignore[call-overload]
    buffer.close()
    return bytes(data.data())
