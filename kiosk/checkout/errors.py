"""Errors the sale engine raises to its callers (the UI and the CLI), each one a thing to say."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator

from kiosk.checkout.view import Problem
from kiosk.domain.sale import SaleState
from kiosk.zenoti.errors import ZenotiError, ZenotiUnavailable, ZenotiUnknownOutcome


class SaleError(Exception):
    """A step of a sale could not be done; ``problem`` says what to tell the guest."""

    def __init__(self, message: str, problem: Problem | None = None) -> None:
        super().__init__(message)
        self.problem = problem


class StepNotAllowed(SaleError):
    """The step does not fit where the sale stands (a stale screen, a double tap)."""

    def __init__(self, step: str, state: SaleState) -> None:
        super().__init__(f"{step} is not possible while the sale is {state.value}")
        self.step = step
        self.state = state


class MethodNotAllowed(SaleError):
    """The payment method is not offered here (cash is for staff mode only)."""


class PaymentInFlight(SaleError):
    """The sale cannot be reset or abandoned now: a payment may be under way."""


class GuestFieldInvalid(SaleError):
    """Registration was refused because of one field; ``field`` names it for the form."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


class ServiceUnavailable(SaleError):
    """Zenoti or the reader cannot be reached right now; the step may be tried again."""

    def __init__(self, message: str) -> None:
        super().__init__(message, Problem.SERVICE_UNAVAILABLE)


# What to say for a Zenoti error: a message, or the sale error itself (made from Zenoti's).
Say = str | Callable[[ZenotiError], SaleError]


@contextlib.contextmanager
def zenoti_errors(unavailable: Say, refused: Say | None) -> Iterator[None]:
    """The one boundary between Zenoti's errors and the sale's: a Zenoti that cannot be reached
    (or whose answer was lost) is ``ServiceUnavailable(unavailable)``; a refusal is
    ``SaleError(refused)``, where ``{code}`` names Zenoti's code — or, for either, the sale error
    a function makes of Zenoti's. ``refused=None`` lets a refusal through, for a caller that reads
    it as an answer. Catch a narrower Zenoti error inside the block for a step that handles it
    itself.
    """
    try:
        yield
    except (ZenotiUnavailable, ZenotiUnknownOutcome) as error:
        if isinstance(unavailable, str):
            raise ServiceUnavailable(unavailable) from error
        raise unavailable(error) from error
    except ZenotiError as error:
        if refused is None:
            raise
        if isinstance(refused, str):
            raise SaleError(refused.format(code=error.code)) from error
        raise refused(error) from error
