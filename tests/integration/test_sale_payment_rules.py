"""Every rule of the kiosk's payment rules, against the sandbox over real HTTP.

Invariants are checked in the sandbox's own state (its invoices and payment intents), never only
in what the engine believes.
"""

from __future__ import annotations

import asyncio
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest

from kiosk.checkout.errors import PaymentInFlight
from kiosk.checkout.journal import Journal
from kiosk.checkout.view import Problem, SaleView
from kiosk.domain.sale import SaleState
from kiosk.simulation.driving import save_card_on_page
from tests.support.sandbox_process import SandboxProcess
from tests.support.selling import (
    APPROVE,
    DECLINE,
    FAST,
    JAMES_PHONE,
    engine_for,
    membership,
    pay_with_card,
    sale_ready_to_pay,
    sandbox_config,
    wait_for,
)

pytestmark = [pytest.mark.asyncio, pytest.mark.sandbox]


def _invoice(sandbox: SandboxProcess, invoice_id: str) -> dict:
    return next(i for i in sandbox.invoices() if i["id"] == invoice_id)


def _journalled_states(journal: sqlite3.Connection, sale_id: str) -> list[SaleState]:
    """The states the journal holds for a sale right now, as written to disk."""
    rows = journal.execute(
        "SELECT state FROM sale_events WHERE sale_id = ? ORDER BY seq", (sale_id,)
    ).fetchall()
    return [SaleState(state) for (state,) in rows]


async def test_rule1_every_transition_is_journalled_before_it_is_shown(
    sandbox: SandboxProcess, tmp_path: Path
) -> None:
    config = sandbox_config(sandbox, tmp_path)
    async with engine_for(config) as engine:
        sale = await engine.start_sale([(await membership(engine, "SERENITY3")).id])
        # The journal's reads are coroutines: one started from a listener runs only after the
        # engine's next write, so it could not tell which came first. A second, read-only
        # connection sees what is on disk at the very moment a view is published.
        on_disk = sqlite3.connect(f"file:{config.journal_path}?mode=ro", uri=True)
        try:
            shown: list[SaleState] = []
            journalled_when_shown: list[list[SaleState]] = []

            def published(view: SaleView) -> None:
                shown.append(view.state)
                journalled_when_shown.append(_journalled_states(on_disk, view.sale_id))

            sale.subscribe(published)
            candidates = await sale.find_guests(phone=JAMES_PHONE)
            assert candidates, "the seeded guest was not found"
            await sale.choose_guest(candidates[0].guest_id)
            await sale.accept_terms("terms")
            await sale.create_invoice()
            view = await pay_with_card(sale)
        finally:
            on_disk.close()
        assert view.state is SaleState.COMPLETED
        events = await engine._parts.journal.events(sale.id)
    # Each state the guest saw was the journal's latest when it was shown, never one ahead of it.
    assert {SaleState.GUEST_IDENTIFIED, SaleState.AWAITING_CARD} <= set(shown)
    assert [states[-1] for states in journalled_when_shown] == shown
    # Every state the guest saw had been journalled, in the same order.
    journalled = iter(event.state for event in events)
    assert shown
    assert all(any(state is written for written in journalled) for state in shown)
    names = [event.event for event in events]
    # The intent's ids are durable before the reader is armed.
    assert names.index("payment intent created") < names.index("arming the reader")
    assert names.index("creating the payment intent") < names.index("payment intent created")


async def test_rule2_a_declined_attempt_reuses_its_intent_for_the_next_card(
    sandbox: SandboxProcess, tmp_path: Path
) -> None:
    async with engine_for(sandbox_config(sandbox, tmp_path)) as engine:
        sale = await sale_ready_to_pay(engine)
        declined = await pay_with_card(sale, DECLINE)
        assert declined.state is SaleState.DECLINED
        first_intent = (await engine._parts.journal.get(sale.id)).intent_id
        approved = await pay_with_card(sale, APPROVE)
        assert approved.state is SaleState.COMPLETED
        assert (await engine._parts.journal.get(sale.id)).intent_id == first_intent
    intents = [i for i in sandbox.payment_intents() if i["metadata"].get("sale_id") == sale.id]
    assert len(intents) == 1
    assert intents[0]["status"] == "succeeded"


async def test_rule3_a_reader_timeout_is_never_a_decline(
    sandbox: SandboxProcess, tmp_path: Path
) -> None:
    sandbox.reader(next_process="timeout")
    async with engine_for(sandbox_config(sandbox, tmp_path)) as engine:
        sale = await sale_ready_to_pay(engine)
        view = await pay_with_card(sale)
        events = await engine._parts.journal.events(sale.id)
    assert view.state is SaleState.COMPLETED
    states = [event.state for event in events]
    assert SaleState.UNKNOWN in states
    assert SaleState.DECLINED not in states
    invoice = _invoice(sandbox, view.receipt.invoice_id)  # type: ignore[union-attr]
    assert invoice["is_closed"] is True


async def test_rule4_an_unknown_outcome_is_read_back_then_handed_to_staff_after_a_bound(
    sandbox: SandboxProcess, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    sandbox.reader(next_process="timeout")
    # Every read of the intent fails: the outcome can never be learnt.
    sandbox.inject(
        method="GET", path="/stripe/v1/payment_intents/*", kind="status", status=503, count=1000
    )
    sandbox.inject(
        method="GET", path="/stripe/v1/terminal/readers/*", kind="status", status=503, count=1000
    )
    async with engine_for(sandbox_config(sandbox, tmp_path)) as engine:
        sale = await sale_ready_to_pay(engine)
        view = await sale.pay_by_card()
    assert view.state is SaleState.NEEDS_STAFF
    assert view.problem is Problem.PAYMENT_UNCONFIRMED
    assert "check the reader" in (view.needs_staff_reason or "")
    # Never a second payment: one intent only.
    intents = [i for i in sandbox.payment_intents() if i["metadata"].get("sale_id") == sale.id]
    assert len(intents) == 1
    assert any("needs staff" in r.getMessage() for r in caplog.records)
    caplog.clear()


async def test_rule6_a_decline_is_a_plain_reason_and_keeps_the_invoice(
    sandbox: SandboxProcess, tmp_path: Path
) -> None:
    async with engine_for(sandbox_config(sandbox, tmp_path)) as engine:
        sale = await sale_ready_to_pay(engine)
        invoice_before = sale.view.invoice
        view = await pay_with_card(sale, DECLINE)
    assert view.state is SaleState.DECLINED
    assert view.problem is Problem.CARD_DECLINED
    assert view.invoice == invoice_before
    assert invoice_before is not None
    invoice = _invoice(sandbox, invoice_before.id)
    assert invoice["is_closed"] is False
    assert invoice["transactions"] == []


async def test_rule7_cancel_while_waiting_for_a_card_leaves_nothing_armed(
    sandbox: SandboxProcess, tmp_path: Path
) -> None:
    async with engine_for(sandbox_config(sandbox, tmp_path)) as engine:
        sale = await sale_ready_to_pay(engine)
        payment = asyncio.create_task(sale.pay_by_card())
        await wait_for(sale, SaleState.AWAITING_CARD)
        sale.cancel_payment()
        view = await payment
        # The cancelled intent is final; paying again makes a new attempt with a new key.
        assert view.state is SaleState.INVOICE_READY
        again = await pay_with_card(sale)
    assert again.state is SaleState.COMPLETED
    intents = [i for i in sandbox.payment_intents() if i["metadata"].get("sale_id") == sale.id]
    assert sorted(i["status"] for i in intents) == ["canceled", "succeeded"]
    reader = sandbox.reader_state()
    assert reader["action"] is None or reader["action"]["status"] != "in_progress"


async def test_rule7_an_approval_wins_over_a_cancel_during_authorisation(
    sandbox: SandboxProcess, tmp_path: Path
) -> None:
    sandbox.reader(processing_ms=800)
    async with engine_for(sandbox_config(sandbox, tmp_path)) as engine:
        sale = await sale_ready_to_pay(engine)
        payment = asyncio.create_task(sale.pay_by_card())
        await wait_for(sale, SaleState.AWAITING_CARD)
        await sale.present_test_card(APPROVE)
        await wait_for(sale, SaleState.PROCESSING)
        sale.cancel_payment()
        view = await payment
    assert view.state is SaleState.COMPLETED


async def test_rule8_no_reset_while_a_payment_is_in_flight_and_its_deadline_disarms_the_reader(
    sandbox: SandboxProcess, tmp_path: Path
) -> None:
    async with engine_for(sandbox_config(sandbox, tmp_path)) as engine:
        sale = await sale_ready_to_pay(engine)
        payment = asyncio.create_task(sale.pay_by_card())
        await wait_for(sale, SaleState.AWAITING_CARD)
        with pytest.raises(PaymentInFlight):
            await sale.abandon()
        view = await payment  # nobody taps: the payment's own deadline passes
        assert view.problem is Problem.PAYMENT_TIMED_OUT
        assert view.state is SaleState.INVOICE_READY
        left = await sale.abandon()
    assert left.state is SaleState.CANCELLED
    reader = sandbox.reader_state()
    assert reader["action"] is None or reader["action"]["status"] != "in_progress"
    invoice = _invoice(sandbox, view.invoice.id)  # type: ignore[union-attr]
    assert invoice["invoice_items"] == []


async def test_rule9_a_lost_answer_to_the_payment_record_never_records_it_twice(
    sandbox: SandboxProcess, tmp_path: Path
) -> None:
    sandbox.inject(
        method="POST", path="/v1/invoices/*/payment/custom", kind="drop_after_commit", count=1
    )
    async with engine_for(sandbox_config(sandbox, tmp_path)) as engine:
        sale = await sale_ready_to_pay(engine)
        view = await pay_with_card(sale)
    assert view.state is SaleState.COMPLETED
    invoice = _invoice(sandbox, view.receipt.invoice_id)  # type: ignore[union-attr]
    assert len(invoice["transactions"]) == 1
    assert invoice["is_closed"] is True


async def test_rule9_paid_but_not_recordable_goes_to_staff_and_is_never_refunded(
    sandbox: SandboxProcess, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    sandbox.inject(
        method="POST", path="/v1/invoices/*/payment/custom", kind="status", status=503, count=1000
    )
    async with engine_for(sandbox_config(sandbox, tmp_path)) as engine:
        sale = await sale_ready_to_pay(engine)
        view = await pay_with_card(sale)
    assert view.state is SaleState.NEEDS_STAFF
    assert view.problem is Problem.PAID_NOT_RECORDED
    intents = [i for i in sandbox.payment_intents() if i["metadata"].get("sale_id") == sale.id]
    assert [i["status"] for i in intents] == ["succeeded"]  # still charged, never refunded
    caplog.clear()


async def test_rule10_an_invoice_the_business_auto_closes_is_not_closed_again(
    sandbox: SandboxProcess, tmp_path: Path
) -> None:
    sandbox.settings(auto_close=True)
    async with engine_for(sandbox_config(sandbox, tmp_path)) as engine:
        sale = await sale_ready_to_pay(engine)
        view = await pay_with_card(sale)
    assert view.state is SaleState.COMPLETED
    invoice = _invoice(sandbox, view.receipt.invoice_id)  # type: ignore[union-attr]
    assert invoice["is_closed"] is True


async def test_rule11_a_sale_interrupted_with_the_card_on_the_reader_is_settled_at_start_up(
    sandbox: SandboxProcess, tmp_path: Path
) -> None:
    config = sandbox_config(sandbox, tmp_path)
    async with engine_for(config) as engine:
        sale = await sale_ready_to_pay(engine)
        payment = asyncio.create_task(sale.pay_by_card())
        await wait_for(sale, SaleState.AWAITING_CARD)
        await sale.present_test_card(APPROVE)  # the guest pays ...
        payment.cancel()  # ... and the kiosk dies before it hears
        await asyncio.sleep(0.3)
        sale_id = sale.id
    async with engine_for(config) as restarted:
        report = await restarted.recover()
    assert report.outcomes["completed"] >= 1
    journal = await Journal.open(config.journal_path)
    try:
        record = await journal.get(sale_id)
    finally:
        await journal.close()
    assert record.state is SaleState.COMPLETED
    invoice = _invoice(sandbox, record.invoice_id or "")
    assert len(invoice["transactions"]) == 1
    assert invoice["is_closed"] is True


async def test_rule12_a_failed_email_never_fails_a_paid_sale(
    sandbox: SandboxProcess, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    sandbox.inject(method="PUT", path="/v1/invoices/*/email", kind="status", status=503, count=10)
    async with engine_for(sandbox_config(sandbox, tmp_path)) as engine:
        sale = await sale_ready_to_pay(engine)
        view = await pay_with_card(sale)
    assert view.state is SaleState.COMPLETED
    assert view.receipt is not None
    assert view.receipt.email_sent is False
    caplog.clear()


async def test_rule13_a_recurring_sale_is_complete_only_with_a_card_saved_for_later(
    sandbox: SandboxProcess, tmp_path: Path
) -> None:
    async with engine_for(sandbox_config(sandbox, tmp_path)) as engine:
        sale = await sale_ready_to_pay(engine, code="GLOWMONTHL")
        paid = await pay_with_card(sale)
        consent = await engine._parts.journal.consent(sale.id)
        # Paid, with a receipt — but James has no card saved with Zenoti's processor.
        assert paid.state is SaleState.CARD_NEEDED
        assert paid.receipt is not None
        assert paid.receipt.recurring
        assert not paid.receipt.card_saved
        done = await save_card_on_page(sale, APPROVE)
    assert done.state is SaleState.COMPLETED
    assert done.receipt is not None
    assert done.receipt.card_saved
    assert done.receipt.saved_card_last_four == "4242"
    assert consent is not None
    assert consent.signature_png


async def test_rule11_recovery_takes_an_armed_reader_back_instead_of_waiting_for_a_card(
    sandbox: SandboxProcess, tmp_path: Path
) -> None:
    # A payment deadline far longer than the test may run: recovery must not wait on it.
    config = sandbox_config(sandbox, tmp_path, replace(FAST, awaiting_card=3600.0))
    async with engine_for(config) as engine:
        sale = await sale_ready_to_pay(engine)
        payment = asyncio.create_task(sale.pay_by_card())
        await wait_for(sale, SaleState.AWAITING_CARD)
        payment.cancel()  # the kiosk dies with the reader armed and nobody tapping
        sale_id = sale.id
    async with engine_for(config) as restarted:
        report = await asyncio.wait_for(restarted.recover(), timeout=60)
    assert report.outcomes["cancelled"] == 1
    intents = [i for i in sandbox.payment_intents() if i["metadata"].get("sale_id") == sale_id]
    assert [i["status"] for i in intents] == ["canceled"]
    assert sandbox.reader_state()["action"] is None or (
        sandbox.reader_state()["action"]["status"] != "in_progress"
    )


async def test_rule3_a_processor_gone_silent_while_waiting_for_a_card_is_checked_not_waited_out(
    sandbox: SandboxProcess, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    config = sandbox_config(sandbox, tmp_path, replace(FAST, awaiting_card=3600.0))
    async with engine_for(config) as engine:
        sale = await sale_ready_to_pay(engine)
        payment = asyncio.create_task(sale.pay_by_card())
        await wait_for(sale, SaleState.AWAITING_CARD)
        sandbox.inject(method="GET", path="/stripe/v1/*", kind="status", status=503, count=10_000)
        sandbox.inject(method="POST", path="/stripe/v1/*", kind="status", status=503, count=10_000)
        view = await asyncio.wait_for(payment, timeout=60)
    assert view.state is SaleState.NEEDS_STAFF
    assert view.problem is Problem.PAYMENT_UNCONFIRMED
    caplog.clear()
