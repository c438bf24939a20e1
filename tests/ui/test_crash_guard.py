"""An unexpected error in a Qt slot or a UI task is logged and the kiosk goes back to attract."""

from __future__ import annotations

import asyncio
import logging
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer

from kiosk.commands.scripted_guest import on_screen, tap
from kiosk.ui.asyncbridge import async_slot
from kiosk.ui.crash import CRASH_LOG, CrashGuard
from kiosk.ui.window import KioskWindow
from tests.ui.conftest import until

pytestmark = [pytest.mark.asyncio, pytest.mark.sandbox]


@pytest.fixture
def guard_for(tmp_path: Path) -> Iterator[list[CrashGuard]]:
    guards: list[CrashGuard] = []
    yield guards
    for guard in guards:
        guard.uninstall()


async def _browsing(window: KioskWindow, guards: list[CrashGuard], log_dir: Path | None) -> None:
    """A guest on the catalogue (of a kiosk with a crash guard, unless ``log_dir`` is None)."""
    if log_dir is not None:
        guard = CrashGuard(window.reset)
        guard.install(log_dir)
        guards.append(guard)
    await tap(window, "Tap to start")
    await on_screen(window, "catalog")


def _broken_async_slot() -> Callable[[], None]:
    @async_slot
    async def broken() -> None:
        raise RuntimeError("a bug in a coroutine")

    return broken


async def test_an_error_escaping_a_qt_slot_is_logged_and_the_kiosk_resets(
    kiosk: KioskWindow,
    guard_for: list[CrashGuard],
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    await _browsing(kiosk, guard_for, tmp_path)
    assert sys.excepthook != sys.__excepthook__
    assert (tmp_path / CRASH_LOG).exists()

    def broken_slot() -> None:
        raise RuntimeError("a bug in a screen")

    QTimer.singleShot(0, broken_slot)  # Qt hands what escapes a slot to sys.excepthook
    await on_screen(kiosk, "attract")
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == [
        "unexpected error: RuntimeError"
    ]
    caplog.clear()


async def test_a_failing_async_slot_puts_the_kiosk_back_on_attract(
    kiosk: KioskWindow,
    guard_for: list[CrashGuard],
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    await _browsing(kiosk, guard_for, tmp_path)

    _broken_async_slot()()
    await on_screen(kiosk, "attract")
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert [r.getMessage() for r in errors] == ["UI task _broken_async_slot.<locals>.broken failed"]
    caplog.clear()


async def test_without_the_guard_a_failing_task_leaves_the_screen_alone(
    kiosk: KioskWindow, caplog: pytest.LogCaptureFixture
) -> None:
    await _browsing(kiosk, [], None)
    went_to: list[str] = []
    kiosk.router.navigated.connect(went_to.append)
    _broken_async_slot()()
    await until(lambda: any(r.levelno >= logging.ERROR for r in caplog.records), what="the error")
    await _behind_everything_queued_so_far()  # where a guard's reset would have run
    assert went_to == []
    assert kiosk.router.current.name == "catalog"
    caplog.clear()


async def _behind_everything_queued_so_far() -> None:
    """Return once Qt has run what was queued before this call (a guard queues its reset)."""
    done = asyncio.get_running_loop().create_future()
    QTimer.singleShot(0, lambda: done.set_result(None))
    await done
