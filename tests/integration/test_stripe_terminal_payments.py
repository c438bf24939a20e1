"""The Stripe Terminal driver against the sandbox's simulated reader: paying, declining, cancelling.

Each test names the payment rule it pins (docs: payment-terminals.md).
"""

from __future__ import annotations

import dataclasses
import logging
import uuid

import pytest

from kiosk.domain.money import Money
from kiosk.payments.stripe_terminal import StripeTerminal
from kiosk.payments.terminal import (
    DeclineReason,
    TerminalAttempt,
    TerminalBusy,
    TerminalMismatch,
    TerminalNotStartable,
    TerminalReading,
    TerminalStatus,
)
from tests.support.sandbox_process import SandboxProcess
from tests.support.stripe_reader import (
    APPROVE,
    INSUFFICIENT_FUNDS,
    open_terminal,
    payment_intents,
    reader_info,
    script_reader,
)

pytestmark = [pytest.mark.sandbox]

PRICE = Money.of("96.12", "USD")


def _key() -> str:
    return f"attempt-{uuid.uuid4()}"


async def _armed(terminal: StripeTerminal, amount: Money = PRICE) -> TerminalAttempt:
    attempt = await terminal.prepare(amount, _key(), {"sale_id": "sale-1"})
    await terminal.start(attempt)
    return attempt


async def _watch_to_end(
    terminal: StripeTerminal, attempt: TerminalAttempt
) -> list[TerminalReading]:
    return [reading async for reading in terminal.watch(attempt)]


@pytest.mark.asyncio
async def test_tapped_card_is_approved_with_the_amount_and_the_intent_as_reference(
    sandbox: SandboxProcess,
) -> None:
    async with open_terminal(sandbox) as terminal:
        attempt = await _armed(terminal)
        assert (await terminal.read_back(attempt)).status is TerminalStatus.AWAITING_CARD
        await terminal.present_test_card(APPROVE)
        readings = await _watch_to_end(terminal, attempt)
    final = readings[-1]
    assert final.status is TerminalStatus.APPROVED
    assert final.amount == PRICE
    assert final.reference == attempt.intent_id
    assert (final.card_brand, final.card_last_four) == ("visa", "4242")
    (intent,) = payment_intents(sandbox)
    assert intent["metadata"] == {"sale_id": "sale-1"}
    assert intent["amount_received"] == 9612


@pytest.mark.asyncio
async def test_decline_keeps_the_intent_and_a_second_card_pays_it(sandbox: SandboxProcess) -> None:
    """Rule 6: a decline is plain, and "try another card" reuses the same intent."""
    async with open_terminal(sandbox) as terminal:
        attempt = await _armed(terminal)
        await terminal.present_test_card(INSUFFICIENT_FUNDS)
        declined = (await _watch_to_end(terminal, attempt))[-1]
        await terminal.start(attempt)
        assert (await terminal.read_back(attempt)).status is TerminalStatus.AWAITING_CARD
        await terminal.present_test_card(APPROVE)
        approved = (await _watch_to_end(terminal, attempt))[-1]
    assert declined.status is TerminalStatus.DECLINED
    assert declined.decline_reason is DeclineReason.INSUFFICIENT_FUNDS
    assert approved.status is TerminalStatus.APPROVED
    assert approved.reference == attempt.intent_id
    assert [i["id"] for i in payment_intents(sandbox)] == [attempt.intent_id]


@pytest.mark.asyncio
async def test_same_idempotency_key_twice_makes_one_intent(sandbox: SandboxProcess) -> None:
    """Rule 2: one attempt, one key, one intent."""
    key = _key()
    async with open_terminal(sandbox) as terminal:
        first = await terminal.prepare(PRICE, key, {"sale_id": "sale-1"})
        again = await terminal.prepare(PRICE, key, {"sale_id": "sale-1"})
    assert again == first
    assert [i["id"] for i in payment_intents(sandbox)] == [first.intent_id]


@pytest.mark.asyncio
async def test_cancel_of_our_waiting_attempt_cancels_it_and_disarms_the_reader(
    sandbox: SandboxProcess,
) -> None:
    """Rule 8: nothing is left armed for the next guest, and the intent can never be paid."""
    async with open_terminal(sandbox) as terminal:
        attempt = await _armed(terminal)
        reading = await terminal.cancel(attempt)
    assert reading.status is TerminalStatus.CANCELLED
    assert payment_intents(sandbox)[0]["status"] == "canceled"
    assert script_reader(sandbox)["action"] is None


@pytest.mark.asyncio
async def test_cancel_while_authorising_is_refused_and_the_approval_wins(
    sandbox: SandboxProcess,
) -> None:
    """Rule 7: the reader refuses cancel during authorisation; what it then says is the truth."""
    script_reader(sandbox, processing_ms=1500)
    async with open_terminal(sandbox) as terminal:
        attempt = await _armed(terminal)
        await terminal.present_test_card(APPROVE)
        with pytest.raises(TerminalBusy):
            await terminal.cancel(attempt)
        final = (await _watch_to_end(terminal, attempt))[-1]
    assert final.status is TerminalStatus.APPROVED
    assert payment_intents(sandbox)[0]["status"] == "succeeded"


@pytest.mark.asyncio
async def test_cancel_never_touches_another_attempts_action(sandbox: SandboxProcess) -> None:
    """Rule 7: cancel only what you started."""
    async with open_terminal(sandbox) as terminal:
        on_reader = await _armed(terminal)
        ours = await terminal.prepare(PRICE, _key(), {"sale_id": "sale-2"})
        sandbox.clear_requests()
        cancelled = await terminal.cancel(ours)
        other = await terminal.read_back(on_reader)
    assert cancelled.status is TerminalStatus.CANCELLED
    assert other.status is TerminalStatus.AWAITING_CARD
    assert not [r for r in sandbox.requests() if r["path"].endswith("/cancel_action")]


@pytest.mark.asyncio
async def test_read_back_with_another_amount_is_never_approved(sandbox: SandboxProcess) -> None:
    """Rule 5: paid means a success of this attempt's amount."""
    async with open_terminal(sandbox) as terminal:
        attempt = await _armed(terminal)
        await terminal.present_test_card(APPROVE)
        await _watch_to_end(terminal, attempt)
        journalled_otherwise = dataclasses.replace(attempt, amount=Money.of("9.61", "USD"))
        with pytest.raises(TerminalMismatch):
            await terminal.read_back(journalled_otherwise)


@pytest.mark.asyncio
async def test_starting_an_armed_attempt_again_is_not_busy(sandbox: SandboxProcess) -> None:
    async with open_terminal(sandbox) as terminal:
        attempt = await _armed(terminal)
        await terminal.start(attempt)
        reading = await terminal.read_back(attempt)
    assert reading.status is TerminalStatus.AWAITING_CARD


@pytest.mark.asyncio
async def test_starting_a_paid_intent_reports_it_approved_instead(sandbox: SandboxProcess) -> None:
    """``intent_invalid_state`` is answered by reading the intent back, never by a new one."""
    async with open_terminal(sandbox) as terminal:
        attempt = await _armed(terminal)
        await terminal.present_test_card(APPROVE)
        await _watch_to_end(terminal, attempt)
        with pytest.raises(TerminalNotStartable) as refused:
            await terminal.start(attempt)
    assert refused.value.code == "intent_invalid_state"
    assert refused.value.reading.status is TerminalStatus.APPROVED


@pytest.mark.asyncio
async def test_secret_key_and_card_number_are_never_logged(
    sandbox: SandboxProcess, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    async with open_terminal(sandbox) as terminal:
        attempt = await _armed(terminal)
        await terminal.present_test_card(APPROVE)
        await _watch_to_end(terminal, attempt)
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert any(record.name == "kiosk.payments" for record in caplog.records)
    assert reader_info(sandbox)["secret_key"] not in logged
    assert APPROVE not in logged
