"""What the guest screens (identify, register, terms, review) share: the bar at the top with the
way back, under it where the guest is in the sale and what they are buying (``SaleSteps``, with
the greeting of a returning guest on the first screen after identify), and a layout for a wide or
a tall screen (buttons by role and touch-scrolled areas are ``kiosk.ui.widgets.parts``).
"""

from __future__ import annotations

from typing import Any, ClassVar

from PySide6.QtGui import QResizeEvent, QShowEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QVBoxLayout

from kiosk.checkout.view import SaleView
from kiosk.ui.i18n import translator
from kiosk.ui.screens.base import Screen
from kiosk.ui.theme import set_role
from kiosk.ui.widgets.parts import button, label
from kiosk.ui.widgets.sale_steps import SaleSteps, greeting, step_of


def is_wide(screen: Screen) -> bool:
    """Landscape or not: the screen's real size once shown, before that the layout profile's
    (arranging for the wrong shape first would stretch the window to fit it)."""
    return screen.is_landscape


class GuestScreen(Screen):
    """A guest screen: the top bar with its one way out (back, cancel) on the leading edge and
    room for more at the trailing end, then the screen's own ``column``; ``arrange`` lays it
    out again whenever the screen turns from tall to wide or back."""

    #: whether this screen may be the one that greets a returning guest (the first after identify)
    greets: ClassVar[bool] = False
    # (sale, screen) of the greeting: only the first greeting screen of a sale greets
    _greeter: ClassVar[tuple[str, str] | None] = None

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
        # Where the guest is, and what they buy (hidden on screens that are no step of a sale).
        self.steps = SaleSteps()
        self.steps.show_step(step_of(self.name))
        self.column.addWidget(self.steps)
        self.greeting = label("greeting")
        self.greeting.setObjectName("greeting")
        self.greeting.setContentsMargins(48, 16, 48, 0)
        self.greeting.hide()
        self.column.addWidget(self.greeting)
        self.flow.changed.connect(self._follow_sale)
        translator.changed.connect(self._chrome_language)

    # ------------------------------------------------------------------ steps and greeting

    def _chrome_language(self, _language: str) -> None:
        if self.isVisible():
            self.show_chrome()

    def show_chrome(self) -> None:
        """The step, the summary and (first screen after identify) the greeting, from the sale."""
        step = step_of(self.name)
        self.steps.show_step(step)
        view = self.flow.view if step is not None else None
        self.steps.show_sale(view)
        words = greeting(view) if self.greets and view is not None else ""
        if words and view is not None:
            first = GuestScreen._greeter
            if first is None or first[0] != view.sale_id:
                GuestScreen._greeter = (view.sale_id, self.name)
            if GuestScreen._greeter != (view.sale_id, self.name):
                words = ""
        self.greeting.setText(words)
        self.greeting.setVisible(bool(words))

    def _follow_sale(self, _view: SaleView) -> None:
        if self.isVisible():
            self.show_chrome()

    def showEvent(self, event: QShowEvent) -> None:
        self.show_chrome()
        super().showEvent(event)

    def forget_guest(self) -> None:
        """Nothing of the guest: no greeting, no summary (screens call this from theirs)."""
        GuestScreen._greeter = None
        self.greeting.clear()
        self.greeting.hide()
        self.steps.clear()

    def arrange(self, landscape: bool) -> None:
        """Lay the screen out for a wide (landscape) or a tall (portrait) screen."""

    def settle_shape(self) -> None:
        """Arrange for the screen's shape, if it changed (call once the screen is built)."""
        landscape = is_wide(self)
        if landscape != self._landscape:
            self._landscape = landscape
            self.arrange(landscape)
            self._place_greeting(landscape)

    def _place_greeting(self, landscape: bool) -> None:
        """Wide, the greeting sits in the top bar beside the way out (a short tablet has no
        height to spare); tall, it goes under the steps."""
        self.column.removeWidget(self.greeting)
        self.bar_row.removeWidget(self.greeting)
        # One line in the bar (a first name is short), and the bar itself slimmer when wide.
        self.greeting.setWordWrap(not landscape)
        self.bar_row.setContentsMargins(24, 6 if landscape else 12, 24, 6 if landscape else 12)
        if landscape:
            self.greeting.setContentsMargins(24, 0, 24, 0)
            self.bar_row.insertWidget(1, self.greeting)
        else:
            self.greeting.setContentsMargins(48, 16, 48, 0)
            self.column.insertWidget(self.column.indexOf(self.steps) + 1, self.greeting)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.settle_shape()
