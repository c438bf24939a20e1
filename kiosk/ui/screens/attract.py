"""Attract: the business's colour, name and headline, "Tap to start", the language choice, and
the accessibility options within reach at the bottom.

Health first: while it shows, it asks the engine whether Zenoti answers and the card reader is
online (every minute; every few seconds while something is down). With Zenoti away it says sales
are paused and takes no guest; with the reader away it says the guest can still pay on the phone.
"""

from __future__ import annotations

import time
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QHideEvent, QMouseEvent, QPixmap
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from kiosk.checkout.health import Health
from kiosk.ui import routes
from kiosk.ui.asyncbridge import Preemptive, loop_running
from kiosk.ui.i18n import tr
from kiosk.ui.screens.base import Screen
from kiosk.ui.theme import set_role
from kiosk.ui.widgets.language_bar import language_buttons
from kiosk.ui.widgets.parts import label

HEALTHY_EVERY_S = 60.0  # one call of Zenoti's shared budget a minute, while idle
TROUBLE_EVERY_S = 10.0  # something is down: notice quickly when it is back


class AttractScreen(Screen):
    """The screen a passer-by sees; any tap starts."""

    route = routes.Attract
    resets_when_idle = False

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.healthy_every_s = HEALTHY_EVERY_S  # injectable for tests
        self.trouble_every_s = TROUBLE_EVERY_S
        self._tasks = Preemptive()
        self._health = self.flow.last_health
        self._looked_at: float | None = None  # when the last look came back (monotonic)
        self._next_look = QTimer(self)
        self._next_look.setSingleShot(True)
        self._next_look.timeout.connect(self._look)
        brand = self.flow.brand
        # Margins grow with the layout profile's spacing unit: roomy on the portrait kiosk,
        # compact on the landscape tablet (where 800 px must hold everything at 1.5× text).
        shell = self.router.shell
        gap = shell.look.profile.gap if shell is not None else 16
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)

        hero = QFrame()
        set_role(hero, "brandbar")
        hero_column = QVBoxLayout(hero)
        hero_column.setContentsMargins(gap * 4, gap * 4, gap * 4, gap * 4)
        hero_column.setSpacing(16)
        hero_column.addStretch(1)
        if brand.logo is not None and brand.logo.exists():
            logo = QLabel()
            logo.setPixmap(QPixmap(str(brand.logo)).scaledToHeight(160))
            hero_column.addWidget(logo)
        self.business = label("onbrand-hero", brand.name)
        self.headline = label("onbrand")
        self.bind(self.headline.setText, brand.headline)
        for line in (self.business, self.headline):
            # Leading: the business's name sits where the guest's language starts reading.
            line.setAlignment(Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignVCenter)
            hero_column.addWidget(line)
        column.addWidget(hero, 3)

        middle = QVBoxLayout()
        middle.setContentsMargins(gap * 4, gap * 2, gap * 4, gap * 2)
        middle.setSpacing(gap * 2)
        self.explain = label("subtitle")
        self.text(self.explain, "Join today: browse our memberships and sign up in minutes")
        self.explain.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.start_button = QPushButton()
        set_role(self.start_button, "hero")
        self.text(self.start_button, "Tap to start")
        self.start_button.clicked.connect(self.start)
        # Said before anyone starts: sales paused (Zenoti away), or pay on the phone only.
        self.trouble = label("notice")
        self.trouble.setObjectName("attractTrouble")
        self.trouble.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.trouble.hide()
        middle.addStretch(1)
        middle.addWidget(self.explain)
        middle.addWidget(self.trouble)
        middle.addWidget(self.start_button)
        middle.addStretch(1)
        column.addLayout(middle, 4)

        column.addWidget(self._bottom_bar())

    def _bottom_bar(self) -> QWidget:
        bar = QFrame()
        set_role(bar, "topbar")
        # Two rows: the languages, then reading aids; one row clips longer languages' labels.
        rows = QVBoxLayout(bar)
        rows.setContentsMargins(32, 12, 32, 12)
        rows.setSpacing(12)
        row = QHBoxLayout()
        row.setSpacing(12)
        aids = QHBoxLayout()
        aids.setSpacing(12)
        rows.addLayout(row)
        rows.addLayout(aids)
        self.language_buttons = language_buttons("chip", short=False)
        for button in self.language_buttons.values():
            row.addWidget(button)
        row.addStretch(1)
        aids.addStretch(1)
        self.large_text = QPushButton()
        set_role(self.large_text, "toggle")
        self.large_text.setCheckable(True)
        self.text(self.large_text, "Larger text")
        self.large_text.toggled.connect(self._large_text)
        self.contrast = QPushButton()
        set_role(self.contrast, "toggle")
        self.contrast.setCheckable(True)
        self.text(self.contrast, "High contrast")
        self.contrast.toggled.connect(self._high_contrast)
        aids.addWidget(self.large_text)
        aids.addWidget(self.contrast)
        return bar

    def start(self) -> None:
        if not self._health.can_sell:
            return  # nothing can be sold now: the screen says so
        self.router.go(routes.Catalog())

    def entered(self, *, route: routes.Attract) -> None:
        shell = self.router.shell
        if shell is not None:
            self.large_text.setChecked(shell.look.scale > 1.0)
            self.contrast.setChecked(shell.look.high_contrast)
        # The next look when it is due (now, the first time): a guest who comes back within the
        # minute costs Zenoti no call; then again and again while this screen shows.
        if not self.flow.watch_health:
            return
        due = 0.0
        if self._looked_at is not None:
            due = max(0.0, self._looked_at + self._every() - time.monotonic())
        self._next_look.start(round(1000 * due))

    def hideEvent(self, event: QHideEvent) -> None:
        # A guest started (or staff, or the kiosk closes): no further look behind them. A look
        # under way ends by itself within its deadline and then shows nothing.
        self._next_look.stop()
        super().hideEvent(event)

    # ------------------------------------------------------------------ health

    @property
    def health(self) -> Health:
        return self._health

    def _look(self) -> None:
        """One look at Zenoti's and the reader's health (the timer asks for the next)."""
        if self.router.current is not self or not self.flow.watch_health or not loop_running():
            return  # Qt can deliver a last timer after the kiosk's loop stopped: ask nobody
        self._tasks.start("health-look", self._probe())

    async def _probe(self) -> None:
        health = await self.flow.health()
        self._looked_at = time.monotonic()
        if self.router.current is not self:
            return
        self.show_health(health)
        self._next_look.start(round(1000 * self._every()))

    def _every(self) -> float:
        fine = self._health.can_sell and not self._health.card_reader_down
        return self.healthy_every_s if fine else self.trouble_every_s

    def show_health(self, health: Health) -> None:
        self._health = health
        self._say_health()

    def _say_health(self) -> None:
        health = self._health
        if not health.can_sell:
            words = tr("Sales are paused for a moment — please see the front desk")
        elif health.card_reader_down:
            words = tr("The card reader is offline: you can still join and pay on your phone")
        else:
            words = ""
        self.trouble.setText(words)
        self.trouble.setAccessibleName(words)
        self.trouble.setVisible(bool(words))
        # Paused: no invitation and no button to start what cannot be finished.
        self.start_button.setEnabled(health.can_sell)
        self.start_button.setVisible(health.can_sell)
        self.explain.setVisible(health.can_sell)

    def retranslate(self) -> None:
        self._say_health()

    def _large_text(self, on: bool) -> None:
        shell = self.router.shell
        if shell is not None and (shell.look.scale > 1.0) != on:
            shell.apply_look(shell.look.with_(scale=1.5 if on else 1.0))

    def _high_contrast(self, on: bool) -> None:
        shell = self.router.shell
        if shell is not None and shell.look.high_contrast != on:
            shell.apply_look(shell.look.with_(high_contrast=on))

    def mousePressEvent(self, event: QMouseEvent) -> None:
        # A tap anywhere outside the buttons starts too: a kiosk must never ignore a touch.
        self.start()
