"""The journal fails under a guest at the reader: they see the safe screen — "Payment received",
with their reference and its QR code — never "Tap your card" past every deadline; the kiosk
shows "out of order" instead of attract until the journal writes, then sells again."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel

from kiosk.checkout.journal import Journal
from kiosk.checkout.journal_health import Paid
from kiosk.commands.scripted_guest import (
    _matching,
    accept_terms,
    choose,
    identify_returning_guest,
    membership_cards,
    on_screen,
    pay_by_card,
    tap,
    touch,
    until,
)
from kiosk.domain.reference import qr_payload, spoken
from kiosk.domain.sale import SaleState
from kiosk.ui import routes
from kiosk.ui.i18n import translator
from kiosk.ui.screens.out_of_order import OutOfOrderScreen
from kiosk.ui.widgets.qr_view import QRView
from kiosk.ui.window import KioskWindow
from tests.support.machine import FullDisk
from tests.ui.test_whole_sales import JAMES

pytestmark = [pytest.mark.asyncio, pytest.mark.sandbox]

SHOTS = Path(__file__).resolve().parents[2] / "build" / "screens"


def _texts(window: KioskWindow) -> str:
    return " ".join(label.text() for label in window.router.current.findChildren(QLabel))


async def _settled() -> None:
    """Past the screen's fade, for a picture of what the guest reads."""
    await asyncio.sleep(0.3)


def _journal(window: KioskWindow) -> Journal:
    journal = window.flow.engine.staff._parts.journal
    assert isinstance(journal, Journal)
    return journal


async def test_a_guest_paying_when_the_journal_fails_sees_payment_received_with_a_reference(
    kiosk: KioskWindow, caplog: pytest.LogCaptureFixture
) -> None:
    kiosk.flow.engine.journal_watch.retry_every_s = 0.2
    disk = FullDisk()
    _journal(kiosk).inject(disk)
    await choose(kiosk, "Serenity 3-Month Pass")
    await identify_returning_guest(kiosk, JAMES)
    await accept_terms(kiosk)
    await pay_by_card(kiosk)
    await until(
        lambda: kiosk.flow.view is not None and kiosk.flow.view.state is SaleState.AWAITING_CARD, 15
    )
    sale_id = kiosk.flow.sale.id
    disk.full = True  # the disk fills just as the guest taps their card
    await tap(kiosk, "Approve", timeout=15)

    screen = await on_screen(kiosk, routes.OutOfOrder.name, timeout=15)
    await until(lambda: "Payment received" in _texts(kiosk), 15)
    assert isinstance(screen, OutOfOrderScreen)
    assert f"Reference {spoken(sale_id)}" in _texts(kiosk)
    assert [qr.payload for qr in screen.findChildren(QRView)] == [qr_payload(sale_id)]
    assert kiosk.flow.journal.sale(sale_id).paid is Paid.YES
    assert not kiosk.flow.has_sale  # set aside: no step of it runs from this screen
    await until(lambda: all(qr.modules > 0 for qr in screen.findChildren(QRView)), 10)
    await _settled()
    SHOTS.mkdir(parents=True, exist_ok=True)
    kiosk.grab().save(str(SHOTS / "out-of-order-paid.png"))

    # Nothing of a guest starts while out of order: a reset lands here again, not on attract.
    assert kiosk.reset()
    assert kiosk.router.current.name == routes.OutOfOrder.name
    assert "out of order" in _texts(kiosk)
    await _settled()
    kiosk.grab().save(str(SHOTS / "out-of-order-attract.png"))
    for language, words in (("es", "fuera de servicio"), ("ar", "معطّل")):
        translator.set_language(language)
        assert words in _texts(kiosk)
        await _settled()
        kiosk.grab().save(str(SHOTS / f"out-of-order-attract-{language}.png"))
    translator.set_language("en")

    disk.full = False  # space freed: the kiosk writes what it held, finishes the sale, sells
    await on_screen(kiosk, routes.Attract.name, timeout=20)
    record = await _journal(kiosk).get(sale_id)
    assert record.state is SaleState.COMPLETED
    alarms = [
        r.getMessage()
        for r in caplog.get_records("call")
        if r.levelname != "INFO" and r.name == "kiosk.checkout"
    ]
    assert alarms, "the failure is logged for staff"
    assert all("journal" in alarm for alarm in alarms), alarms
    caplog.clear()


async def test_choosing_a_membership_on_an_unwritable_journal_shows_out_of_order(
    kiosk: KioskWindow, caplog: pytest.LogCaptureFixture
) -> None:
    kiosk.flow.engine.journal_watch.retry_every_s = 0.2
    await tap(kiosk, "Tap to start")
    catalog = await on_screen(kiosk, routes.Catalog.name)
    await until(lambda: bool(membership_cards(catalog)), what="the cards")
    touch(_matching(membership_cards(catalog)[0], "See details", True)[0])
    await on_screen(kiosk, routes.Membership.name)
    disk = FullDisk(full=True)  # the journal file cannot be written: every sale would fail
    _journal(kiosk).inject(disk)
    await tap(kiosk, "Choose this membership")
    await on_screen(kiosk, routes.OutOfOrder.name, timeout=15)
    assert "out of order" in _texts(kiosk)
    assert kiosk.flow.journal.held == ()  # nothing was started, nothing is held
    disk.full = False
    await on_screen(kiosk, routes.Attract.name, timeout=20)
    caplog.clear()
