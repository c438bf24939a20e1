"""The catalogue's grid of membership cards, made only for the rows in view.

A business may sell a thousand memberships. A widget tree per card made the catalogue's first
showing take seconds and every layout pass walk them all, so the grid keeps card widgets only for
the rows within a screen's height of the view and re-uses them as the guest scrolls. Rows not yet
seen count at the average height of the rows measured so far, and are measured when they come
near; a row that turns out taller or shorter above the view moves the view with it, so what the
guest looks at stays still.

The cards are ordinary widgets, so they keep their look, their accessible names and keyboard
focus: tabbing to a card near the edge scrolls it into view, which brings the next rows in.

Making a card takes a few milliseconds (a dozen styled labels and buttons), a screen of them more
than a frame; ``prepare`` makes them one at a time in idle time, bound to the first memberships,
so the catalogue's first visit only places them. A hidden grid places nothing: it does so when
it is shown.

The grid paints its whole background itself (opaque), so a scroll step moves the pixels already
painted and paints only the strip coming into view: repainting every card in view at every
step took most of a frame.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QMargins, QRect, Qt, Signal
from PySide6.QtGui import QPainter, QPaintEvent, QResizeEvent, QShowEvent
from PySide6.QtWidgets import QApplication, QScrollArea, QStyle, QStyleOption, QWidget

from kiosk.domain.catalog import Membership
from kiosk.ui.widgets.membership_card import MembershipCard

MARGINS = QMargins(32, 16, 32, 32)
SPACING = 24
FIRST_GUESS = 480  # a row's height before any row was measured (a card at normal text)
# Events after which every row may have another height.
REMEASURE = (QEvent.Type.FontChange, QEvent.Type.StyleChange, QEvent.Type.LayoutDirectionChange)


class CardGrid(QWidget):
    """Membership cards in ``columns`` columns inside ``area``, made for the rows near the view."""

    opened = Signal(object)  # Membership
    compare_toggled = Signal(object, bool)  # Membership, wanted in the comparison
    placed = Signal()  # the cards on hand changed: the screen re-chains the focus order

    def __init__(self, area: QScrollArea, empty: QWidget) -> None:
        super().__init__()
        self.setObjectName("cardGrid")  # its background: browse.qss
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        # Growing as rows are measured must not repaint what is already on screen.
        self.setAttribute(Qt.WidgetAttribute.WA_StaticContents)
        self._area = area
        self._empty = empty  # shown in place of the cards when there are none
        empty.setParent(self)
        self._items: list[Membership] = []
        self._chosen: set[str] = set()
        self._columns = 1
        self._heights: dict[int, int] = {}  # row -> measured height at the current width
        self._guessed: int | None = None  # an unmeasured row's height, from the first measured
        self._live: dict[int, MembershipCard] = {}  # index in items -> its card
        self._spare: list[MembershipCard] = []
        self._measured: dict[MembershipCard, int] = {}  # card -> the width measured ahead at
        self._placing = False
        self._ahead = False  # placing while hidden, laid out at the size it will be shown
        self._placed_ahead = 0  # the column width the rows were last placed at ahead
        area.setWidget(self)
        area.verticalScrollBar().valueChanged.connect(self.place)

    # ------------------------------------------------------------------ what to show

    def show_items(self, items: Sequence[Membership], columns: int) -> None:
        """Show ``items`` (from the top), ``columns`` to a row."""
        items = list(items)
        if items == self._items and columns == self._columns:  # a reset: keep the cards made
            self._area.verticalScrollBar().setValue(0)
            self.place()
            return
        self._items = items
        self._columns = max(1, columns)
        self._forget_rows()
        self._empty.setVisible(not self._items)
        self._area.verticalScrollBar().setValue(0)
        self.place()

    def set_columns(self, columns: int) -> None:
        if columns != self._columns:
            self._columns = max(1, columns)
            self._forget_rows()
            self.place()

    def set_chosen(self, ids: set[str]) -> None:
        """Which memberships are chosen for comparison (their Compare toggles are on)."""
        self._chosen = set(ids)
        for card in self._live.values():
            card.set_compared(card.membership.id in self._chosen)

    def retranslate(self) -> None:
        for card in self._live.values():
            card.retranslate()
        self._remeasure()  # another language wraps differently
        self.place()

    @property
    def cards(self) -> list[MembershipCard]:
        """The cards on hand (those near the view), in reading order."""
        return [self._live[index] for index in sorted(self._live)]

    @property
    def items(self) -> list[Membership]:
        return list(self._items)

    def prepare(self, count: int) -> bool:
        """One step ahead of the first showing: make a card for one of the first ``count``
        memberships, or else measure one at the width it will have there (measuring lays out
        its text, a few milliseconds a card); True once there is nothing left to do."""
        wanted = min(count, len(self._items))
        had = len(self._live) + len(self._spare)
        if had < wanted:
            card = self._new_card()
            card.bind(self._items[had], self._items[had].id in self._chosen)
            card.ensurePolished()
            self._spare.insert(0, card)  # the spare list is used from its end: these last
            return False
        width = self._column_width()
        if width <= 0:
            return True  # not laid out: the first showing places them
        for card in self._spare:
            if self._measured.get(card) != width:
                self._height_of(card, width)
                self._measured[card] = width
                return False
        if self._placed_ahead != width:  # last: place them, so a painting ahead shows them
            self._placed_ahead = width
            self._ahead = True
            try:
                self.place()
            finally:
                self._ahead = False
            return False  # placed: the view's width may change (its scroll bar), then again
        return True

    # ------------------------------------------------------------------ placing the rows

    def _rows(self) -> int:
        return -(-len(self._items) // self._columns)

    def _guess(self) -> int:
        # Fixed once rows were measured: a guess that moved with every row measured would move
        # the whole page under the guest's finger.
        if self._guessed is None and self._heights:
            known = list(self._heights.values())
            self._guessed = sum(known) // len(known)
        return FIRST_GUESS if self._guessed is None else self._guessed

    def _remeasure(self) -> None:
        self._heights.clear()
        self._guessed = None

    def _forget_rows(self) -> None:
        for index in list(self._live):
            self._release(index)
        self._remeasure()

    def place(self) -> None:
        """Make, re-use and position the cards of the rows within a screen's height of the view."""
        if self._placing or not (self.isVisible() or self._ahead):
            return  # the scroll this causes below comes back here; a hidden grid, when shown
        self._placing = True
        try:
            before = set(self._live)
            for _ in range(4):  # again while measuring rows moves the view or the guess
                value, guess = self._area.verticalScrollBar().value(), self._guess()
                self._place()
                if (self._area.verticalScrollBar().value(), self._guess()) == (value, guess):
                    break
            if set(self._live) != before:
                self.placed.emit()
        finally:
            self._placing = False

    def _place(self) -> None:
        bar = self._area.verticalScrollBar()
        top, at_end = bar.value(), bar.value() >= bar.maximum() > 0
        view = self._area.viewport().height()
        near_top, near_bottom = top - view, top + 2 * view
        width = self._area.viewport().width()
        column_width = self._column_width()
        guess = self._guess()
        page = QRect(0, 0, width, 1)  # what a right-to-left language mirrors the columns in
        wanted: set[int] = set()
        moved = 0  # how much the rows above the view grew (or shrank) on being measured
        y = MARGINS.top()
        for row in range(self._rows()):
            height = self._heights.get(row, guess)
            if y + height >= near_top and y <= near_bottom:
                first = row * self._columns
                indexes = range(first, min(first + self._columns, len(self._items)))
                cards = [self._card(index) for index in indexes]
                measured = max(self._height_of(card, column_width) for card in cards)
                if y + height <= top:
                    moved += measured - height
                self._heights[row] = height = measured
                for column, card in enumerate(cards):
                    x = MARGINS.left() + column * (column_width + SPACING)
                    cell = QRect(x, y, column_width, height)
                    card.setGeometry(QStyle.visualRect(self.layoutDirection(), page, cell))
                    card.show()
                wanted.update(indexes)
            y += height + SPACING
        released = [index for index in self._live if index not in wanted and self._may_go(index)]
        for index in released:
            self._release(index)
        total = max(y - SPACING + MARGINS.bottom(), view) if self._items else view
        if self._empty.isVisibleTo(self):
            self._empty.setGeometry(
                MARGINS.left(), MARGINS.top(), width - MARGINS.left() - MARGINS.right(), view // 2
            )
        if total != self.minimumHeight():
            self.setMinimumHeight(total)
            self.resize(width, total)  # the scroll area takes the new height now, not later
        if at_end:
            bar.setValue(bar.maximum())
        elif moved:
            bar.setValue(top + moved)

    def _column_width(self) -> int:
        width = self._area.viewport().width()
        return (width - MARGINS.left() - MARGINS.right() - SPACING * (self._columns - 1)) // (
            self._columns
        )

    def _card(self, index: int) -> MembershipCard:
        card = self._live.get(index)
        membership = self._items[index]
        if card is None:
            card = self._spare_for(membership)
            self._live[index] = card
            if card.membership is membership:  # made ahead for it: chosen may have changed since
                card.set_compared(membership.id in self._chosen)
        if card.membership is not membership:
            card.bind(membership, membership.id in self._chosen)
        return card

    def _spare_for(self, membership: Membership) -> MembershipCard:
        """A spare card, the one already showing ``membership`` if there is one."""
        for position, spare in enumerate(self._spare):
            if spare.membership is membership:
                return self._spare.pop(position)
        return self._spare.pop() if self._spare else self._new_card()

    def _new_card(self) -> MembershipCard:
        card = MembershipCard(self._items[0], self)
        card.hide()  # until placed: made while the grid is hidden, it would show with the grid
        card.opened.connect(self.opened)
        card.compare_toggled.connect(self.compare_toggled)
        return card

    @staticmethod
    def _height_of(card: MembershipCard, width: int) -> int:
        card.ensurePolished()  # measure in the stylesheet's fonts, not the default ones
        height = card.heightForWidth(width)
        return max(height, card.minimumSizeHint().height())

    def _may_go(self, index: int) -> bool:
        # A card holding the keyboard focus stays: recycling it would move the focus elsewhere.
        focus = QApplication.focusWidget()
        return focus is None or not self._live[index].isAncestorOf(focus)

    def _release(self, index: int) -> None:
        card = self._live.pop(index)
        card.hide()
        self._spare.append(card)

    # ------------------------------------------------------------------ Qt

    def paintEvent(self, event: QPaintEvent) -> None:
        option = QStyleOption()
        option.initFrom(self)
        painter = QPainter(self)
        painter.setClipRegion(event.region())
        self.style().drawPrimitive(QStyle.PrimitiveElement.PE_Widget, option, painter, self)
        painter.end()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.place()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self._remeasure()  # cards wrap differently at another width
            self.place()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in REMEASURE:
            self._remeasure()
            self.place()
