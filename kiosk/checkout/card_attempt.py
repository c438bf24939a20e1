"""A card attempt as the journal holds it, its readings fed from the reader, and the words a
decline is told to the guest in — the plain parts ``card.py`` drives a payment with.
"""

from __future__ import annotations

import asyncio

from kiosk.checkout.journal import SaleRecord
from kiosk.checkout.view import Problem
from kiosk.domain.money import Money
from kiosk.payments.terminal import (
    DeclineReason,
    PaymentTerminal,
    TerminalAttempt,
    TerminalError,
    TerminalReading,
    TerminalUnknownOutcome,
)

DECLINE_PROBLEMS = {
    DeclineReason.DECLINED: Problem.CARD_DECLINED,
    DeclineReason.INSUFFICIENT_FUNDS: Problem.INSUFFICIENT_FUNDS,
    DeclineReason.EXPIRED_CARD: Problem.CARD_EXPIRED,
    DeclineReason.INCORRECT_PIN: Problem.INCORRECT_PIN,
    DeclineReason.CARD_NOT_SUPPORTED: Problem.CARD_NOT_SUPPORTED,
    DeclineReason.READ_ERROR: Problem.CARD_READ_ERROR,
}


def attempt_of(record: SaleRecord) -> TerminalAttempt:
    """The attempt a journalled sale holds (its key, intent, reader and amount)."""
    if (
        record.attempt_key is None
        or record.intent_id is None
        or record.reader_id is None
        or record.amount is None
        or record.currency is None
    ):
        raise ValueError(f"sale {record.id} holds no complete card attempt")
    return TerminalAttempt(
        idempotency_key=record.attempt_key,
        intent_id=record.intent_id,
        reader_id=record.reader_id,
        amount=Money(record.amount, record.currency),
    )


async def pump_readings(
    terminal: PaymentTerminal,
    attempt: TerminalAttempt,
    readings: asyncio.Queue[TerminalReading | Exception | None],
) -> None:
    """Feed the terminal's readings into a queue; an error or the end is put there too."""
    try:
        async for reading in terminal.watch(attempt):
            await readings.put(reading)
    except (TerminalError, TerminalUnknownOutcome) as error:
        await readings.put(error)
        return
    await readings.put(None)
