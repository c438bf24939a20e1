"""The short fade that brings a new screen in, painted from one picture of it.

An opacity effect on the screen itself renders the whole screen again, offscreen, for every frame
of the fade and for every repaint during it (a key press included). Instead, a cover over the
screen area paints one picture of the new screen, taken once, at a rising opacity over the
background. The cover is opaque, so nothing under it is repainted while it shows; it lets every
touch through to the live screen underneath, and a touch ends the fade at once, so the guest sees
what they pressed. One cover and one animation serve every screen change.

The picture is taken in a turn of the event loop of its own, after the one that showed the screen:
that turn already holds the guest's press, the screen's getting ready and its layout, and the
picture is one whole painting of the screen more. Until it is there the cover paints the
background, the fade's own first frame; the fade's time starts with the picture. Every picture
is painted into the one kept for the last (a screen's size of pixels, 8 MB on a 1080 × 1920
kiosk, not allocated and given back again at every screen change).
"""

from __future__ import annotations

from PySide6.QtCore import QEasingCurve, QPoint, Qt, QTimer, QVariantAnimation
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette, QPixmap
from PySide6.QtWidgets import QWidget

FADE_MS = 140
FROM_OPACITY = 0.35


class Fade(QWidget):
    """Covers ``area`` (the screens' stack) while a newly shown screen fades in."""

    def __init__(self, area: QWidget) -> None:
        super().__init__(area)
        self.setObjectName("fade")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._target: QWidget | None = None
        self._picture: QPixmap | None = None  # what the cover shows: ``_canvas``, once painted
        self._canvas: QPixmap | None = None
        self._opacity = FROM_OPACITY
        self._animation = QVariantAnimation(self)
        self._animation.setDuration(FADE_MS)
        self._animation.setStartValue(FROM_OPACITY)
        self._animation.setEndValue(1.0)
        self._animation.setEasingCurve(QEasingCurve.Type.OutCubic)
        self._animation.valueChanged.connect(self._step)
        self._animation.finished.connect(self.finish)
        self._shutter = QTimer(self)
        self._shutter.setSingleShot(True)
        self._shutter.setInterval(0)  # the next turn of the loop, after this one's painting
        self._shutter.timeout.connect(self._take_picture)
        self.hide()

    @property
    def running(self) -> bool:
        return self._target is not None

    @property
    def picture(self) -> QPixmap | None:
        """The new screen's picture the cover shows (None: the background alone, until then)."""
        return self._picture

    def start(self, target: QWidget) -> None:
        """Fade ``target`` (the screen just shown, filling the area) in from the background."""
        self._animation.stop()
        self._target = target
        self._picture = None  # taken in a turn of its own (``_take_picture``)
        self._opacity = FROM_OPACITY
        area = self.parentWidget()
        if area is not None:
            self.setGeometry(area.rect())
        self.raise_()
        self.show()
        self._shutter.start()

    def finish(self) -> None:
        """End the fade now: the live screen shows."""
        self._shutter.stop()
        self._animation.stop()
        self._target = None
        self._picture = None
        self.hide()

    @property
    def canvas(self) -> QPixmap | None:
        """What the pictures are painted into (made by ``get_ready`` or the first picture)."""
        return self._canvas

    def get_ready(self) -> None:
        """Make the picture's canvas now, at the area's size, in idle time: the first fill of a
        new canvas is the system handing it its memory, page by page (20 ms for 8 MB here),
        which the first guest's first screen change would otherwise wait for."""
        area = self.parentWidget()
        if area is not None:
            self._canvas_for(area).fill(self._background())

    def _canvas_for(self, target: QWidget) -> QPixmap:
        ratio = target.devicePixelRatioF()
        size = target.size() * ratio
        canvas = self._canvas
        if canvas is None or canvas.size() != size or canvas.devicePixelRatio() != ratio:
            canvas = self._canvas = QPixmap(size)
            canvas.setDevicePixelRatio(ratio)
        return canvas

    def _take_picture(self) -> None:
        target = self._target
        if target is None:
            return
        canvas = self._canvas_for(target)
        # Over the background, as the screen shows over the window (it leaves parts unpainted):
        # nothing of the last picture stays.
        canvas.fill(self._background())
        target.render(canvas, QPoint(), target.rect())
        self._picture = canvas
        self.update()
        self._animation.start()

    def _step(self, value: object) -> None:
        self._opacity = float(value)  # type: ignore[arg-type]
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        target = self._target
        if target is None:
            return
        painter = QPainter(self)
        painter.fillRect(self.rect(), self._background())
        if self._picture is not None:
            painter.setOpacity(self._opacity)
            painter.drawPixmap(0, 0, self._picture)
        painter.end()

    def _background(self) -> QColor:
        area = self.parentWidget()
        palette = area.palette() if area is not None else self.palette()
        return palette.color(QPalette.ColorRole.Window)
