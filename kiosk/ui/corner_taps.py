"""The hidden way into staff mode: five taps in the window's top-right corner within three seconds.

The corner is physical (top right of the glass, also when the kiosk reads right to left), a
96 px square. The taps are only counted, never taken: whatever lies beneath (a language button,
the ribbon) still gets them, so a guest who happens to tap there loses nothing. A press is
counted where it enters the application, at the window (a QWindow sees each press once; the
widgets it then travels through would see it several times), and a mouse press a touch screen
synthesised is not counted again.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QPoint, Signal
from PySide6.QtGui import QInputDevice, QMouseEvent, QTouchEvent, QWindow
from PySide6.QtWidgets import QWidget

CORNER_PX = 96
TAPS = 5
WITHIN_S = 3.0


class CornerTaps(QObject):
    """Counts presses in ``window``'s top-right corner; ``triggered`` after five in three s."""

    triggered = Signal()

    def __init__(
        self,
        window: QWidget,
        *,
        enabled: Callable[[], bool] = lambda: True,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(window)
        self._window = window
        self._enabled = enabled
        self._clock = clock
        self._taps: list[float] = []

    def observe(self, watched: QObject, event: QEvent) -> None:
        """Told of every input event (by the window's TouchWatch)."""
        if not isinstance(watched, QWindow):
            return
        kind = event.type()
        if kind == QEvent.Type.MouseButtonPress and isinstance(event, QMouseEvent):
            device = event.device()
            from_touch = device is not None and device.type() is QInputDevice.DeviceType.TouchScreen
            if not from_touch:
                self._pressed(event.globalPosition().toPoint())
        elif kind == QEvent.Type.TouchBegin and isinstance(event, QTouchEvent):
            points = event.points()
            if points:
                self._pressed(points[0].globalPosition().toPoint())

    def _pressed(self, where: QPoint) -> None:
        if not self._window.isVisible() or not self._in_corner(where):
            return
        now = self._clock()
        self._taps = [t for t in self._taps if now - t <= WITHIN_S] + [now]
        if len(self._taps) >= TAPS:
            self._taps.clear()
            if self._enabled():
                self.triggered.emit()

    def _in_corner(self, where: QPoint) -> bool:
        local = self._window.mapFromGlobal(where)
        width = self._window.width()
        return 0 <= local.y() < CORNER_PX and width - CORNER_PX <= local.x() < width
