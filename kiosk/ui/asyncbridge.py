"""The one meeting point of Qt and asyncio: qasync's loop, and slots that run coroutines.

PySide6 is imported before qasync, with ``QT_API=pyside6``, so qasync binds to it. Nothing else in
the kiosk imports qasync.
"""

from __future__ import annotations

import asyncio
import functools
import gc
import logging
import os
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any, ParamSpec

os.environ.setdefault("QT_API", "pyside6")

# Qt first: qasync binds to the Qt binding that is already imported (and to QT_API).
import PySide6.QtWidgets
import qasync
from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication

assert PySide6.QtWidgets  # imported for its side effect on qasync, above

log = logging.getLogger("kiosk.ui")

P = ParamSpec("P")

QEventLoop = qasync.QEventLoop

# Strong references: asyncio keeps only weak ones, and a task nobody holds can vanish mid-way.
_running: set[asyncio.Task[Any]] = set()
# Told of every UI task that failed unexpectedly (the crash guard puts the kiosk back on attract).
failure_listeners: list[Callable[[BaseException], None]] = []


def new_event_loop(app: QApplication | None = None) -> asyncio.AbstractEventLoop:
    """An asyncio loop driven by Qt's event loop (the one loop of the kiosk)."""
    application = app or QApplication.instance()
    if isinstance(application, QApplication):
        # The kiosk decides when it ends; a closed window must not stop the loop under it.
        application.setQuitOnLastWindowClosed(False)
    loop: asyncio.AbstractEventLoop = qasync.QEventLoop(application)
    return loop


def spawn(work: Coroutine[Any, Any, Any], name: str) -> asyncio.Task[Any]:
    """Run ``work`` on the loop, holding it strongly and logging an unexpected failure."""
    task = asyncio.ensure_future(work)
    task.set_name(name)
    _running.add(task)
    task.add_done_callback(_finished)
    return task


def _finished(task: asyncio.Task[Any]) -> None:
    _running.discard(task)
    if not task.cancelled() and task.exception() is not None:
        error = task.exception()
        log.error("UI task %s failed", task.get_name(), exc_info=error)
        for listener in list(failure_listeners):
            listener(error)  # type: ignore[arg-type]


def async_slot(
    function: Callable[P, Awaitable[Any]],
) -> Callable[P, None]:
    """Make a coroutine function usable as a Qt slot: each call runs it as a named task."""

    @functools.wraps(function)
    def slot(*args: P.args, **kwargs: P.kwargs) -> None:
        spawn(_as_coroutine(function(*args, **kwargs)), function.__qualname__)

    return slot


async def _as_coroutine(awaitable: Awaitable[Any]) -> Any:
    return await awaitable


class Preemptive:
    """Named tasks where starting one again cancels the one before (a guest tapping twice)."""

    def __init__(self) -> None:
        self._tasks: dict[str, asyncio.Task[Any]] = {}

    def start(self, name: str, work: Coroutine[Any, Any, Any]) -> asyncio.Task[Any]:
        previous = self._tasks.get(name)
        if previous is not None and not previous.done():
            previous.cancel()
        task = spawn(work, name)
        self._tasks[name] = task
        return task

    def cancel_all(self) -> None:
        for task in self._tasks.values():
            if not task.done():
                task.cancel()
        self._tasks.clear()


class GarbageCollector(QObject):
    """Collects Python garbage on the Qt thread only.

    Python may otherwise collect a cycle holding a Qt object on whatever thread allocates at that
    moment (the journal's, an executor's), and Qt objects must die on the thread that owns them.
    Automatic collection is switched off and done from a timer instead (qutebrowser does the same).
    """

    def __init__(self, parent: QObject | None = None, interval_ms: int = 1000) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.collect)

    def start(self) -> None:
        gc.disable()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()
        gc.enable()

    def collect(self) -> None:
        # Generation by generation, as Python itself would: a full collection walks every object
        # of the process (tens of thousands: modules, Qt wrappers) and stalled the Qt thread for
        # 20-45 ms; the young generations take microseconds.
        thresholds = gc.get_threshold()
        counts = gc.get_count()
        if counts[0] <= thresholds[0]:
            return
        generation = 0
        if counts[1] > thresholds[1]:
            generation = 2 if counts[2] > thresholds[2] else 1
        gc.collect(generation)


def freeze_startup_objects() -> None:
    """Move everything alive after start-up out of the collector's sight for good.

    Imports, screens and the catalogue are never garbage, yet every full collection would walk
    them again; frozen, a full collection looks only at what the sales since made. What little
    garbage start-up left stays (a bounded, one-off cost).
    """
    gc.freeze()
