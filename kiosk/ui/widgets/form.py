"""The pieces of a form typed on the kiosk: a captioned field with its message, the three-part
date of birth, and the small helpers that keep messages and wiped fields honest.

A field's caption says whether it is required or optional, and its message line keeps one line
of room while it is empty: a message appearing or going moves nothing under the guest's finger.
"""

from __future__ import annotations

import math
import re
from datetime import date

from PySide6.QtCore import QRegularExpression, QSize, Qt, Signal
from PySide6.QtGui import QRegularExpressionValidator, QTextLayout
from PySide6.QtWidgets import QBoxLayout, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from kiosk.ui.i18n import tr, translator
from kiosk.ui.theme import set_role
from kiosk.ui.widgets.parts import label

# The part before the @: no space, no @, no dot at either end or twice in a row, none of the
# characters a typo or a pasted "Name <address>" brings.
_LOCAL = r'[^@\s.,;:<>()\[\]\\"]+(?:\.[^@\s.,;:<>()\[\]\\"]+)*'
# A domain: labels of letters and digits (any script), hyphens only inside, and a top-level
# domain of two or more letters (or an internationalised ``xn--`` one).
_LABEL = r"[^\W_]+(?:-+[^\W_]+)*"
_EMAIL = re.compile(rf"^{_LOCAL}@(?:{_LABEL}\.)+(?:[^\W\d_]{{2,}}|xn--[^\W_]+(?:-+[^\W_]+)*)$")
_EMAIL_MAX = 254  # characters: the longest address mail servers accept
_ANY_SCRIPT = "Ág بجأ"  # a line of Latin and Arabic letters: what a message line must hold


def looks_like_email(text: str) -> bool:
    """``name@example.com`` in shape (Zenoti has the last word on whether it exists)."""
    address = text.strip()
    return len(address) <= _EMAIL_MAX and bool(_EMAIL.match(address))


def tell(message: QLabel, text: str) -> None:
    """Show ``text`` in a message label, which takes no room while there is nothing to say."""
    message.setText(text)
    message.setVisible(bool(text))


def mark_invalid(edit: QLineEdit, invalid: bool) -> None:
    """Set the stylesheet's ``invalid`` state of a field (a red border); a field already in that
    state is not styled again (each reset asks it of every field of every form)."""
    state = "true" if invalid else "false"
    if edit.property("invalid") == state:
        return
    edit.setProperty("invalid", state)
    edit.style().unpolish(edit)
    edit.style().polish(edit)


def wipe(edit: QLineEdit) -> None:
    """Empty a field *and* its undo history (``clear()`` can be undone; ``setText`` cannot)."""
    edit.setText("")
    mark_invalid(edit, False)


def touch_edit(hints: Qt.InputMethodHint, pattern: str | None = None) -> QLineEdit:
    """A line edit of full touch height, with the input hints the on-screen keyboard reads."""
    edit = QLineEdit()
    edit.setProperty("target", "touch")  # guest.qss: full touch height
    edit.setInputMethodHints(hints)
    if pattern is not None:
        edit.setValidator(QRegularExpressionValidator(QRegularExpression(pattern), edit))
    return edit


class MessageLine(QLabel):
    """A field's message: while empty it is hidden but keeps one line of room, so the message
    coming or going moves nothing below it."""

    def __init__(self) -> None:
        super().__init__()
        set_role(self, "error")
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        policy = self.sizePolicy()
        policy.setRetainSizeWhenHidden(True)
        self.setSizePolicy(policy)
        self._reserved: tuple[str, int] | None = None  # (font, height of one line)
        self.hide()

    def _line(self) -> int:
        """One line of this label's text, in any script: Arabic letters, drawn in their own font,
        stand taller than Latin ones."""
        self.ensurePolished()  # the stylesheet's font, even while hidden
        key = self.font().key()
        if self._reserved is None or self._reserved[0] != key:
            layout = QTextLayout(_ANY_SCRIPT, self.font())
            layout.beginLayout()
            line = layout.createLine()
            layout.endLayout()
            self._reserved = (key, math.ceil(line.height()))
        return self._reserved[1]

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        return QSize(hint.width(), max(hint.height(), self._line()))

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        return QSize(hint.width(), max(hint.height(), self._line()))

    def heightForWidth(self, width: int) -> int:
        return max(super().heightForWidth(width), self._line())


class Field(QWidget):
    """A caption saying whether it is required, one or more inputs, and the line under them
    that says what is wrong (its room kept while there is nothing to say)."""

    def __init__(self, *inputs: QWidget, edits: list[QLineEdit] | None = None) -> None:
        super().__init__()
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(8)
        heading = QHBoxLayout()
        heading.setContentsMargins(0, 0, 0, 0)
        heading.setSpacing(12)
        self.caption = label("subtitle", wrap=False)
        self.marker = label("muted", wrap=False)  # "required" or "optional"
        heading.addWidget(self.caption)
        heading.addWidget(self.marker)
        heading.addStretch(1)
        self.row = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.row.setSpacing(16)
        for widget in inputs:
            self.row.addWidget(widget)
        self.error = MessageLine()
        column.addLayout(heading)
        column.addLayout(self.row)
        column.addWidget(self.error)
        self._own = [w for w in inputs if isinstance(w, QLineEdit)]
        # The inputs that are checked together (the parts of a date live inside one widget).
        self.edits = edits if edits is not None else self._own

    def name_it(self, caption: str, marker: str = "") -> None:
        """The caption and its marker ("required", "optional"), which are also what its own
        inputs are called to assistive technology."""
        self.caption.setText(caption)
        self.marker.setText(marker)
        self.marker.setVisible(bool(marker))
        name = f"{caption} ({marker})" if marker else caption
        for edit in self._own:
            edit.setAccessibleName(name)

    def show_problem(self, message: str | None) -> None:
        """Show what is wrong (red border, the sentence under it, read out), or nothing."""
        tell(self.error, message or "")
        for edit in self.edits:
            mark_invalid(edit, bool(message))
            edit.setAccessibleDescription(message or "")


class BirthDate(QWidget):
    """Day, month and year as three small numeric fields, in the order the guest's language
    writes a date; two digits of a day or month move on to the next part."""

    moved_to = Signal(object)  # the QLineEdit that takes over after an auto-advance

    def __init__(self) -> None:
        super().__init__()
        self.day = touch_edit(Qt.InputMethodHint.ImhDigitsOnly, r"\d{0,2}")
        self.month = touch_edit(Qt.InputMethodHint.ImhDigitsOnly, r"\d{0,2}")
        self.year = touch_edit(Qt.InputMethodHint.ImhDigitsOnly, r"\d{0,4}")
        self._captions: dict[QLineEdit, QLabel] = {}
        self._boxes: dict[QLineEdit, QWidget] = {}
        self._row = QHBoxLayout(self)
        self._row.setContentsMargins(0, 0, 0, 0)
        for edit in (self.day, self.month, self.year):
            edit.setLayoutDirection(Qt.LayoutDirection.LeftToRight)  # digits read left to right
            box = QWidget()
            column = QVBoxLayout(box)
            column.setContentsMargins(0, 0, 0, 0)
            self._captions[edit] = label("muted")
            column.addWidget(self._captions[edit])
            column.addWidget(edit)
            self._boxes[edit] = box
            self._row.addWidget(box, 2 if edit is self.year else 1)
        self._row.addStretch(2)
        for part in (self.day, self.month):
            part.textEdited.connect(lambda text, p=part: self._advance(p, text))
        translator.changed.connect(self._translate)
        self._translate()

    @property
    def edits(self) -> list[QLineEdit]:
        """The three parts in the guest's order: month first in US English, else day first."""
        short = translator.locale.dateFormat(translator.locale.FormatType.ShortFormat)
        if short.find("M") < short.find("d"):
            return [self.month, self.day, self.year]
        return [self.day, self.month, self.year]

    def value(self) -> date | None:
        """The date typed, or None when it is not a whole real date."""
        try:
            return date(int(self.year.text()), int(self.month.text()), int(self.day.text()))
        except ValueError:
            return None

    def problem(self) -> str | None:
        """What is wrong with the date, in the guest's language; None if fine or left empty."""
        parts = [self.day.text(), self.month.text(), self.year.text()]
        if not any(parts):
            return None  # optional unless Zenoti says otherwise
        if not all(parts) or len(self.year.text()) != 4:
            return tr("Enter the day, month and year")
        born = self.value()
        if born is None or born.year < 1900:
            return tr("That date doesn't exist")
        if born >= date.today():
            return tr("Your date of birth must be in the past")
        return None

    def _advance(self, part: QLineEdit, text: str) -> None:
        if len(text) == 2:
            order = self.edits
            following = order[order.index(part) + 1 :]
            if following:
                following[0].setFocus()
                self.moved_to.emit(following[0])

    def _translate(self, _language: str = "") -> None:
        names = {self.day: tr("Day"), self.month: tr("Month"), self.year: tr("Year")}
        for edit, name in names.items():
            self._captions[edit].setText(name)
            edit.setAccessibleName(name)
        for index, edit in enumerate(self.edits):
            self._row.removeWidget(self._boxes[edit])
            self._row.insertWidget(index, self._boxes[edit], 2 if edit is self.year else 1)
