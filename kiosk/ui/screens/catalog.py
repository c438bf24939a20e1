"""Catalogue: every membership on sale as a card in a responsive grid, a filter by how it is paid,
and "compare up to three".

The grid has 1 column when narrow, 2 on the portrait kiosk and 3 on the landscape tablet: a card
needs about 16 body-text widths of room, so large text also means fewer, wider cards. Cards are
made only for the rows near the view (``CardGrid``), so a catalogue of a thousand shows as fast
as one of ten.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from enum import Enum
from itertools import pairwise
from typing import Any

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QFontInfo, QResizeEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.checkout.errors import SaleError
from kiosk.domain.catalog import Catalog, Membership
from kiosk.ui import routes
from kiosk.ui.asyncbridge import Preemptive
from kiosk.ui.i18n import tr
from kiosk.ui.screens.base import Screen
from kiosk.ui.theme import set_role
from kiosk.ui.widgets.card_grid import FIRST_GUESS, CardGrid
from kiosk.ui.widgets.language_bar import language_room
from kiosk.ui.widgets.membership_card import MembershipCard
from kiosk.ui.widgets.parts import kinetic, label

log = logging.getLogger("kiosk.ui")

MAX_COMPARED = 3
MAX_COLUMNS = 3
CARD_WIDTH_IN_TEXT = 16  # a card's least width, in body-text pixel sizes


class Filter(Enum):
    """Which memberships the guest wants to see."""

    ALL = "all"
    RECURRING = "recurring"
    PREPAID = "prepaid"

    def keeps(self, membership: Membership) -> bool:
        if self is Filter.RECURRING:
            return membership.is_recurring
        if self is Filter.PREPAID:
            return not membership.is_recurring
        return True


def columns_for(width: int, body_text_px: int) -> int:
    """How many card columns fit ``width``: 1 to 3."""
    least = max(1, body_text_px) * CARD_WIDTH_IN_TEXT
    return max(1, min(MAX_COLUMNS, width // least))


def header(
    screen: Screen, title: str | None, back: Callable[[], None]
) -> tuple[QFrame, QPushButton, QLabel]:
    """The browse screens' top bar: a back button and a title (English, translated live; None
    leaves the title to the screen, for a membership's own name)."""
    bar = QFrame()
    set_role(bar, "topbar")
    row = QHBoxLayout(bar)
    row.setContentsMargins(24, 16, 32, 16)
    row.setSpacing(24)
    back_button = QPushButton()
    set_role(back_button, "ghost")
    screen.text(back_button, "‹ Back")
    screen.bind(back_button.setAccessibleName, "Back")
    back_button.clicked.connect(back)
    heading = label("title")
    if title is not None:
        screen.text(heading, title)
    row.addWidget(back_button)
    row.addWidget(heading, 1)
    if screen.router.shell is not None:  # the title wraps short of the floating language chips
        row.addSpacing(language_room(screen.router.shell.look))
        heading.setMinimumWidth(1)  # and a narrow window still narrows the screen
    return bar, back_button, heading


def _shows_ampersands(button: QPushButton) -> Callable[[str], None]:
    # A button takes "&" for a shortcut marker ("Monthly & yearly"): double it to show it.
    def set_text(text: str) -> None:
        button.setText(text.replace("&", "&&"))

    return set_text


class CatalogScreen(Screen):
    """The memberships on sale, as cards."""

    route = routes.Catalog
    lays_out_ahead = True

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self._tasks = Preemptive()
        self._catalog: Catalog | None = None
        self._loading_ahead: asyncio.Task[None] | None = None  # prepare's loading
        self.compared: list[Membership] = []
        self.filter = Filter.ALL
        self._columns = 0
        self._refused = False  # the last Compare tap was a 4th: say why it did not stick

        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        bar, self.back_button, self.title = header(self, "Our memberships", self._start_over)
        column.addWidget(bar)
        column.addLayout(self._filter_row())
        self.pages = QStackedWidget()
        self.loading = label("muted")
        self.loading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.text(self.loading, "Loading memberships…")
        self.pages.addWidget(self.loading)
        self.pages.addWidget(self._failure_page())
        self.pages.addWidget(self._grid_page())
        column.addWidget(self.pages, 1)
        column.addWidget(self._compare_bar())

    # ------------------------------------------------------------------ building

    def _filter_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setContentsMargins(32, 24, 32, 8)
        row.setSpacing(16)
        self.filter_group = QButtonGroup(self)
        self.filter_buttons: dict[Filter, QPushButton] = {}
        for choice, english in (
            (Filter.ALL, "All"),
            (Filter.RECURRING, "Monthly & yearly"),
            (Filter.PREPAID, "Pay once"),
        ):
            button = QPushButton()
            set_role(button, "chip")
            button.setCheckable(True)
            self.bind(_shows_ampersands(button), english)
            button.clicked.connect(lambda _=False, c=choice: self.show_only(c))
            self.filter_group.addButton(button)
            self.filter_buttons[choice] = button
            row.addWidget(button)
        self.bind(self.filter_buttons[Filter.ALL].setAccessibleName, "Show all memberships")
        self.bind(
            self.filter_buttons[Filter.RECURRING].setAccessibleName, "Show monthly and yearly"
        )
        self.bind(self.filter_buttons[Filter.PREPAID].setAccessibleName, "Show pay-once passes")
        self.filter_buttons[Filter.ALL].setChecked(True)
        row.addStretch(1)
        return row

    def _failure_page(self) -> QWidget:
        page = QWidget()
        box = QVBoxLayout(page)
        box.setContentsMargins(64, 64, 64, 64)
        box.setSpacing(32)
        self.failure = label("subtitle")
        self.failure.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.text(self.failure, "We can't show our memberships right now")
        self.retry = QPushButton()
        set_role(self.retry, "primary")
        self.text(self.retry, "Try again")
        self.retry.clicked.connect(self.load)
        box.addStretch(1)
        box.addWidget(self.failure)
        box.addWidget(self.retry, 0, Qt.AlignmentFlag.AlignHCenter)
        box.addStretch(1)
        return page

    def _grid_page(self) -> QScrollArea:
        self.scroll_area = kinetic(QScrollArea())
        self.empty = label("muted")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.text(self.empty, "No memberships of this kind right now")
        self.grid = CardGrid(self.scroll_area, self.empty)
        self.grid.opened.connect(self.open_membership)
        self.grid.compare_toggled.connect(self._compare_toggled)
        self.grid.placed.connect(self._tab_order)
        return self.scroll_area

    def _compare_bar(self) -> QFrame:
        self.compare_bar = QFrame()
        set_role(self.compare_bar, "panel")
        row = QHBoxLayout(self.compare_bar)
        row.setContentsMargins(32, 16, 32, 16)
        row.setSpacing(16)
        self.compare_note = label("body")
        self.clear_button = QPushButton()
        set_role(self.clear_button, "ghost")
        self.text(self.clear_button, "Clear")
        self.clear_button.clicked.connect(self.clear_comparison)
        self.compare_button = QPushButton()
        set_role(self.compare_button, "primary")
        self.compare_button.setEnabled(False)  # nothing to compare until two are chosen
        self.compare_button.clicked.connect(self.open_comparison)
        row.addWidget(self.compare_note, 1)
        row.addWidget(self.clear_button)
        row.addWidget(self.compare_button)
        self.compare_bar.hide()
        return self.compare_bar

    # ------------------------------------------------------------------ loading

    def entered(self, *, route: routes.Catalog) -> None:
        self.load()

    def prepare(self) -> bool:
        """Before the first visit: the catalogue, then the cards of its first screens, a card
        at a time."""
        if self._loading_ahead is None:
            self._loading_ahead = self._tasks.start("load-catalogue", self._load())
        if not self._loading_ahead.done():
            return False
        return self._catalog is None or self.grid.prepare(self._cards_ahead())

    def _cards_ahead(self) -> int:
        """About as many cards as the grid keeps on hand once scrolled (the rows of three
        screen heights), so that neither the first visit nor the first scroll makes one."""
        shell = self.router.shell
        if shell is None:
            return 0
        look = shell.look
        columns = columns_for(look.profile.width, look.px(1.0))
        return columns * (3 * look.profile.height // FIRST_GUESS + 1)

    def load(self) -> None:
        """(Re)load the catalogue; tapping "Try again" twice cancels the first attempt."""
        self._tasks.start("load-catalogue", self._load())

    async def _load(self) -> None:
        if self._catalog is None:
            self.pages.setCurrentIndex(0)  # quiet "Loading memberships…"
        try:
            catalog = await self.flow.catalogue()
        except SaleError as error:  # Zenoti away or refusing reads the same to a guest: try again
            log.info("catalogue not available: %s", error)
            if self._catalog is None:
                self.pages.setCurrentIndex(1)
            return
        if catalog != self._catalog:
            self._show_catalog(catalog)
        self.pages.setCurrentIndex(2)

    def _show_catalog(self, catalog: Catalog) -> None:
        self._catalog = catalog
        kept = {m.id for m in catalog}
        self.compared = [m for m in self.compared if m.id in kept]
        self.grid.set_chosen({m.id for m in self.compared})
        self._arrange(force=True)
        self._render_comparison()

    # ------------------------------------------------------------------ the grid

    @property
    def cards(self) -> list[MembershipCard]:
        """The cards on hand: those of the rows near the view, in reading order."""
        return self.grid.cards

    def column_count(self) -> int:
        return self._columns

    def _arrange(self, force: bool = False) -> None:
        columns = columns_for(self.width(), QFontInfo(self.font()).pixelSize())
        if columns == self._columns and not force:
            return
        self._columns = columns
        if force:
            shown = [m for m in self._catalog or () if self.filter.keeps(m)]
            self.grid.show_items(shown, columns)
            self.empty.setVisible(self._catalog is not None and not shown)
        else:
            self.grid.set_columns(columns)

    def _tab_order(self) -> None:
        # Cards are made after the compare bar; keep Tab in reading order: cards, then the bar.
        chain: list[QWidget] = [self.back_button, *self.filter_buttons.values()]
        for card in self.grid.cards:
            chain += [card.compare, card.details]
        chain += [self.clear_button, self.compare_button]
        for before, after in pairwise(chain):
            QWidget.setTabOrder(before, after)

    def show_only(self, choice: Filter) -> None:
        """Narrow the catalogue to recurring or prepaid memberships (or show all)."""
        self.filter = choice
        self.filter_buttons[choice].setChecked(True)
        self._arrange(force=True)
        self.scroll_area.verticalScrollBar().setValue(0)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._arrange()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() is QEvent.Type.FontChange:  # larger text: fewer, wider cards
            self._arrange()

    # ------------------------------------------------------------------ navigation

    def open_membership(self, membership: Membership) -> None:
        self.router.go(routes.Membership(membership))

    def _start_over(self) -> None:
        # Back from the catalogue is "start over": the next passer-by must not inherit choices.
        shell = self.router.shell
        if shell is None or not shell.reset():
            self.router.go(routes.Attract())

    # ------------------------------------------------------------------ compare

    def _compare_toggled(self, membership: Membership, on: bool) -> None:
        refused = False
        if on and len(self.compared) >= MAX_COMPARED:
            refused = True
        elif on:
            self.compared.append(membership)
        else:
            self.compared = [m for m in self.compared if m.id != membership.id]
        self.grid.set_chosen({m.id for m in self.compared})
        self._render_comparison(refused=refused)

    def clear_comparison(self) -> None:
        self.compared = []
        self.grid.set_chosen(set())
        self._render_comparison()

    def open_comparison(self) -> None:
        if len(self.compared) >= 2:
            self.router.go(routes.Compare(tuple(self.compared)))

    def _render_comparison(self, refused: bool = False) -> None:
        count = len(self.compared)
        self._refused = refused
        self.compare_bar.setVisible(count >= 2 or refused)
        if refused:
            self.compare_note.setText(tr("You can compare up to three memberships"))
            set_role(self.compare_note, "error")
        else:
            self.compare_note.setText(tr("{count} chosen to compare", count=count))
            set_role(self.compare_note, "body")
        self.compare_button.setText(tr("Compare {count}", count=count))
        self.compare_button.setAccessibleName(tr("Compare {count}", count=count))
        self.compare_button.setEnabled(count >= 2)

    # ------------------------------------------------------------------ language and reset

    def retranslate(self) -> None:
        self.grid.retranslate()
        self._render_comparison(refused=self._refused)

    def forget_guest(self) -> None:
        self.clear_comparison()
        self.show_only(Filter.ALL)
