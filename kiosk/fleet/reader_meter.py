"""A card-reader driver that counts what the reader did for the metrics, and otherwise only
passes every call through to the real driver."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Mapping
from datetime import datetime
from typing import Protocol, cast

from kiosk.domain.money import Money
from kiosk.payments.terminal import (
    PaymentTerminal,
    ReaderPayment,
    SimulatedReader,
    TerminalAttempt,
    TerminalReading,
    TerminalStatus,
)

COUNTED = (TerminalStatus.APPROVED, TerminalStatus.DECLINED, TerminalStatus.CANCELLED)


class MeteredTerminal:
    """A :class:`~kiosk.payments.terminal.PaymentTerminal` reporting each outcome once."""

    def __init__(self, terminal: PaymentTerminal, report: Callable[[str], None]) -> None:
        self._terminal = terminal
        self._report = report
        self._seen: dict[tuple[str, TerminalStatus], None] = {}  # insertion-ordered, bounded

    @property
    def reader_id(self) -> str:
        return self._terminal.reader_id

    def _reading(self, reading: TerminalReading) -> TerminalReading:
        key = (reading.intent_id, reading.status)
        if reading.status in COUNTED and key not in self._seen:
            self._seen[key] = None
            if len(self._seen) > 1000:
                del self._seen[next(iter(self._seen))]
            self._report(reading.status.value)
        return reading

    async def prepare(
        self, amount: Money, idempotency_key: str, metadata: Mapping[str, str]
    ) -> TerminalAttempt:
        try:
            return await self._terminal.prepare(amount, idempotency_key, metadata)
        except Exception as error:
            self._report(type(error).__name__)
            raise

    async def start(self, attempt: TerminalAttempt) -> None:
        try:
            await self._terminal.start(attempt)
        except Exception as error:
            self._report(type(error).__name__)
            raise

    async def watch(self, attempt: TerminalAttempt) -> AsyncIterator[TerminalReading]:
        async for reading in self._terminal.watch(attempt):
            yield self._reading(reading)

    async def read_back(self, attempt: TerminalAttempt) -> TerminalReading:
        return self._reading(await self._terminal.read_back(attempt))

    async def payments_between(self, start: datetime, end: datetime) -> list[ReaderPayment]:
        return await self._terminal.payments_between(start, end)

    async def cancel(self, attempt: TerminalAttempt) -> TerminalReading:
        return self._reading(await self._terminal.cancel(attempt))

    async def reader_status(self) -> str:
        return await self._terminal.reader_status()

    async def aclose(self) -> None:
        await self._terminal.aclose()


class MeteredSimulatedReader(MeteredTerminal):
    """The same, for a reader in test mode: a test card can still be presented through it."""

    def __init__(self, terminal: SimulatedTerminal, report: Callable[[str], None]) -> None:
        super().__init__(terminal, report)
        self._simulated = terminal

    async def present_test_card(self, card_number: str) -> None:
        await self._simulated.present_test_card(card_number)


class SimulatedTerminal(PaymentTerminal, SimulatedReader, Protocol):
    """A driver that is both (the sandbox's reader, Stripe's in test mode)."""


def metered(terminal: PaymentTerminal, report: Callable[[str], None]) -> PaymentTerminal:
    """``terminal`` counted, keeping what it can do (a test card only where it takes one)."""
    if isinstance(terminal, SimulatedReader):
        return MeteredSimulatedReader(cast(SimulatedTerminal, terminal), report)
    return MeteredTerminal(terminal, report)
