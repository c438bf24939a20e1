"""Attract: the business's picture (or a composition in its colour), logo, name and headline, a
few featured memberships, "Tap to start", the language choice, and the accessibility options
within reach at the bottom.

The picture is decoded once, off the Qt thread (``widgets.hero``); the featured tiles are
placeholders until the catalogue the engine loads at start is at hand, and hide while sales are
paused. A tap on a tile opens that membership's page, as the catalogue does.

Health first: while it shows, it asks the engine whether Zenoti answers and the card reader is
online (every minute; every few seconds while something is down). With Zenoti away it says sales
are paused and takes no guest; with the reader away it says the guest can still pay on the phone.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QSize, Qt, QTimer
from PySide6.QtGui import QHideEvent, QImageReader, QMouseEvent, QPixmap, QResizeEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from kiosk.checkout.errors import SaleError
from kiosk.checkout.health import Health
from kiosk.domain.catalog import Membership
from kiosk.ui import prices, routes
from kiosk.ui.asyncbridge import Preemptive, loop_running
from kiosk.ui.i18n import tr
from kiosk.ui.screens.base import Screen
from kiosk.ui.theme import palette_for, set_role
from kiosk.ui.widgets.featured import FeaturedRow, choose
from kiosk.ui.widgets.hero import HeroBackdrop, hero_cache
from kiosk.ui.widgets.language_bar import language_buttons
from kiosk.ui.widgets.membership_card import reading_side
from kiosk.ui.widgets.parts import label

log = logging.getLogger("kiosk.ui")

HEALTHY_EVERY_S = 60.0  # one call of Zenoti's shared budget a minute, while idle
TROUBLE_EVERY_S = 10.0  # something is down: notice quickly when it is back
FEATURED_IMAGE_PX = 170  # a tile's picture on the portrait kiosk
HERO_SHARE = 0.55  # the picture is decoded for this share of the screen's height (its most)


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
        # Landscape (the tablet's 800 px) is short: tighter rows, and no pictures on the tiles.
        landscape = self.is_landscape
        space = gap if landscape else gap * 2
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        self._column = column

        self.hero = HeroBackdrop(self._brand_colour)
        self._hero_shown: Path | None = None
        hero_column = QVBoxLayout(self.hero)
        hero_column.setContentsMargins(gap * 4, space * 2, gap * 4, space * 2)
        hero_column.setSpacing(gap)
        hero_column.addStretch(1)
        self.logo: QLabel | None = None
        if brand.logo is not None and brand.logo.exists():
            self.logo = QLabel()
            self.logo.setObjectName("attractLogo")
            self.logo.setPixmap(_logo(brand.logo, 4 * gap * (2 if landscape else 3)))
            hero_column.addWidget(self.logo, 0, Qt.AlignmentFlag.AlignLeading)
        self.business = label("onbrand-hero", brand.name)
        self.headline = label("onbrand")
        self.bind(self.headline.setText, brand.headline)
        for line in (self.business, self.headline):
            hero_column.addWidget(line)
        self._align_hero()
        column.addWidget(self.hero, 3)

        middle = QVBoxLayout()
        middle.setContentsMargins(gap * 4, space, gap * 4, space)
        middle.setSpacing(space)
        # The featured memberships: placeholders now, filled from the catalogue when it is here.
        self.featured = FeaturedRow(image_height=0 if landscape else FEATURED_IMAGE_PX)
        self.featured.opened.connect(self.open_membership)
        self.featured_note = label("muted")
        self.featured_note.setObjectName("featuredNote")
        self.featured_note.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._featured_found = True  # until the catalogue says there is nothing to feature
        # The tiles' pictures are fetched in the background, like the health look: a window
        # that does not watch health (the UI tests') shows the tiles without them.
        self.tile_pictures = self.flow.watch_health
        self._warned: set[str] = set()  # featured ids not on sale, said once in the log
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
        middle.addWidget(self.featured)
        middle.addWidget(self.featured_note)
        middle.addSpacing(space // 2)
        middle.addWidget(self.explain)
        middle.addWidget(self.trouble)
        middle.addWidget(self.start_button)
        middle.addStretch(1)
        column.addLayout(middle, 4)

        column.addWidget(self._bottom_bar())
        self._show_hero()
        self._fill_featured()

    # ------------------------------------------------------------------ the picture

    def _align_hero(self) -> None:
        # The business's name sits where the guest's language starts reading, even when the name
        # itself is written in another script (Qt would put a Latin name on the left in Arabic).
        for line in (self.business, self.headline):
            line.setAlignment(reading_side())

    def _brand_colour(self) -> str:
        shell = self.router.shell
        if shell is None:
            return self.flow.brand.colour
        look = shell.look
        return palette_for(look.brand, high_contrast=look.high_contrast).brand

    @property
    def hero_path(self) -> Path | None:
        """The picture shown: the configured one, else the sandbox's own (on the sandbox)."""
        return self.flow.brand.hero_for(sandbox=self.flow.sandbox)

    def _hero_size(self) -> QSize:
        shell = self.router.shell
        width, height = (shell.look.profile.width, shell.look.profile.height) if shell else (0, 0)
        return QSize(width or 1080, round((height or 1920) * HERO_SHARE))

    def _show_hero(self) -> None:
        path = self.hero_path
        if path == self._hero_shown and (path is None or self.hero.has_image):
            return  # shown already
        self._hero_shown = path
        if path is None:
            self.hero.set_image(None)
            return
        decoded = hero_cache.cached(path, self._hero_size())
        if decoded is not None:  # decoded before (another window, an earlier visit)
            self.hero.set_image(decoded)
        elif loop_running():
            self._tasks.start("hero-image", self._decode_hero(path))

    async def _decode_hero(self, path: Path) -> None:
        image = await hero_cache.get(path, self._hero_size())
        self.hero.set_image(image)

    # ------------------------------------------------------------------ featured memberships

    def _fill_featured(self) -> None:
        """The tiles from the engine's catalogue (at once when it is cached, else when it
        comes; the first paint never waits for it)."""
        if loop_running():
            self._tasks.start("featured", self._load_featured())

    async def _load_featured(self) -> None:
        try:
            catalog = await self.flow.catalogue()
        except SaleError as error:  # the window says Zenoti is away; the tiles just hide
            log.info("featured memberships not available: %s", error)
            self.show_featured([])
            return
        chosen = choose(catalog, self.flow.brand.featured, warned=self._warned)
        self.show_featured(chosen)

    def show_featured(self, memberships: list[Membership]) -> None:
        """Put ``memberships`` on the tiles (none: the tiles hide)."""
        self._show_pictures()  # first: a hidden picture fetches nothing
        self.featured.show_memberships(memberships)
        self._featured_found = bool(memberships)
        self._say_featured()

    def _crowded(self) -> bool:
        """Large text on the landscape tablet: its 800 px hold the name, the start button and
        the reading aids, and the tiles only where they fit too (Spanish does, Arabic's taller
        lines do not)."""
        shell = self.router.shell
        if shell is None or not self.is_landscape or shell.look.scale <= 1.0:
            return False
        hidden = self.featured.isHidden()
        self.featured.setHidden(False)  # measured with the tiles in
        needed = self._column.totalMinimumSize().height()
        self.featured.setHidden(hidden)
        return needed > self.room().height()

    def _say_featured(self) -> None:
        visible = self._featured_found and self._health.can_sell and not self._crowded()
        self.featured.setVisible(visible)
        self.featured_note.setText(prices.tax_note())
        self.featured_note.setVisible(visible and bool(self.featured.shown))

    def open_membership(self, membership: Membership) -> None:
        """A featured tile: that membership's page, as the catalogue opens it."""
        if not self._health.can_sell:
            return
        self.router.go(routes.Membership(membership))

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
        self._show_hero()  # from the cache: decoded once
        self._fill_featured()  # the catalogue may have changed since (cached: at once)
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
        self._say_featured()

    def retranslate(self) -> None:
        self._align_hero()
        self.featured.retranslate()
        self._say_health()

    def _large_text(self, on: bool) -> None:
        shell = self.router.shell
        if shell is not None and (shell.look.scale > 1.0) != on:
            shell.apply_look(shell.look.with_(scale=1.5 if on else 1.0))

    def _high_contrast(self, on: bool) -> None:
        shell = self.router.shell
        if shell is not None and shell.look.high_contrast != on:
            shell.apply_look(shell.look.with_(high_contrast=on))

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() is QEvent.Type.FontChange:  # large text: the tiles' pictures make room
            self._show_pictures()
            self._say_featured()

    def _show_pictures(self) -> None:
        shell = self.router.shell
        self.featured.show_images(self.tile_pictures and (shell is None or shell.look.scale <= 1.0))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._say_featured()  # a banner came or went: the tiles may fit, or no longer

    def mousePressEvent(self, event: QMouseEvent) -> None:
        # A tap anywhere outside the buttons starts too: a kiosk must never ignore a touch.
        self.start()


def _logo(path: Path, height: int) -> QPixmap:
    """The business's logo, read at the height it is shown (a small file, read once)."""
    reader = QImageReader(str(path))
    natural = reader.size()
    if natural.isValid() and natural.height() > 0:
        reader.setScaledSize(QSize(max(1, natural.width() * height // natural.height()), height))
    return QPixmap.fromImage(reader.read())
