"""Temporarily unavailable: a calm sentence, and the kiosk trying again by itself every ~10 s.

Shown when the kiosk cannot sell (Zenoti cannot be reached and no catalogue is cached). It asks for
the catalogue again on its own; the moment Zenoti answers, the attract screen comes back. A
countdown to the next try shows the kiosk is alive, never frozen; no error code, ever.
"""

from __future__ import annotations

import asyncio
import logging
import math
import time
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QHideEvent
from PySide6.QtWidgets import QVBoxLayout

from kiosk.checkout.errors import SaleError
from kiosk.ui import routes
from kiosk.ui.asyncbridge import Preemptive
from kiosk.ui.i18n import tr
from kiosk.ui.screens.base import Screen
from kiosk.ui.widgets.parts import label

log = logging.getLogger("kiosk.ui")

RETRY_EVERY_S = 10.0


class UnavailableScreen(Screen):
    """Says "We're temporarily unavailable — please see the front desk"; retries by itself."""

    route = routes.Unavailable
    resets_when_idle = False

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.retry_every_s = RETRY_EVERY_S  # injectable for tests
        self._tasks = Preemptive()
        self._next_in = 0
        self._trying = False

        column = QVBoxLayout(self)
        column.setContentsMargins(64, 96, 64, 96)
        column.setSpacing(32)
        self.headline = label("title")
        self.headline.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.text(self.headline, "We're temporarily unavailable — please see the front desk")
        self.explain = label("body")
        self.explain.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.text(self.explain, "We'll be back as soon as we can. This screen updates by itself.")
        self.progress = label("muted")
        self.progress.setAlignment(Qt.AlignmentFlag.AlignCenter)
        column.addStretch(1)
        column.addWidget(self.headline)
        column.addWidget(self.explain)
        column.addWidget(self.progress)
        column.addStretch(1)

    def entered(self, *, route: routes.Unavailable) -> None:
        self._tasks.start("retry-catalogue", self._retry())

    def retranslate(self) -> None:
        self._show_progress()

    def hideEvent(self, event: QHideEvent) -> None:
        # Another screen came up (or the window closed): stop asking at once.
        self._tasks.cancel_all()
        super().hideEvent(event)

    async def _retry(self) -> None:
        """Ask Zenoti again every few seconds while this screen shows; attract once it answers."""
        while self.router.current is self:
            deadline = time.monotonic() + self.retry_every_s
            while (left := deadline - time.monotonic()) > 0:
                self._next_in, self._trying = math.ceil(left), False
                self._show_progress()
                await asyncio.sleep(min(1.0, left))
                if self.router.current is not self:
                    return  # someone moved on (staff, a reset): stop asking
            self._trying = True
            self._show_progress()
            try:
                await self.flow.catalogue()
            except SaleError as error:
                # Expected while Zenoti is away; the banner and this screen already say so.
                log.info("still unavailable: %s", type(error).__name__)
                continue
            if self.router.current is self:
                self.router.go(routes.Attract())
            return

    def _show_progress(self) -> None:
        if self._trying:
            text = tr("Trying again…")
        else:
            text = tr("Trying again in {seconds} seconds", seconds=self._next_in)
        self.progress.setText(text)
        self.progress.setAccessibleName(text)
