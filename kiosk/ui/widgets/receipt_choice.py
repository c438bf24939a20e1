"""How the guest keeps the receipt: by email, on paper, both, or no receipt; then what became of
it, in words. The screen gives the widget the call that sends it (``keep``); neither a failed
email nor a printer that is not working is an error here: the QR code is always there.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from PySide6.QtWidgets import QFrame, QGridLayout, QPushButton, QVBoxLayout

from kiosk.checkout.receipts import Kept
from kiosk.ui.asyncbridge import Preemptive
from kiosk.ui.i18n import tr, translator
from kiosk.ui.theme import set_role
from kiosk.ui.widgets.parts import button, label

Keep = Callable[[bool, bool], Awaitable[Kept]]  # (email, paper) -> what happened

# (name, English caption, email, paper), in reading order.
CHOICES = (
    ("email", "By email", True, False),
    ("print", "Print", False, True),
    ("both", "Both", True, True),
    ("none", "No receipt", False, False),
)


def kept_sentences(kept: Kept) -> tuple[list[str], list[str]]:
    """What to tell the guest: the good news, and what did not work (with what to do)."""
    good: list[str] = []
    bad: list[str] = []
    if kept.email_sent is True:
        good.append(tr("We've emailed your receipt"))
    elif kept.email_sent is False:
        bad.append(tr("We couldn't send the email — scan the code to keep your receipt"))
    if kept.printed is not None and kept.printed.printed:
        good.append(tr("Take your receipt from the printer"))
    elif kept.printed is not None:
        bad.append(
            tr("The printer isn't working — scan the code, or ask the front desk for a copy")
        )
    return good, bad


class ReceiptChoice(QFrame):
    """Four big choices, then the outcome; ``reset`` offers them again (the next guest)."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("receiptChoice")
        set_role(self, "card")
        self.keep: Keep | None = None
        self._tasks = Preemptive()
        self._choosing = True
        self._paper = False
        self._outcome: Kept | None = None
        column = QVBoxLayout(self)
        column.setContentsMargins(24, 20, 24, 20)
        column.setSpacing(16)
        self.question = label("subtitle")
        self.buttons: dict[str, QPushButton] = {}
        grid = QGridLayout()
        grid.setSpacing(12)
        for index, (name, _caption, email, paper) in enumerate(CHOICES):
            choice = button("secondary" if name != "none" else "ghost")
            choice.setObjectName(f"receipt-{name}")
            choice.clicked.connect(lambda _=False, e=email, p=paper: self.choose(e, p))
            self.buttons[name] = choice
            grid.addWidget(choice, index // 2, index % 2)
        for side in (0, 1):  # two equal halves, whatever the captions' lengths
            grid.setColumnStretch(side, 1)
        self.working = label("muted")
        self.done = label("ok")
        self.done.setObjectName("receiptKept")
        self.trouble = label("notice")
        self.trouble.setObjectName("receiptTrouble")
        column.addWidget(self.question)
        column.addLayout(grid)
        for line in (self.working, self.done, self.trouble):
            column.addWidget(line)
        translator.changed.connect(self._translate)
        self.reset()

    def choose(self, email: bool, paper: bool) -> None:
        """The guest chose: send it (nothing more can be chosen), then say what happened."""
        if self.keep is None or not self._choosing:
            return
        self._choosing = False
        for choice in self.buttons.values():
            choice.setEnabled(False)
        if not (email or paper):
            self._outcome = Kept(None, None)
            self._translate()
            return
        self._paper = paper
        self.working.show()
        self._translate()
        self._tasks.start("keep-receipt", self._keep(self.keep, email, paper))

    async def _keep(self, keep: Keep, email: bool, paper: bool) -> None:
        self._outcome = await keep(email, paper)
        self.working.hide()
        self._translate()

    def reset(self) -> None:
        """The choices offered again, nothing said."""
        self._tasks.cancel_all()
        self._choosing = True
        self._paper = False
        self._outcome = None
        for choice in self.buttons.values():
            choice.setEnabled(True)
        self.working.hide()
        self._translate()

    def _say(self, good: list[str], bad: list[str]) -> None:
        for line, words in ((self.done, good), (self.trouble, bad)):
            text = "\n".join(words)
            line.setText(text)
            line.setAccessibleName(text)
            line.setVisible(bool(text))

    def _translate(self, _language: str = "") -> None:
        self.question.setText(tr("How would you like your receipt?"))
        for name, caption, _email, _paper in CHOICES:
            self.buttons[name].setText(tr(caption))
            self.buttons[name].setAccessibleName(tr(caption))
        self.working.setText(
            tr("Printing your receipt…") if self._paper else tr("Sending your receipt…")
        )
        outcome = self._outcome
        if outcome is None:
            self._say([], [])
        elif outcome.email_sent is None and outcome.printed is None:
            self._say([tr("No receipt — you can still scan the code")], [])
        else:
            self._say(*kept_sentences(outcome))
