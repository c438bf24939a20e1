"""Staff mode's way in and out: the corner gesture, the PIN pad, the bar, the locks, the exit."""

from __future__ import annotations

import asyncio
from datetime import datetime

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication

from kiosk.checkout.staff.access import AuditEntry
from kiosk.ui import routes
from kiosk.ui.i18n import translator
from kiosk.ui.screens.staff_home import StaffHomeScreen
from kiosk.ui.window import KioskWindow
from tests.ui.conftest import STAFF_NAME, KioskFactory, on_screen, until

pytestmark = [pytest.mark.asyncio, pytest.mark.sandbox]

SANDBOX_PIN = "2580"


def tap_at(window: KioskWindow, where: QPoint) -> None:
    """A press and release at ``where``, entering through the window as a finger's would (the
    window hands it to whatever widget lies there)."""
    handle = window.windowHandle()
    for kind in (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease):
        buttons = (
            Qt.MouseButton.LeftButton
            if kind == QEvent.Type.MouseButtonPress
            else Qt.MouseButton.NoButton
        )
        event = QMouseEvent(
            kind,
            QPointF(where),
            QPointF(window.mapToGlobal(where)),
            Qt.MouseButton.LeftButton,
            buttons,
            Qt.KeyboardModifier.NoModifier,
        )
        QApplication.sendEvent(handle, event)


def tap_corner(window: KioskWindow, times: int = 5) -> None:
    """Tap the top-right corner of the glass, where the staff gesture is."""
    for _ in range(times):
        tap_at(window, QPoint(window.width() - 20, 20))


async def enter_pin(window: KioskWindow, pin: str) -> None:
    pad = window.staff.pin
    for digit in pin:
        pad.keypad.keys[digit].click()
    pad.unlock_button.click()
    await until(lambda: not pad.is_open or not pad.checking, what="the PIN checked")


async def unlock(window: KioskWindow) -> None:
    tap_corner(window)
    assert window.staff.pin.is_open
    await enter_pin(window, SANDBOX_PIN)
    await until(lambda: window.flow.staff_mode, what="staff mode")


async def audit_actions(window: KioskWindow) -> list[str]:
    entries: list[AuditEntry] = await window.flow.engine.staff.audit_log()
    return [entry.action for entry in entries]


async def audited(window: KioskWindow, action: str) -> AuditEntry:
    """Wait for ``action`` in the audit log (the UI writes it as a task of its own)."""
    for _ in range(500):
        entries: list[AuditEntry] = await window.flow.engine.staff.audit_log()
        for entry in entries:
            if entry.action == action:
                return entry
        await asyncio.sleep(0.02)
    raise AssertionError(f"{action!r} never reached the audit log")


async def test_five_taps_in_the_corner_open_the_pin_pad(make_kiosk: KioskFactory) -> None:
    window = await make_kiosk(screens=[])
    tap_corner(window, 4)
    assert not window.staff.pin.is_open
    tap_corner(window, 1)
    assert window.staff.pin.is_open
    window.staff.pin.cancel_button.click()
    assert not window.staff.pin.is_open
    assert not window.flow.staff_mode


async def test_taps_in_the_corner_still_reach_the_button_there(make_kiosk: KioskFactory) -> None:
    window = await make_kiosk(screens=[])
    window.router.go(routes.Catalog())  # a screen with the floating language bar
    await until(lambda: window.languages.isVisible(), what="the language bar")
    arabic = window.languages.buttons["ar"]
    middle = arabic.mapTo(window, arabic.rect().center())
    assert window.width() - middle.x() < 96
    assert middle.y() < 96
    assert window.childAt(middle) is arabic
    for _ in range(5):
        tap_at(window, middle)
    assert translator.language == "ar"  # the button got its taps
    assert window.staff.pin.is_open  # and they were counted


async def test_wrong_pins_lock_the_pad_and_say_until_when(make_kiosk: KioskFactory) -> None:
    window = await make_kiosk(screens=[])
    tap_corner(window)
    pad = window.staff.pin
    await enter_pin(window, "1111")
    assert pad.message.text() == "Wrong PIN — 4 tries left"
    for _ in range(4):
        await enter_pin(window, "1111")
    assert pad.message.text().startswith("Locked — try again at ")
    assert not pad.keypad.isEnabled()
    assert not pad.unlock_button.isEnabled()
    # Even the right PIN is not checked now, and opening the pad again still says so.
    pad.cancel_button.click()
    tap_corner(window)
    await until(lambda: pad.message.text().startswith("Locked"), what="the lockout shown")
    until_text = pad.message.text().removeprefix("Locked — try again at ")
    assert datetime.strptime(until_text, "%H:%M")
    assert not window.flow.staff_mode


async def test_the_right_pin_opens_the_staff_menu_with_the_bar(make_kiosk: KioskFactory) -> None:
    window = await make_kiosk(screens=[StaffHomeScreen])
    await unlock(window)
    await on_screen(window, "staff_home")
    assert window.staff_bar.isVisible()
    assert window.staff_bar.who.text() == f"Staff mode — {STAFF_NAME}"
    assert "entered staff mode" in await audit_actions(window)
    window.staff_bar.lock_button.click()
    assert not window.flow.staff_mode
    assert not window.staff_bar.isVisible()
    await on_screen(window, "attract")


async def test_staff_mode_locks_itself_after_two_minutes_untouched(
    make_kiosk: KioskFactory,
) -> None:
    window = await make_kiosk(screens=[StaffHomeScreen])
    await unlock(window)
    timer = window.flow.staff.auto_lock_timer
    assert timer.isActive()
    assert timer.interval() == 120_000
    assert not window._may_reset()  # the guest's idle reset stays off in staff mode
    timer.timeout.emit()  # two minutes pass without a touch
    assert not window.flow.staff_mode
    await on_screen(window, "attract")
    entry = await audited(window, "auto-locked")
    assert entry.who == STAFF_NAME


async def test_the_window_closes_only_by_exiting_from_staff_mode(
    make_kiosk: KioskFactory,
) -> None:
    window = await make_kiosk(screens=[StaffHomeScreen])
    window.close()  # a window manager's close, Alt+F4
    assert window.isVisible()
    await unlock(window)
    home = await on_screen(window, "staff_home")
    assert isinstance(home, StaffHomeScreen)
    home.exit_button.click()
    assert home.confirm.isVisible()
    home.confirm_exit.click()
    await until(lambda: not window.isVisible(), what="the window closed")
    assert "exited to desktop" in await audit_actions(window)
