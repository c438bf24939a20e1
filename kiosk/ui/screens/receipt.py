"""Receipt: "You're in!", what was bought and paid, a QR code of the receipt, whether the email
went out, whether a recurring membership has its card saved for the next payments (the save-card
step comes before this screen), and back to attract after 30 seconds.

A failed email is never an error here (receipts are apart from payment): the guest is told to scan
the code instead. Everything shown is the guest's, so ``forget_guest`` wipes all of it.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.domain.receipt import Receipt
from kiosk.ui import routes
from kiosk.ui.formatting import format_money
from kiosk.ui.i18n import tr, translator
from kiosk.ui.screens.base import Screen
from kiosk.ui.screens.payment_states import align_to_language, follow_orientation
from kiosk.ui.theme import set_role
from kiosk.ui.widgets.parts import label
from kiosk.ui.widgets.qr_view import QRView
from kiosk.ui.widgets.receipt_choice import ReceiptChoice
from kiosk.ui.widgets.sale_steps import SaleSteps, step_of

RETURN_AFTER_S = 30


def method_text(receipt: Receipt) -> str:
    """How the guest paid, in words (the card's last four digits when the reader told us)."""
    if receipt.method == "card":
        if receipt.card_last_four:
            return tr("Paid by card •••• {last_four}", last_four=receipt.card_last_four)
        return tr("Paid by card")
    if receipt.method == "phone":
        return tr("Paid on your phone")
    if receipt.method == "cash":
        return tr("Paid in cash")
    return tr("Paid at the front desk")


def card_text(receipt: Receipt) -> str | None:
    """Whether the next payments of a recurring membership have a card to go to (None: prepaid)."""
    if not receipt.recurring:
        return None
    if receipt.card_saved and receipt.saved_card_last_four:
        return tr(
            "Your card •••• {last_four} is saved for your next payments",
            last_four=receipt.saved_card_last_four,
        )
    if receipt.card_saved:
        return tr("A card is saved for your next payments")
    return tr("No card is saved for your next payments: the front desk will ask you for one")


def email_text(receipt: Receipt) -> str:
    """Whether the email went out; if not, how else to keep the receipt (never an error)."""
    if receipt.email_sent:
        return tr("We've emailed your receipt")
    if receipt.receipt_url:
        return tr("We couldn't send the email — scan the code to keep your receipt")
    return tr("We couldn't send the email — please ask the front desk for a copy")


class ReceiptScreen(Screen):
    """The finished sale, and the way home."""

    route = routes.Receipt
    resets_when_idle = True

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        # Injectable for tests: how long the receipt stays, and how long a "second" is.
        self.countdown_s = RETURN_AFTER_S
        self.tick_ms = 1000
        self._receipt: Receipt | None = None
        self._left = 0
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._tick)

        column = QVBoxLayout(self)
        column.setContentsMargins(48, 8, 48, 32)
        column.setSpacing(32)
        self._column = column
        # Done: every step ticked; its trailing end is the window's language bar's.
        self.steps = SaleSteps(inset=0)
        self.steps.show_step(step_of(self.name))
        column.addWidget(self.steps)
        self.body = QBoxLayout(QBoxLayout.Direction.TopToBottom)
        self.body.setSpacing(40)
        self.body.addLayout(self._details(), 0)
        codes = QVBoxLayout()
        codes.setSpacing(24)
        self.codes = codes
        self.receipt_card, self.receipt_qr, self.receipt_caption = self._code("receiptQr")
        self.text(self.receipt_caption, "Scan for your receipt")
        # The code takes the room the details leave (a tall kiosk: a large code, easy to scan).
        self.receipt_qr.setMaximumHeight(600)
        codes.addWidget(self.receipt_card, 1)
        self.body.addLayout(codes, 1)
        column.addLayout(self.body, 1)

        # The way home: under everything, or, wide, at the foot of the details (a short
        # tablet has no height for a row of its own).
        self.footer = QWidget()
        bottom = QHBoxLayout(self.footer)
        bottom.setContentsMargins(0, 0, 0, 0)
        bottom.setSpacing(24)
        self.countdown = label("muted")
        self.done = QPushButton()
        set_role(self.done, "primary")
        self.text(self.done, "Done")
        self.done.clicked.connect(self.leave)
        bottom.addWidget(self.countdown, 1)
        bottom.addWidget(self.done, 0)
        column.addWidget(self.footer)

    @property
    def languages_room(self) -> QWidget:
        """Where the window floats the language bar on this screen (it has no top bar)."""
        return self.steps.room

    def _details(self) -> QVBoxLayout:
        details = QVBoxLayout()
        details.setSpacing(12)
        self.headline = label("hero")
        self.text(self.headline, "You're in!")
        self.memberships = label("subtitle")
        self.amount = label("amount", wrap=False)
        self.amount.setObjectName("amountPaid")
        self.method = label("body")
        self.numbers = label("muted")
        # Two labels rather than one that changes role: sent (good news), or not (calm).
        self.email_sent = label("ok")
        self.email_failed = label("notice")
        # A recurring membership's card: saved (good news), or not (the desk will ask).
        self.card_saved = label("ok")
        self.card_needed = label("notice")
        # Everything here but the headline is the guest's: forget_guest wipes these.
        self._guest_texts = (
            self.memberships,
            self.amount,
            self.method,
            self.numbers,
            self.email_sent,
            self.email_failed,
            self.card_saved,
            self.card_needed,
        )
        for widget in (self.headline, *self._guest_texts):
            details.addWidget(widget)
        # With a printer the guest chooses: email, paper, both or none (the email waited).
        self.choice = ReceiptChoice()
        self.choice.keep = lambda email, paper: self.flow.keep_receipt(email=email, paper=paper)
        details.addWidget(self.choice)
        details.addStretch(1)
        self._details_column = details
        return details

    def _code(self, name: str) -> tuple[QFrame, QRView, QLabel]:
        card = QFrame()
        set_role(card, "card")
        column = QVBoxLayout(card)
        column.setContentsMargins(20, 20, 20, 20)
        column.setSpacing(12)
        code = QRView()
        code.setObjectName(name)
        words = label("body")
        words.setAlignment(Qt.AlignmentFlag.AlignCenter)
        column.addWidget(code, 1)
        column.addWidget(words)
        return card, code, words

    # ------------------------------------------------------------------ life cycle

    def entered(self, *, route: routes.Receipt) -> None:
        self._receipt = route.receipt
        self.choice.reset()
        self._render()
        self._left = self.countdown_s
        self._show_countdown()
        self._timer.start(self.tick_ms)

    def retranslate(self) -> None:
        if self._receipt is not None:
            self._render()
            self._show_countdown()

    def forget_guest(self) -> None:
        self._timer.stop()
        self._receipt = None
        self._left = 0
        self.steps.clear()
        for text in self._guest_texts:
            text.clear()
            text.setAccessibleName("")
        self.countdown.clear()
        self.choice.reset()
        self.receipt_qr.clear()
        self.receipt_card.hide()

    def leave(self) -> None:
        """Done: back to attract with nothing of the guest left."""
        self._timer.stop()
        shell = self.router.shell
        if shell is not None:
            shell.reset()
        else:
            self.router.go(routes.Attract())

    def resizeEvent(self, event: QResizeEvent) -> None:
        landscape = self.is_landscape
        follow_orientation(self.body, landscape)  # the codes beside or below the details
        # Wide, the two halves share the width (a long headline wraps rather than squeezing the
        # receipt choice), and a short tablet spends less height between the rows.
        self.body.setStretch(0, 1 if landscape else 0)
        self.body.setSpacing(32 if landscape else 40)
        self._column.setSpacing(12 if landscape else 32)
        self._column.setContentsMargins(48, 8, 48, 16 if landscape else 32)
        # Wide, the receipt choice goes under the code: the details alone fit a short tablet.
        holder = self.codes if landscape else self._details_column
        if holder.indexOf(self.choice) < 0:
            self.codes.removeWidget(self.choice)
            self._details_column.removeWidget(self.choice)
            if landscape:
                self.codes.addWidget(self.choice)
            else:
                self._details_column.insertWidget(self._details_column.count() - 1, self.choice)
        home = self._details_column if landscape else self._column
        if home.indexOf(self.footer) < 0:
            self._column.removeWidget(self.footer)
            self._details_column.removeWidget(self.footer)
            home.addWidget(self.footer)  # after the details' stretch: at their foot
            self.footer.show()  # a new parent hides a widget
        super().resizeEvent(event)

    # ------------------------------------------------------------------ rendering

    def _render(self) -> None:
        receipt = self._receipt
        assert receipt is not None
        self.steps.show_receipt(receipt)
        self.memberships.setText("\n".join(receipt.membership_names))
        align_to_language(self.memberships)
        self.amount.setText(format_money(receipt.amount_paid, translator.locale))
        self.amount.setAccessibleName(tr("Amount paid") + " " + self.amount.text())
        self.method.setText(method_text(receipt))
        numbers = []
        if receipt.receipt_number:
            numbers.append(tr("Receipt {number}", number=receipt.receipt_number))
        if receipt.invoice_number:
            numbers.append(tr("Invoice {number}", number=receipt.invoice_number))
        self.numbers.setText(" · ".join(numbers))
        words = email_text(receipt)
        for widget, shown in (
            (self.email_sent, receipt.email_sent),
            (self.email_failed, not receipt.email_sent),
        ):
            widget.setText(words if shown else "")
            widget.setAccessibleName(words if shown else "")
            widget.setVisible(shown)
        chooses = self.flow.receipts.guest_chooses
        self.choice.setVisible(chooses)
        if chooses:  # nothing was emailed yet: the choice says what happens
            self.email_sent.hide()
            self.email_failed.hide()
        self.receipt_qr.set_payload(receipt.receipt_url)
        self.receipt_qr.setAccessibleName(tr("QR code of your receipt"))
        self.receipt_card.setVisible(bool(receipt.receipt_url))
        card = card_text(receipt)
        for widget, shown in (
            (self.card_saved, card is not None and receipt.card_saved),
            (self.card_needed, card is not None and not receipt.card_saved),
        ):
            widget.setText(card if shown and card else "")
            widget.setAccessibleName(card if shown and card else "")
            widget.setVisible(shown)

    def _show_countdown(self) -> None:
        self.countdown.setText(tr("Back to the start in {seconds} seconds", seconds=self._left))

    def _tick(self) -> None:
        self._left -= 1
        if self._left <= 0:
            self.leave()
            return
        self._show_countdown()
