"""The client's HTTP policy on a mock transport: headers, read retries, never a blind re-post."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from decimal import Decimal

import httpx
import pytest

from kiosk import APP_NAME, __version__
from kiosk.domain.money import Money
from kiosk.zenoti import (
    ApiKeyAuth,
    Backoff,
    RateBudget,
    ZenotiClient,
    ZenotiError,
    ZenotiNotFound,
    ZenotiProtocolError,
    ZenotiRateLimited,
    ZenotiUnavailable,
    ZenotiUnknownOutcome,
)

Handler = Callable[[httpx.Request], httpx.Response]
API_KEY = "sk-very-secret-key"


class Recorder:
    """Serves scripted answers in order and keeps every request."""

    def __init__(self, *answers: httpx.Response | Exception) -> None:
        self.answers = list(answers)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        answer = self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]
        if isinstance(answer, Exception):
            raise answer
        return answer


class Sleeps(list[float]):
    """A fake clock: sleeping records the pause and moves time on at once."""

    now = 0.0

    def clock(self) -> float:
        return self.now

    async def __call__(self, seconds: float) -> None:
        self.append(seconds)
        self.now += seconds


def make_client(
    handler: Handler, sleeps: Sleeps | None = None, max_retries: int = 3
) -> ZenotiClient:
    sleeps = Sleeps() if sleeps is None else sleeps
    return ZenotiClient(
        "https://zenoti.test/",
        ApiKeyAuth(API_KEY),
        currency="USD",
        rate_budget=RateBudget(6000, clock=sleeps.clock, sleep=sleeps),
        transport=httpx.MockTransport(handler),
        max_retries=max_retries,
        backoff=Backoff(base=0.01, cap=0.04, sleep=sleeps, jitter=lambda: 1.0),
    )


def ok(body: object, status: int = 200, **headers: str) -> httpx.Response:
    return httpx.Response(status, json=body, headers=headers)


INVOICE_CREATED = ok({"invoice_id": "inv-1", "success": True, "error": None})


async def create_invoice(client: ZenotiClient) -> str:
    return await client.create_membership_invoice("c1", "g1", ["m1", "m2"], "emp")


@pytest.mark.asyncio
async def test_every_call_names_the_app_and_authorises_with_the_key() -> None:
    recorder = Recorder(INVOICE_CREATED)
    async with make_client(recorder) as client:
        assert await create_invoice(client) == "inv-1"
    request = recorder.requests[0]
    assert request.url == "https://zenoti.test/v1/invoices/memberships"
    assert request.headers["authorization"] == f"apikey {API_KEY}"
    assert request.headers["application_name"] == APP_NAME
    assert request.headers["application_version"] == __version__
    assert request.headers["accept"] == "application/json"
    assert request.headers["content-type"] == "application/json"
    assert json.loads(request.content) == {
        "center_id": "c1",
        "user_id": "g1",
        "membership_ids": "m1,m2",
        "sale_by_id": "emp",
    }


@pytest.mark.asyncio
async def test_expand_is_repeated_and_ids_are_escaped_in_paths() -> None:
    recorder = Recorder(ok({"error": {"code": 418, "message": "Invoice not found"}}, 404))
    async with make_client(recorder) as client:
        with pytest.raises(ZenotiNotFound) as caught:
            await client.invoice("a/b?c")
    assert (
        recorder.requests[0].url.raw_path
        == b"/v1/invoices/a%2Fb%3Fc?expand=InvoiceItems&expand=Transactions"
    )
    assert caught.value.code == 418
    assert caught.value.route == "GET /v1/invoices/{invoice_id}"


@pytest.mark.asyncio
async def test_amounts_go_out_as_exact_decimal_literals() -> None:
    recorder = Recorder(
        ok({"transaction": {"total_amount_paid": 96.12, "amount_paid": 96.12, "tip_amount": 0}})
    )
    async with make_client(recorder) as client:
        paid = await client.add_custom_payment(
            "inv-1",
            amount=Money.of("96.1200", "USD"),
            custom_payment_id="pt",
            collected_by_id="emp",
            additional_data="pi_1",
        )
    assert b'"amount":96.12,' in recorder.requests[0].content
    assert b'"tip_amount":0.00' in recorder.requests[0].content
    assert paid.total_amount_paid == Money(Decimal("96.12"), "USD")


@pytest.mark.asyncio
async def test_a_payment_in_another_currency_is_refused_before_sending() -> None:
    recorder = Recorder(INVOICE_CREATED)
    async with make_client(recorder) as client:
        with pytest.raises(ValueError, match="EUR"):
            await client.add_custom_payment(
                "i",
                amount=Money.of("1", "EUR"),
                custom_payment_id="p",
                collected_by_id="e",
                additional_data="r",
            )
    assert recorder.requests == []


@pytest.mark.asyncio
async def test_a_read_is_retried_on_5xx_with_growing_backoff() -> None:
    recorder = Recorder(ok({}, 503), ok({}, 502), ok({"countries": []}))
    sleeps = Sleeps()
    async with make_client(recorder, sleeps) as client:
        assert await client.countries() == []
    assert len(recorder.requests) == 3
    assert sleeps == [0.01, 0.02]


@pytest.mark.asyncio
async def test_a_read_gives_up_after_max_retries() -> None:
    recorder = Recorder(ok({"error": {"code": 4023, "message": "Something went wrong"}}, 500))
    async with make_client(recorder, max_retries=2) as client:
        with pytest.raises(ZenotiUnavailable) as caught:
            await client.countries()
    assert len(recorder.requests) == 3
    assert caught.value.http_status == 500
    assert caught.value.code == 4023


@pytest.mark.asyncio
async def test_a_read_is_retried_on_a_dropped_connection() -> None:
    recorder = Recorder(httpx.RemoteProtocolError("dropped"), ok({"countries": []}))
    async with make_client(recorder) as client:
        assert await client.countries() == []
    assert len(recorder.requests) == 2


@pytest.mark.asyncio
async def test_a_read_that_never_connects_is_unavailable() -> None:
    recorder = Recorder(httpx.ConnectError("refused"))
    async with make_client(recorder, max_retries=1) as client:
        with pytest.raises(ZenotiUnavailable, match="ConnectError"):
            await client.countries()
    assert len(recorder.requests) == 2


@pytest.mark.asyncio
@pytest.mark.parametrize(
    "failure",
    [httpx.ReadTimeout("slow"), httpx.RemoteProtocolError("dropped"), httpx.WriteError("reset")],
)
async def test_a_write_that_may_have_been_sent_is_never_retried(failure: Exception) -> None:
    recorder = Recorder(failure, INVOICE_CREATED)
    async with make_client(recorder) as client:
        with pytest.raises(ZenotiUnknownOutcome) as caught:
            await create_invoice(client)
    assert len(recorder.requests) == 1
    assert caught.value.route == "POST /v1/invoices/memberships"


@pytest.mark.asyncio
async def test_a_5xx_on_a_write_is_an_unknown_outcome() -> None:
    recorder = Recorder(ok({"error": {"code": 4023, "message": "Something went wrong"}}, 500))
    async with make_client(recorder) as client:
        with pytest.raises(ZenotiUnknownOutcome) as caught:
            await create_invoice(client)
    assert len(recorder.requests) == 1
    assert (caught.value.http_status, caught.value.code) == (500, 4023)


@pytest.mark.asyncio
@pytest.mark.parametrize(
    "failure", [httpx.ConnectError("refused"), httpx.ConnectTimeout("no route")]
)
async def test_a_write_that_never_connected_is_retried(failure: Exception) -> None:
    recorder = Recorder(failure, INVOICE_CREATED)
    async with make_client(recorder) as client:
        assert await create_invoice(client) == "inv-1"
    assert len(recorder.requests) == 2


@pytest.mark.asyncio
async def test_a_throttled_write_is_sent_again_after_retry_after() -> None:
    throttled = ok(
        {"error": {"code": 429, "message": "Too many requests"}}, 429, **{"Retry-After": "2"}
    )
    recorder = Recorder(throttled, INVOICE_CREATED)
    sleeps = Sleeps()
    async with make_client(recorder, sleeps) as client:
        assert await create_invoice(client) == "inv-1"
    assert len(recorder.requests) == 2
    assert sum(sleeps) == pytest.approx(2.0)


@pytest.mark.asyncio
async def test_a_retry_after_too_long_to_wait_fails_the_call() -> None:
    throttled = ok(
        {"error": {"code": 429, "message": "Too many requests"}}, 429, **{"Retry-After": "3600"}
    )
    recorder = Recorder(throttled)
    async with make_client(recorder) as client:
        with pytest.raises(ZenotiRateLimited) as caught:
            await client.countries()
    assert caught.value.retry_after == 3600
    assert len(recorder.requests) == 1


@pytest.mark.asyncio
async def test_an_error_inside_http_200_is_raised_with_its_code() -> None:
    recorder = Recorder(ok({"error": {"code": "419", "message": "Full payment not made"}}))
    async with make_client(recorder) as client:
        with pytest.raises(ZenotiError) as caught:
            await client.close_invoice("inv-1", "emp")
    assert caught.value.code == 419
    assert caught.value.http_status == 200
    assert caught.value.message == "Full payment not made"
    assert caught.value.route == "POST /v1/invoices/{invoice_id}/close"


@pytest.mark.asyncio
async def test_an_unreadable_answer_to_a_read_is_a_protocol_error() -> None:
    recorder = Recorder(httpx.Response(200, content=b"<html>gateway</html>"))
    async with make_client(recorder) as client:
        with pytest.raises(ZenotiProtocolError):
            await client.countries()


@pytest.mark.asyncio
@pytest.mark.parametrize(
    "answer",
    [
        httpx.Response(200, content=b"{not json"),
        ok({"success": True}),
        ok({"invoice_id": ["inv-1"]}),
    ],
)
async def test_an_unreadable_answer_to_a_write_is_an_unknown_outcome(
    answer: httpx.Response,
) -> None:
    async with make_client(Recorder(answer)) as client:
        with pytest.raises(ZenotiUnknownOutcome):
            await create_invoice(client)


@pytest.mark.asyncio
async def test_an_undecodable_body_is_a_zenoti_error() -> None:
    def garbled(request: httpx.Request) -> httpx.Response:
        stream = httpx.ByteStream(b"not gzip")
        return httpx.Response(200, stream=stream, headers={"content-encoding": "gzip"})

    async with make_client(garbled, max_retries=1) as client:
        with pytest.raises(ZenotiUnavailable, match="DecodingError"):
            await client.countries()
        with pytest.raises(ZenotiUnknownOutcome, match="DecodingError"):
            await create_invoice(client)


@pytest.mark.asyncio
async def test_a_mandatory_field_is_named() -> None:
    recorder = Recorder(ok({"error": {"code": 503, "message": "date_of_birth is mandatory"}}, 400))
    async with make_client(recorder) as client:
        with pytest.raises(ZenotiError) as caught:
            await client.countries()
    assert caught.value.mandatory_field == "date_of_birth"
    assert not isinstance(caught.value, ZenotiUnavailable)  # code 503 is "missing input"


@pytest.mark.asyncio
async def test_logs_carry_neither_the_key_nor_guest_data(caplog: pytest.LogCaptureFixture) -> None:
    guest = {"id": "g1", "personal_info": {"first_name": "Jane", "email": "jane@example.com"}}
    recorder = Recorder(ok({}, 503), ok({"guests": [guest]}))
    caplog.set_level(logging.DEBUG, logger="kiosk.zenoti")
    async with make_client(recorder) as client:
        found = await client.search_guests("c1", email="jane@example.com")
    assert found[0].first_name == "Jane"
    text = "\n".join(r.getMessage() for r in caplog.records)
    assert "GET /v1/guests/search" in text
    for secret in (API_KEY, "jane@example.com", "Jane"):
        assert secret not in text


@pytest.mark.asyncio
async def test_search_needs_a_criterion_and_caps_the_page_size() -> None:
    recorder = Recorder(ok({"guests": None}))
    async with make_client(recorder) as client:
        with pytest.raises(ValueError, match="criterion"):
            await client.search_guests("c1")
        assert await client.search_guests("c1", phone="(555) 123-4567", size=500) == []
    assert recorder.requests[0].url.params["size"] == "100"
    assert recorder.requests[0].url.params["phone"] == "5551234567"


def test_the_key_never_shows_in_a_repr() -> None:
    assert API_KEY not in repr(ApiKeyAuth(API_KEY))
