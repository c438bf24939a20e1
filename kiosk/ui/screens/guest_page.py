"""What the guest screens (identify, register, terms, review) share: the bar at the top with the
way back, and a layout for a wide or a tall screen (buttons by role and touch-scrolled areas are
``kiosk.ui.widgets.parts``).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QVBoxLayout

from kiosk.ui.screens.base import Screen
from kiosk.ui.theme import set_role
from kiosk.ui.widgets.parts import button


def is_wide(screen: Screen) -> bool:
    """Landscape or not: the screen's real size once shown, before that the layout profile's
    (arranging for the wrong shape first would stretch the window to fit it)."""
    return screen.is_landscape


class GuestScreen(Screen):
    """A guest screen: the top bar with its one way out (back, cancel) on the leading edge and
    room for more at the trailing end, then the screen's own ``column``; ``arrange`` lays it
    out again whenever the screen turns from tall to wide or back."""

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self._landscape: bool | None = None
        self.column = QVBoxLayout(self)
        self.column.setContentsMargins(0, 0, 0, 0)
        self.column.setSpacing(0)
        bar = QFrame()
        set_role(bar, "topbar")
        self.bar_row = QHBoxLayout(bar)
        self.bar_row.setContentsMargins(24, 12, 24, 12)
        self.way_out = button("ghost")
        self.bar_row.addWidget(self.way_out)
        self.bar_row.addStretch(1)
        self.column.addWidget(bar)

    def arrange(self, landscape: bool) -> None:
        """Lay the screen out for a wide (landscape) or a tall (portrait) screen."""

    def settle_shape(self) -> None:
        """Arrange for the screen's shape, if it changed (call once the screen is built)."""
        landscape = is_wide(self)
        if landscape != self._landscape:
            self._landscape = landscape
            self.arrange(landscape)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.settle_shape()
