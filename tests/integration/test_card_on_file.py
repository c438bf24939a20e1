"""A card on file is part of a recurring sale: verified in the guest's saved cards with Zenoti,
skipped only into "card needed", which staff see in their queue and in reconciliation."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import date
from pathlib import Path

import httpx
import pytest

from kiosk.checkout.engine import SaleEngine
from kiosk.checkout.reconcile import Category
from kiosk.checkout.sale import Sale
from kiosk.checkout.view import Problem, SaleView
from kiosk.domain.sale import SaleState
from kiosk.simulation.driving import wait_for_state
from tests.support.sandbox_process import SandboxProcess
from tests.support.selling import (
    APPROVE,
    FAST,
    MAYA_PHONE,
    engine_for,
    membership,
    pay_with_card,
    sale_ready_to_pay,
    sandbox_config,
)

pytestmark = [pytest.mark.asyncio, pytest.mark.sandbox]

STAFF = "Sandbox staff"


async def test_a_guest_with_a_card_on_file_needs_no_card_step(
    sandbox: SandboxProcess, tmp_path: Path
) -> None:
    async with engine_for(sandbox_config(sandbox, tmp_path)) as engine:
        # Maya saved a Visa ending 4242 with Zenoti before (the seed). Her number is her
        # family's too: she picks herself among the masked candidates.
        glow = await membership(engine, "GLOWMONTHL")
        sale = await engine.start_sale([glow.id])
        found = await sale.find_guests(phone=MAYA_PHONE)
        maya = next(c for c in found if c.masked_name.startswith("M"))
        await sale.choose_guest(maya.guest_id)
        await sale.accept_terms(glow.terms, b"signature")
        await sale.create_invoice()
        view = await pay_with_card(sale)
    assert view.state is SaleState.COMPLETED
    assert view.receipt is not None
    assert view.receipt.card_saved
    assert view.receipt.saved_card_last_four == "4242"


async def test_a_skipped_card_is_card_needed_for_staff_and_the_days_reconciliation(
    sandbox: SandboxProcess, tmp_path: Path
) -> None:
    async with engine_for(sandbox_config(sandbox, tmp_path)) as engine:
        sale = await paid_without_a_card(engine)
        saving, shown = await page_shown(sale)
        assert "/add-card/" in shown.add_card_uri
        sale.skip_card()
        view = await saving
        assert view.state is SaleState.CARD_NEEDED
        assert view.add_card_uri is None
        cases = await engine.staff.needs_staff()
        case = next(c for c in cases if c.record.id == sale.id)
        assert case.actionable
        assert case.reason.startswith("card needed")
        rows = (await engine.staff.reconcile(date.today())).rows
        assert any(r.category is Category.CARD_NEEDED and r.sale_id == sale.id for r in rows)
        # The guest saves a card at the desk later; a staff re-check finds it and finishes.
        guest_id = sale._record.guest_id
        assert guest_id is not None
        sandbox_client = engine._parts.zenoti
        page = await sandbox_client.start_add_card(guest_id, engine.settings.center_id, "x:/")
        await _type_card(page.uri)
        after = await engine.staff.recheck(STAFF, sale.id)
    assert after.state is SaleState.COMPLETED


async def test_leaving_the_add_card_page_reads_the_saved_cards_once_more(
    sandbox: SandboxProcess, tmp_path: Path
) -> None:
    async with engine_for(sandbox_config(sandbox, tmp_path)) as engine:
        sale = await paid_without_a_card(engine)
        saving, shown = await page_shown(sale)
        assert shown.add_card_uri is not None
        await _type_card(shown.add_card_uri)  # saved on the phone just as the guest walks off
        view = await sale.abandon()
        await saving
    assert view.state is SaleState.COMPLETED


async def test_a_card_not_saved_in_time_is_card_needed_and_staff_can_resolve_it(
    sandbox: SandboxProcess, tmp_path: Path
) -> None:
    config = sandbox_config(sandbox, tmp_path, replace(FAST, saving_card=0.3))
    async with engine_for(config) as engine:
        sale = await paid_without_a_card(engine)
        view = await sale.save_card()
        assert view.state is SaleState.CARD_NEEDED
        resolved = await engine.staff.resolve(STAFF, sale.id, "guest will bring a card on Monday")
    assert resolved.state is SaleState.RESOLVED


async def test_no_add_card_page_leaves_card_needed_and_says_so(
    sandbox: SandboxProcess, tmp_path: Path
) -> None:
    async with engine_for(sandbox_config(sandbox, tmp_path)) as engine:
        sale = await paid_without_a_card(engine)
        sandbox.inject(method="POST", path="/v1/guests/*/accounts", kind="status", status=503)
        view = await sale.save_card()
    assert view.state is SaleState.CARD_NEEDED
    assert view.problem is Problem.SERVICE_UNAVAILABLE


async def test_a_crash_while_the_page_showed_is_settled_by_recovery(
    sandbox: SandboxProcess, tmp_path: Path
) -> None:
    config = sandbox_config(sandbox, tmp_path)
    async with engine_for(config) as engine:
        sale = await paid_without_a_card(engine)
        saving, shown = await page_shown(sale)
        saving.cancel()  # the kiosk dies with the page on screen
        assert shown.add_card_uri is not None
        await _type_card(shown.add_card_uri)
    async with engine_for(config) as restarted:
        report = await restarted.recover()
        record = await restarted._parts.journal.get(sale.id)
    assert record.state is SaleState.COMPLETED
    assert report.outcomes["completed"] == 1


async def test_recovery_leaves_card_needed_sales_to_staff(
    sandbox: SandboxProcess, tmp_path: Path
) -> None:
    config = sandbox_config(sandbox, tmp_path)
    async with engine_for(config) as engine:
        sale = await paid_without_a_card(engine)
    async with engine_for(config) as restarted:
        report = await restarted.recover()
        record = await restarted._parts.journal.get(sale.id)
    assert record.state is SaleState.CARD_NEEDED
    assert report.total == 0  # not read again at every start: staff chase it


async def paid_without_a_card(engine: SaleEngine) -> Sale:
    """Glow Monthly paid by James, who has no card saved with Zenoti: CARD_NEEDED."""
    sale = await sale_ready_to_pay(engine, code="GLOWMONTHL")
    assert (await pay_with_card(sale)).state is SaleState.CARD_NEEDED
    return sale


async def page_shown(sale: Sale) -> tuple[asyncio.Future[SaleView], SaleView]:
    """The card step under way, and the view that shows Zenoti's add-card page."""
    saving = asyncio.ensure_future(sale.save_card())
    shown = await wait_for_state(sale, SaleState.SAVING_CARD)
    assert shown.add_card_uri is not None
    return saving, shown


async def _type_card(uri: str) -> None:
    """Type a card into Zenoti's add-card page, as the guest's phone does."""
    async with httpx.AsyncClient(timeout=10.0) as phone:
        answer = await phone.post(uri, data={"number": APPROVE, "expiry": "12/39", "cvc": "123"})
        answer.raise_for_status()
