"""The staff screens against the sandbox: an assisted sale, an open invoice, the queue."""

from __future__ import annotations

import pytest

from kiosk.commands.scripted_guest import read_the_terms, tap
from kiosk.domain.sale import SaleState
from kiosk.ui import routes
from kiosk.ui.screens.payment import PaymentScreen
from kiosk.ui.screens.staff_memberships import NOT_ON_THIS_INVOICE, StaffMembershipsScreen
from kiosk.ui.screens.staff_queue import StaffQueueScreen
from kiosk.ui.window import KioskWindow
from tests.support.sandbox_client import new_invoice, zenoti_client
from tests.support.sandbox_process import SandboxProcess
from tests.support.selling import pay_with_card, sale_ready_to_pay
from tests.ui.conftest import KioskFactory, on_screen, until
from tests.ui.test_staff_mode import unlock

pytestmark = [pytest.mark.asyncio, pytest.mark.sandbox]


async def _staff_kiosk(make_kiosk: KioskFactory) -> KioskWindow:
    window: KioskWindow = await make_kiosk(profile="tablet")
    await unlock(window)
    await on_screen(window, "staff_home")
    return window


async def _memberships(window: KioskWindow) -> StaffMembershipsScreen:
    screen = await on_screen(window, "staff_memberships")
    assert isinstance(screen, StaffMembershipsScreen)
    await until(lambda: bool(screen.list.buttons), what="the memberships")
    return screen


async def test_an_assisted_cash_sale_of_two_memberships_for_a_searched_guest(
    make_kiosk: KioskFactory,
) -> None:
    window = await _staff_kiosk(make_kiosk)
    await tap(window, "New sale")
    guests = await on_screen(window, "staff_guests")
    guests.query.setText("Whitaker")  # type: ignore[attr-defined]
    await tap(window, "Search")
    await tap(window, "James Whitaker", exact=False)
    screen = await _memberships(window)
    catalog = await window.flow.catalogue()
    once = [m for m in catalog if not m.is_recurring][:2]
    recurring = next(m for m in catalog if m.is_recurring)
    screen.list.buttons[once[0].id].click()
    # The rule is said before anything is asked: no recurring one beside a chosen membership.
    assert not screen.list.buttons[recurring.id].isEnabled()
    screen.list.buttons[once[1].id].click()
    await tap(window, "Continue")
    await on_screen(window, "terms", timeout=15)
    await read_the_terms(window)
    await tap(window, "I accept the terms")
    await on_screen(window, "review", timeout=15)
    await tap(window, "Pay", exact=False)
    payment = await on_screen(window, "payment")
    assert isinstance(payment, PaymentScreen)
    assert payment.cash_button is not None
    await until(lambda: payment.cash_button.isVisible(), what="cash offered to staff")  # type: ignore[union-attr]
    sale = window.flow.sale
    payment.cash_button.click()
    await until(lambda: sale.state is SaleState.COMPLETED, timeout=20, what="the sale completed")
    assert sorted(m.id for m in sale.view.memberships) == sorted(m.id for m in once)
    await on_screen(window, "receipt", timeout=15)


async def test_a_recurring_membership_is_refused_on_an_open_invoice_before_zenoti_is_asked(
    make_kiosk: KioskFactory, sandbox: SandboxProcess
) -> None:
    window = await _staff_kiosk(make_kiosk)
    catalog = await window.flow.catalogue()
    prepaid = [m for m in catalog if not m.is_recurring]
    with zenoti_client(sandbox) as client:
        invoice_id = new_invoice(client, sandbox, [prepaid[0].id])
    await tap(window, "Add to an open invoice")
    invoices = await on_screen(window, "staff_invoices")
    await until(lambda: invoice_id in invoices.list.buttons, what="the open invoice")  # type: ignore[attr-defined]
    invoices.list.buttons[invoice_id].click()  # type: ignore[attr-defined]
    screen = await _memberships(window)
    recurring = [m for m in catalog if m.is_recurring]
    assert recurring
    for membership in recurring:
        assert not screen.list.buttons[membership.id].isEnabled()
    assert screen.rule.text() == NOT_ON_THIS_INVOICE
    added = [r for r in sandbox.requests() if r["path"].endswith(f"{invoice_id}/memberships")]
    assert added == []  # said before trying: Zenoti was never asked
    # A membership that is paid once goes on it, and the whole invoice is reviewed.
    screen.list.buttons[prepaid[1].id].click()
    await tap(window, "Continue")
    await on_screen(window, "review", timeout=15)
    assert window.flow.sale.view.invoice is not None
    assert len(window.flow.sale.view.invoice.items) == 2


async def test_a_needs_staff_sale_is_resolved_with_a_note(
    make_kiosk: KioskFactory, sandbox: SandboxProcess, caplog: pytest.LogCaptureFixture
) -> None:
    window = await _staff_kiosk(make_kiosk)
    engine = window.flow.engine
    sandbox.inject(
        method="POST", path="/v1/invoices/*/payment/custom", kind="status", status=503, count=1000
    )
    sale = await sale_ready_to_pay(engine)
    assert (await pay_with_card(sale)).state is SaleState.NEEDS_STAFF
    caplog.clear()
    window.router.go(routes.StaffHome())
    await until(lambda: "(1)" in window.router.current.tiles["staff_queue"].text(), what="count")  # type: ignore[attr-defined]
    await tap(window, "Needs staff (1)")
    queue = await on_screen(window, "staff_queue")
    assert isinstance(queue, StaffQueueScreen)
    await until(lambda: sale.id in queue.list.buttons, what="the case")
    assert "not recorded in Zenoti" in queue.list.buttons[sale.id].text()
    queue.list.buttons[sale.id].click()
    await tap(window, "Resolve")
    assert queue.status.text() == "Write a note first: it is required"  # nothing without a note
    queue.note.setText("Took the payment at the desk, Zenoti fixed by hand")
    await tap(window, "Resolve")
    await until(lambda: "resolved" in queue.status.text(), timeout=15, what="resolved")
    record = await engine.staff.audit_log()
    assert any(e.action.startswith("resolved") or e.sale_id == sale.id for e in record)
    assert await engine.staff.needs_staff() == []
    caplog.clear()
