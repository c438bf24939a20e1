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

import platformdirs

from kiosk import APP_NAME
from kiosk.config import KioskConfig, config_from_sandbox
from kiosk.sandbox_process import SandboxProcess, start_sandbox
from kiosk.ui.asyncbridge import GarbageCollector, new_event_loop
from kiosk.ui.brand import Brand
from kiosk.ui.flow import SaleFlow
from kiosk.ui.screens import SCREENS
from kiosk.ui.theme import PROFILES, Look
from kiosk.ui.watchdog import announce_ready
from kiosk.ui.window import KioskWindow
from kiosk.wiring import open_engine

log = logging.getLogger("kiosk.init")


@dataclass(frozen=True, slots=True)
class AppOptions:
    """How to start the touch application."""

    profile: str = "kiosk"
    fullscreen: bool = False
    staff_mode: bool = False


def sandbox_data_dir() -> Path:
    """Where the sandbox keeps its database and the kiosk its sandbox journal."""
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "sandbox"


async def run_kiosk(options: AppOptions, closed: asyncio.Future[None]) -> None:
    """Start everything, show the window, and run until it closes."""
    async with AsyncExitStack() as stack:
        config, sandbox = _configure()
        if sandbox is not None:
            stack.callback(sandbox.stop)
        engine = await stack.enter_async_context(open_engine(config))
        report = await engine.recover()  # rule 11: before the attract screen, settle the past
        if report.total:
            log.info("recovered %s unfinished sales: %s", report.total, dict(report.outcomes))
        flow = SaleFlow(engine, Brand(), sandbox=config.sandbox, staff_mode=options.staff_mode)
        look = Look(profile=PROFILES[options.profile], brand=flow.brand.colour)
        window = KioskWindow(flow, SCREENS, look)
        window.closed.connect(lambda: None if closed.done() else closed.set_result(None))
        window.start()
        if options.fullscreen:
            window.showFullScreen()
        else:
            window.show()
        announce_ready(window)  # systemd: READY=1, then watchdog pings from the Qt thread
        await closed


def _configure() -> tuple[KioskConfig, SandboxProcess | None]:
    """The kiosk's configuration; with none, a sandbox of its own."""
    data = sandbox_data_dir()
    data.mkdir(parents=True, exist_ok=True)
    sandbox = start_sandbox(data / "sandbox.sqlite3")
    config = config_from_sandbox(
        sandbox.base_url, sandbox.info(), journal_path=data / "journal.sqlite3"
    )
    return config, sandbox


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
