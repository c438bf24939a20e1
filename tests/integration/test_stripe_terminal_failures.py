"""The Stripe Terminal driver when the reader or the network fails: unknown is never a decline.

Each test names the payment rule it pins (docs: payment-terminals.md).
"""

from __future__ import annotations

import uuid

import pytest

from kiosk.domain.money import Money
from kiosk.payments.terminal import (
    TerminalBusy,
    TerminalOffline,
    TerminalStatus,
    TerminalUnknownOutcome,
)
from tests.support.sandbox_process import SandboxProcess
from tests.support.stripe_reader import APPROVE, open_terminal, payment_intents, script_reader

pytestmark = [pytest.mark.sandbox]

PRICE = Money.of("45.00", "USD")
START = "/stripe/v1/terminal/readers/*/process_payment_intent"


def _key() -> str:
    return f"attempt-{uuid.uuid4()}"


@pytest.mark.asyncio
async def test_reader_timeout_is_unknown_and_the_armed_reader_still_takes_the_card(
    sandbox: SandboxProcess,
) -> None:
    """Rules 3 and 4: ``terminal_reader_timeout`` can be a false negative; read the original."""
    script_reader(sandbox, next_process="timeout")
    async with open_terminal(sandbox) as terminal:
        attempt = await terminal.prepare(PRICE, _key(), {"sale_id": "sale-1"})
        with pytest.raises(TerminalUnknownOutcome):
            await terminal.start(attempt)
        found = await terminal.read_back(attempt)
        await terminal.present_test_card(APPROVE)
        final = [reading async for reading in terminal.watch(attempt)][-1]
    assert found.status is TerminalStatus.AWAITING_CARD
    assert final.status is TerminalStatus.APPROVED
    assert len(payment_intents(sandbox)) == 1


@pytest.mark.asyncio
async def test_dropped_answer_to_create_intent_is_unknown_and_the_retry_finds_the_same_intent(
    sandbox: SandboxProcess,
) -> None:
    """Rule 2: the intent was committed before the connection dropped; the key finds it again."""
    sandbox.inject(method="POST", path="/stripe/v1/payment_intents", kind="drop_after_commit")
    key = _key()
    async with open_terminal(sandbox) as terminal:
        with pytest.raises(TerminalUnknownOutcome):
            await terminal.prepare(PRICE, key, {"sale_id": "sale-1"})
        attempt = await terminal.prepare(PRICE, key, {"sale_id": "sale-1"})
    assert [i["id"] for i in payment_intents(sandbox)] == [attempt.intent_id]


@pytest.mark.asyncio
async def test_offline_reader_is_offline_and_nothing_is_armed(sandbox: SandboxProcess) -> None:
    script_reader(sandbox, online=False)
    async with open_terminal(sandbox) as terminal:
        attempt = await terminal.prepare(PRICE, _key(), {})
        with pytest.raises(TerminalOffline):
            await terminal.start(attempt)
        reading = await terminal.read_back(attempt)
    assert reading.status is TerminalStatus.READY
    assert script_reader(sandbox)["action"] is None


@pytest.mark.asyncio
async def test_busy_reader_is_busy_and_nothing_is_armed(sandbox: SandboxProcess) -> None:
    script_reader(sandbox, next_process="busy")
    async with open_terminal(sandbox) as terminal:
        attempt = await terminal.prepare(PRICE, _key(), {})
        with pytest.raises(TerminalBusy):
            await terminal.start(attempt)
        reading = await terminal.read_back(attempt)
    assert reading.status is TerminalStatus.READY


@pytest.mark.asyncio
async def test_reader_holding_another_attempt_is_busy_for_a_new_one(
    sandbox: SandboxProcess,
) -> None:
    async with open_terminal(sandbox) as terminal:
        first = await terminal.prepare(PRICE, _key(), {})
        await terminal.start(first)
        second = await terminal.prepare(PRICE, _key(), {})
        with pytest.raises(TerminalBusy):
            await terminal.start(second)
        still_first = await terminal.read_back(first)
    assert still_first.status is TerminalStatus.AWAITING_CARD


@pytest.mark.asyncio
async def test_server_error_on_start_is_unknown_not_a_decline(sandbox: SandboxProcess) -> None:
    """Rule 3: a 5xx is never a decline."""
    sandbox.inject(method="POST", path=START, kind="status", status=500)
    async with open_terminal(sandbox) as terminal:
        attempt = await terminal.prepare(PRICE, _key(), {})
        with pytest.raises(TerminalUnknownOutcome):
            await terminal.start(attempt)
        reading = await terminal.read_back(attempt)
    assert reading.status is TerminalStatus.READY  # not DECLINED: nothing was refused


@pytest.mark.asyncio
async def test_dropped_answer_to_start_is_unknown_and_read_back_finds_it_armed(
    sandbox: SandboxProcess,
) -> None:
    """Rules 3 and 4: the reader took the intent, the answer was lost; read it back."""
    sandbox.inject(method="POST", path=START, kind="drop_after_commit")
    async with open_terminal(sandbox) as terminal:
        attempt = await terminal.prepare(PRICE, _key(), {})
        with pytest.raises(TerminalUnknownOutcome):
            await terminal.start(attempt)
        reading = await terminal.read_back(attempt)
    assert reading.status is TerminalStatus.AWAITING_CARD


@pytest.mark.asyncio
async def test_watch_rides_out_transient_read_errors(sandbox: SandboxProcess) -> None:
    """Reads are safe to repeat: a 500 while watching is retried, not reported."""
    async with open_terminal(sandbox) as terminal:
        attempt = await terminal.prepare(PRICE, _key(), {})
        await terminal.start(attempt)
        await terminal.present_test_card(APPROVE)
        sandbox.inject(method="GET", path="/stripe/v1/payment_intents/*", kind="status", count=3)
        final = [reading async for reading in terminal.watch(attempt)][-1]
    assert final.status is TerminalStatus.APPROVED
