"""An offer code on the review screen: a quiet "Have an offer code?" that opens a field, its
Apply button and the on-screen keyboard; a refusal is said in a sentence, never a code.

The screen does the applying (``submitted``) and tells the widget how it went.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QScrollArea, QVBoxLayout

from kiosk.checkout.errors import SaleError
from kiosk.checkout.offers import OfferRefusal, OfferRefused
from kiosk.ui.i18n import tr, translator
from kiosk.ui.messages import error_text
from kiosk.ui.theme import set_role
from kiosk.ui.widgets.form import mark_invalid, tell, touch_edit, wipe
from kiosk.ui.widgets.keyboard import OnScreenKeyboard
from kiosk.ui.widgets.parts import button, label

REFUSALS = {
    OfferRefusal.NOT_FOUND: "We couldn't find that code, or it has expired. Check it and try again",
    OfferRefusal.NOT_FOR_THIS: "That code can't be used for this membership",
    OfferRefusal.ONE_ONLY: "Only one code can be used on a purchase",
    OfferRefusal.USED_UP: "That code has already been used",
    OfferRefusal.NOT_ACCEPTED: "That code can't be used here — the front desk can help",
}


def offer_error_text(error: SaleError) -> str:
    """The sentence for a code that took nothing off (or could not be tried)."""
    if isinstance(error, OfferRefused):
        return tr(REFUSALS[error.refusal])
    return error_text(error)


class OfferCodeEntry(QFrame):
    """ "Have an offer code?", then the field, Apply, what happened, and the keyboard."""

    submitted = Signal(str)  # the code as typed

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("offerCode")
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(12)
        self.open_button = button("ghost")
        self.open_button.setObjectName("offerCodeOpen")
        self.open_button.clicked.connect(self.open)
        self.panel = QFrame()
        set_role(self.panel, "card")
        inner = QVBoxLayout(self.panel)
        inner.setContentsMargins(24, 20, 24, 20)
        inner.setSpacing(12)
        self.caption = label("subtitle")
        row = QHBoxLayout()
        row.setSpacing(12)
        # Campaign codes are Latin letters and digits, whatever language the guest reads.
        self.field = touch_edit(
            Qt.InputMethodHint.ImhPreferUppercase
            | Qt.InputMethodHint.ImhNoPredictiveText
            | Qt.InputMethodHint.ImhLatinOnly
        )
        self.field.setObjectName("offerCodeField")
        self.field.setMaxLength(40)
        self.field.setLayoutDirection(Qt.LayoutDirection.LeftToRight)  # codes read left to right
        self.field.returnPressed.connect(self._submit)
        self.field.textEdited.connect(lambda _text: self._clear_message())
        self.apply_button = button("primary")
        self.apply_button.setObjectName("offerCodeApply")
        self.apply_button.clicked.connect(self._submit)
        row.addWidget(self.field, 1)
        row.addWidget(self.apply_button)
        self.message = label("error")
        self.message.setObjectName("offerCodeMessage")
        self.message.hide()
        self.applied = label("ok")
        self.applied.setObjectName("offerCodeApplied")
        self.applied.hide()
        self.keyboard = OnScreenKeyboard()
        self.keyboard.attach(self.field)
        for widget in (self.caption,):
            inner.addWidget(widget)
        inner.addLayout(row)
        inner.addWidget(self.message)
        inner.addWidget(self.keyboard)
        column.addWidget(self.open_button, 0, Qt.AlignmentFlag.AlignLeading)
        column.addWidget(self.panel)
        column.addWidget(self.applied)
        self.panel.hide()
        self._busy = False
        translator.changed.connect(self._translate)
        self._translate()

    # ------------------------------------------------------------------ what the screen says

    def open(self) -> None:
        """Show the field and the keyboard, ready to type (scrolled into sight)."""
        self.open_button.hide()
        self.panel.show()
        self.field.setFocus()
        self.keyboard.set_target(self.field)
        QTimer.singleShot(0, self._into_sight)

    def busy(self, busy: bool) -> None:
        """While the code is with Zenoti: nothing can be sent twice."""
        self._busy = busy
        self.apply_button.setEnabled(not busy)
        self.field.setReadOnly(busy)
        self._translate()

    def refused(self, sentence: str) -> None:
        """The code took nothing off: say why, keep the field to correct it."""
        tell(self.message, sentence)
        self.message.setAccessibleName(sentence)
        mark_invalid(self.field, True)
        self.field.setAccessibleDescription(sentence)
        QTimer.singleShot(0, self._into_sight)

    def accepted(self, sentence: str) -> None:
        """The code came off the invoice: close the field and say so."""
        self.panel.hide()
        self.open_button.hide()
        tell(self.applied, sentence)
        self.applied.setAccessibleName(sentence)

    def reset(self) -> None:
        """Closed and empty, nothing said (a new guest, or a new visit of the screen)."""
        wipe(self.field)
        self._clear_message()
        tell(self.applied, "")
        self.panel.hide()
        self.open_button.show()
        self.busy(False)

    # ------------------------------------------------------------------ inside

    def _submit(self) -> None:
        code = self.field.text().strip()
        if self._busy or not code:
            return
        self._clear_message()
        self.submitted.emit(code)

    def _into_sight(self) -> None:
        """On a short screen the panel opens below the fold: scroll the screen to it."""
        holder = self.parentWidget()
        while holder is not None and not isinstance(holder, QScrollArea):
            holder = holder.parentWidget()
        if holder is not None and self.panel.isVisible():
            holder.ensureWidgetVisible(self.panel, 0, 0)

    def _clear_message(self) -> None:
        tell(self.message, "")
        mark_invalid(self.field, False)
        self.field.setAccessibleDescription("")

    def _translate(self, _language: str = "") -> None:
        self.open_button.setText(tr("Have an offer code?"))
        self.open_button.setAccessibleName(self.open_button.text())
        self.caption.setText(tr("Offer code"))
        self.field.setAccessibleName(tr("Offer code"))
        self.field.setPlaceholderText(tr("Type your code"))
        self.apply_button.setText(tr("Checking…") if self._busy else tr("Apply"))
        self.apply_button.setAccessibleName(self.apply_button.text())
