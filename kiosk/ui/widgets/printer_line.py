"""Staff's line about the receipt printer: how it is, what to do about it, and how many receipts
did not come out (they can be printed again from Receipts)."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QVBoxLayout

from kiosk.checkout.receipts import PrinterState, PrinterStatus
from kiosk.ui.i18n import tr, translator
from kiosk.ui.theme import set_role
from kiosk.ui.widgets.parts import label

SENTENCES = {
    PrinterStatus.READY: "Receipt printer: ready",
    PrinterStatus.PAPER_LOW: "Receipt printer: the paper is running low — have a roll ready",
    PrinterStatus.NO_PAPER: "Receipt printer: out of paper — load a roll",
    PrinterStatus.OFFLINE: "Receipt printer: not reachable — check it is on and connected",
    PrinterStatus.NOT_RESPONDING: "Receipt printer: not responding — switch it off and on again",
    PrinterStatus.NOT_CONFIGURED: "No receipt printer is configured",
}


def printer_sentence(status: PrinterStatus) -> str:
    """The printer's status as staff read it."""
    return tr(SENTENCES[status])


class PrinterLine(QFrame):
    """One card: the printer's status, and the receipts waiting for a reprint."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("printerLine")
        set_role(self, "card")
        column = QVBoxLayout(self)
        column.setContentsMargins(24, 12, 24, 12)
        column.setSpacing(4)
        self.status = label("body")
        self.status.setObjectName("printerStatus")
        self.waiting = label("muted")
        self.waiting.setObjectName("printerWaiting")
        column.addWidget(self.status)
        column.addWidget(self.waiting)
        self._state: PrinterState | None = None
        self._unprinted = 0
        translator.changed.connect(self._translate)

    def show_state(self, state: PrinterState, unprinted: int) -> None:
        """What the printer said last, and how many receipts did not print."""
        self._state, self._unprinted = state, unprinted
        role = "ok" if state.status.prints else "error"
        set_role(self.status, role)
        self._translate()

    def _translate(self, _language: str = "") -> None:
        if self._state is None:
            return
        words = printer_sentence(self._state.status)
        self.status.setText(words)
        self.status.setAccessibleName(words)
        waiting = ""
        if self._unprinted:
            waiting = tr(
                "Receipts not printed: {count} — print them again from Receipts",
                count=self._unprinted,
            )
        self.waiting.setText(waiting)
        self.waiting.setAccessibleName(waiting)
        self.waiting.setVisible(bool(waiting))
