"""Staff mode in the window: the corner gesture opens the PIN pad, a right PIN unlocks a named
staff member, and Lock (or two minutes without a touch) locks again.

Decisions, for the README and whoever changes this:

* The gesture works on every screen except while a payment is in flight (the guest's card is on
  the reader; nothing may cover that screen).
* Unlocking with no sale under way opens the staff menu; with a guest's sale under way it stays
  on that screen, so staff can help the guest (cash, another payment type) where they are.
* While staff mode is on, the guest's idle reset is off: a staff task is never wiped half-way by
  "Are you still there?". Staff mode's own two-minute lock takes its place; locking leaves the
  staff screens for attract (a guest's sale in progress is left to the guest's idle reset).
* Every unlock, lock and auto-lock is audited by name; PIN attempts are audited by the engine.
"""

from __future__ import annotations

import logging
from typing import Protocol

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget

from kiosk.checkout.staff.access import LockedOut, Unlocked, WrongPin
from kiosk.ui import routes
from kiosk.ui.asyncbridge import Preemptive, spawn
from kiosk.ui.corner_taps import CornerTaps
from kiosk.ui.flow import SaleFlow
from kiosk.ui.router import Router
from kiosk.ui.touch_watch import TouchWatch
from kiosk.ui.widgets.pin_pad import PinOverlay
from kiosk.ui.widgets.staff_bar import StaffBar

log = logging.getLogger("kiosk.ui")


class StaffWindow(Protocol):
    """What staff mode needs of the window around it."""

    flow: SaleFlow
    router: Router

    def reset(self) -> bool: ...

    def shutdown(self) -> None: ...


class StaffMode(QObject):
    """Owns the gesture, the PIN pad and the staff bar, around the flow's staff session."""

    def __init__(self, window: StaffWindow, pin_parent: QWidget, bar: StaffBar) -> None:
        super().__init__()
        self._window = window
        self.flow = window.flow
        self.session = window.flow.staff
        self.bar = bar
        self.pin = PinOverlay(pin_parent)
        self.pin.submitted.connect(self._submitted)
        self._tasks = Preemptive()
        assert isinstance(pin_parent.window(), QWidget)
        self.corner = CornerTaps(pin_parent.window(), enabled=self._may_open)
        self.corner.triggered.connect(self.open_pin)
        bar.menu_button.clicked.connect(self.show_menu)
        bar.lock_button.clicked.connect(lambda _=False: self.lock())
        self.session.changed.connect(bar.show_member)
        # The staff bar's badge: how many sales wait for a person, again when a guest is sent.
        self.session.changed.connect(lambda _member: self.refresh_waiting())
        self.flow.staff_needed.connect(self.refresh_waiting)
        self.session.timed_out.connect(lambda: self.lock("auto-locked"))

    def install(self, watch: TouchWatch) -> None:
        watch.add(self.corner.observe)
        watch.add(self.session.observe)

    def uninstall(self, watch: TouchWatch) -> None:
        watch.remove(self.corner.observe)
        watch.remove(self.session.observe)
        self.session.auto_lock_timer.stop()
        self._tasks.cancel_all()

    # ------------------------------------------------------------------ unlocking

    def _may_open(self) -> bool:
        return not self.flow.payment_in_flight and not self.session.active

    def open_pin(self) -> None:
        """Show the PIN pad (already locked out: it says until when, and takes no PIN)."""
        if not self._may_open() or self.pin.is_open:
            return
        self.pin.show_locked(None)
        self.pin.open()
        self._tasks.start("staff-lockout", self._show_lockout())

    async def _show_lockout(self) -> None:
        until = await self.flow.back_office.access.locked_until()
        if self.pin.is_open:
            self.pin.show_locked(until)

    def _submitted(self, pin: str) -> None:
        self._tasks.start("staff-unlock", self._unlock(pin))

    async def _unlock(self, pin: str) -> None:
        result = await self.flow.back_office.access.unlock(pin)
        if isinstance(result, WrongPin):
            self.pin.show_wrong(result.tries_left)
        elif isinstance(result, LockedOut):
            self.pin.show_locked(result.until)
        elif isinstance(result, Unlocked):
            self.pin.close_pad()
            self.session.begin(result.member)
            await self.flow.audit("entered staff mode")
            if not self.flow.has_sale:
                self.show_menu()

    # ------------------------------------------------------------------ while unlocked

    def refresh_waiting(self) -> None:
        """Count the sales waiting for a person, for the staff bar's badge."""
        if self.session.active:
            self._tasks.start("staff-waiting", self._count_waiting())

    async def _count_waiting(self) -> None:
        cases = await self.flow.back_office.needs_staff()
        self.bar.show_waiting(len(cases))

    def show_menu(self) -> None:
        if self.session.active:
            self._window.router.go(routes.StaffHome())

    def lock(self, action: str = "locked") -> None:
        """Lock now; staff screens give way to attract (a guest's sale stays where it is)."""
        self.pin.close_pad()
        member = self.session.end()
        if member is None:
            return
        spawn(self.flow.back_office.audit(member, action), "staff-audit")
        if routes.is_staff(self._window.router.current.name):
            self._window.reset()

    async def exit_to_desktop(self) -> None:
        """Maintenance: close the kiosk (the only user-initiated way), audited first."""
        if not self.session.active:
            return
        await self.flow.audit("exited to desktop")
        self.session.end()
        self._window.shutdown()
