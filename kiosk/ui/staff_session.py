"""Who is in staff mode right now (a configured staff member's name, or nobody).

Staff mode is a session, not a setting: a PIN opens it for one named person, the Lock button
closes it, and it closes by itself after two minutes without a touch, so a tablet left on the
counter never stays unlocked. The screens ask ``flow.staff_mode``, which reads this session.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer, Signal

from kiosk.ui.idle import TOUCHES

AUTO_LOCK_MS = 120_000


class StaffSession(QObject):
    """The unlocked staff member, and the countdown to locking by itself."""

    changed = Signal(object)  # the member's name, or None once locked
    timed_out = Signal()  # two minutes without a touch: whoever owns the session locks it

    def __init__(self, parent: QObject | None = None, *, auto_lock_ms: int = AUTO_LOCK_MS) -> None:
        super().__init__(parent)
        self._member: str | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(auto_lock_ms)
        self._timer.timeout.connect(self.timed_out.emit)

    @property
    def member(self) -> str | None:
        return self._member

    @property
    def active(self) -> bool:
        return self._member is not None

    @property
    def auto_lock_timer(self) -> QTimer:
        """The countdown itself (tests drive it instead of waiting two minutes)."""
        return self._timer

    def begin(self, member: str) -> None:
        """``member`` proved their PIN: staff mode is theirs until locked."""
        self._member = member
        self._timer.start()
        self.changed.emit(member)

    def end(self) -> str | None:
        """Lock; returns who was unlocked (None if nobody was)."""
        member, self._member = self._member, None
        self._timer.stop()
        if member is not None:
            self.changed.emit(None)
        return member

    def observe(self, _watched: QObject, event: QEvent) -> None:
        """Told of every input event (by the window's TouchWatch)."""
        if self._member is not None and event.type() in TOUCHES:
            self._timer.start()
