"""What the payment screen shows for each moment of a payment: the table of stages, their
words, and the pages that show them (the screen in ``payment.py`` decides and acts).

The engine publishes a ``SaleView`` after every journalled change; ``stage_of`` turns it (and
whether the screen has a payment step running) into the one stage the guest sees. The rules of
the payment terminals are kept here: an unknown outcome is CHECKING (calm, never a failure), a
decline is its own stage with "try another card", and the card stages offer cancel only while the
view says cancelling is still possible.
"""

from __future__ import annotations

import enum
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.checkout.view import Problem, SaleView
from kiosk.domain.reference import qr_payload, spoken
from kiosk.domain.sale import SaleState
from kiosk.ui.i18n import tr, translator
from kiosk.ui.messages import problem_text
from kiosk.ui.theme import set_role
from kiosk.ui.widgets.parts import label
from kiosk.ui.widgets.qr_view import QRView
from kiosk.ui.widgets.reader_panel import CardReaderArt
from kiosk.ui.widgets.spinner import Spinner

# The screen's ``text``: binds a translated text to a label or button, kept live.
BindText = Callable[[QLabel | QAbstractButton, str], None]


class Stage(enum.Enum):
    """The pages of the payment screen, as a guest would name them."""

    METHODS = "methods"  # choose how to pay (again, after a cancel, a timeout or a decline)
    STARTING = "starting"  # a step is under way but nothing is on the reader yet
    CARD = "card"  # tap, insert or swipe
    PROCESSING = "processing"  # the card is being authorised
    CHECKING = "checking"  # the outcome is not known yet: we are reading it back
    RELEASED = "released"  # still not known after the guest's wait: to the desk, with a reference
    DECLINED = "declined"  # a plain reason, "try another card", "pay another way"
    PHONE = "phone"  # the hosted page as a QR code
    FINISHING = "finishing"  # paid; recording, closing, emailing
    NEEDS_STAFF = "needs_staff"  # a person finishes it; a reference QR


# Problems that are a refusal of the card: said in the error style, with "try another card".
DECLINES = frozenset(
    {
        Problem.CARD_DECLINED,
        Problem.INSUFFICIENT_FUNDS,
        Problem.CARD_EXPIRED,
        Problem.INCORRECT_PIN,
        Problem.CARD_NOT_SUPPORTED,
        Problem.CARD_READ_ERROR,
    }
)

_BY_STATE: dict[SaleState, Stage] = {
    SaleState.SENT: Stage.CARD,
    SaleState.AWAITING_CARD: Stage.CARD,
    SaleState.PROCESSING: Stage.PROCESSING,
    SaleState.UNKNOWN: Stage.CHECKING,
    SaleState.RECONCILING: Stage.CHECKING,
    SaleState.DECLINED: Stage.DECLINED,
    SaleState.APPROVED: Stage.FINISHING,
    SaleState.RECORDED: Stage.FINISHING,
    SaleState.CLOSED: Stage.FINISHING,
    SaleState.CARD_NEEDED: Stage.FINISHING,  # the card-on-file step follows at once
    SaleState.SAVING_CARD: Stage.FINISHING,
    SaleState.COMPLETED: Stage.FINISHING,  # the receipt screen follows at once
    SaleState.NEEDS_STAFF: Stage.NEEDS_STAFF,
}


def stage_of(
    view: SaleView | None, *, paying: bool, another_way: bool = False, released: bool = False
) -> Stage:
    """The stage for ``view``; ``paying``: a payment step started here is still running;
    ``another_way``: after a decline the guest asked to choose another method; ``released``: the
    guest waited as long as a guest should on an unknown outcome.
    """
    if view is None:
        return Stage.METHODS
    if view.state is SaleState.AWAITING_PHONE:
        return Stage.PHONE if view.phone_payment_uri else Stage.STARTING
    stage = _BY_STATE.get(view.state, Stage.METHODS)
    if stage is Stage.DECLINED and (another_way or paying):
        # "Try another card" runs from DECLINED until the reader is armed again.
        return Stage.STARTING if paying else Stage.METHODS
    if stage is Stage.METHODS and paying:
        return Stage.STARTING
    if stage is Stage.CHECKING and released:
        return Stage.RELEASED
    return stage


def words(stage: Stage, view: SaleView | None, *, cancelling: bool = False) -> tuple[str, str]:
    """What a waiting stage says: the big line, and the calm line under it (translated)."""
    problem = view.problem if view is not None else None
    if cancelling and stage in (Stage.CARD, Stage.PHONE, Stage.STARTING):
        return tr("Cancelling…"), tr("Nothing will be charged")
    if problem is Problem.CANNOT_CANCEL_NOW and stage is Stage.PROCESSING:
        # The guest pressed cancel too late: say why nothing happened, calmly.
        return tr("Processing…"), tr("Your card is being processed and can no longer be cancelled")
    if stage is Stage.CARD:
        tap = tr("Tap, insert or swipe your card")
        if view is not None and view.state is SaleState.SENT:
            return tap, tr("Getting the card reader ready")
        return tap, tr("Follow the instructions on the card reader")
    if stage is Stage.PROCESSING:
        return tr("Processing…"), tr("Please don't remove your card yet")
    if stage is Stage.CHECKING:
        calm = tr("This can take a moment. Please stay here — you won't be charged twice")
        return tr("Checking your payment…"), calm
    if stage is Stage.PHONE:
        return tr("Scan with your phone camera to pay"), tr("Waiting for your payment…")
    if stage is Stage.FINISHING:
        return tr("Payment approved"), tr("Finishing your membership…")
    if stage is Stage.RELEASED:
        return (
            tr("We're still confirming your payment"),
            tr("Please see the front desk with this reference — you won't be charged twice"),
        )
    if stage is Stage.NEEDS_STAFF:
        show = tr("Please show this code to a team member")
        if problem is Problem.PAYMENT_UNCONFIRMED:
            return tr("We couldn't confirm your payment — a team member will help you"), show
        return tr("Payment received — a team member will finish your membership"), show
    return tr("One moment…"), tr("Getting your payment ready")


# Stages where the kiosk, not the guest, is doing something: a spinner turns.
WORKING = frozenset({Stage.STARTING, Stage.PROCESSING, Stage.CHECKING, Stage.FINISHING})

# ---------------------------------------------------------------------- the pages


def announce(widget: QLabel, text: str) -> None:
    """Show ``text`` and tell assistive technology it changed (the name is what is read)."""
    widget.setText(text)
    widget.setAccessibleName(text)
    widget.setAccessibleDescription(text)


def follow_orientation(body: QBoxLayout, landscape: bool) -> None:
    """Side by side on a landscape tablet, one above the other on a portrait kiosk."""
    body.setDirection(
        QBoxLayout.Direction.LeftToRight if landscape else QBoxLayout.Direction.TopToBottom
    )


def align_to_language(widget: QLabel) -> None:
    """Line a label up with the guest's language whatever its script: a membership named in
    Latin letters would otherwise sit on the left of an Arabic screen.
    """
    rtl = translator.direction is Qt.LayoutDirection.RightToLeft
    side = Qt.AlignmentFlag.AlignRight if rtl else Qt.AlignmentFlag.AlignLeft
    widget.setAlignment(Qt.AlignmentFlag.AlignAbsolute | side | Qt.AlignmentFlag.AlignVCenter)


def button(role: str) -> QPushButton:
    """A push button with a stylesheet role."""
    made = QPushButton()
    set_role(made, role)
    return made


def _column(page: QWidget, spacing: int = 20) -> QVBoxLayout:
    column = QVBoxLayout(page)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(spacing)
    return column


class WaitingPage(QWidget):
    """The reader's picture, what is happening (a spinner while the kiosk works on it), and
    cancel while cancelling is possible."""

    def __init__(self, text: BindText) -> None:
        super().__init__()
        column = _column(self)
        self.art = CardReaderArt()
        self.spinner = Spinner()
        self.status = label("title")
        self.status.setObjectName("paymentStatus")
        self.status.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.detail = label("body")
        self.detail.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.cancel = button("secondary")
        self.cancel.setObjectName("paymentCancel")
        text(self.cancel, "Cancel")
        # Stretches above and below keep the words centred when there is no picture.
        column.addStretch(1)
        column.addWidget(self.art, 6)
        column.addWidget(self.spinner, 0, Qt.AlignmentFlag.AlignHCenter)
        column.addWidget(self.status)
        column.addWidget(self.detail)
        column.addWidget(self.cancel, 0, Qt.AlignmentFlag.AlignHCenter)
        column.addStretch(1)

    def show_stage(
        self, stage: Stage, view: SaleView | None, *, cancelling: bool, may_cancel: bool
    ) -> None:
        big, calm = words(stage, view, cancelling=cancelling)
        announce(self.status, big)
        self.detail.setText(calm)
        self.art.setVisible(stage in (Stage.STARTING, Stage.CARD, Stage.PROCESSING))
        self.spinner.setVisible(stage in WORKING)
        self.cancel.setVisible(stage is Stage.CARD and may_cancel)

    def clear(self) -> None:
        announce(self.status, "")
        self.detail.clear()


class PhonePage(QWidget):
    """The hosted payment page as a big QR code, and cancel."""

    def __init__(self, text: BindText) -> None:
        super().__init__()
        column = _column(self, 16)
        self.status = label("subtitle")
        self.status.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.qr = QRView()
        self.qr.setObjectName("paymentQr")
        self.detail = label("muted")
        self.detail.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.cancel = button("secondary")
        self.cancel.setObjectName("paymentCancel")
        text(self.cancel, "Cancel")
        column.addWidget(self.status)
        column.addWidget(self.qr, 1)
        column.addWidget(self.detail)
        column.addWidget(self.cancel, 0, Qt.AlignmentFlag.AlignHCenter)

    def show_stage(self, view: SaleView | None, *, cancelling: bool, may_cancel: bool) -> None:
        big, calm = words(Stage.PHONE, view, cancelling=cancelling)
        announce(self.status, big)
        self.detail.setText(calm)
        self.qr.set_payload(view.phone_payment_uri if view is not None else None)
        self.qr.setAccessibleName(tr("QR code to pay on your phone"))
        self.cancel.setVisible(may_cancel)

    def clear(self) -> None:
        announce(self.status, "")
        self.detail.clear()
        self.qr.clear()


class DeclinedPage(QWidget):
    """A decline in a plain sentence, "Try another card", "Pay another way", and the way out."""

    def __init__(self, text: BindText) -> None:
        super().__init__()
        column = _column(self)
        self.reason = label("error")
        self.reason.setObjectName("declineReason")
        self.try_again = button("primary")
        text(self.try_again, "Try another card")
        self.other_way = button("secondary")
        text(self.other_way, "Pay another way")
        self.cancel = button("ghost")
        text(self.cancel, "Cancel and start over")
        column.addStretch(1)
        column.addWidget(self.reason)
        column.addWidget(self.try_again)
        column.addWidget(self.other_way)
        column.addStretch(2)
        column.addWidget(self.cancel, 0, Qt.AlignmentFlag.AlignHCenter)

    def show_stage(self, view: SaleView | None, *, ready: bool) -> None:
        problem = view.problem if view is not None else None
        announce(self.reason, problem_text(problem or Problem.CARD_DECLINED))
        for choice in (self.try_again, self.other_way, self.cancel):
            choice.setEnabled(ready)

    def clear(self) -> None:
        announce(self.reason, "")


class StaffPage(QWidget):
    """A person finishes the sale (money may be taken), or the guest is sent to the desk while
    the payment is still checked: a reference QR for staff, the reference in words, "Done"."""

    def __init__(self, text: BindText) -> None:
        super().__init__()
        column = _column(self, 16)
        self.status = label("subtitle")
        self.status.setObjectName("staffStatus")
        self.qr = QRView()
        self.qr.setObjectName("referenceQr")
        self.detail = label("body")
        self.reference = label("muted")
        self.done = button("primary")
        text(self.done, "Done")
        for widget in (self.status, self.qr, self.detail, self.reference, self.done):
            column.addWidget(widget, 1 if widget is self.qr else 0)

    def show_stage(self, view: SaleView, stage: Stage = Stage.NEEDS_STAFF) -> None:
        big, calm = words(stage, view)
        announce(self.status, big)
        self.detail.setText(calm)
        self.qr.set_payload(qr_payload(view.sale_id))
        self.qr.setAccessibleName(tr("QR code with your payment reference"))
        self.reference.setText(tr("Reference {code}", code=spoken(view.sale_id)))

    def clear(self) -> None:
        announce(self.status, "")
        self.detail.clear()
        self.reference.clear()
        self.qr.clear()
