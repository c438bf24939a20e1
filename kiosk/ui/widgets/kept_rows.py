"""Rows of words a screen shows again for every guest, made once and kept.

A screen that shows a guest's invoice lines, or what their membership includes, changes only
the words from one guest to the next: making the labels again (and styling them against the
whole stylesheet) cost the review screen most of its showing. Here a row, once made, stays in
its place and takes the next guest's words; rows not needed are emptied and hidden. ``forget``
empties every row and leaves them where they are (showing or hiding a widget costs a relayout:
the next guest's invoice is most often as long as the last), so nothing of a guest is left.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QVBoxLayout, QWidget

from kiosk.ui.theme import set_role
from kiosk.ui.widgets.membership_card import Bullet, reading_side
from kiosk.ui.widgets.parts import label, set_shown

BULLET = "bullet"  # a ``ColumnItem`` kind: a list item, not a label with a role


class AmountLine(NamedTuple):
    """One line of an invoice: its words, its amount, and the stylesheet role of both."""

    words: str
    amount: str
    role: str = "body"


RULE = None  # in a list of lines: the rule between the lines and the totals


def _restyled(widget: QWidget, role: str) -> None:
    if widget.property("role") != role:
        set_role(widget, role)


class AmountLines(QWidget):
    """Lines of words with their amounts on the trailing edge, and rules, kept row by row."""

    def __init__(self) -> None:
        super().__init__()
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setHorizontalSpacing(24)
        self.grid.setVerticalSpacing(16)
        self.grid.setColumnStretch(0, 1)
        self._pairs: dict[int, tuple[QLabel, QLabel]] = {}
        self._rules: dict[int, QFrame] = {}

    def show_lines(self, lines: Sequence[AmountLine | None]) -> None:
        """Show ``lines`` in order (``RULE`` for a rule), and nothing else."""
        for row, line in enumerate(lines):
            pair = self._pairs.get(row)
            rule = self._rules.get(row)
            if line is RULE:
                if pair is not None:
                    self._empty(pair)
                if rule is None:
                    rule = self._rules[row] = QFrame()
                    rule.setFrameShape(QFrame.Shape.HLine)
                    set_role(rule, "rule")
                    self.grid.addWidget(rule, row, 0, 1, 2)
                set_shown(rule, True)
                continue
            if rule is not None:
                set_shown(rule, False)
            if pair is None:
                pair = self._pairs[row] = (label(line.role), label(line.role, wrap=False))
                # Amounts line up on the trailing edge (the right, or the left in Arabic).
                pair[1].setAlignment(Qt.AlignmentFlag.AlignTrailing | Qt.AlignmentFlag.AlignTop)
                self.grid.addWidget(pair[0], row, 0)
                self.grid.addWidget(pair[1], row, 1)
            for shown, text in zip(pair, (line.words, line.amount), strict=True):
                _restyled(shown, line.role)
                shown.setText(text)
                set_shown(shown, True)
            # A membership's English name in the Arabic kiosk still starts on the reading side.
            pair[0].setAlignment(reading_side())
        for row, pair in self._pairs.items():
            if row >= len(lines):
                self._empty(pair)
        for row, rule in self._rules.items():
            if row >= len(lines):
                set_shown(rule, False)

    def clear(self) -> None:
        """No line shown, and no words left in any."""
        self.show_lines(())

    def forget(self) -> None:
        """No words left in any line; the lines stay as they are for the next invoice."""
        for pair in self._pairs.values():
            for shown in pair:
                shown.clear()

    @staticmethod
    def _empty(pair: tuple[QLabel, QLabel]) -> None:
        for shown in pair:
            set_shown(shown, False)
            shown.clear()


class ColumnItem(NamedTuple):
    """One item of a column: a label with a stylesheet role, or a ``BULLET``, and its words."""

    kind: str
    text: str


class KeptColumn:
    """Items of a vertical layout shown in order, each place keeping its widget while the next
    rendering wants the same kind of item there."""

    def __init__(self, column: QVBoxLayout) -> None:
        self._column = column
        self._items: list[tuple[str, Bullet | QLabel]] = []

    def show_items(self, items: Sequence[ColumnItem]) -> None:
        """Show ``items`` in order, and nothing else."""
        for place, item in enumerate(items):
            kept = self._items[place] if place < len(self._items) else None
            if kept is None or kept[0] != item.kind:
                made: Bullet | QLabel = Bullet() if item.kind == BULLET else label(item.kind)
                if kept is None:
                    self._items.append((item.kind, made))
                    self._column.addWidget(made)
                else:
                    self._column.replaceWidget(kept[1], made)
                    kept[1].hide()
                    kept[1].deleteLater()
                    self._items[place] = (item.kind, made)
                kept = self._items[place]
            kept[1].setText(item.text)
            set_shown(kept[1], True)
        for _kind, widget in self._items[len(items) :]:
            set_shown(widget, False)
            widget.setText("")

    def clear(self) -> None:
        """No item shown, and no words left in any."""
        self.show_items(())

    def forget(self) -> None:
        """No words left in any item; the items stay as they are for the next rendering."""
        for _kind, widget in self._items:
            widget.setText("")
