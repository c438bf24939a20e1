"""Shapes Zenoti sends that the sandbox does not: legacy errors, page_Info, bare prices, strings."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from typing import Any

import httpx
import pytest

from kiosk.domain.catalog import BenefitKind, BillingFrequency, FrequencyUnit, MembershipType
from kiosk.domain.guest import Gender, Phone
from kiosk.domain.money import Money
from kiosk.zenoti import ApiKeyAuth, RateBudget, ZenotiClient, ZenotiError, ZenotiProtocolError
from kiosk.zenoti.envelope import Failure, failure_in
from kiosk.zenoti.schema.reader import Node, encode_json, parse_json


def usd(text: str) -> Money:
    return Money.of(text, "USD")


def serve(*bodies: Any) -> tuple[ZenotiClient, list[httpx.Request]]:
    """A client whose n-th call gets the n-th body."""
    seen: list[httpx.Request] = []
    queue = list(bodies)

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        body = queue.pop(0)
        content = body if isinstance(body, bytes) else json.dumps(body).encode()
        return httpx.Response(200, content=content, headers={"content-type": "application/json"})

    client = ZenotiClient(
        "https://zenoti.test",
        ApiKeyAuth("k"),
        currency="USD",
        rate_budget=RateBudget(6000),
        transport=httpx.MockTransport(handler),
    )
    return client, seen


# -- the envelope ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ({"error": None, "x": 1}, None),
        (
            {"error": {"code": 419, "message": "Full payment not made"}},
            Failure(419, "Full payment not made"),
        ),
        ({"error": {"code": "ERR_X", "message": "odd"}}, Failure("ERR_X", "odd")),
        ({"error": "Something broke"}, Failure(None, "Something broke")),
        ({"error": {}}, None),
        ({"error": {"code": None, "message": None}}, None),
        (
            {"Error": {"StatusCode": 418, "Message": "Invoice not found", "InternalMessage": "x"}},
            Failure(418, "Invoice not found"),
        ),
        (
            {"Error": {"StatusCode": "502", "Message": "", "InternalMessage": "Bad center"}},
            Failure(502, "Bad center"),
        ),
        ({"Error": {"StatusCode": 200, "Message": ""}}, None),
        (  # close-an-invoice: the legacy fields under a lower-case "error"
            {"error": {"StatusCode": 419, "Message": "Full Payment of invoice is not made."}},
            Failure(419, "Full Payment of invoice is not made."),
        ),
        (
            {"error": {"StatusCode": 200, "Message": ""}, "success": False},
            Failure(None, "success: false"),
        ),
        ({"Error": None, "success": True}, None),
        ({"success": False}, Failure(None, "success: false")),
        ({"success": "false"}, Failure(None, "success: false")),
        ({"success": False, "error": {"code": 502, "message": "alone"}}, Failure(502, "alone")),
        ([{"error": {"code": 1}}], None),
        ("text", None),
    ],
)
def test_failure_in_any_body(body: object, expected: Failure | None) -> None:
    assert failure_in(body) == expected


@pytest.mark.asyncio
async def test_a_legacy_error_inside_200_is_raised() -> None:
    client, _ = serve(
        {"Error": {"StatusCode": 460, "Message": "Payment already made", "InternalMessage": ""}}
    )
    async with client:
        with pytest.raises(ZenotiError) as caught:
            await client.invoice("i")
    assert (caught.value.code, caught.value.http_status) == (460, 200)


# -- JSON and fields ------------------------------------------------------------------------------
def test_json_numbers_are_decimals_and_nan_is_refused() -> None:
    assert parse_json(b'{"a": 96.12}') == {"a": Decimal("96.12")}
    for bad in (b"NaN", b"[Infinity]", b"[" * 100_000, b"\xff\xfe"):
        with pytest.raises(ValueError):  # noqa: PT011 - each bad input has its own message
            parse_json(bad)


def test_a_wrong_field_names_its_dotted_path() -> None:
    node = Node({"invoice": {"invoice_dues": {"balance": "lots"}}}, "GET /v1/invoices/{invoice_id}")
    with pytest.raises(ZenotiProtocolError) as caught:
        node.child("invoice").child("invoice_dues").decimal("balance")
    assert caught.value.field == "invoice.invoice_dues.balance"
    assert caught.value.route == "GET /v1/invoices/{invoice_id}"


def test_encode_json_writes_decimals_exactly() -> None:
    assert encode_json({"a": Decimal("0.10"), "b": [None, True, 3, "é"]}) == (
        b'{"a":0.10,"b":[null,true,3,"\\u00e9"]}'
    )
    with pytest.raises(TypeError):
        encode_json({"a": 1.5})


# -- the catalogue --------------------------------------------------------------------------------
MEMBERSHIP = {
    "id": "m1",
    "version_id": "v1",
    "name": "Gold",
    "display_name": "Gold Monthly",
    "code": "GOLD",
    "price": "49.50",  # a bare number, as a string
    "show_price": "true",
    "image_paths": {"small": "https://img/s.png", "large": None},
    "is_recurring_membership": 1,
    "membership_type": "1",
    "payment_frequency": "1 Months",
    "first_collection_after": "30",
    "terms_and_conditions": None,
    "terms_and_conditions_acceptance": True,
}


@pytest.mark.asyncio
async def test_catalogue_with_page_Info_bare_prices_string_numbers_and_null_lists() -> None:
    page1 = {
        "memberships": [MEMBERSHIP, {**MEMBERSHIP, "id": "m2", "price": 10, "membership_type": 0}],
        # Zenoti's shape: one object for the page, each entry naming its membership_id.
        "benefits": {
            "services": [
                {
                    "membership_id": "m1",
                    "category": {"id": None, "name": None},
                    "parent": {"name": "Massage"},
                    "quantity": "2",
                    "allowed_quantity_in_frequency": "1",
                    "frequency": "1 Months",  # not a number: read as no frequency
                    "frequency_mode": "3",
                }
            ],
            "classes": None,
            "workshops": [],
            "products": None,
            "discounts": {
                "services": [
                    {
                        "membership_id": "m1",
                        "category": {"name": "Facials"},
                        "is_category": "true",
                        "peak_discount": "15",
                        "off_peak_discount": 20.5,
                        "post_credit_consumption_peak_discount": None,
                    }
                ],
                "classes": None,
            },
        },
        "page_Info": {"total": "3", "page": 1, "size": 100},
    }
    page2 = {
        "memberships": [
            {**MEMBERSHIP, "id": "m3", "price": {"sales": 100, "tax": "8.25", "final": "108.25"}}
        ],
        "benefits": None,
        "page_Info": {"total": 3, "page": 2, "size": 100},
    }
    client, seen = serve(page1, page2)
    async with client:
        catalog = await client.memberships("c1")
    assert [m.id for m in catalog] == ["m1", "m2", "m3"]
    assert [r.url.params["page"] for r in seen] == ["1", "2"]
    assert seen[0].url.params["size"] == "100"
    assert seen[0].url.params["show_in_catalog"] == "true"
    gold = catalog.by_id("m1")
    assert gold is not None
    assert gold.price.final == usd("49.50")
    assert gold.price.sales == usd("49.50")
    assert gold.price.tax == Money.zero("USD")
    assert gold.type is MembershipType.RECURRING
    assert gold.is_recurring
    assert gold.billing_frequency == BillingFrequency(1, FrequencyUnit.MONTH)
    assert gold.first_collection_after_days == 30
    assert gold.images == {"small": "https://img/s.png"}
    assert gold.terms == ""
    assert gold.terms_acceptance_required
    (massage,) = gold.benefits_of(BenefitKind.SERVICE)
    assert (massage.name, massage.quantity) == ("Massage", 2)  # no category name: the parent's
    assert (massage.allowed_per_period, massage.frequency, massage.frequency_mode) == (1, None, 3)
    assert massage.has_period_limit
    (facials,) = gold.discounts
    assert facials.name == "Facials"
    assert facials.is_category
    assert facials.post_credit_peak_discount_percent is None
    assert facials.kind is BenefitKind.SERVICE_DISCOUNT
    assert facials.peak_discount_percent == Decimal(15)
    assert facials.off_peak_discount_percent == Decimal("20.5")
    m3 = catalog.by_id("m3")
    assert m3 is not None
    assert m3.price.tax == usd("8.25")
    assert m3.price.final == usd("108.25")
    assert catalog.by_id("m2") is not None
    assert catalog.by_id("m2").benefits == ()  # type: ignore[union-attr]


@pytest.mark.asyncio
async def test_an_unknown_membership_type_names_the_field() -> None:
    client, _ = serve({"memberships": [{**MEMBERSHIP, "membership_type": 9}]})
    async with client:
        with pytest.raises(ZenotiProtocolError) as caught:
            await client.memberships("c1")
    assert caught.value.field == "memberships[0].membership_type"


@pytest.mark.asyncio
async def test_without_page_info_a_short_page_is_the_last() -> None:
    client, seen = serve({"employees": [{"id": "e1", "personal_info": {"name": "Kiosk"}}]})
    async with client:
        (kiosk,) = await client.employees("c1")
    assert len(seen) == 1
    assert kiosk.first_name == "Kiosk"


# -- guests ---------------------------------------------------------------------------------------
GUEST = {
    "id": "g1",
    "code": 1001,
    "center_id": "c1",
    "personal_info": {
        "first_name": "Jane",
        "last_name": "Doe",
        "email": "",
        "mobile_phone": {"country_code": "225", "number": "+1 (555) 123-4567"},
        "gender": "0",
        "date_of_birth": "1990-05-01T00:00:00",
    },
    "preferences": {"receive_transactional_email": "true"},
}


@pytest.mark.asyncio
async def test_a_guest_wrapped_or_bare_with_numbers_as_strings() -> None:
    client, _ = serve({"guest": GUEST}, GUEST)
    async with client:
        wrapped = await client.guest("g1")
        bare = await client.guest("g1")
    assert wrapped == bare
    assert bare.code == "1001"
    assert bare.email is None
    assert bare.phone == Phone(225, "15551234567")
    assert bare.gender is Gender.FEMALE
    assert bare.date_of_birth == date(1990, 5, 1)
    assert bare.receive_transactional_email


@pytest.mark.asyncio
async def test_saved_cards_as_a_bare_list_or_wrapped() -> None:
    card = {"account_id": "a1", "card_logo": "visa", "last_four": 4242, "expiry_on": "12/29"}
    client, _ = serve([card], {"accounts": [card]}, {"accounts": None})
    async with client:
        bare = await client.saved_cards("g1", "c1")
        wrapped = await client.saved_cards("g1", "c1")
        none = await client.saved_cards("g1", "c1")
    assert bare == wrapped
    assert bare[0].last_four == "4242"
    assert none == []


@pytest.mark.asyncio
async def test_guest_memberships_with_a_bare_credit_balance_and_year_one_dates() -> None:
    # Zenoti documents credit_balance as an object and unknown dates as year 1; the older
    # reading (a bare amount, null dates) is still understood.
    entry = {"user_membership_id": "u1", "status": "1", "membership": {"id": "m1", "name": "Gold"}}
    client, _ = serve(
        {"guest_memberships": [{**entry, "credit_balance": "12.50", "expiry_date": None}]},
        {
            "guest_memberships": [
                {
                    **entry,
                    "credit_balance": {"total": "12.50", "service": 12.5, "comments": None},
                    "expiry_date": "0001-01-01T00:00:00",
                    "next_collection_date": "2025-02-01T00:00:00",
                }
            ]
        },
    )
    async with client:
        (old,) = await client.guest_memberships("g1", "c1")
        (new,) = await client.guest_memberships("g1", "c1")
    assert old.credit_balance == new.credit_balance == usd("12.50")
    assert old.expiry_date is None
    assert new.expiry_date is None
    assert new.next_collection_date == date(2025, 2, 1)


# -- invoices -------------------------------------------------------------------------------------
@pytest.mark.asyncio
async def test_an_invoice_with_string_amounts_and_null_lists() -> None:
    invoice = {
        "invoice": {
            "id": "i1",
            "invoice_number": 1001,
            "receipt_number": "",
            "is_closed": "false",
            "invoice_date": "2025-01-01T10:00:00",
            "invoice_dues": {"total": "96.12", "paid": None, "balance": "96.12"},
            "total_price": {
                "net_price": "89",
                "tax": "7.12",
                "rounding_adjustment": None,
                "sum_total": "96.12",
            },
            "invoice_items": None,
            "transactions": None,
        },
        "error": None,
    }
    client, _ = serve(invoice)
    async with client:
        found = await client.invoice("i1")
    assert found.number == "1001"
    assert found.receipt_number is None
    assert not found.is_closed
    assert found.items == ()
    assert found.transactions == ()
    assert found.dues.balance == usd("96.12")
    assert found.dues.paid == Money.zero("USD")
    assert found.totals.rounding == Money.zero("USD")
    assert not found.is_fully_paid


@pytest.mark.asyncio
async def test_online_payment_with_a_saved_card_has_no_page() -> None:
    client, seen = serve(
        {"success": True, "error": None},
        {"success": True, "hosted_payment_uri": "https://pay/x", "token_id": "t"},
    )
    async with client:
        assert (
            await client.start_online_payment("i1", "c1", "https://back", account_id="a1") is None
        )
        page = await client.start_online_payment("i1", "c1", "https://back")
    assert page is not None
    assert page.uri == "https://pay/x"
    assert b'"account_id":"a1"' in seen[0].content
    assert b"account_id" not in seen[1].content


@pytest.mark.asyncio
async def test_a_transaction_whose_additional_data_is_an_object_keeps_it_as_json_text() -> None:
    invoice = {
        "invoice": {
            "id": "i1",
            "invoice_dues": {"total": 5, "paid": 5, "balance": 0},
            "total_price": {"sum_total": 5},
            "transactions": [
                {
                    "payment_option": {"additional_data": {"token_id": "t-1", "n": 1.5}},
                    "total_amount_paid": 5,
                },
                {
                    "payment_option": {"additional_data": "pi_1"},
                    "total_amount_paid": "0",
                    "tip_amount": None,
                },
            ],
        }
    }
    client, _ = serve(invoice)
    async with client:
        found = await client.invoice("i1")
    assert found.transactions[0].additional_data == '{"token_id":"t-1","n":1.5}'
    assert found.transaction_with_reference("pi_1") is found.transactions[1]
    assert found.transactions[0].amount_paid == usd("5")
    assert found.is_fully_paid
