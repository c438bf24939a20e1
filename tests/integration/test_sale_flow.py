"""A guest's sale through the engine, against the sandbox: identify, register, invoice, pay by
card, phone or cash, walk away — and what Zenoti holds afterwards.
"""

from __future__ import annotations

import asyncio
from datetime import date
from pathlib import Path

import httpx
import pytest

from kiosk.checkout.errors import GuestFieldInvalid, MethodNotAllowed, SaleError
from kiosk.domain.guest import NewGuest, Phone
from kiosk.domain.sale import SaleState
from tests.support.sandbox_process import SandboxProcess
from tests.support.selling import (
    JAMES_PHONE,
    MAYA_PHONE,
    engine_for,
    membership,
    pay_with_card,
    sale_ready_to_pay,
    sandbox_config,
    wait_for,
)

pytestmark = [pytest.mark.asyncio, pytest.mark.sandbox]


def _zenoti_calls(sandbox: SandboxProcess) -> list[str]:
    return [
        f"{r['method']} {r['path']}" for r in sandbox.requests() if r["path"].startswith("/v1/")
    ]


async def test_a_returning_guests_sale_makes_at_most_six_zenoti_calls(
    sandbox: SandboxProcess, tmp_path: Path
) -> None:
    async with engine_for(sandbox_config(sandbox, tmp_path)) as engine:
        await engine.catalogue()
        sandbox.clear_requests()
        sale = await sale_ready_to_pay(engine)
        view = await pay_with_card(sale)
    assert view.state is SaleState.COMPLETED
    calls = _zenoti_calls(sandbox)
    assert len(calls) <= 6, calls
    assert any(call.endswith("/payment/custom") for call in calls)


async def test_a_family_phone_number_offers_masked_choices(
    sandbox: SandboxProcess, tmp_path: Path
) -> None:
    async with engine_for(sandbox_config(sandbox, tmp_path)) as engine:
        sale = await engine.start_sale([(await membership(engine, "SERENITY3")).id])
        candidates = await sale.find_guests(phone=MAYA_PHONE)
    assert len(candidates) == 2
    shown = " ".join(f"{c.masked_name} {c.masked_phone} {c.masked_email}" for c in candidates)
    for secret in ("Maya", "Daniel", "Okafor", "7185550142", "maya.okafor"):
        assert secret not in shown


async def test_a_number_stored_with_its_country_prefix_is_found(
    sandbox: SandboxProcess, tmp_path: Path
) -> None:
    async with engine_for(sandbox_config(sandbox, tmp_path)) as engine:
        sale = await engine.start_sale([(await membership(engine, "SERENITY3")).id])
        candidates = await sale.find_guests(phone=JAMES_PHONE)
    assert len(candidates) == 1
    assert candidates[0].masked_phone is not None
    assert candidates[0].masked_phone.endswith("0199")


async def test_tapping_twice_makes_one_invoice_and_one_payment(
    sandbox: SandboxProcess, tmp_path: Path
) -> None:
    async with engine_for(sandbox_config(sandbox, tmp_path)) as engine:
        chosen = await membership(engine, "SERENITY3")
        sale = await engine.start_sale([chosen.id])
        found = await sale.find_guests(phone=JAMES_PHONE)
        await sale.choose_guest(found[0].guest_id)
        await sale.accept_terms(chosen.terms)
        first, second = await asyncio.gather(sale.create_invoice(), sale.create_invoice())
        assert first.id == second.id
        payments = [asyncio.create_task(sale.pay_by_card()) for _ in range(2)]
        await wait_for(sale, SaleState.AWAITING_CARD)
        await sale.present_test_card("4242424242424242")
        views = await asyncio.gather(*payments)
    assert [v.state for v in views] == [SaleState.COMPLETED, SaleState.COMPLETED]
    mine = [i for i in sandbox.invoices() if i["guest"]["id"] == found[0].guest_id]
    assert len(mine) == 1
    assert len(mine[0]["transactions"]) == 1
    intents = [i for i in sandbox.payment_intents() if i["metadata"].get("sale_id") == sale.id]
    assert len(intents) == 1


async def test_walking_away_before_the_invoice_leaves_nothing_in_zenoti(
    sandbox: SandboxProcess, tmp_path: Path
) -> None:
    async with engine_for(sandbox_config(sandbox, tmp_path)) as engine:
        sale = await engine.start_sale([(await membership(engine, "SERENITY3")).id])
        found = await sale.find_guests(phone=JAMES_PHONE)
        await sale.choose_guest(found[0].guest_id)
        view = await sale.abandon()
        record = await engine._parts.journal.get(sale.id)
    assert view.state is SaleState.ABANDONED
    assert record.guest_id is None
    assert [i for i in sandbox.invoices() if i["guest"]["id"] == found[0].guest_id] == []


async def test_walking_away_after_the_invoice_empties_it(
    sandbox: SandboxProcess, tmp_path: Path
) -> None:
    async with engine_for(sandbox_config(sandbox, tmp_path)) as engine:
        sale = await sale_ready_to_pay(engine)
        invoice_id = sale.view.invoice.id  # type: ignore[union-attr]
        view = await sale.abandon()
    assert view.state is SaleState.CANCELLED
    invoice = next(i for i in sandbox.invoices() if i["id"] == invoice_id)
    assert invoice["invoice_items"] == []
    assert invoice["transactions"] == []


async def test_a_missing_mandatory_field_is_reported_by_name(
    sandbox: SandboxProcess, tmp_path: Path
) -> None:
    async with engine_for(sandbox_config(sandbox, tmp_path)) as engine:
        sale = await engine.start_sale([(await membership(engine, "SERENITY3")).id])
        with pytest.raises(GuestFieldInvalid) as refused:
            await sale.register_guest(
                NewGuest(first_name="Ana", last_name="Ruiz", phone=Phone(225, "3475550111"))
            )
    assert refused.value.field == "email"


async def test_a_new_guest_registers_and_buys(sandbox: SandboxProcess, tmp_path: Path) -> None:
    async with engine_for(sandbox_config(sandbox, tmp_path)) as engine:
        chosen = await membership(engine, "SERENITY6")
        sale = await engine.start_sale([chosen.id])
        await sale.register_guest(
            NewGuest(
                first_name="Ana",
                last_name="Ruiz",
                email="ana.ruiz@example.com",
                phone=Phone(225, "3475550111"),
                date_of_birth=date(1990, 5, 17),
            )
        )
        await sale.accept_terms(chosen.terms)
        invoice = await sale.create_invoice()
        view = await pay_with_card(sale)
    assert view.state is SaleState.COMPLETED
    assert view.receipt is not None
    assert view.receipt.amount_paid == invoice.dues.balance
    assert [e["invoice_id"] for e in sandbox.outbox()] == [invoice.id]


async def test_paying_on_the_phone_completes_when_the_hosted_page_is_paid(
    sandbox: SandboxProcess, tmp_path: Path
) -> None:
    async with engine_for(sandbox_config(sandbox, tmp_path)) as engine:
        sale = await sale_ready_to_pay(engine)
        payment = asyncio.create_task(sale.pay_on_phone())
        waiting = await wait_for(sale, SaleState.AWAITING_PHONE)
        assert waiting.phone_payment_uri is not None
        async with httpx.AsyncClient() as phone:
            paid = await phone.post(
                waiting.phone_payment_uri,
                data={"number": "4242 4242 4242 4242", "expiry": "12/30", "cvc": "123"},
            )
        assert paid.status_code == 200
        view = await payment
    assert view.state is SaleState.COMPLETED
    invoice = next(i for i in sandbox.invoices() if i["id"] == view.receipt.invoice_id)  # type: ignore[union-attr]
    assert invoice["is_closed"] is True
    assert len(invoice["transactions"]) == 1


async def test_cash_is_for_staff_only(sandbox: SandboxProcess, tmp_path: Path) -> None:
    async with engine_for(sandbox_config(sandbox, tmp_path)) as engine:
        sale = await sale_ready_to_pay(engine)
        with pytest.raises(MethodNotAllowed):
            await sale.pay_cash(staff_mode=False)
        view = await sale.pay_cash(staff_mode=True)
    assert view.state is SaleState.COMPLETED
    invoice = next(i for i in sandbox.invoices() if i["id"] == view.receipt.invoice_id)  # type: ignore[union-attr]
    assert [t["payment_option"]["payment_name"] for t in invoice["transactions"]] == ["Cash"]


async def test_a_recurring_membership_needs_a_signature_and_stands_alone(
    sandbox: SandboxProcess, tmp_path: Path
) -> None:
    async with engine_for(sandbox_config(sandbox, tmp_path)) as engine:
        monthly = await membership(engine, "GLOWMONTHL")
        prepaid = await membership(engine, "SERENITY3")
        with pytest.raises(SaleError, match="on its own"):
            await engine.start_sale([monthly.id, prepaid.id])
        sale = await engine.start_sale([monthly.id])
        found = await sale.find_guests(phone=JAMES_PHONE)
        await sale.choose_guest(found[0].guest_id)
        with pytest.raises(SaleError, match="signature"):
            await sale.accept_terms(monthly.terms)
