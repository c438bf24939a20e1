"""Offer codes through the engine, against the sandbox's campaigns: a code lowers Zenoti's invoice
and the card is charged the new balance; a refused code is a reason (never Zenoti's code) and
changes nothing; a lost answer is settled by reading the invoice, never by sending it again."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.checkout.errors import ServiceUnavailable, StepNotAllowed
from kiosk.checkout.offers import OfferRefusal, OfferRefused
from kiosk.domain.sale import SaleState
from tests.support.sandbox_process import SandboxProcess
from tests.support.selling import (
    DECLINE,
    engine_for,
    pay_with_card,
    sale_ready_to_pay,
    sandbox_config,
)

pytestmark = [pytest.mark.asyncio, pytest.mark.sandbox]

APPLY = "/v1/invoices/*/campaign_discount/apply"


def _applies(sandbox: SandboxProcess) -> int:
    return sum(1 for r in sandbox.requests() if r["path"].endswith("/campaign_discount/apply"))


async def test_an_offer_code_lowers_the_invoice_and_the_card_pays_the_new_balance(
    sandbox: SandboxProcess, tmp_path: Path
) -> None:
    async with engine_for(sandbox_config(sandbox, tmp_path)) as engine:
        sale = await sale_ready_to_pay(engine, "SERENITY3")
        before = sale.view.amount_due
        view = await sale.apply_offer_code(" welcome10 ")
        assert view.state is SaleState.INVOICE_READY
        assert view.invoice is not None
        [line] = view.invoice.items
        assert not line.discount.is_zero
        assert view.amount_due == view.invoice.dues.balance
        assert before is not None
        assert view.amount_due is not None
        assert view.amount_due < before
        paid = await pay_with_card(sale)
    assert paid.state is SaleState.COMPLETED
    assert paid.receipt is not None
    assert paid.receipt.amount_paid == view.amount_due
    [invoice] = [i for i in sandbox.invoices() if i["id"] == paid.receipt.invoice_id]
    assert invoice["is_closed"]
    assert invoice["invoice_dues"]["balance"] == 0
    [intent] = [i for i in sandbox.payment_intents() if i["metadata"].get("sale_id") == sale.id]
    assert intent["amount"] == view.amount_due.minor_units()


@pytest.mark.parametrize(
    ("membership", "code", "refusal"),
    [
        ("SERENITY3", "NOTACODE", OfferRefusal.NOT_FOUND),
        ("SERENITY3", "SUMMER24", OfferRefusal.NOT_FOUND),  # its campaign ended
        ("GLOWMONTHL", "SERENITY50", OfferRefusal.NOT_FOR_THIS),  # for another membership
        ("SERENITY3", "   ", OfferRefusal.NOT_FOUND),
    ],
)
async def test_a_refused_offer_code_is_a_reason_and_changes_nothing(
    sandbox: SandboxProcess, tmp_path: Path, membership: str, code: str, refusal: OfferRefusal
) -> None:
    async with engine_for(sandbox_config(sandbox, tmp_path)) as engine:
        sale = await sale_ready_to_pay(engine, membership)
        before = sale.view
        with pytest.raises(OfferRefused) as refused:
            await sale.apply_offer_code(code)
        after = sale.view
        paid = await pay_with_card(sale)
    assert refused.value.refusal is refusal
    assert after.amount_due == before.amount_due
    assert after.invoice == before.invoice
    assert paid.receipt is not None
    assert paid.receipt.amount_paid == before.amount_due


async def test_a_second_offer_code_is_refused_and_the_first_discount_stays(
    sandbox: SandboxProcess, tmp_path: Path
) -> None:
    async with engine_for(sandbox_config(sandbox, tmp_path)) as engine:
        sale = await sale_ready_to_pay(engine, "SERENITY6")
        first = await sale.apply_offer_code("SERENITY50")
        with pytest.raises(OfferRefused) as refused:
            await sale.apply_offer_code("WELCOME10")
    assert refused.value.refusal is OfferRefusal.ONE_ONLY
    assert sale.view.amount_due == first.amount_due


async def test_no_offer_code_once_a_payment_has_been_tried(
    sandbox: SandboxProcess, tmp_path: Path
) -> None:
    async with engine_for(sandbox_config(sandbox, tmp_path)) as engine:
        sale = await sale_ready_to_pay(engine, "SERENITY3")
        declined = await pay_with_card(sale, DECLINE)
        assert declined.state is SaleState.DECLINED
        with pytest.raises(StepNotAllowed):
            await sale.apply_offer_code("WELCOME10")
    assert _applies(sandbox) == 0


async def test_a_lost_answer_is_settled_by_reading_the_invoice_not_by_applying_again(
    sandbox: SandboxProcess, tmp_path: Path
) -> None:
    async with engine_for(sandbox_config(sandbox, tmp_path)) as engine:
        sale = await sale_ready_to_pay(engine, "SERENITY3")
        before = sale.view.amount_due
        sandbox.inject(method="POST", path=APPLY, kind="drop_after_commit")
        view = await sale.apply_offer_code("WELCOME10")
        paid = await pay_with_card(sale)
    assert _applies(sandbox) == 1
    assert view.amount_due is not None
    assert before is not None
    assert view.amount_due < before
    assert paid.receipt is not None
    assert paid.receipt.amount_paid == view.amount_due


async def test_a_lost_answer_that_changed_nothing_keeps_the_amount_and_lets_the_guest_retry(
    sandbox: SandboxProcess, tmp_path: Path
) -> None:
    async with engine_for(sandbox_config(sandbox, tmp_path)) as engine:
        sale = await sale_ready_to_pay(engine, "SERENITY3")
        before = sale.view.amount_due
        sandbox.inject(method="POST", path=APPLY, kind="drop")  # the answer lost, nothing done
        with pytest.raises(ServiceUnavailable):
            await sale.apply_offer_code("WELCOME10")
        assert sale.view.amount_due == before
        view = await sale.apply_offer_code("WELCOME10")  # the guest tries again: it applies
    assert view.amount_due is not None
    assert before is not None
    assert view.amount_due < before
