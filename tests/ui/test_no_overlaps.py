"""The floating language bar covers nothing: on every guest screen of a whole sale, in both
layouts, with and without staff mode's bar (an assisted sale), its rectangle meets no other
widget that shows something or takes a tap, measured through the real window."""

from __future__ import annotations

import asyncio

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QAbstractButton, QFrame, QLabel, QStackedWidget, QWidget

from kiosk.commands.screenshots import SHOTS
from kiosk.commands.scripted_guest import until
from kiosk.ui.window import KioskWindow
from tests.support.sandbox_process import SandboxProcess
from tests.ui.conftest import STAFF_NAME, KioskFactory

pytestmark = [pytest.mark.asyncio, pytest.mark.sandbox]

# Attract to the receipt: every screen a guest passes (attract has its own languages, no bar).
GUEST_STEPS = [shot for shot in SHOTS if shot.name[:2].isdigit() and int(shot.name[:2]) <= 11]
CONTAINERS = (QWidget, QFrame, QStackedWidget)  # exactly these types draw nothing of their own


def _draws_something(widget: QWidget) -> bool:
    """A leaf that shows content or takes a tap: text, a picture, a button, a code, a pad."""
    if isinstance(widget, QAbstractButton):
        return True
    if isinstance(widget, QLabel):
        pixmap = widget.pixmap()
        return bool(widget.text().strip()) or (pixmap is not None and not pixmap.isNull())
    if type(widget) in CONTAINERS or widget.objectName() == "fade":
        return False
    return not widget.findChildren(QWidget)  # a painted leaf (a QR code, the signature pad...)


def _seen_rect(widget: QWidget, root: QWidget) -> QRect:
    """The part of ``widget`` inside every one of its ancestors, in ``root``'s coordinates."""
    seen = QRect(widget.mapTo(root, QPoint(0, 0)), widget.size())
    parent = widget.parentWidget()
    while parent is not None and parent is not root:
        seen = seen.intersected(QRect(parent.mapTo(root, QPoint(0, 0)), parent.size()))
        parent = parent.parentWidget()
    return seen


def covered(window: KioskWindow) -> list[str]:
    """Every visible widget the language bar's rectangle meets (empty: it covers nothing)."""
    window.router.settle()  # no fade's picture over the screens
    central = window.centralWidget()
    bar = window.languages
    assert bar.isVisible()
    mine = QRect(bar.mapTo(central, QPoint(0, 0)), bar.size())
    found = []
    for widget in central.findChildren(QWidget):
        if widget is bar or bar.isAncestorOf(widget) or not widget.isVisible():
            continue
        if window.overlay.isAncestorOf(widget) or not _draws_something(widget):
            continue
        seen = _seen_rect(widget, central)
        if not seen.isEmpty() and seen.intersects(mine):
            words = widget.text() if isinstance(widget, QLabel | QAbstractButton) else ""
            found.append(f"{type(widget).__name__} {widget.objectName() or words!r} at {seen}")
    return found


@pytest.mark.parametrize("profile", ["kiosk", "tablet"])
@pytest.mark.parametrize("staff", [False, True], ids=["guest", "assisted"])
async def test_the_language_bar_covers_nothing_on_any_guest_screen(
    make_kiosk: KioskFactory, sandbox: SandboxProcess, profile: str, staff: bool
) -> None:
    window: KioskWindow = await make_kiosk(profile=profile, idle_after_ms=3_600_000)
    sandbox.reader(processing_ms=0)
    problems = []
    unlocked = False
    for step in GUEST_STEPS:
        if step.name.startswith("11-"):  # the card again, once the declined one came to rest
            await until(lambda: not getattr(window.router.current, "paying", False), what="rest")
        await step.go(window, sandbox)
        if step.name == "01-attract":
            continue  # its own, larger language choice; the bar is hidden
        if staff and step.name.startswith("05-identify") and not unlocked:
            # Staff unlock mid-sale (to help the guest): their bar appears above the screen.
            window.flow.staff.begin(STAFF_NAME)
            unlocked = True
        assert window.staff_bar.isVisible() is unlocked, step.name
        for _ in range(5):  # a few turns of the loop: posted layouts, then the bar's placing
            await asyncio.sleep(0)
        problems += [f"{step.name}: {found}" for found in covered(window)]
    if window.flow.payment_in_flight:
        window.flow.sale.cancel_payment()
    assert problems == []
