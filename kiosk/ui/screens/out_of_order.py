"""Out of order: the kiosk's journal does not write, so it sells nothing until it does.

The guest in the middle of a sale is told the truth about their money — paid (a team member
finishes the membership), not charged, or being checked — with the sale's reference to show at
the desk; a passer-by is told to see the front desk. ``kiosk.ui.out_of_order_watch`` decides
when it shows.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QVBoxLayout

from kiosk.checkout.journal_health import HeldSale, JournalState, Paid
from kiosk.domain.reference import qr_payload, spoken
from kiosk.ui import routes
from kiosk.ui.i18n import tr
from kiosk.ui.screens.base import Screen
from kiosk.ui.screens.payment_states import announce
from kiosk.ui.widgets.parts import label
from kiosk.ui.widgets.qr_view import QRView

OUT_OF_ORDER = "This kiosk is out of order — please see the front desk"

# What the guest of a sale set aside is told, by what is known of their money.
_WORDS: dict[Paid, tuple[str, str]] = {
    Paid.YES: (
        "Payment received — a team member will finish your membership",
        "Please show this code to a team member",
    ),
    Paid.UNSURE: (
        "We couldn't confirm your payment — a team member will help you",
        "Please show this code to a team member",
    ),
    Paid.CHECKING: (
        "Checking your payment…",
        "This can take a moment. Please stay here — you won't be charged twice",
    ),
    Paid.NO: (OUT_OF_ORDER, "Nothing was charged. Please show this code to a team member"),
}


class OutOfOrderScreen(Screen):
    """Says the kiosk is out of order; for the guest of a sale set aside, what became of it."""

    route = routes.OutOfOrder
    resets_when_idle = False

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self._sale_id: str | None = None
        self._held: HeldSale | None = None  # as last shown: kept while the kiosk settles it
        column = QVBoxLayout(self)
        column.setContentsMargins(64, 96, 64, 96)
        column.setSpacing(32)
        self.headline = label("title")
        self.headline.setObjectName("outOfOrderHeadline")
        self.explain = label("body")
        self.qr = QRView()
        self.qr.setObjectName("referenceQr")
        self.reference = label("subtitle")
        self.reference.setObjectName("outOfOrderReference")
        for text in (self.headline, self.explain, self.reference):
            text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        column.addStretch(1)
        column.addWidget(self.headline)
        column.addWidget(self.explain)
        column.addWidget(self.qr, 1)
        column.addWidget(self.reference)
        column.addStretch(1)
        self.flow.journal_changed.connect(self._journal_changed)

    def entered(self, *, route: routes.OutOfOrder) -> None:
        self._sale_id = route.sale_id
        self._show()

    def retranslate(self) -> None:
        self._show()

    def forget_guest(self) -> None:
        self._sale_id = None
        self._held = None
        self.qr.clear()
        self.reference.clear()

    def _journal_changed(self, _state: JournalState) -> None:
        if self.router.current is self:
            self._show()  # what is known of the guest's money changed

    # ------------------------------------------------------------------ what it says

    def _show(self) -> None:
        held = self.flow.journal.sale(self._sale_id)
        if held is None and self._held is not None and self._held.sale_id == self._sale_id:
            held = self._held  # being settled now that the journal writes: say the same
        self._held = held
        if held is None:
            announce(self.headline, tr(OUT_OF_ORDER))
            self.explain.setText(
                tr("We'll be back as soon as we can. This screen updates by itself.")
            )
            self.qr.clear()
            self.qr.hide()
            self.reference.clear()
            return
        big, calm = _WORDS[held.paid]
        announce(self.headline, tr(big))
        self.explain.setText(tr(calm))
        self.qr.set_payload(qr_payload(held.sale_id))
        self.qr.setAccessibleName(tr("QR code with your payment reference"))
        self.qr.show()
        self.reference.setText(tr("Reference {code}", code=spoken(held.sale_id)))
