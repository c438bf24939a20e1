"""Membership detail: the price and when billing starts, every benefit in plain words under its
heading, the terms behind a toggle, and "Choose this membership".
"""

from __future__ import annotations

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
from kiosk.domain.catalog import Membership
from kiosk.ui import benefits, routes
from kiosk.ui.asyncbridge import spawn
from kiosk.ui.formatting import format_date
from kiosk.ui.i18n import tr, translator
from kiosk.ui.messages import error_text
from kiosk.ui.screens.base import Screen
from kiosk.ui.screens.catalog import header
from kiosk.ui.theme import set_role
from kiosk.ui.widgets.membership_card import Bullet, reading_label, reading_side
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


class MembershipScreen(Screen):
    """One membership in full."""

    route = routes.Membership

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
        self.membership = None
        self.terms_open = False
        self.chooser.show_error(None)
        self._render()

    # ------------------------------------------------------------------ content

    def _render(self) -> None:
        membership = self.membership
        self.title.setText(membership.title if membership else "")
        self.title.setAlignment(reading_side())
        self.choose_button.setVisible(membership is not None)
        self.terms_button = self.terms = None
        # Landscape (the tablet): the price beside the benefits, so both show without scrolling.
        self._wide = self.is_landscape
        content = QWidget()
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
        if membership is not None:
            if membership.description:
                summary.addWidget(reading_label("body", membership.description))
            summary.addWidget(self._price_panel(membership))
            for group, found in benefits.grouped(membership):
                details.addSpacing(16)
                details.addWidget(label("subtitle", benefits.heading(group)))
                for benefit in found:
                    # how long it is valid goes under it, smaller
                    note = benefits.validity(benefit)
                    details.addWidget(Bullet(benefits.describe(benefit), note=note))
            if membership.terms:
                details.addSpacing(24)
                self._terms(details, membership.terms)
        summary.addStretch(1)  # each column keeps to the top of the page
        details.addStretch(1)
        page.addStretch(0 if self._wide else 1)
        self.scroll_area.setWidget(content)  # the old page goes with it

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
        if not membership.show_price:
            box.addWidget(label("subtitle", tr("Price shown before you pay")))
            return panel
        box.addWidget(label("muted", tr("Due today")))
        amount = label("amount", benefits.money(membership))
        amount.setAccessibleName(tr("Due today: {amount}", amount=benefits.money(membership)))
        box.addWidget(amount)
        if membership.is_recurring:
            box.addWidget(label("subtitle", benefits.billing(membership)))
            when = next_payment(membership)
            if when is not None:
                day = format_date(when, translator.locale)
                box.addWidget(label("body", tr("Your next payment is on {date}", date=day)))
        else:
            box.addWidget(label("subtitle", tr("Paid once — it does not renew")))
        if membership.has_setup_fee:
            box.addWidget(
                label("muted", tr("Plus a one-time joining fee: you see the total before paying"))
            )
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
