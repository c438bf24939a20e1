"""The Stripe driver against answers the sandbox never gives (a wrong intent, odd statuses)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

import httpx
import pytest

from kiosk.domain.money import Money
from kiosk.payments.stripe_http import STRIPE_API_VERSION
from kiosk.payments.stripe_objects import decline_reason
from kiosk.payments.stripe_terminal import StripeTerminal
from kiosk.payments.terminal import (
    DeclineReason,
    TerminalAttempt,
    TerminalMismatch,
    TerminalStatus,
    TerminalUnknownOutcome,
)

ATTEMPT = TerminalAttempt(
    idempotency_key="sale-1-attempt-1",
    intent_id="pi_ours",
    reader_id="tmr_test",
    amount=Money.of("12.50", "USD"),
)

Handler = Callable[[httpx.Request], httpx.Response]


@asynccontextmanager
async def _terminal(handler: Handler) -> AsyncIterator[StripeTerminal]:
    terminal = StripeTerminal(
        "https://api.stripe.test",
        "sk_test_unit",
        "tmr_test",
        "USD",
        transport=httpx.MockTransport(handler),
        poll_interval=0.0,
        watch_deadline=0.0,
    )
    try:
        yield terminal
    finally:
        await terminal.aclose()


def _always(status: int, **content: object) -> Handler:
    """A stand-in Stripe that gives every request the same answer."""
    return lambda request: httpx.Response(status, **content)  # type: ignore[arg-type]


def _intent(**fields: object) -> dict[str, object]:
    intent: dict[str, object] = {
        "id": "pi_ours",
        "object": "payment_intent",
        "amount": 1250,
        "amount_received": 0,
        "currency": "usd",
        "status": "requires_payment_method",
        "last_payment_error": None,
    }
    intent.update(fields)
    return intent


@pytest.mark.asyncio
async def test_read_back_of_another_intent_is_a_mismatch_not_approved() -> None:
    async with _terminal(
        _always(200, json=_intent(id="pi_other", status="succeeded", amount_received=1250))
    ) as terminal:
        with pytest.raises(TerminalMismatch):
            await terminal.read_back(ATTEMPT)


@pytest.mark.asyncio
async def test_success_in_another_currency_is_a_mismatch() -> None:
    async with _terminal(
        _always(200, json=_intent(status="succeeded", amount_received=1250, currency="cad"))
    ) as terminal:
        with pytest.raises(TerminalMismatch):
            await terminal.read_back(ATTEMPT)


@pytest.mark.asyncio
async def test_prepare_answered_with_another_amount_is_a_mismatch() -> None:
    async with _terminal(_always(200, json=_intent(amount=999))) as terminal:
        with pytest.raises(TerminalMismatch):
            await terminal.prepare(ATTEMPT.amount, ATTEMPT.idempotency_key, {})


@pytest.mark.asyncio
async def test_requires_capture_is_processing_not_paid() -> None:
    async with _terminal(_always(200, json=_intent(status="requires_capture"))) as terminal:
        reading = await terminal.read_back(ATTEMPT)
    assert reading.status is TerminalStatus.PROCESSING


@pytest.mark.parametrize("status", [409, 429, 502])
@pytest.mark.asyncio
async def test_conflict_throttle_and_gateway_errors_on_start_are_unknown(status: int) -> None:
    async with _terminal(
        _always(status, json={"error": {"type": "api_error", "message": "x"}})
    ) as terminal:
        with pytest.raises(TerminalUnknownOutcome):
            await terminal.start(ATTEMPT)


@pytest.mark.asyncio
async def test_a_2xx_that_is_not_json_is_unknown_not_success() -> None:
    async with _terminal(_always(200, text="<html>captive portal</html>")) as terminal:
        with pytest.raises(TerminalUnknownOutcome):
            await terminal.prepare(ATTEMPT.amount, ATTEMPT.idempotency_key, {})


@pytest.mark.asyncio
async def test_a_2xx_that_is_not_a_stripe_object_is_unknown_not_success() -> None:
    error = {"error": {"type": "api_error", "message": "inside a 200"}}
    async with _terminal(_always(200, json=error)) as terminal:
        with pytest.raises(TerminalUnknownOutcome):
            await terminal.prepare(ATTEMPT.amount, ATTEMPT.idempotency_key, {})


def test_the_pinned_version_is_a_dated_stripe_version() -> None:
    # YYYY-MM-DD and, since 2024-09-30.acacia, the release's name after a dot
    # (https://docs.stripe.com/api/versioning).
    day, _, release = STRIPE_API_VERSION.partition(".")
    assert len(day) == 10
    assert day[4] == day[7] == "-"
    assert release.isalpha()
    assert release.islower()


@pytest.mark.asyncio
async def test_watch_that_cannot_read_at_its_deadline_raises_unknown() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("slow", request=request)

    async with _terminal(handler) as terminal:
        with pytest.raises(TerminalUnknownOutcome):
            async for _reading in terminal.watch(ATTEMPT):
                pass


@pytest.mark.asyncio
async def test_prepare_sends_stripe_form_fields_and_the_idempotency_key() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json=_intent())

    async with _terminal(handler) as terminal:
        await terminal.prepare(ATTEMPT.amount, "key-1", {"sale_id": "s-9"})
    (request,) = seen
    assert request.headers["Idempotency-Key"] == "key-1"
    assert request.headers["Authorization"] == "Bearer sk_test_unit"
    assert request.headers["Stripe-Version"] == STRIPE_API_VERSION
    form = httpx.QueryParams(request.content.decode())
    assert form["amount"] == "1250"
    assert form["currency"] == "usd"
    assert form.get_list("payment_method_types[]") == ["card_present"]
    assert form["capture_method"] == "automatic"
    assert form["metadata[sale_id]"] == "s-9"


@pytest.mark.parametrize(
    ("error", "reason"),
    [
        ({"code": "card_declined", "decline_code": "insufficient_funds"}, "INSUFFICIENT_FUNDS"),
        ({"code": "expired_card", "decline_code": "expired_card"}, "EXPIRED_CARD"),
        ({"code": "card_declined", "decline_code": "generic_decline"}, "DECLINED"),
        ({"code": "card_declined", "decline_code": "incorrect_pin"}, "INCORRECT_PIN"),
        ({"code": "processing_error"}, "READ_ERROR"),
        ({"code": "card_declined", "decline_code": "card_not_supported"}, "CARD_NOT_SUPPORTED"),
        ({"code": "something_new"}, "DECLINED"),
    ],
)
def test_decline_codes_become_plain_reasons(error: dict[str, str], reason: str) -> None:
    assert decline_reason(error) is DeclineReason[reason]
