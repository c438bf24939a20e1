"""The out-of-order watch: while the journal does not write, no guest screen shows.

It comes up over every guest screen the moment a journal write fails (the sale in hand is set
aside, and the out-of-order screen says what became of it), keeps every guest screen away after
that (a reset, a tap on attract), and goes back to attract once the kiosk has written and
settled what it held. Staff screens stay usable throughout. Light on purpose: the window makes
it at start-up, before the first paint; the screen itself is made only when first needed.
"""

from __future__ import annotations

from PySide6.QtCore import QObject

from kiosk.checkout.journal_health import JournalState
from kiosk.ui import routes
from kiosk.ui.flow import SaleFlow
from kiosk.ui.router import Router


class OutOfOrderWatch(QObject):
    """Shows the out-of-order screen instead of any guest screen while the journal fails."""

    def __init__(self, flow: SaleFlow, router: Router) -> None:
        super().__init__(router)
        self._flow = flow
        self._router = router
        flow.journal_changed.connect(self._journal_changed)
        router.navigated.connect(self._navigated)

    def _journal_changed(self, state: JournalState) -> None:
        showing = self._router.current.name
        if not state.writable:
            if not routes.is_staff(showing) and showing != routes.OutOfOrder.name:
                self._take_over()
            return
        if showing == routes.OutOfOrder.name:
            shell = self._router.shell
            if shell is None or not shell.reset():
                self._router.go(routes.Attract())

    def _navigated(self, name: str) -> None:
        # Nothing of a guest starts while out of order: not after a reset, not from attract.
        if self._flow.journal.writable or name == routes.OutOfOrder.name:
            return
        if not routes.is_staff(name):
            self._take_over()

    def _take_over(self) -> None:
        # The sale in hand (if any) is set aside; after a reset there is none: a passer-by's.
        self._router.go(routes.OutOfOrder(sale_id=self._flow.set_aside()))
