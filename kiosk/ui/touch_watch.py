"""The kiosk's one application-wide event filter, shared by everything that watches touches.

Every event in the application passes an application filter: each paint, polish, resize and
layout request of every widget, thousands per screen change. A filter written in Python costs
microseconds per event (the binding wraps both objects and converts the event's type), and the
idle reset, the staff session's auto-lock and the corner gesture used to be three such filters:
profiling a sale showed them among the largest costs on the Qt thread, inside every repaint.
So there is one filter, and it looks no further than input events; the watchers are told of
those only.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QInputEvent
from PySide6.QtWidgets import QApplication

Watcher = Callable[[QObject, QInputEvent], None]


class TouchWatch(QObject):
    """Tells its watchers of every input event in the application; never takes one."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._watchers: list[Watcher] = []
        self._installed = False

    def add(self, watcher: Watcher) -> None:
        self._watchers.append(watcher)

    def remove(self, watcher: Watcher) -> None:
        if watcher in self._watchers:
            self._watchers.remove(watcher)

    def install(self) -> None:
        app = QApplication.instance()
        if app is not None and not self._installed:
            app.installEventFilter(self)
            self._installed = True

    def uninstall(self) -> None:
        app = QApplication.instance()
        if app is not None and self._installed:
            app.removeEventFilter(self)
            self._installed = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if isinstance(event, QInputEvent):  # cheap; everything else stops here
            for watcher in self._watchers:
                watcher(watched, event)
        return False
