"""The answer to "who's joining?": Zenoti's matches, masked — one to confirm, several (a family
number) to pick from, or none — and the ways on from there: sign up, or try again.

It shows only what a public screen may show (``GuestCandidate``'s masked name and contact) and
holds nothing of a guest once cleared.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QBoxLayout, QFrame, QPushButton, QVBoxLayout, QWidget

from kiosk.checkout.view import GuestCandidate
from kiosk.ui.i18n import tr, translator
from kiosk.ui.theme import set_role
from kiosk.ui.widgets.form import tell
from kiosk.ui.widgets.parts import label, scroll_area

ONE, SEVERAL, NONE, NOT_ME = "one", "several", "none", "not me"


def caption(candidate: GuestCandidate, between: str = " · ") -> str:
    """``Ja** W. · •••• 0199``: the masked name and contact a candidate is shown by."""
    contact = candidate.masked_phone or candidate.masked_email
    return f"{candidate.masked_name}{between}{contact}" if contact else candidate.masked_name


def _button(role: str) -> QPushButton:
    widget = QPushButton()
    set_role(widget, role)
    return widget


class GuestChoices(QWidget):
    """Shows a search's outcome; says which guest was chosen, or that the guest wants to sign up."""

    chosen = Signal(str)  # the guest id
    sign_up = Signal()
    retry = Signal()

    def __init__(self) -> None:
        super().__init__()
        self._state = ""
        self._candidates: list[GuestCandidate] = []
        self.column = QVBoxLayout(self)
        self.title = label("title")
        self.body = label("body")
        self.found_card = QFrame()
        set_role(self.found_card, "card")
        card = QVBoxLayout(self.found_card)
        card.setContentsMargins(24, 24, 24, 24)
        self.found = label("found")  # the one match, masked
        self.found.setAlignment(Qt.AlignmentFlag.AlignCenter)
        card.addWidget(self.found)
        self.choices = QWidget()
        self.choice_list = QVBoxLayout(self.choices)
        self.choice_list.setContentsMargins(0, 0, 0, 0)
        self.choice_list.setSpacing(16)
        area = scroll_area()
        area.setWidget(self.choices)
        self.error = label("error")
        self.yes_button = _button("primary")
        self.yes_button.clicked.connect(lambda: self.chosen.emit(self._candidates[0].guest_id))
        self.no_button = _button("secondary")
        self.none_button = _button("secondary")
        for not_me in (self.no_button, self.none_button):
            not_me.clicked.connect(self.not_me)
        self.sign_up_button = _button("primary")
        self.sign_up_button.clicked.connect(self.sign_up.emit)
        self.retry_button = _button("secondary")
        self.retry_button.clicked.connect(self.retry.emit)
        self.answers = [self.yes_button, self.no_button, self.none_button,
                        self.sign_up_button, self.retry_button]  # fmt: skip
        self.row = QBoxLayout(QBoxLayout.Direction.TopToBottom)
        self.row.setSpacing(16)
        for answer in self.answers:
            self.row.addWidget(answer)
        for widget in (self.title, self.body, self.found_card):
            self.column.addWidget(widget)
        self.column.addWidget(area, 1)
        self.column.addWidget(self.error)
        self.column.addLayout(self.row)
        translator.changed.connect(self._translate)
        self.clear()

    # ------------------------------------------------------------------ what to show

    def present(self, candidates: list[GuestCandidate]) -> None:
        """Show a search's outcome: confirm one, pick among several, or none found."""
        self.clear()
        self._candidates = list(candidates)
        if len(candidates) == 1:
            self._state = ONE
            self.found.setText(caption(candidates[0], "\n"))
            self._offer(self.yes_button, self.no_button)
        elif candidates:
            self._state = SEVERAL
            for candidate in candidates:
                choice = _button("secondary")
                choice.setProperty("candidate", "true")  # guest.qss: taller than a button
                choice.setText(caption(candidate))
                choice.setAccessibleName(caption(candidate))
                choice.clicked.connect(lambda _=False, c=candidate: self.chosen.emit(c.guest_id))
                self.choice_list.addWidget(choice)
            self.choice_list.addStretch(1)
            self._offer(self.none_button)
        else:
            self._state = NONE
            self._offer(self.sign_up_button, self.retry_button)
        self._translate()

    def not_me(self) -> None:
        """ "No" or "None of these": nothing of the candidates stays; sign up or try again."""
        self.clear()
        self._state = NOT_ME
        self._offer(self.sign_up_button, self.retry_button)
        self._translate()

    def clear(self) -> None:
        """Nothing shown and nothing held: no candidate, no masked name, no message."""
        self._state = ""
        self._candidates = []
        while self.choice_list.count():
            item = self.choice_list.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                # Out of the tree at once (a masked name must not linger until deletion).
                widget.setParent(None)
                widget.deleteLater()
        self.found.clear()
        tell(self.error, "")
        self._offer()
        self._translate()

    def say(self, message: str) -> None:
        """A plain sentence about what went wrong (choosing failed)."""
        tell(self.error, message)

    def set_busy(self, busy: bool) -> None:
        """While the choice is being made, no button takes a second tap."""
        for widget in [*self.answers, *self.choices.findChildren(QPushButton)]:
            widget.setEnabled(not busy)

    def set_wide(self, wide: bool) -> None:
        """Wide screens are short: tighter margins, and the answers side by side."""
        self.column.setContentsMargins(*((40, 16, 40, 16) if wide else (48, 32, 48, 32)))
        self.column.setSpacing(16 if wide else 24)
        direction = QBoxLayout.Direction
        self.row.setDirection(direction.LeftToRight if wide else direction.TopToBottom)

    def _offer(self, *shown: QPushButton) -> None:
        for action in self.answers:
            action.setVisible(action in shown)
            action.setEnabled(True)
        self.found_card.setVisible(self.yes_button in shown)

    def _translate(self, _language: str = "") -> None:
        texts = {
            ONE: (tr("Is this you?"), tr("Tap yes to carry on as this member.")),
            SEVERAL: (
                tr("Which one is you?"),
                tr("More than one member shares this. Tap your name."),
            ),
            NONE: (
                tr("We couldn't find you"),
                tr("New here? Sign up in a minute, or check and try again."),
            ),
            NOT_ME: (
                tr("No problem"),
                tr("Sign up as a new member, or try another number or email."),
            ),
        }
        title, body = texts.get(self._state, ("", ""))
        self.title.setText(title)
        self.body.setText(body)
        captions = {
            self.yes_button: tr("Yes, that's me"),
            self.no_button: tr("No"),
            self.none_button: tr("None of these"),
            self.sign_up_button: tr("Sign up"),
            self.retry_button: tr("Try again"),
        }
        for action, text in captions.items():
            action.setText(text)
            action.setAccessibleName(text)
