"""Which screen is showing: one QStackedWidget, a screen per route (``kiosk.ui.routes``), short
fades that never block. The screens see it as their ``Navigator``."""

from __future__ import annotations

from typing import Any, overload

from PySide6.QtCore import QEasingCurve, QObject, QPropertyAnimation, Qt, Signal
from PySide6.QtWidgets import QFrame, QGraphicsOpacityEffect, QScrollArea, QStackedWidget

from kiosk.ui import routes
from kiosk.ui.navigator import Shell
from kiosk.ui.routes import Route
from kiosk.ui.screens.base import Screen

FADE_MS = 140


class Router(QObject):
    """Shows one screen at a time and tells the others when it changes."""

    navigated = Signal(str)

    def __init__(self, stack: QStackedWidget) -> None:
        super().__init__()
        self._stack = stack
        self._screens: dict[str, Screen] = {}
        self._holders: dict[str, QScrollArea] = {}
        self._fade: QPropertyAnimation | None = None
        self._fading: QScrollArea | None = None
        self._history: list[Route] = []
        self.shell: Shell | None = None

    def add(self, screen: Screen) -> None:
        if not screen.name or screen.name in self._screens:
            raise ValueError(f"a screen needs a unique name, not {screen.name!r}")
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
        return self._screens[name]

    @property
    def screens(self) -> list[Screen]:
        return list(self._screens.values())

    @property
    def current(self) -> Screen:
        holder = self._stack.currentWidget()
        assert isinstance(holder, QScrollArea)
        screen = holder.widget()
        assert isinstance(screen, Screen)
        return screen

    @overload
    def go(self, route: Route) -> Screen: ...

    # By name, the route's fields as keywords: kept for the payment screens, a few tests and the
    # screenshot tool until they name their routes (``routes.named`` builds the same route).
    @overload
    def go(self, route: str, **context: Any) -> Screen: ...

    def go(self, route: Route | str, **context: Any) -> Screen:
        """Show the screen of ``route``, which gets the route's fields."""
        if isinstance(route, str):
            route = routes.named(route, **context)
        screen = self._screens[route.name]
        if self._history and self._history[-1].name == route.name:
            self._history[-1] = route
        else:
            self._history.append(route)
        holder = self._holders[route.name]
        self._stack.setCurrentWidget(holder)
        self._fade_in(holder)
        screen.entered(route=route)
        screen.setFocus()
        self.navigated.emit(route.name)
        return screen

    def _fade_in(self, holder: QScrollArea) -> None:
        """Fade the new screen in; it takes taps from the first moment (nothing waits)."""
        if self._fade is not None:
            self._fade.stop()
            self._finish_fade()
        effect = QGraphicsOpacityEffect(holder)
        holder.setGraphicsEffect(effect)
        fade = QPropertyAnimation(effect, b"opacity", self)
        fade.setDuration(FADE_MS)
        fade.setStartValue(0.35)
        fade.setEndValue(1.0)
        fade.setEasingCurve(QEasingCurve.Type.OutCubic)
        fade.finished.connect(self._finish_fade)
        self._fade = fade
        self._fading = holder
        fade.start()

    def _finish_fade(self) -> None:
        # Without the effect the screen paints directly again (no offscreen buffer per frame).
        holder = self._fading
        if holder is not None:
            holder.setGraphicsEffect(None)  # type: ignore[arg-type]  # None removes the effect
            self._fading = None
        self._fade = None

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
