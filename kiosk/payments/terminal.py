"""The contract every card-reader driver keeps, whatever the brand of reader.

A payment on a reader is one *attempt*: it is prepared (the processor's intent is created under
an idempotency key), started (handed to the reader), watched until it is final, and — when its
outcome is unknown — read back, never started again. The sale engine journals the attempt's ids
between ``prepare`` and ``start`` so that a crash in between can always be reconciled.
"""

from __future__ import annotations

import enum
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol, runtime_checkable

from kiosk.domain.money import Money


class TerminalStatus(enum.Enum):
    """Where an attempt stands, as far as the reader and the processor say."""

    READY = "ready"  # intent exists, not on the reader (yet, or any more after a decline)
    AWAITING_CARD = "awaiting_card"  # the reader shows "tap, insert or swipe"
    PROCESSING = "processing"  # a card was presented; authorisation under way
    APPROVED = "approved"  # final: the money is taken
    DECLINED = "declined"  # final for this card; the intent can take another card
    CANCELLED = "cancelled"  # final: the intent is cancelled and can never be paid

    @property
    def is_final(self) -> bool:
        return self in (TerminalStatus.APPROVED, TerminalStatus.CANCELLED)


class DeclineReason(enum.Enum):
    """Why a card was refused, in categories a guest can act on (never a raw code)."""

    DECLINED = "declined"
    INSUFFICIENT_FUNDS = "insufficient_funds"
    EXPIRED_CARD = "expired_card"
    INCORRECT_PIN = "incorrect_pin"
    CARD_NOT_SUPPORTED = "card_not_supported"
    READ_ERROR = "read_error"


@dataclass(frozen=True, slots=True)
class TerminalAttempt:
    """The ids that identify one attempt; the journal keeps them before the reader is armed."""

    idempotency_key: str
    intent_id: str
    reader_id: str
    amount: Money


@dataclass(frozen=True, slots=True)
class TerminalReading:
    """What reading an attempt back returned.

    ``reference`` is the processor's id for the approved charge (it goes into Zenoti's
    ``additional_data``); ``amount`` is what the processor says it took.
    """

    status: TerminalStatus
    intent_id: str
    amount: Money | None = None
    reference: str | None = None
    decline_reason: DeclineReason | None = None
    card_brand: str | None = None
    card_last_four: str | None = None


@dataclass(frozen=True, slots=True)
class ReaderPayment:
    """One payment attempt as the processor lists it, for the end-of-day reconciliation."""

    intent_id: str
    status: str  # the processor's own word ("succeeded", "canceled", "requires_payment_method")
    amount: Money  # asked for
    received: Money  # taken
    created: datetime
    sale_id: str | None  # the kiosk's sale, from the intent's metadata

    @property
    def succeeded(self) -> bool:
        return self.status == "succeeded"


class TerminalError(Exception):
    """A reader or processor refused a request in a way that is known and final for that request."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message


class TerminalBusy(TerminalError):
    """The reader is busy (another action, or authorising and so not cancellable now)."""


class TerminalOffline(TerminalError):
    """The reader has not been heard from; nothing was handed to it."""


class TerminalNotStartable(TerminalError):
    """The intent cannot go on the reader as it stands (already paid, cancelled or authorising).

    ``reading`` is where it stands now; the caller continues from it instead of starting again.
    """

    def __init__(self, code: str, message: str, reading: TerminalReading) -> None:
        super().__init__(code, message)
        self.reading = reading


class TerminalNotListable(TerminalError):
    """The processor lists no payments by date (Adyen's Terminal API): the reconciliation reads
    each of the day's journalled attempts back instead."""


class TerminalMismatch(TerminalError):
    """The processor reports a success that is not this attempt's (another amount or intent).

    Never "paid" (rule 5): the sale goes to staff, who reconcile it by hand.
    """


class TerminalUnknownOutcome(Exception):
    """A request may or may not have taken effect (timeout, dropped connection, 5xx).

    Never a decline: the attempt must be read back.
    """

    def __init__(self, operation: str, detail: str) -> None:
        super().__init__(f"{operation}: outcome unknown ({detail})")
        self.operation = operation
        self.detail = detail


class PaymentTerminal(Protocol):
    """A card reader driver. Every method is safe to call again with the same attempt."""

    @property
    def reader_id(self) -> str: ...

    async def prepare(
        self, amount: Money, idempotency_key: str, metadata: Mapping[str, str]
    ) -> TerminalAttempt:
        """Create (or find again, by the key) the processor's intent for this amount."""

    async def start(self, attempt: TerminalAttempt) -> None:
        """Arm the reader with the attempt; returns once the reader has accepted it.

        Raises ``TerminalUnknownOutcome`` (read it back, never start again), ``TerminalOffline``,
        ``TerminalBusy`` (someone else's action is on the reader) or ``TerminalNotStartable``.
        """

    def watch(self, attempt: TerminalAttempt) -> AsyncIterator[TerminalReading]:
        """Readings as the attempt moves, each status once.

        Ends after a final reading, a decline, or READY (the attempt is no longer on the reader),
        or quietly at the driver's watch deadline; raises ``TerminalUnknownOutcome`` if the
        attempt cannot be read when that deadline comes. ``TerminalMismatch`` as read_back.
        """

    async def read_back(self, attempt: TerminalAttempt) -> TerminalReading:
        """Where the attempt stands now, from the processor's own records.

        Raises ``TerminalMismatch`` for a success that is not this attempt's (rule 5) and
        ``TerminalUnknownOutcome`` when the records cannot be read.
        """

    async def payments_between(self, start: datetime, end: datetime) -> list[ReaderPayment]:
        """Every intent the processor created in ``[start, end)``, for reconciliation.

        Raises ``TerminalUnknownOutcome`` or ``TerminalError`` when they cannot be listed.
        """

    async def cancel(self, attempt: TerminalAttempt) -> TerminalReading:
        """Take the attempt off the reader if it is still ours there, cancel its intent, read back.

        The reading is the truth: CANCELLED, or APPROVED when an approval won the race. Raises
        ``TerminalBusy`` while the card is being authorised (it cannot be cancelled then).
        """

    async def reader_status(self) -> str:
        """``online`` or ``offline``, as the processor last heard from the reader (asked before
        a guest starts; a sale never asks first — it hands the payment over and reads back)."""

    async def aclose(self) -> None:
        """Release the driver's connections."""


@runtime_checkable
class SimulatedReader(Protocol):
    """A reader in test mode that takes a test card by its number (the sandbox's, Stripe's in
    test mode). Not part of ``PaymentTerminal``: a real reader is tapped by a real card."""

    async def present_test_card(self, card_number: str) -> None:
        """Present a card, as a guest tapping it would."""
