"""A way out of every screen: a decline can be cancelled, the invoice has Back, and an unknown
outcome holds the guest only so long — then a reference to the desk, which staff can look up."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from kiosk.commands.scripted_guest import (
    accept_terms,
    choose,
    identify_returning_guest,
    pay_by_card,
    tap,
)
from kiosk.domain.reference import qr_payload, spoken
from kiosk.domain.sale import SaleState
from kiosk.ui import routes
from kiosk.ui.screens.payment import PaymentScreen
from kiosk.ui.screens.payment_states import Stage
from kiosk.ui.screens.staff_lookup import StaffLookupScreen
from kiosk.ui.screens.terms import TermsScreen
from kiosk.ui.window import KioskWindow
from tests.support.sandbox_process import SandboxProcess
from tests.support.selling import FAST, sandbox_config
from tests.ui.conftest import on_screen, until
from tests.ui.custom_kiosk import kiosk_on

pytestmark = [pytest.mark.asyncio, pytest.mark.sandbox]

JAMES = "9175550199"


async def test_a_declined_card_can_be_cancelled_and_nothing_is_left_owed(
    kiosk: KioskWindow,
) -> None:
    await choose(kiosk, "Serenity 3-Month Pass")
    await identify_returning_guest(kiosk, JAMES)
    await accept_terms(kiosk)
    await pay_by_card(kiosk, "Decline")
    await tap(kiosk, "Try another card", timeout=15)  # the declined page is up
    sale = kiosk.flow.sale
    await until(lambda: sale.state is SaleState.DECLINED, what="the decline, at rest")
    await tap(kiosk, "Cancel and start over")
    await on_screen(kiosk, "attract")
    await until(lambda: sale.state is SaleState.CANCELLED, what="the invoice emptied")


async def test_the_invoice_has_back_to_the_accepted_terms(kiosk: KioskWindow) -> None:
    await choose(kiosk, "Glow Monthly")
    await identify_returning_guest(kiosk, JAMES)
    await accept_terms(kiosk)
    await tap(kiosk, "Back")
    terms = await on_screen(kiosk, "terms")
    assert isinstance(terms, TermsScreen)
    assert terms.hint.text() == "You accepted these terms"
    assert not terms.signing.isVisibleTo(terms)  # not signed twice
    await tap(kiosk, "Continue to your invoice")
    await on_screen(kiosk, "review")
    assert kiosk.flow.sale.state is SaleState.INVOICE_READY


async def test_an_unknown_outcome_releases_the_guest_to_the_desk_and_staff_find_the_reference(
    sandbox: SandboxProcess, tmp_path: Path
) -> None:
    # The reader's answer is lost and every read-back fails: the outcome stays unknown.
    sandbox.reader(next_process="timeout")
    for path in ("/stripe/v1/payment_intents/*", "/stripe/v1/terminal/readers/*"):
        sandbox.inject(method="GET", path=path, kind="status", status=503, count=1000)
    deadlines = replace(FAST, reconcile=60.0, guest_waits=0.5)
    async with kiosk_on(sandbox_config(sandbox, tmp_path, deadlines), staff=False) as kiosk:
        await choose(kiosk, "Serenity 3-Month Pass")
        await identify_returning_guest(kiosk, JAMES)
        await accept_terms(kiosk)
        await pay_by_card(kiosk)
        screen = kiosk.router.current
        assert isinstance(screen, PaymentScreen)
        await until(lambda: screen.stage is Stage.CHECKING, timeout=20, what="checking")
        assert screen.waiting_page.spinner.isVisible()
        assert screen.waiting_page.spinner.turning
        # After the guest's wait: to the desk with a reference, while the check goes on.
        await until(lambda: screen.stage is Stage.RELEASED, timeout=10, what="the release")
        sale = kiosk.flow.sale
        page = screen.staff_page
        assert page.status.text() == "We're still confirming your payment"
        assert page.qr.payload == qr_payload(sale.id)
        assert spoken(sale.id) in page.reference.text()
        await tap(kiosk, "Done")
        await on_screen(kiosk, "attract")
        assert not kiosk.flow.has_sale
        cases = await kiosk.flow.back_office.needs_staff()
        assert [c.reason for c in cases if c.record.id == sale.id] == [
            "being checked: the payment's outcome is not known yet"
        ]
        # Staff unlocking the kiosk see it waiting: a badge on the staff bar.
        kiosk.flow.staff.begin("Sandbox staff")
        menu = kiosk.staff_bar.menu_button
        await until(lambda: menu.text() == "Staff menu · 1 waiting", what="the staff bar's badge")
        # The processor answers again: nothing was taken, the sale is given up on its own.
        sandbox.clear_faults()
        await until(lambda: sale.state is SaleState.CANCELLED, timeout=30, what="cancelled")

        # Staff scan the guest's QR code (a scanner types it, then Enter) — or type the code,
        # or pick it from today's sales.
        kiosk.router.go(routes.StaffLookup())
        lookup = await on_screen(kiosk, "staff_lookup")
        assert isinstance(lookup, StaffLookupScreen)
        lookup.field.setFocus()
        QTest.keyClicks(lookup.field, qr_payload(sale.id))
        QTest.keyClick(lookup.field, Qt.Key.Key_Return)
        expected = f"{spoken(sale.id)}: Cancelled — not charged"
        await until(lambda: lookup.found.text() == expected, what="the outcome")
        lookup.field.setText(spoken(sale.id).lower())
        lookup.found.clear()
        await tap(kiosk, "Find")
        await until(lambda: lookup.found.text() == expected, what="the typed code's outcome")
        await until(lambda: bool(lookup.history.buttons), what="the sale's history")
        assert any("guest sent to the desk" in b.text() for b in lookup.history.buttons.values()), (
            "the release is in the sale's history"
        )
        await until(lambda: sale.id in lookup.today.buttons, what="today's sales")
        lookup.found.clear()
        lookup.today.buttons[sale.id].click()
        assert lookup.found.text() == expected
