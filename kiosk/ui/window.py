"""The kiosk's one window: the SANDBOX ribbon, the trouble banner, the screens, the overlays."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Sequence

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.ui import routes
from kiosk.ui.asyncbridge import spawn
from kiosk.ui.flow import SaleFlow
from kiosk.ui.i18n import tr, translator
from kiosk.ui.idle import COUNTDOWN_S, IDLE_AFTER_MS, IdleWatcher
from kiosk.ui.router import Router
from kiosk.ui.screens.base import Screen
from kiosk.ui.staff_mode import StaffMode
from kiosk.ui.theme import Look, apply, set_role
from kiosk.ui.touch_watch import TouchWatch
from kiosk.ui.widgets.idle_overlay import IdleOverlay
from kiosk.ui.widgets.language_bar import LanguageBar
from kiosk.ui.widgets.parts import label
from kiosk.ui.widgets.staff_bar import StaffBar


class KioskWindow(QMainWindow):
    """Hosts the screens; resets to attract after each guest, leaving nothing behind."""

    closed = Signal()

    def __init__(
        self,
        flow: SaleFlow,
        screen_types: Sequence[type[Screen]],
        look: Look,
        *,
        idle_after_ms: int = IDLE_AFTER_MS,
        countdown_s: int = COUNTDOWN_S,
    ) -> None:
        super().__init__()
        self.flow = flow
        self.base_look = look
        self.look = look
        self.setWindowTitle(flow.brand.name)
        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        self.ribbon = self._ribbon() if flow.sandbox else None
        if self.ribbon is not None:
            column.addWidget(self.ribbon)
        self.banner, self._banner_text = self._banner()
        column.addWidget(self.banner)
        self.staff_bar = StaffBar()
        column.addWidget(self.staff_bar)
        # Floats over the trailing end of every screen's top bar: a full row would cost a small
        # tablet the height that large text needs.
        self.languages = LanguageBar(central)
        self.stack = QStackedWidget()
        column.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self.catalogue_loading: asyncio.Task[None] | None = None  # from start()
        self.router = Router(self.stack)
        self.router.shell = self
        for screen_type in screen_types:
            self.router.add(screen_type(flow, self.router))
        self.overlay = IdleOverlay(central, self._idle_timeout)
        self.staff = StaffMode(self, central, self.staff_bar)
        self._closing = False
        self.idle = IdleWatcher(
            may_reset=self._may_reset,
            ask=self.overlay.ask,
            idle_after_ms=idle_after_ms,
            countdown_s=countdown_s,
            parent=self,
        )
        self.touches = TouchWatch(self)
        self.touches.add(self.idle.observe)
        self.staff.install(self.touches)
        self.touches.install()
        flow.reachable.connect(self.show_trouble)
        # Attract has its own, larger language choice.
        self.router.navigated.connect(self._place_languages)
        translator.changed.connect(self._on_language)
        self._on_language(translator.language)
        self.apply_look(look)
        self.resize(look.profile.width, look.profile.height)

    # ------------------------------------------------------------------ shell API for screens

    def start(self) -> asyncio.Task[None]:
        """Show the attract screen, load the catalogue behind it, and watch for idleness.

        Returns the catalogue's loading, for whoever wants to know when it is done.
        """
        self.router.go(routes.Attract())
        self.idle.start()
        self.catalogue_loading = spawn(self._load_catalogue(), "load-catalogue-at-start")
        return self.catalogue_loading

    async def _load_catalogue(self) -> None:
        # The first guest's tap should find the memberships ready; a failure shows as trouble.
        with contextlib.suppress(Exception):
            await self.flow.catalogue()

    def reset(self) -> bool:
        """Back to attract with nothing of the guest left; refused while a payment is in flight."""
        if not self.flow.end():
            return False
        self.overlay.dismiss()
        for screen in self.router.screens:
            screen.forget_guest()
        translator.set_language(translator.home)
        if self.look != self.base_look:
            self.apply_look(self.base_look)
        self.router.clear_history()
        # Staff stay in staff mode after a sale they helped with: back to their menu.
        self.router.go(routes.StaffHome() if self.flow.staff_mode else routes.Attract())
        return True

    async def exit_to_desktop(self) -> None:
        """Staff mode's way out to the desktop (audited); nothing happens when locked."""
        await self.staff.exit_to_desktop()

    def shutdown(self) -> None:
        """Close the window for good (exit to desktop from staff mode, a clean stop).

        The only way the window closes: a close the user asks for otherwise (a window manager's
        close button, Alt+F4) is refused, so a guest cannot leave the kiosk.
        """
        self._closing = True
        self.close()

    def apply_look(self, look: Look) -> None:
        """Restyle the whole kiosk (large text, high contrast, another profile)."""
        self.look = look
        app = QApplication.instance()
        apply(look, app if isinstance(app, QApplication) else self)

    def show_trouble(self, reachable: bool) -> None:
        """The banner says we are reconnecting while Zenoti cannot be reached; with no catalogue
        at all, selling is impossible and the kiosk says so instead of its attract screen."""
        self.banner.setVisible(not reachable)
        idle_screen = self.router.current.name in (routes.Attract.name, routes.Catalog.name)
        if not reachable and idle_screen and not self.flow.can_sell:
            self.router.go(routes.Unavailable())
        QTimer.singleShot(0, self, self._place_languages)

    # ------------------------------------------------------------------ internals

    def _place_languages(self, *_: object) -> None:
        """Top-trailing corner of the screen area; hidden on attract, which has its own."""
        bar = self.languages
        bar.setVisible(self.router.current.name != routes.Attract.name)
        bar.adjustSize()
        top = self.stack.geometry().top()
        margin = 12
        right_to_left = self.layoutDirection() is Qt.LayoutDirection.RightToLeft
        x = margin if right_to_left else self.stack.geometry().right() - bar.width() - margin
        bar.move(x, top + margin)
        bar.raise_()
        self.overlay.raise_()

    def _idle_timeout(self) -> None:
        if not self.reset():
            self.idle.touched()  # a payment started meanwhile: it has its own deadline

    def _may_reset(self) -> bool:
        # Staff mode has its own two-minute lock instead (kiosk.ui.staff_mode).
        screen = self.router.current
        return (
            screen.resets_when_idle and not self.flow.payment_in_flight and not self.flow.staff_mode
        )

    def _on_language(self, _language: str) -> None:
        self.setLayoutDirection(translator.direction)
        QTimer.singleShot(0, self, self._place_languages)
        self._banner_text.setText(tr("Reconnecting to our booking system… we'll keep trying"))
        if self.ribbon is not None:
            ribbon_label = self.ribbon.findChild(QLabel)
            if ribbon_label is not None:
                ribbon_label.setText(tr("SANDBOX — practice mode, no real money"))

    def _ribbon(self) -> QFrame:
        ribbon = QFrame()
        set_role(ribbon, "ribbon")
        row = QHBoxLayout(ribbon)
        row.setContentsMargins(12, 3, 12, 3)
        text = label("ribbon", wrap=False)
        text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        text.setAccessibleName("sandbox")
        row.addWidget(text)
        return ribbon

    def _banner(self) -> tuple[QFrame, QLabel]:
        banner = QFrame()
        set_role(banner, "banner")
        row = QHBoxLayout(banner)
        row.setContentsMargins(16, 10, 16, 10)
        text = label("banner")
        row.addWidget(text)
        banner.hide()
        return banner, text

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._closing:
            event.ignore()  # only shutdown() closes the kiosk
            return
        self.idle.stop()
        self.touches.uninstall()
        self.staff.uninstall(self.touches)
        super().closeEvent(event)
        self.closed.emit()

    def resizeEvent(self, event: object) -> None:
        super().resizeEvent(event)  # type: ignore[arg-type]
        QTimer.singleShot(0, self, self._place_languages)
        if self.overlay.isVisible():
            central = self.centralWidget()
            if central is not None:
                QTimer.singleShot(0, self, lambda: self.overlay.setGeometry(central.rect()))
