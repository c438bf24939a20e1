"""Membership detail: the price and when billing starts, every benefit in plain words under its
heading, the terms behind a toggle, and "Choose this membership".

A membership's page is built on its first visit and kept (the last few, ``KEPT_PAGES``): the
next guest looking at it gets the same widgets shown again, not a page built anew while a frame
waits. A page is built again only for another language, the other orientation, another day (the
next payment's date) or a changed catalogue entry.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from kiosk.checkout.errors import SaleError
from kiosk.domain.catalog import Catalog, Membership
from kiosk.ui import benefits, prices, routes
from kiosk.ui.asyncbridge import spawn
from kiosk.ui.content import shown
from kiosk.ui.formatting import format_date
from kiosk.ui.i18n import tr, translator
from kiosk.ui.messages import error_text
from kiosk.ui.screens.base import Screen
from kiosk.ui.screens.catalog import header
from kiosk.ui.theme import set_role
from kiosk.ui.widgets.membership_card import Bullet, reading_label, reading_side
from kiosk.ui.widgets.membership_image import MembershipImage
from kiosk.ui.widgets.parts import kinetic, label


class Chooser:
    """Starts the guest's sale with one membership, once however often it is tapped, then moves
    on to identify; a refusal is said in the error label."""

    def __init__(self, screen: Screen, error: QLabel) -> None:
        self._screen = screen
        self._error_label = error
        self._error: SaleError | None = None
        self.buttons: list[QPushButton] = []
        self.busy = False

    def choose(self, membership: Membership) -> None:
        if self.busy:  # a double tap: the first one is already starting the sale
            return
        self.busy = True
        self._enable(False)
        spawn(self._choose(membership), "choose-membership")

    async def _choose(self, membership: Membership) -> None:
        self.show_error(None)
        try:
            await self._screen.flow.begin([membership.id])
        except SaleError as error:
            self.show_error(error)
        else:
            self._screen.router.go(routes.Identify())
        finally:
            self.busy = False
            self._enable(True)

    def show_error(self, error: SaleError | None) -> None:
        """Say why the sale could not start (None clears it); again after a language switch."""
        self._error = error
        self._error_label.setText(error_text(error) if error is not None else "")
        self._error_label.setVisible(error is not None)

    def retranslate(self) -> None:
        self.show_error(self._error)

    def adopt(self, buttons: list[QPushButton]) -> None:
        """Use these buttons from now on (a re-rendered page), disabled while a sale starts."""
        self.buttons = buttons
        self._enable(not self.busy)

    def _enable(self, on: bool) -> None:
        for button in self.buttons:
            button.setEnabled(on)


def next_payment(membership: Membership, today: date | None = None) -> date | None:
    """When a recurring membership bills next, if the catalogue says (first_collection_after)."""
    days = membership.first_collection_after_days
    if not membership.is_recurring or not days or days < 1:
        return None
    return (today or date.today()) + timedelta(days=days)


KEPT_PAGES = 8
IMAGE_ASPECT = 0.6  # the picture's height for its width (bounded in images.qss)
WIDE_IMAGE_ASPECT = 0.36  # on the tablet, the benefits' column
PAGES_AHEAD = 4  # the memberships on the catalogue's first screen of cards


@dataclass(eq=False)
class _Page:
    """A membership's page as built, and what it was built for."""

    membership: Membership
    made_for: tuple[str, bool, date]  # the language, landscape or not, the day
    content: QWidget
    terms_button: QPushButton | None
    terms: QLabel | None
    image: MembershipImage


class MembershipScreen(Screen):
    """One membership in full."""

    route = routes.Membership
    lays_out_ahead = True

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.membership: Membership | None = None
        self.terms_open = False
        self._wide = False
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        bar, self.back_button, self.title = header(self, None, self._back)
        column.addWidget(bar)
        self.scroll_area = kinetic(QScrollArea())
        # The kept pages, the shown one visible; a layout leaves hidden ones out of its size.
        self._pages: dict[str, _Page] = {}
        self._shown: _Page | None = None
        self._catalogue_ahead: asyncio.Task[Catalog | None] | None = None  # prepare's
        pages = QWidget()
        self._page_column = QVBoxLayout(pages)
        self._page_column.setContentsMargins(0, 0, 0, 0)
        self.scroll_area.setWidget(pages)
        column.addWidget(self.scroll_area, 1)

        footer = QFrame()
        set_role(footer, "panel")
        foot = QVBoxLayout(footer)
        foot.setContentsMargins(32, 24, 32, 24)
        foot.setSpacing(16)
        self.error = label("error")
        self.error.hide()
        self.choose_button = QPushButton()
        set_role(self.choose_button, "primary")
        self.text(self.choose_button, "Choose this membership")
        self.choose_button.clicked.connect(self._choose)
        foot.addWidget(self.error)
        foot.addWidget(self.choose_button)
        column.addWidget(footer)
        self.chooser = Chooser(self, self.error)
        self.chooser.adopt([self.choose_button])
        self.terms_button: QPushButton | None = None
        self.terms: QLabel | None = None

    @property
    def image(self) -> MembershipImage | None:
        """The shown membership's picture (None when no membership shows)."""
        return self._shown.image if self._shown is not None else None

    def entered(self, *, route: routes.Membership) -> None:
        membership = route.membership
        if self.membership is None or membership.id != self.membership.id:
            self.terms_open = False
        self.membership = membership
        self.chooser.show_error(None)
        self._render()
        self.scroll_area.verticalScrollBar().setValue(0)

    def retranslate(self) -> None:
        self._render()
        self.chooser.retranslate()

    def forget_guest(self) -> None:
        # The kept pages say nothing of a guest (whether the terms were open is set on showing).
        self.membership = None
        self.terms_open = False
        self.chooser.show_error(None)
        self._render()

    def prepare(self) -> bool:
        """Before the first visits: the pages of the catalogue's first memberships (its first
        screen of cards), a page a turn, each laid out and painted once offscreen."""
        if self._catalogue_ahead is None:
            self._catalogue_ahead = spawn(self._catalogue_or_none(), "membership-pages-ahead")
        if not self._catalogue_ahead.done():
            return False
        catalog = self._catalogue_ahead.result()
        self._wide = self.is_landscape
        width = self.scroll_area.viewport().width()
        for membership in [] if catalog is None else list(catalog)[:PAGES_AHEAD]:
            if membership.id not in self._pages:
                content = self._page(membership).content
                content.resize(width, max(content.heightForWidth(width), 1))
                content.grab()
                return False
        return True

    async def _catalogue_or_none(self) -> Catalog | None:
        try:
            return await self.flow.catalogue()
        except SaleError:
            return None  # no pages ahead: the first visit builds its own

    # ------------------------------------------------------------------ content

    def _render(self) -> None:
        membership = self.membership
        self.title.setText(shown(membership).title if membership else "")
        self.title.setAlignment(reading_side())
        self.choose_button.setVisible(membership is not None)
        # Landscape (the tablet): the price beside the benefits, so both show without scrolling.
        self._wide = self.is_landscape
        page = None if membership is None else self._page(membership)
        if self._shown is not None and self._shown is not page:
            self._shown.content.hide()
        self._shown = page
        self.terms_button, self.terms = (
            (None, None) if page is None else (page.terms_button, page.terms)
        )
        if page is not None:
            if self.terms_button is not None:
                self.terms_button.setChecked(self.terms_open)
            self._show_terms()
            page.content.show()

    def _page(self, membership: Membership) -> _Page:
        """The page of ``membership``, kept from an earlier visit when it still fits."""
        made_for = (translator.language, self._wide, date.today())
        page = self._pages.pop(membership.id, None)
        if page is not None and (page.membership != membership or page.made_for != made_for):
            self._drop(page)
            page = None
        if page is None:
            page = self._build(membership, made_for)
            self._page_column.addWidget(page.content)
        self._pages[membership.id] = page  # the last shown is the last to go
        while len(self._pages) > KEPT_PAGES:
            self._drop(self._pages.pop(next(iter(self._pages))))
        return page

    def _drop(self, page: _Page) -> None:
        if page is self._shown:
            self._shown = None
        self._page_column.removeWidget(page.content)
        page.content.hide()
        page.content.deleteLater()

    def _build(self, membership: Membership, made_for: tuple[str, bool, date]) -> _Page:
        self.terms_button = self.terms = None
        content = QWidget()
        content.hide()
        page = QBoxLayout(
            QBoxLayout.Direction.LeftToRight if self._wide else QBoxLayout.Direction.TopToBottom,
            content,
        )
        page.setContentsMargins(48, 40, 48, 48)
        page.setSpacing(40 if self._wide else 16)
        summary, details = QVBoxLayout(), QVBoxLayout()
        summary.setSpacing(16)
        details.setSpacing(16)
        page.addLayout(summary, 2 if self._wide else 0)
        page.addLayout(details, 3 if self._wide else 0)
        words = shown(membership)  # the business's translation, where it wrote one
        # The picture first, large: above the price; on the tablet above the benefits, so the
        # price still shows beside them without scrolling.
        image = MembershipImage(aspect=WIDE_IMAGE_ASPECT if self._wide else IMAGE_ASPECT)
        image.setObjectName("pageImage")
        image.show_membership(membership)
        (details if self._wide else summary).addWidget(image)
        if words.description:
            summary.addWidget(reading_label("body", words.description))
        summary.addWidget(self._price_panel(membership))
        for group, found in benefits.grouped(membership):
            details.addSpacing(16)
            details.addWidget(label("subtitle", benefits.heading(group)))
            for benefit in found:
                # how long it is valid goes under it, smaller
                note = benefits.validity(benefit)
                details.addWidget(Bullet(benefits.describe(benefit), note=note))
        if words.terms:
            details.addSpacing(24)
            self._terms(details, words.terms)
        summary.addStretch(1)  # each column keeps to the top of the page
        details.addStretch(1)
        page.addStretch(0 if self._wide else 1)
        return _Page(membership, made_for, content, self.terms_button, self.terms, image)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.is_landscape != self._wide:
            self._render()

    def _price_panel(self, membership: Membership) -> QFrame:
        panel = QFrame()
        set_role(panel, "panel")
        box = QVBoxLayout(panel)
        box.setContentsMargins(32, 28, 32, 28)
        box.setSpacing(8)
        today = prices.today(membership)
        if today is None:
            box.addWidget(label("subtitle", tr("Price shown before you pay")))
            return panel
        amount = label("amount", prices.amount(today), wrap=False)
        amount.setAccessibleName(prices.due_sentence(today))
        box.addWidget(amount)
        box.addWidget(label("muted", prices.due_caption(today)))
        if membership.is_recurring:
            box.addWidget(label("subtitle", prices.billing(membership)))
            when = next_payment(membership)
            if when is not None:
                day = format_date(when, translator.locale)
                box.addWidget(label("body", tr("Your next payment is on {date}", date=day)))
        else:
            box.addWidget(label("subtitle", tr("Paid once — it does not renew")))
        note = prices.fee_note(today)
        if note is not None:
            box.addWidget(label("body", note))
        return panel

    def _terms(self, page: QVBoxLayout, text: str) -> None:
        button = QPushButton()
        set_role(button, "toggle")
        button.setCheckable(True)
        button.setChecked(self.terms_open)
        terms = reading_label("body", text)
        terms.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        button.toggled.connect(self._toggle_terms)
        page.addWidget(button, 0, Qt.AlignmentFlag.AlignLeading)
        page.addWidget(terms)
        self.terms_button, self.terms = button, terms
        self._show_terms()

    def _toggle_terms(self, on: bool) -> None:
        self.terms_open = on
        self._show_terms()

    def _show_terms(self) -> None:
        if self.terms_button is None or self.terms is None:
            return
        words = tr("Hide the terms") if self.terms_open else tr("Read the terms")
        self.terms_button.setText(words)
        self.terms_button.setAccessibleName(words)
        self.terms.setVisible(self.terms_open)

    # ------------------------------------------------------------------ actions

    def _choose(self) -> None:
        if self.membership is not None:
            self.chooser.choose(self.membership)

    def _back(self) -> None:
        self.router.go(routes.Catalog())
