"""Which screen is showing: one QStackedWidget, a screen per route (``kiosk.ui.routes``), short
fades that never block. The screens see it as their ``Navigator``.

Screens are made when first needed, not all at start: the window names every screen with a way
to make it (``add_later``), builds attract before its first paint, and lets the router make the
guest's other screens in idle time afterwards (``prepare``), one per turn of the event loop, so
no frame waits for more than one screen's making. Each is then laid out at the size it will be
shown; a screen that says so (``lays_out_ahead``) also gets ready a step a turn
(``Screen.prepare``) and is painted offscreen, again while a painting settles sizes it left open
(at most ``PAINTINGS_AHEAD`` times): its first visit only shows what is done.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QObject, QRect, Qt, QTimer, Signal
from PySide6.QtWidgets import QFrame, QScrollArea, QStackedWidget

from kiosk.ui import routes
from kiosk.ui.asyncbridge import loop_running
from kiosk.ui.fade import Fade
from kiosk.ui.navigator import Shell
from kiosk.ui.routes import Route
from kiosk.ui.screens.base import Screen

ScreenMaker = Callable[[], Screen]
PAINTINGS_AHEAD = 3  # a hidden screen's sizes settle within three paintings (each a level)


class Router(QObject):
    """Shows one screen at a time and tells the others when it changes."""

    navigated = Signal(str)
    prepared = Signal()  # every screen ``prepare`` was given is made and ready

    def __init__(self, stack: QStackedWidget) -> None:
        super().__init__(stack)  # goes with the window, and its idle work with it
        self._stack = stack
        self._makers: dict[str, ScreenMaker] = {}
        self._screens: dict[str, Screen] = {}
        self._holders: dict[str, QScrollArea] = {}
        self._to_prepare: list[str] = []
        self._laid_out: set[str] = set()
        self._paintings: dict[str, int] = {}  # paintings ahead, a screen's first ones
        self._changed: set[str] = set()  # laid out or got ready since its last painting ahead
        self._history: list[Route] = []
        self.fade = Fade(stack)
        self.shell: Shell | None = None

    # ------------------------------------------------------------------ the screens

    def add(self, screen: Screen) -> None:
        """A screen made already."""
        self._name_free(screen.name)
        self._hold(screen)

    def add_later(self, name: str, make: ScreenMaker) -> None:
        """A screen ``make`` builds when it is first needed."""
        self._name_free(name)
        self._makers[name] = make

    def _name_free(self, name: str) -> None:
        if not name or name in self._screens or name in self._makers:
            raise ValueError(f"a screen needs a unique name, not {name!r}")

    def _hold(self, screen: Screen) -> None:
        self._screens[screen.name] = screen
        # Each screen sits in a frameless scroll area. When it fits (the normal case) the area
        # sizes it to the window and nothing changes; when it cannot (a small tablet at 1.5×
        # text) it scrolls instead of being squeezed and clipped, and one tall screen no
        # longer forces the whole window to grow.
        holder = QScrollArea()
        holder.setObjectName("screenholder")
        holder.setFrameShape(QFrame.Shape.NoFrame)
        holder.setWidgetResizable(True)
        holder.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # A tap on something that takes no focus (a key of the on-screen keyboard) gives focus to
        # the nearest ancestor that takes it: the holder must not be one, or every key tap would
        # pull the focus (and the cursor) out of the field being typed in.
        holder.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        holder.setWidget(screen)
        self._holders[screen.name] = holder
        self._stack.addWidget(holder)

    def screen(self, name: str) -> Screen:
        """The screen called ``name``, made now if it was not yet."""
        screen = self._screens.get(name)
        if screen is None:
            make = self._makers.pop(name)  # KeyError: no such screen, as before
            screen = make()
            if screen.name != name:
                raise ValueError(f"the screen made for {name!r} is called {screen.name!r}")
            self._hold(screen)
        return screen

    @property
    def names(self) -> list[str]:
        """Every screen's name, made or not."""
        return [*self._screens, *self._makers]

    @property
    def made(self) -> list[Screen]:
        """The screens made so far (a screen not yet made shows nothing of any guest)."""
        return list(self._screens.values())

    @property
    def screens(self) -> list[Screen]:
        """Every screen, making those not yet made."""
        return [self.screen(name) for name in self.names]

    @property
    def current(self) -> Screen:
        holder = self._stack.currentWidget()
        assert isinstance(holder, QScrollArea)
        screen = holder.widget()
        assert isinstance(screen, Screen)
        return screen

    # ------------------------------------------------------------------ idle time

    def prepare(self, names: Iterable[str]) -> None:
        """Make these screens, and let each get ready (``Screen.prepare``), one per turn of the
        event loop while nothing else is waiting; ``prepared`` fires after the last."""
        self._to_prepare += [name for name in names if name not in self._to_prepare]
        QTimer.singleShot(0, self, self._prepare_next)

    def _lay_out(self, name: str) -> None:
        """Lay a hidden screen out at the screen area's size, as showing it would: Qt lays out
        a hidden widget it is asked to render, so a one-pixel picture of it does the work."""
        self._laid_out.add(name)
        holder = self._holders[name]
        if holder is not self._stack.currentWidget():
            holder.setGeometry(self._stack.rect())
            holder.grab(QRect(0, 0, 1, 1))

    def _paint_once(self, name: str) -> None:
        """Paint a hidden, ready screen once, offscreen: a screen's first painting (its texts'
        glyphs at each size, their layout) costs most of its first showing."""
        holder = self._holders[name]
        if holder is not self._stack.currentWidget():
            holder.grab()

    @property
    def preparing(self) -> bool:
        return bool(self._to_prepare)

    def stop_preparing(self) -> None:
        """Make nothing more in idle time (the window is closing)."""
        self._to_prepare.clear()

    def _prepare_next(self) -> None:
        if not self._to_prepare:
            return
        if not loop_running():
            # Qt delivers timers while asyncio's loop is not running (between two runs of it):
            # a screen getting ready may start a task, so wait for the loop.
            QTimer.singleShot(50, self, self._prepare_next)
            return
        name = self._to_prepare[0]
        screen = self._screens.get(name)
        if screen is None and name in self._makers:
            self.screen(name)  # this turn: the making alone
        elif screen is not None and name not in self._laid_out:
            # The next: its layout at the size it will be shown. Every screen's, not only those
            # that get ready ahead: a screen left at its made size is laid out by the first
            # painting of whatever screen shows next (the first sale's catalogue paid 26 ms
            # laying out the identify, terms, review, payment and receipt screens).
            self._lay_out(name)
            self._changed.add(name)  # not painted at this size yet
        elif screen is not None and not screen.prepare():
            self._changed.add(name)  # the screen's own getting ready, a step a turn
        elif (
            screen is not None
            and screen.lays_out_ahead
            and name in self._changed
            and self._paintings.get(name, 0) < PAINTINGS_AHEAD
        ):
            # Its first painting; then it is asked to get ready again: a painting settles sizes
            # a hidden layout leaves open (a scroll area's view is narrower once its scroll bar
            # shows), and what was measured at the old size is measured again now, in idle
            # time, not on the first visit. Painted again only if that changed anything.
            self._paintings[name] = self._paintings.get(name, 0) + 1
            self._changed.discard(name)
            self._paint_once(name)
        else:
            self._to_prepare.pop(0)
        if self._to_prepare:
            QTimer.singleShot(0, self, self._prepare_next)
        else:
            self.prepared.emit()

    # ------------------------------------------------------------------ navigation

    def go(self, route: Route) -> Screen:
        """Show the screen of ``route``, which gets the route's fields."""
        screen = self.screen(route.name)
        if self._history and self._history[-1].name == route.name:
            self._history[-1] = route
        else:
            self._history.append(route)
        holder = self._holders[route.name]
        changed = self._stack.currentWidget() is not holder
        self._stack.setCurrentWidget(holder)
        screen.entered(route=route)
        if changed:
            # Fade it in; it takes taps from the first moment (nothing waits).
            self.fade.start(holder)
        screen.setFocus()
        self.navigated.emit(route.name)
        return screen

    def settle(self) -> None:
        """End a fade at once (the guest touched the screen)."""
        if self.fade.running:
            self.fade.finish()

    def back(self) -> Screen:
        """The screen before this one, as it was shown (attract when there is none)."""
        if len(self._history) > 1:
            self._history.pop()
            return self.go(self._history.pop())
        return self.go(routes.Attract())

    def back_to(self, route: Route) -> Screen:
        """Back to the last visit of ``route``'s screen as it was shown then, forgetting the
        screens after it; ``route`` itself when that screen was not visited."""
        if any(earlier.name == route.name for earlier in self._history):
            while self._history[-1].name != route.name:
                self._history.pop()
            route = self._history.pop()
        return self.go(route)

    def clear_history(self) -> None:
        self._history.clear()
