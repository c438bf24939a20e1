"""Health first: with Zenoti away the attract screen says sales are paused and takes no guest;
with the card reader away it says the guest can still pay on the phone — before anyone starts."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio

from kiosk.checkout.health import HealthProbe
from kiosk.commands.scripted_guest import accept_terms, choose, identify_returning_guest, tap
from kiosk.ui import routes
from kiosk.ui.asyncbridge import stop_ui_tasks
from kiosk.ui.screens.attract import AttractScreen
from kiosk.ui.screens.payment import PaymentScreen
from kiosk.ui.window import KioskWindow
from kiosk.zenoti.auth import ApiKeyAuth
from kiosk.zenoti.client import ZenotiClient
from tests.support.sandbox_process import SandboxProcess
from tests.ui.conftest import on_screen, until

pytestmark = [pytest.mark.asyncio, pytest.mark.sandbox]

PAUSED = "Sales are paused for a moment — please see the front desk"
PHONE_ONLY = "The card reader is offline: you can still join and pay on your phone"


@pytest_asyncio.fixture
async def kiosk(kiosk: KioskWindow) -> AsyncIterator[KioskWindow]:
    """The whole kiosk, whose attract screen stops looking (and its look ends) with the test."""
    yield kiosk
    kiosk.flow.watch_health = False
    await stop_ui_tasks()


async def attract_watching(kiosk: KioskWindow) -> AttractScreen:
    """The attract screen, looking again now and every tenth of a second while in trouble."""
    attract = kiosk.router.screen("attract")
    assert isinstance(attract, AttractScreen)
    kiosk.flow.watch_health = True
    attract.trouble_every_s = attract.healthy_every_s = 0.1
    kiosk.router.go(routes.Attract())  # entering looks again (the last look is past due)
    return attract


async def test_with_zenoti_away_sales_are_paused_before_anyone_starts(
    kiosk: KioskWindow, sandbox: SandboxProcess
) -> None:
    center = f"/v1/centers/{sandbox.center_id}"
    sandbox.inject(method="GET", path=center, kind="status", status=503, count=100_000)
    attract = await attract_watching(kiosk)
    await until(lambda: attract.trouble.text() == PAUSED, timeout=20, what="sales paused")
    assert not attract.start_button.isVisible()  # nothing to start: no invitation to
    assert kiosk.banner.isVisible()  # on every screen: "Reconnecting to our booking system…"
    attract.start()  # a tap anywhere starts nothing
    assert kiosk.router.current is attract
    sandbox.clear_faults()
    await until(lambda: attract.start_button.isEnabled(), timeout=20, what="sales again")
    assert not attract.trouble.isVisible()
    assert not kiosk.banner.isVisible()


async def test_with_the_reader_away_the_guest_is_told_to_pay_on_the_phone(
    kiosk: KioskWindow, sandbox: SandboxProcess
) -> None:
    sandbox.reader(online=False)
    attract = await attract_watching(kiosk)
    await until(lambda: attract.trouble.text() == PHONE_ONLY, timeout=20, what="phone only")
    assert attract.start_button.isEnabled()
    await choose(kiosk, "Serenity 3-Month Pass")
    await identify_returning_guest(kiosk, "9175550199")
    await accept_terms(kiosk)
    await tap(kiosk, "Pay", exact=False)
    payment = await on_screen(kiosk, "payment")
    assert isinstance(payment, PaymentScreen)
    assert not payment.card_button.isVisible()
    assert payment.phone_button.isVisible()
    assert payment.notice.text() == "The card reader is offline: please pay on your phone"


async def test_the_probe_says_zenoti_is_away_when_nothing_answers(
    sandbox: SandboxProcess, tmp_path: Path
) -> None:
    # A port nobody listens on (the sandbox's own, once it is not there, behaves the same).
    async with (
        ZenotiClient("http://127.0.0.1:9", ApiKeyAuth("key"), currency="USD") as nobody,
        ZenotiClient(sandbox.base_url, ApiKeyAuth(sandbox.api_key), currency="USD") as zenoti,
    ):
        away = await HealthProbe(nobody, sandbox.center_id, None, deadline=5.0).check()
        there = await HealthProbe(zenoti, sandbox.center_id, None).check()
    assert (away.zenoti, away.reader) == (False, None)
    assert (there.zenoti, there.reader) == (True, None)
