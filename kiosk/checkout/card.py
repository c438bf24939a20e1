"""A card payment on the reader, from an invoice to a resting point: approved, declined, back to
choosing a method, or a person needed.

Rules kept here (the kiosk's payment rules): every transition is journalled before anyone sees
it; one attempt keeps one idempotency key and one intent, reused after a decline; a timeout or a
lost answer is UNKNOWN, never a decline, and is settled by reading the original back with a
bounded wait; paid means a final success for this intent and this amount; cancel only our own
attempt, then believe what the read-back says; the payment has its own deadline.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from kiosk.checkout.card_attempt import DECLINE_PROBLEMS, attempt_of, pump_readings
from kiosk.checkout.journal import Journal, SaleRecord
from kiosk.checkout.settings import Deadlines
from kiosk.checkout.view import Problem
from kiosk.domain.money import Money
from kiosk.domain.sale import SaleState
from kiosk.payments.terminal import (
    DeclineReason,
    PaymentTerminal,
    TerminalAttempt,
    TerminalBusy,
    TerminalError,
    TerminalMismatch,
    TerminalNotStartable,
    TerminalOffline,
    TerminalReading,
    TerminalStatus,
    TerminalUnknownOutcome,
)

__all__ = ["DECLINE_PROBLEMS", "CardOutcome", "CardPayment", "attempt_of"]

log = logging.getLogger("kiosk.checkout")

Publish = Callable[[SaleRecord, Problem | None], Awaitable[None]]


@dataclass(frozen=True, slots=True)
class CardOutcome:
    """Where the card payment came to rest, and what to tell the guest."""

    record: SaleRecord
    problem: Problem | None = None
    card_last_four: str | None = None


class CardPayment:
    """Drives one sale's card attempt on one reader."""

    def __init__(
        self,
        journal: Journal,
        terminal: PaymentTerminal,
        deadlines: Deadlines,
        publish: Publish,
        cancel_requested: asyncio.Event,
        *,
        guest_present: bool = True,
    ) -> None:
        self._journal = journal
        # Recovery and walk-aways settle attempts with nobody at the reader: an armed reader is
        # then taken back at once, never watched until the payment's deadline.
        self._guest_present = guest_present
        self._terminal = terminal
        self._deadlines = deadlines
        self._publish = publish
        self._cancel = cancel_requested
        self._last_four: str | None = None

    # ------------------------------------------------------------------ entry points

    async def pay(self, record: SaleRecord, amount: Money) -> CardOutcome:
        """Prepare (or reuse) the attempt, arm the reader and watch it to a resting point."""
        if record.state is SaleState.INVOICE_READY or record.intent_id is None:
            prepared = await self._prepare(record, amount)
            if isinstance(prepared, CardOutcome):
                return prepared
            record = prepared
        attempt = attempt_of(record)
        record = await self._move(record, SaleState.SENT, "arming the reader")
        try:
            await self._terminal.start(attempt)
        except TerminalOffline:
            return await self._rest(record, SaleState.INTENT_CREATED, Problem.READER_OFFLINE)
        except TerminalBusy:
            return await self._rest(record, SaleState.INTENT_CREATED, Problem.READER_BUSY)
        except TerminalNotStartable as refused:
            # The intent is past taking a card (paid already, or cancelled): the driver read it
            # back on refusing, and that reading is believed — from SENT, no hop in between.
            return await self._settle_reading(record, attempt, refused.reading)
        except TerminalMismatch as mismatch:
            return await self._mismatch(record, mismatch)
        except TerminalUnknownOutcome as unknown:
            log.info("reader hand-off outcome unknown: %s", unknown.operation)
            return await self.reconcile(
                await self._move(record, SaleState.UNKNOWN, "hand-off unknown")
            )
        except TerminalError as error:
            log.info("reader refused the hand-off: %s", error.code)
            return await self._rest(record, SaleState.INTENT_CREATED, Problem.READER_BUSY)
        record = await self._move(record, SaleState.AWAITING_CARD, "reader armed")
        return await self._watch(record, attempt)

    async def reconcile(self, record: SaleRecord) -> CardOutcome:
        """Settle an unknown outcome by reading the attempt back, with backoff, bounded (rule 4)."""
        attempt = attempt_of(record)
        if record.state in (SaleState.UNKNOWN, SaleState.NEEDS_STAFF):
            record = await self._move(record, SaleState.RECONCILING, "reading the payment back")
        deadline = time.monotonic() + self._deadlines.reconcile
        delay = self._deadlines.poll_initial
        while True:
            try:
                reading = await self._terminal.read_back(attempt)
            except TerminalMismatch as mismatch:
                return await self._mismatch(record, mismatch)
            except (TerminalUnknownOutcome, TerminalError) as error:
                log.info("payment read-back failed, will retry: %s", type(error).__name__)
                reading = None
            if reading is not None and reading.status is not TerminalStatus.PROCESSING:
                return await self._settle_reading(record, attempt, reading)
            if time.monotonic() + delay > deadline:
                return await self._needs_staff(
                    record,
                    "card payment outcome still unknown after "
                    f"{int(self._deadlines.reconcile)} s: check the reader's payment "
                    f"{attempt.intent_id} before finishing this sale",
                    Problem.PAYMENT_UNCONFIRMED,
                )
            await asyncio.sleep(delay)
            delay = min(self._deadlines.poll_max, delay * 2)

    async def leave(self, record: SaleRecord) -> CardOutcome | None:
        """The guest is gone: take our attempt off the reader for good; None when nothing was
        taken. An approval found on the way wins (a success that is not this attempt's exactly
        goes to staff); a card still authorising, or no answer at all, is UNKNOWN: read back."""
        if record.intent_id is None:
            return None
        attempt = attempt_of(record)
        try:
            reading = await self._release(attempt)
        except TerminalMismatch as mismatch:
            return await self._mismatch(record, mismatch)
        if reading is None or reading.status is TerminalStatus.PROCESSING:
            return await self.reconcile(
                await self._move(record, SaleState.UNKNOWN, "outcome unknown while leaving")
            )
        if reading.status is TerminalStatus.APPROVED:
            return await self._settle_reading(record, attempt, reading)
        return None

    async def _release(self, attempt: TerminalAttempt) -> TerminalReading | None:
        """Cancel the attempt, or failing that read it back; None when neither answered."""
        for take_back in (self._terminal.cancel, self._terminal.read_back):
            try:
                return await take_back(attempt)
            except TerminalMismatch:
                raise
            except (TerminalError, TerminalUnknownOutcome) as error:
                log.info(
                    "attempt not taken back (%s): %s", take_back.__name__, type(error).__name__
                )
        return None

    # ------------------------------------------------------------------ steps

    async def _prepare(self, record: SaleRecord, amount: Money) -> SaleRecord | CardOutcome:
        # A new key only for a new attempt: the old intent is cancelled (final) or was never made.
        key = record.attempt_key or f"{record.id}-card-{uuid.uuid4().hex[:12]}"
        record = await self._journal.note(
            record.id,
            event="creating the payment intent",
            pending_effect="create_intent",
            attempt_key=key,
            method="card",
            amount=amount.amount,
            currency=amount.currency,
        )
        metadata = {"sale_id": record.id, "invoice_id": record.invoice_id or ""}
        last: Exception | None = None
        for attempt_number in range(3):  # the same key: a retry can never make a second intent
            try:
                attempt = await self._terminal.prepare(amount, key, metadata)
            except TerminalUnknownOutcome as unknown:
                last = unknown
                await asyncio.sleep(self._deadlines.poll_initial * (attempt_number + 1))
                continue
            except TerminalError as error:
                last = error
                break
            record = await self._journal.transition(
                record.id,
                SaleState.INTENT_CREATED,
                event="payment intent created",
                pending_effect=None,
                intent_id=attempt.intent_id,
                reader_id=attempt.reader_id,
            )
            await self._publish(record, None)
            return record
        log.info("payment intent not created: %s", type(last).__name__)
        return CardOutcome(record, Problem.SERVICE_UNAVAILABLE)

    async def _watch(self, record: SaleRecord, attempt: TerminalAttempt) -> CardOutcome:
        readings: asyncio.Queue[TerminalReading | Exception | None] = asyncio.Queue()
        pump = asyncio.create_task(
            pump_readings(self._terminal, attempt, readings), name="card-watch"
        )
        deadline = time.monotonic() + self._deadlines.awaiting_card
        try:
            while True:
                item = await self._next(readings, deadline)
                if item is _CANCEL or item is _DEADLINE:
                    outcome = await self._cancel_attempt(record, attempt, item is _DEADLINE)
                    if outcome is not None:
                        return outcome
                    self._cancel.clear()  # authorising: cancel refused; keep watching
                    record = await self._journal.get(record.id)
                    await self._publish(record, Problem.CANNOT_CANCEL_NOW)
                    deadline = time.monotonic() + self._deadlines.reconcile
                    continue
                if isinstance(item, TerminalMismatch):
                    return await self._mismatch(record, item)
                if item is None or isinstance(item, Exception):
                    record = await self._move(record, SaleState.UNKNOWN, "lost sight of the reader")
                    return await self.reconcile(record)
                assert isinstance(item, TerminalReading)
                if (
                    item.status is TerminalStatus.PROCESSING
                    and record.state is not SaleState.PROCESSING
                ):
                    record = await self._move(record, SaleState.PROCESSING, "card presented")
                elif item.status not in (TerminalStatus.AWAITING_CARD, TerminalStatus.PROCESSING):
                    return await self._settle_reading(record, attempt, item)
        finally:
            pump.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await pump

    async def _next(
        self, readings: asyncio.Queue[TerminalReading | Exception | None], deadline: float
    ) -> object:
        get = asyncio.create_task(readings.get())
        cancel = asyncio.create_task(self._cancel.wait())
        try:
            done, _ = await asyncio.wait(
                {get, cancel},
                timeout=max(0.0, deadline - time.monotonic()),
                return_when=asyncio.FIRST_COMPLETED,
            )
        finally:
            cancel.cancel()
            if not get.done():
                get.cancel()
        if get in done:
            return get.result()
        if cancel in done:
            return _CANCEL
        return _DEADLINE

    async def _cancel_attempt(
        self, record: SaleRecord, attempt: TerminalAttempt, timed_out: bool
    ) -> CardOutcome | None:
        """Cancel our own attempt, then believe the read-back: an approval can win the race."""
        try:
            reading = await self._terminal.cancel(attempt)
        except TerminalBusy:
            return None
        except TerminalMismatch as mismatch:
            return await self._mismatch(record, mismatch)
        except (TerminalError, TerminalUnknownOutcome):
            record = await self._move(record, SaleState.UNKNOWN, "cancel outcome unknown")
            return await self.reconcile(record)
        outcome = await self._settle_reading(record, attempt, reading)
        if timed_out and outcome.record.state in (
            SaleState.INTENT_CREATED,
            SaleState.INVOICE_READY,
        ):
            await self._publish(outcome.record, Problem.PAYMENT_TIMED_OUT)
            return CardOutcome(outcome.record, Problem.PAYMENT_TIMED_OUT)
        return outcome

    async def _settle_reading(
        self, record: SaleRecord, attempt: TerminalAttempt, reading: TerminalReading
    ) -> CardOutcome:
        status = reading.status
        if status is TerminalStatus.APPROVED:
            if reading.intent_id != attempt.intent_id or reading.amount != attempt.amount:
                # Rule 5: a success that is not for this intent and this amount is not "paid".
                return await self._needs_staff(
                    record,
                    f"the reader reported a success that does not match intent "
                    f"{attempt.intent_id} for {attempt.amount}",
                    Problem.PAYMENT_UNCONFIRMED,
                )
            self._last_four = reading.card_last_four
            record = await self._journal.transition(
                record.id,
                SaleState.APPROVED,
                event="card approved",
                detail={"intent_id": reading.intent_id},
                payment_reference=reading.reference or reading.intent_id,
            )
            await self._publish(record, None)
            return CardOutcome(record, None, reading.card_last_four)
        if status is TerminalStatus.DECLINED:
            problem = DECLINE_PROBLEMS.get(
                reading.decline_reason or DeclineReason.DECLINED, Problem.CARD_DECLINED
            )
            return await self._rest(record, SaleState.DECLINED, problem)
        if status is TerminalStatus.CANCELLED:
            # The intent itself is gone: a new attempt needs a new key.
            return await self._rest(
                record, SaleState.INVOICE_READY, None, attempt_key=None, intent_id=None
            )
        if status is TerminalStatus.AWAITING_CARD and record.state is SaleState.RECONCILING:
            # A timeout that was a false negative: the reader is armed with our intent.
            record = await self._move(record, SaleState.AWAITING_CARD, "reader found armed")
            if not self._guest_present:
                return CardOutcome(record)  # the caller takes it off the reader
            return await self._watch(record, attempt)
        if status is TerminalStatus.PROCESSING:
            return await self.reconcile(
                await self._move(record, SaleState.UNKNOWN, "still processing")
            )
        return await self._rest(record, SaleState.INTENT_CREATED, None)

    # ------------------------------------------------------------------ journal + publish

    async def _move(self, record: SaleRecord, state: SaleState, event: str) -> SaleRecord:
        if record.state is state:
            return record
        record = await self._journal.transition(record.id, state, event=event)
        await self._publish(record, None)
        return record

    async def _rest(
        self, record: SaleRecord, state: SaleState, problem: Problem | None, **changes: Any
    ) -> CardOutcome:
        if record.state is not state:
            record = await self._journal.transition(
                record.id,
                state,
                event=f"payment at rest: {problem.value if problem else state.value}",
                **changes,
            )
        await self._publish(record, problem)
        return CardOutcome(record, problem, self._last_four)

    async def _mismatch(self, record: SaleRecord, mismatch: TerminalMismatch) -> CardOutcome:
        return await self._needs_staff(  # rule 5: not this attempt's exactly is never "paid"
            record,
            f"the processor reported a payment that does not match this sale: {mismatch.message}",
            Problem.PAYMENT_UNCONFIRMED,
        )

    async def _needs_staff(self, record: SaleRecord, reason: str, problem: Problem) -> CardOutcome:
        log.error("sale %s needs staff: %s", record.id, reason)
        if record.state is not SaleState.NEEDS_STAFF:  # straight there: no hop that never was
            record = await self._journal.transition(
                record.id,
                SaleState.NEEDS_STAFF,
                event="needs staff",
                detail={"reason": reason},
                needs_staff_reason=reason,
            )
        await self._publish(record, problem)
        return CardOutcome(record, problem)


_CANCEL, _DEADLINE = object(), object()
