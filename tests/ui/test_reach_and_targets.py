"""Every guest screen of a whole sale, measured through the real window: each control a guest
taps is a touch target (64 px on the kiosk, 48 on the tablet), and with reach mode on every one
of them sits in the lower half of the kiosk's tall screen."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect
from PySide6.QtWidgets import QAbstractButton, QLineEdit, QWidget

from kiosk.commands.screenshots import SHOTS
from kiosk.ui.i18n import translator
from kiosk.ui.widgets.membership_card import MembershipCard
from kiosk.ui.widgets.reader_panel import ReaderPanel
from kiosk.ui.window import KioskWindow
from tests.support.sandbox_process import SandboxProcess
from tests.ui.conftest import KioskFactory

pytestmark = [pytest.mark.asyncio, pytest.mark.sandbox]

# A sale as a guest sees it, attract to a declined card (the staff screens are not a guest's).
GUEST_STEPS = [shot for shot in SHOTS if shot.name[:2].isdigit() and int(shot.name[:2]) <= 10]
TAPPED = (QAbstractButton, QLineEdit, MembershipCard)


def _practice_only(widget: QWidget) -> bool:
    """The sandbox's test-card panel: a practice tool, not part of a real kiosk."""
    parent: QWidget | None = widget
    while parent is not None:
        if isinstance(parent, ReaderPanel):
            return True
        parent = parent.parentWidget()
    return False


def shown_controls(window: KioskWindow) -> list[tuple[QWidget, QRect]]:
    """Every control on screen now, with the part of it the guest sees (window coordinates)."""
    found = []
    for widget in window.findChildren(QWidget):
        if not isinstance(widget, TAPPED) or not widget.isVisible() or _practice_only(widget):
            continue
        seen = widget.visibleRegion().boundingRect()
        if seen.isEmpty():
            continue  # scrolled out of sight
        top_left = window.mapFromGlobal(widget.mapToGlobal(seen.topLeft()))
        found.append((widget, QRect(top_left, seen.size())))
    return found


def name_of(widget: QWidget) -> str:
    text = widget.text() if isinstance(widget, QAbstractButton | QLineEdit) else ""
    return f"{type(widget).__name__} {widget.accessibleName() or text or widget.objectName()!r}"


async def walk(
    make_kiosk: KioskFactory, sandbox: SandboxProcess, profile: str, *, reach: bool
) -> list[tuple[str, list[tuple[QWidget, QRect]]]]:
    window: KioskWindow = await make_kiosk(profile=profile, idle_after_ms=3_600_000)
    sandbox.reader(processing_ms=0)
    seen = []
    for step in GUEST_STEPS:
        await step.go(window, sandbox)
        if reach:
            if not window.reach_bar.on:  # a reset between steps turns it off
                window.reach_bar.button.click()
            assert window.reach_bar.on, step.name
        seen.append((step.name, shown_controls(window)))
    if window.flow.payment_in_flight:
        window.flow.sale.cancel_payment()
    return seen


@pytest.mark.parametrize(("profile", "target"), [("kiosk", 64), ("tablet", 48)])
@pytest.mark.parametrize("language", ["en", "ar"])
async def test_every_guest_control_is_a_touch_target(
    make_kiosk: KioskFactory, sandbox: SandboxProcess, profile: str, target: int, language: str
) -> None:
    translator.set_language(language)
    small = []
    for step, controls in await walk(make_kiosk, sandbox, profile, reach=False):
        assert controls, step
        for widget, _seen in controls:
            if min(widget.width(), widget.height()) < target:
                small.append(f"{step}: {name_of(widget)} is {widget.width()}×{widget.height()}")
    assert small == []


async def test_reach_mode_puts_every_control_of_every_guest_screen_in_the_lower_half(
    make_kiosk: KioskFactory, sandbox: SandboxProcess
) -> None:
    high = []
    for step, controls in await walk(make_kiosk, sandbox, "kiosk", reach=True):
        assert controls, step
        for widget, seen in controls:
            if seen.top() < 1920 // 2:
                high.append(f"{step}: {name_of(widget)} at y={seen.top()}")
    assert high == []


async def test_the_reach_button_is_on_every_guest_screen_of_the_kiosk_and_not_the_tablet(
    make_kiosk: KioskFactory, sandbox: SandboxProcess
) -> None:
    for step, controls in await walk(make_kiosk, sandbox, "kiosk", reach=False):
        reach = [w for w, seen in controls if w.objectName() == "reachButton"]
        assert reach, step
        assert all(seen.top() >= 1920 - 200 for w, seen in controls if w in reach), step
    tablet = await make_kiosk(profile="tablet")
    assert not tablet.reach_bar.isVisibleTo(tablet)


async def test_reach_mode_ends_with_the_guest(
    make_kiosk: KioskFactory, sandbox: SandboxProcess
) -> None:
    window: KioskWindow = await make_kiosk(profile="kiosk")
    await GUEST_STEPS[0].go(window, sandbox)
    window.reach_bar.button.click()
    assert window.reach_space.isVisible()
    assert window.reset()
    assert not window.reach_bar.on
    assert not window.reach_space.isVisible()
