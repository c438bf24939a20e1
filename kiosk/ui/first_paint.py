"""The moment the kiosk is ready for its first guest: the attract screen painted after the
catalogue loaded.

With ``KIOSK_READY_FILE`` set, the kiosk writes the wall-clock time of that moment to the file
(the cold-start benchmark waits for it; a deployment can too). ``kiosk autopilot`` waits for the
same moment before its first tap.
"""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

READY_FILE_ENV = "KIOSK_READY_FILE"


class _Router(Protocol):
    @property
    def current(self) -> QWidget: ...


class StartedWindow(Protocol):
    """What the ready moment needs of the kiosk's window (the window module imports this one,
    and the bare-window baseline imports it without the kiosk's UI)."""

    @property
    def catalogue_loading(self) -> asyncio.Task[Any] | None: ...

    @property
    def router(self) -> _Router: ...


class _NextPaint(QObject):
    """Calls ``then`` once, just after ``widget`` has painted."""

    def __init__(self, widget: QWidget, then: Callable[[], None]) -> None:
        super().__init__(widget)
        self._widget = widget
        self._then = then
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._widget and event.type() is QEvent.Type.Paint:
            self._widget.removeEventFilter(self)
            QTimer.singleShot(0, self._fire)  # after the paint is done, not before it
        return False

    def _fire(self) -> None:
        self._then()
        self.deleteLater()


def on_next_paint(widget: QWidget, then: Callable[[], None]) -> None:
    """Call ``then`` right after ``widget`` paints next (asking it to repaint)."""
    _NextPaint(widget, then)
    widget.update()


def write_ready_file(path: Path) -> None:
    """Record now (wall clock, seconds) in ``path``, atomically."""
    partial = path.with_suffix(".partial")
    partial.write_text(f"{time.time():.6f}\n", encoding="utf-8")
    partial.replace(path)


async def next_paint(widget: QWidget) -> None:
    """Until just after ``widget`` paints next (asking it to repaint)."""
    painted: asyncio.Future[None] = asyncio.get_running_loop().create_future()
    on_next_paint(widget, lambda: None if painted.done() else painted.set_result(None))
    await painted


async def ready_for_guests(window: StartedWindow) -> None:
    """Wait for the started window's catalogue, then for its screen's next paint; announce it
    in ``KIOSK_READY_FILE`` when that is set."""
    if window.catalogue_loading is not None:
        await asyncio.shield(window.catalogue_loading)
    await next_paint(window.router.current)
    ready_file = os.environ.get(READY_FILE_ENV)
    if ready_file:
        write_ready_file(Path(ready_file))
