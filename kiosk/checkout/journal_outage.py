"""When the journal stops writing: the sale in hand is set aside safely, and once the journal
writes again what was held is written and every sale set aside is settled, as recovery would.

Setting a sale aside needs no journal. A card attempt is taken off the reader and read back —
both safe to do unrecorded, because whatever the reader did, recovery reads it back too — so the
guest is told the truth: paid (a person finishes the membership) or not charged.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

from kiosk.checkout.card import attempt_of
from kiosk.checkout.errors import SaleError
from kiosk.checkout.journal import Journal, JournalUnwritable, SaleRecord
from kiosk.checkout.journal_health import JournalState, Paid
from kiosk.checkout.settings import Deadlines
from kiosk.domain.sale import MONEY_TAKEN, SaleState
from kiosk.payments.terminal import (
    PaymentTerminal,
    TerminalAttempt,
    TerminalError,
    TerminalReading,
    TerminalStatus,
    TerminalUnknownOutcome,
)

log = logging.getLogger("kiosk.checkout")

RETRY_EVERY_S = 5.0  # how often a failing journal is tried again


async def money_of(
    record: SaleRecord, terminal: PaymentTerminal | None, deadlines: Deadlines
) -> Paid:
    """What the guest of a sale set aside paid, learnt without the journal: a card attempt is
    taken off the reader first, so nothing can be charged after the guest was told."""
    if record.state in MONEY_TAKEN or record.payment_reference is not None:
        return Paid.YES
    if record.state is SaleState.NEEDS_STAFF or record.state is SaleState.AWAITING_PHONE:
        return Paid.UNSURE  # a person checks (a hosted page may still be paid: recovery reads it)
    if record.method != "card" or record.intent_id is None or terminal is None:
        return Paid.NO
    try:
        attempt = attempt_of(record)
    except ValueError:
        return Paid.UNSURE
    reading = await _take_off_reader(terminal, attempt, deadlines)
    if reading is None:
        return Paid.UNSURE
    if reading.status is TerminalStatus.APPROVED:
        matches = reading.intent_id == attempt.intent_id and reading.amount == attempt.amount
        return Paid.YES if matches else Paid.UNSURE
    return Paid.NO


async def _take_off_reader(
    terminal: PaymentTerminal, attempt: TerminalAttempt, deadlines: Deadlines
) -> TerminalReading | None:
    """Cancel our attempt; while a card is being authorised, read it back until it settles."""
    with contextlib.suppress(TerminalError, TerminalUnknownOutcome):
        reading = await terminal.cancel(attempt)
        if reading.status is not TerminalStatus.PROCESSING:
            return reading
    deadline = time.monotonic() + deadlines.reconcile
    delay = deadlines.poll_initial
    while time.monotonic() < deadline:
        with contextlib.suppress(TerminalError, TerminalUnknownOutcome):
            reading = await terminal.read_back(attempt)
            if reading.status not in (TerminalStatus.PROCESSING, TerminalStatus.AWAITING_CARD):
                return reading
            if reading.status is TerminalStatus.AWAITING_CARD:
                with contextlib.suppress(TerminalError, TerminalUnknownOutcome):
                    await terminal.cancel(attempt)
        await asyncio.sleep(delay)
        delay = min(deadlines.poll_max, delay * 2)
    return None


class JournalWatch:
    """While the journal fails: try it again every few seconds; once it writes, write what was
    held, settle each sale set aside, and let the kiosk sell again."""

    def __init__(
        self,
        journal: Journal,
        settle: Callable[[str], Awaitable[None]],
        keep: Callable[[Coroutine[Any, Any, Any], str], asyncio.Task[Any]],
    ) -> None:
        self.retry_every_s = RETRY_EVERY_S  # injectable for tests
        self._journal = journal
        self._settle = settle
        self._keep = keep
        self._task: asyncio.Task[Any] | None = None
        journal.health.subscribe(self._heard)

    def _heard(self, state: JournalState) -> None:
        if not state.writable and (self._task is None or self._task.done()):
            self._task = self._keep(self._until_it_writes(), "journal-watch")

    async def _until_it_writes(self) -> None:
        health = self._journal.health
        while not health.writable:
            await asyncio.sleep(self.retry_every_s)
            try:
                await self._journal.probe()
                await self._journal.replay_held()
            except JournalUnwritable as still:
                log.info("the journal still does not write: %s", still.reason)
                continue
            for held in health.state.held:
                health.release(held.sale_id)
                try:
                    await self._settle(held.sale_id)
                except JournalUnwritable:
                    break  # failing again: its write set the sale aside once more
                except SaleError as error:  # Zenoti or the reader away: recovery's usual case
                    log.info("sale %s set aside, left for recovery: %s", held.sale_id, error)
            if health.state.held_writes == 0 and not health.state.held:
                health.restored()
