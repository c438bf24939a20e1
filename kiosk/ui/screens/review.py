"""Review: Zenoti's invoice exactly as Zenoti computed it (each line, subtotal, tax, total), what is
charged today, and for a recurring membership what follows. Then pay, go back to the terms, or
cancel and start over.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QGridLayout,
    QVBoxLayout,
    QWidget,
)

from kiosk.checkout.errors import SaleError
from kiosk.domain.invoice import Invoice
from kiosk.domain.money import Money
from kiosk.ui import benefits, content, routes
from kiosk.ui.asyncbridge import async_slot
from kiosk.ui.formatting import format_money
from kiosk.ui.i18n import tr, translator
from kiosk.ui.screens.guest_page import GuestScreen
from kiosk.ui.theme import set_role
from kiosk.ui.widgets.consent import recurring_parts
from kiosk.ui.widgets.membership_card import Bullet
from kiosk.ui.widgets.offer_code import OfferCodeEntry, offer_error_text
from kiosk.ui.widgets.parts import button, label, scroll_area


class ReviewScreen(GuestScreen):
    """The invoice, and the one big button to pay it."""

    route = routes.Review
    greets = True  # a sale that comes here straight from identify (staff's open invoice)

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
        self._body = body
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
        for widget in (title, intro):
            body.addWidget(widget)
        # The invoice (and the code) beside what the membership includes on a wide screen,
        # above it on a tall one: a tall kiosk has the height to show both.
        self.sheet = QBoxLayout(QBoxLayout.Direction.TopToBottom)
        self.sheet.setSpacing(24)
        invoice_side = QVBoxLayout()
        invoice_side.setSpacing(24)
        invoice_side.addWidget(self.card)
        invoice_side.addWidget(self.then)
        self.offer = OfferCodeEntry()  # the guest (or staff) may take a code off the invoice
        self.offer.submitted.connect(self.apply_offer_code)
        invoice_side.addWidget(self.offer)
        invoice_side.addStretch(1)
        self.sheet.addLayout(invoice_side, 1)
        self.included = QFrame()
        self.included.setObjectName("included")
        set_role(self.included, "card")
        self._included_column = QVBoxLayout(self.included)
        self._included_column.setContentsMargins(32, 24, 32, 24)
        self._included_column.setSpacing(12)
        self.included.hide()
        self.sheet.addWidget(self.included, 1, Qt.AlignmentFlag.AlignTop)
        body.addLayout(self.sheet)
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

    def _drop_lines(self) -> None:
        if self._lines_widget is not None:
            # Hidden and let go, not reparented: a widget given no parent becomes a window of
            # its own first, which costs a hidden screen's forget_guest milliseconds.
            self._card_column.removeWidget(self._lines_widget)
            self._lines_widget.hide()
            self._lines_widget.deleteLater()
            self._lines_widget = None

    def _drop_included(self) -> None:
        column = self._included_column
        while column.count():
            item = column.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()
                widget.deleteLater()
        self.included.hide()

    def _clear_lines(self) -> None:
        """A fresh grid for every rendering (a grid's rows never shrink once added)."""
        self._drop_lines()
        self._lines_widget = QWidget()
        self.lines = QGridLayout(self._lines_widget)
        self.lines.setContentsMargins(0, 0, 0, 0)
        self.lines.setHorizontalSpacing(24)
        self.lines.setVerticalSpacing(16)
        self.lines.setColumnStretch(0, 1)
        self._card_column.addWidget(self._lines_widget)

    def _show_included(self) -> None:
        """What the memberships give, under their headings (nothing when the catalogue says
        nothing): the guest sees what they pay for beside what they pay."""
        column = self._included_column
        self._drop_included()
        view = self.flow.view if self._invoice is not None else None
        memberships = view.memberships if view is not None else ()
        listed = [(m, benefits.grouped(m)) for m in memberships]
        listed = [(m, groups) for m, groups in listed if groups]
        self.included.setVisible(bool(listed))
        if not listed:
            return
        column.addWidget(label("subtitle", tr("What's included")))
        for membership, groups in listed:
            if len(memberships) > 1:
                column.addWidget(label("body", content.shown(membership).title))
            for group, found in groups:
                column.addWidget(label("muted", benefits.heading(group)))
                for benefit in found:
                    column.addWidget(Bullet(benefits.describe(benefit)))

    def arrange(self, landscape: bool) -> None:
        # A wide tablet is short: tighter, so the offer code shows above the pay button.
        self._body.setContentsMargins(48, 16 if landscape else 32, 48, 16)
        self._body.setSpacing(16 if landscape else 24)
        self.sheet.setDirection(
            QBoxLayout.Direction.LeftToRight if landscape else QBoxLayout.Direction.TopToBottom
        )

    def _render(self) -> None:
        self._clear_lines()
        self._show_included()
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
        self.settle_shape()
        self.show_chrome()

    def retranslate(self) -> None:
        self._render()

    def forget_guest(self) -> None:
        super().forget_guest()
        self._invoice = None
        self.offer.reset()
        # The guest's lines and benefits go; nothing is built until the next guest's invoice.
        self._drop_lines()
        self._drop_included()
        self.pay_button.setEnabled(False)
        self.then.hide()
        self.then.clear()
        self.offer.hide()
        self.text(self.pay_button, "Pay")

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
