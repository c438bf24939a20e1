"""Staff mode's back office against the sandbox over HTTP: the needs-staff queue (re-check,
record by hand, resolve), receipts, guest search, and selling onto an open front-desk invoice.

Money is checked in the sandbox's own records (its invoices and intents), never only in what the
engine believes.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from kiosk.checkout.engine import SaleEngine
from kiosk.checkout.errors import SaleError
from kiosk.checkout.staff.access import Unlocked
from kiosk.checkout.staff.cases import hand_payment_reference
from kiosk.config import SANDBOX_STAFF_PIN
from kiosk.domain.money import Money
from kiosk.domain.sale import SaleState
from tests.support.sandbox_client import guest_id, new_invoice, zenoti_client
from tests.support.sandbox_process import SandboxProcess
from tests.support.selling import (
    engine_for,
    membership,
    pay_with_card,
    sale_ready_to_pay,
    sandbox_config,
)

pytestmark = [pytest.mark.asyncio, pytest.mark.sandbox]

WHO = "Sandbox staff"


def _invoice(sandbox: SandboxProcess, invoice_id: str) -> dict:
    return next(i for i in sandbox.invoices() if i["id"] == invoice_id)


async def _paid_but_not_recorded(sandbox: SandboxProcess, engine: SaleEngine) -> str:
    """A card sale the reader approved and Zenoti would not record: waiting for staff."""
    fault = sandbox.inject(
        method="POST", path="/v1/invoices/*/payment/custom", kind="status", status=503, count=1000
    )
    assert fault
    sale = await sale_ready_to_pay(engine)
    view = await pay_with_card(sale)
    assert view.state is SaleState.NEEDS_STAFF
    return sale.id


async def _nothing_known_taken(sandbox: SandboxProcess, engine: SaleEngine) -> str:
    """A card sale whose outcome could never be read: waiting for staff, no payment recorded."""
    sandbox.reader(next_process="timeout")
    for path in ("/stripe/v1/payment_intents/*", "/stripe/v1/terminal/readers/*"):
        sandbox.inject(method="GET", path=path, kind="status", status=503, count=1000)
    sale = await sale_ready_to_pay(engine)
    view = await sale.pay_by_card()
    assert view.state is SaleState.NEEDS_STAFF
    return sale.id


async def test_the_sandbox_pin_unlocks_the_sandbox_staff_member(
    sandbox: SandboxProcess, tmp_path: Path
) -> None:
    async with engine_for(sandbox_config(sandbox, tmp_path)) as engine:
        assert await engine.staff.access.unlock(SANDBOX_STAFF_PIN) == Unlocked(WHO)
        assert (await engine.staff.audit_log())[0].action == "unlocked staff mode"


async def test_a_paid_sale_waits_with_its_reason_and_a_recheck_settles_it_once(
    sandbox: SandboxProcess, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    async with engine_for(sandbox_config(sandbox, tmp_path)) as engine:
        sale_id = await _paid_but_not_recorded(sandbox, engine)
        [case] = await engine.staff.needs_staff()
        assert case.record.id == sale_id
        assert "not recorded in Zenoti" in case.reason
        assert case.events[-1].event == "needs staff"
        # Zenoti still refuses: the sale keeps waiting, with the reason of this attempt.
        still = await engine.staff.recheck(WHO, sale_id)
        assert still.state is SaleState.NEEDS_STAFF
        sandbox.clear_faults()
        done = await engine.staff.recheck(WHO, sale_id)
        assert done.state is SaleState.COMPLETED
        assert await engine.staff.needs_staff() == []
        with pytest.raises(SaleError, match="not waiting for staff"):
            await engine.staff.recheck(WHO, sale_id)
        audit = await engine.staff.audit_log()
    invoice = _invoice(sandbox, done.invoice_id or "")
    assert invoice["is_closed"] is True
    assert len(invoice["transactions"]) == 1
    intents = [i for i in sandbox.payment_intents() if i["metadata"].get("sale_id") == sale_id]
    assert [i["status"] for i in intents] == ["succeeded"]  # never refunded, never charged again
    rechecks = [e for e in audit if e.action == "re-checked a sale"]
    assert [e.detail["outcome"] for e in rechecks] == ["completed", "needs_staff"]
    assert all(e.who == WHO and e.sale_id == sale_id for e in rechecks)
    caplog.clear()


async def test_a_payment_taken_by_hand_is_recorded_once_and_closes_the_invoice(
    sandbox: SandboxProcess, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    config = sandbox_config(sandbox, tmp_path)
    cash = config.zenoti.payment_types.cash
    assert cash is not None
    async with engine_for(config) as engine:
        sale_id = await _nothing_known_taken(sandbox, engine)
        record = (await engine.staff.needs_staff())[0].record
        assert record.amount is not None
        due = Money(record.amount, record.currency or "")
        with pytest.raises(SaleError, match="note"):
            await engine.staff.record_payment(WHO, sale_id, cash, due, "  ")
        card_type = config.zenoti.payment_types.card_terminal
        with pytest.raises(SaleError, match="cash or another"):
            await engine.staff.record_payment(WHO, sale_id, card_type, due, "paid at the desk")
        done = await engine.staff.record_payment(WHO, sale_id, cash, due, "paid cash at the desk")
        assert done.state is SaleState.COMPLETED
        with pytest.raises(SaleError, match="not waiting"):
            await engine.staff.record_payment(WHO, sale_id, cash, due, "again")
        audit = await engine.staff.audit_log()
    invoice = _invoice(sandbox, done.invoice_id or "")
    assert invoice["is_closed"] is True
    [payment] = invoice["transactions"]
    assert payment["payment_option"]["additional_data"] == hand_payment_reference(sale_id)
    assert Decimal(str(payment["total_amount_paid"])) == due.amount
    entry = next(e for e in audit if e.action == "recorded a payment taken by hand")
    assert entry.detail["note"] == "paid cash at the desk"
    caplog.clear()


async def test_a_hand_payment_is_refused_when_the_reader_took_the_money(
    sandbox: SandboxProcess, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    config = sandbox_config(sandbox, tmp_path)
    async with engine_for(config) as engine:
        sale_id = await _paid_but_not_recorded(sandbox, engine)
        record = await engine.staff.recheck(WHO, sale_id)
        due = Money(record.amount or Decimal(0), record.currency or "")
        with pytest.raises(SaleError, match="re-check"):
            await engine.staff.record_payment(
                WHO, sale_id, config.zenoti.payment_types.cash or "", due, "cash too"
            )
    caplog.clear()


async def test_resolving_needs_a_note_and_touches_no_money(
    sandbox: SandboxProcess, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    async with engine_for(sandbox_config(sandbox, tmp_path)) as engine:
        sale_id = await _paid_but_not_recorded(sandbox, engine)
        with pytest.raises(SaleError, match="note"):
            await engine.staff.resolve(WHO, sale_id, "")
        sandbox.clear_requests()
        resolved = await engine.staff.resolve(WHO, sale_id, "refunded at the front desk")
        assert sandbox.requests() == []  # neither Zenoti nor the reader was asked anything
        assert resolved.state is SaleState.RESOLVED
        assert await engine.staff.needs_staff() == []
        assert (await engine.recover()).total == 0  # a resolved sale is final
        [entry, *_] = await engine.staff.audit_log()
    assert (entry.who, entry.action, entry.sale_id) == (WHO, "resolved a sale", sale_id)
    assert entry.detail["note"] == "refunded at the front desk"
    intents = [i for i in sandbox.payment_intents() if i["metadata"].get("sale_id") == sale_id]
    assert [i["status"] for i in intents] == ["succeeded"]
    caplog.clear()


async def test_receipts_of_recent_sales_can_be_sent_again_and_shown_again(
    sandbox: SandboxProcess, tmp_path: Path
) -> None:
    config = sandbox_config(sandbox, tmp_path)
    async with engine_for(config) as engine:
        first = await sale_ready_to_pay(engine)
        await pay_with_card(first)
        second = await sale_ready_to_pay(engine, code="SERENITY6")
        await pay_with_card(second)
        recent = await engine.staff.recent_sales()
        assert [r.id for r in recent] == [second.id, first.id]
        sent_before = len(sandbox.outbox())
        assert await engine.staff.resend_receipt(WHO, first.id) is True
        assert len(sandbox.outbox()) == sent_before + 1
        url = engine.staff.receipt_url(recent[1])
        audit = await engine.staff.audit_log()
    assert url is not None
    assert recent[1].invoice_id in url
    assert (audit[0].action, audit[0].sale_id) == ("resent the receipt email", first.id)


async def test_staff_find_any_guest_by_name_phone_or_email(
    sandbox: SandboxProcess, tmp_path: Path
) -> None:
    async with engine_for(sandbox_config(sandbox, tmp_path)) as engine:
        by_first = await engine.staff.find_guests("maya")
        assert by_first
        maya = by_first[0]
        by_full = await engine.staff.find_guests(f"{maya.first_name} {maya.last_name}")
        assert maya.id in [g.id for g in by_full]
        by_last = await engine.staff.find_guests(maya.last_name)
        assert maya.id in [g.id for g in by_last]
        assert maya.email
        assert maya.id in [g.id for g in await engine.staff.find_guests(maya.email)]
        by_phone = await engine.staff.find_guests("(718) 555-0142")
        assert maya.id in [g.id for g in by_phone]
        assert await engine.staff.find_guests("   ") == []


async def test_a_membership_joins_an_open_invoice_and_leaving_removes_only_its_line(
    sandbox: SandboxProcess, tmp_path: Path
) -> None:
    async with engine_for(sandbox_config(sandbox, tmp_path)) as engine:
        front_desk_item = await membership(engine, "SERENITY3")
        added = await membership(engine, "SERENITY6")
        with zenoti_client(sandbox) as client:
            invoice_id = new_invoice(client, sandbox, [front_desk_item.id])
            maya = guest_id(client, sandbox.center_id, "Maya")
        listed = await engine.staff.open_invoices()
        assert invoice_id in [i.id for i in listed]
        sale = await engine.staff.start_sale_on_invoice(WHO, invoice_id, maya, [added.id])
        assert sale.state is SaleState.INVOICE_READY
        held = _invoice(sandbox, invoice_id)
        assert len(held["invoice_items"]) == 2
        assert sale.view.amount_due is not None
        assert sale.view.amount_due.amount == Decimal(str(held["invoice_dues"]["balance"]))
        view = await sale.abandon()
        assert view.state is SaleState.CANCELLED
    [left] = _invoice(sandbox, invoice_id)["invoice_items"]
    assert left["id"] == front_desk_item.id


async def test_a_recurring_membership_is_refused_before_zenoti_is_asked(
    sandbox: SandboxProcess, tmp_path: Path
) -> None:
    async with engine_for(sandbox_config(sandbox, tmp_path)) as engine:
        catalog = await engine.catalogue()
        recurring = next(m for m in catalog if m.is_recurring)
        prepaid = await membership(engine, "SERENITY3")
        with zenoti_client(sandbox) as client:
            invoice_id = new_invoice(client, sandbox, [prepaid.id])
            maya = guest_id(client, sandbox.center_id, "Maya")
        await engine.staff.open_invoices()
        sandbox.clear_requests()
        alone = "a recurring membership must be alone on its invoice"
        with pytest.raises(SaleError, match=alone):
            await engine.staff.start_sale_on_invoice(WHO, invoice_id, maya, [recurring.id])
        with pytest.raises(SaleError, match=alone):
            await engine.staff.start_sale_on_invoice(
                WHO, invoice_id, maya, [recurring.id, prepaid.id]
            )
        assert sandbox.requests() == []
        assert await engine.staff.recent_sales() == []


async def test_a_hand_payment_zenoti_refused_is_recorded_later_with_the_type_staff_chose(
    sandbox: SandboxProcess, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    config = sandbox_config(sandbox, tmp_path)
    [(voucher, _)] = config.zenoti.payment_types.others
    async with engine_for(config) as engine:
        sale_id = await _nothing_known_taken(sandbox, engine)
        sandbox.clear_faults()
        sandbox.inject(
            method="POST", path="/v1/invoices/*/payment/custom", kind="status", status=503, count=50
        )
        record = (await engine.staff.needs_staff())[0].record
        due = Money(record.amount or Decimal(0), record.currency or "")
        waiting = await engine.staff.record_payment(WHO, sale_id, voucher, due, "gift voucher")
        assert waiting.state is SaleState.NEEDS_STAFF
        sandbox.clear_faults()
    # A restart: start-up recovery finishes it, with the voucher's type, not the card terminal's.
    async with engine_for(config) as engine:
        report = await engine.recover()
        assert report.outcomes == {"completed": 1}
    [payment] = _invoice(sandbox, waiting.invoice_id or "")["transactions"]
    assert payment["payment_option"]["id"] == voucher
    assert payment["payment_option"]["additional_data"] == hand_payment_reference(sale_id)
    caplog.clear()
