"""Printed receipts through the engine, on the sandbox's ESC/POS printer over loopback TCP: what
the ticket says (read back as the printer rendered it), and printer faults that never touch the
sale: it stays COMPLETED, staff are told, and the receipt can be printed again."""

from __future__ import annotations

import asyncio
import dataclasses
from pathlib import Path

import pytest
from PIL import Image

from kiosk.checkout.engine import SaleEngine
from kiosk.checkout.receipts import PrinterStatus
from kiosk.checkout.sale import Sale
from kiosk.checkout.view import SaleView
from kiosk.config import KioskConfig
from kiosk.domain.sale import SaleState
from kiosk.printing.settings import PrinterSettings
from kiosk.printing.ticket import paper_amount
from tests.support.sandbox_printer import printed, printer_fault, qr_codes, ticket_image
from tests.support.sandbox_process import SandboxProcess
from tests.support.selling import (
    engine_for,
    pay_with_card,
    sale_ready_to_pay,
    sandbox_config,
)

pytestmark = [pytest.mark.asyncio, pytest.mark.sandbox]


def quick_printer(config: KioskConfig, timeout: float = 0.3) -> KioskConfig:
    """The sandbox printer with a short wait, so a hanging printer is given up on quickly."""
    return dataclasses.replace(config, printer=dataclasses.replace(config.printer, timeout=timeout))


async def paid_sale_of_a_guest_choosing(
    engine: SaleEngine, code: str = "SERENITY3"
) -> tuple[Sale, SaleView]:
    """A sale paid by card whose guest is at the kiosk to choose how to keep the receipt."""
    sale = await sale_ready_to_pay(engine, code)
    engine.receipts.follow(sale.id)
    view = await pay_with_card(sale)
    assert view.receipt is not None
    return sale, view


async def test_a_printed_receipt_reads_back_with_amounts_invoice_number_and_its_qr_code(
    sandbox: SandboxProcess, tmp_path: Path
) -> None:
    async with engine_for(sandbox_config(sandbox, tmp_path)) as engine:
        assert engine.receipts.guest_chooses
        _sale, view = await paid_sale_of_a_guest_choosing(engine)
        assert view.state is SaleState.COMPLETED
        assert sandbox.outbox() == []  # the guest chooses: nothing is emailed before
        kept = await engine.receipts.keep(view, email=True, paper=True)
    assert kept.email_sent is True
    assert kept.printed is not None
    assert kept.printed.status is PrinterStatus.READY
    assert [e["invoice_id"] for e in sandbox.outbox()] == [view.receipt.invoice_id]
    [job] = printed(sandbox)
    text = job["text"]
    invoice = view.invoice
    assert invoice is not None
    assert "Lumen Wellness" in text
    assert f"Invoice {view.receipt.invoice_number}" in text
    for line in ("Subtotal", "Tax", "Total"):
        assert line in text
    assert paper_amount(invoice.totals.sum_total) in text
    assert paper_amount(invoice.totals.tax) in text
    assert paper_amount(view.receipt.amount_paid) in text
    assert view.memberships[0].title in text
    assert job["cut"]
    assert qr_codes(ticket_image(sandbox, job["id"])) == [view.receipt.receipt_url]


async def test_a_recurring_receipt_prints_when_the_next_payment_falls_due(
    sandbox: SandboxProcess, tmp_path: Path
) -> None:
    async with engine_for(sandbox_config(sandbox, tmp_path)) as engine:
        _sale, view = await paid_sale_of_a_guest_choosing(engine, "GLOWMONTHL")
        kept = await engine.receipts.keep(view, email=False, paper=True)
    assert kept.email_sent is None
    assert kept.printed is not None
    assert kept.printed.printed
    [membership] = view.memberships
    [payment] = kept.printed.ticket.next_payments
    assert payment.amount == membership.recurring_amount
    [job] = printed(sandbox)
    assert f"on {payment.on.isoformat()}" in job["text"]
    assert "Next payment" in job["text"]
    assert sandbox.outbox() == []  # paper only, as chosen


@pytest.mark.parametrize(
    ("fault", "status"),
    [
        ({"paper": "out"}, PrinterStatus.NO_PAPER),
        ({"online": False}, PrinterStatus.OFFLINE),
        ({"delay_s": 2.0}, PrinterStatus.NOT_RESPONDING),
    ],
)
async def test_a_printer_fault_leaves_the_sale_completed_tells_staff_and_can_be_reprinted(
    sandbox: SandboxProcess,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
    fault: dict[str, object],
    status: PrinterStatus,
) -> None:
    async with engine_for(quick_printer(sandbox_config(sandbox, tmp_path))) as engine:
        sale, view = await paid_sale_of_a_guest_choosing(engine)
        printer_fault(sandbox, **fault)
        kept = await engine.receipts.keep(view, email=True, paper=True)
        assert kept.email_sent is True  # the email goes whatever the printer does
        assert kept.printed is not None
        assert kept.printed.status is status
        assert (await engine.staff.recent_sales())[0].state is SaleState.COMPLETED
        assert sale.state is SaleState.COMPLETED
        assert engine.receipts.printer_state.status is status
        assert [job.sale_id for job in engine.receipts.unprinted()] == [sale.id]
        assert printed(sandbox) == []

        printer_fault(sandbox, paper="ok", online=True, delay_s=0)
        again = await engine.receipts.reprint("Sandbox staff", sale.id)
        audit = await engine.staff.audit_log()
    assert again.printed
    assert engine.receipts.printer_state.status is PrinterStatus.READY
    [job] = printed(sandbox)
    assert "COPY" in job["text"]
    assert f"Invoice {view.receipt.invoice_number}" in job["text"]
    assert audit[0].action == "reprinted a receipt"
    assert any("not printed" in r.getMessage() for r in caplog.records)
    caplog.clear()


async def test_printing_runs_beside_the_kiosk_never_on_its_loop(
    sandbox: SandboxProcess, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    async with engine_for(quick_printer(sandbox_config(sandbox, tmp_path), 2.0)) as engine:
        _, view = await paid_sale_of_a_guest_choosing(engine)
        printer_fault(sandbox, delay_s=1.0)  # every answer a second late (within its timeout)
        printing = asyncio.ensure_future(engine.receipts.keep(view, email=False, paper=True))
        for _ in range(3):
            await asyncio.sleep(0)  # the loop turns while the printer is asked
        assert not printing.done()
        kept = await printing
    assert kept.printed is not None
    assert kept.printed.printed


async def test_a_reprint_after_a_restart_is_built_from_the_journal_and_zenotis_invoice(
    sandbox: SandboxProcess, tmp_path: Path
) -> None:
    config = sandbox_config(sandbox, tmp_path)
    async with engine_for(config) as engine:
        sale, view = await paid_sale_of_a_guest_choosing(engine)
    async with engine_for(config) as engine:  # no job kept: a fresh kiosk
        await engine.catalogue()
        job = await engine.receipts.reprint("Sandbox staff", sale.id)
    assert job.printed
    [printed_job] = printed(sandbox)
    assert "COPY" in printed_job["text"]
    assert view.memberships[0].title in printed_job["text"]
    assert paper_amount(view.receipt.amount_paid) in printed_job["text"]
    image: Image.Image = ticket_image(sandbox, printed_job["id"])
    assert qr_codes(image) == [view.receipt.receipt_url]


async def test_without_a_printer_nothing_is_asked_and_the_receipt_is_emailed_as_always(
    sandbox: SandboxProcess, tmp_path: Path
) -> None:
    config = dataclasses.replace(sandbox_config(sandbox, tmp_path), printer=PrinterSettings())
    async with engine_for(config) as engine:
        assert not engine.receipts.guest_chooses
        sale = await sale_ready_to_pay(engine)
        engine.receipts.follow(sale.id)  # what the kiosk's screens do: no choice to wait for
        view = await pay_with_card(sale)
    assert view.state is SaleState.COMPLETED
    assert view.receipt is not None
    assert view.receipt.email_sent
    assert [e["invoice_id"] for e in sandbox.outbox()] == [view.receipt.invoice_id]
    assert printed(sandbox) == []


async def test_a_guest_who_leaves_before_the_sale_finishes_is_emailed(
    sandbox: SandboxProcess, tmp_path: Path
) -> None:
    async with engine_for(sandbox_config(sandbox, tmp_path)) as engine:
        sale = await sale_ready_to_pay(engine)
        engine.receipts.follow(sale.id)
        engine.receipts.let_go(sale.id)  # sent to the desk, or walked away: nobody chooses
        view = await pay_with_card(sale)
    assert view.receipt is not None
    assert [e["invoice_id"] for e in sandbox.outbox()] == [view.receipt.invoice_id]
