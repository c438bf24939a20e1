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
from kiosk.ui.widgets.kept_rows import BULLET, RULE, AmountLine, AmountLines, ColumnItem, KeptColumn
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
        self.lines = AmountLines()
        self._card_column.addWidget(self.lines)
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
        self._included_items = KeptColumn(self._included_column)
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

    def _show_included(self) -> None:
        """What the memberships give, under their headings (nothing when the catalogue says
        nothing): the guest sees what they pay for beside what they pay."""
        view = self.flow.view if self._invoice is not None else None
        memberships = view.memberships if view is not None else ()
        listed = [(m, benefits.grouped(m)) for m in memberships]
        listed = [(m, groups) for m, groups in listed if groups]
        items: list[ColumnItem] = []
        if listed:
            items.append(ColumnItem("subtitle", tr("What's included")))
        for membership, groups in listed:
            if len(memberships) > 1:
                items.append(ColumnItem("body", content.shown(membership).title))
            for group, found in groups:
                items.append(ColumnItem("muted", benefits.heading(group)))
                items += [ColumnItem(BULLET, benefits.describe(benefit)) for benefit in found]
        self._included_items.show_items(items)
        self.included.setVisible(bool(listed))

    def arrange(self, landscape: bool) -> None:
        # A wide tablet is short: tighter, so the offer code shows above the pay button.
        self._body.setContentsMargins(48, 16 if landscape else 32, 48, 16)
        self._body.setSpacing(16 if landscape else 24)
        self.sheet.setDirection(
            QBoxLayout.Direction.LeftToRight if landscape else QBoxLayout.Direction.TopToBottom
        )

    def _render(self) -> None:
        self._show_included()
        invoice = self._invoice
        if invoice is None:
            self.lines.clear()
            self.pay_button.setEnabled(False)
            self.then.hide()
            self.offer.hide()
            self.text(self.pay_button, "Pay")
            return
        lines: list[AmountLine | None] = []
        for item in invoice.items:
            name = item.name if item.quantity <= 1 else f"{item.quantity} × {item.name}"
            lines.append(AmountLine(name, self._money(item.sales)))
            if not item.discount.is_zero:
                lines.append(AmountLine(tr("Discount"), "−" + self._money(item.discount), "muted"))
        lines += [
            RULE,
            AmountLine(tr("Subtotal"), self._money(invoice.totals.net), "muted"),
            AmountLine(tr("Tax"), self._money(invoice.totals.tax), "muted"),
            AmountLine(tr("Total"), self._money(invoice.totals.sum_total), "subtitle"),
        ]
        if not invoice.dues.paid.is_zero:
            lines.append(AmountLine(tr("Already paid"), self._money(invoice.dues.paid), "muted"))
        self.lines.show_lines(lines)
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
        # The guest's words go; the rows that held them stay as they are, empty, for the next
        # guest's (the screen is not showing: nothing is hidden or shown for nobody).
        self.lines.forget()
        self._included_items.forget()
        self.pay_button.setEnabled(False)
        self.then.clear()
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
