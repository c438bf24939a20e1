"""What every staff screen shares: "Staff menu" as the way out, a title, a line for results and
errors, and engine calls that never freeze the screen (they run as tasks; a second tap on the
same action replaces the first; a failure is said in a sentence, never a code).

Staff screens keep no guest data once left: ``forget_guest`` runs at every reset, and each screen
clears itself there.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any, TypeVar

from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout

from kiosk.checkout.errors import SaleError
from kiosk.ui import routes
from kiosk.ui.asyncbridge import Preemptive
from kiosk.ui.i18n import tr
from kiosk.ui.messages import error_text
from kiosk.ui.screens.guest_page import GuestScreen
from kiosk.ui.theme import set_role
from kiosk.ui.widgets.parts import label

log = logging.getLogger("kiosk.ui")

T = TypeVar("T")


class StaffScreen(GuestScreen):
    """A staff page: the way back to the staff menu, a title, the page's ``body``."""

    resets_when_idle = False  # staff mode locks itself instead (kiosk.ui.staff_mode)
    title_text = ""

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self._tasks = Preemptive()
        self.text(self.way_out, "Staff menu")
        self.way_out.clicked.connect(self.to_menu)
        self.body = QVBoxLayout()
        self.body.setContentsMargins(32, 20, 32, 20)
        self.body.setSpacing(14)
        self.title = label("title")
        if self.title_text:
            self.text(self.title, self.title_text)
        self.status = label("body")
        self.status.setObjectName("staffStatus")
        self.status.hide()
        self.body.addWidget(self.title)
        self.body.addWidget(self.status)
        self.column.addLayout(self.body, 1)

    @property
    def who(self) -> str:
        """The unlocked staff member, for the audit log."""
        return self.flow.staff.member or ""

    def to_menu(self) -> None:
        self.router.go(routes.StaffHome())

    def action_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setSpacing(12)
        return row

    # ------------------------------------------------------------------ running engine calls

    @property
    def working(self) -> bool:
        """Whether an engine call of this page is still under way."""
        return self._tasks.running

    def say(self, text: str, *, role: str = "body") -> None:
        """Show a result or an error under the title (empty: hide the line)."""
        set_role(self.status, role)
        self.status.setText(text)
        self.status.setAccessibleName(text)
        self.status.setVisible(bool(text))

    def run(
        self,
        name: str,
        work: Callable[[], Awaitable[T]],
        done: Callable[[T], None],
        *,
        busy: str = "Working…",
    ) -> None:
        """Run ``work`` as a task; ``done`` gets its result; a failure is said plainly."""
        self.say(tr(busy))
        self._tasks.start(name, self._run(work, done))

    async def _run(self, work: Callable[[], Awaitable[T]], done: Callable[[T], None]) -> None:
        try:
            result = await work()
        except SaleError as error:
            log.info("staff action refused: %s", error)
            # The engine's own words say most to staff (they are not guests' sentences).
            reason = error_text(error) if error.problem is not None else str(error)
            self.say(tr("Not done: {reason}", reason=reason), role="error")
            return
        self.say("")
        done(result)

    def start(self, name: str, work: Coroutine[Any, Any, Any]) -> None:
        """Run ``work`` as a task of this screen (cancelled when the screen forgets)."""
        self._tasks.start(name, work)

    def forget_guest(self) -> None:
        self._tasks.cancel_all()
        self.say("")
