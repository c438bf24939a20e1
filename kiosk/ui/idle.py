"""The idle reset: after 90 s without a touch, "Are you still there?" counts down 15 s, then the
kiosk resets. Never on attract, and never while a payment is in flight (it has its own deadline).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer

IDLE_AFTER_MS = 90_000
COUNTDOWN_S = 15

TOUCHES = frozenset(
    {
        QEvent.Type.MouseButtonPress,
        QEvent.Type.TouchBegin,
        QEvent.Type.KeyPress,
        QEvent.Type.Wheel,
    }
)


class IdleWatcher(QObject):
    """Watches every touch in the application and asks before resetting."""

    def __init__(
        self,
        *,
        may_reset: Callable[[], bool],
        ask: Callable[[int], None],
        idle_after_ms: int = IDLE_AFTER_MS,
        countdown_s: int = COUNTDOWN_S,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._may_reset = may_reset
        self._ask = ask
        self._countdown_s = countdown_s
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(idle_after_ms)
        self._timer.timeout.connect(self._idle)

    def start(self) -> None:
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def touched(self) -> None:
        """Someone is there: start the wait again."""
        self._timer.start()

    def observe(self, _watched: QObject, event: QEvent) -> None:
        """Told of every input event (by the window's TouchWatch)."""
        if event.type() in TOUCHES:
            self.touched()

    def _idle(self) -> None:
        if self._may_reset():
            self._ask(self._countdown_s)
        else:
            self._timer.start()  # attract, or a payment under way: look again later
