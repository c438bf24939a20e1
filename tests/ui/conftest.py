"""UI tests: the real window on a real engine against the sandbox, on one qasync loop."""

from __future__ import annotations

import asyncio
import gc
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication

from kiosk.commands.scripted_guest import on_screen, until
from kiosk.ui.asyncbridge import GarbageCollector, new_event_loop, stop_ui_tasks
from kiosk.ui.brand import Brand
from kiosk.ui.flow import SaleFlow
from kiosk.ui.i18n import DEFAULT_LANGUAGE, translator
from kiosk.ui.screens import SCREENS
from kiosk.ui.screens.base import Screen
from kiosk.ui.theme import PROFILES, Look
from kiosk.ui.window import KioskWindow
from kiosk.wiring import open_engine
from tests.support.sandbox_process import SandboxProcess
from tests.support.selling import sandbox_config

_collector: GarbageCollector | None = None


def _qasync_loop() -> asyncio.AbstractEventLoop:
    global _collector
    app = QApplication.instance() or QApplication([])
    if _collector is None:
        # As in the app: Python's garbage is collected on the Qt thread only.
        _collector = GarbageCollector(app)
        _collector.start()
    return new_event_loop(app)  # type: ignore[arg-type]


def pytest_asyncio_loop_factories(config: pytest.Config, item: pytest.Item) -> Any:
    """UI tests run on qasync's loop, so Qt events flow while a test awaits."""
    return {"qasync": _qasync_loop}


def stand_in(screen_name: str) -> type[Screen]:
    """An empty screen standing in for one not under test (it only has a name)."""
    return type(f"StandIn_{screen_name}", (Screen,), {"name": screen_name})


ALL_SCREEN_NAMES = (
    "attract", "catalog", "membership", "compare", "identify", "register", "terms", "review",
    "payment", "save_card", "receipt", "unavailable", "out_of_order",
    "staff_home", "staff_guests", "staff_memberships", "staff_invoices", "staff_queue",
    "staff_receipts", "staff_lookup", "staff_day",
)  # fmt: skip

KioskFactory = Callable[..., Any]

__all__ = ["STAFF_NAME", "KioskFactory", "on_screen", "stand_in", "until"]  # what tests share

STAFF_NAME = "Sandbox staff"  # the sandbox configuration's one staff member (PIN 2580)


@pytest.fixture
def reader_kind() -> str:
    """The sandbox reader the kiosk sells with; a module overrides it to sell on Adyen."""
    return "stripe"


@pytest_asyncio.fixture
async def make_kiosk(
    sandbox: SandboxProcess, tmp_path: Path, reader_kind: str
) -> AsyncIterator[KioskFactory]:
    """Build the kiosk window: ``await make_kiosk(screens=[...], profile="kiosk", staff=False)``.

    Screens not given are stood in for by empty screens of the same name; a real engine runs
    against the sandbox.
    """
    windows: list[KioskWindow] = []
    async with open_engine(sandbox_config(sandbox, tmp_path, reader_kind=reader_kind)) as engine:

        async def build(
            screens: list[type[Screen]] | None = None,
            profile: str = "kiosk",
            staff: bool = False,
            **window_options: Any,
        ) -> KioskWindow:
            chosen = list(SCREENS if screens is None else screens)
            have = {screen.name for screen in chosen}
            chosen += [stand_in(name) for name in ALL_SCREEN_NAMES if name not in have]
            flow = SaleFlow(engine, Brand(), sandbox=True)
            # The attract screen's health look is tested on its own (test_health_first): here
            # it would start network calls that outlive a test's loop run.
            flow.watch_health = False
            if staff:
                flow.staff.begin(STAFF_NAME)
            window = KioskWindow(flow, chosen, Look(profile=PROFILES[profile]), **window_options)
            windows.append(window)
            # Finish the start-up loading here, inside this fixture's run of the loop.
            await window.start()
            window.show()
            return window

        try:
            yield build
        finally:
            for window in windows:
                window.flow.end()
                window.shutdown()
                window.deleteLater()
            translator.set_language(DEFAULT_LANGUAGE)
            await stop_ui_tasks()  # none takes a step after this loop is gone
            await asyncio.sleep(0)
            # Destroy the windows here, on the Qt thread, and their Python cycles with them.
            QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
            gc.collect()


@pytest_asyncio.fixture
async def kiosk(make_kiosk: KioskFactory) -> KioskWindow:
    """The whole kiosk, portrait profile."""
    window: KioskWindow = await make_kiosk()
    return window
