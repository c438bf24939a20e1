"""Contract: error shapes, injected faults and the rate limit, against the real sandbox."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator

import pytest
import pytest_asyncio

from kiosk.zenoti import (
    ApiKeyAuth,
    Backoff,
    RateBudget,
    ZenotiAuthError,
    ZenotiClient,
    ZenotiError,
    ZenotiNotFound,
    ZenotiProtocolError,
    ZenotiUnavailable,
    ZenotiUnknownOutcome,
)
from tests.support.sandbox_process import SandboxProcess

pytestmark = pytest.mark.sandbox

INVOICES = "/v1/invoices/memberships"


def make_client(sandbox: SandboxProcess, **options: object) -> ZenotiClient:
    settings: dict[str, object] = {"backoff": Backoff(base=0.02, cap=0.1), "max_retries": 3}
    settings.update(options)
    return ZenotiClient(
        sandbox.base_url,
        ApiKeyAuth(str(settings.pop("api_key", sandbox.api_key))),
        currency=sandbox.info()["currency"],
        **settings,  # type: ignore[arg-type]
    )


@pytest_asyncio.fixture
async def zenoti(sandbox: SandboxProcess) -> AsyncIterator[ZenotiClient]:
    async with make_client(sandbox) as client:
        yield client


def calls(sandbox: SandboxProcess, method: str, path: str) -> list[dict[str, object]]:
    return [r for r in sandbox.requests() if r["method"] == method and r["path"] == path]


async def calls_once_the_slow_one_is_logged(
    sandbox: SandboxProcess, method: str, path: str
) -> list[dict[str, object]]:
    """The calls to a route once the one the latency fault held has been logged.

    The sandbox logs a call when it has answered it, even to a client that gave up waiting; any
    call sent after the client gave up has no fault to wait out, so it is logged before that one.
    """
    deadline = time.monotonic() + 10.0
    while True:
        logged = calls(sandbox, method, path)
        if any(r["fault"] == "latency" for r in logged):
            return logged
        assert time.monotonic() < deadline, f"the slow {method} {path} was never logged"
        await asyncio.sleep(0.02)


async def new_invoice(sandbox: SandboxProcess, zenoti: ZenotiClient) -> str:
    return await zenoti.create_membership_invoice(*(await invoice_args(sandbox, zenoti)))


async def invoice_args(
    sandbox: SandboxProcess, zenoti: ZenotiClient
) -> tuple[str, str, list[str], str]:
    center_id = sandbox.center_id
    (guest, *_) = await zenoti.search_guests(center_id, email="maya.okafor@example.com")
    prepaid = next(m for m in await zenoti.memberships(center_id) if not m.is_recurring)
    return center_id, guest.id, [prepaid.id], sandbox.info()["employees"]["kiosk"]


async def invoices_of(zenoti: ZenotiClient, center_id: str) -> set[str]:
    return {s.id for s in await zenoti.open_invoices(center_id)}


# -- error shapes ------------------------------------------------------------------------------
@pytest.mark.asyncio
@pytest.mark.parametrize("legacy", [False, True])
async def test_an_error_inside_http_200(
    sandbox: SandboxProcess, zenoti: ZenotiClient, legacy: bool
) -> None:
    sandbox.inject(
        method="GET",
        path="/v1/centers",
        kind="error_in_200",
        code=502,
        message="Bad center",
        legacy=legacy,
    )
    with pytest.raises(ZenotiError) as caught:
        await zenoti.centers()
    assert (caught.value.code, caught.value.http_status) == (502, 200)
    assert caught.value.message == "Bad center"
    assert caught.value.route == "GET /v1/centers"
    assert len(await zenoti.centers()) == len(sandbox.info()["centers"])  # one-shot


@pytest.mark.asyncio
@pytest.mark.parametrize(
    ("code", "expected"),
    [
        (418, ZenotiNotFound),
        (419, ZenotiError),
        (459, ZenotiError),
        (460, ZenotiError),
        (728, ZenotiError),
        (438, ZenotiAuthError),
    ],
)
async def test_zenoti_codes_in_200_become_typed_errors(
    sandbox: SandboxProcess, zenoti: ZenotiClient, code: int, expected: type[ZenotiError]
) -> None:
    invoice_id = await new_invoice(sandbox, zenoti)
    sandbox.inject(
        method="POST", path="/v1/invoices/*/close", kind="error_in_200", code=code, message="no"
    )
    with pytest.raises(expected) as caught:
        await zenoti.close_invoice(invoice_id, "emp")
    assert type(caught.value) is expected
    assert caught.value.code == code


@pytest.mark.asyncio
async def test_a_4xx_with_code_503_is_missing_input_not_unavailable(
    sandbox: SandboxProcess, zenoti: ZenotiClient
) -> None:
    sandbox.inject(
        method="GET",
        path="/v1/countries",
        kind="status",
        status=400,
        code=503,
        message="email is mandatory",
    )
    with pytest.raises(ZenotiError) as caught:
        await zenoti.countries()
    assert not isinstance(caught.value, ZenotiUnavailable)
    assert caught.value.mandatory_field == "email"
    assert len(calls(sandbox, "GET", "/v1/countries")) == 1  # a refusal is not retried


@pytest.mark.asyncio
async def test_a_wrong_api_key_is_an_auth_error(sandbox: SandboxProcess) -> None:
    async with make_client(sandbox, api_key="not-the-key") as client:
        with pytest.raises(ZenotiAuthError) as caught:
            await client.countries()
    assert (caught.value.code, caught.value.http_status) == (401, 401)
    assert len(calls(sandbox, "GET", "/v1/countries")) == 1


# -- faults on reads: retried ------------------------------------------------------------------
@pytest.mark.asyncio
async def test_a_503_on_a_read_is_retried_until_it_succeeds(
    sandbox: SandboxProcess, zenoti: ZenotiClient
) -> None:
    sandbox.inject(method="GET", path="/v1/countries", kind="status", status=503, count=2)
    assert await zenoti.countries()
    assert [r["status"] for r in calls(sandbox, "GET", "/v1/countries")] == [503, 503, 200]


@pytest.mark.asyncio
async def test_a_read_that_keeps_failing_is_unavailable(
    sandbox: SandboxProcess, zenoti: ZenotiClient
) -> None:
    sandbox.inject(method="GET", path="/v1/countries", kind="status", status=503, count=10)
    with pytest.raises(ZenotiUnavailable) as caught:
        await zenoti.countries()
    assert caught.value.http_status == 503
    assert len(calls(sandbox, "GET", "/v1/countries")) == 4  # 1 + max_retries


@pytest.mark.asyncio
async def test_a_dropped_read_is_retried(sandbox: SandboxProcess, zenoti: ZenotiClient) -> None:
    sandbox.inject(method="GET", path="/v1/invoices/*", kind="drop")
    invoice_id = await new_invoice(sandbox, zenoti)
    assert (await zenoti.invoice(invoice_id)).id == invoice_id
    assert [r["status"] for r in calls(sandbox, "GET", f"/v1/invoices/{invoice_id}")] == [None, 200]


@pytest.mark.asyncio
async def test_latency_is_waited_out(sandbox: SandboxProcess, zenoti: ZenotiClient) -> None:
    sandbox.inject(method="GET", path="/v1/countries", kind="latency", latency_ms=300)
    started = time.monotonic()
    assert await zenoti.countries()
    assert time.monotonic() - started >= 0.3
    assert len(calls(sandbox, "GET", "/v1/countries")) == 1


@pytest.mark.asyncio
async def test_a_read_slower_than_the_timeout_is_retried(sandbox: SandboxProcess) -> None:
    sandbox.inject(method="GET", path="/v1/countries", kind="latency", latency_ms=1500)
    async with make_client(sandbox, timeout=0.5) as client:
        assert await client.countries()
    assert len(await calls_once_the_slow_one_is_logged(sandbox, "GET", "/v1/countries")) == 2


@pytest.mark.asyncio
async def test_a_malformed_answer_to_a_read_is_a_protocol_error(
    sandbox: SandboxProcess, zenoti: ZenotiClient
) -> None:
    sandbox.inject(method="GET", path="/v1/countries", kind="malformed")
    with pytest.raises(ZenotiProtocolError) as caught:
        await zenoti.countries()
    assert caught.value.route == "GET /v1/countries"
    assert caught.value.http_status == 200


# -- faults on writes: never re-posted ---------------------------------------------------------
@pytest.mark.asyncio
async def test_a_drop_after_commit_is_an_unknown_outcome_and_the_invoice_exists(
    sandbox: SandboxProcess, zenoti: ZenotiClient
) -> None:
    args = await invoice_args(sandbox, zenoti)
    before = await invoices_of(zenoti, sandbox.center_id)
    sandbox.inject(method="POST", path=INVOICES, kind="drop_after_commit")
    with pytest.raises(ZenotiUnknownOutcome) as caught:
        await zenoti.create_membership_invoice(*args)
    assert caught.value.route == f"POST {INVOICES}"
    assert len(calls(sandbox, "POST", INVOICES)) == 1  # not re-posted
    created = await invoices_of(zenoti, sandbox.center_id) - before
    assert len(created) == 1  # it did happen: the sale engine finds it by reading back


@pytest.mark.asyncio
async def test_a_drop_before_the_handler_is_also_an_unknown_outcome(
    sandbox: SandboxProcess, zenoti: ZenotiClient
) -> None:
    args = await invoice_args(sandbox, zenoti)
    before = await invoices_of(zenoti, sandbox.center_id)
    sandbox.inject(method="POST", path=INVOICES, kind="drop")
    with pytest.raises(ZenotiUnknownOutcome):
        await zenoti.create_membership_invoice(*args)
    assert len(calls(sandbox, "POST", INVOICES)) == 1
    assert await invoices_of(zenoti, sandbox.center_id) == before  # this time nothing happened


@pytest.mark.asyncio
async def test_a_5xx_on_a_write_is_an_unknown_outcome(
    sandbox: SandboxProcess, zenoti: ZenotiClient
) -> None:
    args = await invoice_args(sandbox, zenoti)
    sandbox.inject(method="POST", path=INVOICES, kind="status", status=503)
    with pytest.raises(ZenotiUnknownOutcome) as caught:
        await zenoti.create_membership_invoice(*args)
    assert caught.value.http_status == 503
    assert len(calls(sandbox, "POST", INVOICES)) == 1


@pytest.mark.asyncio
async def test_a_write_slower_than_the_timeout_is_an_unknown_outcome(
    sandbox: SandboxProcess,
) -> None:
    async with make_client(sandbox, timeout=0.5) as client:
        args = await invoice_args(sandbox, client)
        sandbox.inject(method="POST", path=INVOICES, kind="latency", latency_ms=1200)
        with pytest.raises(ZenotiUnknownOutcome, match="ReadTimeout"):
            await client.create_membership_invoice(*args)
    # Sent once, never again. (Whether the sandbox committed it is its business: the client
    # cannot know, which is the point.)
    assert len(await calls_once_the_slow_one_is_logged(sandbox, "POST", INVOICES)) == 1


@pytest.mark.asyncio
async def test_a_malformed_answer_to_a_write_is_an_unknown_outcome(
    sandbox: SandboxProcess, zenoti: ZenotiClient
) -> None:
    args = await invoice_args(sandbox, zenoti)
    sandbox.inject(method="POST", path=INVOICES, kind="malformed")
    with pytest.raises(ZenotiUnknownOutcome, match="unreadable"):
        await zenoti.create_membership_invoice(*args)
    assert len(calls(sandbox, "POST", INVOICES)) == 1


@pytest.mark.asyncio
async def test_a_throttled_write_is_sent_again_after_retry_after(
    sandbox: SandboxProcess, zenoti: ZenotiClient
) -> None:
    args = await invoice_args(sandbox, zenoti)
    sandbox.inject(method="POST", path=INVOICES, kind="rate_limit", retry_after=1)
    started = time.monotonic()
    invoice_id = await zenoti.create_membership_invoice(*args)
    assert time.monotonic() - started >= 1.0
    assert [r["status"] for r in calls(sandbox, "POST", INVOICES)] == [429, 200]
    assert (await zenoti.invoice(invoice_id)).id == invoice_id


# -- the rate limit ----------------------------------------------------------------------------
@pytest.mark.asyncio
async def test_a_rate_limit_fault_on_a_read_waits_retry_after(
    sandbox: SandboxProcess, zenoti: ZenotiClient
) -> None:
    sandbox.inject(method="GET", path="/v1/countries", kind="rate_limit", retry_after=1)
    started = time.monotonic()
    assert await zenoti.countries()
    assert time.monotonic() - started >= 1.0
    assert [r["status"] for r in calls(sandbox, "GET", "/v1/countries")] == [429, 200]


@pytest.mark.asyncio
async def test_the_client_waits_for_the_organisations_budget_instead_of_failing(
    sandbox: SandboxProcess,
) -> None:
    per_minute = 20  # a token every 3 s
    sandbox.settings(rate_limit={"enabled": True, "per_minute": per_minute})
    started = time.monotonic()
    async with make_client(sandbox, rate_budget=RateBudget(600)) as client:
        for _ in range(per_minute + 1):
            assert await client.countries()
    elapsed = time.monotonic() - started
    statuses = [r["status"] for r in calls(sandbox, "GET", "/v1/countries")]
    # Zenoti's RateLimit-Remaining reached 0: the client waited for RateLimit-Reset, no 429 at all.
    assert statuses == [200] * (per_minute + 1)
    assert 1.0 <= elapsed < 10


@pytest.mark.asyncio
async def test_429s_from_a_shared_budget_are_waited_out(sandbox: SandboxProcess) -> None:
    # Another integration of the business spent the budget: we learn it only from 429s.
    sandbox.settings(rate_limit={"enabled": True, "per_minute": 30})
    async with make_client(sandbox) as other:
        for _ in range(30):
            await other.countries()
    sandbox.clear_requests()
    async with make_client(sandbox, max_retries=5) as client:
        started = time.monotonic()
        assert await client.countries()
        assert time.monotonic() - started >= 1.0
    assert [r["status"] for r in calls(sandbox, "GET", "/v1/countries")] == [429, 200]
