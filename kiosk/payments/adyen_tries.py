"""The Adyen driver's memory of each attempt's latest payment request ("try"), and its ids.

An attempt's reference and its ServiceIDs come from its idempotency key: the reference is
``kiosk`` + 15 characters of the key's SHA-256 in base 36, a ServiceID is 8 further characters
of it plus the try number in two base-36 characters (10 in all, Adyen's maximum). The memory is a
cache: after a restart the driver asks Adyen try by try (:meth:`AdyenTerminal._discover`).
"""

from __future__ import annotations

import asyncio
import hashlib
import secrets
import string
from dataclasses import dataclass, field

from kiosk.payments import adyen_nexo as nexo
from kiosk.payments.adyen_http import AdyenNoAnswer, AdyenRefusal, AdyenRejected
from kiosk.payments.adyen_readings import BUSY, OUT_OF_SERVICE
from kiosk.payments.terminal import (
    TerminalBusy,
    TerminalError,
    TerminalOffline,
    TerminalUnknownOutcome,
)

BASE36 = string.digits + string.ascii_uppercase
MAX_TRIES = 36 * 36 - 1  # two base-36 characters after the 8-character token
_REFUSED_REQUEST = frozenset({"NotAllowed", "MessageFormat"})


@dataclass
class Try:
    """The latest payment request of one attempt, as far as the driver knows.

    ``state``: ``none`` (nothing on the terminal under ``number``: send it, or send it again),
    ``armed`` (in progress on the terminal), ``final`` (``answer`` is the payment's answer) or
    ``unknown`` (sent, answer missing: ask the terminal).
    """

    number: int
    state: str
    answer: nexo.PaymentAnswer | None = None
    request: asyncio.Task[object] | None = field(default=None, repr=False)

    @property
    def waiting(self) -> bool:
        """Whether the /sync request is still open (the cloud has not answered yet)."""
        return self.request is not None and not self.request.done()

    def note(self, answer: nexo.StatusAnswer) -> None:
        """What a TransactionStatusResponse says about this try."""
        if answer.in_progress:
            self.state = "armed"
        elif answer.not_found:
            self.state = "none"
        elif answer.payment is not None:
            self.state, self.answer = "final", answer.payment

    def absorb(self) -> None:
        """Take in the open request's answer once it came (or its failure)."""
        request = self.request
        if request is None or not request.done():
            return
        self.request = None
        error = None if request.cancelled() else request.exception()
        if request.cancelled() or error is not None:
            if isinstance(error, AdyenRejected | AdyenRefusal):
                self.state = "none"  # not delivered: nothing happened on the terminal
            elif self.state != "final":
                self.state = "unknown"  # no answer: ask the terminal before believing anything
            return
        try:
            body = nexo.response_body(request.result(), "PaymentResponse")
            answer = nexo.payment_answer(body)
        except nexo.NotNexo:
            self.state = "unknown"
        else:
            self.state, self.answer = "final", answer


def hand_off_answer(sent: Try) -> None:
    """The /sync request answered within the hand-off: raise what that means for ``start``.

    Returns quietly when the terminal took the payment and already answered it (a quick approval
    or refusal: the watch reads it).
    """
    request = sent.request
    if request is None or not request.done():
        raise TerminalUnknownOutcome("start", "no payment answer")
    error = None if request.cancelled() else request.exception()
    sent.absorb()
    if isinstance(error, AdyenRejected):
        if error.unreachable:
            raise TerminalOffline("unreachable", "the terminal is not connected") from error
        raise TerminalError("rejected", error.details) from error
    if isinstance(error, AdyenRefusal):
        raise TerminalError(error.code, error.message) from error
    if isinstance(error, AdyenNoAnswer):
        raise TerminalUnknownOutcome("start", error.detail) from error
    if sent.state != "final" or sent.answer is None:
        raise TerminalUnknownOutcome("start", "no payment answer")
    condition = sent.answer.outcome.condition
    if condition == BUSY:
        raise TerminalBusy("Busy", "the terminal is busy with another transaction")
    if condition in OUT_OF_SERVICE:
        raise TerminalOffline(condition or "out", "the terminal cannot take payments now")
    if condition in _REFUSED_REQUEST:
        raise TerminalError(condition or "refused", "Adyen refused the payment request")


def reference_of(key: str) -> str:
    """The attempt's reference (Adyen's merchant reference): the same for the same key."""
    return "kiosk" + _digest(key)[:15]


def service_id_of(key: str, number: int) -> str:
    """The ServiceID of the attempt's try ``number`` (1 to :data:`MAX_TRIES`)."""
    return _digest(key)[15:23] + BASE36[number // 36] + BASE36[number % 36]


def random_service_id() -> str:
    """A ServiceID for a status or abort request (unique: ten random base-36 characters)."""
    return "".join(secrets.choice(BASE36) for _ in range(nexo.SERVICE_ID_LENGTH))


def _digest(key: str) -> str:
    """The key's SHA-256 in base 36 (upper case)."""
    number = int.from_bytes(hashlib.sha256(key.encode("utf-8")).digest(), "big")
    digits = []
    while number:
        number, digit = divmod(number, 36)
        digits.append(BASE36[digit])
    return "".join(reversed(digits)).rjust(50, "0")
