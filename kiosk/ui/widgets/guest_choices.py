"""The answer to "who's joining?": Zenoti's matches, masked — one to confirm, several (a family
number) to pick from, or none — and the ways on from there: sign up, or try again.

How a match is shown, and why. The kiosk stands in a lobby: whoever stands behind the guest reads
the screen, and typing a number proves nothing (anyone who knows someone's number can type it,
and a family number lists everyone who shares it). So no match shows a full first name, nor
anything the guest did not type themself; only once the guest has chosen their record does the
next screen greet them by their first name alone ("Welcome back, Maya"). A match reads as a
person all the same:

- the name as ``Ma… O.``: the first letters of the first name (as many as the masked name Zenoti's
  record gives the kiosk, at most two), then an ellipsis, which, unlike ``Ma**``, reads as a name
  cut short and does not tell the name's length; then the last name's initial;
- under it, in words, only a hint of the contact the guest searched with ("Mobile ending 0142",
  or the masked email): it confirms the record is theirs, and tells a bystander nothing the guest
  did not just type. Their other contact (the phone of an email match) is never shown: it would
  let anyone turn an email address into the last digits of a phone;
- several members sharing the number are told apart by their names alone; the shared contact is
  said once, above them.

It holds nothing of a guest once cleared.
"""

from __future__ import annotations

import re

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QBoxLayout, QFrame, QPushButton, QVBoxLayout, QWidget

from kiosk.checkout.view import GuestCandidate
from kiosk.ui.i18n import tr, translator
from kiosk.ui.theme import set_role
from kiosk.ui.widgets.form import tell
from kiosk.ui.widgets.parts import label, scroll_area

ONE, SEVERAL, NONE, NOT_ME = "one", "several", "none", "not me"
PHONE, EMAIL = "phone", "email"  # what the guest searched with

_HIDDEN = re.compile(r"[*•]+")
_LAST_DIGITS = re.compile(r"(\d+)\s*$")
# A name is written left to right in every language: the mark keeps "O." its full stop on the
# right in a right-to-left sentence.
_LTR_MARK = "\u200e"


def name_hint(candidate: GuestCandidate) -> str:
    """``Ma… O.``: the first letters of the first name (no hint of its length) and the last
    name's initial."""
    return _HIDDEN.sub("…", candidate.masked_name).strip() + _LTR_MARK


def last_digits(candidate: GuestCandidate) -> str | None:
    """The last digits of the candidate's mobile that a masked phone shows (``0142``)."""
    found = _LAST_DIGITS.search(candidate.masked_phone or "")
    return found.group(1) if found else None


def contact_hint(candidate: GuestCandidate, by: str = PHONE) -> str:
    """``Mobile ending 0142`` or ``Email m•••@e•••.com``: the contact the guest searched with,
    never the other one."""
    if by == EMAIL:
        email = candidate.masked_email
        return tr("Email {address}", address=email) if email else ""
    digits = last_digits(candidate)
    return tr("Mobile ending {digits}", digits=digits) if digits else ""


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
        self._by = PHONE
        self._candidates: list[GuestCandidate] = []
        self.column = QVBoxLayout(self)
        self.title = label("title")
        self.body = label("body")
        self.found_card = QFrame()
        set_role(self.found_card, "card")
        card = QVBoxLayout(self.found_card)
        card.setContentsMargins(24, 24, 24, 24)
        card.setSpacing(8)
        self.found = label("found")  # the one match's name, masked
        self.found_contact = label("body")  # and the hint of the contact searched with
        for line in (self.found, self.found_contact):
            line.setAlignment(Qt.AlignmentFlag.AlignCenter)
            card.addWidget(line)
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

    def present(self, candidates: list[GuestCandidate], by: str = PHONE) -> None:
        """Show a search's outcome: confirm one, pick among several, or none found. ``by`` is
        what the guest searched with (``PHONE`` or ``EMAIL``): only that contact is hinted at."""
        self.clear()
        self._candidates = list(candidates)
        self._by = by
        if len(candidates) == 1:
            self._state = ONE
            self.found.setText(name_hint(candidates[0]))
            self._offer(self.yes_button, self.no_button)
        elif candidates:
            self._state = SEVERAL
            for candidate in candidates:
                choice = _button("secondary")
                choice.setProperty("candidate", "true")  # guest.qss: taller than a button
                choice.setProperty("guest", candidate.guest_id)  # its contact line, translated
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
        self._by = PHONE
        self._candidates = []
        while self.choice_list.count():
            item = self.choice_list.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                # Out of the tree at once (a masked name must not linger until deletion).
                widget.setParent(None)
                widget.deleteLater()
        self.found.clear()
        self.found_contact.clear()
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

    def _shared_contact(self) -> str | None:
        """What every candidate shares, said once above them: the family number's last digits
        (or the email the guest typed); None when their contacts differ."""
        hints = {contact_hint(c, self._by) for c in self._candidates}
        if len(hints) != 1 or not next(iter(hints)):
            return None
        if self._by == EMAIL:
            return tr("More than one member has this email. Tap your name.")
        return tr(
            "More than one member has the mobile ending {digits}. Tap your name.",
            digits=last_digits(self._candidates[0]),
        )

    def _translate(self, _language: str = "") -> None:
        shared = self._shared_contact() if self._state == SEVERAL else None
        texts = {
            ONE: (tr("Is this you?"), tr("Tap yes to carry on as this member.")),
            SEVERAL: (
                tr("Which one is you?"),
                shared or tr("More than one member shares this. Tap your name."),
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
        if self._state == ONE and self._candidates:
            self.found_contact.setText(contact_hint(self._candidates[0], self._by))
        by_id = {c.guest_id: c for c in self._candidates}
        for choice in self.choices.findChildren(QPushButton):
            candidate = by_id.get(str(choice.property("guest")))
            if candidate is None:
                continue
            lines = [name_hint(candidate)]
            if shared is None:  # their contacts differ: each says its own
                lines.append(contact_hint(candidate, self._by))
            text = "\n".join(line for line in lines if line)
            choice.setText(text)
            choice.setAccessibleName(text.replace("\n", ", "))
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
