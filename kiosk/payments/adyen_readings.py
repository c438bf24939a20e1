"""What an Adyen payment answer means for the kiosk: the same states and money rules as Stripe.

- ``Result`` **Success** for exactly this attempt's reference, amount and currency → APPROVED;
  a success for anything else, and a **Partial** approval, are never "paid" (TerminalMismatch).
- **Refusal**, **WrongPIN**, **InvalidCard**, **PaymentRestriction** → DECLINED: the same attempt
  (its reference) takes the next card, with a new ServiceID.
- **Aborted** (cancelled from the kiosk) → CANCELLED.
- Every other failure of a payment that ended (**Cancel** on the terminal, **DeviceOut**,
  **UnavailableService**, **UnreachableHost**, a processing time-out, …) → READY: nothing was
  taken and the attempt can go on the terminal again.

The guest-facing category of a decline comes from ``ErrorCondition`` first; Adyen's
``refusalReason`` / ``message`` only refine the wording ("not enough balance", "card expired"),
never the money (Adyen: code against ``ErrorCondition``, not against the refusal reason).
"""

from __future__ import annotations

from collections.abc import Mapping

from kiosk.domain.money import Money
from kiosk.payments.adyen_nexo import PaymentAnswer
from kiosk.payments.terminal import (
    DeclineReason,
    TerminalAttempt,
    TerminalMismatch,
    TerminalReading,
    TerminalStatus,
)

DECLINING = frozenset({"Refusal", "WrongPIN", "InvalidCard", "PaymentRestriction"})
# A request refused before the terminal took it: the terminal is doing something else, or is out.
BUSY = "Busy"
OUT_OF_SERVICE = frozenset(
    {"DeviceOut", "LoggedOut", "UnavailableDevice", "UnavailableService", "UnreachableHost"}
)

_CONDITION_REASONS: Mapping[str, DeclineReason] = {
    "WrongPIN": DeclineReason.INCORRECT_PIN,
    "InvalidCard": DeclineReason.CARD_NOT_SUPPORTED,
    "PaymentRestriction": DeclineReason.CARD_NOT_SUPPORTED,
}
# Adyen's refusal messages (message=... in AdditionalResponse) a guest can act on.
_MESSAGE_REASONS: Mapping[str, DeclineReason] = {
    "NOT_ENOUGH_BALANCE": DeclineReason.INSUFFICIENT_FUNDS,
    "WITHDRAWAL_AMOUNT_EXCEEDED": DeclineReason.INSUFFICIENT_FUNDS,
    "WITHDRAWAL_COUNT_EXCEEDED": DeclineReason.INSUFFICIENT_FUNDS,
    "CARD_EXPIRED": DeclineReason.EXPIRED_CARD,
    "INVALID_PIN": DeclineReason.INCORRECT_PIN,
    "PIN_TRIES_EXCEEDED": DeclineReason.INCORRECT_PIN,
    "INVALID_CARD": DeclineReason.CARD_NOT_SUPPORTED,
    "NOT_SUPPORTED": DeclineReason.CARD_NOT_SUPPORTED,
    "TRANSACTION_NOT_PERMITTED": DeclineReason.CARD_NOT_SUPPORTED,
}
_REASON_WORDS: tuple[tuple[str, DeclineReason], ...] = (
    ("balance", DeclineReason.INSUFFICIENT_FUNDS),
    ("expired", DeclineReason.EXPIRED_CARD),
    ("pin", DeclineReason.INCORRECT_PIN),
)


def decline_reason(answer: PaymentAnswer) -> DeclineReason:
    """The guest-facing category of a declined payment (never a raw code)."""
    outcome = answer.outcome
    reason = _CONDITION_REASONS.get(outcome.condition or "")
    if reason is not None:
        return reason
    reason = _MESSAGE_REASONS.get(outcome.additional.get("message", "").upper())
    if reason is not None:
        return reason
    words = outcome.additional.get("refusalReason", "").lower()
    return next((r for word, r in _REASON_WORDS if word in words), DeclineReason.DECLINED)


def reading_of(attempt: TerminalAttempt, answer: PaymentAnswer) -> TerminalReading:
    """The reading a final PaymentResponse gives for ``attempt`` (rule 5 checked here)."""
    outcome = answer.outcome
    if outcome.result in ("Success", "Partial"):
        return _approved(attempt, answer)
    if outcome.condition in DECLINING:
        return TerminalReading(
            TerminalStatus.DECLINED, attempt.intent_id, decline_reason=decline_reason(answer)
        )
    if outcome.condition == "Aborted":
        return TerminalReading(TerminalStatus.CANCELLED, attempt.intent_id)
    return TerminalReading(TerminalStatus.READY, attempt.intent_id)


def _approved(attempt: TerminalAttempt, answer: PaymentAnswer) -> TerminalReading:
    if answer.transaction_id not in (None, attempt.intent_id):
        raise TerminalMismatch(
            "reference_mismatch",
            f"asked about {attempt.intent_id}, Adyen answered for {answer.transaction_id}",
        )
    taken = _money(answer)
    if answer.outcome.result != "Success" or taken != attempt.amount:
        raise TerminalMismatch(
            "amount_mismatch",
            f"{attempt.intent_id} took {taken if taken is not None else 'an unknown amount'}"
            f" ({answer.outcome.result}), the attempt was for {attempt.amount}",
        )
    return TerminalReading(
        TerminalStatus.APPROVED,
        attempt.intent_id,
        amount=taken,
        reference=attempt.intent_id,
        card_brand=answer.brand,
        card_last_four=answer.last_four,
    )


def _money(answer: PaymentAnswer) -> Money | None:
    if answer.authorised is None or not answer.currency:
        return None
    try:
        return Money(answer.authorised, answer.currency.upper())
    except ValueError:
        return None
