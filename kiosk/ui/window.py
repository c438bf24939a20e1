"""The kiosk's one window: the SANDBOX ribbon, the trouble banner, the screens, the overlays."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QInputEvent, QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.ui import allocator, routes
from kiosk.ui.asyncbridge import freeze_startup_objects, spawn
from kiosk.ui.first_paint import on_next_paint
from kiosk.ui.flow import SaleFlow
from kiosk.ui.i18n import tr, translator
from kiosk.ui.idle import COUNTDOWN_S, IDLE_AFTER_MS, IdleWatcher
from kiosk.ui.out_of_order_watch import OutOfOrderWatch
from kiosk.ui.router import Router
from kiosk.ui.screens import ScreenPlace
from kiosk.ui.screens.base import Screen
from kiosk.ui.staff_mode import StaffMode
from kiosk.ui.theme import Look, apply, set_role
from kiosk.ui.touch_watch import TouchWatch
from kiosk.ui.widgets.idle_overlay import IdleOverlay
from kiosk.ui.widgets.language_bar import LanguageBar
from kiosk.ui.widgets.parts import label
from kiosk.ui.widgets.reach import ReachBar, ReachSpace
from kiosk.ui.widgets.staff_bar import StaffBar

_PRESSES = (QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin, QEvent.Type.KeyPress)


def _settle(future: asyncio.Future[None]) -> None:
    # Called from Qt (a paint, a signal), possibly after the loop stopped running (a test's end):
    # nothing here may ask asyncio for the running loop.
    if not future.done():
        future.set_result(None)


class KioskWindow(QMainWindow):
    """Hosts the screens; resets to attract after each guest, leaving nothing behind."""

    closed = Signal()

    def __init__(
        self,
        flow: SaleFlow,
        screen_types: Sequence[type[Screen] | ScreenPlace],
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
        self._column = column
        # Reach mode: this fills the upper half, and every control moves below it.
        self.reach_space = ReachSpace()
        column.addWidget(self.reach_space)
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
        # The staff bar or the banner appearing moves the screens down: the languages follow.
        self.stack.installEventFilter(self)
        column.addWidget(self.stack, 1)
        self.reach_bar = ReachBar()
        self.reach_bar.toggled.connect(self.set_reach)
        column.addWidget(self.reach_bar)
        self.setCentralWidget(central)

        self.catalogue_loading: asyncio.Task[None] | None = None  # from start()
        self.warming_up: asyncio.Task[None] | None = None  # from start()
        self.router = Router(self.stack)
        self.router.shell = self
        # Made when first shown or in idle time after start (``start``), not here: attract alone
        # is made before the first paint.
        for screen_type in screen_types:
            self.router.add_later(screen_type.name, self._maker(screen_type))
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
        self.touches.add(self._touched)
        # The watch starts when the window is shown (``showEvent``): a filter of every event in
        # Python makes the binding wrap each widget and event type it sees in Python the first
        # time, and watching attract being made cost the start about 40 ms.
        self.staff.install(self.touches)
        flow.reachable.connect(self.show_trouble)
        self.out_of_order = OutOfOrderWatch(flow, self.router)  # no guest screen while it fails
        # Attract has its own, larger language choice.
        self.router.navigated.connect(self._place_languages)
        self.router.navigated.connect(self._offer_reach)
        self.router.navigated.connect(flow.showing)  # a chain's heartbeat says what is shown
        translator.changed.connect(self._on_language)
        self._on_language(translator.language)
        self.apply_look(look)
        self.resize(look.profile.width, look.profile.height)

    # ------------------------------------------------------------------ shell API for screens

    def start(self) -> asyncio.Task[None]:
        """Show the attract screen, load the catalogue behind it, and watch for idleness; once
        attract is painted with the catalogue, make the guest's other screens in idle time.

        Returns the catalogue's loading, for whoever wants to know when it is done.
        """
        self.router.go(routes.Attract())
        self.idle.start()
        self.catalogue_loading = spawn(self._load_catalogue(), "load-catalogue-at-start")
        self.warming_up = spawn(self._warm_up(), "make-screens-in-idle-time")
        return self.catalogue_loading

    async def _load_catalogue(self) -> None:
        # The first guest's tap should find the memberships ready; a failure shows as trouble.
        with contextlib.suppress(Exception):
            await self.flow.catalogue()

    async def _warm_up(self) -> None:
        """After the first paint with the catalogue: the guest's screens, one per idle turn
        (staff screens wait for staff: most days they are never shown)."""
        loop = asyncio.get_running_loop()  # here, not after an await: see ``_settle``
        painted, done = loop.create_future(), loop.create_future()
        if self.catalogue_loading is not None:
            await asyncio.shield(self.catalogue_loading)
        on_next_paint(self.router.current, lambda: _settle(painted))
        await painted
        self.router.prepared.connect(lambda: _settle(done))
        self.router.prepare(name for name in self.router.names if not routes.is_staff(name))
        await done
        # Qt keeps a move and a resize event for each hidden widget laid out (the on-screen
        # keyboards of identify, register and the offer code: about 600 buttons) and delivers
        # them all at the next picture of the window's screens: the first sale's first fade.
        # A one-pixel picture of the window delivers them now, in idle time.
        self.grab(QRect(0, 0, 1, 1))
        self.router.fade.get_ready()
        freeze_startup_objects()  # these screens are never garbage either
        # What the start freed goes back; and the allocator's calls are looked up now, in idle
        # time, rather than at the end of the first guest's sale (ctypes: a few milliseconds).
        allocator.give_back()

    def _maker(self, screen: type[Screen] | ScreenPlace) -> Callable[[], Screen]:
        def make() -> Screen:
            screen_type = screen.load() if isinstance(screen, ScreenPlace) else screen
            return screen_type(self.flow, self.router)

        return make

    def reset(self) -> bool:
        """Back to attract with nothing of the guest left; refused while a payment is in flight."""
        if not self.flow.end():
            return False
        self.overlay.dismiss()
        for screen in self.router.made:
            screen.forget_guest()
        translator.set_language(translator.home)
        self.reach_bar.set_on(False)
        if self.look != self.base_look:
            self.apply_look(self.base_look)
        self.router.clear_history()
        # Staff stay in staff mode after a sale they helped with: back to their menu.
        self.router.go(routes.StaffHome() if self.flow.staff_mode else routes.Attract())
        # What the sale freed goes back to the system, in a turn of its own once the next
        # screen is on its way (a fraction of a millisecond).
        QTimer.singleShot(0, self, allocator.give_back)
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

    def set_reach(self, on: bool) -> None:
        """Reach mode on or off: every control in the lower half of the screen, or back (only
        where the reach button is offered: a tall screen)."""
        on = on and self.reach_bar.isVisibleTo(self)
        self.reach_bar.set_on(on)
        self.reach_space.setFixedHeight(self.height() // 2)
        self.reach_space.setVisible(on)
        self._column.activate()  # the screens' new place, before the languages follow
        self._place_languages()

    def _offer_reach(self, *_: object) -> None:
        """The reach button is on every guest screen of a tall screen (a tablet needs none)."""
        guest = not routes.is_staff(self.router.current.name)
        self.reach_bar.setVisible(guest and self.height() > self.width())
        if not self.reach_bar.isVisibleTo(self) and self.reach_bar.on:
            self.set_reach(False)

    def apply_look(self, look: Look) -> None:
        """Restyle the whole kiosk (large text, high contrast, another profile).

        The stylesheet goes on this window, not on the application: set on the application, it
        re-polished every widget the process had, and each new widget matched it before having
        a place in the window.
        """
        self.look = look
        apply(look, self)
        QTimer.singleShot(0, self, self._place_languages)  # larger text: a larger bar

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
        """Top-trailing corner of the screen area, or the room a screen without a top bar keeps
        for it (``languages_room``: the bar goes exactly there, over nothing); hidden on
        attract, which has its own."""
        bar = self.languages
        screen = self.router.current
        bar.setVisible(screen.name != routes.Attract.name)
        bar.adjustSize()
        central = self.centralWidget()
        room = getattr(screen, "languages_room", None)
        if isinstance(room, QWidget) and central is not None and room.isVisibleTo(screen):
            if room.size() != bar.size():
                room.setFixedSize(bar.size())
                for widget in (screen, room.parentWidget()):
                    layout = widget.layout() if widget is not None else None
                    if layout is not None:
                        layout.activate()
            bar.move(room.mapTo(central, QPoint(0, 0)))
        else:
            top = self.stack.geometry().top()
            margin = 12
            right_to_left = self.layoutDirection() is Qt.LayoutDirection.RightToLeft
            x = margin if right_to_left else self.stack.geometry().right() - bar.width() - margin
            bar.move(x, top + margin)
        bar.raise_()
        self.overlay.raise_()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.stack and event.type() in (QEvent.Type.Move, QEvent.Type.Resize):
            QTimer.singleShot(0, self, self._place_languages)
        return False

    def _touched(self, _watched: QObject, event: QInputEvent) -> None:
        # The guest pressed something: let them see it now, not at the end of a fade.
        if event.type() in _PRESSES:
            self.router.settle()

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
        self.router.stop_preparing()
        if self.warming_up is not None:
            self.warming_up.cancel()
        self.touches.uninstall()
        self.staff.uninstall(self.touches)
        super().closeEvent(event)
        self.closed.emit()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._closing:
            self.touches.install()

    def resizeEvent(self, event: object) -> None:
        super().resizeEvent(event)  # type: ignore[arg-type]
        QTimer.singleShot(0, self, self._place_languages)
        self.reach_space.setFixedHeight(self.height() // 2)
        self._offer_reach()
        if self.overlay.isVisible():
            central = self.centralWidget()
            if central is not None:
                QTimer.singleShot(0, self, lambda: self.overlay.setGeometry(central.rect()))
