"""The composition root of the touch application: configuration → sandbox (when no Zenoti is
configured) → engine → recovery of unfinished sales → the window, on one qasync loop.
"""

from __future__ import annotations

import asyncio
import logging
import sys
from collections.abc import AsyncIterator, Callable, Coroutine, Sequence
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from kiosk.checkout import journal_file
from kiosk.checkout.journal_health import JournalUnusable, JournalUnwritable
from kiosk.config import KioskConfig
from kiosk.config.runtime import open_configuration, sandbox_data_dir
from kiosk.logs import configure_logging
from kiosk.ui.asyncbridge import (
    GarbageCollector,
    freeze_startup_objects,
    new_event_loop,
    spawn,
    stop_ui_tasks,
)
from kiosk.ui.crash import CrashGuard
from kiosk.ui.first_paint import ready_for_guests
from kiosk.ui.flow import SaleFlow
from kiosk.ui.i18n import translator
from kiosk.ui.screens import PLACES
from kiosk.ui.stop_signals import StopSignals
from kiosk.ui.theme import PROFILES, Look
from kiosk.ui.watchdog import announce_ready
from kiosk.ui.window import KioskWindow
from kiosk.wiring import open_engine

log = logging.getLogger("kiosk.init")

# The exit code of a start-up the installer must fix (as for a wrong configuration): systemd's
# unit does not restart on it (RestartPreventExitStatus=2), so a broken journal never loops.
JOURNAL_UNUSABLE = 2

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class AppOptions:
    """How to start the touch application; None leaves the choice to the configuration."""

    profile: str | None = None
    fullscreen: bool | None = None
    config_path: Path | None = None


__all__ = ["AppOptions", "main", "open_window", "run_kiosk", "run_on_qt", "sandbox_data_dir"]


async def run_kiosk(options: AppOptions) -> None:
    """Start everything, show the window, and run until it closes."""
    closed: asyncio.Future[None] = asyncio.get_running_loop().create_future()
    async with AsyncExitStack() as stack:
        config = stack.enter_context(open_configuration(options.config_path))
        log_file = configure_logging(config.logging)
        window = await stack.enter_async_context(open_window(config, options))
        window.closed.connect(lambda: None if closed.done() else closed.set_result(None))
        if config.ui.fullscreen if options.fullscreen is None else options.fullscreen:
            window.showFullScreen()
        else:
            window.show()
        guard = CrashGuard(window.reset)
        guard.install(config.logging.directory)
        stack.callback(guard.uninstall)
        stops = StopSignals(window.shutdown)
        stack.callback(stops.uninstall)
        log.info(
            "kiosk ready",
            extra={"sandbox": config.sandbox, "log_file": str(log_file)},
        )
        spawn(ready_for_guests(window), "ready-for-guests")  # KIOSK_READY_FILE, when set
        announce_ready(window)  # systemd: READY=1, then watchdog pings from the Qt thread
        await closed


@asynccontextmanager
async def open_window(config: KioskConfig, options: AppOptions) -> AsyncIterator[KioskWindow]:
    """The kiosk's window on its engine, after recovery, started (not yet shown).

    ``kiosk`` and ``kiosk autopilot`` both build their window here, so the autopilot drives
    exactly what a guest touches.
    """
    async with open_engine(config) as engine:
        try:
            report = await engine.recover()  # rule 11: before the attract screen, settle the past
        except JournalUnwritable as failed:  # damage deeper in the file than its opening checks
            raise journal_file.unusable(config.journal_path, failed.__cause__ or failed) from None
        if report.total:
            log.info("recovered %s unfinished sales: %s", report.total, dict(report.outcomes))
        translator.set_home(config.ui.language)
        flow = SaleFlow(engine, config.brand, sandbox=config.sandbox)
        profile = options.profile or config.ui.profile
        look = Look(profile=PROFILES[profile], brand=flow.brand.colour)
        window = KioskWindow(flow, PLACES, look)
        window.start()
        freeze_startup_objects()
        try:
            yield window
        finally:
            await stop_ui_tasks()  # nothing of the UI takes a next step on the closed engine


def main(argv: Sequence[str] | None = None, options: AppOptions | None = None) -> int:
    """Run the touch application until its window closes; 2 when its journal cannot be used."""
    try:
        run_on_qt(lambda: run_kiosk(options or AppOptions()), argv)
    except JournalUnusable as unusable:
        # An installer's problem, found before the attract screen: one message with its fix.
        log.error("the kiosk cannot start: %s", unusable)
        print(f"kiosk: {unusable}", file=sys.stderr)
        return JOURNAL_UNUSABLE
    return 0


def run_on_qt(work: Callable[[], Coroutine[Any, Any, T]], argv: Sequence[str] | None = None) -> T:
    """Run ``work`` to its end on the kiosk's one loop: Qt's, with asyncio on it (qasync)."""
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(list(argv or sys.argv[:1]))
    loop = new_event_loop(app)  # type: ignore[arg-type]
    asyncio.set_event_loop(loop)
    collector = GarbageCollector(app)
    collector.start()
    try:
        return loop.run_until_complete(work())
    finally:
        _finish_tasks(loop)
        loop.close()


def _finish_tasks(loop: asyncio.AbstractEventLoop) -> None:
    """Cancel what is still running and let it end, as ``asyncio.run`` does: a library's task
    left behind (an HTTP pool's cancellation) would otherwise run on a closed loop and fail."""
    pending = asyncio.all_tasks(loop)
    for task in pending:
        task.cancel()
    if pending:
        loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
    loop.run_until_complete(loop.shutdown_asyncgens())
