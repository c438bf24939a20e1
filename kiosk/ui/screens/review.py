"""Review: Zenoti's invoice exactly as Zenoti computed it (each line, subtotal, tax, total), what is
charged today, and for a recurring membership what follows. Then pay, go back to the terms, or
cancel and start over.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QVBoxLayout,
    QWidget,
)

from kiosk.checkout.errors import SaleError
from kiosk.domain.invoice import Invoice
from kiosk.domain.money import Money
from kiosk.ui import routes
from kiosk.ui.asyncbridge import async_slot
from kiosk.ui.formatting import format_money
from kiosk.ui.i18n import tr, translator
from kiosk.ui.screens.guest_page import GuestScreen
from kiosk.ui.theme import set_role
from kiosk.ui.widgets.consent import recurring_parts
from kiosk.ui.widgets.offer_code import OfferCodeEntry, offer_error_text
from kiosk.ui.widgets.parts import button, label, scroll_area


class ReviewScreen(GuestScreen):
    """The invoice, and the one big button to pay it."""

    route = routes.Review

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self._invoice: Invoice | None = None
        # Back to the terms (already accepted: they are shown again, not signed again).
        self.back_button = self.way_out
        self.text(self.back_button, "Back")
        self.back_button.clicked.connect(self.back)

        content = QWidget()
        body = QVBoxLayout(content)
        body.setContentsMargins(48, 32, 48, 16)
        body.setSpacing(24)
        title = label("title")
        self.text(title, "Review your membership")
        intro = label("body")
        self.text(intro, "Here is your invoice. Nothing is charged until you pay.")
        self.card = QFrame()
        set_role(self.card, "card")
        self._card_column = QVBoxLayout(self.card)
        self._card_column.setContentsMargins(32, 24, 32, 24)
        self._lines_widget: QWidget | None = None
        self._clear_lines()
        self.then = label("body")
        self.then.hide()
        for widget in (title, intro, self.card, self.then):
            body.addWidget(widget)
        self.offer = OfferCodeEntry()  # the guest (or staff) may take a code off the invoice
        self.offer.submitted.connect(self.apply_offer_code)
        body.addWidget(self.offer)
        body.addStretch(1)
        area = scroll_area()
        area.setWidget(content)
        self.column.addWidget(area, 1)

        bottom = QVBoxLayout()
        bottom.setContentsMargins(48, 16, 48, 32)
        bottom.setSpacing(16)
        self.pay_button = button("hero")  # the one big action
        self.pay_button.clicked.connect(self.pay)
        self.cancel_button = button("ghost")
        self.text(self.cancel_button, "Cancel and start over")
        self.cancel_button.clicked.connect(self.cancel)
        bottom.addWidget(self.pay_button)
        bottom.addWidget(self.cancel_button, 0, Qt.AlignmentFlag.AlignHCenter)
        self.column.addLayout(bottom)

    # ------------------------------------------------------------------ showing the invoice

    def _money(self, money: Money) -> str:
        return format_money(money, translator.locale)

    def _line(self, name: str, amount: str, role: str = "body") -> None:
        row = self.lines.rowCount()
        name_label = label(role, name)
        amount_label = label(role, amount, wrap=False)
        # Amounts line up on the trailing edge (the right, or the left in Arabic).
        amount_label.setAlignment(Qt.AlignmentFlag.AlignTrailing | Qt.AlignmentFlag.AlignTop)
        self.lines.addWidget(name_label, row, 0)
        self.lines.addWidget(amount_label, row, 1)

    def _rule(self) -> None:
        rule = QFrame()
        rule.setFrameShape(QFrame.Shape.HLine)
        set_role(rule, "rule")
        self.lines.addWidget(rule, self.lines.rowCount(), 0, 1, 2)

    def _clear_lines(self) -> None:
        """A fresh grid for every rendering (a grid's rows never shrink once added)."""
        if self._lines_widget is not None:
            self._lines_widget.setParent(None)
            self._lines_widget.deleteLater()
        self._lines_widget = QWidget()
        self.lines = QGridLayout(self._lines_widget)
        self.lines.setContentsMargins(0, 0, 0, 0)
        self.lines.setHorizontalSpacing(24)
        self.lines.setVerticalSpacing(16)
        self.lines.setColumnStretch(0, 1)
        self._card_column.addWidget(self._lines_widget)

    def _render(self) -> None:
        self._clear_lines()
        invoice = self._invoice
        if invoice is None:
            self.pay_button.setEnabled(False)
            self.then.hide()
            self.offer.hide()
            self.text(self.pay_button, "Pay")
            return
        for item in invoice.items:
            name = item.name if item.quantity <= 1 else f"{item.quantity} × {item.name}"
            self._line(name, self._money(item.sales))
            if not item.discount.is_zero:
                self._line(tr("Discount"), "−" + self._money(item.discount), "muted")
        self._rule()
        self._line(tr("Subtotal"), self._money(invoice.totals.net), "muted")
        self._line(tr("Tax"), self._money(invoice.totals.tax), "muted")
        self._line(tr("Total"), self._money(invoice.totals.sum_total), "subtitle")
        if not invoice.dues.paid.is_zero:
            self._line(tr("Already paid"), self._money(invoice.dues.paid), "muted")
        due = self._money(invoice.dues.balance)
        self.text(self.pay_button, "Pay {amount} today", amount=due)
        self.pay_button.setEnabled(not invoice.is_fully_paid)
        self._show_offer()
        view = self.flow.view
        recurring = [m for m in view.memberships if m.is_recurring] if view else []
        self.then.setVisible(bool(recurring))
        self.then.setText(
            "\n".join(
                tr("Then {amount} every {period}, starting {date}", **recurring_parts(m))
                for m in recurring
            )
        )

    # ------------------------------------------------------------------ actions

    def pay(self) -> None:
        self.router.go(routes.Payment())

    def back(self) -> None:
        """Back to the terms the guest accepted; the invoice stays as it is."""
        self.router.back_to(routes.Terms())

    def cancel(self) -> None:
        """Start over: the engine empties the invoice in the background."""
        shell = self.router.shell
        if shell is not None:
            shell.reset()
        else:
            self.router.go(routes.Attract())

    # ------------------------------------------------------------------ life cycle

    def entered(self, *, route: routes.Review) -> None:
        view = self.flow.view
        self._invoice = view.invoice if view is not None else None
        self.offer.reset()
        self._render()

    def retranslate(self) -> None:
        self._render()

    def forget_guest(self) -> None:
        self._invoice = None
        self.offer.reset()
        self._render()

    # ------------------------------------------------------------------ an offer code

    @async_slot
    async def apply_offer_code(self, code: str) -> None:
        """Zenoti takes the code off the invoice; the new totals show, or why it did not."""
        self.offer.busy(True)
        self.pay_button.setEnabled(False)
        try:
            await self.flow.sale.apply_offer_code(code)
        except SaleError as error:
            self.offer.refused(offer_error_text(error))
        finally:
            self.offer.busy(False)
        view = self.flow.view
        self._invoice = view.invoice if view is not None else self._invoice
        self._render()

    def _show_offer(self) -> None:
        invoice = self._invoice
        saved = [i.discount for i in invoice.items if not i.discount.is_zero] if invoice else []
        self.offer.setVisible(invoice is not None)
        if saved:
            total = sum(saved[1:], saved[0])
            self.offer.accepted(tr("Code applied — you save {amount}", amount=self._money(total)))
