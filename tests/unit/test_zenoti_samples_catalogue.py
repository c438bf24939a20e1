"""The client reads Zenoti's own published samples (tests/fixtures/zenoti/) for the token, center,
employee and catalogue routes, byte for byte, to the right domain objects and typed errors."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from decimal import Decimal

import httpx
import pytest

from kiosk.domain.catalog import (
    Benefit,
    BenefitKind,
    BillingFrequency,
    FrequencyUnit,
    MembershipType,
)
from kiosk.domain.money import Money
from kiosk.zenoti import Backoff, EmployeeTokenAuth, RateBudget, ZenotiClient
from kiosk.zenoti.errors import ZenotiAuthError, ZenotiError
from tests.support.zenoti_samples import answer, client_serving, sample, sample_bytes

GUEST_PASS = "bf6da36a-f402-4f66-b6d1-953829288a83"


def usd(amount: int) -> Money:
    return Money(Decimal(amount), "USD")


# -- catalogue ------------------------------------------------------------------------------------
@pytest.mark.asyncio
async def test_the_published_catalogue_sample_parses_to_its_membership_and_benefits() -> None:
    client, seen = client_serving(sample_bytes("list-memberships-in-a-center.json"))
    async with client:
        catalog = await client.memberships("c-1")
    assert len(seen) == 1  # page_info total 1: no second page asked for
    assert seen[0].url.path == "/v1/centers/c-1/memberships"
    assert seen[0].url.params["show_in_catalog"] == "true"
    [guest_pass] = catalog.memberships
    assert guest_pass.id == GUEST_PASS
    assert guest_pass.version_id == GUEST_PASS
    assert guest_pass.name == "Guest Pass MEmbership Two - Cloned"
    assert guest_pass.title == "Guest Pass MEmbership Two - Cloned"  # display_name is null
    assert guest_pass.code == ""  # the sample has no code
    assert (guest_pass.price.sales, guest_pass.price.tax, guest_pass.price.final) == (
        usd(150),
        usd(0),
        usd(150),
    )
    assert isinstance(guest_pass.price.final.amount, Decimal)
    assert guest_pass.show_price is True
    assert guest_pass.type is MembershipType.RECURRING
    assert guest_pass.is_recurring is True
    assert guest_pass.billing_frequency == BillingFrequency(12, FrequencyUnit.MONTH)
    assert guest_pass.first_collection_after_days == 0
    assert guest_pass.description == ""
    assert guest_pass.terms == ""
    assert guest_pass.terms_acceptance_required is False
    assert guest_pass.images == {}
    assert guest_pass.benefits == (
        Benefit(
            BenefitKind.CLASS,
            "Payrates",  # "Payrates " in the sample: names are stripped
            category="Aerobics",
            is_category=True,
            quantity=145,
            expiration_days=0,
            peak_discount_percent=Decimal(0),
            off_peak_discount_percent=Decimal(0),
            post_credit_peak_discount_percent=Decimal(0),
            post_credit_off_peak_discount_percent=Decimal(0),
        ),
        Benefit(
            BenefitKind.CLASS,
            "Yoga",
            category="Classes",
            is_category=False,
            quantity=125,
            expiration_days=0,
            peak_discount_percent=Decimal(0),
            off_peak_discount_percent=Decimal(0),
            post_credit_peak_discount_percent=Decimal(0),
            post_credit_off_peak_discount_percent=Decimal(0),
        ),
        Benefit(
            BenefitKind.CLASS_DISCOUNT,
            "Payrates",
            category="Aerobics",
            is_category=True,
            quantity=0,
            expiration_days=0,
        ),
        Benefit(
            BenefitKind.CLASS_DISCOUNT,
            "Yoga",
            category="Classes",
            is_category=False,
            quantity=0,
            expiration_days=0,
        ),
    )
    # frequency_mode -1 / frequency null (credits) and null / -1 (discounts) both mean "none".
    assert not any(b.has_period_limit for b in guest_pass.benefits)
    assert [b.name for b in guest_pass.included] == ["Payrates", "Yoga"]
    assert [b.name for b in guest_pass.discounts] == ["Payrates", "Yoga"]


@pytest.mark.asyncio
async def test_benefits_and_page_info_may_be_null() -> None:
    client, seen = client_serving(sample_bytes("list-memberships-in-a-center.benefits-null.json"))
    async with client:
        catalog = await client.memberships("c-1")
    # total_no_of_memberships says 78, but without page_info a short page is the last one.
    assert len(seen) == 1
    [bmw] = catalog.memberships
    assert bmw.id == "6a1bf622-d343-47f4-be65-a5dccace7f03"
    assert bmw.version_id == "c33f162d-7758-4d39-96dd-c6e5901bdfcc"
    assert bmw.name == "- BMW First Class Membership"
    assert bmw.price.final == usd(1789)
    assert bmw.type is MembershipType.NON_RECURRING
    assert bmw.is_recurring is False
    assert bmw.billing_frequency is None  # payment_frequency ""
    assert bmw.recurring_amount is None
    assert bmw.benefits == ()


@pytest.mark.asyncio
async def test_the_benefits_of_a_page_go_to_the_membership_each_entry_names() -> None:
    published = sample("list-memberships-in-a-center.json")
    other = dict(published["memberships"][0], id="m-2", version_id="m-2", name="Second")
    entry = dict(published["benefits"]["classes"][1], membership_id="m-2")
    published["memberships"].append(other)
    published["benefits"]["workshops"] = [entry]
    published["page_info"] = {"total": 2, "page": 1, "size": 100}
    client, _ = client_serving(json.dumps(published).encode())
    async with client:
        catalog = await client.memberships("c-1")
    first, second = catalog.memberships
    assert len(first.benefits) == 4
    assert second.benefits == (
        Benefit(
            BenefitKind.WORKSHOP,
            "Yoga",
            category="Classes",
            quantity=125,
            expiration_days=0,
            peak_discount_percent=Decimal(0),
            off_peak_discount_percent=Decimal(0),
            post_credit_peak_discount_percent=Decimal(0),
            post_credit_off_peak_discount_percent=Decimal(0),
        ),
    )


@pytest.mark.asyncio
async def test_benefits_as_a_list_are_not_zenotis_shape_and_are_refused() -> None:
    published = sample("list-memberships-in-a-center.json")
    published["benefits"] = [{"membership_id": GUEST_PASS, "services": []}]
    client, _ = client_serving(json.dumps(published).encode())
    async with client:
        with pytest.raises(ZenotiError) as caught:
            await client.memberships("c-1")
    assert "benefits" in str(caught.value)


# -- centers and employees ------------------------------------------------------------------------
@pytest.mark.asyncio
async def test_the_published_center_sample_parses() -> None:
    client, seen = client_serving(sample_bytes("get-center.json"))
    async with client:
        center = await client.center("34f7b069-1bce-4f24-b9b2-f58ebbf768f0")
    assert seen[0].url.path == "/v1/centers/34f7b069-1bce-4f24-b9b2-f58ebbf768f0"
    assert center.id == "34f7b069-1bce-4f24-b9b2-f58ebbf768f0"
    assert center.name == "Zenoti Inc."
    assert center.code == "Z001"
    assert center.phone == "0000000000"
    assert center.email == "apisupport@zenoti.com"
    assert center.time_zone_id == 6
    assert center.currency_id == 148


@pytest.mark.asyncio
async def test_the_center_list_by_the_reference_table_parses() -> None:
    # No sample is published: list-centers.documented.json holds the fields of the reference's
    # CenterInfo table only. It has no phone, email, time_zone_id or currency_id: left unset.
    client, seen = client_serving(sample_bytes("list-centers.documented.json"))
    async with client:
        centers = await client.centers()
    assert (seen[0].method, seen[0].url.path) == ("GET", "/v1/centers")
    [center] = centers
    assert center.id == "34f7b069-1bce-4f24-b9b2-f58ebbf768f0"
    assert (center.code, center.name) == ("Z001", "Zenoti Inc.")
    assert (center.phone, center.email) == (None, None)
    assert (center.time_zone_id, center.currency_id) == (None, None)


@pytest.mark.asyncio
async def test_the_published_employee_sample_parses() -> None:
    client, seen = client_serving(sample_bytes("list-center-employees.json"))
    async with client:
        employees = await client.employees("c-1")
    assert len(seen) == 1  # five employees and no page_info: the first page is the last
    assert seen[0].url.params["page"] == "1"
    assert [e.name for e in employees] == [
        "Amy Brown",
        "proteam02 owner",
        "Proteam02_mgr mgr",
        "runscopeuser amrs01",
        "Simon Simu",
    ]
    amy = employees[0]
    assert (amy.id, amy.code, amy.first_name, amy.last_name, amy.job) == (
        "af14d51c-556a-419a-a6d7-eb7df7369041",
        "009",
        "Amy",
        "Brown",
        "THERAPIST",
    )
    assert employees[1].code == ""
    assert employees[4].job == "OWNER"


ERRORS = [
    ("list-center-employees.error-invalid-center.json", 502, "Invalid center_id.", ZenotiError),
    (
        "list-center-employees.error-not-authorized.json",
        438,
        "user does not have authorization.",
        ZenotiAuthError,
    ),
    (
        "list-center-employees.error-invalid-request.json",
        400,
        "The request is invalid.",
        ZenotiError,
    ),
]


@pytest.mark.asyncio
@pytest.mark.parametrize("status", [200, 400])
@pytest.mark.parametrize(("name", "code", "message", "kind"), ERRORS)
async def test_the_documented_employee_errors_are_typed_with_zenotis_code_and_message(
    name: str, code: int, message: str, kind: type[ZenotiError], status: int
) -> None:
    # The reference gives no HTTP status with these codes: in a 200 or a 400, the body decides.
    client, _ = client_serving(answer(sample_bytes(name), status=status))
    async with client:
        with pytest.raises(ZenotiError) as caught:
            await client.employees("c-1")
    assert type(caught.value) is kind
    assert caught.value.code == code
    assert caught.value.message == message
    assert caught.value.route == "GET /v1/centers/{center_id}/employees"


# -- tokens ---------------------------------------------------------------------------------------
class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def token_client(clock: Clock, *answers: bytes) -> tuple[ZenotiClient, list[httpx.Request]]:
    seen: list[httpx.Request] = []
    queue = list(answers)

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return answer(queue.pop(0) if len(queue) > 1 else queue[0])(request)

    published = sample("create-token-password.request.json")
    auth = EmployeeTokenAuth(
        published["account_name"],
        published["user_name"],
        published["password"],
        published["app_id"],
        published["app_secret"],
        published["device_id"],
        clock=clock,
    )
    client = ZenotiClient(
        "https://api.zenoti.test",
        auth,
        currency="USD",
        rate_budget=RateBudget(6000),
        transport=httpx.MockTransport(handler),
        max_retries=0,
        backoff=Backoff(base=0.0, cap=0.0),
    )
    return client, seen


@pytest.mark.asyncio
async def test_the_published_token_sample_logs_in_then_refreshes_after_its_expiry() -> None:
    token, center = sample_bytes("create-token-password.json"), sample_bytes("get-center.json")
    credentials = sample("create-token-password.json")["credentials"]
    clock = Clock(datetime(2022, 6, 8, 9, 0, tzinfo=UTC))  # the sample's token ends at 11:19:18
    # The refresh answer is served the password grant's sample: the reference lists the same
    # credentials for both grants and publishes no refresh sample of its own.
    client, seen = token_client(clock, token, center, center, token, center)
    async with client:
        await client.center("c-1")
        await client.center("c-1")
        clock.now = datetime(2022, 6, 8, 11, 19, 19, tzinfo=UTC)  # past access_token_expiry
        await client.center("c-1")
    assert [r.url.path for r in seen] == [
        "/v1/tokens",
        "/v1/centers/c-1",
        "/v1/centers/c-1",
        "/v1/tokens",
        "/v1/centers/c-1",
    ]
    # The password grant's body is the published request's, key for key and value for value.
    assert json.loads(seen[0].content) == sample("create-token-password.request.json")
    assert "authorization" not in seen[0].headers
    assert seen[1].headers["authorization"] == f"bearer {credentials['access_token']}"
    assert json.loads(seen[3].content) == {
        "refresh_token": credentials["refresh_token"],
        "grant_type": "refresh_token",
    }
    assert seen[4].headers["authorization"] == f"bearer {credentials['access_token']}"


@pytest.mark.asyncio
async def test_the_refresh_answer_by_the_reference_table_is_used_until_its_own_expiry() -> None:
    # refresh-token.documented.json: the refresh page's credentials table only, the password
    # sample's values with the expiries a day later.
    token, center = sample_bytes("create-token-password.json"), sample_bytes("get-center.json")
    refreshed = sample_bytes("refresh-token.documented.json")
    credentials = sample("refresh-token.documented.json")["credentials"]
    clock = Clock(datetime(2022, 6, 8, 9, 0, tzinfo=UTC))
    client, seen = token_client(clock, token, center, refreshed, center, center, refreshed, center)
    async with client:
        await client.center("c-1")
        clock.now = datetime(2022, 6, 8, 11, 19, 19, tzinfo=UTC)  # the password token is over
        await client.center("c-1")
        clock.now = datetime(2022, 6, 9, 10, 0, tzinfo=UTC)  # inside the refreshed token's day
        await client.center("c-1")
        clock.now = datetime(2022, 6, 9, 11, 19, 19, tzinfo=UTC)  # past its access_token_expiry
        await client.center("c-1")
    assert [r.url.path for r in seen] == [
        "/v1/tokens",
        "/v1/centers/c-1",
        "/v1/tokens",
        "/v1/centers/c-1",
        "/v1/centers/c-1",
        "/v1/tokens",
        "/v1/centers/c-1",
    ]
    assert json.loads(seen[2].content)["grant_type"] == "refresh_token"
    # the second refresh spends the refresh token the documented answer carried
    assert json.loads(seen[5].content) == {
        "refresh_token": credentials["refresh_token"],
        "grant_type": "refresh_token",
    }
    assert seen[3].headers["authorization"] == f"bearer {credentials['access_token']}"
