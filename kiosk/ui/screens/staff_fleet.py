"""The staff menu's view of the chain: the other kiosks of this center, one line each, from
their heartbeats (shown only on a kiosk that is part of a fleet)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout

from kiosk.checkout.fleet import KioskStatus
from kiosk.ui.theme import set_role
from kiosk.ui.widgets.parts import label

ROWS = 8  # a center rarely has more; the rest are in `kiosk fleet`

Bind = Callable[..., None]  # the screen's ``text(widget, english, **values)``


class FleetPanel(QFrame):
    """Other kiosks here: what each is doing and what waits for staff there."""

    def __init__(self, text: Bind) -> None:
        super().__init__()
        set_role(self, "card")
        self.setObjectName("fleetPanel")
        self._text = text
        column = QVBoxLayout(self)
        column.setContentsMargins(24, 16, 24, 16)
        column.setSpacing(6)
        heading = label("subtitle")
        text(heading, "Other kiosks here")
        column.addWidget(heading)
        self.alone = label("muted")
        column.addWidget(self.alone)
        self.rows: list[QLabel] = []
        for _ in range(ROWS):
            row = label("body")
            row.hide()
            column.addWidget(row)
            self.rows.append(row)
        self.hide()

    def show_kiosks(self, me: str, health: str, kiosks: Sequence[KioskStatus]) -> None:
        """Show every kiosk but this one; say so when this kiosk cannot see the fleet."""
        others = [k for k in kiosks if k.name != me][:ROWS]
        if health.startswith("Redis unreachable"):
            self._text(self.alone, "The fleet cannot be reached: this kiosk sells on its own")
        elif not others:
            self._text(self.alone, "No other kiosk of this center is online")
        self.alone.setVisible(health.startswith("Redis unreachable") or not others)
        for row, kiosk in zip(self.rows, others, strict=False):
            self._say(row, kiosk)
            row.show()
        for row in self.rows[len(others) :]:
            row.hide()
        self.show()

    def _say(self, row: QLabel, kiosk: KioskStatus) -> None:
        values: dict[str, Any] = {"name": kiosk.name, "count": kiosk.needs_staff}
        waiting = kiosk.needs_staff > 0
        if kiosk.state == "paying":
            self._text(row, "{name}: taking a payment", **values)
        elif kiosk.state == "selling":
            self._text(row, "{name}: a guest is choosing", **values)
        elif kiosk.state == "staff":
            self._text(row, "{name}: in staff mode", **values)
        elif kiosk.state == "out of service":
            self._text(row, "{name}: out of service", **values)
        else:
            self._text(row, "{name}: waiting for a guest", **values)
        if waiting:
            self._text(row, "{name}: {count} sales need staff", **values)
