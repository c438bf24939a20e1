"""Payment: the amount due, the ways to pay this kiosk offers, and the live state of the payment.

The screen only renders what the engine publishes (``flow.changed``) and starts the engine's
payment steps. A step runs as a task held by ``spawn`` and shielded by the engine, so leaving the
screen never cuts a payment off; while it runs, the buttons that start one are disabled, so a
double tap never pays twice. Which page shows when is one table in ``payment_states``.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QBoxLayout, QPushButton, QStackedWidget, QVBoxLayout, QWidget

from kiosk.checkout.errors import SaleError
from kiosk.checkout.view import Problem, SaleView
from kiosk.domain.sale import SaleState
from kiosk.ui import routes
from kiosk.ui.asyncbridge import spawn
from kiosk.ui.content import shown
from kiosk.ui.formatting import format_money
from kiosk.ui.i18n import tr, translator
from kiosk.ui.messages import error_text, problem_text
from kiosk.ui.screens.base import Screen
from kiosk.ui.screens.payment_states import (
    DECLINES,
    DeclinedPage,
    PhonePage,
    StaffPage,
    Stage,
    WaitingPage,
    align_to_language,
    announce,
    button,
    follow_orientation,
    stage_of,
)
from kiosk.ui.screens.payment_wait import GuestWait
from kiosk.ui.widgets.parts import label
from kiosk.ui.widgets.reader_panel import ReaderPanel
from kiosk.ui.widgets.sale_steps import SaleSteps, step_of

log = logging.getLogger("kiosk.ui")

# A payment coroutine of the current sale, made when the guest taps (``sale.pay_by_card``...).
PaymentStep = Callable[[], Awaitable[SaleView]]


class PaymentScreen(Screen):
    """Pay by card, on your phone, or (with staff) in cash; follows the payment live."""

    route = routes.Payment
    resets_when_idle = True  # the window itself never resets while a payment is in flight

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self._view: SaleView | None = None
        self._payment: asyncio.Task[Any] | None = None
        self._another_way = False  # after a decline: the guest chose another method
        self._cancelling = False
        self._cancelled = False  # the guest cancelled and nothing was taken
        self._error: Exception | None = None
        self._stage = Stage.METHODS
        # An unknown outcome is read back for minutes; the guest waits only so long.
        self.wait = GuestWait(self.flow.deadlines.guest_waits, self)
        self.wait.released.connect(self._render)
        self.wait.leave.connect(self.to_desk)

        column = QVBoxLayout(self)
        column.setContentsMargins(48, 8, 48, 32)
        column.setSpacing(24)
        # Where the guest is; its trailing end is the window's language bar's (``languages_room``).
        self.steps = SaleSteps(inset=0)
        self.steps.show_step(step_of(self.name))
        column.addWidget(self.steps)
        self.body = QBoxLayout(QBoxLayout.Direction.TopToBottom)
        self.body.setSpacing(32)
        self.body.addLayout(self._summary(), 0)
        self.pages = QStackedWidget()
        self.methods_page = self._methods_page()
        self.waiting_page = WaitingPage(self.text)
        self.waiting_page.cancel.clicked.connect(self.cancel)
        self.phone_page = PhonePage(self.text)
        self.phone_page.cancel.clicked.connect(self.cancel)
        self.declined_page = DeclinedPage(self.text)
        self.declined_page.try_again.clicked.connect(self.pay_by_card)
        self.declined_page.other_way.clicked.connect(self.pay_another_way)
        self.declined_page.cancel.clicked.connect(self.leave)
        self.staff_page = StaffPage(self.text)
        self.staff_page.done.clicked.connect(self.to_desk)
        for page in (
            self.methods_page,
            self.waiting_page,
            self.phone_page,
            self.declined_page,
            self.staff_page,
        ):
            self.pages.addWidget(page)
        self.body.addWidget(self.pages, 1)
        column.addLayout(self.body, 1)

        self.panel: ReaderPanel | None = None
        if self.flow.sandbox and self.flow.has_card_reader:
            self.panel = ReaderPanel(self._present_test_card)
            column.addWidget(self.panel, 0)
        self.flow.changed.connect(self._on_view)
        self.flow.staff.changed.connect(self._on_staff)

    @property
    def languages_room(self) -> QWidget:
        """Where the window floats the language bar on this screen (it has no top bar)."""
        return self.steps.room

    # ------------------------------------------------------------------ building

    def _summary(self) -> QVBoxLayout:
        summary = QVBoxLayout()
        summary.setSpacing(8)
        self.title = label("title")
        self.text(self.title, "Payment")
        self.memberships = label("subtitle")
        self.due_caption = label("muted")
        self.text(self.due_caption, "Amount due")
        self.amount = label("amount", wrap=False)
        self.amount.setObjectName("amountDue")
        for widget in (self.title, self.memberships, self.due_caption, self.amount):
            summary.addWidget(widget)
        summary.addStretch(1)
        return summary

    def _methods_page(self) -> QWidget:
        page = QWidget()
        column = QVBoxLayout(page)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(20)
        self.methods_title = label("subtitle")
        self.text(self.methods_title, "How would you like to pay?")
        # Two labels rather than one that changes role: a calm notice, and a refusal.
        self.notice = label("notice")
        self.error = label("error")
        column.addStretch(1)
        for widget in (self.methods_title, self.notice, self.error):
            column.addWidget(widget)

        types = self.flow.payment_types
        self.card_button = button("primary")
        self.text(self.card_button, "Pay by card")
        self.card_button.clicked.connect(self.pay_by_card)
        self.card_button.setVisible(self.flow.has_card_reader)
        self.phone_button = button("secondary")
        self.text(self.phone_button, "Pay on your phone")
        self.phone_button.clicked.connect(self.pay_on_phone)
        # Cash and the other types are staff mode's only: a guest alone never sees them. They
        # are built once and shown while a staff member is unlocked (see ``_render_methods``).
        self.cash_button: QPushButton | None = None
        self.other_buttons: list[QPushButton] = []
        methods = [self.card_button, self.phone_button]
        if types.cash is not None:
            self.cash_button = button("secondary")
            self.text(self.cash_button, "Cash")
            self.cash_button.clicked.connect(lambda _=False: self.pay_cash())
            methods.append(self.cash_button)
        for type_id, type_name in types.others:
            # The business's own name for its payment type: shown as configured.
            other = button("secondary")
            other.setText(type_name)
            other.setAccessibleName(type_name)
            other.clicked.connect(lambda _=False, t=type_id: self.pay_cash(t))
            self.other_buttons.append(other)
        for method in [*methods, *self.other_buttons]:
            method.setObjectName("paymentMethod")
            column.addWidget(method)
        column.addStretch(2)
        self.start_over = button("ghost")
        self.text(self.start_over, "Cancel and start over")
        self.start_over.clicked.connect(self.leave)
        column.addWidget(self.start_over, 0, Qt.AlignmentFlag.AlignHCenter)
        return page

    # ------------------------------------------------------------------ the guest's taps

    def pay_by_card(self) -> None:
        """Pay on the reader (again after a decline: the engine reuses the same intent)."""
        self._start(lambda: self.flow.sale.pay_by_card())

    def pay_on_phone(self) -> None:
        """Show Zenoti's hosted card page as a QR code and wait for it to be paid."""
        self._start(lambda: self.flow.sale.pay_on_phone())

    def pay_cash(self, payment_type_id: str | None = None) -> None:
        """Staff took the money: record it (cash, or another configured payment type)."""
        staff = self.flow.staff_mode
        self._start(
            lambda: self.flow.sale.pay_cash(staff_mode=staff, payment_type_id=payment_type_id)
        )

    def pay_another_way(self) -> None:
        """After a decline: back to the methods (the invoice stays as it is)."""
        self._another_way = True
        self._render()

    def cancel(self) -> None:
        """Cancel the payment, if it still can be; the engine re-reads before believing it."""
        view = self._view
        if view is None or not view.can_cancel_payment or not self.flow.has_sale:
            return
        self._cancelling = True
        self.flow.sale.cancel_payment()
        self._render()

    def to_desk(self) -> None:
        """Done with a reference in hand: the sale is let go of while its payment is still being
        checked (the engine settles it in the background, staff see it), then attract."""
        if self.router.current is not self:
            return
        self.wait.stop()
        if self._stage is Stage.RELEASED:
            self.flow.release_to_desk()
        self.leave()

    def leave(self) -> None:
        """Done (or start over): back to attract with nothing left; refused mid-payment."""
        shell = self.router.shell
        if shell is not None:
            shell.reset()
        else:
            self.router.go(routes.Attract())

    # ------------------------------------------------------------------ running a step

    @property
    def stage(self) -> Stage:
        """What the screen shows now (the page, and what the guest is asked to do)."""
        return self._stage

    @property
    def _reader_down(self) -> bool:
        """The attract screen's last look found the reader offline: pay on the phone only."""
        return self.flow.last_health.card_reader_down

    @property
    def paying(self) -> bool:
        """A payment step started here is still running."""
        return self._payment is not None and not self._payment.done()

    def _start(self, step: PaymentStep) -> None:
        if self.paying or not self.flow.has_sale:
            return
        self._error = None
        self._another_way = self._cancelling = self._cancelled = False
        self._payment = spawn(self._run(self.flow.sale.id, step()), "payment")
        self._render()

    async def _run(self, sale_id: str, payment: Awaitable[SaleView]) -> None:
        view: SaleView | None = None
        try:
            view = await payment
        except SaleError as error:
            log.info("payment step refused: %s", error)
            self._error = error
        finally:
            if self._payment is asyncio.current_task():
                self._payment = None
                if view is None and self._error is None and self.router.current is self:
                    # A bug (it goes on to the crash guard) or a cancel: the screen still answers.
                    self._render()
        current = self.flow.view
        if current is None or current.sale_id != sale_id:
            return  # the guest is gone (reset while the sale was finishing): show nothing
        view = view or current
        stopped = view.state in (SaleState.INVOICE_READY, SaleState.INTENT_CREATED)
        self._cancelled = self._cancelling and stopped and view.problem is None
        self._cancelling = False
        self._view = view
        if view.state is SaleState.COMPLETED and view.receipt is not None:
            if self.router.current is self:
                self.router.go(routes.Receipt(view.receipt))
            return
        if view.state is SaleState.CARD_NEEDED and view.receipt is not None:
            if self.router.current is self:
                self.router.go(routes.SaveCard())  # paid: a card for the later payments next
            return
        self._render()

    async def _present_test_card(self, number: str) -> bool:
        return await self.flow.sale.present_test_card(number)

    def _on_staff(self, _member: str | None) -> None:
        """Staff unlocked or locked: the staff payment types appear or go."""
        if self.router.current is self:
            self._render()

    def _on_view(self, view: SaleView) -> None:
        if self.router.current is not self:
            return
        self._view = view
        self._render()

    # ------------------------------------------------------------------ life cycle

    def entered(self, *, route: routes.Payment) -> None:
        self._another_way = self._cancelled = False
        self._error = None
        self._view = self.flow.view
        self._render()

    def retranslate(self) -> None:
        self._render()

    def forget_guest(self) -> None:
        self.wait.stop()
        self._view = None
        self._payment = None  # a finishing step keeps running in the engine, unseen
        self._error = None
        self._another_way = self._cancelling = self._cancelled = False
        self.steps.clear()
        for text in (self.memberships, self.amount, self.notice, self.error):
            announce(text, "")
        for page in (self.waiting_page, self.phone_page, self.declined_page, self.staff_page):
            page.clear()
        self._stage = Stage.METHODS
        self.pages.setCurrentWidget(self.methods_page)
        if self.panel is not None:
            self.panel.set_waiting(False)

    def resizeEvent(self, event: QResizeEvent) -> None:
        follow_orientation(self.body, self.is_landscape)  # the amount beside or above the payment
        super().resizeEvent(event)

    # ------------------------------------------------------------------ rendering

    def _render(self) -> None:
        view = self._view
        stage = stage_of(
            view, paying=self.paying, another_way=self._another_way, released=self.wait.is_released
        )
        self.wait.follow(stage)
        self._stage = stage
        self.steps.show_sale(view)
        if view is not None:
            self.memberships.setText(" · ".join(shown(m).title for m in view.memberships))
            align_to_language(self.memberships)
            due = view.amount_due
            self.amount.setText(format_money(due, translator.locale) if due is not None else "")
            self.amount.setAccessibleName(tr("Amount due") + " " + self.amount.text())
        page = {
            Stage.METHODS: self.methods_page,
            Stage.DECLINED: self.declined_page,
            Stage.PHONE: self.phone_page,
            Stage.NEEDS_STAFF: self.staff_page,
            Stage.RELEASED: self.staff_page,
        }.get(stage, self.waiting_page)
        self.pages.setCurrentWidget(page)
        may_cancel = view is not None and view.can_cancel_payment and not self._cancelling
        if page is self.methods_page:
            self._render_methods(view)
        elif page is self.declined_page:
            self.declined_page.show_stage(view, ready=not self.paying)
        elif page is self.phone_page:
            self.phone_page.show_stage(view, cancelling=self._cancelling, may_cancel=may_cancel)
        elif page is self.staff_page and view is not None:
            self.staff_page.show_stage(view, stage)
        else:
            self.waiting_page.show_stage(
                stage, view, cancelling=self._cancelling, may_cancel=may_cancel
            )
        if self.panel is not None:
            awaiting = view is not None and view.state is SaleState.AWAITING_CARD
            self.panel.set_waiting(stage is Stage.CARD and awaiting and not self._cancelling)

    def _render_methods(self, view: SaleView | None) -> None:
        problem = view.problem if view is not None and not self._another_way else None
        notice = error = ""
        if self._error is not None:
            error = error_text(self._error)
        elif problem in DECLINES:
            error = problem_text(problem)
        elif problem is not None and problem is not Problem.CANNOT_CANCEL_NOW:
            notice = problem_text(problem)
        elif self._cancelled:
            notice = tr("Payment cancelled — nothing was charged")
        elif self._reader_down:
            notice = tr("The card reader is offline: please pay on your phone")
        for widget, text in ((self.notice, notice), (self.error, error)):
            announce(widget, text)
            widget.setVisible(bool(text))
        self.card_button.setVisible(self.flow.has_card_reader and not self._reader_down)
        ready = view is not None and not self.paying
        for method in (self.card_button, self.phone_button, self.cash_button, *self.other_buttons):
            if method is not None:
                method.setEnabled(ready)
        for staff_method in (self.cash_button, *self.other_buttons):
            if staff_method is not None:
                staff_method.setVisible(self.flow.staff_mode)
        self.start_over.setEnabled(not self.paying)
