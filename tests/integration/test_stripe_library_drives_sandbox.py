"""Stripe's official client library (stripe-python), unchanged, drives the sandbox's Stripe mount.

The sandbox's emulation is held to Stripe itself: every answer must be one stripe-python parses
into its own types (``PaymentIntent``, ``terminal.Reader``, ``ListObject``) and every failure one it
raises as the error class Stripe documents; the objects' shapes are held to Stripe's published
samples (tests/fixtures/stripe/). Nothing here works around the library: where it could not take
an answer, the sandbox was changed to Stripe's real shape.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import stripe

from kiosk.domain.money import Money
from kiosk.payments.stripe_http import STRIPE_API_VERSION
from kiosk.payments.terminal import TerminalUnknownOutcome
from tests.support.sandbox_process import SandboxProcess
from tests.support.stripe_reader import (
    APPROVE,
    open_terminal,
    payment_intents,
    reader_id,
    reader_info,
    script_reader,
    stripe_client,
    stripe_library,
    stripe_sample,
)
from tests.support.zenoti_samples import shape_differences

pytestmark = pytest.mark.sandbox

CARD_PRESENT: dict[str, Any] = {
    "amount": 1250,
    "currency": "usd",
    "payment_method_types": ["card_present"],
    "capture_method": "automatic",
    "metadata": {"sale_id": "sale-1"},
}
# How a card_present intent created with payment_method_types differs from Stripe's sample (a card
# payment with automatic_payment_methods); payment_intent.source.md says why. Metadata keys are
# the integration's own (the samples' metadata is empty).
INTENT_DIFFERENCES: dict[str, set[str]] = {
    "nullable": {"automatic_payment_methods"},
    "extra": {"payment_method_options.card_present", "metadata.sale_id"},
    "absent": {"payment_method_options.card", "payment_method_options.link"},
}
READER_DIFFERENCES: dict[str, set[str]] = {"extra": {"metadata.center_id"}}


@pytest.fixture
def client(sandbox: SandboxProcess) -> stripe.StripeClient:
    return stripe_library(sandbox)


@pytest.fixture
def reader(sandbox: SandboxProcess) -> str:
    """The first reader, authorising instantly so a presented card settles in the same call."""
    script_reader(sandbox, processing_ms=0)
    return reader_id(sandbox)


@pytest.fixture(autouse=True)
def _no_global_stripe_state() -> Iterator[None]:
    """These tests configure clients, never stripe-python's module-wide settings."""
    before = (stripe.api_key, stripe.api_base, stripe.api_version)
    yield
    assert (stripe.api_key, stripe.api_base, stripe.api_version) == before


def _create(client: stripe.StripeClient, key: str, **changes: Any) -> stripe.PaymentIntent:
    return client.v1.payment_intents.create(
        params={**CARD_PRESENT, **changes},  # type: ignore[typeddict-item]
        options={"idempotency_key": key},
    )


def _raw(obj: stripe.StripeObject) -> Any:
    """The JSON the sandbox answered with, as stripe-python received it."""
    response = obj.last_response
    assert response is not None
    return response.data


def _present(client: stripe.StripeClient, reader: str, number: str) -> stripe.terminal.Reader:
    return client.v1.test_helpers.terminal.readers.present_payment_method(
        reader, {"type": "card_present", "card_present": {"number": number}}
    )


# ---------------------------------------------------------------------- payment intents


def test_same_key_same_parameters_is_the_same_intent(
    sandbox: SandboxProcess, client: stripe.StripeClient
) -> None:
    first = _create(client, "attempt-1")
    again = _create(client, "attempt-1")
    assert isinstance(first, stripe.PaymentIntent)
    assert again.id == first.id
    assert again.last_response is not None
    assert again.last_response.headers["Idempotent-Replayed"] == "true"
    assert len(payment_intents(sandbox)) == 1


def test_same_key_other_parameters_is_stripes_idempotency_error(
    sandbox: SandboxProcess, client: stripe.StripeClient
) -> None:
    _create(client, "attempt-1")
    with pytest.raises(stripe.IdempotencyError) as refused:
        _create(client, "attempt-1", amount=9999)
    assert refused.value.http_status == 400
    assert len(payment_intents(sandbox)) == 1


def test_a_request_refused_for_its_parameters_keeps_nothing_under_its_key(
    sandbox: SandboxProcess, client: stripe.StripeClient
) -> None:
    # Stripe keeps an answer only once the endpoint ran; a validation failure leaves the key free.
    with pytest.raises(stripe.InvalidRequestError) as refused:
        _create(client, "attempt-1", amount=0)
    assert refused.value.param == "amount"
    created = _create(client, "attempt-1")
    assert created.last_response is not None
    assert "Idempotent-Replayed" not in created.last_response.headers
    assert [i["id"] for i in payment_intents(sandbox)] == [created.id]


def test_a_created_intent_has_the_shape_of_stripes_sample(client: stripe.StripeClient) -> None:
    created = _create(client, "attempt-1")
    read = client.v1.payment_intents.retrieve(created.id)
    assert (read.status, read.amount, read.currency) == ("requires_payment_method", 1250, "usd")
    assert read.payment_method_types == ["card_present"]
    assert read.metadata.to_dict() == {"sale_id": "sale-1"}
    assert read.livemode is False
    sample = stripe_sample("payment_intent")
    assert shape_differences(_raw(created), sample, **INTENT_DIFFERENCES) == []
    assert shape_differences(_raw(read), sample, **INTENT_DIFFERENCES) == []


def test_created_is_seconds_since_the_epoch(client: stripe.StripeClient) -> None:
    intent = _create(client, "attempt-1")
    assert abs(intent.created - time.time()) < 120


def test_intents_are_listed_newest_first_within_created_and_every_page_is_reached(
    client: stripe.StripeClient,
) -> None:
    made = [_create(client, f"attempt-{n}", amount=1000 + n) for n in range(5)]
    window = {"gte": made[0].created, "lt": made[-1].created + 3600}
    first = client.v1.payment_intents.list({"created": window, "limit": 2})
    assert isinstance(first, stripe.ListObject)
    assert (len(first.data), first.has_more) == (2, True)
    assert shape_differences(_raw(first), stripe_sample("list")) == []
    every = [intent.id for intent in first.auto_paging_iter()]
    assert sorted(every) == sorted(intent.id for intent in made)
    assert len(every) == len(set(every)) == 5
    created = [client.v1.payment_intents.retrieve(i).created for i in every]
    assert created == sorted(created, reverse=True)
    second = first.next_page()
    assert [i.id for i in second.data] == every[2:4]
    back = client.v1.payment_intents.list({"ending_before": every[2], "limit": 2})
    assert [i.id for i in back.data] == every[:2]
    assert client.v1.payment_intents.list({"created": {"lt": made[0].created}}).data == []


def test_cancelling_an_intent_and_cancelling_it_again(client: stripe.StripeClient) -> None:
    intent = _create(client, "attempt-1")
    cancelled = client.v1.payment_intents.cancel(intent.id, {"cancellation_reason": "abandoned"})
    assert (cancelled.status, cancelled.cancellation_reason) == ("canceled", "abandoned")
    assert isinstance(cancelled.canceled_at, int)
    with pytest.raises(stripe.InvalidRequestError) as refused:
        client.v1.payment_intents.cancel(intent.id)
    assert refused.value.code == "payment_intent_unexpected_state"
    assert refused.value.http_status == 400


# ---------------------------------------------------------------------- readers


def test_a_reader_is_retrieved_in_the_shape_of_stripes_sample(
    sandbox: SandboxProcess, client: stripe.StripeClient
) -> None:
    found = client.v1.terminal.readers.retrieve(reader_id(sandbox))
    assert isinstance(found, stripe.terminal.Reader)
    assert (found.id, found.status, found.action) == (reader_id(sandbox), "online", None)
    assert found.device_type == "simulated_wisepos_e"
    diffs = shape_differences(_raw(found), stripe_sample("terminal_reader"), **READER_DIFFERENCES)
    assert diffs == []


def test_readers_are_listed_filtered_and_paged_as_stripe_documents(
    sandbox: SandboxProcess, client: stripe.StripeClient
) -> None:
    info = reader_info(sandbox)["readers"]
    every = client.v1.terminal.readers.list()
    assert isinstance(every, stripe.ListObject)
    assert [r.id for r in every.data] == [r["id"] for r in info]
    assert every.url == "/v1/terminal/readers"
    assert shape_differences(_raw(every), stripe_sample("list")) == []
    for row in _raw(every)["data"]:
        assert shape_differences(row, stripe_sample("terminal_reader"), **READER_DIFFERENCES) == []
    paged = client.v1.terminal.readers.list({"limit": 1})
    assert (len(paged.data), paged.has_more) == (1, len(info) > 1)
    assert [r.id for r in paged.auto_paging_iter()] == [r["id"] for r in info]
    first = every.data[0]
    at_location = client.v1.terminal.readers.list({"location": first.location})
    assert [r.id for r in at_location.data] == [first.id]
    script_reader(sandbox, reader_id=first.id, online=False)
    offline = client.v1.terminal.readers.list({"status": "offline"})
    online = client.v1.terminal.readers.list({"status": "online"})
    assert [r.id for r in offline.data] == [first.id]
    assert first.id not in [r.id for r in online.data]
    simulated = client.v1.terminal.readers.list({"device_type": "simulated_wisepos_e"})
    assert len(simulated.data) == len(info)
    assert client.v1.terminal.readers.list({"device_type": "stripe_s700"}).data == []
    with pytest.raises(stripe.InvalidRequestError) as refused:
        client.v1.terminal.readers.list({"status": "asleep"})  # type: ignore[typeddict-item]
    assert (refused.value.http_status, refused.value.param) == (400, "status")


def test_an_approved_card_pays_the_intent(client: stripe.StripeClient, reader: str) -> None:
    intent = _create(client, "attempt-1")
    armed = client.v1.terminal.readers.process_payment_intent(reader, {"payment_intent": intent.id})
    assert armed.action is not None
    assert (armed.action.type, armed.action.status) == ("process_payment_intent", "in_progress")
    assert armed.action.process_payment_intent is not None
    assert armed.action.process_payment_intent.payment_intent == intent.id
    sample = stripe_sample("terminal_reader_processing")
    assert shape_differences(_raw(armed), sample, **READER_DIFFERENCES) == []

    presented = _present(client, reader, APPROVE)
    assert presented.action is not None
    assert presented.action.status == "succeeded"
    sample = stripe_sample("terminal_reader_presented")
    assert shape_differences(_raw(presented), sample, **READER_DIFFERENCES) == []

    paid = client.v1.payment_intents.retrieve(intent.id, {"expand": ["payment_method"]})
    assert (paid.status, paid.amount_received) == ("succeeded", 1250)
    assert isinstance(paid.latest_charge, str)
    assert paid.latest_charge.startswith("ch_")
    assert isinstance(paid.payment_method, stripe.PaymentMethod)
    assert paid.payment_method.type == "card_present"
    assert paid.payment_method.card_present is not None
    assert (paid.payment_method.card_present.brand, paid.payment_method.card_present.last4) == (
        "visa",
        "4242",
    )
    assert (
        shape_differences(_raw(paid), stripe_sample("payment_intent"), **INTENT_DIFFERENCES) == []
    )


@pytest.mark.parametrize(
    ("number", "code", "decline_code"),
    [
        ("4000000000000002", "card_declined", "generic_decline"),
        ("4000000000009995", "card_declined", "insufficient_funds"),
        ("4000000000009987", "card_declined", "lost_card"),
        ("4000000000009979", "card_declined", "stolen_card"),
        ("4000000000000069", "expired_card", "expired_card"),
        ("4000000000000119", "processing_error", "processing_error"),
    ],
)
def test_stripes_test_decline_numbers_decline_and_the_intent_takes_another_card(
    client: stripe.StripeClient, reader: str, number: str, code: str, decline_code: str
) -> None:
    intent = _create(client, "attempt-1")
    client.v1.terminal.readers.process_payment_intent(reader, {"payment_intent": intent.id})
    declined_reader = _present(client, reader, number)
    assert declined_reader.action is not None
    assert (declined_reader.action.status, declined_reader.action.failure_code) == ("failed", code)
    declined = client.v1.payment_intents.retrieve(intent.id)
    assert declined.status == "requires_payment_method"
    error = declined.last_payment_error
    assert error is not None
    assert (error.type, error.code, error.decline_code) == ("card_error", code, decline_code)
    assert error.payment_method is not None
    assert error.payment_method.card_present is not None
    assert error.payment_method.card_present.last4 == number[-4:]
    assert (
        shape_differences(_raw(declined), stripe_sample("payment_intent"), **INTENT_DIFFERENCES)
        == []
    )

    client.v1.terminal.readers.process_payment_intent(reader, {"payment_intent": intent.id})
    _present(client, reader, APPROVE)
    paid = client.v1.payment_intents.retrieve(intent.id)
    assert (paid.status, paid.amount_received, paid.last_payment_error) == ("succeeded", 1250, None)


def test_cancel_action_leaves_the_reader_with_no_action(
    client: stripe.StripeClient, reader: str
) -> None:
    intent = _create(client, "attempt-1")
    client.v1.terminal.readers.process_payment_intent(reader, {"payment_intent": intent.id})
    idle = client.v1.terminal.readers.cancel_action(reader)
    assert isinstance(idle, stripe.terminal.Reader)
    assert idle.action is None
    sample = stripe_sample("terminal_reader")
    assert shape_differences(_raw(idle), sample, **READER_DIFFERENCES) == []
    assert client.v1.payment_intents.retrieve(intent.id).status == "requires_payment_method"


def test_cancel_action_while_a_card_is_authorising_is_reader_busy(
    sandbox: SandboxProcess, client: stripe.StripeClient
) -> None:
    script_reader(sandbox, processing_ms=5000)
    reader = reader_id(sandbox)
    intent = _create(client, "attempt-1")
    client.v1.terminal.readers.process_payment_intent(reader, {"payment_intent": intent.id})
    _present(client, reader, APPROVE)
    assert client.v1.payment_intents.retrieve(intent.id).status == "processing"
    with pytest.raises(stripe.InvalidRequestError) as refused:
        client.v1.terminal.readers.cancel_action(reader)
    assert (refused.value.http_status, refused.value.code) == (400, "terminal_reader_busy")


# ---------------------------------------------------------------------- errors


def test_unknown_ids_are_resource_missing_404(
    sandbox: SandboxProcess, client: stripe.StripeClient
) -> None:
    calls = [
        lambda: client.v1.payment_intents.retrieve("pi_nobody"),
        lambda: client.v1.payment_intents.cancel("pi_nobody"),
        lambda: client.v1.terminal.readers.retrieve("tmr_nobody"),
        lambda: client.v1.terminal.readers.cancel_action("tmr_nobody"),
        lambda: client.v1.terminal.readers.process_payment_intent(
            reader_id(sandbox), {"payment_intent": "pi_nobody"}
        ),
    ]
    for call in calls:
        with pytest.raises(stripe.InvalidRequestError) as missing:
            call()
        assert (missing.value.http_status, missing.value.code) == (404, "resource_missing")
        assert "No such" in str(missing.value.user_message)


def test_a_wrong_secret_key_is_stripes_authentication_error(sandbox: SandboxProcess) -> None:
    wrong = stripe_library(sandbox, api_key="sk_test_not_this_one")
    with pytest.raises(stripe.AuthenticationError) as refused:
        wrong.v1.terminal.readers.retrieve(reader_id(sandbox))
    assert refused.value.http_status == 401
    assert "sk_test_not_this_one" not in str(refused.value)


@pytest.mark.parametrize(
    ("script", "code"),
    [
        ("busy", "terminal_reader_busy"),
        ("offline", "terminal_reader_offline"),
        ("timeout", "terminal_reader_timeout"),
    ],
)
def test_reader_refusals_are_invalid_request_errors_with_stripes_codes(
    sandbox: SandboxProcess, client: stripe.StripeClient, script: str, code: str
) -> None:
    script_reader(sandbox, next_process=script)
    intent = _create(client, "attempt-1")
    with pytest.raises(stripe.InvalidRequestError) as refused:
        client.v1.terminal.readers.process_payment_intent(
            reader_id(sandbox), {"payment_intent": intent.id}
        )
    assert (refused.value.http_status, refused.value.code) == (400, code)
    assert refused.value.error is not None
    assert refused.value.error.type == "invalid_request_error"
    assert str(refused.value.error.doc_url).startswith("https://stripe.com/docs/error-codes/")


def test_a_reader_that_is_offline_refuses_the_hand_off(
    sandbox: SandboxProcess, client: stripe.StripeClient
) -> None:
    script_reader(sandbox, online=False)
    intent = _create(client, "attempt-1")
    with pytest.raises(stripe.InvalidRequestError) as refused:
        client.v1.terminal.readers.process_payment_intent(
            reader_id(sandbox), {"payment_intent": intent.id}
        )
    assert refused.value.code == "terminal_reader_offline"


def test_an_intent_that_is_not_payable_is_intent_invalid_state(
    client: stripe.StripeClient, reader: str
) -> None:
    intent = _create(client, "attempt-1")
    client.v1.payment_intents.cancel(intent.id)
    with pytest.raises(stripe.InvalidRequestError) as refused:
        client.v1.terminal.readers.process_payment_intent(reader, {"payment_intent": intent.id})
    assert (refused.value.http_status, refused.value.code) == (400, "intent_invalid_state")


def test_an_unknown_parameter_is_refused_not_ignored(client: stripe.StripeClient) -> None:
    with pytest.raises(stripe.InvalidRequestError) as refused:
        _create(client, "attempt-1", surcharge=100)
    assert (refused.value.code, refused.value.param) == ("parameter_unknown", "surcharge")


def test_urls_and_methods_stripe_has_no_route_for_are_its_404(
    sandbox: SandboxProcess, client: stripe.StripeClient
) -> None:
    with pytest.raises(stripe.InvalidRequestError) as unknown:
        client.raw_request("get", "/v1/terminal/nothing_here")
    assert unknown.value.http_status == 404
    assert str(unknown.value.user_message).startswith(
        "Unrecognized request URL (GET: /v1/terminal/nothing_here)."
    )
    with pytest.raises(stripe.InvalidRequestError) as wrong_method:
        client.v1.terminal.readers.delete(reader_id(sandbox))
    assert wrong_method.value.http_status == 404
    assert str(wrong_method.value.user_message).startswith(
        f"Unrecognized request URL (DELETE: /v1/terminal/readers/{reader_id(sandbox)})."
    )


# ---------------------------------------------------------------------- the wire, with plain HTTP


def _assert_stripe_error(response: httpx.Response, status: int) -> dict[str, Any]:
    """A Stripe error answer: its status, its shape, Stripe's headers; never Zenoti's shape."""
    assert response.status_code == status, response.text
    assert response.headers["Stripe-Version"] == STRIPE_API_VERSION
    assert response.headers["Request-Id"].startswith("req_")
    body = response.json()
    assert set(body) == {"error"}
    error: dict[str, Any] = body["error"]
    assert set(error) <= {"type", "code", "message", "param", "doc_url", "decline_code"}
    assert isinstance(error["type"], str)
    assert isinstance(error["message"], str)
    assert isinstance(error.get("code", ""), str)
    return error


@pytest.mark.parametrize(
    ("method", "path", "shown"),
    [
        ("GET", "/stripe/v1/nothing_here", "GET: /v1/nothing_here"),
        ("POST", "/stripe/v2/core/events", "POST: /v2/core/events"),
        ("DELETE", "/stripe/v1/payment_intents", "DELETE: /v1/payment_intents"),
        ("PUT", "/stripe/v1/terminal/readers/tmr_x", "PUT: /v1/terminal/readers/tmr_x"),
        ("GET", "/stripe/v1/payment_intents/pi_x/cancel", "GET: /v1/payment_intents/pi_x/cancel"),
        ("GET", "/stripe/v1/payment_intents/", "GET: /v1/payment_intents/"),
        ("GET", "/stripe", "GET: /"),
        ("PROPFIND", "/stripe/v1/payment_intents", "PROPFIND: /v1/payment_intents"),
    ],
)
def test_every_unknown_route_under_stripe_is_stripes_404(
    sandbox: SandboxProcess, method: str, path: str, shown: str
) -> None:
    with stripe_client(sandbox) as http:
        response = http.request(method, sandbox.base_url + path)
    error = _assert_stripe_error(response, 404)
    assert error["type"] == "invalid_request_error"
    assert error["message"].startswith(f"Unrecognized request URL ({shown}).")
    if path.endswith("/"):
        assert "remove the trailing slash" in error["message"]


def test_an_unknown_url_without_a_key_is_refused_for_the_key_first(
    sandbox: SandboxProcess,
) -> None:
    with httpx.Client(base_url=sandbox.base_url, timeout=10.0) as http:
        response = http.get("/stripe/v1/nothing_here")
    error = _assert_stripe_error(response, 401)
    assert error["message"].startswith("You did not provide an API key.")


@pytest.mark.parametrize("status", [500, 502, 503])
def test_an_injected_server_error_is_stripes_api_error(
    sandbox: SandboxProcess, client: stripe.StripeClient, status: int
) -> None:
    path = "/stripe/v1/terminal/readers/*"
    sandbox.inject(method="GET", path=path, kind="status", status=status, count=2)
    with stripe_client(sandbox) as http:
        error = _assert_stripe_error(http.get(f"/v1/terminal/readers/{reader_id(sandbox)}"), status)
    assert error["type"] == "api_error"
    with pytest.raises(stripe.APIError) as failed:
        client.v1.terminal.readers.retrieve(reader_id(sandbox))
    assert failed.value.http_status == status


def test_an_injected_rate_limit_is_stripes_429(
    sandbox: SandboxProcess, client: stripe.StripeClient
) -> None:
    sandbox.inject(path="/stripe/v1/payment_intents", kind="rate_limit", retry_after=3, count=2)
    with stripe_client(sandbox) as http:
        response = http.get("/v1/payment_intents")
    error = _assert_stripe_error(response, 429)
    assert (error["type"], error["code"]) == ("invalid_request_error", "rate_limit")
    assert response.headers["Retry-After"] == "3"
    assert "RateLimit-Remaining" not in response.headers
    with pytest.raises(stripe.RateLimitError):
        client.v1.payment_intents.list()


def test_a_client_fault_status_is_an_invalid_request_error(sandbox: SandboxProcess) -> None:
    sandbox.inject(path="/stripe/v1/payment_intents", kind="status", status=400, message="No.")
    with stripe_client(sandbox) as http:
        error = _assert_stripe_error(http.get("/v1/payment_intents"), 400)
    assert (error["type"], error["message"]) == ("invalid_request_error", "No.")


@pytest.mark.asyncio
async def test_an_error_inside_a_200_is_stripe_shaped_and_the_driver_calls_it_unknown(
    sandbox: SandboxProcess,
) -> None:
    sandbox.inject(method="POST", path="/stripe/v1/payment_intents", kind="error_in_200", count=2)
    with stripe_client(sandbox) as http:
        response = http.post("/v1/payment_intents", data={"amount": "1250", "currency": "usd"})
    assert response.status_code == 200
    assert response.json()["error"]["type"] == "api_error"
    assert "code" not in response.json()["error"]
    async with open_terminal(sandbox) as terminal:
        with pytest.raises(TerminalUnknownOutcome):
            await terminal.prepare(Money.of("12.50", "USD"), "attempt-1", {})


def test_nothing_under_stripe_answers_in_zenotis_shape(sandbox: SandboxProcess) -> None:
    with stripe_client(sandbox) as http:
        answers = [
            http.get("/v1/payment_intents/pi_nobody"),
            http.post("/v1/payment_intents", data={"currency": "usd"}),
            http.post("/v1/payment_intents", data={"amount": "-1", "currency": "usd"}),
            http.get("/v1/payment_intents", params={"limit": "1000"}),
            http.post(f"/v1/terminal/readers/{reader_id(sandbox)}/cancel_action"),
            http.get("/v1/nothing"),
        ]
    for response in answers:
        error = _assert_stripe_error(response, response.status_code)
        assert 400 <= response.status_code < 500
        assert error["type"] == "invalid_request_error"


# ---------------------------------------------------------------------- the pinned API version


class _Recording(httpx.AsyncBaseTransport):
    """A real transport that keeps every request and answer it carried."""

    def __init__(self) -> None:
        self._inner = httpx.AsyncHTTPTransport()
        self.exchanges: list[tuple[httpx.Request, httpx.Response]] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self._inner.handle_async_request(request)
        self.exchanges.append((request, response))
        return response

    async def aclose(self) -> None:
        await self._inner.aclose()


@pytest.mark.asyncio
async def test_the_driver_pins_its_version_and_the_sandbox_answers_in_it(
    sandbox: SandboxProcess,
) -> None:
    assert reader_info(sandbox)["stripe_version"] == STRIPE_API_VERSION
    recording = _Recording()
    async with open_terminal(sandbox, transport=recording) as terminal:
        attempt = await terminal.prepare(Money.of("12.50", "USD"), "attempt-1", {})
        await terminal.read_back(attempt)
        await terminal.reader_status()
    assert len(recording.exchanges) >= 3
    for request, response in recording.exchanges:
        assert request.headers["Stripe-Version"] == STRIPE_API_VERSION
        assert response.headers["Stripe-Version"] == STRIPE_API_VERSION


def test_the_library_unpinned_is_answered_in_the_emulated_version(sandbox: SandboxProcess) -> None:
    # stripe-python sends the version its release pins; the sandbox renders the one it emulates
    # and says so, as a client can check.
    unpinned = stripe_library(sandbox, stripe_version=None)
    found = unpinned.v1.terminal.readers.retrieve(reader_id(sandbox))
    assert found.last_response is not None
    assert found.last_response.headers["Stripe-Version"] == STRIPE_API_VERSION


def test_a_malformed_version_is_refused(sandbox: SandboxProcess) -> None:
    with stripe_client(sandbox) as http:
        response = http.get(
            f"/v1/terminal/readers/{reader_id(sandbox)}", headers={"Stripe-Version": "latest"}
        )
    error = _assert_stripe_error(response, 400)
    assert error["message"] == "Invalid Stripe API version: latest"
