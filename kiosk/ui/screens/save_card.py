"""Save a card: after a recurring membership is paid, the step that lets Zenoti bill its later
payments. Zenoti's add-card page is shown as a QR code for the guest's phone; the kiosk waits
until the card appears in the guest's saved cards, then shows the receipt.

Skipping is allowed, but only once the guest has read what it means: no saved card, no next
payment, and the front desk will ask for one (the sale is listed for staff as "card needed").
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QBoxLayout, QFrame, QHBoxLayout, QVBoxLayout, QWidget

from kiosk.checkout.errors import SaleError
from kiosk.checkout.view import Problem, SaleView
from kiosk.domain.catalog import Membership
from kiosk.domain.sale import SaleState
from kiosk.ui import routes
from kiosk.ui.asyncbridge import spawn
from kiosk.ui.i18n import tr
from kiosk.ui.screens.base import Screen
from kiosk.ui.screens.payment_states import announce, follow_orientation
from kiosk.ui.theme import set_role
from kiosk.ui.widgets.consent import recurring_parts
from kiosk.ui.widgets.parts import button, label
from kiosk.ui.widgets.qr_view import QRView
from kiosk.ui.widgets.sale_steps import SaleSteps, step_of
from kiosk.ui.widgets.spinner import Spinner

log = logging.getLogger("kiosk.ui")


def next_payment_words(memberships: tuple[Membership, ...]) -> dict[str, str]:
    """The amount, period and first date of the recurring membership's next payments."""
    recurring = next((m for m in memberships if m.is_recurring), None)
    if recurring is None:
        return {"amount": "", "period": "", "date": "", "today": ""}
    return recurring_parts(recurring)


class SaveCardScreen(Screen):
    """Zenoti's add-card page as a QR code, the wait for the card, and a plain way to skip."""

    route = routes.SaveCard
    # The guest is on their phone, not touching the kiosk: the step has its own deadline.
    resets_when_idle = False

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self._view: SaleView | None = None
        self._visit = 0
        column = QVBoxLayout(self)
        column.setContentsMargins(48, 8, 48, 32)
        column.setSpacing(24)
        # Where the guest is; its trailing end is the window's language bar's (``languages_room``).
        self.steps = SaleSteps(inset=0)
        self.steps.show_step(step_of(self.name))
        column.addWidget(self.steps)
        self.headline = label("title")
        self.text(self.headline, "One more step: save a card for your next payments")
        self.explain = label("body")
        column.addWidget(self.headline)
        column.addWidget(self.explain)

        self.code = QWidget()  # the QR code and the wait beside (or under) it
        self.body = QBoxLayout(QBoxLayout.Direction.TopToBottom, self.code)
        self.body.setContentsMargins(0, 0, 0, 0)
        self.body.setSpacing(32)
        self.qr = QRView()
        self.qr.setObjectName("addCardQr")
        self.body.addWidget(self.qr, 3)
        self.body.addLayout(self._status(), 2)
        column.addWidget(self.code, 1)
        column.addWidget(self._skip_panel())
        self.problem = label("notice")
        self.problem.hide()
        column.addWidget(self.problem)
        bottom = QHBoxLayout()
        self.skip = button("ghost")
        self.text(self.skip, "Skip for now")
        self.skip.clicked.connect(self.ask_skip)
        self.continue_button = button("primary")
        self.text(self.continue_button, "Continue")
        self.continue_button.clicked.connect(self._to_receipt)
        self.continue_button.hide()
        bottom.addWidget(self.skip, 0, Qt.AlignmentFlag.AlignHCenter)
        bottom.addWidget(self.continue_button, 1)
        column.addLayout(bottom)
        self.flow.changed.connect(self._on_view)

    @property
    def languages_room(self) -> QWidget:
        """Where the window floats the language bar on this screen (it has no top bar)."""
        return self.steps.room

    def _status(self) -> QVBoxLayout:
        status = QVBoxLayout()
        status.setSpacing(16)
        self.scan = label("subtitle")
        self.text(self.scan, "Scan with your phone camera to save a card")
        self.nothing_charged = label("body")
        self.text(self.nothing_charged, "Nothing is charged now: the card is kept for later")
        waiting = QHBoxLayout()
        waiting.setSpacing(16)
        self.spinner = Spinner()
        self.waiting = label("muted")
        self.text(self.waiting, "Waiting for your card…")
        waiting.addWidget(self.spinner)
        waiting.addWidget(self.waiting, 1)
        for widget in (self.scan, self.nothing_charged):
            status.addWidget(widget)
        status.addLayout(waiting)
        status.addStretch(1)
        return status

    def _skip_panel(self) -> QFrame:
        self.skip_box = QFrame()
        set_role(self.skip_box, "card")
        box = QVBoxLayout(self.skip_box)
        box.setContentsMargins(32, 24, 32, 24)
        box.setSpacing(16)
        self.skip_meaning = label("subtitle")
        # One above the other: each answer says all of itself, in every language.
        row = QVBoxLayout()
        row.setSpacing(16)
        self.keep_saving = button("primary")
        self.text(self.keep_saving, "Save a card now")
        self.keep_saving.clicked.connect(self.keep_saving_card)
        self.skip_anyway = button("secondary")
        self.text(self.skip_anyway, "Skip: I'll give a card at the desk")
        self.skip_anyway.clicked.connect(self.confirm_skip)
        row.addWidget(self.keep_saving)
        row.addWidget(self.skip_anyway)
        box.addWidget(self.skip_meaning)
        box.addLayout(row)
        self.skip_box.hide()
        return self.skip_box

    # ------------------------------------------------------------------ the guest's taps

    def ask_skip(self) -> None:
        """Say what skipping means before it happens."""
        self._explain_skip()
        self.code.hide()  # the guest reads what skipping means, nothing else
        self.skip_box.show()
        self.skip.hide()

    def keep_saving_card(self) -> None:
        """Back to the code: the guest saves the card after all."""
        self.skip_box.hide()
        self.code.show()
        self.skip.show()

    def confirm_skip(self) -> None:
        """Go without a saved card: the step ends and the receipt says so."""
        self.skip_box.hide()
        if self.flow.has_sale:
            self.flow.sale.skip_card()

    # ------------------------------------------------------------------ the step

    def entered(self, *, route: routes.SaveCard) -> None:
        self._visit += 1
        self._view = self.flow.view
        self.skip_box.hide()
        self.code.show()
        self._render()
        if self.flow.has_sale:
            spawn(self._save(self._visit, self.flow.sale.id), "save-card")

    async def _save(self, visit: int, sale_id: str) -> None:
        view: SaleView | None
        try:
            view = await self.flow.sale.save_card()
        except SaleError as error:
            log.info("card step refused: %s", error)
            view = self.flow.view
        current = self.flow.view
        if visit != self._visit or current is None or current.sale_id != sale_id or view is None:
            return  # the guest is gone
        self._view = view
        if view.problem is Problem.SERVICE_UNAVAILABLE and view.state is SaleState.CARD_NEEDED:
            self._render()  # no page to show: say so, and let the guest go on
            return
        self._to_receipt()

    def _to_receipt(self) -> None:
        view = self._view
        if self.router.current is self and view is not None and view.receipt is not None:
            self.router.go(routes.Receipt(view.receipt))

    def _on_view(self, view: SaleView) -> None:
        if self.router.current is self:
            self._view = view
            self._render()

    # ------------------------------------------------------------------ rendering

    def _render(self) -> None:
        view = self._view
        self.steps.show_sale(view)
        words = next_payment_words(view.memberships if view is not None else ())
        self.explain.setText(
            tr(
                "Your membership is paid for today. Its next payments, {amount} every {period} "
                "from {date}, are charged to a card you save with us.",
                **words,
            )
        )
        uri = view.add_card_uri if view is not None else None
        no_page = view is not None and view.problem is Problem.SERVICE_UNAVAILABLE
        self.qr.set_payload(uri)
        self.qr.setAccessibleName(tr("QR code to save a card for your next payments"))
        for widget in (self.qr, self.scan, self.nothing_charged):
            widget.setVisible(uri is not None)
        self.spinner.setVisible(not no_page)
        self.waiting.setVisible(not no_page)
        announce(
            self.problem,
            tr("We couldn't open the card page. A team member will help you save a card.")
            if no_page
            else "",
        )
        self.problem.setVisible(no_page)
        self.skip.setVisible(not no_page and not self.skip_box.isVisibleTo(self))
        self.continue_button.setVisible(no_page)
        if self.skip_box.isVisible():
            self._explain_skip()

    def _explain_skip(self) -> None:
        words = next_payment_words(self._view.memberships if self._view is not None else ())
        self.skip_meaning.setText(
            tr(
                "Without a saved card we can't take your next payment of {amount} on {date}. "
                "The front desk will ask you for a card before then.",
                **words,
            )
        )

    def retranslate(self) -> None:
        self._render()

    def forget_guest(self) -> None:
        self._visit += 1
        self._view = None
        self.steps.clear()
        self.qr.clear()
        self.explain.clear()
        self.skip_meaning.clear()
        self.skip_box.hide()
        self.code.show()
        announce(self.problem, "")

    def resizeEvent(self, event: QResizeEvent) -> None:
        follow_orientation(self.body, self.is_landscape)  # the code beside or above the words
        super().resizeEvent(event)
