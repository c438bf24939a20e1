"""The composition root of the touch application: configuration → sandbox (when no Zenoti is
configured) → engine → recovery of unfinished sales → the window, on one qasync loop.
"""

from __future__ import annotations

import asyncio
import logging
import sys
from collections.abc import Sequence
from contextlib import AsyncExitStack
from dataclasses import dataclass
from pathlib import Path

from kiosk.runtime import open_configuration, sandbox_data_dir
from kiosk.ui.asyncbridge import GarbageCollector, new_event_loop
from kiosk.ui.flow import SaleFlow
from kiosk.ui.i18n import translator
from kiosk.ui.screens import SCREENS
from kiosk.ui.theme import PROFILES, Look
from kiosk.ui.watchdog import announce_ready
from kiosk.ui.window import KioskWindow
from kiosk.wiring import open_engine

log = logging.getLogger("kiosk.init")


@dataclass(frozen=True, slots=True)
class AppOptions:
    """How to start the touch application; None leaves the choice to the configuration."""

    profile: str | None = None
    fullscreen: bool | None = None
    staff_mode: bool = False
    config_path: Path | None = None


__all__ = ["AppOptions", "main", "run_kiosk", "sandbox_data_dir"]


async def run_kiosk(options: AppOptions, closed: asyncio.Future[None]) -> None:
    """Start everything, show the window, and run until it closes."""
    async with AsyncExitStack() as stack:
        config = stack.enter_context(open_configuration(options.config_path))
        engine = await stack.enter_async_context(open_engine(config))
        report = await engine.recover()  # rule 11: before the attract screen, settle the past
        if report.total:
            log.info("recovered %s unfinished sales: %s", report.total, dict(report.outcomes))
        translator.set_home(config.ui.language)
        flow = SaleFlow(engine, config.brand, sandbox=config.sandbox, staff_mode=options.staff_mode)
        profile = options.profile or config.ui.profile
        look = Look(profile=PROFILES[profile], brand=flow.brand.colour)
        window = KioskWindow(flow, SCREENS, look)
        window.closed.connect(lambda: None if closed.done() else closed.set_result(None))
        window.start()
        if config.ui.fullscreen if options.fullscreen is None else options.fullscreen:
            window.showFullScreen()
        else:
            window.show()
        announce_ready(window)  # systemd: READY=1, then watchdog pings from the Qt thread
        await closed


def main(argv: Sequence[str] | None = None, options: AppOptions | None = None) -> int:
    """Run the touch application until its window closes."""
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(list(argv or sys.argv[:1]))
    loop = new_event_loop(app)  # type: ignore[arg-type]
    asyncio.set_event_loop(loop)
    collector = GarbageCollector(app)
    collector.start()
    closed: asyncio.Future[None] = loop.create_future()
    try:
        loop.run_until_complete(run_kiosk(options or AppOptions(), closed))
    finally:
        loop.close()
    return 0
