"""A journal written by an older kiosk still recovers: a pay-on-phone sale that version left
waiting in the card's states, with the hosted page's token in ``intent_id``, is settled by the
invoice alone after the upgrade — completed when the guest paid, emptied when they did not; and a
sale an older kiosk left where this one never does (back at the invoice after a decline, on its
way to cash) is emptied, its declined intent cancelled.
"""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import httpx
import pytest

from kiosk.checkout.journal import Journal, SaleRecord
from kiosk.config import KioskConfig
from kiosk.domain.sale import SaleState
from tests.support.sandbox_process import SandboxProcess
from tests.support.selling import (
    DECLINE,
    engine_for,
    pay_with_card,
    sale_ready_to_pay,
    sandbox_config,
    wait_for,
)

pytestmark = [pytest.mark.asyncio, pytest.mark.sandbox]


def _as_an_older_kiosk_wrote_it(path: Path) -> None:
    db = sqlite3.connect(path)
    try:
        db.execute(
            "UPDATE sales SET state = 'awaiting_card', intent_id = phone_token"
            " WHERE method = 'phone'"
        )
        db.execute("ALTER TABLE sales DROP COLUMN phone_token")
        db.execute("DROP TABLE IF EXISTS kiosk_meta")
        db.execute("PRAGMA user_version = 4")
        db.commit()
    finally:
        db.close()


async def _phone_sale_left_waiting(config: KioskConfig, *, paid: bool) -> str:
    async with engine_for(config) as engine:
        sale = await sale_ready_to_pay(engine)
        payment = asyncio.create_task(sale.pay_on_phone())
        waiting = await wait_for(sale, SaleState.AWAITING_PHONE)
        assert waiting.phone_payment_uri is not None
        if paid:
            async with httpx.AsyncClient() as phone:
                await phone.post(
                    waiting.phone_payment_uri,
                    data={"number": "4242 4242 4242 4242", "expiry": "12/30", "cvc": "123"},
                )
        payment.cancel()  # the kiosk dies while the page is still on its screen
        await asyncio.sleep(0.1)
        return sale.id


async def _recovered(config: KioskConfig, sale_id: str) -> SaleRecord:
    _as_an_older_kiosk_wrote_it(config.journal_path)
    async with engine_for(config) as restarted:
        await restarted.recover()
    journal = await Journal.open(config.journal_path)
    try:
        return await journal.get(sale_id)
    finally:
        await journal.close()


async def test_an_older_journals_phone_sale_paid_meanwhile_is_completed(
    sandbox: SandboxProcess, tmp_path: Path
) -> None:
    config = sandbox_config(sandbox, tmp_path)
    record = await _recovered(config, await _phone_sale_left_waiting(config, paid=True))
    assert record.state is SaleState.COMPLETED
    assert record.intent_id is None
    assert record.phone_token is not None
    invoice = next(i for i in sandbox.invoices() if i["id"] == record.invoice_id)
    assert invoice["is_closed"] is True
    assert len(invoice["transactions"]) == 1


async def test_an_older_journals_unpaid_phone_sale_is_emptied_not_charged(
    sandbox: SandboxProcess, tmp_path: Path
) -> None:
    config = sandbox_config(sandbox, tmp_path)
    record = await _recovered(config, await _phone_sale_left_waiting(config, paid=False))
    assert record.state is SaleState.CANCELLED
    invoice = next(i for i in sandbox.invoices() if i["id"] == record.invoice_id)
    assert invoice["transactions"] == []


async def test_an_older_journals_sale_between_a_decline_and_cash_is_emptied(
    sandbox: SandboxProcess, tmp_path: Path
) -> None:
    config = sandbox_config(sandbox, tmp_path)
    async with engine_for(config) as engine:
        sale = await sale_ready_to_pay(engine)
        assert (await pay_with_card(sale, DECLINE)).state is SaleState.DECLINED
    # Older kiosks took cash after a decline in two steps, back to the invoice first; one that
    # died in between left the sale there, still holding the declined card's intent.
    db = sqlite3.connect(config.journal_path)
    try:
        db.execute("UPDATE sales SET state = 'invoice_ready' WHERE id = ?", (sale.id,))
        db.commit()
    finally:
        db.close()
    async with engine_for(config) as restarted:
        await restarted.recover()
        record = await restarted._parts.journal.get(sale.id)
    assert record.state is SaleState.CANCELLED
    invoice = next(i for i in sandbox.invoices() if i["id"] == record.invoice_id)
    assert invoice["invoice_items"] == []
    [intent] = [i for i in sandbox.payment_intents() if i["id"] == record.intent_id]
    assert intent["status"] == "canceled"
