"""Attract: the business's colour, name and headline, "Tap to start", the language choice, and
the accessibility options within reach at the bottom.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QMouseEvent, QPixmap
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from kiosk.ui import routes
from kiosk.ui.screens.base import Screen
from kiosk.ui.theme import set_role
from kiosk.ui.widgets.language_bar import language_buttons
from kiosk.ui.widgets.parts import label


class AttractScreen(Screen):
    """The screen a passer-by sees; any tap starts."""

    route = routes.Attract
    resets_when_idle = False

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
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
        middle.addStretch(1)
        middle.addWidget(self.explain)
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
        self.router.go(routes.Catalog())

    def entered(self, *, route: routes.Attract) -> None:
        shell = self.router.shell
        if shell is not None:
            self.large_text.setChecked(shell.look.scale > 1.0)
            self.contrast.setChecked(shell.look.high_contrast)

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
