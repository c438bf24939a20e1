"""The idle reset: it asks, counts down, resets — never on attract, never during a payment."""

from __future__ import annotations

import asyncio

import pytest
from PySide6.QtCore import QTimer

from kiosk.domain.sale import SaleState
from kiosk.simulation.driving import wait_for_state
from kiosk.ui import routes
from kiosk.ui.screens.attract import AttractScreen
from kiosk.ui.window import KioskWindow
from tests.support.selling import JAMES_PHONE, catalogue_membership
from tests.ui.conftest import KioskFactory, on_screen, until

pytestmark = [pytest.mark.asyncio, pytest.mark.sandbox]

QUICK = {"idle_after_ms": 200, "countdown_s": 1}


def idle_wait_runs_out(window: KioskWindow) -> None:
    """The idle wait ends now, as if its time had passed: the kiosk's own default wait (90 s) is
    far longer than a test, so nothing but this makes the watcher look."""
    wait = window.idle.findChild(QTimer)
    assert wait is not None
    assert wait.isActive(), "the idle watcher is not waiting"
    wait.timeout.emit()
    assert wait.isActive() or window.overlay.asking, "the watcher neither asked nor waits again"


async def _sale_on_catalog(window: KioskWindow) -> None:
    catalog = await window.flow.catalogue()
    await window.flow.begin([catalogue_membership(catalog, "SERENITY3").id])
    window.router.go(routes.Catalog())


async def test_idle_asks_then_resets_to_attract_and_ends_the_sale(make_kiosk: KioskFactory) -> None:
    window = await make_kiosk(screens=[AttractScreen], **QUICK)
    await _sale_on_catalog(window)
    await until(lambda: window.overlay.asking, what="the are-you-there question")
    await on_screen(window, "attract", timeout=5)
    assert not window.flow.has_sale
    assert not window.overlay.asking


async def test_a_touch_keeps_the_guest_where_they_were(make_kiosk: KioskFactory) -> None:
    window = await make_kiosk(screens=[AttractScreen], idle_after_ms=200, countdown_s=30)
    await _sale_on_catalog(window)
    await until(lambda: window.overlay.asking)
    window.overlay.dismiss()
    assert window.router.current.name == "catalog"
    assert window.flow.has_sale


async def test_idle_never_fires_on_attract(make_kiosk: KioskFactory) -> None:
    window = await make_kiosk(screens=[AttractScreen])
    for _ in range(3):
        idle_wait_runs_out(window)
    assert not window.overlay.asking
    assert window.router.current.name == "attract"
    await _sale_on_catalog(window)  # the same wait running out off attract does ask
    idle_wait_runs_out(window)
    assert window.overlay.asking


async def test_idle_never_resets_while_a_card_is_awaited(make_kiosk: KioskFactory) -> None:
    window = await make_kiosk(screens=[AttractScreen])
    await _sale_on_catalog(window)
    sale = window.flow.sale
    found = await sale.find_guests(phone=JAMES_PHONE)
    await sale.choose_guest(found[0].guest_id)
    await sale.accept_terms("terms")
    await sale.create_invoice()
    window.router.go(routes.Payment())
    payment = asyncio.ensure_future(sale.pay_by_card())
    await wait_for_state(sale, SaleState.AWAITING_CARD)
    for _ in range(3):  # several idle periods pass while the reader waits for a card
        idle_wait_runs_out(window)
    assert not window.overlay.asking
    assert window.router.current.name == "payment"
    assert window.reset() is False  # a reset is refused outright, too
    sale.cancel_payment()
    await payment
    idle_wait_runs_out(window)
    assert window.overlay.asking  # the question once the payment ended
