"""The card flow against readers that behave in ways the sandbox's simulated reader cannot."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Mapping
from decimal import Decimal
from pathlib import Path

import pytest

from kiosk.checkout.card import CardPayment
from kiosk.checkout.journal import Journal, SaleRecord
from kiosk.checkout.settings import Deadlines
from kiosk.checkout.view import Problem
from kiosk.domain.money import Money
from kiosk.domain.sale import SaleState
from kiosk.payments.terminal import TerminalAttempt, TerminalReading, TerminalStatus

pytestmark = pytest.mark.asyncio

AMOUNT = Money(Decimal("96.12"), "USD")


class ReaderThatApproves:
    """A reader whose approval is for another amount (a processor bug, or someone else's tap)."""

    reader_id = "tmr_fake"

    def __init__(self, approved_amount: Money) -> None:
        self.approved_amount = approved_amount
        self.started = 0

    async def prepare(
        self, amount: Money, idempotency_key: str, metadata: Mapping[str, str]
    ) -> TerminalAttempt:
        return TerminalAttempt(idempotency_key, "pi_fake", self.reader_id, amount)

    async def start(self, attempt: TerminalAttempt) -> None:
        self.started += 1

    async def watch(self, attempt: TerminalAttempt) -> AsyncIterator[TerminalReading]:
        yield TerminalReading(TerminalStatus.AWAITING_CARD, attempt.intent_id)
        yield TerminalReading(
            TerminalStatus.APPROVED, attempt.intent_id, self.approved_amount, reference="pi_fake"
        )

    async def read_back(self, attempt: TerminalAttempt) -> TerminalReading:
        return TerminalReading(
            TerminalStatus.APPROVED, attempt.intent_id, self.approved_amount, reference="pi_fake"
        )

    async def cancel(self, attempt: TerminalAttempt) -> TerminalReading:
        return await self.read_back(attempt)

    async def present_test_card(self, card_number: str) -> None:
        return None

    async def aclose(self) -> None:
        return None


async def _ready_sale(journal: Journal) -> SaleRecord:
    await journal.begin_sale("s1", "c", ["m"], recurring=False)
    for state in (
        SaleState.GUEST_IDENTIFIED,
        SaleState.TERMS_ACCEPTED,
        SaleState.INVOICE_REQUESTED,
    ):
        await journal.transition("s1", state, event=state.value)
    return await journal.transition(
        "s1",
        SaleState.INVOICE_READY,
        event="ready",
        invoice_id="inv",
        amount=AMOUNT.amount,
        currency="USD",
    )


async def _pay(tmp_path: Path, reader: ReaderThatApproves) -> tuple[SaleState, Problem | None]:
    journal = await Journal.open(tmp_path / "j.sqlite3")
    try:
        record = await _ready_sale(journal)

        async def publish(record: SaleRecord, problem: Problem | None) -> None:
            return None

        card = CardPayment(
            journal, reader, Deadlines(reconcile=0.2, poll_initial=0.05), publish, asyncio.Event()
        )
        outcome = await card.pay(record, AMOUNT)
        return outcome.record.state, outcome.problem
    finally:
        await journal.close()


async def test_rule5_an_approval_for_another_amount_is_not_paid(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    state, problem = await _pay(tmp_path, ReaderThatApproves(Money(Decimal("1.00"), "USD")))
    assert state is SaleState.NEEDS_STAFF
    assert problem is Problem.PAYMENT_UNCONFIRMED
    caplog.clear()


async def test_rule5_an_approval_for_this_intent_and_amount_is_paid(tmp_path: Path) -> None:
    state, problem = await _pay(tmp_path, ReaderThatApproves(AMOUNT))
    assert state is SaleState.APPROVED
    assert problem is None
