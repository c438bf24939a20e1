"""Compare: two or three memberships side by side, a row per question a guest asks (what today,
what after, what a month, what is included) and a "Choose" under each name.

Columns stay side by side even on the narrow portrait screen (3 × ~330 px fit in 1080): the
text wraps instead.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QPushButton, QScrollArea, QVBoxLayout, QWidget

from kiosk.domain.catalog import Membership
from kiosk.ui import benefits, prices, routes
from kiosk.ui.content import shown
from kiosk.ui.i18n import tr
from kiosk.ui.screens.base import Screen
from kiosk.ui.screens.catalog import header
from kiosk.ui.screens.membership import Chooser
from kiosk.ui.theme import set_role
from kiosk.ui.widgets.membership_card import TOP_BENEFITS, Bullet, reading_label
from kiosk.ui.widgets.parts import kinetic, label

TOP = Qt.AlignmentFlag.AlignTop
Lines = Callable[[Membership], list[str]]  # a membership's lines under one heading


class CompareScreen(Screen):
    """Memberships side by side."""

    route = routes.Compare

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.memberships: list[Membership] = []
        self.choose_buttons: list[QPushButton] = []
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        bar, self.back_button, self.title = header(self, "Compare memberships", self._back)
        column.addWidget(bar)
        self.scroll_area = kinetic(QScrollArea())
        column.addWidget(self.scroll_area, 1)
        self.error = label("error")
        self.error.setContentsMargins(32, 16, 32, 16)
        self.error.hide()
        column.addWidget(self.error)
        self.chooser = Chooser(self, self.error)

    def entered(self, *, route: routes.Compare) -> None:
        self.memberships = list(route.memberships)[:3]
        self.chooser.show_error(None)
        self._render()
        self.scroll_area.verticalScrollBar().setValue(0)

    def retranslate(self) -> None:
        self._render()
        self.chooser.retranslate()

    def forget_guest(self) -> None:
        self.chooser.show_error(None)
        if self.memberships:  # an empty table stays as it is: nothing of anyone to take away
            self.memberships = []
            self._render()

    def column_count(self) -> int:
        return len(self.memberships)

    # ------------------------------------------------------------------ the table

    def _render(self) -> None:
        content = QWidget()
        grid = QGridLayout(content)
        grid.setContentsMargins(24, 32, 24, 48)
        grid.setHorizontalSpacing(24)
        grid.setVerticalSpacing(12)
        self.choose_buttons = []
        for col, membership in enumerate(self.memberships):
            grid.setColumnStretch(col, 1)
            self._column_head(grid, col, membership)
        row = 5  # under the five rows of each column's head
        row = self._section(grid, row, tr("Per month"), lambda m: [prices.monthly_text(m)])
        row = self._section(grid, row, tr("Highlights"), self._highlights)
        for group in benefits.Group:
            if any(b.kind in group.value for m in self.memberships for b in m.benefits):
                row = self._section(grid, row, benefits.heading(group), self._group_text(group))
        grid.setRowStretch(row, 1)
        self.chooser.adopt(self.choose_buttons)
        self.scroll_area.setWidget(content)

    def _column_head(self, grid: QGridLayout, col: int, membership: Membership) -> None:
        title = shown(membership).title
        grid.addWidget(reading_label("subtitle", title), 0, col, TOP)
        today = prices.today(membership)
        if today is not None:
            price = label("price", prices.amount(today))
            price.setAccessibleName(prices.due_sentence(today))
            grid.addWidget(price, 1, col, TOP)
            grid.addWidget(label("muted", prices.due_caption(today)), 2, col, TOP)
            grid.addWidget(reading_label("body", prices.billing(membership)), 3, col, TOP)
        else:
            grid.addWidget(label("muted", tr("Price shown before you pay")), 1, col, TOP)
        button = QPushButton()
        set_role(button, "primary")
        button.setText(tr("Choose"))
        button.setAccessibleName(tr("Choose {name}", name=title))
        button.clicked.connect(lambda _=False, m=membership: self.chooser.choose(m))
        self.choose_buttons.append(button)
        grid.addWidget(button, 4, col)

    def _section(self, grid: QGridLayout, row: int, title: str, lines: Lines) -> int:
        """A heading across every column, then each membership's lines under it."""
        span = max(1, len(self.memberships))
        rule = QFrame()
        set_role(rule, "compare-rule")
        grid.addWidget(rule, row, 0, 1, span)
        grid.addWidget(label("subtitle", title), row + 1, 0, 1, span)
        for col, membership in enumerate(self.memberships):
            cell = QVBoxLayout()
            cell.setSpacing(8)
            found = lines(membership)
            for line in found:
                cell.addWidget(Bullet(line))
            if not found:
                cell.addWidget(label("muted", tr("Not included")))
            cell.addStretch(1)
            grid.addLayout(cell, row + 2, col)
        return row + 3

    @staticmethod
    def _highlights(membership: Membership) -> list[str]:
        return [benefits.describe(b) for b in benefits.most_valuable(membership, TOP_BENEFITS)]

    @staticmethod
    def _group_text(group: benefits.Group) -> Lines:
        def lines(membership: Membership) -> list[str]:
            return [benefits.describe(b) for b in membership.benefits if b.kind in group.value]

        return lines

    def _back(self) -> None:
        self.router.go(routes.Catalog())
