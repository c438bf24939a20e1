"""What happens when something the kiosk did not expect goes wrong: the error is logged (a hard
crash — a segfault in Qt — is dumped to ``crash.log`` by faulthandler), and the kiosk goes back to
its attract screen when it safely can, so the next guest finds a working kiosk, not a stuck one.

"Safely" is :meth:`KioskWindow.reset`'s rule: never while a payment is in flight (that has its own
deadline and settles itself); the sale is otherwise ended the usual way, and recovery finishes it.
"""

from __future__ import annotations

import faulthandler
import logging
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import IO

from PySide6.QtCore import QObject, QTimer, Signal

from kiosk.ui import asyncbridge

log = logging.getLogger("kiosk.crash")
CRASH_LOG = "crash.log"


class CrashGuard(QObject):
    """Logs unexpected exceptions from Qt slots, threads and UI tasks, then resets the kiosk."""

    _recover = Signal()  # queued to the Qt thread, whichever thread the error came from

    def __init__(self, reset: Callable[[], bool]) -> None:
        super().__init__()
        self._reset = reset
        self._pending = False
        self._crash_file: IO[str] | None = None
        self._saved: tuple[object, object] | None = None
        self._recover.connect(self._back_to_attract)

    def install(self, log_dir: Path) -> None:
        """Take over ``sys.excepthook``, ``threading.excepthook`` and faulthandler."""
        log_dir.mkdir(parents=True, exist_ok=True)
        self._crash_file = (log_dir / CRASH_LOG).open("a", encoding="utf-8")
        faulthandler.enable(file=self._crash_file, all_threads=True)
        self._saved = (sys.excepthook, threading.excepthook)
        sys.excepthook = self.excepthook
        threading.excepthook = self._thread_excepthook
        asyncbridge.failure_listeners.append(self.task_failed)

    def uninstall(self) -> None:
        if self._saved is not None:
            sys.excepthook, threading.excepthook = self._saved  # type: ignore[assignment]
            self._saved = None
        if self.task_failed in asyncbridge.failure_listeners:
            asyncbridge.failure_listeners.remove(self.task_failed)
        if self._crash_file is not None:
            faulthandler.disable()
            self._crash_file.close()
            self._crash_file = None

    def excepthook(
        self, kind: type[BaseException], error: BaseException, trace: TracebackType | None
    ) -> None:
        """An exception escaped a Qt slot or the main thread's code."""
        if issubclass(kind, KeyboardInterrupt):
            return
        log.critical("unexpected error: %s", kind.__name__, exc_info=(kind, error, trace))
        self.task_failed(error)

    def _thread_excepthook(self, args: threading.ExceptHookArgs) -> None:
        error = args.exc_value or args.exc_type()
        name = args.thread.name if args.thread else "?"
        log.critical(
            "unexpected error in thread %s: %s",
            name,
            args.exc_type.__name__,
            exc_info=(args.exc_type, error, args.exc_traceback),
        )
        self.task_failed(error)

    def task_failed(self, error: BaseException) -> None:
        """Something failed (already logged): back to attract, once, from the Qt thread."""
        if not self._pending:
            self._pending = True
            self._recover.emit()

    def _back_to_attract(self) -> None:
        # After the failing slot has returned: the reset must not run inside the broken code.
        QTimer.singleShot(0, self, self._try_reset)

    def _try_reset(self) -> None:
        self._pending = False
        if self._reset():
            log.info("back on the attract screen after an unexpected error")
        else:
            log.info("not reset: a payment is in flight and settles on its own deadline")
