"""Tell systemd the kiosk is up, and keep telling it the kiosk is alive.

Under a ``Type=notify`` unit with ``WatchdogSec=``, systemd sets ``NOTIFY_SOCKET`` and
``WATCHDOG_USEC``. The kiosk sends ``READY=1`` once its window is shown and then ``WATCHDOG=1``
from a QTimer at half the interval. The timer runs on the Qt thread, which is also the asyncio
loop's thread: if anything blocks it (a frozen kiosk), the pings stop and systemd restarts the
service. A plain datagram socket, so no dependency on libsystemd. ``WATCHDOG_PID`` is not checked:
under ``cage`` the unit's main process is the compositor, and the unit says ``NotifyAccess=all``.
"""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Mapping

from PySide6.QtCore import QObject, QTimer

log = logging.getLogger("kiosk.watchdog")


class SystemdNotifier(QObject):
    """Sends sd_notify messages to one socket; pings the watchdog while the Qt loop runs."""

    def __init__(self, address: str, watchdog_usec: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        # A leading '@' names a socket in Linux's abstract namespace.
        self._address = "\0" + address[1:] if address.startswith("@") else address
        self._socket = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self._socket.setblocking(False)
        self.destroyed.connect(self._socket.close)
        self._timer = QTimer(self)
        self._timer.timeout.connect(lambda: self.send("WATCHDOG=1"))
        if watchdog_usec > 0:
            self._timer.setInterval(max(1, watchdog_usec // 2000))  # half the interval, in ms

    def send(self, message: str) -> None:
        """One notification; a full or vanished socket is logged, never raised into the UI."""
        try:
            self._socket.sendto(message.encode(), self._address)
        except OSError as exc:
            log.warning("could not notify systemd (%s): %s", message, exc)

    def ready(self) -> None:
        """The window is up: say READY=1, and start the watchdog pings if a watchdog is set."""
        self.send("READY=1")
        if self._timer.interval() > 0:
            self._timer.start()

    @property
    def pinging(self) -> bool:
        return self._timer.isActive()

    def stopping(self) -> None:
        self._timer.stop()
        self.send("STOPPING=1")


def notifier_from_environment(
    parent: QObject, env: Mapping[str, str] = os.environ
) -> SystemdNotifier | None:
    """The notifier systemd asked for, or None when the kiosk does not run under systemd."""
    address = env.get("NOTIFY_SOCKET", "")
    if not address:
        return None
    try:
        watchdog_usec = int(env.get("WATCHDOG_USEC", "0"))
    except ValueError:
        watchdog_usec = 0
    return SystemdNotifier(address, watchdog_usec, parent)


def announce_ready(parent: QObject, env: Mapping[str, str] = os.environ) -> SystemdNotifier | None:
    """Call once the window is shown: READY=1 and watchdog pings, when under systemd."""
    notifier = notifier_from_environment(parent, env)
    if notifier is not None:
        notifier.ready()
    return notifier
