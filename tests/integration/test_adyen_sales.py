"""Whole sales through the sale engine on the sandbox's simulated Adyen terminal (``[reader]
kind = "adyen"``): the same states and money rules as on Stripe, the Adyen reference recorded in
Zenoti, a restart settled by reading Adyen back, and the day's reconciliation reading Adyen's side.
"""

from __future__ import annotations

import asyncio
from datetime import date
from pathlib import Path

import pytest

from kiosk.checkout.journal import Journal
from kiosk.checkout.reconcile import Category
from kiosk.config import KioskConfig, config_from_sandbox
from kiosk.domain.sale import SaleState
from tests.support.adyen_terminal import adyen_payments, present_card
from tests.support.sandbox_process import SandboxProcess
from tests.support.selling import (
    APPROVE,
    FAST,
    INSUFFICIENT_FUNDS,
    engine_for,
    pay_with_card,
    sale_ready_to_pay,
    wait_for,
)

pytestmark = [pytest.mark.sandbox]


def adyen_config(sandbox: SandboxProcess, tmp_path: Path) -> KioskConfig:
    config = config_from_sandbox(
        sandbox.base_url,
        sandbox.info(),
        journal_path=tmp_path / "journal.sqlite3",
        deadlines=FAST,
        reader_kind="adyen",
    )
    assert config.reader is not None
    assert config.reader.kind == "adyen"
    return config


def _recorded_references(sandbox: SandboxProcess, invoice_id: str) -> list[str]:
    invoice = next(i for i in sandbox.invoices() if i["id"] == invoice_id)
    return [
        t["payment_option"]["additional_data"]
        for t in invoice.get("transactions") or []
        if (t.get("payment_option") or {}).get("additional_data")
    ]


@pytest.mark.asyncio
async def test_a_card_sale_on_adyen_completes_with_the_adyen_reference_in_zenoti(
    sandbox: SandboxProcess, tmp_path: Path
) -> None:
    async with engine_for(adyen_config(sandbox, tmp_path)) as engine:
        sale = await sale_ready_to_pay(engine)
        view = await pay_with_card(sale, APPROVE)
    assert view.state is SaleState.COMPLETED
    (paid,) = [p for p in adyen_payments(sandbox) if p["status"] == "succeeded"]
    assert paid["metadata"]["sale_id"] == sale.id
    assert view.invoice is not None
    assert _recorded_references(sandbox, view.invoice.id) == [paid["id"]]


@pytest.mark.asyncio
async def test_a_decline_then_another_card_pays_once(
    sandbox: SandboxProcess, tmp_path: Path
) -> None:
    async with engine_for(adyen_config(sandbox, tmp_path)) as engine:
        sale = await sale_ready_to_pay(engine)
        declined = await pay_with_card(sale, INSUFFICIENT_FUNDS)
        paid = await pay_with_card(sale, APPROVE)
    assert declined.state is SaleState.DECLINED
    assert paid.state is SaleState.COMPLETED
    statuses = [p["status"] for p in adyen_payments(sandbox)]
    assert statuses == ["refusal", "succeeded"]


@pytest.mark.asyncio
async def test_a_kiosk_that_died_at_the_terminal_is_settled_by_reading_adyen_back(
    sandbox: SandboxProcess, tmp_path: Path
) -> None:
    """Rule 11: on start-up, before anything else, every unfinished sale is reconciled — here an
    Adyen payment the guest finished after the kiosk died with its /sync request open."""
    config = adyen_config(sandbox, tmp_path)
    async with engine_for(config) as engine:
        sale = await sale_ready_to_pay(engine)
        payment = asyncio.create_task(sale.pay_by_card())
        await wait_for(sale, SaleState.AWAITING_CARD)
        payment.cancel()  # the kiosk dies with the payment on the terminal
        sale_id = sale.id
    assert present_card(sandbox, APPROVE).status_code == 200  # the guest pays anyway
    async with engine_for(config) as restarted:
        report = await restarted.recover()
    assert report.outcomes["completed"] >= 1
    journal = await Journal.open(config.journal_path)
    try:
        record = await journal.get(sale_id)
    finally:
        await journal.close()
    assert record.state is SaleState.COMPLETED
    (succeeded,) = [p for p in adyen_payments(sandbox) if p["status"] == "succeeded"]
    assert _recorded_references(sandbox, record.invoice_id or "") == [succeeded["id"]]


@pytest.mark.asyncio
async def test_the_days_reconciliation_reads_adyens_side_attempt_by_attempt(
    sandbox: SandboxProcess, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    config = adyen_config(sandbox, tmp_path)
    async with engine_for(config) as engine:
        matched = await sale_ready_to_pay(engine)
        assert (await pay_with_card(matched, APPROVE)).state is SaleState.COMPLETED
        sandbox.inject(
            method="POST", path="/v1/invoices/*/payment/custom", kind="status", status=503,
            count=1000,
        )  # fmt: skip
        unrecorded = await sale_ready_to_pay(engine, code="SERENITY6")
        assert (await pay_with_card(unrecorded, APPROVE)).state is SaleState.NEEDS_STAFF
        sandbox.clear_faults()
    caplog.clear()  # the unrecorded sale was logged as needing staff
    async with engine_for(config) as engine:
        result = await engine.staff.reconcile(date.today())
    rows = {row.sale_id: row for row in result.rows}
    assert rows[matched.id].category is Category.MATCHED
    assert rows[unrecorded.id].category is Category.PAID_NOT_RECORDED
    taken = {p["id"] for p in adyen_payments(sandbox) if p["status"] == "succeeded"}
    assert {rows[matched.id].intent_id, rows[unrecorded.id].intent_id} == taken
