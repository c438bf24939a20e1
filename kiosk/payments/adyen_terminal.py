"""Adyen's cloud Terminal API, synchronous: a second real card reader (a V400m, S1F2, AMS1, ...).

Adyen has no payment object to create first: an *attempt* is the kiosk's own reference, sent as
``SaleTransactionID.TransactionID`` (Adyen's merchant reference), and each time the attempt goes
on the terminal it is one ``PaymentRequest`` with its own ``ServiceID``. Both are derived from the
attempt's idempotency key — the reference, and a token plus a try number for the ServiceIDs — so a
restarted kiosk finds its own payments again from the journal alone.

The ``/sync`` request stays open until the shopper is done. When its answer is missing or late (a
time-out, a dropped connection, a crash), a ``TransactionStatusRequest`` naming the original
ServiceID settles it: **InProgress** (still on the terminal), **NotFound** (it never got there: the
same ServiceID may be sent again) or the original answer. A payment is never sent again while its
outcome is unknown. ``AbortRequest`` is only for a payment still in progress, and what the payment
itself then answers (Aborted, or an approval that won the race) is the truth.

Adyen's ServiceID must be unique within 48 hours for the terminal; the try numbers of one attempt
run 1, 2, … (a NotFound try is sent again under the same number), and the status and abort requests
get random ServiceIDs of their own.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncIterator, Mapping
from datetime import datetime
from typing import Any

import httpx

from kiosk.domain.money import Money
from kiosk.payments import adyen_nexo as nexo
from kiosk.payments.adyen_http import AdyenHttp, AdyenNoAnswer, AdyenRefusal, AdyenRejected
from kiosk.payments.adyen_readings import reading_of
from kiosk.payments.adyen_tries import (
    MAX_TRIES,
    Try,
    hand_off_answer,
    random_service_id,
    reference_of,
    service_id_of,
)
from kiosk.payments.terminal import (
    ReaderPayment,
    TerminalAttempt,
    TerminalBusy,
    TerminalError,
    TerminalNotListable,
    TerminalNotStartable,
    TerminalReading,
    TerminalStatus,
    TerminalUnknownOutcome,
)
from kiosk.payments.watching import watch_readings

log = logging.getLogger("kiosk.payments")


class AdyenTerminal:
    """A ``PaymentTerminal`` on one Adyen terminal (its POIID), through Adyen's cloud.

    ``base_url`` is ``https://terminal-api-test.adyen.com`` (or a live region), or the sandbox's
    ``/adyen`` mount; ``sale_id`` names this kiosk to Adyen (nexo ``SaleID``). A real terminal
    is tapped by a real card: only :class:`SimulatedAdyenTerminal` takes a test card.
    """

    def __init__(
        self,
        base_url: str,
        api_key: str,
        poi_id: str,
        currency: str,
        *,
        sale_id: str = "kiosk",
        transport: httpx.AsyncBaseTransport | None = None,
        timeout: float = 30.0,
        sync_timeout: float = 180.0,
        ack_wait: float = 0.3,
        hand_off_wait: float = 5.0,
        poll_interval: float = 0.5,
        watch_deadline: float = 180.0,
        silence_limit: float = 8.0,
        abort_wait: float = 10.0,
    ) -> None:
        # sync_timeout outlasts Adyen's own 150 s for a cloud payment, so a late answer is
        # Adyen's to give; past it, the status request decides.
        self._http = AdyenHttp(base_url, api_key, transport=transport, timeout=timeout)
        self._poi_id = poi_id
        self._currency = currency.upper()
        self._sale_id = sale_id
        self._sync_timeout = sync_timeout
        self._ack_wait = ack_wait
        self._hand_off_wait = hand_off_wait
        self._poll = poll_interval
        self._watch_deadline = watch_deadline
        self._silence_limit = silence_limit
        self._abort_wait = abort_wait
        self._tries: dict[str, Try] = {}
        self._metadata: dict[str, Mapping[str, str]] = {}

    @property
    def reader_id(self) -> str:
        return self._poi_id

    # ------------------------------------------------------------------ the protocol

    async def prepare(
        self, amount: Money, idempotency_key: str, metadata: Mapping[str, str]
    ) -> TerminalAttempt:
        """No call to Adyen: the attempt's reference is derived from its key (the same key, the
        same reference, whichever process asks)."""
        if amount.currency != self._currency:
            raise ValueError(f"this terminal takes {self._currency}, not {amount.currency}")
        if amount.minor_units() <= 0:
            raise ValueError("a card payment needs a positive amount")
        attempt = TerminalAttempt(
            idempotency_key=idempotency_key,
            intent_id=reference_of(idempotency_key),
            reader_id=self._poi_id,
            amount=amount,
        )
        self._metadata[attempt.intent_id] = dict(metadata)
        self._forget_old()
        log.info("payment reference %s ready on key %s", attempt.intent_id, idempotency_key)
        return attempt

    async def start(self, attempt: TerminalAttempt) -> None:
        """Send the PaymentRequest; returns once the terminal has it (or has already answered)."""
        latest = await self._known(attempt, "start")
        if latest.state == "unknown" and not latest.waiting:
            await self._ask(attempt, latest, "start")
        if latest.state == "armed" or latest.waiting:
            return  # already on the terminal: starting it again is nothing to do
        if (
            latest.state == "final"
            and latest.answer is not None
            and latest.answer.outcome.succeeded
        ):
            reading = reading_of(attempt, latest.answer)
            raise TerminalNotStartable("already_paid", "this attempt is paid", reading)
        number = latest.number if latest.state == "none" else latest.number + 1
        if number > MAX_TRIES:
            raise TerminalError("too_many_tries", f"attempt {attempt.intent_id} is worn out")
        sent = Try(max(number, 1), "unknown")
        message = nexo.payment_request(
            sale_id=self._sale_id,
            poi_id=self._poi_id,
            service_id=self._service_id(attempt, sent.number),
            transaction_id=attempt.intent_id,
            amount=attempt.amount,
            metadata=self._metadata.get(attempt.intent_id, {}),
        )
        sent.request = asyncio.create_task(
            self._http.sync(message, timeout=self._sync_timeout), name="adyen-payment"
        )
        self._tries[attempt.intent_id] = sent
        await asyncio.wait({sent.request}, timeout=self._ack_wait)
        deadline = time.monotonic() + self._hand_off_wait
        while sent.waiting:
            answer = await self._status(self._service_id(attempt, sent.number), "start")
            if answer.in_progress or answer.payment is not None:
                sent.note(answer)
                log.info("terminal %s armed with %s", self._poi_id, attempt.intent_id)
                return
            if time.monotonic() >= deadline:
                raise TerminalUnknownOutcome("start", "the terminal has not shown the payment yet")
            await asyncio.wait({sent.request}, timeout=self._poll)
        hand_off_answer(sent)

    def watch(self, attempt: TerminalAttempt) -> AsyncIterator[TerminalReading]:
        """Wait on the open /sync request; without one, ask the terminal every poll interval."""
        return watch_readings(
            lambda: self.read_back(attempt),
            waiting=(TerminalStatus.AWAITING_CARD,),
            pause=lambda left: self._until_next_read(attempt, left),
            deadline_s=self._watch_deadline,
            silence_limit_s=self._silence_limit,
            intent_id=attempt.intent_id,
        )

    async def _until_next_read(self, attempt: TerminalAttempt, left: float) -> None:
        """Until the open request answers (at most a poll interval), else a poll interval."""
        latest = self._tries.get(attempt.intent_id)
        if latest is not None and latest.state == "armed" and latest.waiting and latest.request:
            await asyncio.wait({latest.request}, timeout=min(self._poll, left))
        else:
            await asyncio.sleep(self._poll)

    async def read_back(self, attempt: TerminalAttempt) -> TerminalReading:
        """Where the attempt stands: the open request's answer, else the terminal's status."""
        latest = await self._known(attempt, "read_back")
        if latest.state == "armed" and latest.waiting:
            return TerminalReading(TerminalStatus.AWAITING_CARD, attempt.intent_id)
        if latest.state in ("armed", "unknown"):
            await self._ask(attempt, latest, "read_back")
        if latest.state == "final" and latest.answer is not None:
            return reading_of(attempt, latest.answer)
        if latest.state == "armed":
            return TerminalReading(TerminalStatus.AWAITING_CARD, attempt.intent_id)
        return TerminalReading(TerminalStatus.READY, attempt.intent_id)

    async def cancel(self, attempt: TerminalAttempt) -> TerminalReading:
        """Abort the payment if it is still on the terminal, then believe what it answers."""
        latest = await self._known(attempt, "cancel")
        if latest.state == "unknown" and not latest.waiting:
            await self._ask(attempt, latest, "cancel")
        if latest.state in ("armed", "unknown") or latest.waiting:
            await self._abort(attempt, latest)
            await self._await_end(attempt, latest)
        if latest.state == "final" and latest.answer is not None:
            reading = reading_of(attempt, latest.answer)
            if reading.status is TerminalStatus.APPROVED:
                return reading  # the approval won the race with the abort
        return TerminalReading(TerminalStatus.CANCELLED, attempt.intent_id)

    async def payments_between(self, start: datetime, end: datetime) -> list[ReaderPayment]:
        """Adyen's Terminal API lists no payments by date: the reconciliation reads each
        journalled attempt back instead (:class:`TerminalNotListable`)."""
        raise TerminalNotListable(
            "not_listable", "Adyen's Terminal API lists no payments by date; read attempts back"
        )

    async def reader_status(self) -> str:
        """``online`` when the terminal answers a status request, ``offline`` when the cloud
        cannot reach it. For diagnostics only (it names a payment that does not exist)."""
        message = nexo.status_request(
            sale_id=self._sale_id,
            poi_id=self._poi_id,
            service_id=random_service_id(),
            payment_service_id=random_service_id(),
        )
        try:
            await self._http.sync(message)
        except AdyenRejected as rejected:
            if rejected.unreachable:
                return "offline"
            raise TerminalError("rejected", rejected.details) from rejected
        except AdyenNoAnswer as error:
            raise TerminalUnknownOutcome("reader_status", error.detail) from error
        except AdyenRefusal as error:
            raise TerminalError(error.code, error.message) from error
        return "online"

    async def aclose(self) -> None:
        """Stop waiting on open requests and close the HTTP client."""
        for latest in self._tries.values():
            if latest.waiting and latest.request is not None:
                latest.request.cancel()
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await latest.request
        await self._http.aclose()

    # ------------------------------------------------------------------ tries

    def _forget_old(self, keep: int = 200) -> None:
        """Memory of settled attempts is a cache (Adyen holds the truth): keep it small."""
        for intent_id in list(self._metadata)[:-keep]:
            self._metadata.pop(intent_id, None)
            latest = self._tries.get(intent_id)
            if latest is not None and not latest.waiting:
                del self._tries[intent_id]

    def _service_id(self, attempt: TerminalAttempt, number: int) -> str:
        return service_id_of(attempt.idempotency_key, number)

    async def _known(self, attempt: TerminalAttempt, operation: str) -> Try:
        """The attempt's latest try, from memory or (after a restart) from Adyen, try by try."""
        latest = self._tries.get(attempt.intent_id)
        if latest is None:
            latest = await self._discover(attempt, operation)
            self._tries[attempt.intent_id] = latest
        latest.absorb()
        return latest

    async def _discover(self, attempt: TerminalAttempt, operation: str) -> Try:
        found = Try(1, "none")
        for number in range(1, MAX_TRIES + 1):
            answer = await self._status(self._service_id(attempt, number), operation)
            if answer.not_found:
                return found
            found = Try(number, "unknown")
            found.note(answer)
            if found.state == "armed":
                return found
        return found

    async def _ask(self, attempt: TerminalAttempt, latest: Try, operation: str) -> None:
        """Settle ``latest`` with a TransactionStatusRequest naming its ServiceID."""
        answer = await self._status(self._service_id(attempt, latest.number), operation)
        if answer.not_found and latest.waiting:
            raise TerminalUnknownOutcome(operation, "the payment request is still under way")
        latest.note(answer)

    async def _abort(self, attempt: TerminalAttempt, latest: Try) -> None:
        message = nexo.abort_request(
            sale_id=self._sale_id,
            poi_id=self._poi_id,
            service_id=random_service_id(),
            payment_service_id=self._service_id(attempt, latest.number),
        )
        try:
            await self._http.sync(message)
        except AdyenNoAnswer as error:
            raise TerminalUnknownOutcome("cancel", error.detail) from error
        except AdyenRejected as error:
            raise TerminalUnknownOutcome("cancel", error.details) from error
        except AdyenRefusal as error:
            raise TerminalError(error.code, error.message) from error

    async def _await_end(self, attempt: TerminalAttempt, latest: Try) -> None:
        """After an abort: wait (bounded) for the payment's own end; still going is Busy."""
        deadline = time.monotonic() + self._abort_wait
        while True:
            if latest.waiting and latest.request is not None:
                remaining = max(0.0, deadline - time.monotonic())
                await asyncio.wait({latest.request}, timeout=min(self._poll, remaining))
                latest.absorb()
            else:
                await self._ask(attempt, latest, "cancel")
            if latest.state in ("final", "none") and not latest.waiting:
                return
            if time.monotonic() >= deadline:
                raise TerminalBusy("in_progress", "the terminal is finishing the payment")
            if not latest.waiting:
                await asyncio.sleep(self._poll)

    async def _status(self, payment_service_id: str, operation: str) -> nexo.StatusAnswer:
        message = nexo.status_request(
            sale_id=self._sale_id,
            poi_id=self._poi_id,
            service_id=random_service_id(),
            payment_service_id=payment_service_id,
        )
        try:
            answer = nexo.status_answer(await self._http.sync(message))
        except AdyenNoAnswer as error:
            raise TerminalUnknownOutcome(operation, error.detail) from error
        except AdyenRejected as error:
            raise TerminalUnknownOutcome(operation, error.details) from error
        except AdyenRefusal as error:
            raise TerminalError(error.code, error.message) from error
        except nexo.NotNexo as error:
            raise TerminalUnknownOutcome(operation, str(error)) from error
        if answer.payment is None and not (answer.in_progress or answer.not_found):
            raise TerminalUnknownOutcome(operation, f"status {answer.outcome.condition}")
        return answer


class SimulatedAdyenTerminal(AdyenTerminal):
    """The sandbox's simulated Adyen terminal: the same driver, plus the guest's tap, which Adyen
    has no API for (the sandbox's helper at ``test_helper_url``)."""

    def __init__(self, *args: Any, test_helper_url: str, **options: Any) -> None:
        super().__init__(*args, **options)
        self._test_helper_url = test_helper_url

    async def present_test_card(self, card_number: str) -> None:
        """The sandbox only: tap a card on the simulated terminal (the number is never logged)."""
        url = f"{self._test_helper_url.rstrip('/')}/terminals/{self._poi_id}/present_card"
        try:
            await self._http.post_json(url, {"number": card_number})
        except AdyenNoAnswer as error:
            raise TerminalUnknownOutcome("present_test_card", error.detail) from error
        except AdyenRefusal as error:
            raise TerminalError(error.code, error.message) from error
