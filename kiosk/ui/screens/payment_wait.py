"""A bounded wait for the guest: an unknown outcome is read back for minutes, but a guest is asked
to wait only so long (``deadlines.guest_waits``, about 40 s). Then they are released to the desk
with the sale's reference, while the kiosk goes on reading the payment back in the background —
and, if they do not tap "Done", the kiosk lets them go by itself a minute later.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from kiosk.ui.screens.payment_states import Stage

# The released page stays this long, then the kiosk is free for the next guest.
LEAVE_AFTER_S = 60.0


class GuestWait(QObject):
    """Counts the guest's time on "Checking your payment…"; says when it is over."""

    released = Signal()  # the guest has waited long enough: send them to the desk
    leave = Signal()  # the released page has been on long enough: free the kiosk

    def __init__(self, wait_s: float, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.is_released = False
        self._checking = QTimer(self)
        self._checking.setSingleShot(True)
        self._checking.setInterval(max(1, round(wait_s * 1000)))
        self._checking.timeout.connect(self._release)
        self._leaving = QTimer(self)
        self._leaving.setSingleShot(True)
        self._leaving.setInterval(round(LEAVE_AFTER_S * 1000))
        self._leaving.timeout.connect(self.leave.emit)

    def follow(self, stage: Stage) -> None:
        """The payment screen shows ``stage``: start, keep or stop counting."""
        if stage is Stage.CHECKING and not self.is_released:
            if not self._checking.isActive():
                self._checking.start()
        elif stage not in (Stage.CHECKING, Stage.RELEASED):
            self.stop()  # the outcome came: the guest sees it, wherever they are

    def stop(self) -> None:
        self._checking.stop()
        self._leaving.stop()
        self.is_released = False

    def _release(self) -> None:
        self.is_released = True
        self._leaving.start()
        self.released.emit()
