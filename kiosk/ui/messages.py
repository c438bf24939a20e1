"""What the guest reads when something goes wrong: plain sentences, never codes."""

from __future__ import annotations

from kiosk.checkout.errors import (
    GuestFieldInvalid,
    MethodNotAllowed,
    PaymentInFlight,
    SaleError,
    ServiceUnavailable,
    StepNotAllowed,
)
from kiosk.checkout.view import Problem
from kiosk.ui.i18n import tr

_PROBLEMS = {
    Problem.CARD_DECLINED: "Card declined — try another card",
    Problem.INSUFFICIENT_FUNDS: "Card declined — try another card",
    Problem.CARD_EXPIRED: "This card has expired — try another card",
    Problem.INCORRECT_PIN: "Incorrect PIN — try again",
    Problem.CARD_NOT_SUPPORTED: "This card is not accepted here — try another card",
    Problem.CARD_READ_ERROR: "The card could not be read — try again",
    Problem.READER_OFFLINE: "The card reader is not responding. Try again, or pay on your phone",
    Problem.READER_BUSY: "The card reader is busy. Try again in a moment",
    Problem.CANNOT_CANCEL_NOW: "Your card is being processed and can no longer be cancelled",
    Problem.PAYMENT_TIMED_OUT: "No card was presented, so nothing was charged",
    Problem.SERVICE_UNAVAILABLE: "We can't reach our booking system right now. Please try again",
    Problem.PAYMENT_UNCONFIRMED: "We couldn't confirm your payment — a team member will help you",
    Problem.PAID_NOT_RECORDED: "Payment received — a team member will finish your membership",
}

FIELD_NAMES = {
    "first_name": "First name",
    "last_name": "Last name",
    "email": "Email",
    "mobile_phone": "Mobile phone",
    "date_of_birth": "Date of birth",
    "gender": "Gender",
}


def problem_text(problem: Problem) -> str:
    """The sentence for a problem, in the current language."""
    return tr(_PROBLEMS[problem])


def error_text(error: Exception) -> str:
    """The sentence for an error the engine raised, in the current language."""
    if isinstance(error, GuestFieldInvalid):
        field = FIELD_NAMES.get(error.field)
        if field:
            return tr("{field} is required", field=tr(field))
        return tr("Please check your details and try again")
    if isinstance(error, ServiceUnavailable):
        return problem_text(Problem.SERVICE_UNAVAILABLE)
    if isinstance(error, PaymentInFlight):
        return tr("Please finish or cancel the payment first")
    if isinstance(error, MethodNotAllowed):
        return tr("That way of paying is not available here")
    if isinstance(error, StepNotAllowed):
        return tr("Something changed — please try that again")
    if isinstance(error, SaleError) and error.problem is not None:
        return problem_text(error.problem)
    return tr("Something went wrong — please try again")
