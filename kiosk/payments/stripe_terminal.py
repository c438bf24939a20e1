"""Stripe Terminal, server-driven: the reference real card reader (a WisePOS E or S700).

The kiosk creates a PaymentIntent, hands it to the reader with ``process_payment_intent`` and then
reads the reader's ``action`` and the intent back until the intent is final. The reader is never
trusted for the outcome: only the PaymentIntent says whether money was taken.

The attempt's reference — what goes into Zenoti's ``additional_data`` for the custom payment — is
the PaymentIntent id (``pi_...``). It exists before the reader is armed, it is what the journal
keeps, and one intent takes at most one successful charge, so it names the payment uniquely
whichever card finally paid.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
from collections.abc import AsyncIterator, Iterator, Mapping
from datetime import datetime

import httpx

from kiosk.domain.money import Money
from kiosk.payments.stripe_http import (
    FormValue,
    JsonObject,
    StripeHttp,
    StripeNoAnswer,
    StripeRefusal,
)
from kiosk.payments.stripe_objects import (
    card_of,
    decline_reason,
    money_from_minor,
    object_id,
    reader_payment,
)
from kiosk.payments.terminal import (
    ReaderPayment,
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
from kiosk.payments.watching import watch_readings

log = logging.getLogger("kiosk.payments")

# Intent statuses in which a card has been presented and the outcome is being decided.
_DECIDING = frozenset(
    {"processing", "requires_capture", "requires_confirmation", "requires_action"}
)


@contextlib.contextmanager
def terminal_errors(operation: str) -> Iterator[None]:
    """The one boundary between Stripe's answers and the terminal's errors: no usable answer is
    ``TerminalUnknownOutcome(operation)`` (it may have taken effect); a refusal is
    ``TerminalError`` with Stripe's code. A call that handles a refusal itself catches
    ``StripeRefusal`` inside the block (and re-raises what it leaves to this).
    """
    try:
        yield
    except StripeNoAnswer as error:
        raise TerminalUnknownOutcome(operation, error.detail) from error
    except StripeRefusal as error:
        raise TerminalError(error.code, error.message) from error


class StripeTerminal:
    """A ``PaymentTerminal`` on one Stripe Terminal reader, over one HTTP client.

    ``base_url`` is ``https://api.stripe.com`` in production, or the sandbox's ``/stripe`` mount.
    """

    def __init__(
        self,
        base_url: str,
        secret_key: str,
        reader_id: str,
        currency: str,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        timeout: float = 30.0,
        poll_interval: float = 0.5,
        watch_deadline: float = 180.0,
        silence_limit: float = 8.0,
    ) -> None:
        # The timeout is generous on purpose: a hand-off waits for the reader's acknowledgement,
        # and Stripe's own terminal_reader_timeout says more than our giving up would.
        self._http = StripeHttp(base_url, secret_key, transport=transport, timeout=timeout)
        self._reader_id = reader_id
        self._currency = currency.upper()
        self._poll_interval = poll_interval
        self._watch_deadline = watch_deadline
        self._silence_limit = silence_limit

    @property
    def reader_id(self) -> str:
        return self._reader_id

    async def prepare(
        self, amount: Money, idempotency_key: str, metadata: Mapping[str, str]
    ) -> TerminalAttempt:
        """Create the PaymentIntent under the attempt's key; the same key finds the same intent."""
        if amount.currency != self._currency:
            raise ValueError(f"this reader takes {self._currency}, not {amount.currency}")
        if amount.minor_units() <= 0:
            raise ValueError("a card payment needs a positive amount")
        form: dict[str, FormValue] = {
            "amount": amount.minor_units(),
            "currency": self._currency.lower(),
            "payment_method_types[]": ["card_present"],
            "capture_method": "automatic",
        }
        form.update({f"metadata[{key}]": value for key, value in metadata.items()})
        with terminal_errors("prepare"):
            intent = await self._http.post(
                "/v1/payment_intents", form, idempotency_key=idempotency_key
            )
        if intent.get("amount") != amount.minor_units():
            # Stripe refuses a reused key with other parameters, so this is not our intent.
            raise TerminalMismatch(
                "amount_mismatch", f"key {idempotency_key} holds {intent.get('amount')}"
            )
        attempt = TerminalAttempt(
            idempotency_key=idempotency_key,
            intent_id=str(intent["id"]),
            reader_id=self._reader_id,
            amount=amount,
        )
        log.info("payment intent %s ready on key %s", attempt.intent_id, idempotency_key)
        return attempt

    async def start(self, attempt: TerminalAttempt) -> None:
        """Hand the intent to the reader; a 200 only means the reader received it."""
        path = f"/v1/terminal/readers/{attempt.reader_id}/process_payment_intent"
        with terminal_errors("start"):
            try:
                await self._http.post(path, {"payment_intent": attempt.intent_id})
            except StripeRefusal as error:
                await self._explain_start_refusal(attempt, error)
        log.info("reader %s armed with %s", attempt.reader_id, attempt.intent_id)

    async def _explain_start_refusal(self, attempt: TerminalAttempt, error: StripeRefusal) -> None:
        """Turn a refused hand-off into the typed error the engine acts on (or into success)."""
        if error.code == "terminal_reader_timeout":
            # Stripe documents this as possibly a false negative: the reader may hold the intent.
            raise TerminalUnknownOutcome("start", "terminal_reader_timeout") from error
        if error.code == "terminal_reader_offline":
            raise TerminalOffline(error.code, error.message) from error
        if error.code == "terminal_reader_busy":
            # Starting the same attempt again finds it already armed: that is success, not busy.
            action = await self._our_action(attempt)
            if action is not None and action.get("status") == "in_progress":
                return
            raise TerminalBusy(error.code, error.message) from error
        if error.code == "intent_invalid_state":
            reading = await self.read_back(attempt)
            raise TerminalNotStartable(error.code, error.message, reading) from error
        raise TerminalError(error.code, error.message) from error

    def watch(self, attempt: TerminalAttempt) -> AsyncIterator[TerminalReading]:
        """Poll the reader and the intent; yield each new status until the attempt settles."""
        return watch_readings(
            lambda: self.read_back(attempt),
            waiting=(TerminalStatus.AWAITING_CARD, TerminalStatus.PROCESSING),
            pause=lambda _left: asyncio.sleep(self._poll_interval),
            deadline_s=self._watch_deadline,
            silence_limit_s=self._silence_limit,
            intent_id=attempt.intent_id,
        )

    async def read_back(self, attempt: TerminalAttempt) -> TerminalReading:
        """Where the attempt stands, from the PaymentIntent (and the reader, while it waits)."""
        intent = await self._read_intent(attempt)
        settled = self._settled(attempt, intent)
        if settled is not None:
            return settled
        # requires_payment_method: the reader says whether it is waiting for a card right now.
        # Its action wins over last_payment_error, which outlives a decline once a retry is armed.
        action = await self._our_action(attempt)
        if action is not None and action.get("status") == "in_progress":
            return TerminalReading(TerminalStatus.AWAITING_CARD, attempt.intent_id)
        # The action ended between the two reads (a card approved a moment ago): the intent read
        # before it is stale, so read it again before calling the attempt merely READY.
        intent = await self._read_intent(attempt)
        settled = self._settled(attempt, intent)
        if settled is not None:
            return settled
        error = intent.get("last_payment_error")
        if isinstance(error, dict):
            return TerminalReading(
                TerminalStatus.DECLINED, attempt.intent_id, decline_reason=decline_reason(error)
            )
        return TerminalReading(TerminalStatus.READY, attempt.intent_id)

    def _settled(self, attempt: TerminalAttempt, intent: JsonObject) -> TerminalReading | None:
        """The reading an intent gives on its own (approved, cancelled, deciding), else None."""
        status = str(intent.get("status"))
        if status == "succeeded":
            return self._approved(attempt, intent)
        if status == "canceled":
            return TerminalReading(TerminalStatus.CANCELLED, attempt.intent_id)
        if status in _DECIDING:
            return TerminalReading(TerminalStatus.PROCESSING, attempt.intent_id)
        return None

    async def cancel(self, attempt: TerminalAttempt) -> TerminalReading:
        """Take our intent off the reader (never anyone else's), cancel it, report what is true.

        An approval can win the race with the cancel: then the intent cannot be cancelled and
        reads back APPROVED, which is what the caller must believe.
        """
        action = await self._our_action(attempt)
        with terminal_errors("cancel"):
            if action is not None and action.get("status") == "in_progress":
                # There is no conditional cancel in Stripe's API; the reader is this kiosk's
                # alone, so between this read and the cancel nobody else can put an action on it.
                try:
                    await self._http.post(f"/v1/terminal/readers/{attempt.reader_id}/cancel_action")
                except StripeRefusal as error:
                    if error.code == "terminal_reader_busy":
                        # Authorising: the reader cannot stop now. The approval may well win.
                        raise TerminalBusy(error.code, error.message) from error
                    raise
            try:
                # cancel_action leaves the intent payable; cancelling it makes sure no later
                # hand-off can take money for a sale the kiosk has given up on.
                await self._http.post(
                    f"/v1/payment_intents/{attempt.intent_id}/cancel",
                    {"cancellation_reason": "abandoned"},
                )
            except StripeRefusal as error:
                # Already succeeded, processing or cancelled: the read-back below says which.
                log.info("intent %s not cancelled: %s", attempt.intent_id, error.code)
        return await self.read_back(attempt)

    async def present_test_card(self, card_number: str) -> None:
        """Test mode only: present a card to the simulated reader (the number is never logged)."""
        path = f"/v1/test_helpers/terminal/readers/{self._reader_id}/present_payment_method"
        form = {"type": "card_present", "card_present[number]": card_number}
        with terminal_errors("present_test_card"):
            await self._http.post(path, form)

    async def reader_status(self) -> str:
        """The reader's ``status`` as Stripe last heard from it: ``online`` or ``offline``.

        For diagnostics only: a sale never asks first, it hands the intent over and reads back.
        """
        with terminal_errors("reader_status"):
            reader = await self._http.get(f"/v1/terminal/readers/{self._reader_id}")
        return str(reader.get("status") or "unknown")

    async def payments_between(self, start: datetime, end: datetime) -> list[ReaderPayment]:
        """``GET /v1/payment_intents`` with ``created[gte]``/``created[lt]``, every page."""
        params: dict[str, FormValue] = {
            "created[gte]": math.floor(start.timestamp()),
            "created[lt]": math.ceil(end.timestamp()),
            "limit": 100,
        }
        payments: list[ReaderPayment] = []
        while True:
            with terminal_errors("list_payments"):
                page = await self._http.get("/v1/payment_intents", params)
            intents = [i for i in page.get("data") or [] if isinstance(i, dict)]
            payments += [reader_payment(intent) for intent in intents]
            if not page.get("has_more") or not intents:
                return payments
            params["starting_after"] = str(intents[-1]["id"])

    async def aclose(self) -> None:
        """Close the HTTP client."""
        await self._http.aclose()

    # ------------------------------------------------------------------ reading back

    async def _read_intent(self, attempt: TerminalAttempt) -> JsonObject:
        path = f"/v1/payment_intents/{attempt.intent_id}"
        with terminal_errors("read_back"):
            intent = await self._http.get(path, {"expand[]": ["payment_method"]})
        if intent.get("id") != attempt.intent_id:
            raise TerminalMismatch(
                "intent_mismatch", f"asked for {attempt.intent_id}, got {intent.get('id')}"
            )
        return intent

    async def _our_action(self, attempt: TerminalAttempt) -> JsonObject | None:
        """The reader's action if it is for this attempt's intent, else None (someone else's)."""
        with terminal_errors("read_back"):
            reader = await self._http.get(f"/v1/terminal/readers/{attempt.reader_id}")
        action = reader.get("action")
        if not isinstance(action, dict) or action.get("type") != "process_payment_intent":
            return None
        handed = action.get("process_payment_intent")
        if not isinstance(handed, dict) or object_id(handed.get("payment_intent")) != (
            attempt.intent_id
        ):
            return None
        return action

    def _approved(self, attempt: TerminalAttempt, intent: JsonObject) -> TerminalReading:
        """APPROVED only for a success of exactly this attempt's amount and currency (rule 5)."""
        received = intent.get("amount_received")
        currency = str(intent.get("currency") or "").upper()
        if (
            not isinstance(received, int)
            or currency != attempt.amount.currency
            or received != attempt.amount.minor_units()
        ):
            raise TerminalMismatch(
                "amount_mismatch",
                f"{attempt.intent_id} took {received} {currency}, "
                f"the attempt was for {attempt.amount.minor_units()} {attempt.amount.currency}",
            )
        brand, last_four = card_of(intent.get("payment_method"))
        return TerminalReading(
            TerminalStatus.APPROVED,
            attempt.intent_id,
            amount=money_from_minor(received, currency),
            reference=attempt.intent_id,
            card_brand=brand,
            card_last_four=last_four,
        )
