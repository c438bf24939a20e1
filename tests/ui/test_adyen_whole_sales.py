"""Whole sales through the real widgets on the sandbox's simulated Adyen terminal (``[reader]
kind = "adyen"``): the same screens, taps and outcomes as on the Stripe reader."""

from __future__ import annotations

import pytest

from kiosk.commands.scripted_guest import (
    accept_terms,
    choose,
    identify_returning_guest,
    on_screen,
    pay_by_card,
    tap,
)
from kiosk.domain.sale import SaleState
from kiosk.ui.window import KioskWindow
from tests.support.adyen_terminal import adyen_payments
from tests.support.sandbox_process import SandboxProcess

pytestmark = [pytest.mark.asyncio, pytest.mark.sandbox]

JAMES = "9175550199"  # a returning guest, stored with the country prefix


@pytest.fixture
def reader_kind() -> str:
    return "adyen"


async def test_a_returning_guest_buys_on_an_adyen_terminal(
    kiosk: KioskWindow, sandbox: SandboxProcess
) -> None:
    await choose(kiosk, "Serenity 3-Month Pass")
    await identify_returning_guest(kiosk, JAMES)
    await accept_terms(kiosk)
    await pay_by_card(kiosk, "Approve")
    await on_screen(kiosk, "receipt", timeout=20)
    view = kiosk.flow.view
    assert view is not None
    assert view.state is SaleState.COMPLETED
    (paid,) = [p for p in adyen_payments(sandbox) if p["status"] == "succeeded"]
    assert paid["metadata"]["sale_id"] == view.sale_id
    await tap(kiosk, "Done")
    await on_screen(kiosk, "attract")


async def test_a_declined_card_then_another_on_the_same_adyen_reference(
    kiosk: KioskWindow, sandbox: SandboxProcess
) -> None:
    await choose(kiosk, "Serenity 3-Month Pass")
    await identify_returning_guest(kiosk, JAMES)
    await accept_terms(kiosk)
    await pay_by_card(kiosk, "Decline")
    await tap(kiosk, "Try another card", timeout=15)
    await tap(kiosk, "Approve", timeout=15)
    await on_screen(kiosk, "receipt", timeout=20)
    view = kiosk.flow.view
    assert view is not None
    assert view.state is SaleState.COMPLETED
    payments = adyen_payments(sandbox)
    assert [p["status"] for p in payments] == ["refusal", "succeeded"]
    assert len({p["id"] for p in payments}) == 1  # one reference, two ServiceIDs
    assert len({p["service_id"] for p in payments}) == 2
