"""The attract screen: start, languages, accessibility, and the SANDBOX ribbon."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from kiosk.ui.i18n import translator
from kiosk.ui.screens.attract import AttractScreen
from kiosk.ui.window import KioskWindow
from tests.support.sandbox_process import SandboxProcess
from tests.ui.conftest import KioskFactory, on_screen

pytestmark = [pytest.mark.asyncio, pytest.mark.sandbox]


async def test_the_kiosk_opens_on_attract_with_the_sandbox_ribbon(kiosk: KioskWindow) -> None:
    assert kiosk.router.current.name == "attract"
    assert kiosk.ribbon is not None
    assert kiosk.ribbon.isVisible()


async def test_switching_language_retranslates_live_and_mirrors_arabic(
    kiosk: KioskWindow,
) -> None:
    attract = kiosk.router.current
    assert isinstance(attract, AttractScreen)
    attract.language_buttons["es"].click()
    assert attract.start_button.text() == "Toca para empezar"
    attract.language_buttons["ar"].click()
    assert translator.language == "ar"
    assert kiosk.layoutDirection() is Qt.LayoutDirection.RightToLeft
    attract.language_buttons["en"].click()
    assert attract.start_button.text() == "Tap to start"
    assert kiosk.layoutDirection() is Qt.LayoutDirection.LeftToRight


async def test_large_text_and_high_contrast_restyle_the_kiosk(kiosk: KioskWindow) -> None:
    attract = kiosk.router.current
    assert isinstance(attract, AttractScreen)
    before = attract.start_button.font().pixelSize()
    attract.large_text.click()
    assert kiosk.look.scale == 1.5
    assert attract.start_button.font().pixelSize() > before
    attract.contrast.click()
    assert kiosk.look.high_contrast is True


async def test_with_no_catalogue_the_kiosk_says_it_is_unavailable_then_recovers(
    make_kiosk: KioskFactory, sandbox: SandboxProcess
) -> None:
    sandbox.inject(
        method="GET", path="/v1/centers/*/memberships", kind="status", status=503, count=10
    )
    window = await make_kiosk()
    await on_screen(window, "unavailable", timeout=30)
    assert window.banner.isVisible()
    window.router.current.retry_every_s = 1  # type: ignore[attr-defined]
    sandbox.clear_faults()
    await on_screen(window, "attract", timeout=40)
