"""SIGTERM (systemd stopping the kiosk) and SIGINT (Ctrl-C) handled inside the Qt loop.

A Python signal handler only runs when Python code does, and the kiosk mostly sits in Qt's C++
loop; so the C-level handler writes the signal number to a socket (``signal.set_wakeup_fd``) and a
``QSocketNotifier`` wakes the loop. The kiosk then stops the ordinary way — the window closes, the
engine parks any step in flight in the journal, clients close, the sandbox stops — and exits 0.
"""

from __future__ import annotations

import logging
import signal
import socket
from collections.abc import Callable

from PySide6.QtCore import QObject, QSocketNotifier

log = logging.getLogger("kiosk.init")
STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)


class StopSignals(QObject):
    """Calls ``stop`` once when SIGTERM or SIGINT arrives."""

    def __init__(self, stop: Callable[[], object]) -> None:
        super().__init__()
        self._stop = stop
        self._stopping = False
        self._reader, self._writer = socket.socketpair()
        for end in (self._reader, self._writer):
            end.setblocking(False)
        self._previous_fd = signal.set_wakeup_fd(self._writer.fileno(), warn_on_full_buffer=False)
        self._previous = {number: signal.signal(number, _noted) for number in STOP_SIGNALS}
        self._notifier = QSocketNotifier(self._reader.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._woken)

    def _woken(self) -> None:
        try:
            numbers = self._reader.recv(64)
        except BlockingIOError:
            return
        received = [signal.Signals(n).name for n in numbers if n in STOP_SIGNALS]
        if received and not self._stopping:
            self._stopping = True
            log.info("stopping on %s", received[0])
            self._stop()

    def uninstall(self) -> None:
        """Give the signals back (the process is about to end, or a test is over)."""
        self._notifier.setEnabled(False)
        for number, previous in self._previous.items():
            signal.signal(number, previous)
        signal.set_wakeup_fd(self._previous_fd)
        self._reader.close()
        self._writer.close()


def _noted(number: int, frame: object) -> None:
    """The Python-level handler: nothing to do, the wakeup socket carries the news."""
