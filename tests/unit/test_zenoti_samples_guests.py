"""The guest routes read Zenoti's own published samples (tests/fixtures/zenoti/), byte for byte.

Each sample's source and what the reference leaves open is beside it in ``<sample>.source.md``.
Where Zenoti publishes no sample (a guest's memberships, the create request's body), the
``<slug>.documented.json`` fixtures assembled from the reference's field tables stand in.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from urllib.parse import parse_qs

import httpx
import pytest

from kiosk.domain.guest import Gender, NewGuest, Phone, SavedCard
from kiosk.domain.money import Money
from kiosk.zenoti import ZenotiError
from tests.support.zenoti_samples import (
    answer,
    client_serving,
    sample,
    sample_bytes,
    shape_differences,
)


def query(request: httpx.Request) -> dict[str, list[str]]:
    return parse_qs(request.url.query.decode())


# -- search ---------------------------------------------------------------------------------------
@pytest.mark.asyncio
async def test_the_search_sample_reads_as_one_guest() -> None:
    client, _ = client_serving(sample_bytes("search-guests.json"))
    async with client:
        (guest,) = await client.search_guests("center-1", phone="+91 77777-99988")
    assert guest.id == "A9996495-6BCD-415A-ADB1-052353D9EF9F"
    assert guest.code == ""
    assert guest.center_id == "b5ed4fbb-4c05-4195-b313-1320b620224b"
    assert (guest.first_name, guest.last_name) == ("simon", "simon")
    assert guest.email == "simon@simon.com"
    # mobile_phone, not work_phone or home_phone; country_code is Zenoti's country id (95 India)
    assert guest.phone == Phone(95, "7777799988")
    assert guest.gender is Gender.MALE
    assert guest.date_of_birth == date(1997, 8, 2)  # "1997-08-02T00:00:00"
    assert guest.receive_transactional_email is True


@pytest.mark.asyncio
async def test_search_sends_only_parameters_the_reference_names() -> None:
    client, seen = client_serving(sample_bytes("search-guests.json"))
    async with client:
        await client.search_guests("center-1", phone="+1 (718) 555-0142", last_name="Okafor")
    (request,) = seen
    assert request.url.path == "/v1/guests/search"
    assert query(request) == {
        "center_id": ["center-1"],
        "phone": ["17185550142"],
        "last_name": ["Okafor"],
        "page": ["1"],
        "size": ["10"],
    }
    documented = {"center_id", "first_name", "last_name", "zip_code", "phone", "tags"}
    documented |= {"user_name", "user_code", "email", "page", "size", "search_across_zone"}
    assert set(query(request)) <= documented


# -- one guest ------------------------------------------------------------------------------------
@pytest.mark.asyncio
async def test_the_guest_details_sample_reads_as_the_guest() -> None:
    client, seen = client_serving(sample_bytes("get-guest.json"))
    async with client:
        guest = await client.guest("4261fadb-f00c-4d3d-a9c4-898cbfc221dc")
    assert seen[0].url.path == "/v1/guests/4261fadb-f00c-4d3d-a9c4-898cbfc221dc"
    assert guest.id == "4261fadb-f00c-4d3d-a9c4-898cbfc221dc"
    assert (guest.first_name, guest.last_name) == ("John", "Leone")
    assert guest.email == "john.leone@gmail.com"
    assert guest.phone == Phone(225, "9104874674")
    assert guest.gender is Gender.MALE
    assert guest.date_of_birth == date(1997, 8, 2)
    assert guest.masked_name == "Jo** L."
    assert guest.masked_phone == "•••• 4674"


# -- create ---------------------------------------------------------------------------------------
@pytest.mark.asyncio
async def test_the_create_sample_reads_year_one_and_empty_text_as_unknown() -> None:
    client, _ = client_serving(sample_bytes("create-guest.json"))
    async with client:
        guest = await client.create_guest("center-1", NewGuest("abcd", "efgh"))
    assert guest.id == "7ffbeb62-efd0-435c-b98b-2475c311868b"
    assert guest.code == ""
    assert (guest.first_name, guest.last_name) == ("abcd", "efgh")
    assert guest.email is None  # "" in the sample
    assert guest.date_of_birth is None  # "0001-01-01T00:00:00" in the sample
    assert guest.phone == Phone(95, "7777788888")
    assert guest.gender is Gender.FEMALE
    assert guest.receive_transactional_email is False


async def create_guest_request() -> httpx.Request:
    """The one request the real client sends to create a guest with every detail it collects."""
    client, seen = client_serving(sample_bytes("create-guest.json"))
    new = NewGuest(
        "Ines",
        "Duval",
        email="ines@example.com",
        phone=Phone(225, "6465550100"),
        gender=Gender.FEMALE,
        date_of_birth=date(1991, 6, 30),
    )
    async with client:
        await client.create_guest("center-1", new)
    (request,) = seen
    return request


@pytest.mark.asyncio
async def test_the_create_body_uses_the_guest_objects_own_names() -> None:
    request = await create_guest_request()
    assert (request.method, request.url.path) == ("POST", "/v1/guests")
    sent = json.loads(request.content)
    assert sent == {
        "center_id": "center-1",
        "personal_info": {
            "first_name": "Ines",
            "last_name": "Duval",
            "gender": 0,
            "email": "ines@example.com",
            "mobile_phone": {"country_code": 225, "number": "6465550100"},
            "date_of_birth": "1991-06-30",
        },
        "preferences": {"receive_transactional_email": True},
    }
    # No request sample is published: every name sent is a name of Zenoti's guest object.
    guest_object = sample("create-guest.json")
    assert set(sent) - {"center_id"} <= set(guest_object)
    assert set(sent["personal_info"]) <= set(guest_object["personal_info"])
    assert set(sent["personal_info"]["mobile_phone"]) == set(
        guest_object["personal_info"]["mobile_phone"]
    )
    assert set(sent["preferences"]) <= set(guest_object["preferences"])


@pytest.mark.asyncio
async def test_the_create_body_has_the_shape_of_the_reference_table() -> None:
    request = await create_guest_request()
    sent = json.loads(request.content)
    assert (
        shape_differences(
            sent,
            sample("create-guest.request.documented.json"),
            # The page asks for "the available details along with the mandatory fields": the
            # kiosk collects none of these optional ones, so it leaves them out.
            absent=(
                "personal_info.user_name",
                "personal_info.middle_name",
                "personal_info.work_phone",
                "code",
                "address_info",
                "tags",
                "referral",
                "primary_employee",
            ),
            # Past the table's last readable row; both are names of the guest object in
            # create-guest.json (gender a number, date_of_birth a date), which the page says
            # the body is.
            extra=("personal_info.gender", "personal_info.date_of_birth"),
        )
        == []
    )
    assert type(sent["personal_info"]["gender"]) is type(
        sample("create-guest.json")["personal_info"]["gender"]
    )


# -- saved cards ----------------------------------------------------------------------------------
@pytest.mark.asyncio
async def test_the_saved_cards_sample_is_a_bare_list() -> None:
    client, seen = client_serving(sample_bytes("list-guest-saved-cards.json"))
    async with client:
        cards = await client.saved_cards("guest-1", "center-1")
    assert seen[0].url.path == "/v1/guests/guest-1/accounts"
    assert query(seen[0]) == {"center_id": ["center-1"]}
    assert cards == [
        SavedCard(
            account_id="11ADA4D4-5FC9-46D4-8CB6-B1C532DB4CC4",
            brand="visa",
            last_four="1234",
            expiry="12/25",
        )
    ]


# -- add a card -----------------------------------------------------------------------------------
ADD_CARD_TOKEN = "550e8400-e29b-41d4-a716-446655440124"
ADD_CARD_PAGE = (
    "https://secure-payment.zenoti.com/add-card?token=550e8400-e29b-41d4-a716-446655440124"
    "&redirect=https%3A%2F%2Fexample.com%2Fcard-added-success"
)


@pytest.mark.asyncio
@pytest.mark.parametrize("name", ["add-guest-card.json", "add-guest-card.documented.json"])
async def test_the_add_card_sample_and_table_read_as_the_hosted_page(name: str) -> None:
    # add-guest-card.json is the page's Success Response (with success and error);
    # add-guest-card.documented.json holds only the two fields of its Response Details table.
    client, _ = client_serving(sample_bytes(name))
    async with client:
        page = await client.start_add_card("guest-1", "center-1", "https://kiosk.example/back")
    assert (page.uri, page.token_id) == (ADD_CARD_PAGE, ADD_CARD_TOKEN)


@pytest.mark.asyncio
async def test_the_add_card_request_matches_the_reference_request() -> None:
    client, seen = client_serving(sample_bytes("add-guest-card.json"))
    async with client:
        await client.start_add_card("guest-1", "center-1", "https://kiosk.example/back")
    (request,) = seen
    assert (request.method, request.url.path) == ("POST", "/v1/guests/guest-1/accounts")
    sent = json.loads(request.content)
    assert sent == {
        "center_id": "center-1",
        "redirect_uri": "https://kiosk.example/back",
        "source": 1,  # WebStore, Zenoti's default; 5 is Mobile
    }
    reference = sample("add-guest-card.request.json")
    assert set(sent) <= set(reference)  # billing_info is only for businesses with AVS
    assert type(sent["source"]) is type(reference["source"])


@pytest.mark.parametrize(
    ("name", "code", "message"),
    [
        (
            "add-guest-card.error-cannot-replace-account.json",
            931,
            "CanNotReplacePaymentAccount error.",
        ),
        ("add-guest-card.error-avs-details.json", 932, "AVSDetailsError error."),
        ("add-guest-card.error-guest-not-found.json", 400, "Guest not found"),
    ],
)
@pytest.mark.parametrize("status", [200, 400])
@pytest.mark.asyncio
async def test_add_card_errors_carry_zenotis_code_and_message(
    name: str, code: int, message: str, status: int
) -> None:
    client, _ = client_serving(answer(sample_bytes(name), status))
    async with client:
        with pytest.raises(ZenotiError) as caught:
            await client.start_add_card("guest-1", "center-1", "https://kiosk.example/back")
    assert type(caught.value) is ZenotiError
    assert (caught.value.code, caught.value.message) == (code, message)
    assert caught.value.route == "POST /v1/guests/{guest_id}/accounts"
    assert caught.value.http_status == status


# -- a guest's memberships ------------------------------------------------------------------------
@pytest.mark.asyncio
async def test_a_guest_membership_by_the_reference_table_parses() -> None:
    # list-guest-memberships.documented.json: the reference table's fields only. Its membership
    # has only a type and its credit_balance no total: no membership id, no name, no balance.
    client, seen = client_serving(sample_bytes("list-guest-memberships.documented.json"))
    async with client:
        (owned,) = await client.guest_memberships("guest-1", "center-1")
    assert seen[0].url.path == "/v1/guests/guest-1/memberships"
    assert query(seen[0]) == {"center_id": ["center-1"]}  # mandatory with an API key
    assert owned.id == "c602e0d1-f9d2-4f37-809e-ceb882e59af4"
    assert owned.status == 1
    assert owned.is_active
    assert (owned.membership_id, owned.name) == (None, "")
    assert (owned.invoice_id, owned.receipt_number) == (
        "f86e948e-db35-4e33-9f39-4fe6cd4ed409",
        "BTSR522",
    )
    assert owned.expiry_date == date(2024, 12, 20)
    assert owned.next_collection_date == date(2021, 12, 24)
    assert owned.credit_balance is None


@pytest.mark.asyncio
async def test_a_guest_membership_reads_the_total_and_names_the_webhook_samples_show() -> None:
    # Zenoti's Guest.Membership.Created sample of the same object adds membership id, code and
    # name and credit_balance.total; the client reads them when they are there.
    published = sample("list-guest-memberships.documented.json")
    entry = published["guest_memberships"][0]
    entry["membership"] = {"code": "T", "type": 1, "id": "m-1", "name": "Test"}
    entry["credit_balance"]["total"] = 33.33
    entry["next_collection_date"] = None
    client, _ = client_serving(json.dumps(published).encode())
    async with client:
        (owned,) = await client.guest_memberships("guest-1", "center-1")
    assert (owned.membership_id, owned.name) == ("m-1", "Test")
    assert owned.next_collection_date is None
    assert owned.credit_balance == Money(Decimal("33.33"), "USD")
