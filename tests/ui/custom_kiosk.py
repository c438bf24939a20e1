"""A whole kiosk window on a configuration a test chose (its deadlines, its tax display)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication

from kiosk.config import KioskConfig
from kiosk.domain.pricing import TaxDisplay
from kiosk.ui import prices
from kiosk.ui.asyncbridge import stop_ui_tasks
from kiosk.ui.brand import Brand
from kiosk.ui.flow import SaleFlow
from kiosk.ui.i18n import DEFAULT_LANGUAGE, translator
from kiosk.ui.screens import SCREENS
from kiosk.ui.theme import PROFILES, Look
from kiosk.ui.window import KioskWindow
from kiosk.wiring import open_engine
from tests.ui.conftest import STAFF_NAME


@asynccontextmanager
async def kiosk_on(
    config: KioskConfig, *, profile: str = "kiosk", staff: bool = False
) -> AsyncIterator[KioskWindow]:
    """Every screen, on an engine built from ``config``, started and shown."""
    async with open_engine(config) as engine:
        flow = SaleFlow(engine, Brand(), sandbox=True)
        flow.watch_health = False  # as in every UI test but the health ones
        if staff:
            flow.staff.begin(STAFF_NAME)
        window = KioskWindow(flow, SCREENS, Look(profile=PROFILES[profile]))
        await window.start()
        window.show()
        try:
            yield window
        finally:
            window.flow.end()
            window.shutdown()
            window.deleteLater()
            translator.set_language(DEFAULT_LANGUAGE)
            prices.show_tax(TaxDisplay.INCLUDED)
            await stop_ui_tasks()
            await asyncio.sleep(0)
            QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
