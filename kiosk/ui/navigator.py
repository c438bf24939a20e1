"""What a screen may ask of the window around it: which screen shows (by route), and the shell."""

from __future__ import annotations

from typing import Protocol

from PySide6.QtWidgets import QWidget

from kiosk.ui.routes import Route
from kiosk.ui.theme import Look


class Shell(Protocol):
    """The window's part that screens may use: its look, the reset, the way out."""

    look: Look
    base_look: Look

    def reset(self) -> bool: ...

    def apply_look(self, look: Look) -> None: ...

    async def exit_to_desktop(self) -> None: ...


class Navigator(Protocol):
    """Shows a screen for a route, goes back, and says which screen is showing."""

    @property
    def shell(self) -> Shell | None: ...

    @property
    def current(self) -> QWidget: ...

    def go(self, route: Route) -> QWidget: ...

    def back(self) -> QWidget: ...

    def back_to(self, route: Route) -> QWidget: ...
