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
from contextvars import Context
from typing import Any, ParamSpec

os.environ.setdefault("QT_API", "pyside6")

# Qt first: qasync binds to the Qt binding that is already imported (and to QT_API).
import PySide6.QtWidgets
import qasync
from PySide6.QtCore import QObject, QTimer, QTimerEvent
from PySide6.QtWidgets import QApplication

assert PySide6.QtWidgets  # imported for its side effect on qasync, above

log = logging.getLogger("kiosk.ui")

P = ParamSpec("P")

QEventLoop = qasync.QEventLoop

# Strong references: asyncio keeps only weak ones, and a task nobody holds can vanish mid-way.
_running: set[asyncio.Task[Any]] = set()
# Told of every UI task that failed unexpectedly (the crash guard puts the kiosk back on attract).
failure_listeners: list[Callable[[BaseException], None]] = []


class _TimerHandle(asyncio.TimerHandle):
    __slots__ = ("timer_id",)
    timer_id: int


class _Timers(QObject):
    """Qt timers for the loop's delayed calls, each killed as soon as its call is cancelled."""

    def __init__(self) -> None:
        super().__init__()
        self._calls: dict[int, _TimerHandle] = {}

    def add(self, handle: _TimerHandle, delay: float) -> None:
        handle.timer_id = self.startTimer(max(0, round(delay * 1000)))
        self._calls[handle.timer_id] = handle

    def drop(self, handle: _TimerHandle) -> None:
        if self._calls.pop(handle.timer_id, None) is not None:
            self.killTimer(handle.timer_id)

    def drop_all(self) -> None:
        for timer_id in self._calls:
            self.killTimer(timer_id)
        self._calls.clear()

    def timerEvent(self, event: QTimerEvent) -> None:
        self.killTimer(event.timerId())
        handle = self._calls.pop(event.timerId(), None)
        if handle is not None and not handle.cancelled():
            handle._run()


class KioskEventLoop(qasync.QEventLoop):  # type: ignore[misc]
    """qasync's loop, letting go of a delayed call as soon as it is cancelled.

    qasync keeps a cancelled ``call_later`` (and all its callback holds: a future, a task, an
    answer) until the call's time comes: a 30-second timeout cancelled after 100 ms stays for 30
    seconds. Every sale makes dozens (each HTTP call's and each wait's timeout, the reader's
    and the save-card page's deadlines): about 26 a sale were alive at any time, growing with
    the pace of sales until the longest deadline. Here a cancelled call's timer is killed and
    the call dropped at once. Calls due now (``call_soon``) stay qasync's.
    """

    def __init__(self, app: QApplication | None) -> None:
        super().__init__(app)
        self._kiosk_timers = _Timers()

    def call_later(
        self,
        delay: float,
        callback: Callable[..., object],
        *args: Any,
        context: Context | None = None,
    ) -> asyncio.Handle:
        if delay <= 0:
            return super().call_later(delay, callback, *args, context=context)  # type: ignore[no-any-return]
        handle = _TimerHandle(self.time() + delay, callback, args, self, context)
        self._kiosk_timers.add(handle, delay)
        return handle

    def _timer_handle_cancelled(self, handle: asyncio.TimerHandle) -> None:
        if isinstance(handle, _TimerHandle):
            self._kiosk_timers.drop(handle)

    def close(self) -> None:
        self._kiosk_timers.drop_all()
        super().close()


def new_event_loop(app: QApplication | None = None) -> asyncio.AbstractEventLoop:
    """An asyncio loop driven by Qt's event loop (the one loop of the kiosk)."""
    application = app or QApplication.instance()
    if isinstance(application, QApplication):
        # The kiosk decides when it ends; a closed window must not stop the loop under it.
        application.setQuitOnLastWindowClosed(False)
    loop: asyncio.AbstractEventLoop = KioskEventLoop(
        application if isinstance(application, QApplication) else None
    )
    return loop


def loop_running() -> bool:
    """Whether the kiosk's loop runs now (Qt can deliver a last timer after it stopped)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


def spawn(work: Coroutine[Any, Any, Any], name: str) -> asyncio.Task[Any]:
    """Run ``work`` on the loop, holding it strongly and logging an unexpected failure."""
    task = asyncio.ensure_future(work)
    task.set_name(name)
    _running.add(task)
    task.add_done_callback(_finished)
    return task


async def stop_ui_tasks(timeout: float = 10.0) -> None:
    """Cancel every UI task still running and wait for them to end (a window closing for good:
    a task left behind would take its next step on no loop at all)."""
    pending = [task for task in _running if not task.done()]
    for task in pending:
        task.cancel()
    if pending:
        await asyncio.wait(pending, timeout=timeout)


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

    @property
    def running(self) -> bool:
        """Whether any of the tasks is still under way."""
        return any(not task.done() for task in self._tasks.values())

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
