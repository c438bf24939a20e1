"""The idle reset: it asks, counts down, resets — never on attract, never during a payment."""

from __future__ import annotations

import asyncio

import pytest

from kiosk.domain.sale import SaleState
from kiosk.simulation.driving import wait_for_state
from kiosk.ui.screens.attract import AttractScreen
from kiosk.ui.window import KioskWindow
from tests.support.selling import JAMES_PHONE
from tests.ui.conftest import KioskFactory, on_screen, until

pytestmark = [pytest.mark.asyncio, pytest.mark.sandbox]

QUICK = {"idle_after_ms": 200, "countdown_s": 1}


async def _sale_on_catalog(window: KioskWindow) -> None:
    catalog = await window.flow.catalogue()
    await window.flow.begin([next(m for m in catalog if m.code == "SERENITY3").id])
    window.router.go("catalog")


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
    window = await make_kiosk(screens=[AttractScreen], **QUICK)
    await asyncio.sleep(0.8)
    assert not window.overlay.asking
    assert window.router.current.name == "attract"


async def test_idle_never_resets_while_a_card_is_awaited(make_kiosk: KioskFactory) -> None:
    window = await make_kiosk(screens=[AttractScreen], **QUICK)
    await _sale_on_catalog(window)
    sale = window.flow.sale
    found = await sale.find_guests(phone=JAMES_PHONE)
    await sale.choose_guest(found[0].guest_id)
    await sale.accept_terms("terms")
    await sale.create_invoice()
    window.router.go("payment")
    payment = asyncio.ensure_future(sale.pay_by_card())
    await wait_for_state(sale, SaleState.AWAITING_CARD)
    await asyncio.sleep(1.0)  # several idle periods pass while the reader waits for a card
    assert not window.overlay.asking
    assert window.router.current.name == "payment"
    assert window.reset() is False  # a reset is refused outright, too
    sale.cancel_payment()
    await payment
    await until(lambda: window.overlay.asking, what="the question once the payment ended")
