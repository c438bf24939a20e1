"""The machine itself fails under a sale: the disk fills up (at the journal's writes, and for
real on a tiny file system), the journal file turns read-only, is deleted, the clock jumps back.
Each time the guest is never left on a live screen — the sale is set aside with the truth about
the money — and once the fault is gone nothing is paid and unrecorded, and nothing is lost."""

from __future__ import annotations

import asyncio
import dataclasses
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from kiosk.checkout.engine import SaleEngine
from kiosk.checkout.journal import Journal, JournalUnwritable, SaleRecord
from kiosk.checkout.journal_health import JournalState, Paid
from kiosk.domain.sale import SaleState
from kiosk.simulation.invariants import check_invariants
from kiosk.simulation.runner import SimulationOptions, run_simulation
from tests.support.machine import FullDisk, fill, read_only, small_disk
from tests.support.sandbox_process import SandboxProcess
from tests.support.selling import (
    APPROVE,
    engine_for,
    pay_with_card,
    sale_ready_to_pay,
    sandbox_config,
    wait_for,
)

pytestmark = [pytest.mark.asyncio, pytest.mark.sandbox]


def _journal(engine: SaleEngine) -> Journal:
    journal = engine.staff._parts.journal
    assert isinstance(journal, Journal)
    return journal


async def _until(engine: SaleEngine, test: Any, timeout: float = 30.0) -> JournalState:
    """Wait until the journal's health satisfies ``test``."""
    reached: asyncio.Future[JournalState] = asyncio.get_running_loop().create_future()

    def heard(state: JournalState) -> None:
        if test(state) and not reached.done():
            reached.set_result(state)

    stop = engine.subscribe_journal(heard)
    try:
        heard(engine.journal)
        return await asyncio.wait_for(reached, timeout)
    finally:
        stop()


async def _record(journal: Journal, sale_id: str) -> SaleRecord:
    return await journal.get(sale_id)


def _kept(sandbox: SandboxProcess, records: list[SaleRecord]) -> None:
    report = check_invariants(sandbox.invoices(), sandbox.payment_intents(), records)
    assert report.violations == 0, report.as_json()


def _expected_errors(caplog: pytest.LogCaptureFixture, *texts: str) -> None:
    """The journal's failure is logged at ERROR (the staff's alarm); nothing else above INFO."""
    loud = [r.getMessage() for r in caplog.get_records("call") if r.levelname != "INFO"]
    loud = [m for m in loud if r"journal" not in m and not any(t in m for t in texts)]
    assert loud == []
    caplog.clear()


async def test_disk_full_when_the_card_is_approved_the_guest_is_told_paid_and_it_is_finished(
    sandbox: SandboxProcess, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    async with engine_for(sandbox_config(sandbox, tmp_path)) as engine:
        engine.journal_watch.retry_every_s = 0.05
        journal = _journal(engine)
        disk = FullDisk()
        journal.inject(disk)
        sale = await sale_ready_to_pay(engine)
        payment = asyncio.create_task(sale.pay_by_card())
        await wait_for(sale, SaleState.AWAITING_CARD)
        disk.full = True  # the disk fills while the reader waits for the guest's card
        await sale.present_test_card(APPROVE)
        with pytest.raises(JournalUnwritable):
            await asyncio.wait_for(payment, 30)
        state = await _until(engine, lambda s: s.sale(sale.id) and s.sale(sale.id).paid)
        assert not state.writable  # out of order: no new sale starts
        assert state.sale(sale.id).paid is Paid.YES  # the guest is told: payment received
        assert (await _record(journal, sale.id)).state is SaleState.AWAITING_CARD
        with pytest.raises(JournalUnwritable):
            await engine.start_sale([sale.view.memberships[0].id])

        disk.full = False  # space freed: what was held is written, the sale finished
        await _until(engine, lambda s: s.writable)
        record = await _record(journal, sale.id)
        assert record.state is SaleState.COMPLETED
        invoice = next(i for i in sandbox.invoices() if i["id"] == record.invoice_id)
        assert len(invoice["transactions"]) == 1
        assert invoice["is_closed"] is True
        history = [event.event for event in await journal.events(sale.id)]
        assert "card approved" in history
        _kept(sandbox, [record])
    _expected_errors(caplog)


@pytest.mark.parametrize(
    "full_at",
    [SaleState.GUEST_IDENTIFIED, SaleState.INVOICE_READY, SaleState.SENT, SaleState.AWAITING_CARD],
)
async def test_disk_full_at_each_step_before_money_sets_the_sale_aside_uncharged(
    sandbox: SandboxProcess,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
    full_at: SaleState,
) -> None:
    async with engine_for(sandbox_config(sandbox, tmp_path)) as engine:
        engine.journal_watch.retry_every_s = 0.05
        journal = _journal(engine)
        disk = FullDisk()
        journal.inject(disk)
        sale = (
            await sale_ready_to_pay(engine) if full_at is not SaleState.GUEST_IDENTIFIED else None
        )
        if sale is None:
            chosen = (await engine.catalogue()).memberships[0]
            sale = await engine.start_sale([chosen.id])
            disk.full = True
            found = await sale.find_guests(email="james.whitaker@example.com")
            with pytest.raises(JournalUnwritable):
                await sale.choose_guest(found[0].guest_id)
        else:
            stop = sale.subscribe(
                lambda view: setattr(disk, "full", True) if view.state is full_at else None
            )
            if full_at is SaleState.INVOICE_READY:
                disk.full = True
            with pytest.raises(JournalUnwritable):
                await asyncio.wait_for(pay_with_card(sale, card=None), 30)  # nobody taps
            stop()
        state = await _until(
            engine, lambda s: s.sale(sale.id) and s.sale(sale.id).paid is not Paid.CHECKING
        )
        assert state.sale(sale.id).paid is Paid.NO
        disk.full = False
        await _until(engine, lambda s: s.writable)
        record = await _record(journal, sale.id)
        assert record.state in (SaleState.ABANDONED, SaleState.CANCELLED)
        intents = [i for i in sandbox.payment_intents() if i["metadata"]["sale_id"] == sale.id]
        assert all(i["status"] != "succeeded" for i in intents)
        _kept(sandbox, [record])
    _expected_errors(caplog)


async def test_cash_taken_by_staff_while_the_disk_is_full_is_held_and_recorded(
    sandbox: SandboxProcess, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    async with engine_for(sandbox_config(sandbox, tmp_path)) as engine:
        engine.journal_watch.retry_every_s = 0.05
        journal = _journal(engine)
        disk = FullDisk()
        journal.inject(disk)
        sale = await sale_ready_to_pay(engine)
        disk.full = True
        with pytest.raises(JournalUnwritable):
            await sale.pay_cash(staff_mode=True)
        state = await _until(engine, lambda s: s.sale(sale.id) is not None)
        assert state.sale(sale.id).paid is Paid.YES  # only memory knows: the journal is full
        assert state.held_writes == 1
        disk.full = False
        await _until(engine, lambda s: s.writable)
        record = await _record(journal, sale.id)
        assert record.state is SaleState.COMPLETED
        assert record.payment_reference == f"kiosk-cash-{sale.id}"
        held = [e for e in await journal.events(sale.id) if "held_since" in e.detail]
        assert [e.event for e in held] == ["staff took the payment"]
    _expected_errors(caplog)


async def test_a_journal_made_read_only_mid_sale_sets_the_sale_aside_until_it_writes(
    sandbox: SandboxProcess, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    config = sandbox_config(sandbox, tmp_path)
    async with engine_for(config) as engine:
        engine.journal_watch.retry_every_s = 0.05
        journal = _journal(engine)
        sale = await sale_ready_to_pay(engine)
        wal = config.journal_path.with_name(config.journal_path.name + "-wal")
        with read_only(config.journal_path), read_only(wal):
            with pytest.raises(JournalUnwritable):
                await asyncio.wait_for(pay_with_card(sale), 30)
            state = await _until(
                engine, lambda s: s.sale(sale.id) and s.sale(sale.id).paid is not Paid.CHECKING
            )
            assert not state.writable
        await _until(engine, lambda s: s.writable)
        record = await _record(journal, sale.id)
        assert record.state.is_final
        _kept(sandbox, [record])
    _expected_errors(caplog)


async def test_a_journal_deleted_mid_sale_is_written_back_and_nothing_is_lost(
    sandbox: SandboxProcess, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    config = sandbox_config(sandbox, tmp_path)
    async with engine_for(config) as engine:
        sale = await sale_ready_to_pay(engine)
        for suffix in ("", "-wal", "-shm"):
            config.journal_path.with_name(config.journal_path.name + suffix).unlink()
        view = await asyncio.wait_for(pay_with_card(sale), 30)
        assert view.state is SaleState.COMPLETED  # the guest saw nothing of it
        assert engine.journal.writable
    assert config.journal_path.exists()
    reopened = await Journal.open(config.journal_path)
    try:
        record = await reopened.get(sale.id)
        history = [event.event for event in await reopened.events(sale.id)]
    finally:
        await reopened.close()
    assert record.state is SaleState.COMPLETED
    assert history[0] == "sale started"  # the history from before the deletion is all there
    _kept(sandbox, [record])
    assert any("was removed" in r.getMessage() for r in caplog.records)
    caplog.clear()


async def test_the_clock_jumping_back_an_hour_mid_sale_changes_no_money(
    sandbox: SandboxProcess, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kiosk.checkout import journal_writes

    async with engine_for(sandbox_config(sandbox, tmp_path)) as engine:
        sale = await sale_ready_to_pay(engine)
        real_now = journal_writes.now
        monkeypatch.setattr(journal_writes, "now", lambda: real_now() - timedelta(hours=1))
        view = await asyncio.wait_for(pay_with_card(sale), 30)
        assert view.state is SaleState.COMPLETED
        record = await _journal(engine).get(sale.id)
        assert record.updated_at < record.created_at  # the history keeps the clock's word
        unfinished = await _journal(engine).unfinished()
    assert unfinished == []
    _kept(sandbox, [record])


async def test_a_real_full_disk_under_the_journal_is_out_of_order_then_finished(
    sandbox: SandboxProcess, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with small_disk(tmp_path / "disk", "4m") as disk:
        config = dataclasses.replace(
            sandbox_config(sandbox, tmp_path), journal_path=disk / "journal.sqlite3"
        )
        async with engine_for(config) as engine:
            engine.journal_watch.retry_every_s = 0.05
            sale = await sale_ready_to_pay(engine)
            payment = asyncio.create_task(sale.pay_by_card())
            await wait_for(sale, SaleState.AWAITING_CARD)
            ballast = fill(disk)
            try:
                await sale.present_test_card(APPROVE)
                with pytest.raises(JournalUnwritable):
                    await asyncio.wait_for(payment, 30)
                state = await _until(
                    engine, lambda s: s.sale(sale.id) and s.sale(sale.id).paid is Paid.YES
                )
                assert not state.writable
            finally:
                ballast.unlink()
            await _until(engine, lambda s: s.writable)
            record = await _journal(engine).get(sale.id)
        assert record.state is SaleState.COMPLETED
        _kept(sandbox, [record])
    _expected_errors(caplog)


@pytest.mark.timeout(900)
async def test_kiosk_simulate_with_the_machines_faults_keeps_every_invariant(
    caplog: pytest.LogCaptureFixture,
) -> None:
    summary = await run_simulation(SimulationOptions(sales=40, seed=3, faults="machine"))
    assert summary["machine_faults"] > 5
    assert summary["violations"] == 0, summary["invariants"]
    still_open = {state for state in summary["journal"] if not SaleState(state).is_final}
    assert still_open <= {"card_needed", "needs_staff"}
    caplog.clear()  # each fault is logged at ERROR, as it should be
