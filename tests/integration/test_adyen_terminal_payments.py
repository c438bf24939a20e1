"""The Adyen driver against the sandbox's simulated cloud terminal, over real HTTP: payments,
declines, aborts, and every missing answer settled by a TransactionStatusRequest — never by a
second payment. Each test names the payment rule it pins (payment-terminals.md)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest

from kiosk.domain.money import Money
from kiosk.payments.adyen_terminal import AdyenTerminal
from kiosk.payments.terminal import (
    DeclineReason,
    TerminalBusy,
    TerminalError,
    TerminalNotListable,
    TerminalNotStartable,
    TerminalOffline,
    TerminalStatus,
    TerminalUnknownOutcome,
)
from tests.support.adyen_terminal import adyen_payments, open_adyen, poi_id, script_terminal
from tests.support.sandbox_process import SandboxProcess

pytestmark = [pytest.mark.sandbox]

PRICE = Money.of("45.00", "USD")
APPROVE = "4242424242424242"
INSUFFICIENT_FUNDS = "4000000000009995"


def _key() -> str:
    return f"sale-1-card-{uuid.uuid4().hex[:12]}"


def _succeeded(sandbox: SandboxProcess) -> list[dict[str, object]]:
    return [p for p in adyen_payments(sandbox) if p["status"] == "succeeded"]


@pytest.mark.asyncio
async def test_an_approved_card_is_paid_for_this_reference_and_amount(
    sandbox: SandboxProcess,
) -> None:
    async with open_adyen(sandbox) as terminal:
        attempt = await terminal.prepare(PRICE, _key(), {"sale_id": "sale-1"})
        await terminal.start(attempt)
        waiting = await terminal.read_back(attempt)
        await terminal.present_test_card(APPROVE)
        readings = [reading async for reading in terminal.watch(attempt)]
    assert waiting.status is TerminalStatus.AWAITING_CARD
    final = readings[-1]
    assert final.status is TerminalStatus.APPROVED
    assert (final.amount, final.reference) == (PRICE, attempt.intent_id)
    assert final.card_last_four == "4242"
    (paid,) = _succeeded(sandbox)
    assert paid["id"] == attempt.intent_id
    assert paid["metadata"] == {"sale_id": "sale-1"}


@pytest.mark.asyncio
async def test_a_decline_keeps_the_reference_and_the_next_card_is_a_new_service_id(
    sandbox: SandboxProcess,
) -> None:
    """Rule 6: "try another card" reuses the attempt; Adyen gets a new ServiceID for it."""
    async with open_adyen(sandbox) as terminal:
        attempt = await terminal.prepare(PRICE, _key(), {})
        await terminal.start(attempt)
        await terminal.present_test_card(INSUFFICIENT_FUNDS)
        declined = [r async for r in terminal.watch(attempt)][-1]
        await terminal.start(attempt)
        await terminal.present_test_card(APPROVE)
        approved = [r async for r in terminal.watch(attempt)][-1]
    assert declined.status is TerminalStatus.DECLINED
    assert declined.decline_reason is DeclineReason.INSUFFICIENT_FUNDS
    assert approved.status is TerminalStatus.APPROVED
    rows = adyen_payments(sandbox)
    assert [r["id"] for r in rows] == [attempt.intent_id, attempt.intent_id]
    assert [r["status"] for r in rows] == ["refusal", "succeeded"]
    assert rows[0]["service_id"] != rows[1]["service_id"]


@pytest.mark.asyncio
async def test_cancel_before_the_card_aborts_and_frees_the_terminal(
    sandbox: SandboxProcess,
) -> None:
    """Rule 7: cancel only what we started, then believe what the payment answers."""
    async with open_adyen(sandbox) as terminal:
        attempt = await terminal.prepare(PRICE, _key(), {})
        await terminal.start(attempt)
        cancelled = await terminal.cancel(attempt)
        after = await terminal.read_back(attempt)
        other = await terminal.prepare(PRICE, _key(), {})
        await terminal.start(other)  # the terminal is free for the next guest
    assert cancelled.status is TerminalStatus.CANCELLED
    assert after.status is TerminalStatus.CANCELLED
    assert [p["status"] for p in adyen_payments(sandbox)] == ["aborted", "in_progress"]


@pytest.mark.asyncio
async def test_a_terminal_authorising_cannot_be_cancelled_and_says_busy(
    sandbox: SandboxProcess,
) -> None:
    """An AbortRequest only stops a payment before completion: while the card is authorised the
    abort changes nothing, and the driver says Busy (the engine keeps watching)."""
    script_terminal(sandbox, processing_ms=600_000)
    async with open_adyen(sandbox, abort_wait=0.3) as terminal:
        attempt = await terminal.prepare(PRICE, _key(), {})
        await terminal.start(attempt)
        await terminal.present_test_card(APPROVE)
        with pytest.raises(TerminalBusy):
            await terminal.cancel(attempt)
        still = await terminal.read_back(attempt)
    assert still.status is TerminalStatus.AWAITING_CARD
    assert script_terminal(sandbox)["authorising"] is True


@pytest.mark.asyncio
async def test_an_approval_that_won_the_race_with_the_cancel_is_believed(
    sandbox: SandboxProcess,
) -> None:
    """Rule 7: the card was approved just before the kiosk gave up; the abort changes nothing."""
    async with open_adyen(sandbox) as terminal:
        attempt = await terminal.prepare(PRICE, _key(), {})
        await terminal.start(attempt)
        await terminal.present_test_card(APPROVE)  # authorised at once (processing_ms 0)
        reading = await terminal.cancel(attempt)
    assert reading.status is TerminalStatus.APPROVED
    assert reading.amount == PRICE
    assert len(_succeeded(sandbox)) == 1


@pytest.mark.asyncio
async def test_after_a_crash_a_new_driver_finds_the_payment_on_the_terminal(
    sandbox: SandboxProcess,
) -> None:
    """Rules 4 and 11: a restarted kiosk reads the original back (TransactionStatusRequest)."""
    key = _key()
    async with open_adyen(sandbox) as crashed:
        attempt = await crashed.prepare(PRICE, key, {})
        await crashed.start(attempt)
    # The first driver is gone with its open /sync request; the terminal still shows the payment.
    async with open_adyen(sandbox) as restarted:
        found = await restarted.read_back(attempt)
        await restarted.present_test_card(APPROVE)
        final = [r async for r in restarted.watch(attempt)][-1]
        with pytest.raises(TerminalNotStartable) as refused:
            await restarted.start(attempt)
    assert found.status is TerminalStatus.AWAITING_CARD
    assert final.status is TerminalStatus.APPROVED
    assert refused.value.reading.status is TerminalStatus.APPROVED
    assert len(adyen_payments(sandbox)) == 1


@pytest.mark.asyncio
async def test_a_fresh_driver_finds_the_latest_try_of_an_attempt(sandbox: SandboxProcess) -> None:
    key = _key()
    async with open_adyen(sandbox) as first:
        attempt = await first.prepare(PRICE, key, {})
        await first.start(attempt)
        await first.present_test_card(INSUFFICIENT_FUNDS)
        [r async for r in first.watch(attempt)]
        await first.start(attempt)
        await first.present_test_card(APPROVE)
        [r async for r in first.watch(attempt)]
    async with open_adyen(sandbox) as second:
        reading = await second.read_back(attempt)
    assert reading.status is TerminalStatus.APPROVED
    assert reading.amount == PRICE


@pytest.mark.asyncio
async def test_a_lost_answer_is_unknown_and_the_armed_terminal_still_takes_the_card(
    sandbox: SandboxProcess,
) -> None:
    """Rules 3 and 4: a time-out can be a false negative; read the original, pay it once."""
    script_terminal(sandbox, next_process="timeout")
    async with open_adyen(sandbox) as terminal:
        attempt = await terminal.prepare(PRICE, _key(), {})
        with pytest.raises(TerminalUnknownOutcome):
            await terminal.start(attempt)
        found = await terminal.read_back(attempt)
        await terminal.present_test_card(APPROVE)
        final = [reading async for reading in terminal.watch(attempt)][-1]
    assert found.status is TerminalStatus.AWAITING_CARD
    assert final.status is TerminalStatus.APPROVED
    assert len(adyen_payments(sandbox)) == 1


@pytest.mark.asyncio
async def test_an_answer_dropped_after_the_payment_is_read_back_not_paid_again(
    sandbox: SandboxProcess,
) -> None:
    async with open_adyen(sandbox) as terminal:
        attempt = await terminal.prepare(PRICE, _key(), {})
        assert (await terminal.read_back(attempt)).status is TerminalStatus.READY
        sandbox.inject(method="POST", path="/adyen/sync", kind="drop_after_commit")
        await terminal.start(attempt)  # the PaymentRequest's own answer will be lost
        await terminal.present_test_card(APPROVE)
        final = [reading async for reading in terminal.watch(attempt)][-1]
    assert final.status is TerminalStatus.APPROVED
    assert len(_succeeded(sandbox)) == 1


@pytest.mark.asyncio
async def test_a_request_that_never_arrived_is_not_found_and_sent_again_as_the_same(
    sandbox: SandboxProcess,
) -> None:
    """NotFound means Adyen never saw it: the same ServiceID goes again, never a second one."""
    async with open_adyen(sandbox) as terminal:
        attempt = await terminal.prepare(PRICE, _key(), {})
        assert (await terminal.read_back(attempt)).status is TerminalStatus.READY
        sandbox.inject(method="POST", path="/adyen/sync", kind="status", status=502)
        with pytest.raises(TerminalUnknownOutcome):
            await terminal.start(attempt)
        ready = await terminal.read_back(attempt)
        await terminal.start(attempt)
    assert ready.status is TerminalStatus.READY
    (payment,) = adyen_payments(sandbox)
    assert str(payment["service_id"]).endswith("01")


@pytest.mark.asyncio
async def test_a_busy_terminal_is_busy_and_an_offline_one_offline(sandbox: SandboxProcess) -> None:
    async with open_adyen(sandbox) as terminal:
        attempt = await terminal.prepare(PRICE, _key(), {})
        script_terminal(sandbox, next_process="busy")
        with pytest.raises(TerminalBusy):
            await terminal.start(attempt)
        script_terminal(sandbox, online=False)
        with pytest.raises(TerminalOffline):
            await terminal.start(attempt)
        assert await terminal.reader_status() == "offline"
        script_terminal(sandbox, online=True)
        assert await terminal.reader_status() == "online"
        await terminal.start(attempt)
        armed = await terminal.read_back(attempt)
    assert armed.status is TerminalStatus.AWAITING_CARD
    assert [p["status"] for p in adyen_payments(sandbox)] == ["in_progress"]


@pytest.mark.asyncio
async def test_a_wrong_api_key_is_refused_and_payments_are_not_listable(
    sandbox: SandboxProcess,
) -> None:
    """Adyen's Terminal API lists no payments: the reconciliation reads attempts back instead."""
    wrong = AdyenTerminal(sandbox.base_url + "/adyen", "not-the-key", poi_id(sandbox), "USD")
    try:
        attempt = await wrong.prepare(PRICE, _key(), {})
        with pytest.raises(TerminalError) as refused:
            await wrong.start(attempt)
        now = datetime.now(UTC)
        with pytest.raises(TerminalNotListable):
            await wrong.payments_between(now, now)
    finally:
        await wrong.aclose()
    assert refused.value.code == "000"
    assert adyen_payments(sandbox) == []
